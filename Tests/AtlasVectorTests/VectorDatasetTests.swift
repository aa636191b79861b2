import AtlasGeometry
import AtlasTestSupport
import AtlasVector
import Foundation
import Testing

/// The fixture's features: a square with a square hole (`a`), a two-part multipolygon (`b`), a
/// feature with no geometry (`c`). Coordinates are binary fractions so every format round-trips
/// them exactly.
private let fixture = """
  {"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"name":"a","pop":12,"share":0.25},"geometry":{"type":"Polygon","coordinates":[
    [[-87.75,41.75],[-87.5,41.75],[-87.5,42.0],[-87.75,42.0],[-87.75,41.75]],
    [[-87.625,41.8125],[-87.625,41.875],[-87.5625,41.875],[-87.5625,41.8125],[-87.625,41.8125]]]}},
  {"type":"Feature","properties":{"name":"b","pop":3,"share":0.5},"geometry":{"type":"MultiPolygon","coordinates":[
    [[[-87.25,41.5],[-87.125,41.5],[-87.125,41.625],[-87.25,41.5]]],
    [[[-87.0,41.5],[-86.875,41.5],[-86.875,41.625],[-87.0,41.5]]]]}},
  {"type":"Feature","properties":{"name":"c","pop":0,"share":0.0},"geometry":null}
  ]}
  """

/// A ring as a comparable value: counter-clockwise, starting at its smallest vertex, closing
/// vertex dropped (formats may store either orientation and start anywhere).
private func canonical<S>(_ ring: Ring<S>) -> [[Double]] {
  var points = ring.positions.dropLast().map { [$0.x, $0.y] }
  if ring.signedDoubleArea < 0 { points.reverse() }
  let start = points.indices.min { points[$0].lexicographicallyPrecedes(points[$1]) }!
  return Array(points[start...] + points[..<start])
}

private func canonical<S>(_ polygons: [Polygon<S>]) -> [[[[Double]]]] {
  polygons.map { [canonical($0.exterior)] + $0.holes.map(canonical).sorted { $0.lexicographicallyPrecedes($1) { $0.lexicographicallyPrecedes($1) } } }
}

@Suite("GDAL vector reading")
struct VectorDatasetTests {
  let ogr2ogr = "/usr/bin/ogr2ogr"

  /// Writes the GeoJSON fixture and converts it with ogr2ogr; returns the path for `format`.
  func write(_ format: String, in directory: URL, extra: [String] = []) throws -> String {
    let source = directory.appendingPathComponent("fixture.geojson").path
    try fixture.write(toFile: source, atomically: true, encoding: .utf8)
    func convert(_ driver: String, _ out: String, _ options: [String] = []) throws -> String {
      let path = directory.appendingPathComponent(out).path
      let run = try runTool(ogr2ogr, ["-f", driver, path, source] + options + extra)
      #expect(run.status == 0, "\(run.output)")
      return path
    }
    switch format {
    case "geojson": return source
    case "gpkg": return try convert("GPKG", "fixture.gpkg")
    // Without the spatial index FlatGeobuf keeps the features in file order.
    case "fgb": return try convert("FlatGeobuf", "fixture.fgb", ["-lco", "SPATIAL_INDEX=NO"])
    case "csv": return try convert("CSV", "fixture.csv", ["-lco", "GEOMETRY=AS_WKT"])
    case "shp": return try convert("ESRI Shapefile", "fixture.shp")
    case "zip":
      _ = try convert("ESRI Shapefile", "fixture.shp")
      let zipPath = directory.appendingPathComponent("fixture.zip").path
      let parts = ["shp", "shx", "dbf", "prj"].map { directory.appendingPathComponent("fixture.\($0)").path }
      let run = try runTool("/usr/bin/zip", ["-j", "-q", zipPath] + parts)
      #expect(run.status == 0, "\(run.output)")
      return zipPath
    default: fatalError("unknown format \(format)")
    }
  }

  @Test("every format: the same polygons, attributes, CRS and rejection", arguments: ["geojson", "gpkg", "fgb", "csv", "shp", "zip"])
  func formats(_ format: String) throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try write(format, in: directory)
    let layer = try VectorDataset(path: path).readPolygons(in: WGS84LonLat.self)
    // GDAL's FlatGeobuf writer drops features without geometry; every other format keeps them.
    #expect(layer.featureCount == (format == "fgb" ? 2 : 3))
    #expect(layer.features.map(\.index) == [0, 1])
    #expect(layer.rejections == (format == "fgb" ? [] : [VectorRejection(index: 2, reason: "no geometry")]))
    // CSV carries no CRS; every other format declares the GeoJSON's WGS 84.
    if format == "csv" { #expect(layer.crs == nil) } else { #expect(layer.crs?.epsg == 4326) }
    try #require(layer.features.count == 2)
    let a = layer.features[0]
    let b = layer.features[1]
    #expect(a.attributes["name"] == .text("a"))
    #expect(a.attributes["pop"]?.number == 12)
    #expect(a.attributes["share"]?.number == 0.25)
    #expect(b.attributes["name"]?.description == "b")
    #expect(b.attributes["pop"]?.number == 3)
    #expect(
      canonical(a.polygons) == [
        [
          [[-87.75, 41.75], [-87.5, 41.75], [-87.5, 42.0], [-87.75, 42.0]],
          [[-87.625, 41.8125], [-87.5625, 41.8125], [-87.5625, 41.875], [-87.625, 41.875]],
        ]
      ])
    #expect(
      canonical(b.polygons) == [
        [[[-87.25, 41.5], [-87.125, 41.5], [-87.125, 41.625]]],
        [[[-87.0, 41.5], [-86.875, 41.5], [-86.875, 41.625]]],
      ])
    #expect(a.polygons[0].planarArea == 0.25 * 0.25 - 0.0625 * 0.0625)
  }

  @Test("points and lines are rejections with their index; every feature is counted once")
  func nonPolygons() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("mixed.geojson").path
    try """
    {"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"id":1},"geometry":{"type":"Point","coordinates":[-87.6,41.8]}},
    {"type":"Feature","properties":{"id":2},"geometry":{"type":"Polygon","coordinates":[[[-87.75,41.75],[-87.5,41.75],[-87.5,42.0],[-87.75,41.75]]]}},
    {"type":"Feature","properties":{"id":3},"geometry":{"type":"LineString","coordinates":[[-87.6,41.8],[-87.5,41.9]]}},
    {"type":"Feature","properties":{"id":null},"geometry":{"type":"Polygon","coordinates":[]}}
    ]}
    """.write(toFile: path, atomically: true, encoding: .utf8)
    let layer = try VectorDataset(path: path).readPolygons(in: WGS84LonLat.self)
    #expect(layer.featureCount == 4)
    #expect(layer.features.map(\.index) == [1])
    #expect(layer.features[0].attributes == ["id": .integer(2)])
    // GDAL reads empty GeoJSON coordinates as no geometry.
    #expect(
      layer.rejections == [
        VectorRejection(index: 0, reason: "not a polygon (POINT)"),
        VectorRejection(index: 2, reason: "not a polygon (LINESTRING)"),
        VectorRejection(index: 3, reason: "no geometry"),
      ])
    let csv = directory.appendingPathComponent("empty.csv").path
    try "WKT,id\n\"POLYGON EMPTY\",1\n\"POLYGON ((-87.75 41.75,-87.5 41.75,-87.5 42,-87.75 41.75))\",2\n"
      .write(toFile: csv, atomically: true, encoding: .utf8)
    let fromCSV = try VectorDataset(path: csv).readPolygons(in: WGS84LonLat.self)
    #expect(fromCSV.rejections == [VectorRejection(index: 0, reason: "empty geometry")])
    #expect(fromCSV.features.map(\.index) == [1])
    // CSV fields stay text, so codes keep their leading zeros.
    #expect(fromCSV.features.first?.attributes["id"] == .text("2"))
  }

  @Test("a declared projected CRS is reported; requireCRS checks it against the space")
  func projected() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try write("shp", in: directory, extra: ["-t_srs", "EPSG:3435"])
    let layer = try VectorDataset(path: path).readPolygons(in: IllinoisEastFtUS.self)
    #expect(layer.crs?.epsg == 3435)
    #expect(layer.crs?.isGeographic == false)
    try layer.requireCRS()
    // Chicago in Illinois East feet: eastings around 1.1–1.2 million, northings 1.8–2.0 million.
    let x = layer.features[0].polygons[0].exterior.positions[0].x
    #expect(x > 1_000_000 && x < 1_300_000)
    let asLonLat = try VectorDataset(path: path).readPolygons(in: WGS84LonLat.self)
    #expect(throws: VectorError.self) { try asLonLat.requireCRS() }
  }

  @Test("no CRS and coordinates that are not lon/lat: an error naming the file, never read as degrees")
  func missingCRS() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("feet.csv").path
    try "WKT,id\n\"POLYGON ((1170000 1900000,1171000 1900000,1171000 1901000,1170000 1900000))\",7\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    do {
      _ = try VectorDataset(path: path).readPolygons(in: WGS84LonLat.self)
      Issue.record("a projected file without a CRS was read")
    } catch {
      #expect(error.path == path)
      #expect(error.description.contains("declares no CRS"))
      #expect(error.description.contains("1170000"))
    }
  }

  @Test("a missing or unreadable file: GDAL's message and the path")
  func unreadable() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let missing = directory.appendingPathComponent("nothing.gpkg").path
    #expect { try VectorDataset(path: missing) } throws: { error in
      guard let error = error as? VectorError else { return false }
      return error.path == missing && error.operation == "open" && !error.message.isEmpty
    }
    let junk = directory.appendingPathComponent("junk.geojson").path
    try "{ not json".write(toFile: junk, atomically: true, encoding: .utf8)
    #expect { try VectorDataset(path: junk) } throws: { error in
      (error as? VectorError)?.description.hasPrefix(junk) == true
    }
  }

  @Test("attribute records of a table without geometry; a missing column is an error naming it")
  func records() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("table.csv").path
    try "tract,PLACE,P001001\n010100,14000,128\n770602,,300\n".write(toFile: path, atomically: true, encoding: .utf8)
    let rows = try VectorDataset(path: path).readRecords(fields: ["P001001", "tract", "PLACE"])
    // CSV fields are text: an empty field is "", not null.
    #expect(rows.map { $0.map { $0?.description } } == [["128", "010100", "14000"], ["300", "770602", ""]])
    #expect { try VectorDataset(path: path).readRecords(fields: ["tract", "POP"]) } throws: { error in
      (error as? VectorError)?.description == "\(path): fields: no column 'POP'"
    }
  }

  @Test(
    "real data: the zipped 2010 precinct shapefile (2,069 features, UTM 16N, TOTPOP 2,695,055)",
    .enabled(if: ProcessInfo.processInfo.environment["EQUITY_ATLAS_DATA"] != nil))
  func precincts() throws {
    let path = try TestData.file("census/mggg_chicago_precincts_2010census.zip")
    let layer = try VectorDataset(path: path).readPolygons(in: WGS84LonLat.self)
    #expect(layer.featureCount == 2069)
    #expect(layer.features.count == 2069)
    #expect(layer.rejections.isEmpty)
    #expect(layer.crs?.epsg == 26916)
    let total = layer.features.reduce(0.0) { $0 + ($1.attributes["TOTPOP"]?.number ?? .nan) }
    // Block counts were prorated onto precincts, so the sum is fractional.
    #expect(abs(total - 2_695_055) < 0.5)
    let x = layer.features[0].polygons[0].exterior.positions[0].x
    #expect(x > 420_000 && x < 460_000)
  }
}
