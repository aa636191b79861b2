/// Writing JSON text and GeoJSON FeatureCollections (RFC 8259, RFC 7946).
///
/// Output is deterministic: object members keep their order, numbers are written in their
/// shortest round-tripping form, so the same value gives the same bytes on every run.

extension JSONValue {
  /// The value as UTF-8 JSON text.
  ///
  /// Numbers: integral values below 10¹⁵ in magnitude without a decimal point (`12`), others
  /// in Swift's shortest round-tripping form (`0.35`, `-87.6231`, `1e-07`); NaN and infinities,
  /// which JSON cannot represent, as `null`. Strings escape `"`, `\` and control characters.
  ///
  /// - Parameter pretty: two-space indentation with one member or element per line, except
  ///   that arrays holding only numbers, strings, booleans or nulls stay on one line.
  /// - Complexity: O(size of the output).
  public func serialized(pretty: Bool = false) -> [UInt8] {
    var out: [UInt8] = []
    write(into: &out, pretty: pretty, depth: 0)
    if pretty { out.append(0x0A) }
    return out
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object: return false
    default: return true
    }
  }

  private func write(into out: inout [UInt8], pretty: Bool, depth: Int) {
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .number(let n): JSONValue.writeNumber(n, into: &out)
    case .string(let s): JSONValue.writeString(s, into: &out)
    case .array(let elements):
      let multiline = pretty && !elements.isEmpty && !elements.allSatisfy(\.isScalar)
      out.append(UInt8(ascii: "["))
      for (k, element) in elements.enumerated() {
        if k > 0 { out.append(UInt8(ascii: ",")) }
        if multiline { JSONValue.newline(into: &out, depth: depth + 1) } else if pretty && k > 0 { out.append(0x20) }
        element.write(into: &out, pretty: pretty, depth: depth + 1)
      }
      if multiline { JSONValue.newline(into: &out, depth: depth) }
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      for (k, (key, value)) in members.enumerated() {
        if k > 0 { out.append(UInt8(ascii: ",")) }
        if pretty { JSONValue.newline(into: &out, depth: depth + 1) }
        JSONValue.writeString(key, into: &out)
        out.append(UInt8(ascii: ":"))
        if pretty { out.append(0x20) }
        value.write(into: &out, pretty: pretty, depth: depth + 1)
      }
      if pretty && !members.isEmpty { JSONValue.newline(into: &out, depth: depth) }
      out.append(UInt8(ascii: "}"))
    }
  }

  private static func newline(into out: inout [UInt8], depth: Int) {
    out.append(0x0A)
    out.append(contentsOf: repeatElement(0x20, count: 2 * depth))
  }

  private static func writeNumber(_ n: Double, into out: inout [UInt8]) {
    if !n.isFinite {
      out.append(contentsOf: "null".utf8)
    } else if n == n.rounded(), abs(n) < 1e15 {
      out.append(contentsOf: String(Int64(n)).utf8)
    } else {
      out.append(contentsOf: n.description.utf8)
    }
  }

  private static func writeString(_ s: String, into out: inout [UInt8]) {
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    out.append(0x22)
    for byte in s.utf8 {
      switch byte {
      case 0x22: out.append(contentsOf: [0x5C, 0x22])
      case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0..<0x20:
        out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
      default: out.append(byte)
      }
    }
    out.append(0x22)
  }
}

extension GeoJSON {
  /// A FeatureCollection of polygon features as a JSON value, ready for `serialized()`.
  ///
  /// Each feature's geometry is a `Polygon` when it has exactly one polygon and a
  /// `MultiPolygon` otherwise (also when it has none). Rings follow the right-hand rule of
  /// RFC 7946 §3.1.6: exteriors are written counter-clockwise and holes clockwise, reversed
  /// where the input winds the other way. Properties are written as strings, sorted by name.
  ///
  /// - Parameters:
  ///   - members: foreign members placed after `"type"` and before `"features"` (RFC 7946 §6.1),
  ///     e.g. a provenance marker.
  ///   - decimals: coordinates are rounded to this many decimal places (7 ≈ 1 cm in degrees).
  ///     Rounding is a pure function of the coordinate, so positions shared by two rings stay
  ///     identical; the caller keeps distinct positions further apart than the rounding step.
  /// - Complexity: O(total positions).
  public static func featureCollection<Space: CoordinateSpace>(
    _ features: [Feature<Space>], members: [(String, JSONValue)] = [], decimals: Int = 7
  ) -> JSONValue {
    precondition((0...15).contains(decimals), "decimals must be in 0...15")
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    func round(_ v: Double) -> JSONValue { .number((v * scale).rounded() / scale) }
    func ring(_ ring: Ring<Space>, counterClockwise: Bool) -> JSONValue {
      let positions = (ring.signedDoubleArea > 0) == counterClockwise ? ring.positions : ring.positions.reversed()
      return .array(positions.map { .array([round($0.x), round($0.y)]) })
    }
    func polygon(_ p: Polygon<Space>) -> JSONValue {
      .array([ring(p.exterior, counterClockwise: true)] + p.holes.map { ring($0, counterClockwise: false) })
    }
    let encoded: [JSONValue] = features.map { feature in
      let geometry: JSONValue =
        feature.polygons.count == 1
        ? .object([("type", .string("Polygon")), ("coordinates", polygon(feature.polygons[0]))])
        : .object([("type", .string("MultiPolygon")), ("coordinates", .array(feature.polygons.map(polygon)))])
      let properties = feature.properties.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }
      return .object([("type", .string("Feature")), ("properties", .object(properties)), ("geometry", geometry)])
    }
    return .object([("type", .string("FeatureCollection"))] + members + [("features", .array(encoded))])
  }
}
