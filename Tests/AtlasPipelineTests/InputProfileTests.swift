import AtlasGeometry
import AtlasIO
import AtlasProjection
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasPipeline

/// `FILE@PROFILE` for every input kind: one YAML format with `kind:`, one parser, built-in
/// names for the recognised layouts, and a profile of the wrong kind refused by name. Each
/// fixture is written by the test in the shape of a real file.
@Suite("Profiles for cameras, camera logs and polygons")
struct InputProfileTests {
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

  static let county = """
    CAM_NO,KIND,LIVE_DATE,X,Y,ALT_ID
    7,PTZ,06/01/2023 00:00:00,1174000,1901000,
    N/A,,06/15/2023 00:00:00,1174000,1901000,B-2
    9,POD,02/30/2023 00:00:00,1174000,1901000,
    10,POD,,-9999,-9999,
    N/A,POD,,1174000,1901000,N/A

    """
  static let countyProfile = """
    kind: cameras
    name: county
    columns: {id: [CAM_NO, ALT_ID], type: KIND, installed: LIVE_DATE}
    id_prefix: "county-"
    location: {x: X, y: Y, crs: "EPSG:3435"}
    date_formats: ["MM/dd/yyyy HH:mm:ss"]
    missing: ["", "N/A", "-9999"]
    """
  static let outageProfile = """
    kind: camera-log
    name: county-outages
    log: outages
    columns: {camera_id: CAM, status: STATE, start: DOWN_AT, end: UP_AT}
    down: [OFFLINE]
    id_prefix: "county-"
    time_formats: ["MM/dd/yyyy HH:mm"]
    missing: ["", "NULL"]
    """

  @Test(
    "a cameras profile: id columns in order with a prefix, a type column, X/Y in EPSG:3435, a date format and missing sentinels; an outage log profile with its own status words"
  )
  func customCameras() throws {
    let (directory, paths) = try files([
      "county.csv": Self.county, "county.yaml": Self.countyProfile, "outages.yaml": Self.outageProfile,
      "outages.csv": "CAM,STATE,DOWN_AT,UP_AT\n7,OFFLINE,07/04/2023 12:00,07/05/2023 12:00\n7,online,07/06/2023 12:00,07/07/2023 12:00\n"
        + "B-2,offline,08/01/2023 00:00,NULL\n99,OFFLINE,08/01/2023 00:00,08/02/2023 00:00\n",
    ])
    defer { try? FileManager.default.removeItem(at: directory) }
    let zone = try LocalTimeZone()
    let period = try AnalysisPeriod(parsing: "2023-01-01/2024-01-01", zone: zone)
    let profiles = [
      paths["county.csv"]!: try InputProfile.named(paths["county.yaml"]!, for: .cameras),
      paths["outages.csv"]!: try InputProfile.named(paths["outages.yaml"]!, for: .cameraLog),
    ]
    let table = try CameraTable.read(inventories: [paths["county.csv"]!], log: paths["outages.csv"], period: period, zone: zone, profiles: profiles)
    #expect(table.ids == ["county-7", "county-B-2"])
    #expect(table.types == ["PTZ", "unknown"])
    // `echo "1174000 1901000" | cs2cs -f %.7f EPSG:3435 EPSG:4326` gives 41.8837532 -87.6365112.
    #expect(abs(table.longitude[0] - -87.6365112) < 1e-7 && abs(table.latitude[0] - 41.8837532) < 1e-7)
    let inventory = table.inventoryAccountings[0]
    #expect(inventory.rowsRead == 5)
    #expect(inventory.rows("read") == 2)
    #expect(inventory.rows("rejected: unreadable or impossible install date") == 1)
    #expect(inventory.rows("rejected: no usable location") == 1)
    #expect(inventory.rows("rejected: missing camera id") == 1)
    #expect(inventory.notes.first == "read as profile county")
    // Installed 2023-06-01 00:00 CDT (05:00Z); the period ends 2024-01-01 00:00 CST (06:00Z):
    // 214 days and the hour DST gave back. Down 12:00 4 July to 12:00 5 July CDT: 86,400 s.
    #expect(abs(table.uptime[0] - (1 - 86_400.0 / (214 * 86_400 + 3_600))) < 1e-15)
    #expect(table.outageHours[0] == 24)
    #expect(table.uptime[1] == 1)
    let log = try #require(table.logAccounting)
    #expect(log.rowsRead == 4)
    #expect(log.rows("applied") == 1)
    #expect(log.rows("not an outage (status other than 'offline')") == 1)
    #expect(log.rows("rejected: unreadable or impossible start or end") == 1)
    #expect(log.rows("rejected: camera not in the inventory (or its inventory row was rejected)") == 1)
    #expect(log.notes == ["read as profile county-outages"])
    #expect(inventory.isConsistent && log.isConsistent)
  }

  @Test(
    "built-in names force a layout: chicago-speed reads a 2022 export without ID (ids from ADDRESS); chicago-pod on a speed export is refused naming the file and the columns it lacks"
  )
  func forcedBuiltIns() throws {
    let (directory, paths) = try files([
      "speed2022.csv": "ADDRESS,FIRST APPROACH,SECOND APPROACH,GO-LIVE DATE,LATITUDE,LONGITUDE,LOCATION\n"
        + "819 E 71st St (Speed Camera),EB,WB,08/20/2018,41.765836,-87.6036,\"(41.765836, -87.6036)\"\n"
    ])
    defer { try? FileManager.default.removeItem(at: directory) }
    let zone = try LocalTimeZone()
    let path = paths["speed2022.csv"]!
    let speed = try CameraTable.read(
      inventories: [path], log: nil, period: nil, zone: zone, profiles: [path: try InputProfile.named("chicago-speed", for: .cameras)])
    #expect(speed.ids == ["speed-819 E 71st St (Speed Camera)"])
    #expect(speed.types == ["speed"])
    #expect {
      try CameraTable.read(
        inventories: [path], log: nil, period: nil, zone: zone, profiles: [path: try InputProfile.named("chicago-pod", for: .cameras)])
    } throws: { error in
      "\(error)".hasPrefix(path + ": the camera profile chicago-pod reads columns the file lacks: id, year, locations")
    }
  }

  @Test("a profile of the wrong kind is refused naming the file or built-in, its kind and the flag's; unknown kinds and mixed locations too")
  func wrongKind() throws {
    let (directory, paths) = try files([
      "cams.yaml": Self.countyProfile, "odd.yaml": "kind: camera\ncolumns: {id: A}\n",
      "both.yaml": "columns: {priority: P, received: R}\nlocation: {longitude: LON, latitude: LAT, point: LOC}\n",
    ])
    defer { try? FileManager.default.removeItem(at: directory) }
    func message(_ name: String, _ kind: InputKind) -> String {
      do { return "loaded \(try InputProfile.named(name, for: kind).name)" } catch { return "\(error)" }
    }
    #expect(
      message("chicago-speed", .calls).hasPrefix(
        "the built-in profile 'chicago-speed' is a cameras profile (kind: cameras, for --cameras), not a calls profile (for --calls): use equity-atlas, seattle-spd, sf-fire, or a YAML file with kind: calls"
      ))
    #expect(
      message("seattle-spd", .cameraLog).contains(
        "not a camera-log profile (for --camera-log): use chicago-violations, equity-atlas-outages, equity-atlas-uptime-daily, or"))
    #expect(message(paths["cams.yaml"]!, .cameraLog).hasPrefix(paths["cams.yaml"]! + " is a cameras profile"))
    #expect(message(paths["cams.yaml"]!, .cameras) == "loaded county")
    #expect(message(paths["odd.yaml"]!, .cameras).hasPrefix(paths["odd.yaml"]! + ": unknown kind 'camera'"))
    #expect(message(paths["both.yaml"]!, .calls).contains("location takes longitude + latitude, or point, not both"))
    #expect(message("no-such", .polygons) == "'no-such' is neither a built-in polygons profile () nor a profile file")
  }

  @Test("every built-in profile parses with the one parser, names are unique, and each kind has its built-ins")
  func builtIns() {
    #expect(Set(InputProfile.builtInYAML.map(\.name)).count == InputProfile.builtInYAML.count)
    #expect(InputProfile.builtInNames(of: .cameras) == ["chicago-pod", "chicago-red-light", "chicago-speed", "equity-atlas-cameras"])
    #expect(InputProfile.builtInNames(of: .cameraLog) == ["chicago-violations", "equity-atlas-outages", "equity-atlas-uptime-daily"])
    for (name, yaml) in InputProfile.builtInYAML { #expect((try? InputProfile(yaml: yaml, origin: name))?.name == name) }
  }

  @Test("a polygons profile maps the file's columns and fixed values onto the coverage key, and picks the layer of a two-layer GeoPackage")
  func polygons() throws {
    func feature(_ properties: String, _ x: Double) -> String {
      "{\"type\":\"Feature\",\"properties\":{\(properties)},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[\(x),41.88],[\(x + 0.01),41.88],[\(x + 0.01),41.89],[\(x),41.89],[\(x),41.88]]]}}"
    }
    let geojson =
      "{\"type\":\"FeatureCollection\",\"features\":["
      + [
        feature("\"CARRIER\":\"Acme\",\"TECH\":\"5G-NR 7/1\"", -87.65), feature("\"CARRIER\":\"Acme\",\"TECH\":\"5G-NR 7/1\"", -87.63),
        feature("\"TECH\":\"4G LTE 5/1\"", -87.61),
      ].joined(separator: ",") + "]}"
    let (directory, paths) = try files([
      "fcc.geojson": geojson,
      "fcc.yaml": "kind: polygons\nname: fcc\ncolumns: {provider: CARRIER, technology: TECH}\nvalues: {environment: outdoor-stationary}\n",
      "layered.yaml":
        "kind: polygons\nname: layered\nlayer: acme\ncolumns: {provider: CARRIER, technology: TECH}\nvalues: {environment: in-vehicle}\n",
      "typo.yaml": "kind: polygons\nname: typo\ncolumns: {provider: CARRIER_NAME, technology: TECH}\nvalues: {environment: in-vehicle}\n",
    ])
    defer { try? FileManager.default.removeItem(at: directory) }
    let toFeet = try Transformer<WGS84LonLat, IllinoisEastFtUS>()
    let profile = try #require(try InputProfile.named(paths["fcc.yaml"]!, for: .polygons).polygonProfile)
    let input = try PolygonInput(path: paths["fcc.geojson"]!, toFeet: toFeet, profile: profile, key: CellularMetrics.key)
    #expect(input.groups.map(\.key) == ["Acme | 5G-NR 7/1 | outdoor-stationary"])
    #expect(input.groups[0].polygons.count == 2)
    #expect(input.accounting.rows("read") == 2)
    #expect(input.accounting.rows("rejected: no provider property") == 1)
    #expect(input.accounting.notes.first == "read with profile fcc")

    let gpkg = directory.appendingPathComponent("two.gpkg").path
    for (layer, extra) in [("other", [String]()), ("acme", ["-update"])] {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["ogr2ogr"] + extra + ["-nln", layer, gpkg, paths["fcc.geojson"]!]
      try process.run()
      process.waitUntilExit()
      try #require(process.terminationStatus == 0, "ogr2ogr (gdal-bin) is needed")
    }
    let layered = try #require(try InputProfile.named(paths["layered.yaml"]!, for: .polygons).polygonProfile)
    #expect(
      try PolygonInput(path: gpkg, toFeet: toFeet, profile: layered, key: CellularMetrics.key).groups.map(\.key) == ["Acme | 5G-NR 7/1 | in-vehicle"])
    #expect { try PolygonInput(path: gpkg, toFeet: toFeet, key: CellularMetrics.key) } throws: {
      "\($0)".hasPrefix(gpkg) && "\($0)".contains("2 layers (other, acme)")
    }
    let typo = try #require(try InputProfile.named(paths["typo.yaml"]!, for: .polygons).polygonProfile)
    #expect { try PolygonInput(path: paths["fcc.geojson"]!, toFeet: toFeet, profile: typo, key: CellularMetrics.key) } throws: {
      "\($0)".hasPrefix(paths["fcc.geojson"]!) && "\($0)".contains("reads provider from column 'CARRIER_NAME', which no feature has")
    }
  }

  @Test(
    "inspect suggests a cameras profile: the built-in YAML for a portal export, a guessed one (X/Y, date format, sentinels) that reads a county file")
  func inspectSuggests() throws {
    let (directory, paths) = try files([
      "county.csv": Self.county,
      "red.csv": "\u{FEFF}INTERSECTION,FIRST APPROACH,SECOND APPROACH,THIRD APPROACH,GO LIVE DATE,LATITUDE,LONGITUDE,LOCATION\n"
        + "Damen-Fullerton,EB,,,02/17/2006,41.92499,-87.6779,\"(41.92499, -87.6779)\"\n",
    ])
    defer { try? FileManager.default.removeItem(at: directory) }
    let red = try Inspection(path: paths["red.csv"]!)
    #expect(red.suggestedKind == .cameras)
    #expect(red.suggestedProfile == CameraProfile.builtInYAML.first { $0.name == "chicago-red-light" }!.yaml)
    let county = try Inspection(path: paths["county.csv"]!)
    #expect(county.suggestedKind == .cameras)
    let suggested = county.suggestedProfile
    #expect(suggested.contains("  id: CAM_NO\n  type: KIND\n  installed: LIVE_DATE\n"))
    #expect(suggested.contains("  x: X\n  y: Y\n  crs: \"EPSG:3435\""))
    #expect(suggested.contains("date_formats: [\"MM/dd/yyyy HH:mm:ss\"]"))
    let profile = try InputProfile(yaml: suggested, origin: "suggested")
    let path = paths["county.csv"]!
    let table = try CameraTable.read(inventories: [path], log: nil, period: nil, zone: try LocalTimeZone(), profiles: [path: profile])
    #expect(table.ids == ["7"])
    #expect(table.inventoryAccountings[0].rowsRead == 5)
  }
}
