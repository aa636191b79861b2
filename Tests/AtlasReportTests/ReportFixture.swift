import AtlasIO
import AtlasPipeline
import AtlasStore
import AtlasSynthetic
import AtlasTestSupport
import Foundation

@testable import AtlasReport

/// One small synthetic run shared by the report tests: 20,000 calls, 600 POD and 40 PTZ cameras
/// (plus the real speed and red-light cameras), year 2023, analysed into an atlas; and the
/// reports rendered from it once.
enum ReportFixture {
  static let seed: UInt64 = 0x5EED_2023

  struct Run: Sendable {
    var directory: URL
    var atlasPath: String
    var model: ReportModel
    var reports: URL
    var written: [ReportKind: [String]]
  }

  static let shared = Result { () throws -> Run in
    let directory = try TestData.temporaryDirectory()
    let inputs = directory.appendingPathComponent("inputs")
    var configuration = SynthConfiguration(seed: seed, year: 2023, callCount: 20_000)
    configuration.cameras.podCount = 600
    configuration.cameras.ptzCount = 40
    let city = try SyntheticCity.load(from: try TestData.directory, manifest: try BoundaryManifest.bundled())
    _ = try Synthesizer(city: city, configuration: configuration).run(writingTo: inputs)
    let result = try AnalyzeJob(configuration: AnalyzeConfiguration(inputs: inputs, data: try TestData.directory, output: directory)).run()
    let model = try ReportModel.load(atlas: result.gpkgPath)
    let reports = directory.appendingPathComponent("reports")
    let job = ReportJob(model: model, output: reports)
    var written: [ReportKind: [String]] = [:]
    for kind in ReportKind.allCases { written[kind] = try job.run(kind) }
    return Run(directory: directory, atlasPath: result.gpkgPath, model: model, reports: reports, written: written)
  }

  static var run: Run { get throws { try shared.get() } }

  /// The figures of the atlas read straight from its `metrics` table (not through
  /// `ReportModel`), keyed "layer|area|family|metric|stratum".
  static let atlasFigures = Result { () throws -> [String: (value: Double, n: Int)] in
    let reader = try GeoPackageReader(path: try run.atlasPath)
    var figures: [String: (value: Double, n: Int)] = [:]
    for row in try reader.rows(of: "metrics") {
      let key = ["layer", "area_id", "family", "metric", "stratum"].map { row[$0]?.textValue ?? "" }.joined(separator: "|")
      figures[key] = (row["value"]?.doubleValue ?? .nan, Int(row["n"]?.doubleValue ?? 0))
    }
    return figures
  }

  static func figure(
    _ layer: String, _ area: String, _ family: String, _ metric: String, _ stratum: String = "all"
  ) throws -> (value: Double, n: Int)? {
    try atlasFigures.get()["\(layer)|\(area)|\(family)|\(metric)|\(stratum)"]
  }
}

/// `pdftotext` (poppler-utils) output of a PDF: one string per page, `-layout` keeps table rows
/// on one line.
func pdfPages(_ path: String) throws -> [String] {
  let run = try runTool("/usr/bin/pdftotext", ["-layout", "-enc", "UTF-8", path, "-"])
  guard run.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: run.output]) }
  var pages = run.output.components(separatedBy: "\u{0C}")
  if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
  return pages
}

/// Every word's box on every page (`pdftotext -bbox`): (page, xMin, yMin, xMax, yMax, word).
func pdfWords(_ path: String) throws -> [(page: Int, xMin: Double, yMin: Double, xMax: Double, yMax: Double, text: String)] {
  let run = try runTool("/usr/bin/pdftotext", ["-bbox", "-enc", "UTF-8", path, "-"])
  guard run.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: run.output]) }
  var words: [(page: Int, xMin: Double, yMin: Double, xMax: Double, yMax: Double, text: String)] = []
  var page = 0
  for line in run.output.split(separator: "\n") {
    if line.contains("<page ") { page += 1 }
    guard line.contains("<word ") else { continue }
    func attribute(_ name: String) -> Double {
      guard let range = line.range(of: name + "=\"") else { return .nan }
      return Double(line[range.upperBound...].prefix { $0 != "\"" }) ?? .nan
    }
    let text = line.split(separator: ">").dropFirst().first.map { String($0.prefix { $0 != "<" }) } ?? ""
    words.append((page, attribute("xMin"), attribute("yMin"), attribute("xMax"), attribute("yMax"), text))
  }
  return words
}
