import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasReport
import AtlasSite
import AtlasStore
import AtlasSynthetic
import AtlasTestSupport
import Foundation

/// One small synthetic run shared by the site tests (the pattern of `ReportFixture`): 20,000
/// calls analysed into an atlas, the ward PDFs rendered into `reports/`, and the site written
/// beside them into `site/` (so its panels link to the PDFs, as `demo` lays them out).
enum SiteFixture {
  static let seed: UInt64 = 0x51_7E_2023

  struct Run: Sendable {
    var directory: URL
    var atlasPath: String
    var model: ReportModel
    var site: URL
    var summary: SiteJob.Summary
  }

  static let shared = Result { () throws -> Run in
    let directory = try TestData.temporaryDirectory()
    let inputs = directory.appendingPathComponent("inputs")
    var configuration = SynthConfiguration(seed: seed, year: 2023, callCount: 20_000)
    configuration.cameras.podCount = 300
    configuration.cameras.ptzCount = 20
    let city = try SyntheticCity.load(from: try TestData.directory, manifest: try BoundaryManifest.bundled())
    _ = try Synthesizer(city: city, configuration: configuration).run(writingTo: inputs)
    let result = try AnalyzeJob(configuration: AnalyzeConfiguration(inputs: inputs, data: try TestData.directory, output: directory)).run()
    let model = try ReportModel.load(atlas: result.gpkgPath)
    _ = try ReportJob(model: model, output: directory.appendingPathComponent("reports")).run(.wards)
    let site = directory.appendingPathComponent("site")
    let summary = try SiteJob(model: model, output: site).run()
    return Run(directory: directory, atlasPath: result.gpkgPath, model: model, site: site, summary: summary)
  }

  static var run: Run { get throws { try shared.get() } }

  /// The atlas's `metrics` table read straight from SQLite (not through `ReportModel`), keyed
  /// "layer|area|family|metric|stratum".
  static let atlasFigures = Result { () throws -> [String: (value: Double, n: Int)] in
    let reader = try GeoPackageReader(path: try run.atlasPath)
    var figures: [String: (value: Double, n: Int)] = [:]
    for row in try reader.rows(of: "metrics") {
      let key = ["layer", "area_id", "family", "metric", "stratum"].map { row[$0]?.textValue ?? "" }.joined(separator: "|")
      figures[key] = (row["value"]?.doubleValue ?? .nan, Int(row["n"]?.doubleValue ?? 0))
    }
    return figures
  }

  static func figure(_ layer: String, _ area: String, _ family: String, _ metric: String, _ stratum: String) throws -> (value: Double, n: Int)? {
    try atlasFigures.get()["\(layer)|\(area)|\(family)|\(metric)|\(stratum)"]
  }

  /// A layer's data script (`data/<table>.js`) parsed back into JSON.
  static func layerData(_ layer: String) throws -> JSONValue {
    let path = try run.site.appendingPathComponent("data").appendingPathComponent(layer.replacingOccurrences(of: "-", with: "_") + ".js").path
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let prefix = "(window.EquityAtlasData = window.EquityAtlasData || { layers: {} }).layers[\"\(layer)\"] = "
    guard text.hasPrefix(prefix), text.hasSuffix(";\n") else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path]) }
    return try JSONValue.parse(Array(text.dropFirst(prefix.count).dropLast(2).utf8))
  }

  /// The rings of every area as the page draws them: arcs decoded (delta-coded grid steps)
  /// and joined, keyed by area id.
  static func drawnRings(_ data: JSONValue) -> [String: [[Topology.Point]]] {
    let arcs: [[Topology.Point]] = (data["arcs"]?.arrayValue ?? []).map { arc in
      let numbers = (arc.arrayValue ?? []).compactMap(\.numberValue).map { Int($0) }
      var x = 0
      var y = 0
      var out: [Topology.Point] = []
      for k in stride(from: 0, to: numbers.count - 1, by: 2) {
        x += numbers[k]
        y += numbers[k + 1]
        out.append(Topology.Point(x: x, y: y))
      }
      return out
    }
    var rings: [String: [[Topology.Point]]] = [:]
    for area in data["areas"]?.arrayValue ?? [] {
      guard let id = area["id"]?.stringValue else { continue }
      for polygon in area["shape"]?.arrayValue ?? [] {
        for ring in polygon.arrayValue ?? [] {
          var points: [Topology.Point] = []
          for ref in (ring.arrayValue ?? []).compactMap(\.numberValue).map({ Int($0) }) {
            let arc = ref < 0 ? Array(arcs[~ref].reversed()) : arcs[ref]
            points += points.isEmpty ? arc : Array(arc.dropFirst())
          }
          rings[id, default: []].append(points)
        }
      }
    }
    return rings
  }
}
