/// Well-Known Binary (OGC Simple Features, ISO 19125-1 §8.2), little-endian, 2D.
public enum WKB {
  static let polygonType: UInt32 = 3
  static let multiPolygonType: UInt32 = 6

  /// A MultiPolygon of the given polygons (also for a single polygon, so a layer's column has
  /// one geometry type).
  public static func multiPolygon<Space>(_ polygons: [Polygon<Space>]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(9 + polygons.reduce(0) { $0 + 9 + $1.rings.reduce(0) { $0 + 4 + 16 * $1.positions.count } })
    out.append(1)
    append(multiPolygonType, to: &out)
    append(UInt32(polygons.count), to: &out)
    for polygon in polygons {
      out.append(1)
      append(polygonType, to: &out)
      append(UInt32(polygon.rings.count), to: &out)
      for ring in polygon.rings {
        append(UInt32(ring.positions.count), to: &out)
        for p in ring.positions {
          append(p.x.bitPattern, to: &out)
          append(p.y.bitPattern, to: &out)
        }
      }
    }
    return out
  }

  /// Why WKB could not be read.
  public struct ReadError: Error, Equatable, CustomStringConvertible {
    public var offset: Int
    public var reason: String
    public var description: String { "invalid WKB at byte \(offset): \(reason)" }
  }

  /// The polygons of a Polygon or MultiPolygon in WKB (either byte order).
  public static func polygons<Space>(_ bytes: ArraySlice<UInt8>, in space: Space.Type = Space.self) throws(ReadError) -> [Polygon<Space>] {
    var reader = Reader(bytes: bytes, index: bytes.startIndex)
    let (littleEndian, type) = try reader.header()
    reader.littleEndian = littleEndian
    switch type {
    case polygonType: return [try reader.polygon()]
    case multiPolygonType:
      let count = try reader.uint32()
      var result: [Polygon<Space>] = []
      for _ in 0..<count {
        let (le, partType) = try reader.header()
        reader.littleEndian = le
        guard partType == polygonType else { throw ReadError(offset: reader.index, reason: "MultiPolygon part of type \(partType)") }
        result.append(try reader.polygon())
      }
      return result
    default:
      throw ReadError(offset: bytes.startIndex, reason: "geometry type \(type) is not Polygon or MultiPolygon")
    }
  }

  private static func append(_ value: UInt32, to out: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
  }

  private static func append(_ value: UInt64, to out: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
  }

  private struct Reader {
    let bytes: ArraySlice<UInt8>
    var index: Int
    var littleEndian = true

    mutating func header() throws(ReadError) -> (Bool, UInt32) {
      guard index < bytes.endIndex else { throw ReadError(offset: index, reason: "unexpected end") }
      let order = bytes[index]
      guard order <= 1 else { throw ReadError(offset: index, reason: "byte order \(order)") }
      index += 1
      littleEndian = order == 1
      return (littleEndian, try uint32() & 0xFFFF)
    }

    mutating func uint32() throws(ReadError) -> UInt32 {
      guard index + 4 <= bytes.endIndex else { throw ReadError(offset: index, reason: "unexpected end") }
      var v: UInt32 = 0
      for k in 0..<4 { v |= UInt32(bytes[index + k]) << (8 * k) }
      index += 4
      return littleEndian ? v : v.byteSwapped
    }

    mutating func double() throws(ReadError) -> Double {
      guard index + 8 <= bytes.endIndex else { throw ReadError(offset: index, reason: "unexpected end") }
      var v: UInt64 = 0
      for k in 0..<8 { v |= UInt64(bytes[index + k]) << (8 * k) }
      index += 8
      return Double(bitPattern: littleEndian ? v : v.byteSwapped)
    }

    mutating func polygon<Space>() throws(ReadError) -> Polygon<Space> {
      let ringCount = try uint32()
      guard ringCount > 0 else { throw ReadError(offset: index, reason: "polygon without rings") }
      var rings: [Ring<Space>] = []
      for _ in 0..<ringCount {
        let n = try uint32()
        var positions: [Position<Space>] = []
        positions.reserveCapacity(Int(n))
        for _ in 0..<n { positions.append(Position(x: try double(), y: try double())) }
        rings.append(Ring(positions))
      }
      return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
    }
  }
}
