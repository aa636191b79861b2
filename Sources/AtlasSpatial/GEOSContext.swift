internal import CGEOS
import AtlasGeometry

/// A failure inside GEOS: the operation, GEOS's own message and what was being processed.
public struct GEOSError: Error, CustomStringConvertible {
  public var operation: String
  public var message: String
  public var input: String
  public var description: String { "GEOS \(operation) failed on \(input): \(message)" }
}

/// One GEOS context handle (GEOS is re-entrant per context, not thread-safe across one).
///
/// Owns the handle and finishes it in `deinit`; collects GEOS's error and notice messages so
/// that a failing call can report them. Use one instance per thread.
final class GEOSContext {
  let handle: GEOSContextHandle_t
  private let messages: MessageBox

  final class MessageBox {
    var lastError = ""
  }

  init() {
    guard let handle = GEOS_init_r() else { fatalError("GEOS_init_r returned NULL (out of memory)") }
    self.handle = handle
    self.messages = MessageBox()
    let box = Unmanaged.passUnretained(messages).toOpaque()
    GEOSContext_setErrorMessageHandler_r(handle, { message, userData in
      guard let message, let userData else { return }
      Unmanaged<MessageBox>.fromOpaque(userData).takeUnretainedValue().lastError = String(cString: message)
    }, box)
  }

  deinit { GEOS_finish_r(handle) }

  /// The error GEOS reported last, for wrapping a failed call.
  func error(_ operation: String, _ input: String) -> GEOSError {
    GEOSError(operation: operation, message: messages.lastError.isEmpty ? "unknown error" : messages.lastError, input: input)
  }

  // MARK: Conversion

  /// A GEOS (multi)polygon owned by the caller (free with `GEOSGeom_destroy_r`).
  /// Returns nil with the context's error on failure.
  func makeGeometry<Space>(_ polygons: [Polygon<Space>]) -> OpaquePointer? {
    var parts: [OpaquePointer?] = []
    for polygon in polygons {
      guard let part = makePolygon(polygon) else {
        for p in parts { GEOSGeom_destroy_r(handle, p) }
        return nil
      }
      parts.append(part)
    }
    if parts.count == 1 { return parts[0] }
    // Takes ownership of the parts (GEOSGeom_createCollection_r).
    return parts.withUnsafeMutableBufferPointer {
      GEOSGeom_createCollection_r(handle, Int32(GEOS_MULTIPOLYGON.rawValue), $0.baseAddress, UInt32($0.count))
    }
  }

  private func makeRing<Space>(_ ring: Ring<Space>) -> OpaquePointer? {
    var flat = [Double]()
    flat.reserveCapacity(ring.positions.count * 2)
    for p in ring.positions {
      flat.append(p.x)
      flat.append(p.y)
    }
    // GEOSCoordSeq_copyFromBuffer_r copies; the ring takes the sequence.
    guard let sequence = GEOSCoordSeq_copyFromBuffer_r(handle, flat, UInt32(ring.positions.count), 0, 0) else { return nil }
    return GEOSGeom_createLinearRing_r(handle, sequence)
  }

  private func makePolygon<Space>(_ polygon: Polygon<Space>) -> OpaquePointer? {
    guard let shell = makeRing(polygon.exterior) else { return nil }
    var holes: [OpaquePointer?] = []
    for hole in polygon.holes {
      guard let ring = makeRing(hole) else {
        GEOSGeom_destroy_r(handle, shell)
        for h in holes { GEOSGeom_destroy_r(handle, h) }
        return nil
      }
      holes.append(ring)
    }
    // Takes ownership of shell and holes.
    return holes.withUnsafeMutableBufferPointer {
      GEOSGeom_createPolygon_r(handle, shell, $0.baseAddress, UInt32($0.count))
    }
  }

  /// The polygons of a borrowed GEOS geometry (polygonal parts of a collection; lines and points
  /// that MakeValid may produce are dropped, and their count returned).
  func polygons<Space>(of geometry: OpaquePointer, in space: Space.Type = Space.self) -> (polygons: [Polygon<Space>], droppedParts: Int) {
    let type = GEOSGeomTypeId_r(handle, geometry)
    switch type {
    case Int32(GEOS_POLYGON.rawValue):
      guard GEOSisEmpty_r(handle, geometry) == 0 else { return ([], 0) }
      var rings: [Ring<Space>] = []
      if let shell = GEOSGetExteriorRing_r(handle, geometry) { rings.append(ring(shell)) }
      let holeCount = GEOSGetNumInteriorRings_r(handle, geometry)
      if holeCount > 0 {
        for n in 0..<holeCount {
          if let hole = GEOSGetInteriorRingN_r(handle, geometry, n) { rings.append(ring(hole)) }
        }
      }
      guard let first = rings.first else { return ([], 0) }
      return ([Polygon(exterior: first, holes: Array(rings.dropFirst()))], 0)
    case Int32(GEOS_MULTIPOLYGON.rawValue), Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
      var result: [Polygon<Space>] = []
      var dropped = 0
      for n in 0..<GEOSGetNumGeometries_r(handle, geometry) {
        guard let part = GEOSGetGeometryN_r(handle, geometry, n) else { continue }  // borrowed
        let (polygons, d) = self.polygons(of: part, in: space)
        result += polygons
        dropped += d
      }
      return (result, dropped)
    default:
      return ([], 1)
    }
  }

  private func ring<Space>(_ ring: OpaquePointer) -> Ring<Space> {
    guard let sequence = GEOSGeom_getCoordSeq_r(handle, ring) else { return Ring([]) }  // borrowed
    var size: UInt32 = 0
    GEOSCoordSeq_getSize_r(handle, sequence, &size)
    var flat = [Double](repeating: 0, count: Int(size) * 2)
    GEOSCoordSeq_copyToBuffer_r(handle, sequence, &flat, 0, 0)
    return Ring((0..<Int(size)).map { Position(x: flat[2 * $0], y: flat[2 * $0 + 1]) })
  }
}
