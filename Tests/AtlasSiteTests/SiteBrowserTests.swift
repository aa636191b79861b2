import AtlasGeometry
import AtlasReport
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasSite

/// Debian's Chromium and a Python venv with Playwright (from PyPI; never `playwright install`):
/// `.ci/run` makes the venv and passes it as `EQUITY_ATLAS_PLAYWRIGHT_VENV`.
enum Browser {
  static let chromium = "/usr/bin/chromium"
  static let venvVariable = "EQUITY_ATLAS_PLAYWRIGHT_VENV"

  /// The venv's python, or why the browser test cannot run (printed once).
  static let python: Result<String, SkipReason> = {
    guard FileManager.default.isExecutableFile(atPath: chromium) else {
      return .failure(SkipReason(text: "\(chromium) not found (Debian package chromium)"))
    }
    guard let venv = ProcessInfo.processInfo.environment[venvVariable], !venv.isEmpty else {
      return .failure(SkipReason(text: "\(venvVariable) is not set (a venv with `pip install playwright`; .ci/run makes it)"))
    }
    let python = (venv as NSString).appendingPathComponent("bin/python")
    guard FileManager.default.isExecutableFile(atPath: python) else { return .failure(SkipReason(text: "\(python) not found")) }
    return .success(python)
  }()

  struct SkipReason: Error { var text: String }

  static var available: Bool {
    switch python {
    case .success: return true
    case .failure(let reason):
      print("skipping the browser test: \(reason.text)")
      return false
    }
  }
}

@Suite("web atlas in headless Chromium")
struct SiteBrowserTests {
  @Test(
    "50 wards drawn with their attributes, a metric change recolours, a click shows the stored figure, the table sorts, the banner shows, nothing is fetched from outside",
    .enabled(if: Browser.available, "needs /usr/bin/chromium and a Playwright venv in $EQUITY_ATLAS_PLAYWRIGHT_VENV"),
    .timeLimit(.minutes(2)))
  func browser() throws {
    let python = try Browser.python.get()
    let run = try SiteFixture.run
    let ward = "3"
    let stored = try #require(try SiteFixture.figure("wards-2023", ward, "calls", "call_to_dispatch_p90_seconds", "P1"))
    let screenshots = ProcessInfo.processInfo.environment["EQUITY_ATLAS_SCREENSHOTS"]
    // Every figure of the ward's panel as AtlasReport.Format writes it (the page formats in
    // JavaScript; the PDFs in Swift): the stored number, or "<11" where the exports withhold it.
    let layer = SiteLayer(model: run.model, layer: "wards-2023")
    let row = try #require(run.model.areas("wards-2023").firstIndex { $0.id == ward })
    let export = LayerExport(model: run.model, layer: "wards-2023")
    var cells: [(String, JSONValue)] = []
    for metric in layer.metrics {
      let column = try #require(export.columns.firstIndex(of: metric.key))
      let text: String
      if export.withheldColumns[row].contains(column) {
        text = Format.suppressed
      } else if let figure = try SiteFixture.figure("wards-2023", ward, metric.family, metric.metric, metric.stratum) {
        switch metric.format {
        case "minutes": text = Format.minutes(seconds: figure.value)
        case "percent": text = Format.percent(figure.value)
        case "integer": text = Format.integer(figure.value)
        default: text = Format.decimal(figure.value)
        }
      } else {
        text = Format.missing
      }
      cells.append((metric.key, .string(text)))
    }
    #expect(cells.count > 100)
    let expected = JSONValue.object([
      ("site", .string(run.site.path)), ("chromium", .string(Browser.chromium)),
      ("wards", .array(run.model.areas("wards-2023").map { .string($0.id) })), ("synthetic", .bool(run.model.isSynthetic)),
      ("ward", .string(ward)), ("metric", .string("calls_P1_call_to_dispatch_p90_seconds")),
      ("figure", .string(Format.minutes(seconds: stored.value))), ("other_metric", .string("population_population")),
      ("report_link", .string("../reports/wards/ward-03.pdf")),
      ("screenshots", screenshots.map(JSONValue.string) ?? .null), ("panel_cells", .object(cells)),
    ])
    let file = run.directory.appendingPathComponent("browser-expected.json")
    try Data(expected.serialized()).write(to: file)
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("browser/check_site.py").path
    let started = Date()
    let result = try runTool(python, [script, file.path])
    print("browser check (\(String(format: "%.1f", Date().timeIntervalSince(started))) s): \(result.output)")
    #expect(result.status == 0, "\(result.output)")
    let report = try JSONValue.parse(Array((result.output.split(separator: "\n").last.map(String.init) ?? "").utf8))
    #expect(report["failures"]?.arrayValue?.isEmpty == true)
    #expect(report["requests_outside"]?.arrayValue?.isEmpty == true)
    #expect(report["notes"]?["wards_drawn"]?.numberValue == 50)
  }
}
