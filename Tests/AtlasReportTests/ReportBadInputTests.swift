import AtlasGeometry
import AtlasIO
import AtlasStore
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasReport

/// `report` on edited and mismatched atlases (issue 8, probes R05, R07, R09, R11, R13–R15,
/// R17, R21, A66, T03, T07): no trap, every check before the first file, messages that name
/// the files.
@Suite("reports from damaged atlases", .serialized)
struct ReportBadInputTests {
  func report(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try runTool(try equityAtlasBinary(), ["report"] + arguments)
  }

  /// Files under a directory (recursively), relative paths, sorted.
  func files(_ directory: URL) -> [String] {
    (FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? [])
      .filter { !$0.hasSuffix("/") && !FileManager.default.isDirectory(directory.appendingPathComponent($0).path) }.sorted()
  }

  @Test("R13–R15: infinite, NaN-free huge and 1e300 metrics render as n/a and 1e+300, are counted once, and exports leave them empty")
  func nonFinite() throws {
    var atlas = try EditedAtlas.fixture()
    let count = metricRow("wards-2023", "1", "calls", "call_to_dispatch_negative")
    let p90 = metricRow("wards-2023", "2", "calls", "call_to_dispatch_p90_seconds", "P1")
    let huge = metricRow("wards-2023", "3", "calls", "call_to_dispatch_missing")
    let areaN = metricRow("police-districts", "1", "calls", "call_to_dispatch_p90_seconds", "P1")
    for (row, value) in [(count, StoreValue.infinity()), (p90, .infinity(negative: true)), (huge, .real(1e300))] {
      atlas.update("metrics", where: row) { $0["value"] = value }
    }
    atlas.update("metrics", where: areaN) { $0["n"] = .infinity() }
    atlas.update("comparisons", where: { $0["layer"]?.textValue == "police-districts" && $0["area_id"]?.textValue == "2" }) {
      $0["value"] = .infinity()
    }
    let path = try atlas.write()
    let model = try ReportModel.load(atlas: path)
    #expect(
      model.notices.contains("\(path): metrics of police-districts: 1 value is not a finite number and is shown as n/a (left empty in exports)"))
    #expect(model.notices.contains("\(path): metrics of wards-2023: 2 values are not finite numbers and are shown as n/a (left empty in exports)"))
    #expect(model.notices.contains { $0.contains("comparisons of police-districts: ") })
    #expect(model.value("wards-2023", "1", MetricID(.calls, "call_to_dispatch_negative"))?.value == .infinity)
    #expect(
      model.value("police-districts", "1", .calls(.p90(.callToDispatch), "P1"))?.value.isNaN == true,
      "a count that is not finite makes its figure n/a")

    let out = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let renderer = PDFRenderer()
    for ward in ["1", "2", "3"] {
      var report = try WardReport(model: model, wardID: ward)
      try renderer.render(report.document(), to: out.appendingPathComponent("ward-\(ward).pdf").path)
    }
    let ward1 = try pdfPages(out.appendingPathComponent("ward-1.pdf").path).joined()
    let negative = try #require(ward1.components(separatedBy: "\n").first { $0.contains("Call → dispatch") && $0.contains("n/a") })
    #expect(!negative.isEmpty)
    #expect(ward1.contains("“n/a”: the atlas holds a value there that is not a finite number"))
    let ward3 = try pdfPages(out.appendingPathComponent("ward-3.pdf").path).joined()
    #expect(ward3.contains("1e+300"))
    try renderer.render(try DistrictReport(model: model).document(), to: out.appendingPathComponent("districts.pdf").path)
    var cameras = CameraReport(model: model)
    try renderer.render(cameras.document(), to: out.appendingPathComponent("cameras.pdf").path)

    let export = LayerExport(model: model, layer: "wards-2023")
    let csv = String(decoding: export.csv(), as: UTF8.self).split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    let header = csv[0]
    let column = try #require(header.firstIndex(of: "calls_call_to_dispatch_negative"))
    let ward1Row = try #require(csv.first { $0.first == "1" })
    #expect(ward1Row[column] == "")
    #expect(ward1Row.last == "1", "not_finite_cells counts the empty cell")
    let ward3Row = try #require(csv.first { $0.first == "3" })
    #expect(ward3Row[try #require(header.firstIndex(of: "calls_call_to_dispatch_missing"))] == "1e+300")
    let geoJSON = try JSONValue.parse(export.geoJSON())
    let feature = try #require(geoJSON["features"]?.arrayValue?.first { $0["properties"]?["area_id"]?.stringValue == "1" })
    #expect(feature["properties"]?["calls_call_to_dispatch_negative"] == .null)

    // The command: exit 0, the count said once on standard error.
    let run = try report(["exports", "--atlas", path, "--out", out.appendingPathComponent("cli").path])
    #expect(run.status == 0, "\(run.output)")
    #expect(run.output.components(separatedBy: "metrics of wards-2023: 2 values are not finite numbers").count == 2, "\(run.output)")
  }

  @Test("A66: a report whose layer is missing is refused before any file is written; `all` makes the rest and names what it skipped")
  func missingLayer() throws {
    var atlas = try EditedAtlas.fixture()
    atlas.removeLayer("wards-2023")
    let path = try atlas.write()
    let out = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let wards = try report(["wards", "--atlas", path, "--out", out.path])
    #expect(wards.status == 1, "\(wards.output)")
    #expect(wards.output.contains("needs layer wards-2023, which the atlas does not have"), "\(wards.output)")
    #expect(
      wards.output.contains("rerun `equity-atlas analyze --layers community-areas,police-beats,police-districts,wards-2023`"), "\(wards.output)")
    #expect(files(out).isEmpty, "nothing written: \(files(out))")

    let all = try report(["all", "--atlas", path, "--out", out.path])
    #expect(all.status == 0, "\(all.output)")
    #expect(all.output.contains("warning: skipped wards: wards/ward-NN.pdf needs layer wards-2023"))
    #expect(all.output.contains("warning: skipped cameras: cameras.pdf needs layer wards-2023"))
    #expect(all.output.contains("2 of 4 reports skipped (see the warnings above): wards, cameras"))
    var noBeats = try EditedAtlas.fixture()
    noBeats.removeLayer("police-beats")
    let noBeatsModel = try ReportModel.load(atlas: try noBeats.write())
    #expect(
      noBeatsModel.missingRequirement(for: .districts) == "districts.pdf needs layer police-beats, which the atlas does not have "
        + "(it has community-areas, police-districts, wards-2023); rerun `equity-atlas analyze --layers community-areas,police-beats,police-districts,wards-2023`"
    )
    #expect(noBeatsModel.missingRequirement(for: .wards) == nil)

    #expect(
      files(out) == [
        "districts.pdf", "exports/community_areas.csv", "exports/community_areas.geojson", "exports/disparities.csv", "exports/police_beats.csv",
        "exports/police_beats.geojson", "exports/police_districts.csv", "exports/police_districts.geojson",
      ])
  }

  @Test("R17: a ward deleted from its table is named, and no ward PDF is written; R07: an emptied metrics table says so")
  func missingWardAndEmptyMetrics() throws {
    var atlas = try EditedAtlas.fixture()
    atlas.delete("wards_2023") { $0["area_id"]?.textValue == "47" }
    let path = try atlas.write()
    let out = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try report(["wards", "--atlas", path, "--out", out.path])
    #expect(run.status == 1)
    #expect(run.output.contains("area 47 of wards-2023 has figures in metrics but no row in table wards_2023"), "\(run.output)")
    #expect(!run.output.contains("ward-50.pdf"))
    #expect(files(out).isEmpty)

    var empty = try EditedAtlas.fixture()
    empty.delete("metrics") { _ in true }
    let emptyPath = try empty.write()
    #expect(throws: ReportError.self) { try ReportModel.load(atlas: emptyPath) }
    let emptyRun = try report(["all", "--atlas", emptyPath, "--out", out.path])
    #expect(emptyRun.status == 1)
    #expect(emptyRun.output.contains("the metrics table is empty"), "\(emptyRun.output)")
  }

  @Test("the file list says how many files were written, not only the first and last name")
  func summary() {
    let paths = ["o/wards/ward-01.pdf", "o/wards/ward-02.pdf", "o/wards/ward-49.pdf", "o/wards/ward-50.pdf", "o/districts.pdf"]
    #expect(ReportJob.summary(paths) == "  o/wards/: 4 files, ward-01.pdf … ward-50.pdf\n  o/: districts.pdf")
  }

  @Test("R05: --atlas naming a directory says so and points at the atlas.gpkg inside")
  func directory() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try report(["all", "--atlas", directory.path, "--out", directory.appendingPathComponent("r").path])
    #expect(run.status == 64)
    #expect(run.output.contains("--atlas \(directory.path) is a directory; give the atlas.gpkg file analyze wrote into it"), "\(run.output)")
    #expect(throws: ReportError.self) { try ReportModel.load(atlas: directory.path) }
  }

  @Test("R02/R03/R06: SQLite failures read as sentences that say what to do")
  func sqliteErrors() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let csv = directory.appendingPathComponent("calls.csv").path
    try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: csv))
    let run = try report(["all", "--atlas", csv, "--out", directory.appendingPathComponent("r").path])
    #expect(run.status == 1)
    #expect(run.output.contains("\(csv): is not an atlas (not a GeoPackage or SQLite file); give the atlas.gpkg"), "\(run.output)")
    #expect(!run.output.contains("SQLite error 26"))
    let path = try EditedAtlas.fixture().write()
    #expect { _ = try GeoPackageReader(path: path).rows(of: "comparisons_v2") } throws: { error in
      "\(error)".hasPrefix("\(path): has no table comparisons_v2: the atlas is damaged, was edited, or comes from another version; rerun analyze")
    }
  }

  @Test("R09: an unreadable or empty manifest.json is a warning and the PDF says it could not be read, not that it is missing")
  func unreadableManifest() throws {
    for (bytes, reason) in [
      (Array("{\"inputs\": [".utf8), "it is not valid JSON"), ([], "it is empty"), (Array("{}".utf8), "it has no member 'inputs'"),
    ] {
      var atlas = try EditedAtlas.fixture()
      atlas.manifest = bytes
      try atlas.bindManifest()
      let path = try atlas.write()
      let model = try ReportModel.load(atlas: path)
      #expect(model.manifestStatus == .unreadable(reason))
      #expect(model.notices.contains { $0.contains("manifest.json could not be read (\(reason))") }, "\(model.notices)")
      let out = try TestData.temporaryDirectory()
      defer { try? FileManager.default.removeItem(at: out) }
      try PDFRenderer().render(try DistrictReport(model: model).document(), to: out.appendingPathComponent("d.pdf").path)
      let text = try pdfPages(out.appendingPathComponent("d.pdf").path).joined().replacingOccurrences(of: "\n", with: " ")
      #expect(text.contains("manifest.json could not be read (\(reason))"))
      #expect(!text.contains("was not found"))
    }
  }

  @Test("T03: a manifest whose sha256 differs from run_info.manifest_sha256 is refused naming both files; the matching one loads")
  func manifestBinding() throws {
    var atlas = try EditedAtlas.fixture()
    try atlas.bindManifest()
    let bound = try atlas.write()
    let model = try ReportModel.load(atlas: bound)
    #expect(!model.notices.contains { $0.contains("records no manifest_sha256") }, "\(model.notices)")
    #expect(model.manifestStatus == .read)

    let directory = (bound as NSString).deletingLastPathComponent
    let manifestPath = directory + "/manifest.json"
    var edited = try #require(FileManager.default.contents(atPath: manifestPath))
    edited.append(contentsOf: Array(" ".utf8))
    try edited.write(to: URL(fileURLWithPath: manifestPath))
    let sha = try sha256Hex(ofFile: manifestPath)
    let recorded = try #require(atlas.tables["run_info"]?.rows.first { $0["key"]?.textValue == "manifest_sha256" }?["value"]?.textValue)
    let out = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try report(["districts", "--atlas", bound, "--out", out.path])
    #expect(run.status == 1)
    #expect(
      run.output.contains("\(manifestPath): does not belong to \(bound) (sha256 \(sha) vs \(recorded) recorded in the atlas)"), "\(run.output)")
    #expect(files(out).isEmpty)

    try FileManager.default.removeItem(atPath: manifestPath)
    let missing = try report(["districts", "--atlas", bound, "--out", out.path])
    #expect(missing.status == 1)
    #expect(missing.output.contains("\(manifestPath): is missing, but \(bound) records the sha256"), "\(missing.output)")

    var older = try EditedAtlas.fixture()
    older.delete("run_info") { $0["key"]?.textValue == "manifest_sha256" }
    let olderModel = try ReportModel.load(atlas: try older.write())
    #expect(olderModel.notices.contains { $0.contains("records no manifest_sha256 (written by an older analyze)") })
  }

  @Test("R11: a tool version or parameter that run_info and the manifest both hold must agree, else both files are named")
  func crossCheck() throws {
    var atlas = try EditedAtlas.fixture()
    atlas.setRunInfo("tool_version", "9.9.9")
    let path = try atlas.write()
    let manifest = (path as NSString).deletingLastPathComponent + "/manifest.json"
    #expect {
      try ReportModel.load(atlas: path)
    } throws: { error in
      "\(error)".hasPrefix("\(manifest): disagrees with \(path) (run_info): tool version 9.9.9 in the atlas")
    }
    var parameter = try EditedAtlas.fixture()
    parameter.setRunInfo("camera_radius_feet", "12345")
    #expect {
      try ReportModel.load(atlas: try parameter.write())
    } throws: { error in
      "\(error)".contains("camera_radius_feet 12345 in the atlas, 500.0 in the manifest")
    }
  }

  @Test("R21: the synthetic marker holds when only run_info or only the manifest says synthetic")
  func syntheticMarker() throws {
    var runInfoOnly = try EditedAtlas.fixture()
    runInfoOnly.manifest = Array(
      String(decoding: runInfoOnly.manifest ?? [], as: UTF8.self)
        .replacingOccurrences(of: "\"synthetic\" : true", with: "\"synthetic\" : false").utf8)
    try runInfoOnly.bindManifest()
    var manifestOnly = try EditedAtlas.fixture()
    manifestOnly.setRunInfo("data_origin", "real")
    for atlas in [runInfoOnly, manifestOnly] {
      let model = try ReportModel.load(atlas: try atlas.write())
      #expect(model.isSynthetic)
      #expect(model.notices.contains { $0.contains("the reports are marked SYNTHETIC, the safer reading") }, "\(model.notices)")
      let csv = String(decoding: LayerExport(model: model, layer: "police-districts").csv(), as: UTF8.self)
      #expect(csv.split(separator: "\n").dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false)[3] == "synthetic" })
      #expect(
        String(decoding: LayerExport(model: model, layer: "police-districts").geoJSON(), as: UTF8.self).contains("\"data_origin\":\"synthetic\""))
    }
  }

  @Test("T07: file-system failures in words; a failed write leaves the previous file and no partial file")
  func fileProblems() throws {
    #expect(
      FileProblem.writing("r/ward-01.pdf", CocoaError(.fileWriteOutOfSpace)).description
        == "r/ward-01.pdf: cannot be written: the disk is full; free space and rerun")
    let underlying = NSError(domain: NSCocoaErrorDomain, code: 512, userInfo: [NSUnderlyingErrorKey: POSIXError(.EROFS)])
    #expect(FileProblem.writing("x.csv", underlying).message == "cannot be written: the file system is read-only; choose another --out directory")
    #expect(!FileProblem.writing("x.csv", CocoaError(.fileWriteOutOfSpace)).description.contains("NSCocoaErrorDomain"))

    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let target = directory.appendingPathComponent("t.csv").path
    try AtomicFile.write(Array("old\n".utf8), to: target)
    // A directory in the way of the rename: the write fails after the bytes went to the
    // temporary file, which is removed.
    let blocked = directory.appendingPathComponent("blocked.csv")
    try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
    #expect {
      try AtomicFile.write(Array("new\n".utf8), to: blocked.path)
    } throws: { error in
      "\(error)".hasPrefix("\(blocked.path): cannot be written: ")
    }
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "old\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["blocked.csv", "t.csv"])
    #expect {
      try AtomicFile.write([1], to: directory.appendingPathComponent("no/such/dir/x.csv").path)
    } throws: { error in
      "\(error)".hasSuffix("cannot be written: a directory on its path does not exist; check the path")
    }

    // A .partial- file left by a killed run is removed by the next one; other files stay.
    let stale = directory.appendingPathComponent("districts.pdf.partial-\(UUID().uuidString)")
    let mine = directory.appendingPathComponent("notes.partial-keep")
    for url in [stale, mine] { try Data([1]).write(to: url) }
    ReportJob.removeStalePartials(in: directory)
    #expect(!FileManager.default.fileExists(atPath: stale.path))
    #expect(FileManager.default.fileExists(atPath: mine.path))
  }
}

extension FileManager {
  func isDirectory(_ path: String) -> Bool {
    var directory: ObjCBool = false
    return fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
  }
}
