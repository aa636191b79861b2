import AtlasIO
import AtlasStore
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasReport

@Suite("Index intervals, concentration and dissimilarity in the district report")
struct DistrictIndicesTests {
  @Test("the report says how many resamples, prints each stored interval under its index, and shows concentration and D from the atlas")
  func intervalsShown() throws {
    let run = try ReportFixture.run
    let text = try pdfPages(run.reports.appendingPathComponent("districts.pdf").path).joined(separator: "\n")
    let resamples = try #require(run.model.parameters.first { $0.key == "index_interval_resamples" }?.value)
    #expect(text.contains("percentile bootstrap, \(resamples) resamples of the calls within each area"))
    #expect(text.contains("carry 95% percentile bootstrap intervals from \(resamples) resamples"))
    // Every interval of a headline index of the districts is printed as the atlas holds it.
    let reader = try GeoPackageReader(path: run.atlasPath)
    let rows = try reader.rows(of: "disparities").filter {
      $0["layer"]?.textValue == "police-districts" && $0["metric"]?.textValue == "call_to_dispatch_p90_seconds"
        && $0["stratum"]?.textValue == "P1" && ($0["grouping"]?.textValue ?? "").isEmpty
    }
    for index in ["gini", "theil_t", "cv"] {
      let row = try #require(rows.first { $0["index"]?.textValue == index }, "\(index) stored")
      let low = try #require(row["ci_low"]?.doubleValue, "\(index) has an interval")
      let high = try #require(row["ci_high"]?.doubleValue)
      let printed = Format.interval(low, high, digits: 3)
      #expect(text.contains(printed), "\(index): \(printed) printed")
    }
    for index in ["concentration_B", "concentration_W"] {
      let row = try #require(rows.first { $0["index"]?.textValue == index }, "\(index) stored")
      #expect(row["ci_low"]?.doubleValue != nil, "\(index) has an interval")
      #expect(text.contains(Format.decimal(row["value"]!.doubleValue!, digits: 3)), "\(index) printed")
    }
    let d = try #require(
      try reader.rows(of: "disparities").first {
        $0["layer"]?.textValue == "police-beats" && $0["index"]?.textValue == "dissimilarity_residents" && $0["stratum"]?.textValue == "all"
      })
    #expect(text.contains(Format.decimal(d["value"]!.doubleValue!, digits: 3)))
    #expect(text.contains("Calls against residents: dissimilarity"))
    #expect(text.contains("Who lives where response is slow"))
  }
}
