/// Reading polygon features from GeoJSON (RFC 7946).
public enum GeoJSON {
  /// Why a GeoJSON document could not be read as polygon features.
  public enum ReadError: Error, CustomStringConvertible, Equatable {
    case json(JSONParseError)
    case notAFeatureCollection
    case unsupportedGeometry(feature: Int, type: String)
    case malformedCoordinates(feature: Int, reason: String)
    /// A position outside longitude −180…180 / latitude −90…90 in a lon/lat file.
    case notLonLat(feature: Int, x: Double, y: Double)
    /// The document's legacy `crs` member names another system.
    case declaredCRS(String)

    /// The reason without the feature number, as a class of problems for accounting.
    public var reason: String {
      switch self {
      case .unsupportedGeometry(_, let t): return "geometry type \(t) is not Polygon or MultiPolygon"
      case .malformedCoordinates(_, let r): return "malformed coordinates (\(r))"
      case .notLonLat: return "positions are not longitude/latitude (projected coordinates?)"
      default: return description
      }
    }

    public var description: String {
      switch self {
      case .json(let e): return e.description
      case .notAFeatureCollection: return "not a GeoJSON FeatureCollection"
      case .unsupportedGeometry(let f, let t): return "feature \(f): geometry type \(t) is not Polygon or MultiPolygon"
      case .malformedCoordinates(let f, let r): return "feature \(f): malformed coordinates (\(r))"
      case .notLonLat(let f, let x, let y):
        return "feature \(f): position (\(x), \(y)) is not longitude/latitude; GeoJSON must be WGS 84 (RFC 7946): "
          + "reproject the file, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson"
      case .declaredCRS(let name):
        return "the file declares crs \(name); GeoJSON must be WGS 84 longitude/latitude (RFC 7946): "
          + "reproject the file, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson"
      }
    }
  }

  /// The polygon features of a FeatureCollection, in file order. Properties are kept as text.
  ///
  /// The caller states the coordinate space; GeoJSON is WGS 84 lon/lat by definition (RFC 7946
  /// §4). A legacy `crs` member naming another system, or lon/lat positions out of range
  /// (projected coordinates in a file without a CRS), is an error, never a silent "outside".
  ///
  /// - Throws: the first feature's error, or a document-level one.
  public static func readFeatures<Space: CoordinateSpace>(
    _ bytes: [UInt8], in space: Space.Type = WGS84LonLat.self
  ) throws(ReadError) -> [Feature<Space>] {
    var result: [Feature<Space>] = []
    for outcome in try readEachFeature(bytes, in: space) {
      switch outcome {
      case .success(let feature): result.append(feature)
      case .failure(let error): throw error
      }
    }
    return result
  }

  /// Each feature of a FeatureCollection, or why it cannot be read, so a caller can reject one
  /// feature and keep the rest.
  ///
  /// - Throws: only document-level errors (not JSON, not a FeatureCollection, a foreign `crs`).
  public static func readEachFeature<Space: CoordinateSpace>(
    _ bytes: [UInt8], in space: Space.Type = WGS84LonLat.self
  ) throws(ReadError) -> [Result<Feature<Space>, ReadError>] {
    let document: JSONValue
    do { document = try JSONValue.parse(bytes) } catch { throw .json(error) }
    return try readEachFeature(document: document, in: space)
  }

  /// `readEachFeature(_:in:)` for a document already parsed (so a caller that also reads
  /// other members parses the file once).
  public static func readEachFeature<Space: CoordinateSpace>(
    document: JSONValue, in space: Space.Type = WGS84LonLat.self
  ) throws(ReadError) -> [Result<Feature<Space>, ReadError>] {
    guard document["type"]?.stringValue == "FeatureCollection", let features = document["features"]?.arrayValue else {
      throw .notAFeatureCollection
    }
    if Space.crs == .wgs84, let name = document["crs"]?["properties"]?["name"]?.stringValue, !Self.isLonLat(crsName: name) {
      throw .declaredCRS(name)
    }
    return features.enumerated().map { index, feature in
      Result { () throws(ReadError) -> Feature<Space> in try Self.feature(feature, index: index) }
    }
  }

  /// Whether a legacy `crs` name denotes geographic lon/lat on WGS 84 or NAD83 (OGC CRS84 /
  /// CRS83, EPSG:4326 / EPSG:4269 in their spellings). NAD83 and WGS 84 differ by about a metre
  /// in Chicago, well inside the published boundaries' precision, so both are read as WGS 84.
  static func isLonLat(crsName name: String) -> Bool {
    let n = name.uppercased()
    return n.hasSuffix("CRS84") || n.hasSuffix("CRS83")
      || ["4326", "4269"].contains { code in
        n.hasSuffix("EPSG::" + code) || n == "EPSG:" + code || n.hasSuffix("EPSG/0/" + code)
      }
  }

  private static func feature<Space: CoordinateSpace>(_ feature: JSONValue, index: Int) throws(ReadError) -> Feature<Space> {
    var properties: [String: String] = [:]
    if case .object(let members)? = feature["properties"] {
      for (key, value) in members { if let text = value.propertyText { properties[key] = text } }
    }
    guard let geometry = feature["geometry"], case .object = geometry else {
      throw .unsupportedGeometry(feature: index, type: "null")
    }
    let type = geometry["type"]?.stringValue ?? "missing"
    guard type == "Polygon" || type == "MultiPolygon" else { throw .unsupportedGeometry(feature: index, type: type) }
    guard let coordinates = geometry["coordinates"] else {
      throw .malformedCoordinates(feature: index, reason: "no coordinates member")
    }
    let polygons: [Polygon<Space>]
    if type == "Polygon" {
      polygons = [try polygon(coordinates, feature: index)]
    } else {
      guard let parts = coordinates.arrayValue else {
        throw .malformedCoordinates(feature: index, reason: "MultiPolygon coordinates are not an array")
      }
      guard !parts.isEmpty else { throw .malformedCoordinates(feature: index, reason: "an empty MultiPolygon") }
      polygons = try parts.map { (part) throws(ReadError) in try polygon(part, feature: index) }
    }
    return Feature(properties: properties, polygons: polygons)
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
        guard x.isFinite, y.isFinite else {
          throw .malformedCoordinates(feature: feature, reason: "a position is not a finite number")
        }
        if Space.crs == .wgs84, !(-180...180).contains(x) || !(-90...90).contains(y) {
          throw .notLonLat(feature: feature, x: x, y: y)
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
