import AtlasGeometry
import AtlasIO
import AtlasProjection
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasPipeline

/// Regression tests for the classes of bad input found by the 0.1.0 probe (shared/bad-inputs):
/// each fixture is written here, in the shape of the probe's input, made small.
@Suite("analyze: bad inputs are counted, refused or reported, never lost")
struct AnalyzeBadInputTests {
  static let header =
    "event_id,priority_code,call_type,received_at,dispatched_at,en_route_at,on_scene_at,cleared_at,longitude,latitude,beat,data_origin\n"
  /// A located call (ward 42, beat 0111 area) and its stages.
  static func call(
    _ id: String, priority: String = "1A", received: String = "2023-01-01T00:01:00-06:00", lon: String = "-87.6298", lat: String = "41.8781",
    beat: String = "111", origin: String = "synthetic"
  ) -> String {
    "\(id),\(priority),TEST,\(received),2023-01-01T00:02:00-06:00,,,2023-01-01T00:30:00-06:00,\(lon),\(lat),\(beat),\(origin)\n"
  }

  func write(_ text: String, name: String = "calls.csv") throws -> (URL, String) {
    let directory = try TestData.temporaryDirectory()
    let path = directory.appendingPathComponent(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return (directory, path)
  }

  func read(_ text: String, beats: Set<String> = ["111", "1533"]) throws -> CallTable {
    let (directory, path) = try write(text)
    defer { try? FileManager.default.removeItem(at: directory) }
    let extent = try TestData.layer("wards-2023").envelope
    return try CallTable.read(path: path, zone: try LocalTimeZone(), extent: extent) {
      beats.contains($0) ? nil : "beat '\($0)' is not a beat of police-beats"
    }
  }

  @Test("repro 04: a call without coordinates must name a known beat; unknown ones are rejected, not counted nowhere")
  func unknownBeats() throws {
    var text = Self.header + Self.call("1") + Self.call("2", lon: "", lat: "", beat: "0111")
    for (i, beat) in ["9999", "abc", "-1", "08 33"].enumerated() { text += Self.call("b\(i)", lon: "", lat: "", beat: beat) }
    let table = try read(text)
    #expect(table.count == 2)
    #expect(table.beat == [nil, "111"])
    #expect(table.accounting.rows("rejected: missing coordinate, and the beat is unknown") == 4)
    #expect(table.accounting.rowsRead == 6)
    #expect(table.accounting.isConsistent)
    #expect(table.accounting.examples.first?.contains("beat '9999' is not a beat of police-beats") == true)
  }

  @Test("repro 17: a repeated event_id is rejected as a duplicate and the first row kept")
  func duplicates() throws {
    let text = Self.header + Self.call("7") + Self.call("8") + Self.call("7", priority: "3A") + Self.call("7")
    let table = try read(text)
    #expect(table.count == 2)
    #expect(table.priorityCode == ["1A", "1A"])
    #expect(table.accounting.rows("rejected: duplicate event_id (the first row is kept)") == 2)
    #expect(table.accounting.examples.first?.hasSuffix("'7', first on line 2") == true)
  }

  @Test("A17: priority codes are CPD's (1A–1C, 2A–2D, 3A–3D or a bare level), trimmed, any case")
  func priorities() throws {
    let accepted = ["1A", " 1a", "2D ", "3", "3d"]
    let refused = ["1Z", "2E", "1 A", "4", "0", "P1", "", "1D", "12"]
    var text = Self.header
    for (i, code) in (accepted + refused).enumerated() { text += Self.call("p\(i)", priority: code) }
    let table = try read(text)
    #expect(table.priorityCode == ["1A", "1A", "2D", "3", "3D"])
    #expect(table.priority == [1, 1, 2, 3, 3])
    #expect(table.accounting.rows("rejected: unknown priority code (CPD codes are 1A–1C, 2A–2D, 3A–3D)") == refused.count)
  }

  @Test("repro 15: a stray quote that swallows whole records is rejected with the lines it spans, even with the right field count")
  func strayQuote() throws {
    // Line 3 opens a quote in call_type that line 6 closes: lines 4 and 5 are whole records.
    let text =
      Self.header + Self.call("1")
      + "2,1A,\"STRAY,2023-01-01T00:01:00-06:00,2023-01-01T00:02:00-06:00,,,,-87.6298,41.8781,111,synthetic\n"
      + Self.call("3") + Self.call("4")
      + "5,1A,TEST\",2023-01-01T00:01:00-06:00,2023-01-01T00:02:00-06:00,,,2023-01-01T00:30:00-06:00,-87.6298,41.8781,111,synthetic\n"
      + Self.call("6")
    let table = try read(text)
    #expect(table.count == 2)
    #expect(table.accounting.rowsRead == 3)
    #expect(table.accounting.rows("rejected: a stray quote: a quoted field swallowed lines that look like records") == 1)
    #expect(table.accounting.examples.first?.contains("lines 3–6 (4 physical lines) read as one record; 2 swallowed line(s)") == true)
    #expect(table.accounting.notes == ["1 rejected record(s) spanned 4 physical lines in all (quotes that ran over line ends)"])
  }

  @Test("a legitimate multi-line quoted field is kept")
  func multiLineText() throws {
    let text = Self.header + "1,1A,\"TWO\nLINES, of text\",2023-01-01T00:01:00-06:00,,,,,-87.6298,41.8781,111,real\n" + Self.call("2", origin: "real")
    let table = try read(text)
    #expect(table.count == 2)
    #expect(!table.isSynthetic)
  }

  @Test("repro 05: a synthetic file whose every row is rejected still says synthetic, with one outcome per reason, not per value")
  func syntheticAllRejected() throws {
    var text = Self.header
    for i in 0..<20 { text += Self.call("\(i)", received: "\(1_672_552_860 + i * 60)") }
    let table = try read(text)
    #expect(table.count == 0)
    #expect(table.isSynthetic)
    #expect(table.accounting.outcomes.count == 1)
    #expect(table.accounting.rows("rejected: unreadable or impossible received_at") == 20)
  }

  @Test("A03/A04: a missing stage or location column is noted, not silent")
  func missingColumns() throws {
    let text = "event_id,priority_code,received_at,beat\n1,1A,2023-01-01T00:01:00-06:00,111\n"
    let table = try read(text)
    #expect(table.count == 1)
    #expect(table.accounting.notes.contains("no location columns: every call is located by its beat only"))
    #expect(table.accounting.notes.contains("no dispatched_at column: every call counts as missing its dispatched time"))
  }
}

@Suite("analysis period in whole Chicago days")
struct AnalysisPeriodTests {
  @Test("hand-derived: --period 2023-01-01/2024-01-01 is 365 local days from 06:00 UTC")
  func parsed() throws {
    let period = try AnalysisPeriod(parsing: "2023-01-01/2024-01-01", zone: try LocalTimeZone())
    #expect(period.days == 365)
    // date -u -d '2023-01-01 06:00' +%s = 1672552800; 2024-01-01 06:00 UTC = 1704088800.
    #expect(period.start == 1_672_552_800)
    #expect(period.end == 1_704_088_800)
    #expect(period.end - period.start == 365 * 86_400)
  }

  @Test("a year of calls covers 365 local days, not 366 UTC days")
  func covering() throws {
    let zone = try LocalTimeZone()
    // First call 2023-01-01 00:00:30 CST, last 2023-12-31 23:59:00 CST (05:59 UTC on Jan 1).
    let period = AnalysisPeriod(covering: 1_672_552_830, 1_704_088_740, zone: zone, source: "calls")
    #expect(period.startDate == "2023-01-01")
    #expect(period.endDate == "2024-01-01")
    #expect(period.days == 365)
  }

  @Test("impossible or reversed periods are refused with the reason")
  func refused() throws {
    let zone = try LocalTimeZone()
    for bad in ["2023-02-30/2023-03-01", "2023-01-01", "2024-01-01/2023-01-01", "2023-1-1/2024-1-1", "2000-01-01/2030-01-01"] {
      #expect(throws: AnalysisPeriod.Error.self, "\(bad)") { try AnalysisPeriod(parsing: bad, zone: zone) }
    }
  }
}

@Suite("camera inventories and logs")
struct CameraInputTests {
  func files(_ contents: [String: String]) throws -> (URL, [String: String]) {
    let directory = try TestData.temporaryDirectory()
    var paths: [String: String] = [:]
    for (name, text) in contents {
      let path = directory.appendingPathComponent(name).path
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      paths[name] = path
    }
    return (directory, paths)
  }

  @Test("the Data Portal's speed, red-light and POD exports are read as they are (BOM, MM/DD/YYYY, LOCATION fallback)")
  func portalExports() throws {
    let (directory, paths) = try files([
      "speed.csv": "\u{FEFF}ID,LOCATION ID,ADDRESS,FIRST APPROACH,SECOND APPROACH,GO-LIVE DATE,LATITUDE,LONGITUDE,LOCATION\n"
        + "195,CHI015,3450 W 71st St,WB,EB,09/06/2013,41.7644,-87.7097,\"(41.7644, -87.7097)\"\n"
        + "232,CHI039,6247 W Fullerton Ave,EB,,12/21/2013,,,\"(41.9236, -87.7825)\"\n"
        + "233,CHI040,Nowhere,EB,,02/30/2014,41.9,-87.7,\n",
      "red.csv": "\u{FEFF}INTERSECTION,FIRST APPROACH,SECOND APPROACH,THIRD APPROACH,GO LIVE DATE,LATITUDE,LONGITUDE,LOCATION\n"
        + "Damen-Fullerton,EB,,,02/17/2006,41.92499,-87.6779,\"(41.92499, -87.6779)\"\n"
        + ",EB,,,02/17/2006,41.9,-87.6,\n",
      "pod.csv": "id,year,latitude,longitude,locations\n6,2011.9.22 12:39,41.916827,-87.727944,\"4035 W ARMITAGE AVE, Chicago, IL, United States\"\n"
        + "8,2011.9.8 8:17,,,\"somewhere\"\n",
    ])
    defer { try? FileManager.default.removeItem(at: directory) }
    let table = try CameraTable.read(
      inventories: [paths["speed.csv"]!, paths["red.csv"]!, paths["pod.csv"]!], log: nil, period: nil, zone: try LocalTimeZone())
    #expect(table.ids == ["speed-195", "speed-232", "red-light-Damen-Fullerton", "POD-6"])
    #expect(table.types == ["speed", "speed", "red-light", "POD"])
    #expect(table.longitude[1] == -87.7825 && table.latitude[1] == 41.9236)
    #expect(!table.uptimeMeasured)
    #expect(table.uptime.allSatisfy { $0.isNaN })
    let accountings = table.inventoryAccountings
    #expect(accountings.map(\.rowsRead) == [3, 2, 2])
    #expect(accountings[0].rows("rejected: unreadable or impossible install date") == 1)
    #expect(accountings[1].rows("rejected: missing camera id") == 1)
    #expect(accountings[2].rows("rejected: no usable location") == 1)
    #expect(accountings[0].notes == ["read as City of Chicago Data Portal export: Speed Camera Locations (profile chicago-speed)"])
    #expect(accountings.allSatisfy { $0.isConsistent })
  }

  @Test("an unknown inventory layout is refused naming the file and the layouts known")
  func unknownLayout() throws {
    let (directory, paths) = try files(["x.csv": "name,lat,lon\na,41.9,-87.7\n"])
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect {
      try CameraTable.read(inventories: [paths["x.csv"]!], log: nil, period: nil, zone: try LocalTimeZone())
    } throws: { error in
      "\(error)".contains(paths["x.csv"]!) && "\(error)".contains("Speed Camera Locations")
    }
  }

  @Test("repro 07: an outage beyond the period is clipped and noted; one wholly outside is counted as such")
  func clipping() throws {
    let (directory, paths) = try files([
      "cameras.csv": "camera_id,type,install_date,longitude,latitude\nA,POD,2020-01-01,-87.7,41.9\nB,POD,,-87.6,41.8\n",
      "camera_outages.csv":
        "camera_id,status,start,end\nA,down,2020-01-01T00:00:00,2030-01-01T00:00:00\nB,down,2019-01-01T00:00:00,2019-02-01T00:00:00\n"
        + "B,down,2023-03-01T00:00:00,2023-03-02T00:00:00\n",
    ])
    defer { try? FileManager.default.removeItem(at: directory) }
    let zone = try LocalTimeZone()
    let period = try AnalysisPeriod(parsing: "2023-01-01/2024-01-01", zone: zone)
    let table = try CameraTable.read(inventories: [paths["cameras.csv"]!], log: paths["camera_outages.csv"], period: period, zone: zone)
    #expect(table.uptime[0] == 0)
    #expect(table.outageHours[0] == 365 * 24)
    #expect(table.outageHours[1] == 24)
    #expect(abs(table.uptime[1] - (1 - 1.0 / 365)) < 1e-12)
    let log = try #require(table.logAccounting)
    #expect(log.rows("applied") == 2)
    #expect(log.rows("outside the analysis period") == 1)
    #expect(log.notes == ["1 outage(s) extend beyond the analysis period 2023-01-01/2024-01-01 and were clipped to it"])
  }

  @Test(
    "a violations export is its own inventory and an activity log: conflict markers, empty rows and unlocated cameras rejected; the day share is a proxy"
  )
  func violationsExport() throws {
    let header = "INTERSECTION,CAMERA ID,ADDRESS,VIOLATION DATE,VIOLATIONS,X COORDINATE,Y COORDINATE,LATITUDE,LONGITUDE,LOCATION\n"
    let located = ",1171960.0,1887180.0,41.85,-87.65,\"(41.85, -87.65)\"\n"
    let text =
      header
      + "A AND B,100,1 W A ST,7/1/2014,3,,,,,\n"  // camera 100 located only on a later row
      + "A AND B,100,1 W A ST,7/2/2014,1" + located
      + "<<<<<<< HEAD\n" + ",,,,,,,,,\n" + ",,,,,,,,,\n" + "=======\n"
      + "C AND D,200,2 W C ST,7/10/2014,2,,,,,\n"  // camera 200 never located
      + "E AND F,,3 W E ST,7/3/2014,1" + located  // blank id
      + "A AND B,100,1 W A ST,7/31/2014,5" + located
      + "A AND B,100,1 W A ST,7/32/2014,5" + located  // impossible date
      + ">>>>>>> refs/remotes/x/master\n"
    let (directory, paths) = try files(["violations.csv": text])
    defer { try? FileManager.default.removeItem(at: directory) }
    let zone = try LocalTimeZone()
    let path = paths["violations.csv"]!
    var inputs = InputFiles()
    inputs.cameraLog = path
    try inputs.validate()
    #expect(inputs.inventories == [path])
    let period = try #require(try CameraFamily.logPeriod(path, zone: zone))
    #expect(period.startDate == "2014-07-01" && period.endDate == "2014-08-01" && period.days == 31)
    let table = try CameraTable.read(inventories: [path], log: path, period: period, zone: zone)
    #expect(table.ids == ["camera-100"])
    #expect(table.types == ["red-light"])
    #expect(table.uptimeIsActivityProxy)
    // Days 7/1, 7/2 and 7/31 of 31.
    #expect(table.uptime == [3.0 / 31])
    let inventory = table.inventoryAccountings[0]
    #expect(inventory.rowsRead == 11)
    #expect(inventory.rows("read") == 1)
    #expect(inventory.rows("another day of a camera already listed") == 3)
    #expect(inventory.rows("rejected: a version-control conflict marker line, not data") == 3)
    #expect(inventory.rows("rejected: an empty row (separators only)") == 2)
    #expect(inventory.rows("rejected: no usable location in any of this camera's rows") == 1)
    #expect(inventory.rows("rejected: missing camera id") == 1)
    #expect(inventory.isConsistent)
    let log = try #require(table.logAccounting)
    #expect(log.file == path + " (as camera activity log)")
    #expect(log.rows("applied") == 3)
    #expect(log.rows("rejected: unreadable or impossible violation date (expected M/d/yyyy)") == 1)
    #expect(log.rowsRead == 11 && log.isConsistent)
  }

  @Test("the real 2014 violations export: 2,150 data rows of 307 cameras, 1,878 junk rows rejected with reasons")
  func realViolations() throws {
    let path = try TestData.file("real/chicago_red_light_camera_violations_2014_partial.csv")
    guard FileManager.default.fileExists(atPath: path) else { return }
    let zone = try LocalTimeZone()
    let period = try #require(try CameraFamily.logPeriod(path, zone: zone))
    let table = try CameraTable.read(inventories: [path], log: path, period: period, zone: zone)
    let inventory = table.inventoryAccountings[0]
    // PROVENANCE.md: 3 marker lines, 1,875 comma-only lines, 5 blank ids, 21 of 307 cameras never located (738 rows).
    #expect(inventory.rowsRead == 4_028)
    #expect(inventory.rows("rejected: a version-control conflict marker line, not data") == 3)
    #expect(inventory.rows("rejected: an empty row (separators only)") == 1_875)
    #expect(inventory.rows("rejected: missing camera id") == 5)
    #expect(table.count == 307 - 21)
    #expect(
      inventory.rows("read") + inventory.rows("another day of a camera already listed")
        + inventory.rows("rejected: no usable location in any of this camera's rows") == 2_145)
    #expect(table.logAccounting?.rows("applied") == 2_145 - inventory.rows("rejected: no usable location in any of this camera's rows"))
  }

  @Test("a camera log without a period is refused, naming the file and --period")
  func logNeedsPeriod() throws {
    let (directory, paths) = try files([
      "cameras.csv": "camera_id,type,install_date,longitude,latitude\nA,POD,,-87.7,41.9\n",
      "camera_outages.csv": "camera_id,status,start,end\nA,down,2023-01-01T00:00:00,2023-01-02T00:00:00\n",
    ])
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect {
      try CameraTable.read(inventories: [paths["cameras.csv"]!], log: paths["camera_outages.csv"], period: nil, zone: try LocalTimeZone())
    } throws: { error in "\(error)".contains("--period") && "\(error)".contains("camera_outages.csv") }
  }
}

@Suite("input files: every file used or reported")
struct InputFilesTests {
  func directory(_ names: [String]) throws -> URL {
    let directory = try TestData.temporaryDirectory()
    for name in names { try Data("x\n".utf8).write(to: directory.appendingPathComponent(name)) }
    return directory
  }

  @Test("A60/A61: misnamed and unknown files are reported with a suggestion; truth.json is said to be no input")
  func unknownNames() throws {
    let dir = try directory(["calls.csv", "Calls.csv", "coverage.json", "notes.txt", "truth.json"])
    defer { try? FileManager.default.removeItem(at: dir) }
    var files = InputFiles()
    try files.addDirectory(dir.path)
    #expect(files.calls == dir.appendingPathComponent("calls.csv").path)
    let reasons = Dictionary(uniqueKeysWithValues: files.ignored.map { (URL(fileURLWithPath: $0.file).lastPathComponent, $0.reason) })
    #expect(reasons["Calls.csv"]?.contains("did you mean calls.csv?") == true)
    #expect(reasons["coverage.json"]?.contains("did you mean coverage.geojson?") == true)
    #expect(reasons["notes.txt"]?.hasPrefix("not an input name analyze knows") == true)
    #expect(reasons["truth.json"]?.contains("not an input") == true)
  }

  @Test("A37: an outage log and a daily uptime file together are an error")
  func bothLogs() throws {
    let dir = try directory(["cameras.csv", "camera_outages.csv", "camera_uptime_daily.csv"])
    defer { try? FileManager.default.removeItem(at: dir) }
    var files = InputFiles()
    #expect(throws: InputFilesError.self) { try files.addDirectory(dir.path) }
  }

  @Test("A38: a camera log without an inventory is refused")
  func logWithoutInventory() throws {
    let dir = try directory(["camera_outages.csv"])
    defer { try? FileManager.default.removeItem(at: dir) }
    var files = InputFiles()
    try files.addDirectory(dir.path)
    #expect { try files.validate() } throws: { "\($0)".contains("needs the camera inventory") }
  }
}

@Suite("GeoJSON service inputs")
struct GeoJSONInputTests {
  static func collection(_ features: [String], extra: String = "") -> [UInt8] {
    Array("{\"type\":\"FeatureCollection\"\(extra),\"features\":[\(features.joined(separator: ","))]}".utf8)
  }
  static let square =
    "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-87.7,41.8],[-87.6,41.8],[-87.6,41.9],[-87.7,41.9],[-87.7,41.8]]]}}"

  @Test("J36: an empty MultiPolygon, projected coordinates and a foreign crs are refused; CRS84 and NAD83 are read")
  func refusals() throws {
    let empty = "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[]}}"
    let feet =
      "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[1100000,1900000],[1110000,1900000],[1110000,1910000],[1100000,1900000]]]}}"
    #expect(throws: GeoJSON.ReadError.malformedCoordinates(feature: 1, reason: "an empty MultiPolygon")) {
      try GeoJSON.readFeatures(Self.collection([Self.square, empty]))
    }
    #expect(throws: GeoJSON.ReadError.notLonLat(feature: 0, x: 1_100_000, y: 1_900_000)) { try GeoJSON.readFeatures(Self.collection([feet])) }
    let stateplane = ",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::3435\"}}"
    #expect(throws: GeoJSON.ReadError.declaredCRS("urn:ogc:def:crs:EPSG::3435")) {
      try GeoJSON.readFeatures(Self.collection([Self.square], extra: stateplane))
    }
    for name in ["urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4269", "EPSG:4326"] {
      let declared = ",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"\(name)\"}}"
      #expect(try GeoJSON.readFeatures(Self.collection([Self.square], extra: declared)).count == 1)
    }
  }

  @Test("A42/A46/A50: a bad feature is rejected alone with its reason; a bow-tie is repaired and the repair noted")
  func polygonInput() throws {
    let bowtie =
      "{\"type\":\"Feature\",\"properties\":{\"k\":\"b\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-87.7,41.8],[-87.6,41.9],[-87.6,41.8],[-87.7,41.9],[-87.7,41.8]]]}}"
    let collection = "{\"type\":\"Feature\",\"properties\":{\"k\":\"c\"},\"geometry\":{\"type\":\"GeometryCollection\",\"geometries\":[]}}"
    let unnamed = Self.square
    let named = Self.square.replacingOccurrences(of: "\"properties\":{}", with: "\"properties\":{\"k\":\"a\"}")
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("zones.geojson").path
    try Data(Self.collection([named, bowtie, collection, unnamed])).write(to: URL(fileURLWithPath: path))
    let input = try PolygonInput(path: path, toFeet: try Transformer<WGS84LonLat, IllinoisEastFtUS>()) { _, p in
      p["k"].map { .key($0) } ?? .rejected("no k property")
    }
    #expect(input.groups.map { $0.key } == ["a", "b"])
    #expect(input.accounting.rows("read") == 2)
    #expect(input.accounting.rows("rejected: geometry type GeometryCollection is not Polygon or MultiPolygon") == 1)
    #expect(input.accounting.rows("rejected: no k property") == 1)
    #expect(input.accounting.notes.count == 1)
    #expect(input.accounting.notes.first?.hasPrefix("feature 1: area b: Self-intersection") == true)
    // Not JSON: the error names the file.
    try Data("<html>".utf8).write(to: URL(fileURLWithPath: path))
    #expect { try PolygonInput(path: path, toFeet: try Transformer<WGS84LonLat, IllinoisEastFtUS>()) { _, _ in .key("x") } } throws: {
      "\($0)".hasPrefix(path)
    }
  }

  @Test("issue 9: coverage as a GeoPackage in State Plane feet and as a zipped shapefile reads as the GeoJSON does; no CRS on feet is refused")
  func otherFormats() throws {
    let a = Self.square.replacingOccurrences(of: "\"properties\":{}", with: "\"properties\":{\"k\":\"a\"}")
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let geojson = directory.appendingPathComponent("c.geojson").path
    try Data(Self.collection([a])).write(to: URL(fileURLWithPath: geojson))
    let gpkg = directory.appendingPathComponent("c.gpkg").path
    let shp = directory.appendingPathComponent("c.shp").path
    #expect(try runTool("/usr/bin/ogr2ogr", ["-f", "GPKG", "-t_srs", "EPSG:3435", gpkg, geojson]).status == 0)
    #expect(try runTool("/usr/bin/ogr2ogr", ["-f", "ESRI Shapefile", shp, geojson]).status == 0)
    let zipped = directory.appendingPathComponent("c.zip").path
    #expect(
      try runTool(
        "/usr/bin/python3",
        [
          "-c",
          "import zipfile,sys,glob; z=zipfile.ZipFile(sys.argv[1],'w'); [z.write(f, f.split('/')[-1]) for f in glob.glob(sys.argv[2]+'/c.*') if not f.endswith(('.zip','.gpkg','.geojson'))]; z.close()",
          zipped, directory.path,
        ]
      ).status == 0)
    let toFeet = try Transformer<WGS84LonLat, IllinoisEastFtUS>()
    func read(_ path: String) throws -> PolygonInput {
      try PolygonInput(path: path, toFeet: toFeet) { _, p in p["k"].map { .key($0) } ?? .rejected("no k") }
    }
    let reference = try read(geojson).groups[0].polygons[0].exterior.positions
    for path in [gpkg, zipped] {
      let input = try read(path)
      #expect(input.groups.map { $0.key } == ["a"], "\(path)")
      let positions = input.groups[0].polygons[0].exterior.positions
      #expect(positions.count == reference.count, "\(path)")
      // The same vertices (a writer may start the ring elsewhere or reverse it). GeoPackage: WGS 84 →
      // 3435 by ogr2ogr, back by PROJ, then to feet again: a round trip of well under a millimetre.
      var largest = 0.0
      for p in positions { largest = max(largest, reference.map { max(abs(p.x - $0.x), abs(p.y - $0.y)) }.min()!) }
      #expect(largest < 1e-3, "\(path)")
    }
    #expect(try read(gpkg).accounting.notes.contains("read through GDAL and reprojected from EPSG:3435 to WGS 84 with PROJ"))
    // State Plane feet with the CRS stripped: refused, never read as degrees.
    let bare = directory.appendingPathComponent("bare.csv").path
    try Data("WKT,k\n\"POLYGON ((1100000 1900000,1110000 1900000,1110000 1910000,1100000 1900000))\",a\n".utf8).write(to: URL(fileURLWithPath: bare))
    #expect { try read(bare) } throws: { "\($0)".hasPrefix(bare) }
  }

  @Test("repro 09: fleet zones naming an unknown base, a duplicate zone, a zone without an id, and duplicate bases are rejected or reported")
  func fleet() throws {
    func zone(_ properties: String) -> String { Self.square.replacingOccurrences(of: "\"properties\":{}", with: "\"properties\":{\(properties)}") }
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let zones = directory.appendingPathComponent("fleet_zones.geojson").path
    try Data(
      Self.collection([
        zone("\"zone_id\":\"z1\",\"service\":\"police\",\"base_id\":\"police-1\""),
        zone("\"zone_id\":\"z2\",\"service\":\"police\",\"base_id\":\"police-99\""),
        zone("\"zone_id\":\"z1\",\"service\":\"police\",\"base_id\":\"police-1\""),
        zone("\"service\":\"fire\""),
        zone("\"zone_id\":\"z3\",\"service\":\"fire\""),
      ])
    ).write(to: URL(fileURLWithPath: zones))
    let bases = directory.appendingPathComponent("fleet_bases.csv").path
    try Data(
      "base_id,service,name,longitude,latitude\npolice-1,police,One,-87.65,41.85\npolice-1,police,Again,-87.66,41.86\n,fire,No id,-87.6,41.8\n".utf8
    )
    .write(to: URL(fileURLWithPath: bases))
    let toFeet = try Transformer<WGS84LonLat, IllinoisEastFtUS>()
    let read = try FleetMetrics.readBases(path: bases, toFeet: toFeet)
    #expect(read.bases.map(\.id) == ["police-1"])
    #expect(read.accounting.rows("rejected: duplicate base_id") == 1 && read.accounting.rows("rejected: empty base_id") == 1)
    let fleet = try FleetZones(path: zones, toFeet: toFeet, baseIDs: Set(read.bases.map(\.id)))
    let accounting = fleet.input.accounting
    #expect(fleet.input.groups.map { $0.key } == ["z1", "z2", "z3"])
    #expect(accounting.rows("read") == 1)
    #expect(accounting.rows("read; base_id not among the fleet bases, so no distance to its base") == 1)
    #expect(accounting.rows("read; no base_id, so no distance to its base") == 1)
    #expect(accounting.rows("rejected: duplicate zone_id") == 1)
    #expect(accounting.rows("rejected: no zone_id property") == 1)
    #expect(accounting.notes == ["zones naming a base that is not in the fleet bases: z2 → police-99"])
    #expect(accounting.rowsRead == 5 && accounting.isConsistent)
  }
}
