internal import CPROJ
import AtlasGeometry

/// A PROJ failure: the operation, PROJ's error text and the CRS pair involved.
public struct ProjectionError: Error, CustomStringConvertible {
  public var operation: String
  public var message: String
  public var description: String { "PROJ \(operation): \(message)" }
}

/// A coordinate operation from one CRS to another, with traditional GIS axis order
/// (longitude/easting first) on both sides (`proj_normalize_for_visualization`).
///
/// Owns a `PJ_CONTEXT` and a `PJ`, released in `deinit`. Not thread-safe: use one per thread
/// (`copy()` makes another for the same operation).
public final class Transformer {
  public let source: CRS
  public let target: CRS
  private let context: OpaquePointer
  private let operation: OpaquePointer

  /// - Throws: `ProjectionError` if PROJ knows no operation between the two CRSs.
  public init(from source: CRS, to target: CRS) throws {
    self.source = source
    self.target = target
    guard let context = proj_context_create() else {
      throw ProjectionError(operation: "context", message: "proj_context_create returned NULL")
    }
    self.context = context
    guard let raw = proj_create_crs_to_crs(context, source.description, target.description, nil) else {
      let message = Self.errorText(context)
      proj_context_destroy(context)
      throw ProjectionError(operation: "create \(source) → \(target)", message: message)
    }
    guard let normalized = proj_normalize_for_visualization(context, raw) else {
      let message = Self.errorText(context)
      proj_destroy(raw)
      proj_context_destroy(context)
      throw ProjectionError(operation: "normalize \(source) → \(target)", message: message)
    }
    proj_destroy(raw)
    self.operation = normalized
  }

  /// Another transformer for the same operation, for another thread.
  public func copy() throws -> Transformer { try Transformer(from: source, to: target) }

  deinit {
    proj_destroy(operation)
    proj_context_destroy(context)
  }

  private static func errorText(_ context: OpaquePointer) -> String {
    let code = proj_context_errno(context)
    guard code != 0, let text = proj_context_errno_string(context, code) else { return "no operation found" }
    return String(cString: text)
  }

  /// PROJ's description of the operation it chose (recorded in run manifests: the choice
  /// depends on the grids installed and can move results by metres).
  public var operationDescription: String {
    let info = proj_pj_info(operation)
    let definition = info.definition.map { String(cString: $0) } ?? ""
    let description = info.description.map { String(cString: $0) } ?? ""
    return description.isEmpty ? definition : "\(description) (\(definition))"
  }

  /// Transforms positions in place. A position PROJ cannot transform becomes (∞, ∞).
  ///
  /// - Complexity: O(n), one `proj_trans_generic` call.
  public func transform(xs: inout [Double], ys: inout [Double]) {
    precondition(xs.count == ys.count, "xs and ys must have the same length")
    let n = xs.count
    guard n > 0 else { return }
    xs.withUnsafeMutableBufferPointer { x in
      ys.withUnsafeMutableBufferPointer { y in
        _ = proj_trans_generic(
          operation, PJ_FWD,
          x.baseAddress, MemoryLayout<Double>.stride, n,
          y.baseAddress, MemoryLayout<Double>.stride, n,
          nil, 0, 0, nil, 0, 0)
      }
    }
  }

  /// One position.
  public func transform<S, T>(_ position: Position<S>, to: T.Type = T.self) -> Position<T> {
    var xs = [position.x], ys = [position.y]
    transform(xs: &xs, ys: &ys)
    return Position(x: xs[0], y: ys[0])
  }
}

extension Transformer {
  /// A layer's polygons carried to another space, vertex by vertex (one batch call).
  public func transform<S, T>(_ layer: Layer<S>, to: T.Type = T.self) -> Layer<T> {
    var xs: [Double] = [], ys: [Double] = []
    for area in layer.areas { for polygon in area.polygons { for ring in polygon.rings { for p in ring.positions {
      xs.append(p.x)
      ys.append(p.y)
    } } } }
    transform(xs: &xs, ys: &ys)
    var k = 0
    func ring(_ r: Ring<S>) -> Ring<T> {
      defer { k += r.positions.count }
      return Ring((0..<r.positions.count).map { Position(x: xs[k + $0], y: ys[k + $0]) })
    }
    let areas = layer.areas.map { area in
      Area<T>(id: area.id, name: area.name, polygons: area.polygons.map { polygon in
        let exterior = ring(polygon.exterior)
        return Polygon(exterior: exterior, holes: polygon.holes.map(ring))
      })
    }
    return Layer(id: layer.id, areas: areas, featureCount: layer.featureCount)
  }

  /// Positions carried to another space.
  public func transform<S, T>(_ positions: [Position<S>], to: T.Type = T.self) -> [Position<T>] {
    var xs = positions.map(\.x), ys = positions.map(\.y)
    transform(xs: &xs, ys: &ys)
    return zip(xs, ys).map { Position(x: $0, y: $1) }
  }
}
