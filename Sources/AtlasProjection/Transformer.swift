import AtlasGeometry
internal import CPROJ

/// A PROJ failure: the operation, PROJ's error text and the CRS pair involved.
public struct ProjectionError: Error, CustomStringConvertible {
  public var operation: String
  public var message: String
  public var description: String { "PROJ \(operation): \(message)" }
}

/// A PROJ coordinate operation between two CRSs known only at run time (the CRS an input file
/// declares), on raw coordinate arrays, with traditional GIS axis order (longitude/easting
/// first) on both sides (`proj_normalize_for_visualization`). Where both spaces are known at
/// compile time, use `Transformer<Source, Target>`, which cannot be handed positions of
/// another space.
///
/// Owns a `PJ_CONTEXT` and a `PJ`, released in `deinit`. Not thread-safe: use one per thread
/// (`copy()` makes another for the same operation).
public final class CoordinateOperation {
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

  /// Another operation between the same CRSs, for another thread.
  public func copy() throws -> CoordinateOperation { try CoordinateOperation(from: source, to: target) }

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

  /// Transforms positions in place. A position PROJ cannot transform (outside the operation's
  /// domain, NaN) becomes (∞, ∞): bad positions are data, for the caller to reject by row.
  ///
  /// - Complexity: O(n), one `proj_trans_generic` call.
  /// - Throws: `ProjectionError` with PROJ's message if the call as a whole fails
  ///   (`proj_trans_generic` returns how many positions it processed: fewer than n).
  public func transform(xs: inout [Double], ys: inout [Double]) throws {
    precondition(xs.count == ys.count, "xs and ys must have the same length")
    let n = xs.count
    guard n > 0 else { return }
    proj_errno_reset(operation)
    let done = xs.withUnsafeMutableBufferPointer { x in
      ys.withUnsafeMutableBufferPointer { y in
        proj_trans_generic(
          operation, PJ_FWD,
          x.baseAddress, MemoryLayout<Double>.stride, n,
          y.baseAddress, MemoryLayout<Double>.stride, n,
          nil, 0, 0, nil, 0, 0)
      }
    }
    guard done == n else {
      let code = proj_errno(operation)
      let message = code == 0 ? "no error code" : proj_context_errno_string(context, code).map { String(cString: $0) } ?? "error \(code)"
      throw ProjectionError(operation: "proj_trans_generic \(source) → \(target)", message: "transformed \(done) of \(n) positions: \(message)")
    }
  }

  /// One position; (∞, ∞) if PROJ cannot transform it.
  public func transform(x: Double, y: Double) throws -> (x: Double, y: Double) {
    var xs = [x]
    var ys = [y]
    try transform(xs: &xs, ys: &ys)
    return (xs[0], ys[0])
  }
}

/// A coordinate operation between two coordinate spaces known at compile time: positions,
/// polygons and layers of `Source` in, of `Target` out, so that a position of another space
/// does not compile. The CRSs are `Source.crs` and `Target.crs`.
///
/// Owns one `CoordinateOperation`. Not thread-safe: use one per thread (`copy()`).
public final class Transformer<Source: CoordinateSpace, Target: CoordinateSpace> {
  /// The PROJ operation from `Source.crs` to `Target.crs`.
  public let operation: CoordinateOperation

  /// - Throws: `ProjectionError` if PROJ knows no operation between the two spaces' CRSs.
  public init() throws {
    operation = try CoordinateOperation(from: Source.crs, to: Target.crs)
  }

  /// Another transformer for the same operation, for another thread.
  public func copy() throws -> Transformer { try Transformer() }

  /// PROJ's description of the operation it chose (see `CoordinateOperation`).
  public var operationDescription: String { operation.operationDescription }

  /// One position; (∞, ∞) if PROJ cannot transform it.
  public func transform(_ position: Position<Source>, to: Target.Type = Target.self) throws -> Position<Target> {
    let p = try operation.transform(x: position.x, y: position.y)
    return Position(x: p.x, y: p.y)
  }

  /// Positions carried to the target space (one batch call).
  public func transform(_ positions: [Position<Source>], to: Target.Type = Target.self) throws -> [Position<Target>] {
    var xs = positions.map(\.x)
    var ys = positions.map(\.y)
    try operation.transform(xs: &xs, ys: &ys)
    return zip(xs, ys).map { Position(x: $0, y: $1) }
  }

  /// A layer's polygons carried to the target space, vertex by vertex (one batch call).
  public func transform(_ layer: Layer<Source>, to: Target.Type = Target.self) throws -> Layer<Target> {
    var xs: [Double] = []
    var ys: [Double] = []
    for area in layer.areas {
      for polygon in area.polygons {
        for ring in polygon.rings {
          for p in ring.positions {
            xs.append(p.x)
            ys.append(p.y)
          }
        }
      }
    }
    try operation.transform(xs: &xs, ys: &ys)
    var k = 0
    func ring(_ r: Ring<Source>) -> Ring<Target> {
      defer { k += r.positions.count }
      return Ring((0..<r.positions.count).map { Position(x: xs[k + $0], y: ys[k + $0]) })
    }
    let areas = layer.areas.map { area in
      Area<Target>(
        id: area.id, name: area.name,
        polygons: area.polygons.map { polygon in
          let exterior = ring(polygon.exterior)
          return Polygon(exterior: exterior, holes: polygon.holes.map(ring))
        })
    }
    return Layer(id: layer.id, areas: areas, featureCount: layer.featureCount)
  }
}

extension CoordinateOperation {
  /// A polygon whose coordinates are in this operation's source CRS, carried to `T`, whose
  /// CRS must be the operation's target: for coordinates whose CRS is known only at run time
  /// (a file's own), held in a placeholder space until reprojected.
  ///
  /// - Throws: `ProjectionError` if `T.crs` is not the operation's target, or as
  ///   `transform(xs:ys:)`.
  public func transform<S, T>(_ polygon: Polygon<S>, to: T.Type = T.self) throws -> Polygon<T> {
    guard T.crs == target else {
      throw ProjectionError(operation: "transform \(source) → \(target)", message: "asked for positions in \(T.crs), not the operation's target")
    }
    var xs: [Double] = []
    var ys: [Double] = []
    for ring in polygon.rings {
      for p in ring.positions {
        xs.append(p.x)
        ys.append(p.y)
      }
    }
    try transform(xs: &xs, ys: &ys)
    var k = 0
    func ring(_ r: Ring<S>) -> Ring<T> {
      defer { k += r.positions.count }
      return Ring((0..<r.positions.count).map { Position(x: xs[k + $0], y: ys[k + $0]) })
    }
    let exterior = ring(polygon.exterior)
    return Polygon(exterior: exterior, holes: polygon.holes.map(ring))
  }
}
