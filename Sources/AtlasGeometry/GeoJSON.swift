/// Reading polygon features from GeoJSON (RFC 7946).
public enum GeoJSON {
  /// Why a GeoJSON document could not be read as polygon features.
  public enum ReadError: Error, CustomStringConvertible, Equatable {
    case json(JSONParseError)
    case notAFeatureCollection
    case unsupportedGeometry(feature: Int, type: String)
    case malformedCoordinates(feature: Int, reason: String)

    public var description: String {
      switch self {
      case .json(let e): return e.description
      case .notAFeatureCollection: return "not a GeoJSON FeatureCollection"
      case .unsupportedGeometry(let f, let t): return "feature \(f): geometry type \(t) is not Polygon or MultiPolygon"
      case .malformedCoordinates(let f, let r): return "feature \(f): malformed coordinates (\(r))"
      }
    }
  }

  /// The polygon features of a FeatureCollection, in file order. Properties are kept as text.
  ///
  /// The caller states the coordinate space; GeoJSON is WGS 84 lon/lat by definition (RFC 7946
  /// §4), and a legacy `crs` member is not interpreted.
  public static func readFeatures<Space: CoordinateSpace>(
    _ bytes: [UInt8], in space: Space.Type = WGS84LonLat.self
  ) throws(ReadError) -> [Feature<Space>] {
    let document: JSONValue
    do { document = try JSONValue.parse(bytes) } catch { throw .json(error) }
    guard document["type"]?.stringValue == "FeatureCollection", let features = document["features"]?.arrayValue else {
      throw .notAFeatureCollection
    }
    var result: [Feature<Space>] = []
    result.reserveCapacity(features.count)
    for (index, feature) in features.enumerated() {
      var properties: [String: String] = [:]
      if case .object(let members)? = feature["properties"] {
        for (key, value) in members { if let text = value.propertyText { properties[key] = text } }
      }
      guard let geometry = feature["geometry"], case .object = geometry else {
        throw .unsupportedGeometry(feature: index, type: "null")
      }
      let type = geometry["type"]?.stringValue ?? "missing"
      guard let coordinates = geometry["coordinates"] else {
        throw .malformedCoordinates(feature: index, reason: "no coordinates member")
      }
      let polygons: [Polygon<Space>]
      switch type {
      case "Polygon":
        polygons = [try polygon(coordinates, feature: index)]
      case "MultiPolygon":
        guard let parts = coordinates.arrayValue else {
          throw .malformedCoordinates(feature: index, reason: "MultiPolygon coordinates are not an array")
        }
        polygons = try parts.map { (part) throws(ReadError) in try polygon(part, feature: index) }
      default:
        throw .unsupportedGeometry(feature: index, type: type)
      }
      result.append(Feature(properties: properties, polygons: polygons))
    }
    return result
  }

  private static func polygon<Space>(_ value: JSONValue, feature: Int) throws(ReadError) -> Polygon<Space> {
    guard let ringValues = value.arrayValue, !ringValues.isEmpty else {
      throw .malformedCoordinates(feature: feature, reason: "a polygon has no rings")
    }
    var rings: [Ring<Space>] = []
    for ringValue in ringValues {
      guard let positionValues = ringValue.arrayValue else {
        throw .malformedCoordinates(feature: feature, reason: "a ring is not an array")
      }
      var positions: [Position<Space>] = []
      positions.reserveCapacity(positionValues.count + 1)
      for p in positionValues {
        guard let pair = p.arrayValue, pair.count >= 2, let x = pair[0].numberValue, let y = pair[1].numberValue else {
          throw .malformedCoordinates(feature: feature, reason: "a position is not [x, y]")
        }
        positions.append(Position(x: x, y: y))
      }
      if let first = positions.first, first != positions.last { positions.append(first) }
      guard positions.count >= 4 else {
        throw .malformedCoordinates(feature: feature, reason: "a ring has fewer than 4 positions")
      }
      rings.append(Ring(positions))
    }
    return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
  }
}
