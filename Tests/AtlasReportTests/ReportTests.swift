import AtlasGeometry
import AtlasStore
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasReport

/// The reports of one small synthetic run, read back with poppler's `pdftotext` and checked
/// against the GeoPackage read directly (SQLite rows, not `ReportModel`).
@Suite("reports from an atlas", .serialized)
struct ReportTests {
  /// Lines of the text, whitespace-separated tokens per line.
  func lines(_ pages: [String]) -> [String] { pages.joined(separator: "\n").components(separatedBy: "\n") }

  func tokens(_ line: String) -> [String] { line.split(whereSeparator: \.isWhitespace).map(String.init) }

  @Test("every ward has its PDF; the synthetic marker is on every page of every report")
  func markers() throws {
    let run = try ReportFixture.run
    let wards = run.written[.wards] ?? []
    #expect(wards.count == 50)
    #expect(wards.first.map { ($0 as NSString).lastPathComponent } == "ward-01.pdf")
    #expect(wards.last.map { ($0 as NSString).lastPathComponent } == "ward-50.pdf")
    for path in wards + (run.written[.districts] ?? []) + (run.written[.cameras] ?? []) {
      let pages = try pdfPages(path)
      #expect(!pages.isEmpty)
      for (k, page) in pages.enumerated() {
        #expect(page.contains("SYNTHETIC DATA"), "\(path) page \(k + 1) lacks the marker")
        #expect(page.contains("page \(k + 1) of \(pages.count)"), "\(path) page \(k + 1)")
      }
    }
  }

  @Test("ward report: the ward's number and its headline figures equal the GeoPackage values")
  func wardFigures() throws {
    let run = try ReportFixture.run
    for ward in ["1", "20", "42"] {
      let path = run.reports.appendingPathComponent("wards").appendingPathComponent(WardReport.fileName(ward)).path
      let text = lines(try pdfPages(path))
      #expect(text.contains { $0.contains("Ward \(ward): public-safety services") })
      for (stratum, label) in [("P1", "priority 1 (immediate)"), ("P3", "priority 3 (routine)")] {
        let section = try #require(text.firstIndex { $0.contains("911 calls, \(label)") }, "ward \(ward) \(label)")
        let rows = text[section...]
        let calls = try #require(try ReportFixture.figure("wards-2023", ward, "calls", "calls", stratum))
        let callsLine = try #require(rows.first { tokens($0).first == "Calls" })
        #expect(tokens(callsLine).dropFirst().first == Format.integer(calls.value), "ward \(ward) \(stratum): \(callsLine)")
        let median = try #require(try ReportFixture.figure("wards-2023", ward, "calls", "call_to_dispatch_p50_seconds", stratum))
        let medianLine = try #require(rows.first { $0.contains("Call → dispatch, median (min)") })
        #expect(tokens(medianLine).contains(Format.minutes(seconds: median.value)), "ward \(ward) \(stratum): \(medianLine)")
      }
      let cameras = try #require(try ReportFixture.figure("wards-2023", ward, "cameras", "count"))
      let camerasLine = try #require(text.first { $0.contains("Cameras (all types)") })
      #expect(tokens(camerasLine).contains(Format.integer(cameras.value)), "ward \(ward): \(camerasLine)")
    }
  }

  @Test("ward findings: every priority whose dispatch ratio interval excludes 1 is called out with the stored ratio")
  func findings() throws {
    let run = try ReportFixture.run
    let reader = try GeoPackageReader(path: run.atlasPath)
    let comparisons = try reader.rows(of: "comparisons").filter {
      $0["layer"]?.textValue == "wards-2023" && $0["metric"]?.textValue == "call_to_dispatch" && $0["statistic"]?.textValue == "ratio_p50"
    }
    #expect(!comparisons.isEmpty)
    var called = 0
    for row in comparisons {
      guard let ward = row["area_id"]?.textValue, let stratum = row["stratum"]?.textValue, let value = row["value"]?.doubleValue,
        let low = row["ci_low"]?.doubleValue, let high = row["ci_high"]?.doubleValue, low > 1 || high < 1,
        let n = row["n"]?.doubleValue, n >= 11
      else { continue }
      var report = try WardReport(model: run.model, wardID: ward)
      let document = report.document()
      let sentences = document.blocks.flatMap { block -> [String] in
        guard case .bullets(let items) = block else { return [] }
        return items.map { $0.map(\.text).joined() }
      }
      let text = Format.ratio(value, low: low, high: high)
      let priority = "Priority \(stratum.dropFirst()) calls in Ward \(ward)"
      let expected = low > 1 ? "\(priority) waited \(text.ratio) longer for dispatch" : "\(priority) were dispatched faster"
      #expect(sentences.contains { $0.hasPrefix(expected) && $0.contains("95% CI \(text.interval!)") }, "\(expected) \(sentences)")
      called += 1
    }
    #expect(called > 0, "some ward differs from the rest of the city in the synthetic run")
  }

  @Test("district report: the 22 districts (not District 31) in every comparison table, figures as stored")
  func districts() throws {
    let run = try ReportFixture.run
    let text = lines(try pdfPages(try #require(run.written[.districts]?.first)))
    let start = try #require(text.firstIndex { $0.contains("Call → dispatch, priority 1 (immediate)") })
    let rows = text[start...].prefix(40).filter { line in tokens(line).first.map { Int($0) != nil } ?? false }
    let ids = rows.compactMap { tokens($0).first }
    let expected = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "14", "15", "16", "17", "18", "19", "20", "22", "24", "25"]
    #expect(Array(ids.prefix(22)) == expected)
    for line in rows.prefix(22) {
      let district = tokens(line)[0]
      let median = try #require(try ReportFixture.figure("police-districts", district, "calls", "call_to_dispatch_p50_seconds", "P1"))
      #expect(tokens(line).contains(Format.minutes(seconds: median.value)), "\(line)")
      let calls = try #require(try ReportFixture.figure("police-districts", district, "calls", "calls", "P1"))
      #expect(tokens(line)[1] == Format.integer(calls.value), "\(line)")
    }
  }

  @Test("camera report: the ward with most residents outside camera reach heads the deployment list")
  func deployment() throws {
    let run = try ReportFixture.run
    var best: (ward: String, outside: Double)?
    for ward in (1...50).map(String.init) {
      guard let reach = try ReportFixture.figure("wards-2023", ward, "cameras", "coverage_share"),
        let residents = try ReportFixture.figure("wards-2023", ward, "population", "population")
      else { continue }
      let outside = residents.value * (1 - reach.value)
      if outside > best?.outside ?? -1 { best = (ward, outside) }
    }
    let top = try #require(best)
    let text = lines(try pdfPages(try #require(run.written[.cameras]?.first)))
    let start = try #require(text.firstIndex { $0.contains("Where to deploy next") })
    let first = try #require(text[start...].first { tokens($0).first == "1" && tokens($0).dropFirst().first == "Ward" })
    #expect(tokens(first).prefix(4) == ["1", "Ward", top.ward, Format.integer(top.outside)])
  }

  @Test("nothing is cut off: every word of every report lies inside the page margins")
  func margins() throws {
    let run = try ReportFixture.run
    for path in (run.written[.wards] ?? []).prefix(10) + (run.written[.districts] ?? []) + (run.written[.cameras] ?? []) {
      for word in try pdfWords(path) {
        #expect(
          word.xMin >= PDFRenderer.marginX - 1 && word.xMax <= Canvas.pageWidth - PDFRenderer.marginX + 1,
          "\(path) p\(word.page): \(word.text) at x \(word.xMin)–\(word.xMax)")
        #expect(word.yMin >= 18 && word.yMax <= Canvas.pageHeight - 20, "\(path) p\(word.page): \(word.text) at y \(word.yMin)–\(word.yMax)")
      }
    }
  }

  @Test("pagination: every placed block and table piece ends above the footer")
  func pagination() throws {
    let run = try ReportFixture.run
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var ward = try WardReport(model: run.model, wardID: "20")
    var cameras = CameraReport(model: run.model)
    for document in [ward.document(), try DistrictReport(model: run.model).document(), cameras.document()] {
      let renderer = PDFRenderer()
      let canvas = try Canvas(path: directory.appendingPathComponent("probe.pdf").path, document: document, creationDate: renderer.creationDate)
      for page in renderer.paginate(document, canvas) {
        for placed in page {
          let height: Double
          switch placed.piece {
          case .block(_, let h): height = h
          case .tableRows(_, let metrics, let range): height = metrics.headerHeight + metrics.rowHeights[range].reduce(0, +)
          }
          #expect(placed.y >= PDFRenderer.top && placed.y + height <= PDFRenderer.bottom + 0.001, "\(document.title): \(placed.y) + \(height)")
        }
      }
      try canvas.finish()
    }
  }

  @Test("reruns are byte-identical, and the PDF creation date is pinned")
  func reproducible() throws {
    let run = try ReportFixture.run
    let again = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: again) }
    let model = try ReportModel.load(atlas: run.atlasPath)
    var job = ReportJob(model: model, output: again)
    job.threads = 1
    for kind in [ReportKind.districts, .cameras, .exports] {
      for (first, second) in zip(run.written[kind] ?? [], try job.run(kind)) {
        #expect(FileManager.default.contentsEqual(atPath: first, andPath: second), "\(first) differs on a rerun")
      }
    }
    var report = try WardReport(model: model, wardID: "7")
    let ward = again.appendingPathComponent("ward-07.pdf").path
    try job.renderer.render(report.document(), to: ward)
    let original = run.reports.appendingPathComponent("wards/ward-07.pdf").path
    #expect(FileManager.default.contentsEqual(atPath: original, andPath: ward))
    let bytes = try Data(contentsOf: URL(fileURLWithPath: ward))
    #expect(bytes.range(of: Data("/CreationDate (".utf8)) != nil)
    let digits = PDFRenderer.defaultCreationDate.filter(\.isNumber)
    #expect(bytes.range(of: Data(("/CreationDate (" + digits).utf8)) != nil, "creation date pinned to \(digits)")
  }

  @Test("exports: one CSV and one GeoJSON per layer with every metric column of the GeoPackage, the comparisons and the small-cell count")
  func exports() throws {
    let run = try ReportFixture.run
    let reader = try GeoPackageReader(path: run.atlasPath)
    let exports = run.reports.appendingPathComponent("exports")
    for layer in ["wards-2023", "police-districts", "police-beats", "community-areas"] {
      let table = layer.replacingOccurrences(of: "-", with: "_")
      let csv = try String(contentsOf: exports.appendingPathComponent(table + ".csv"), encoding: .utf8)
      let csvLines = csv.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
      let header = csvLines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      let stored = try reader.rows(of: table)
      #expect(csvLines.count == stored.count + 1, "\(layer): one row per area")
      #expect(Array(header.prefix(4)) == ["area_id", "name", "majority_group", "data_origin"])
      #expect(Array(header.suffix(2)) == ["withheld_cells", "not_finite_cells"])
      let metricColumns = Set(stored[0].keys).subtracting(["fid", "area_id", "name", "majority_group"])
      #expect(metricColumns.isSubset(of: Set(header)), "\(layer): \(metricColumns.subtracting(Set(header)).sorted())")
      let comparisons = try reader.rows(of: "comparisons").filter { $0["layer"]?.textValue == layer }
      for row in comparisons.prefix(200) {
        let base = [row["family"], row["stratum"], row["metric"], row["statistic"]].compactMap { $0?.textValue }
        let name = AtlasSchema.identifier(base[1] == "all" ? "\(base[0])_\(base[2])_\(base[3])" : "\(base[0])_\(base[1])_\(base[2])_\(base[3])")
        #expect(header.contains(name), "\(layer): no column \(name)")
      }

      let json = try JSONValue.parse(Array(try Data(contentsOf: exports.appendingPathComponent(table + ".geojson"))))
      #expect(json["data_origin"]?.stringValue == "synthetic")
      let features = try #require(json["features"]?.arrayValue)
      #expect(features.count == stored.count)
      guard case .object(let properties)? = features.first?["properties"] else {
        Issue.record("\(layer): no properties")
        continue
      }
      #expect(properties.map(\.0) == header, "\(layer): GeoJSON properties in CSV column order")

      // Values equal the GeoPackage's, except cells withheld under the rule (counted per row).
      let rows = csvLines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
      let figures = try ReportFixture.atlasFigures.get()
      var withheldSeen = 0
      for row in rows where row.count == header.count {
        let area = row[0]
        for (k, name) in header.enumerated() where name.hasPrefix("calls_P") && name.hasSuffix("_call_to_dispatch_p50_seconds") {
          let stratum = String(name.dropFirst(6).prefix(2))
          guard let figure = figures["\(layer)|\(area)|calls|call_to_dispatch_p50_seconds|\(stratum)"] else {
            #expect(row[k].isEmpty)
            continue
          }
          if figure.n > 0 && figure.n < 11 {
            #expect(row[k].isEmpty, "\(layer) \(area) \(name): \(figure.n) calls must be withheld")
            withheldSeen += 1
          } else {
            #expect(Double(row[k]) == figure.value, "\(layer) \(area) \(name)")
          }
        }
        #expect(Int(row[header.count - 2]) != nil)
        #expect(row[header.count - 1] == "0", "a fresh atlas holds only finite numbers")
      }
      if layer == "police-beats" { #expect(withheldSeen > 0, "a 20,000-call year leaves some beat with fewer than 11 calls of a priority") }
    }
  }
}

/// The `equity-atlas` binary built beside the tests.
func equityAtlasBinary() throws -> String {
  let directory = Bundle.main.executableURL?.deletingLastPathComponent() ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  let candidates = [directory, directory.deletingLastPathComponent()].map { $0.appendingPathComponent("equity-atlas").path }
  guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
    throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "equity-atlas not built next to \(directory.path)"])
  }
  return binary
}

@Suite("equity-atlas report")
struct ReportCommandTests {
  /// Swift seeds its hashing per process, so only another process shows that no output depends
  /// on dictionary order.
  @Test("another process renders the same bytes, and says nothing but its summary in a log")
  func anotherProcess() throws {
    let run = try ReportFixture.run
    let out = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runTool(try equityAtlasBinary(), ["report", "districts", "--atlas", run.atlasPath, "--out", out.path])
    #expect(result.status == 0, "\(result.output)")
    #expect(!result.output.contains("\r"), "no progress redraws when the output is not a terminal")
    #expect(result.output.contains("SYNTHETIC inputs"))
    let original = try #require(run.written[.districts]?.first)
    #expect(FileManager.default.contentsEqual(atPath: original, andPath: out.appendingPathComponent("districts.pdf").path))
    let exports = try runTool(try equityAtlasBinary(), ["report", "exports", "--atlas", run.atlasPath, "--out", out.path])
    #expect(exports.status == 0, "\(exports.output)")
    for path in run.written[.exports] ?? [] {
      let again = out.appendingPathComponent("exports").appendingPathComponent((path as NSString).lastPathComponent).path
      #expect(FileManager.default.contentsEqual(atPath: path, andPath: again), "\(path)")
    }
  }

  @Test("an unknown kind or a missing atlas is a usage error")
  func usage() throws {
    let unknown = try runTool(try equityAtlasBinary(), ["report", "posters", "--atlas", "/nonexistent.gpkg", "--out", "/tmp/x"])
    #expect(unknown.status == 64)
    #expect(unknown.output.contains("KIND is one of wards, districts, cameras, exports or all"))
    let missing = try runTool(try equityAtlasBinary(), ["report", "wards", "--atlas", "/nonexistent.gpkg", "--out", "/tmp/x"])
    #expect(missing.status == 64)
    #expect(missing.output.contains("--atlas /nonexistent.gpkg does not exist"))
  }
}
