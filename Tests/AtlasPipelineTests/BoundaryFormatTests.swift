import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasTestSupport
import Foundation
import Testing

/// A registered boundary layer whose file is not GeoJSON loads through GDAL and joins exactly
/// as the GeoJSON original: each file here is converted from the real police-districts layer
/// with `ogr2ogr` (gdal-bin) in the test itself. Each file has a base name of its own: GDAL
/// reads `NAME.prj` beside `NAME.csv` as the CSV's CRS.
@Suite("Boundary layers in the formats GDAL reads")
struct BoundaryFormatTests {
  static let layerID = "police-districts"

  /// Runs `ogr2ogr ARGS` and fails the test with its output when it fails.
  func ogr2ogr(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["ogr2ogr"] + arguments
    let pipe = Pipe()
    process.standardError = pipe
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "ogr2ogr \(arguments.joined(separator: " ")) failed (is gdal-bin installed?): \(output)")
  }

  /// The bundled manifest with the police-districts layer at `path` (inside `directory`).
  func manifest(path: String, layer: String? = nil, sha256: String? = nil) throws -> BoundaryManifest {
    var manifest = try BoundaryManifest.bundled()
    var spec = try manifest.layers(named: [Self.layerID])[0]
    spec.path = path
    spec.layer = layer
    if let sha256 { spec.sha256 = sha256 }
    manifest.layers = [spec]
    return manifest
  }

  /// Seeded points over the layer's envelope padded by a tenth (some fall outside).
  func points(around envelope: Envelope, count: Int = 4_000) -> [(Double, Double)] {
    var generator = SeededGenerator(seed: 20_261_130)
    let padX = (envelope.maxX - envelope.minX) / 10
    let padY = (envelope.maxY - envelope.minY) / 10
    return (0..<count).map { _ in
      (
        Double.random(in: envelope.minX - padX...envelope.maxX + padX, using: &generator),
        Double.random(in: envelope.minY - padY...envelope.maxY + padY, using: &generator)
      )
    }
  }

  @Test(
    "GeoPackage (EPSG:3435, second layer beside it), shapefile plain (EPSG:3435) and zipped, FlatGeobuf and CSV with WKT: same areas and the same assignment of 4,000 points as the GeoJSON"
  )
  func sameJoin() throws {
    let data = try TestData.directory
    let original = try BoundaryManifest.bundled()
    let source = data.file(try original.layers(named: [Self.layerID])[0].path).path
    let reference = try JoinEngine.load(layerIDs: [Self.layerID], from: data, manifest: original, rule: .southEastExact)
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    func out(_ name: String) -> String { directory.appendingPathComponent(name).path }
    try ogr2ogr(["-t_srs", "EPSG:3435", "-nln", "districts", out("districts.gpkg"), source])
    try ogr2ogr(["-update", "-nln", "other", out("districts.gpkg"), source])
    try ogr2ogr(["-t_srs", "EPSG:3435", out("districts.shp"), source])
    try ogr2ogr(["-f", "ESRI Shapefile", out("zipped.shp.zip"), source])
    try ogr2ogr(["-f", "FlatGeobuf", out("flat.fgb"), source])
    try ogr2ogr(["-f", "CSV", "-lco", "GEOMETRY=AS_WKT", out("wkt.csv"), source])
    let probes = points(around: reference.layers[0].envelope)
    let expected = probes.map { reference.areaID(reference.locate(lon: $0.0, lat: $0.1)[0], layer: 0) }
    #expect(expected.compactMap { $0 }.count > 1_000)  // a third of the probes are inside the city
    for (file, layer) in [("districts.gpkg", "districts"), ("districts.shp", nil), ("zipped.shp.zip", nil), ("flat.fgb", nil), ("wkt.csv", nil)] {
      let engine = try JoinEngine.load(
        layerIDs: [Self.layerID], from: DataDirectory(url: directory), manifest: manifest(path: file, layer: layer), rule: .southEastExact)
      // FlatGeobuf stores features in spatial-index order, so areas are compared by id.
      func names(_ layer: Layer<WGS84LonLat>) -> [String: String] { Dictionary(uniqueKeysWithValues: layer.areas.map { ($0.id, $0.name) }) }
      #expect(names(engine.layers[0]) == names(reference.layers[0]), "\(file)")
      #expect(engine.layers[0].featureCount == 25, "\(file)")
      let assigned = probes.map { engine.areaID(engine.locate(lon: $0.0, lat: $0.1)[0], layer: 0) }
      #expect(zip(assigned, expected).filter { $0 != $1 }.count == 0, "\(file)")
    }
  }

  @Test("the sha256 is the file's: the verified digest of a GeoPackage matches, another does not; counts still checked")
  func digest() throws {
    let data = try TestData.directory
    let source = data.file(try BoundaryManifest.bundled().layers(named: [Self.layerID])[0].path).path
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try ogr2ogr([directory.appendingPathComponent("d.gpkg").path, source])
    let digest = try sha256Hex(ofFile: directory.appendingPathComponent("d.gpkg").path)
    let spec = try manifest(path: "d.gpkg", sha256: digest).layers[0]
    let verified = BoundaryStatus.check(spec, in: DataDirectory(url: directory))
    #expect(verified.sha256Matches)
    #expect(verified.state == .valid(areas: 23, features: 25))
    var other = spec
    other.sha256 = String(repeating: "0", count: 64)
    #expect(!BoundaryStatus.check(other, in: DataDirectory(url: directory)).sha256Matches)
  }

  @Test("refused naming the file: projected coordinates without a CRS, a GeoPackage of two layers without a layer name, a layer name it lacks")
  func refusals() throws {
    let data = try TestData.directory
    let source = data.file(try BoundaryManifest.bundled().layers(named: [Self.layerID])[0].path).path
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    func out(_ name: String) -> String { directory.appendingPathComponent(name).path }
    try ogr2ogr(["-t_srs", "EPSG:3435", out("feet.shp"), source])
    try FileManager.default.removeItem(atPath: out("feet.prj"))
    try ogr2ogr(["-nln", "districts", out("two.gpkg"), source])
    try ogr2ogr(["-update", "-nln", "other", out("two.gpkg"), source])
    func failure(_ path: String, layer: String? = nil) throws -> String {
      do {
        _ = try DataDirectory(url: directory).loadBoundaryLayer(manifest(path: path, layer: layer).layers[0])
        return "loaded"
      } catch { return "\(error)" }
    }
    let feet = try failure("feet.shp")
    #expect(feet.hasPrefix(out("feet.shp") + ": "))
    #expect(feet.contains("declares no CRS and its coordinates are not longitude/latitude"))
    let two = try failure("two.gpkg")
    #expect(two.hasPrefix(out("two.gpkg") + ": "))
    #expect(two.contains("the file holds 2 layers (districts, other)"))
    #expect(try failure("two.gpkg", layer: "districts") == "loaded")
    #expect(try failure("two.gpkg", layer: "wards").contains("no such layer; the file has: districts, other"))
  }
}
