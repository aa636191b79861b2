import AtlasGeometry
import AtlasPipeline
import AtlasStore
import Foundation
import Testing

@testable import AtlasReport

/// The district report's cluster map draws `local_clusters` as stored, read back through
/// ReportModel.
@Suite("District report: beat clusters of P1 dispatch")
struct ClusterMapTests {
  @Test("every tested beat is coloured by its stored cluster; the legend says what the classes are and that q < 0.05 after FDR")
  func clusterMap() throws {
    let run = try ReportFixture.run
    let report = try DistrictReport(model: run.model)
    let map = try #require(report.clusterMap())
    // The atlas's rows, read with the store directly.
    let rows = try GeoPackageReader(path: run.atlasPath).rows(of: "local_clusters").filter {
      $0["layer"]?.textValue == "police-beats" && $0["metric"]?.textValue == "call_to_dispatch_p90_seconds"
        && $0["stratum"]?.textValue == "P1" && $0["statistic"]?.textValue == "local_moran"
    }
    #expect(rows.count > 200)
    let beats = run.model.areas("police-beats")
    let colour: [String: Color] = [
      "high-high": Color(hex: 0xD7191C), "low-low": Color(hex: 0x2C7BB6), "high-low": Color(hex: 0xFDAE61),
      "low-high": Color(hex: 0xABD9E9), "not significant": Color(hex: 0xF4F4F4), "no neighbours": Color(hex: 0xBFBFBF),
    ]
    var tested = 0
    for row in rows {
      let id = try #require(row["area_id"]?.textValue)
      let cluster = try #require(row["cluster"]?.textValue)
      let q = try #require(row["q_value"]?.doubleValue)
      #expect(cluster == "not significant" || cluster == "no neighbours" || q < 0.05, "beat \(id)")
      let b = try #require(beats.firstIndex { $0.id == id })
      #expect(map.shapes[b].fill == colour[cluster], "beat \(id): \(cluster)")
      #expect(run.model.localCluster("police-beats", id, "calls", "call_to_dispatch_p90_seconds", "P1", statistic: "local_moran")?.cluster == cluster)
      tested += 1
    }
    // Beats without a tested value are grey "left out".
    #expect(map.shapes.prefix(beats.count).filter { $0.fill == .noData }.count == beats.count - tested)
    let labels = map.legend.map(\.label)
    for label in [
      "high-high: slow beat among slow neighbours", "low-low: fast beat among fast neighbours",
      "high-low: slow beat among fast neighbours", "low-high: fast beat among slow neighbours",
    ] {
      #expect(labels.contains(label))
    }
    #expect(map.legendTitle == "cluster (q < 0.05 after FDR)")
    #expect(map.caption.contains("Benjamini–Hochberg q < 0.05") && map.caption.contains("Global Moran's I = "))
    let inDocument = report.document().blocks.contains { block in
      if case .figures(let figures, _) = block { return figures.contains(.map(map)) }
      return false
    }
    #expect(inDocument)
  }

  @Test("an atlas without local_clusters gives no cluster map (older atlases still report)")
  func withoutTables() throws {
    var model = try ReportFixture.run.model
    model.spatial = ReportModel.SpatialTables()
    #expect(try DistrictReport(model: model).clusterMap() == nil)
  }
}
