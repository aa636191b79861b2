import AtlasGeometry
import AtlasStore
import AtlasTestSupport
import Foundation
import Testing

@Suite("GeoPackage store")
struct GeoPackageTests {
  func sampleRows() -> [(polygons: [Polygon<WGS84LonLat>], values: [StoreValue])] {
    let tiles = squareTiling(columns: 2, rows: 1)
    var withHole = tiles.areas[1].polygons[0]
    withHole.holes = [
      Ring([
        Position(x: -87.688, y: 41.892), Position(x: -87.682, y: 41.892), Position(x: -87.682, y: 41.898),
        Position(x: -87.688, y: 41.898), Position(x: -87.688, y: 41.892),
      ])
    ]
    return [
      (tiles.areas[0].polygons, [.text("r0c0"), .real(1.5), .integer(7)]),
      ([withHole, tiles.areas[0].polygons[0]], [.text("r0c1"), .null, .integer(-2)]),
    ]
  }

  func write(_ path: String) throws {
    let writer = try GeoPackageWriter(path: path)
    try writer.addFeatureTable(
      "tiles", description: "test tiles",
      columns: [StoreColumn("area_id", .text), StoreColumn("score", .real), StoreColumn("count", .integer)], rows: sampleRows())
    try writer.addAttributeTable(
      "metrics", description: "long table", columns: [StoreColumn("metric", .text), StoreColumn("value", .real)],
      rows: [[.text("p90"), .real(3.25)], [.text("n"), .real(.nan)]])
    try writer.commit()
  }

  @Test("features and attributes round-trip: geometry bit for bit, values as typed")
  func roundTrip() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("atlas.gpkg").path
    try write(path)
    let reader = try GeoPackageReader(path: path)
    #expect(try reader.contents().map(\.table) == ["metrics", "tiles"])
    #expect(try reader.contents().map(\.dataType) == ["attributes", "features"])
    let rows = try reader.rows(of: "tiles")
    #expect(rows.map { $0["area_id"] } == [.text("r0c0"), .text("r0c1")])
    #expect(rows[0]["score"] == .real(1.5))
    #expect(rows[1]["score"] == .null)
    #expect(rows[1]["count"] == .integer(-2))
    let geometries = try reader.geometries(of: "tiles")
    let expected = sampleRows()
    #expect(geometries[1] == expected[0].polygons)
    #expect(geometries[2] == expected[1].polygons)
    // A non-finite real is stored as NULL, never as a string.
    #expect(try reader.rows(of: "metrics")[1]["value"] == .null)
  }

  /// GDAL is an independent GeoPackage implementation: it must open the file and list both
  /// tables (gdal-bin, installed by .ci/install-deps).
  @Test("ogrinfo opens the file and lists the layers")
  func ogrinfo() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("atlas.gpkg").path
    try write(path)
    let (status, output) = try runTool("/usr/bin/ogrinfo", ["-ro", "-so", "-al", path])
    #expect(status == 0, "\(output)")
    #expect(output.contains("Layer name: tiles"))
    #expect(output.contains("Geometry: Multi Polygon"))
    #expect(output.contains("Feature Count: 2"))
    #expect(output.contains("Layer name: metrics"))
    #expect(output.contains("area_id: String"))
    #expect(!output.contains("ERROR"))
  }

  @Test("an uncommitted writer leaves the previous file untouched and no partial file behind")
  func atomicity() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("atlas.gpkg").path
    try write(path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    do {
      let writer = try GeoPackageWriter(path: path)
      try writer.addAttributeTable("half", description: "", columns: [StoreColumn("x", .integer)], rows: [[.integer(1)]])
      // Dropped without commit(), as when a run fails half-way.
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["atlas.gpkg"])
  }
}
