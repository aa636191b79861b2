import AtlasGeometry
import AtlasTestSupport
import Testing

@Suite("Decimal parsing")
struct DecimalParsingTests {
  func parse(_ text: String) -> Double? {
    Array(text.utf8).withUnsafeBufferPointer { parseDecimal($0) }
  }

  @Test("hand-derived values and refusals")
  func handDerived() {
    #expect(parse("-87.687866208") == -87.687866208)
    #expect(parse("41.96671217") == 41.96671217)
    #expect(parse("+1.5e3") == 1500)
    #expect(parse("2.5E-3") == 0.0025)
    #expect(parse("007") == 7)
    #expect(parse("0.000") == 0)
    #expect(parse("1.") == 1)
    #expect(parse(".5") == 0.5)
    #expect(parse("nan")?.isNaN == true)
    #expect(parse("-inf") == -.infinity)
    for bad in ["", "-", ".", "1e", "abc", "1.2.3", "41,5", "1 2"] { #expect(parse(bad) == nil, "\(bad)") }
  }

  /// Cross-implementation: the fast path must round exactly as the standard library's parser
  /// (strtod) on every input, including 16-20 digit mantissas that take the slow path.
  @Test("agrees bit for bit with Double(String) on seeded random decimals")
  func matchesStandardLibrary() {
    let seed: UInt64 = 0xC0FFEE
    var random = SeededGenerator(seed: seed)
    for _ in 0..<200_000 {
      let digits = Int.random(in: 1...20, using: &random)
      var text = Bool.random(using: &random) ? "-" : ""
      let point = Int.random(in: 0...digits, using: &random)
      for d in 0..<digits {
        if d == point && d > 0 { text += "." }
        text += String(Int.random(in: 0...9, using: &random))
      }
      if Int.random(in: 0..<5, using: &random) == 0 { text += "e\(Int.random(in: -30...30, using: &random))" }
      let expected = Double(text)
      #expect(parse(text)?.bitPattern == expected?.bitPattern, "seed \(seed): \(text)")
    }
  }
}

@Suite("JSON and GeoJSON")
struct GeoJSONTests {
  @Test("hand-derived: escapes, unicode, nesting, literals")
  func json() throws {
    let value = try JSONValue.parse(Array(#"{"a":[1,-2.5e1,true,false,null],"s":"q\"\\\/\n\u00e9\ud83d\ude00"}"#.utf8))
    #expect(value["a"] == .array([.number(1), .number(-25), .bool(true), .bool(false), .null]))
    #expect(value["s"]?.stringValue == "q\"\\/\né😀")
    #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(#"{"a":1,}"#.utf8)) }
    #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(#"[1 2]"#.utf8)) }
  }

  @Test("polygons and multipolygons are read, rings closed, properties kept as text")
  func features() throws {
    let text = #"""
      {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"ward":"1","n":3,"x":null},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
        {"type":"Feature","properties":{"ward":2.0},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1]]],[[[5,5],[6,5],[6,6],[5,5]],[[5.1,5.1],[5.2,5.1],[5.2,5.2],[5.1,5.1]]]]}}
      ]}
      """#
    let features = try GeoJSON.readFeatures(Array(text.utf8), in: WGS84LonLat.self)
    #expect(features.count == 2)
    #expect(features[0].properties == ["ward": "1", "n": "3"])
    #expect(features[1].properties["ward"] == "2")
    #expect(features[1].polygons.count == 2)
    #expect(features[1].polygons[0].exterior.positions.count == 4)
    #expect(features[1].polygons[1].holes.count == 1)
    #expect(abs(features[1].polygons[1].planarArea - (1 - 0.01) / 2) < 1e-12)
  }

  @Test("errors name the feature")
  func errors() {
    let line =
      #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}"#
    #expect(throws: GeoJSON.ReadError.unsupportedGeometry(feature: 0, type: "LineString")) {
      try GeoJSON.readFeatures(Array(line.utf8), in: WGS84LonLat.self)
    }
    #expect(throws: GeoJSON.ReadError.notAFeatureCollection) { try GeoJSON.readFeatures(Array("[]".utf8), in: WGS84LonLat.self) }
  }
}

@Suite("Layers")
struct LayerTests {
  func square(_ x: Double) -> Polygon<WGS84LonLat> {
    Polygon(exterior: Ring([Position(x: x, y: 0), Position(x: x + 1, y: 0), Position(x: x + 1, y: 1), Position(x: x, y: 0)]))
  }

  @Test("features sharing an id are one area; ids lose leading zeros and '.0'")
  func grouping() throws {
    let features = [
      Feature(properties: ["id": "031", "name": "31ST"], polygons: [square(0)]),
      Feature(properties: ["id": "1", "name": "1ST"], polygons: [square(2)]),
      Feature(properties: ["id": "31.0", "name": "31ST"], polygons: [square(4)]),
    ]
    let layer = try Layer(id: "d", features: features, idProperty: "id", nameProperty: "name")
    #expect(layer.featureCount == 3)
    #expect(layer.areas.map(\.id) == ["31", "1"])
    #expect(layer.areas[0].polygons.count == 2)
    #expect(layer.areas[0].name == "31ST")
    #expect(throws: LayerError.missingProperty(layer: "d", feature: 0, property: "nope")) {
      try Layer(id: "d", features: features, idProperty: "nope", nameProperty: nil)
    }
  }
}
