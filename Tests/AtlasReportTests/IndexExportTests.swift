import AtlasStore
import Foundation
import Testing

@testable import AtlasReport

@Suite("The disparities indices in the exports")
struct IndexExportTests {
  @Test("exports/disparities.csv holds every disparities row of the atlas, in order, with its interval and the data origin")
  func everyRow() throws {
    let run = try ReportFixture.run
    let stored = try GeoPackageReader(path: run.atlasPath).rows(of: "disparities")
      .sorted { ($0["id"]?.doubleValue ?? 0) < ($1["id"]?.doubleValue ?? 0) }
    #expect(stored.contains { $0["ci_low"]?.doubleValue != nil }, "the fixture has intervals")
    let csv = try String(contentsOf: run.reports.appendingPathComponent("exports/disparities.csv"), encoding: .utf8)
    let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    #expect(lines[0] == IndexExport.columns)
    #expect(lines.count - 1 == stored.count)
    for (line, row) in zip(lines.dropFirst(), stored) {
      for (k, name) in ["layer", "family", "metric", "stratum", "index"].enumerated() { #expect(line[k] == row[name]?.textValue) }
      #expect(line[5] == (row["grouping"]?.textValue ?? ""))
      #expect(Double(line[6]) == row["value"]?.doubleValue)
      #expect(line[7].isEmpty ? row["ci_low"]?.doubleValue == nil : Double(line[7]) == row["ci_low"]?.doubleValue)
      #expect(line[8].isEmpty ? row["ci_high"]?.doubleValue == nil : Double(line[8]) == row["ci_high"]?.doubleValue)
      #expect(line[9] == "synthetic")
    }
  }
}
