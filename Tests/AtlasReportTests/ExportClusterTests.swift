import AtlasIO
import AtlasStore
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasReport

@Suite("Local clusters in the exports")
struct ExportClusterTests {
  @Test("every local_clusters row is in its layer's CSV: cluster label and q-value, by area, beside the unchanged columns")
  func clustersInExports() throws {
    let run = try ReportFixture.run
    let reader = try GeoPackageReader(path: run.atlasPath)
    let rows = try reader.rows(of: "local_clusters")
    #expect(!rows.isEmpty)
    for layer in ["police-beats", "wards-2023"] {
      let table = layer.replacingOccurrences(of: "-", with: "_")
      let csv = try String(contentsOf: run.reports.appendingPathComponent("exports/\(table).csv"), encoding: .utf8)
      let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
      let header = lines[0]
      let byArea = Dictionary(uniqueKeysWithValues: lines.dropFirst().map { ($0[0], $0) })
      let own = rows.filter { $0["layer"]?.textValue == layer }
      #expect(!own.isEmpty, "\(layer): clusters in the fixture")
      for row in own {
        let parts = ["family", "stratum", "metric", "statistic"].map { row[$0]!.textValue! }
        let base = AtlasSchema.identifier(parts[1] == "all" ? "\(parts[0])_\(parts[2])_\(parts[3])" : parts.joined(separator: "_"))
        guard let c = header.firstIndex(of: base + "_cluster"), let q = header.firstIndex(of: base + "_q_value"),
          let line = byArea[row["area_id"]!.textValue!]
        else {
          Issue.record("\(layer): no \(base)_cluster / _q_value column or no row for area \(row["area_id"]!)")
          continue
        }
        #expect(line[c] == row["cluster"]!.textValue!)
        #expect(Double(line[q]) == row["q_value"]!.doubleValue!)
      }
      // The columns before the clusters are those of an export without them, in order.
      var model = run.model
      model.spatial = ReportModel.SpatialTables()
      let without = LayerExport(model: model, layer: layer)
      let with = LayerExport(model: run.model, layer: layer)
      #expect(Array(with.columns.prefix(without.columns.count - 2)) == Array(without.columns.dropLast(2)))
      #expect(Array(with.columns.suffix(2)) == ["withheld_cells", "not_finite_cells"])
      for (a, b) in zip(with.rows, without.rows) {
        #expect(Array(a.prefix(without.columns.count - 2)) == Array(b.dropLast(2)))
        #expect(Array(a.suffix(2)) == Array(b.suffix(2)))
      }
    }
    // Layers without spatial statistics keep their columns.
    #expect(!LayerExport(model: run.model, layer: "police-districts").columns.contains { $0.hasSuffix("_cluster") })
  }
}
