import AtlasGeometry
import Foundation

/// Errors finding or reading the data directory and its boundary files.
public enum DataDirectoryError: Error, CustomStringConvertible, Equatable {
  case notConfigured
  case missingDirectory(String)
  case unknownLayer(String, known: [String])
  case missingFile(layer: String, path: String)
  case unreadable(path: String, reason: String)
  case countMismatch(layer: String, what: String, expected: Int, found: Int)

  public var description: String {
    switch self {
    case .notConfigured:
      return "no data directory: pass --data DIR or set EQUITY_ATLAS_DATA (see `equity-atlas boundaries fetch --help`)"
    case .missingDirectory(let path):
      return "data directory \(path) does not exist"
    case .unknownLayer(let id, let known):
      return "unknown layer '\(id)'; known layers: \(known.joined(separator: ", "))"
    case .missingFile(let layer, let path):
      return "layer \(layer): \(path) is missing (run `equity-atlas boundaries fetch`)"
    case .unreadable(let path, let reason):
      return "\(path): \(reason)"
    case .countMismatch(let layer, let what, let expected, let found):
      return "layer \(layer): expected \(expected) \(what), found \(found)"
    }
  }
}

/// The directory holding boundary files (and census and point data) laid out as the manifest
/// says: `--data DIR`, else `$EQUITY_ATLAS_DATA`.
public struct DataDirectory: Sendable {
  public static let environmentVariable = "EQUITY_ATLAS_DATA"
  public var url: URL

  public init(url: URL) { self.url = url }

  /// Resolves the data directory from an explicit path or the environment.
  ///
  /// - Throws: `DataDirectoryError.notConfigured` or `.missingDirectory`.
  public static func resolve(_ explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DataDirectory {
    guard let path = explicit ?? environment[environmentVariable], !path.isEmpty else { throw DataDirectoryError.notConfigured }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw DataDirectoryError.missingDirectory(path)
    }
    return DataDirectory(url: URL(fileURLWithPath: path, isDirectory: true))
  }

  public func file(_ relativePath: String) -> URL { url.appendingPathComponent(relativePath) }

  public func contains(_ spec: BoundaryManifest.LayerSpec) -> Bool {
    FileManager.default.fileExists(atPath: file(spec.path).path)
  }

  /// Reads a layer and checks its feature and area counts against the manifest.
  ///
  /// - Throws: `DataDirectoryError` for a missing, unreadable or miscounted file.
  public func loadLayer(_ spec: BoundaryManifest.LayerSpec) throws -> Layer<WGS84LonLat> {
    let fileURL = file(spec.path)
    guard FileManager.default.fileExists(atPath: fileURL.path) else {
      throw DataDirectoryError.missingFile(layer: spec.id, path: fileURL.path)
    }
    let bytes: [UInt8]
    do { bytes = Array(try Data(contentsOf: fileURL)) } catch {
      throw DataDirectoryError.unreadable(path: fileURL.path, reason: error.localizedDescription)
    }
    let features: [Feature<WGS84LonLat>]
    do { features = try GeoJSON.readFeatures(bytes, in: WGS84LonLat.self) } catch {
      throw DataDirectoryError.unreadable(path: fileURL.path, reason: error.description)
    }
    return try layer(spec, features: features)
  }

  /// The layer of `spec` made of `features` (read from `spec.path` in any format), its feature
  /// and area counts checked against the manifest.
  ///
  /// - Throws: `DataDirectoryError` for a feature without an id or a miscounted file.
  public func layer(_ spec: BoundaryManifest.LayerSpec, features: [Feature<WGS84LonLat>]) throws -> Layer<WGS84LonLat> {
    let layer: Layer<WGS84LonLat>
    do { layer = try Layer(id: spec.id, features: features, idProperty: spec.idProperty, nameProperty: spec.nameProperty) } catch {
      throw DataDirectoryError.unreadable(path: file(spec.path).path, reason: error.description)
    }
    guard layer.featureCount == spec.features else {
      throw DataDirectoryError.countMismatch(layer: spec.id, what: "features", expected: spec.features, found: layer.featureCount)
    }
    guard layer.areas.count == spec.areas else {
      throw DataDirectoryError.countMismatch(layer: spec.id, what: "distinct areas", expected: spec.areas, found: layer.areas.count)
    }
    return layer
  }
}
