import AtlasGeometry
import AtlasIO
import AtlasSpatial
import AtlasStatistics
import AtlasStore
import AtlasTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("equity-atlas analyze, as users run it", .serialized)
struct AnalyzeCLITests {
  static func runInfo(_ atlas: String) throws -> [String: String] {
    var info: [String: String] = [:]
    for row in try GeoPackageReader(path: atlas).rows(of: "run_info") {
      if case .text(let key)? = row["key"], case .text(let value)? = row["value"] { info[key] = value }
    }
    return info
  }

  @Test("issue 9: the City's camera exports as they are; per-ward counts equal a GEOS point-in-polygon; real, no period, uptime not measured")
  func realCameraInventories() throws {
    let data = try TestData.directory
    let files = ["speed_camera_locations_2023.csv", "red_light_camera_locations_2023.csv", "pod_camera_locations_2019snapshot.csv"]
      .map { data.file("cameras/" + $0).path }
    guard files.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) else { return }
    let out = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try equityAtlas(["analyze", "--data", data.url.path, "--out", out.path] + files.flatMap { ["--cameras", $0] })
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("uptime not measured"))
    let atlas = out.appendingPathComponent("atlas.gpkg").path
    let info = try Self.runInfo(atlas)
    #expect(info["data_origin"] == "real")
    #expect(info["period_source"]?.hasPrefix("none") == true)

    // Independent count: GEOS covers on the ward polygons, cameras read by hand from the files.
    let wards = try PreparedLayer(try TestData.layer("wards-2023"))
    var expected: [String: Int] = [:]
    var listed = 0
    for file in files {
      let table = try CSVTable(contentsOf: file)
      let lat = try #require(table.column("latitude"))
      let lon = try #require(table.column("longitude"))
      for row in table.rows {
        guard let y = Double(row.fields[lat]), let x = Double(row.fields[lon]) else { continue }
        listed += 1
        if let area = try wards.areasCovering(x: x, y: y).first { expected[wards.areaIDs[area], default: 0] += 1 }
      }
    }
    #expect(listed == 674)
    var counted: [String: Int] = [:]
    for row in try GeoPackageReader(path: atlas).rows(of: "metrics") {
      guard case .text("wards-2023")? = row["layer"], case .text("count")? = row["metric"], case .text("all")? = row["stratum"],
        case .text("cameras")? = row["family"], case .text(let ward)? = row["area_id"], case .real(let value)? = row["value"], value > 0
      else { continue }
      counted[ward] = Int(value)
    }
    #expect(counted == expected)
    // Every row of every file accounted: 160 + 149 + 365 read, 4 POD cameras outside the city.
    var rows: [String: Int] = [:]
    for row in try GeoPackageReader(path: atlas).rows(of: "input_accounting") {
      if case .text(let outcome)? = row["outcome"], case .integer(let n)? = row["rows"] { rows[outcome, default: 0] += Int(n) }
    }
    #expect(rows == ["joined": 670, "outside the city (some layer)": 4])

    // The camera report says uptime was not measured, maps the atlas's cameras, and is not synthetic.
    let reports = out.appendingPathComponent("reports")
    let report = try equityAtlas(["report", "cameras", "--atlas", atlas, "--out", reports.path])
    #expect(report.status == 0, "\(report.stderr)")
    let text = try runTool("/usr/bin/pdftotext", [reports.appendingPathComponent("cameras.pdf").path, "-"]).output
      .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(text.contains("Uptime was not measured: no outage, uptime or activity log was given"))
    #expect(text.contains("Dots: every camera in the inventory"))
    #expect(!text.contains("SYNTHETIC"))
  }

  /// A small synthetic-marked input directory: calls (with one unknown-beat and one duplicate
  /// row) and a misnamed file.
  static func inputs() throws -> URL {
    let directory = try TestData.temporaryDirectory()
    var calls = "event_id,priority_code,call_type,received_at,dispatched_at,en_route_at,on_scene_at,cleared_at,longitude,latitude,beat,data_origin\n"
    for i in 0..<40 {
      calls +=
        "\(i),\(["1A", "2B", "3C"][i % 3]),TEST,2023-03-0\(1 + i % 5)T10:\(10 + i):00-06:00,2023-03-0\(1 + i % 5)T10:\(11 + i):30-06:00,,,,-87.6\(i % 10)98,41.8\(i % 7)81,,synthetic\n"
    }
    calls += "40,1A,TEST,2023-03-02T10:00:00-06:00,,,,,,,9999,synthetic\n39,1A,TEST,2023-03-02T10:00:00-06:00,,,,,-87.6,41.8,,synthetic\n"
    try Data(calls.utf8).write(to: directory.appendingPathComponent("calls.csv"))
    try Data("x\n".utf8).write(to: directory.appendingPathComponent("Cameras.csv"))
    return directory
  }

  @Test("issue 8: unknown files reported, period stored, manifest bound to the atlas, synthetic said")
  func labelsAndBinding() throws {
    let inputs = try Self.inputs()
    let out = try TestData.temporaryDirectory()
    defer {
      try? FileManager.default.removeItem(at: inputs)
      try? FileManager.default.removeItem(at: out)
    }
    let run = try equityAtlas(["analyze", "--inputs", inputs.path, "--data", try TestData.directory.url.path, "--out", out.path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("not used: \(inputs.path)/Cameras.csv: not an input name analyze knows; did you mean cameras.csv?"))
    #expect(run.stdout.contains("analysis period: 2023-03-01 to 2023-03-06 (exclusive), 5 days"))
    #expect(run.stdout.contains("rejected: missing coordinate, and the beat is unknown"))
    #expect(run.stdout.contains("rejected: duplicate event_id (the first row is kept)"))
    let atlas = out.appendingPathComponent("atlas.gpkg").path
    let info = try Self.runInfo(atlas)
    #expect(info["data_origin"] == "synthetic")
    #expect(info["period_start"] == "2023-03-01" && info["period_end_exclusive"] == "2023-03-06" && info["period_days"] == "5")
    #expect(info["manifest_sha256"] == (try sha256Hex(ofFile: out.appendingPathComponent("manifest.json").path)))
    let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
    #expect(manifest.contains("\"period_start\" : \"2023-03-01\""))
    let notes = try GeoPackageReader(path: atlas).rows(of: "input_notes").compactMap { row -> String? in
      if case .text(let note)? = row["note"] { return note } else { return nil }
    }
    #expect(notes.contains { $0.hasPrefix("not used: not an input name analyze knows; did you mean cameras.csv?") })
  }

  @Test("A64/A62: --out naming a file, no inputs at all, or an impossible period are refused before any work")
  func refusals() throws {
    let inputs = try Self.inputs()
    let out = try TestData.temporaryDirectory()
    defer {
      try? FileManager.default.removeItem(at: inputs)
      try? FileManager.default.removeItem(at: out)
    }
    let file = out.appendingPathComponent("taken").path
    try Data("keep".utf8).write(to: URL(fileURLWithPath: file))
    let data = try TestData.directory.url.path
    let onFile = try equityAtlas(["analyze", "--inputs", inputs.path, "--data", data, "--out", file])
    #expect(onFile.status == 1)
    #expect(onFile.stderr.contains("\(file): --out must be a directory"))
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep")
    let none = try equityAtlas(["analyze", "--data", data, "--out", out.path])
    #expect(none.status == 64)
    #expect(none.stderr.contains("no service inputs"))
    let period = try equityAtlas(["analyze", "--inputs", inputs.path, "--data", data, "--out", out.path, "--period", "2023-02-30/2023-04-01"])
    #expect(period.status == 64)
    #expect(period.stderr.contains("--period takes two dates"))
  }

  @Test("kill test: analyze killed at seeded moments leaves the previous atlas and manifest byte-identical, and the next run removes its strays")
  func killed() throws {
    let inputs = try Self.inputs()
    let out = try TestData.temporaryDirectory()
    defer {
      try? FileManager.default.removeItem(at: inputs)
      try? FileManager.default.removeItem(at: out)
    }
    let data = try TestData.directory.url.path
    let arguments = ["analyze", "--inputs", inputs.path, "--data", data, "--out", out.path]
    let started = Date()
    #expect(try equityAtlas(arguments).status == 0)
    let duration = Date().timeIntervalSince(started)
    let atlas = out.appendingPathComponent("atlas.gpkg")
    let manifest = out.appendingPathComponent("manifest.json")
    var before = (try Data(contentsOf: atlas), try Data(contentsOf: manifest))
    // Different inputs for the killed runs, so a new atlas would differ from the old one.
    try Data("\n".utf8).write(to: inputs.appendingPathComponent("Cameras.csv"))
    var generator = SeededGenerator(seed: 8)
    var deadPID: Int32 = 0
    for trial in 0..<5 {
      // Moments spread over the whole run, the atlas and manifest writes at its end included.
      let delay = Double.random(in: 0.1...(duration * 1.02), using: &generator)
      let process = Process()
      process.executableURL = try equityAtlasBinary()
      process.arguments = arguments
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      Thread.sleep(forTimeInterval: delay)
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let after = (try Data(contentsOf: atlas), try Data(contentsOf: manifest))
      if process.terminationReason == .uncaughtSignal {
        #expect(after.0 == before.0, "trial \(trial), killed at \(delay) s: atlas changed")
        #expect(after.1 == before.1, "trial \(trial), killed at \(delay) s: manifest changed")
        deadPID = process.processIdentifier
      } else {
        // Finished before the kill: a new, consistent pair.
        #expect(process.terminationStatus == 0)
        #expect(try Self.runInfo(atlas.path)["manifest_sha256"] == (try sha256Hex(ofFile: manifest.path)))
        before = after
      }
    }
    try #require(deadPID != 0, "no seeded moment killed a run")
    // Whatever the kills left, plus the files a kill during the atlas write leaves (named by
    // the dead process), is removed by the next run, which says so.
    for name in ["atlas.gpkg.partial-\(deadPID)", "atlas.gpkg.partial-\(deadPID)-journal", "manifest.json.partial-\(deadPID)"] {
      let path = out.appendingPathComponent(name).path
      if !FileManager.default.fileExists(atPath: path) { try Data("stray".utf8).write(to: URL(fileURLWithPath: path)) }
    }
    let rerun = try equityAtlas(arguments)
    #expect(rerun.status == 0)
    #expect(rerun.stdout.contains("removed atlas.gpkg.partial-\(deadPID), left by an earlier run that was killed"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["atlas.gpkg", "manifest.json"])
  }
}
