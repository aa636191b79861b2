import AtlasGeometry
import AtlasIO
import AtlasSpatial
import Foundation

/// What a data directory holds for one registered layer.
public struct BoundaryStatus: Sendable {
  public enum State: Sendable, Equatable {
    case missing
    case invalid(String)
    case valid(areas: Int, features: Int)
  }

  public var state: State
  /// Whether the file is byte-identical to the verified copy.
  public var sha256Matches: Bool
  public var repairs: [ValidityRepair]

  public var isUsable: Bool { if case .valid = state { return true } else { return false } }

  public var summary: String {
    switch state {
    case .missing: return "MISSING"
    case .invalid(let reason): return "INVALID: \(reason)"
    case .valid(let areas, let features):
      let polygons = repairs.isEmpty ? "all polygons valid" : "\(repairs.count) area(s) repaired"
      let digest = sha256Matches ? "sha256 verified" : "sha256 differs from the verified copy (counts match)"
      return "ok: \(areas) areas from \(features) features, \(polygons), \(digest)"
    }
  }

  /// Reads, counts and validates one layer.
  public static func check(_ spec: BoundaryManifest.LayerSpec, in data: DataDirectory) -> BoundaryStatus {
    guard data.contains(spec) else { return BoundaryStatus(state: .missing, sha256Matches: false, repairs: []) }
    let digest = (try? sha256Hex(ofFile: data.file(spec.path).path)) ?? ""
    do {
      let layer = try data.loadBoundaryLayer(spec)
      let (_, repairs) = try LayerValidation.validated(layer)
      return BoundaryStatus(
        state: .valid(areas: layer.areas.count, features: layer.featureCount), sha256Matches: digest == spec.sha256, repairs: repairs)
    } catch {
      return BoundaryStatus(state: .invalid("\(error)"), sha256Matches: digest == spec.sha256, repairs: [])
    }
  }
}
