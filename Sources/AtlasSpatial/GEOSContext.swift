import AtlasGeometry
internal import CGEOS

/// A failure inside GEOS: the operation, GEOS's own message and what was being processed.
public struct GEOSError: Error, CustomStringConvertible {
  public var operation: String
  public var message: String
  public var input: String
  public var description: String { "GEOS \(operation) failed on \(input): \(message)" }
}

/// One GEOS context handle (GEOS is re-entrant per context, not thread-safe across one).
///
/// Owns the handle and finishes it in `deinit`. Installs GEOS's error and notice handlers and
/// keeps the last message of each; every call goes through one of the funnels below
/// (`pointer`, `status`, `predicate`, `count`), which clear the messages first and turn GEOS's
/// exception result into a `GEOSError` carrying GEOS's message. Geometries made in a context
/// are owned by `OwnedGeometry` / `PreparedGeometry`, which keep the context alive. Use one
/// instance per thread.
final class GEOSContext {
  let handle: GEOSContextHandle_t
  private let messages: MessageBox

  /// What GEOS's handlers last reported, since the current call began.
  final class MessageBox {
    var lastError = ""
    var lastNotice = ""
  }

  /// - Throws: `GEOSError` if GEOS cannot allocate a context.
  init() throws {
    // GEOS_init_r: a new handle, or NULL when out of memory.
    guard let handle = GEOS_init_r() else {
      throw GEOSError(operation: "GEOS_init_r", message: "returned NULL (out of memory)", input: "a new context")
    }
    self.handle = handle
    self.messages = MessageBox()
    // The handlers receive the box as user data; the box lives as long as the context.
    let box = Unmanaged.passUnretained(messages).toOpaque()
    GEOSContext_setErrorMessageHandler_r(
      handle,
      { message, userData in
        guard let message, let userData else { return }
        Unmanaged<MessageBox>.fromOpaque(userData).takeUnretainedValue().lastError = String(cString: message)
      }, box)
    GEOSContext_setNoticeMessageHandler_r(
      handle,
      { message, userData in
        guard let message, let userData else { return }
        Unmanaged<MessageBox>.fromOpaque(userData).takeUnretainedValue().lastNotice = String(cString: message)
      }, box)
  }

  deinit { GEOS_finish_r(handle) }

  /// The error for a failed call: GEOS's error message (or, without one, its last notice).
  func error(_ operation: String, _ input: String) -> GEOSError {
    let message =
      !messages.lastError.isEmpty
      ? messages.lastError
      : !messages.lastNotice.isEmpty ? "no error message; last notice: \(messages.lastNotice)" : "unknown error (GEOS gave no message)"
    return GEOSError(operation: operation, message: message, input: input)
  }

  private func clear() {
    if !messages.lastError.isEmpty { messages.lastError = "" }
    if !messages.lastNotice.isEmpty { messages.lastNotice = "" }
  }

  // MARK: The funnels: one per GEOS return convention

  /// A call returning a pointer, NULL on exception.
  func pointer<T>(_ operation: String, _ input: @autoclosure () -> String, _ call: (GEOSContextHandle_t) -> T?) throws -> T {
    clear()
    guard let result = call(handle) else { throw error(operation, input()) }
    return result
  }

  /// A call returning 1 on success and 0 on exception (GEOSArea_r, GEOSDistance_r, …).
  func status(_ operation: String, _ input: @autoclosure () -> String, _ call: (GEOSContextHandle_t) -> Int32) throws {
    clear()
    guard call(handle) == 1 else { throw error(operation, input()) }
  }

  /// A predicate returning 1 (true), 0 (false) or 2 (exception).
  func predicate(_ operation: String, _ input: @autoclosure () -> String, _ call: (GEOSContextHandle_t) -> CChar) throws -> Bool {
    clear()
    switch call(handle) {
    case 1: return true
    case 0: return false
    default: throw error(operation, input())
    }
  }

  /// A call returning a count or type id, −1 on exception.
  func count(_ operation: String, _ input: @autoclosure () -> String, _ call: (GEOSContextHandle_t) -> Int32) throws -> Int32 {
    clear()
    let result = call(handle)
    guard result >= 0 else { throw error(operation, input()) }
    return result
  }

  // MARK: Conversion

  /// A GEOS polygon, or multipolygon of several, owned by the result.
  ///
  /// - Throws: `GEOSError` naming `input` when GEOS cannot build a part.
  func geometry<Space>(_ polygons: [Polygon<Space>], _ input: @autoclosure () -> String) throws -> OwnedGeometry {
    // Raw handles exist only inside this function: each is freed on failure or handed to the
    // GEOS call that takes it, and the result is owned by an `OwnedGeometry`.
    var parts: [OpaquePointer?] = []
    parts.reserveCapacity(polygons.count)
    do {
      for polygon in polygons { parts.append(try makePolygon(polygon, input())) }
    } catch {
      for p in parts { GEOSGeom_destroy_r(handle, p) }
      throw error
    }
    if parts.count == 1, let part = parts[0] { return OwnedGeometry(owning: part, in: self) }
    // GEOSGeom_createCollection_r takes ownership of the parts, also when it fails.
    let collection = try pointer("createCollection (multipolygon)", input()) { handle in
      parts.withUnsafeMutableBufferPointer {
        GEOSGeom_createCollection_r(handle, Int32(GEOS_MULTIPOLYGON.rawValue), $0.baseAddress, UInt32($0.count))
      }
    }
    return OwnedGeometry(owning: collection, in: self)
  }

  /// A GEOS point owned by the result.
  func point(x: Double, y: Double) throws -> OwnedGeometry {
    OwnedGeometry(owning: try pointer("createPointFromXY", "(\(x), \(y))") { GEOSGeom_createPointFromXY_r($0, x, y) }, in: self)
  }

  /// A GEOS multipoint of `positions` owned by the result.
  func multipoint<Space>(_ positions: [Position<Space>]) throws -> OwnedGeometry {
    var points: [OpaquePointer?] = []
    points.reserveCapacity(positions.count)
    for p in positions {
      // GEOSGeom_createPointFromXY_r: a new point, or NULL on exception.
      do {
        points.append(try pointer("createPointFromXY", "(\(p.x), \(p.y))") { GEOSGeom_createPointFromXY_r($0, p.x, p.y) })
      } catch {
        for point in points { GEOSGeom_destroy_r(handle, point) }
        throw error
      }
    }
    // Takes ownership of the points, also when it fails.
    let multipoint = try pointer("createCollection (multipoint)", "\(positions.count) points") { handle in
      points.withUnsafeMutableBufferPointer { GEOSGeom_createCollection_r(handle, Int32(GEOS_MULTIPOINT.rawValue), $0.baseAddress, UInt32($0.count)) }
    }
    return OwnedGeometry(owning: multipoint, in: self)
  }

  /// A new linear ring owned by the caller (to hand to `GEOSGeom_createPolygon_r`).
  private func makeRing<Space>(_ ring: Ring<Space>, _ input: @autoclosure () -> String) throws -> OpaquePointer {
    var flat = [Double]()
    flat.reserveCapacity(ring.positions.count * 2)
    for p in ring.positions {
      flat.append(p.x)
      flat.append(p.y)
    }
    // GEOSCoordSeq_copyFromBuffer_r copies the buffer; NULL on exception.
    let sequence = try pointer("CoordSeq_copyFromBuffer", input()) { GEOSCoordSeq_copyFromBuffer_r($0, flat, UInt32(ring.positions.count), 0, 0) }
    // GEOSGeom_createLinearRing_r takes the sequence, also when it fails (e.g. a ring of 1–3
    // positions, or not closed).
    return try pointer("createLinearRing", input()) { GEOSGeom_createLinearRing_r($0, sequence) }
  }

  /// A new polygon owned by the caller.
  private func makePolygon<Space>(_ polygon: Polygon<Space>, _ input: @autoclosure () -> String) throws -> OpaquePointer {
    let shell = try makeRing(polygon.exterior, input())
    var holes: [OpaquePointer?] = []
    holes.reserveCapacity(polygon.holes.count)
    for hole in polygon.holes {
      do { holes.append(try makeRing(hole, input())) } catch {
        GEOSGeom_destroy_r(handle, shell)
        for h in holes { GEOSGeom_destroy_r(handle, h) }
        throw error
      }
    }
    // GEOSGeom_createPolygon_r takes the shell and holes, also when it fails.
    return try pointer("createPolygon", input()) { handle in
      holes.withUnsafeMutableBufferPointer { GEOSGeom_createPolygon_r(handle, shell, $0.baseAddress, UInt32($0.count)) }
    }
  }

  /// The polygons of a geometry: polygonal parts of a collection; lines and points that
  /// MakeValid may produce are dropped, and their count returned. `geometry` is borrowed.
  fileprivate func polygons<Space>(
    of geometry: OpaquePointer, _ input: @autoclosure () -> String
  ) throws -> (polygons: [Polygon<Space>], droppedParts: Int) {
    switch try count("GeomTypeId", input(), { GEOSGeomTypeId_r($0, geometry) }) {
    case Int32(GEOS_POLYGON.rawValue):
      guard try !predicate("isEmpty", input(), { GEOSisEmpty_r($0, geometry) }) else { return ([], 0) }
      // Rings returned by GEOSGetExteriorRing_r / GEOSGetInteriorRingN_r are borrowed.
      let shell: Ring<Space> = try ring(try pointer("GetExteriorRing", input()) { GEOSGetExteriorRing_r($0, geometry) }, input())
      var holes: [Ring<Space>] = []
      let holeCount = try count("GetNumInteriorRings", input()) { GEOSGetNumInteriorRings_r($0, geometry) }
      for n in 0..<holeCount {
        holes.append(try ring(try pointer("GetInteriorRingN", input()) { GEOSGetInteriorRingN_r($0, geometry, n) }, input()))
      }
      return ([Polygon(exterior: shell, holes: holes)], 0)
    case Int32(GEOS_MULTIPOLYGON.rawValue), Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
      var result: [Polygon<Space>] = []
      var dropped = 0
      for n in 0..<(try count("GetNumGeometries", input()) { GEOSGetNumGeometries_r($0, geometry) }) {
        // GEOSGetGeometryN_r: borrowed.
        let part = try pointer("GetGeometryN", input()) { GEOSGetGeometryN_r($0, geometry, n) }
        let (polygons, d): ([Polygon<Space>], Int) = try self.polygons(of: part, input())
        result += polygons
        dropped += d
      }
      return (result, dropped)
    default:
      return ([], 1)
    }
  }

  /// The positions of a borrowed ring.
  private func ring<Space>(_ ring: OpaquePointer, _ input: @autoclosure () -> String) throws -> Ring<Space> {
    // GEOSGeom_getCoordSeq_r: borrowed.
    let sequence = try pointer("Geom_getCoordSeq", input()) { GEOSGeom_getCoordSeq_r($0, ring) }
    var size: UInt32 = 0
    try status("CoordSeq_getSize", input()) { GEOSCoordSeq_getSize_r($0, sequence, &size) }
    var flat = [Double](repeating: 0, count: Int(size) * 2)
    try status("CoordSeq_copyToBuffer", input()) { GEOSCoordSeq_copyToBuffer_r($0, sequence, &flat, 0, 0) }
    return Ring((0..<Int(size)).map { Position(x: flat[2 * $0], y: flat[2 * $0 + 1]) })
  }
}

/// A GEOS geometry owned by Swift: destroyed with its context's handle in `deinit`. Keeps the
/// context alive. Not thread-safe (its context is not).
final class OwnedGeometry {
  let context: GEOSContext
  /// Borrowed by GEOS calls only while `self` is alive; never freed by anyone else.
  let handle: OpaquePointer

  /// Takes ownership of `handle`, which `context` made.
  init(owning handle: OpaquePointer, in context: GEOSContext) {
    self.context = context
    self.handle = handle
  }

  deinit { GEOSGeom_destroy_r(context.handle, handle) }

  /// Planar area, in square units of the coordinates.
  func area(_ input: @autoclosure () -> String) throws -> Double {
    var area = 0.0
    try context.status("Area", input()) { GEOSArea_r($0, handle, &area) }
    return area
  }

  /// Cartesian distance to another geometry of the same context (0 when they meet).
  func distance(to other: OwnedGeometry, _ input: @autoclosure () -> String) throws -> Double {
    var distance = 0.0
    try context.status("Distance", input()) { GEOSDistance_r($0, handle, other.handle, &distance) }
    return distance
  }

  /// The intersection with another geometry of the same context.
  func intersection(_ other: OwnedGeometry, _ input: @autoclosure () -> String) throws -> OwnedGeometry {
    OwnedGeometry(owning: try context.pointer("Intersection", input()) { GEOSIntersection_r($0, handle, other.handle) }, in: context)
  }

  /// The union of the geometry's parts (GEOSUnaryUnion).
  func unaryUnion(_ input: @autoclosure () -> String) throws -> OwnedGeometry {
    OwnedGeometry(owning: try context.pointer("UnaryUnion", input()) { GEOSUnaryUnion_r($0, handle) }, in: context)
  }

  /// The buffer at `distance`, `quadrantSegments` segments per quarter circle.
  func buffer(_ distance: Double, quadrantSegments: Int32, _ input: @autoclosure () -> String) throws -> OwnedGeometry {
    OwnedGeometry(owning: try context.pointer("Buffer", input()) { GEOSBuffer_r($0, handle, distance, quadrantSegments) }, in: context)
  }

  /// Whether the geometry is valid in the OGC sense.
  func isValid(_ input: @autoclosure () -> String) throws -> Bool {
    try context.predicate("isValid", input()) { GEOSisValid_r($0, handle) }
  }

  /// GEOS's reason for (in)validity, e.g. "Self-intersection[-87.6 41.8]".
  func validityReason(_ input: @autoclosure () -> String) throws -> String {
    // GEOSisValidReason_r: a string to free with GEOSFree_r, or NULL on exception.
    let text = try context.pointer("isValidReason", input()) { GEOSisValidReason_r($0, handle) }
    defer { GEOSFree_r(context.handle, text) }
    return String(cString: text)
  }

  /// The GEOSMakeValid repair.
  func madeValid(_ input: @autoclosure () -> String) throws -> OwnedGeometry {
    OwnedGeometry(owning: try context.pointer("MakeValid", input()) { GEOSMakeValid_r($0, handle) }, in: context)
  }

  /// The polygons of the geometry (see `GEOSContext.polygons(of:_:)`), with the count of
  /// non-polygonal parts dropped.
  func polygons<Space>(
    in space: Space.Type = Space.self, _ input: @autoclosure () -> String
  ) throws -> (polygons: [Polygon<Space>], droppedParts: Int) {
    try context.polygons(of: handle, input())
  }
}

/// A GEOS prepared geometry, owned by Swift: destroyed in `deinit`, before the geometry it was
/// prepared from (which it keeps alive: GEOS prepared geometries borrow their base).
final class PreparedGeometry {
  let geometry: OwnedGeometry
  private let handle: OpaquePointer

  /// - Throws: `GEOSError` naming `input` if GEOS cannot prepare it.
  init(_ geometry: OwnedGeometry, _ input: @autoclosure () -> String) throws {
    self.geometry = geometry
    // GEOSPrepare_r: a new prepared geometry borrowing `geometry`, or NULL on exception.
    handle = try geometry.context.pointer("Prepare", input()) { GEOSPrepare_r($0, geometry.handle) }
  }

  deinit { GEOSPreparedGeom_destroy_r(geometry.context.handle, handle) }

  /// The prepared `intersects` predicate; the GEOS exception result (2) throws.
  func intersects(_ other: OwnedGeometry, _ input: @autoclosure () -> String) throws -> Bool {
    try geometry.context.predicate("PreparedIntersects", input()) { GEOSPreparedIntersects_r($0, handle, other.handle) }
  }

  /// The prepared `contains` predicate; the GEOS exception result (2) throws.
  func contains(_ other: OwnedGeometry, _ input: @autoclosure () -> String) throws -> Bool {
    try geometry.context.predicate("PreparedContains", input()) { GEOSPreparedContains_r($0, handle, other.handle) }
  }

  /// The prepared `covers` predicate; the GEOS exception result (2) throws.
  func covers(_ other: OwnedGeometry, _ input: @autoclosure () -> String) throws -> Bool {
    try geometry.context.predicate("PreparedCovers", input()) { GEOSPreparedCovers_r($0, handle, other.handle) }
  }
}
