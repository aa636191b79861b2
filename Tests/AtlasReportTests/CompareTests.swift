import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasStatistics
import AtlasStore
import AtlasSynthetic
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasReport

/// `compare` on two small synthetic years from one seed: 2023, and 2024 with call → dispatch
/// ×1.6 in two police districts (`synth --change-districts`). The change must be found where it
/// was injected, and rarely elsewhere.
@Suite("compare finds an injected change and refuses what cannot be compared")
struct CompareTests {
  static let seed: UInt64 = 0xC0DE_2024
  static let changed = ["4", "9"]
  static let multiplier = 1.6

  struct Run: Sendable {
    var directory: URL
    var before: String
    var after: String
    var change: AtlasChange
    var truth: JSONValue
  }

  /// 20,000 calls a year (about 900 per district, 230 of priority 1), police districts only.
  static let shared = Result { () throws -> Run in
    let directory = try TestData.temporaryDirectory()
    let city = try SyntheticCity.load(from: try TestData.directory, manifest: try BoundaryManifest.bundled())
    var atlases: [String] = []
    for year in [2023, 2024] {
      var configuration = SynthConfiguration(seed: seed, year: year, callCount: 20_000)
      configuration.cameras.podCount = 300
      configuration.cameras.ptzCount = 20
      if year == 2024 {
        configuration.disparities.changeDistricts = changed
        configuration.disparities.changeDispatchMultiplier = multiplier
      }
      let inputs = directory.appendingPathComponent("inputs-\(year)")
      _ = try Synthesizer(city: city, configuration: configuration).run(writingTo: inputs)
      var analyze = try AnalyzeConfiguration(inputs: inputs, data: try TestData.directory, output: directory.appendingPathComponent("atlas-\(year)"))
      analyze.layerIDs = ["police-districts"]
      analyze.population = .area
      atlases.append(try AnalyzeJob(configuration: analyze).run().gpkgPath)
    }
    let truth = try JSONValue.parse(Array(try Data(contentsOf: directory.appendingPathComponent("inputs-2024/\(ServiceInputs.truthFile)"))))
    return Run(
      directory: directory, before: atlases[0], after: atlases[1], change: try AtlasChange.load(before: atlases[0], after: atlases[1]), truth: truth)
  }

  static var run: Run { get throws { try shared.get() } }

  @Test("truth.json of the later year names the changed districts and the factor")
  func truth() throws {
    let run = try Self.run
    for id in Self.changed {
      #expect(run.truth["disparities"]?["police-districts"]?[id]?["change_call_to_dispatch_multiplier"]?.numberValue == Self.multiplier)
    }
    #expect(run.truth["parameters"]?["disparities"]?["change_districts"] == .array(Self.changed.map { .string($0) }))
  }

  /// P1 has about 230 calls a district a year: the order-statistic interval of a median spans
  /// about ±0.13 on the log scale, the change's about ±0.19, and log 1.6 = 0.47 is 2.5 times
  /// that, so every priority's median is flagged. The ratio of the medians is checked to
  /// ±30% (about 3 standard errors of a log ratio from ~900 calls per district and year).
  @Test("the changed districts: call → dispatch median flagged higher in every priority, ratio ≈ 1.6")
  func recovered() throws {
    let run = try Self.run
    for id in Self.changed {
      for stratum in ["P1", "P2", "P3", "all"] {
        let row = try #require(
          run.change.rows.first {
            $0.layer == "police-districts" && $0.areaID == id && $0.metric == "call_to_dispatch_p50_seconds" && $0.stratum == stratum
          })
        #expect(
          row.flag == .higher,
          "district \(id) \(stratum): \(row.before) → \(row.after), interval \(String(describing: row.ciLow))…\(String(describing: row.ciHigh))")
        if stratum == "all" { #expect(abs(row.after / row.before / Self.multiplier - 1) < 0.3, "district \(id): ratio \(row.after / row.before)") }
      }
    }
  }

  /// Nominal: a 95% interval excludes 0 for 5% of unchanged figures. The order-statistic
  /// intervals are conservative (ranks rounded outwards), so fewer are expected. About 1,000
  /// figures with an interval in the 20 unchanged districts: 5% ± 0.7% (binomial SE); figures
  /// of one district are correlated (P1 and all share calls), so the bound is 7.5% (over 3 SE).
  @Test("unchanged districts: at most 7.5% of figures with an interval flagged (nominal 5%)")
  func falseFlags() throws {
    let run = try Self.run
    let excluded = Set(Self.changed + ["31"])
    let tested = run.change.rows.filter { $0.layer == "police-districts" && !excluded.contains($0.areaID) && $0.ciLow != nil && $0.flag != .withheld }
    let flagged = tested.filter { $0.flag == .higher || $0.flag == .lower }
    let share = Double(flagged.count) / Double(tested.count)
    #expect(tested.count > 800, "figures with an interval: \(tested.count)")
    #expect(share <= 0.075, "\(flagged.count) of \(tested.count) flagged: \(flagged.prefix(10).map { "\($0.areaID) \($0.metric) \($0.stratum)" })")
    // Each kind is present and has its own interval method.
    for kind in [ChangeRow.Kind.quantile, .share, .rate] { #expect(tested.contains { $0.kind == kind }, "\(kind)") }
  }

  /// Invariants of the table analyze writes for compare (the interval itself is
  /// `DisparityAnalysis.orderStatisticInterval`, tested with the comparisons).
  @Test("quantile_intervals: one row per stored p50/p90 with ≥ 20 values; value equals metrics; ci_low ≤ value ≤ ci_high")
  func quantileIntervals() throws {
    let run = try Self.run
    let rows = try GeoPackageReader(path: run.before).rows(of: "quantile_intervals")
    #expect(rows.count > 500)
    for row in rows {
      let area = try #require(row["area_id"]?.textValue)
      let metric = try #require(row["metric"]?.textValue)
      let stratum = try #require(row["stratum"]?.textValue)
      let value = try #require(row["value"]?.doubleValue)
      let low = try #require(row["ci_low"]?.doubleValue)
      let high = try #require(row["ci_high"]?.doubleValue)
      let stored = try #require(run.change.before.value("police-districts", area, MetricID(.calls, metric, stratum)))
      #expect(stored.value == value && Double(stored.n) == row["n"]?.doubleValue, "\(area) \(metric) \(stratum)")
      #expect(low <= value && value <= high && stored.n >= 20, "\(area) \(metric) \(stratum)")
    }
    let stored = Set(rows.map { "\($0["area_id"]!.textValue!)|\($0["metric"]!.textValue!)|\($0["stratum"]!.textValue!)" })
    for area in run.change.before.areas("police-districts") {
      for stratum in ["P1", "P2", "P3", "all"] {
        guard let v = run.change.before.value("police-districts", area.id, .calls(.p90(.callToDispatch), stratum)), v.n >= 20 else { continue }
        #expect(stored.contains("\(area.id)|call_to_dispatch_p90_seconds|\(stratum)"))
      }
    }
  }

  @Test("hand-checked rows: a share by Newcombe from the stored n, a quantile by MOVER from quantile_intervals, a rate per 365 days")
  func rows() throws {
    let run = try Self.run
    let reader = (try GeoPackageReader(path: run.before), try GeoPackageReader(path: run.after))
    func interval(_ r: GeoPackageReader, _ area: String, _ metric: String, _ stratum: String) throws -> ConfidenceInterval? {
      for row in try r.rows(of: "quantile_intervals") {
        let key = ["layer", "area_id", "metric", "stratum"].map { row[$0]?.textValue ?? "" }
        guard key == ["police-districts", area, metric, stratum], let low = row["ci_low"]?.doubleValue, let high = row["ci_high"]?.doubleValue else {
          continue
        }
        return ConfidenceInterval(lower: low, upper: high, level: 0.95)
      }
      return nil
    }
    let q = try #require(run.change.rows.first { $0.areaID == "12" && $0.metric == "call_to_on_scene_p90_seconds" && $0.stratum == "all" })
    let expected = try ChangeInterval.mover(
      before: q.before, try #require(try interval(reader.0, "12", q.metric, "all")), after: q.after,
      try #require(try interval(reader.1, "12", q.metric, "all")))
    #expect(q.ciLow == expected.lower && q.ciHigh == expected.upper)
    let s = try #require(run.change.rows.first { $0.areaID == "12" && $0.metric == "completeness_on_scene" && $0.stratum == "P2" })
    let newcombe = try ChangeInterval.newcombe(
      before: ((s.before * Double(s.nBefore)).rounded(), Double(s.nBefore)), after: ((s.after * Double(s.nAfter)).rounded(), Double(s.nAfter)))
    #expect(s.ciLow == newcombe.lower && s.ciHigh == newcombe.upper)
    let r = try #require(run.change.rows.first { $0.areaID == "12" && $0.metric == "calls_per_1000_residents_per_year" && $0.stratum == "all" })
    let population = try #require(run.change.before.value("police-districts", "12", .population(.population))?.value)
    let calls = try #require(run.change.before.value("police-districts", "12", .calls(.calls))?.value)
    func isClose(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * abs(b) }
    #expect(isClose(r.before, calls / (population / 1_000 * 365 / 365)), "2023 has 365 days")
    let callsAfter = try #require(run.change.after.value("police-districts", "12", .calls(.calls))?.value)
    #expect(isClose(r.after, callsAfter / (population / 1_000 * 366 / 365)), "2024 has 366 days")
  }

  @Test("outputs: per-layer CSV with the documented columns and data_origin synthetic; the PDF says SYNTHETIC and names the flagged districts")
  func outputs() throws {
    let run = try Self.run
    let out = run.directory.appendingPathComponent("change")
    let written = try ChangeReport(change: run.change, layer: "police-districts").write(to: out)
    #expect(written.map { ($0 as NSString).lastPathComponent } == ["change-police-districts.pdf", "change-police-districts.csv"])
    let csv = try CSVTable(contentsOf: written[1])
    #expect(csv.header == ChangeReport.columns)
    #expect(csv.rows.count == run.change.rows.count)
    let origin = try #require(csv.column("data_origin"))
    let flag = try #require(csv.column("flag"))
    #expect(csv.rows.allSatisfy { $0.fields[origin] == "synthetic" })
    #expect(Set(csv.rows.map { $0.fields[flag] }).isSubset(of: ["higher", "lower", "not flagged", "no interval", "withheld"]))
    let pages = try pdfPages(written[0])
    #expect(pages.allSatisfy { $0.contains("SYNTHETIC DATA") })
    #expect(pages[0].contains("What changed since the baseline"))
    let flaggedSection = try #require(pages.joined().components(separatedBy: "Flagged changes").last)
    let lines = flaggedSection.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    for id in Self.changed { #expect(lines.contains { $0.hasPrefix("\(id) ") }, "district \(id) listed among the flagged changes") }
  }

  @Test("refused: the same file twice; an atlas with another run's manifest (both files named)")
  func refusedFiles() throws {
    let run = try Self.run
    #expect { try AtlasChange.load(before: run.before, after: run.before) } throws: { error in
      "\(error)".contains("is the same file as")
    }
    let swapped = run.directory.appendingPathComponent("swapped")
    try FileManager.default.createDirectory(at: swapped, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: run.after, toPath: swapped.appendingPathComponent("atlas.gpkg").path)
    try FileManager.default.copyItem(
      atPath: ((run.before as NSString).deletingLastPathComponent as NSString).appendingPathComponent("manifest.json"),
      toPath: swapped.appendingPathComponent("manifest.json").path)
    #expect { try AtlasChange.load(before: run.before, after: swapped.appendingPathComponent("atlas.gpkg").path) } throws: { error in
      let text = "\(error)"
      return text.contains(swapped.appendingPathComponent("manifest.json").path) && text.contains(swapped.appendingPathComponent("atlas.gpkg").path)
        && text.contains("does not belong")
    }
  }

  @Test("refused, saying which: other layers, another boundary file, another parameter; the period may differ")
  func incompatibilities() {
    let before = AtlasChange.Facts(
      path: "a.gpkg", layers: ["police-districts", "wards-2023"], boundaryDigests: ["police-districts": "aaaa", "wards-2023": "bbbb"],
      parameters: ["camera_radius_feet": "500.0", "period_start": "2023-01-01", "population_method": "dasymetric"])
    var after = before
    after.path = "b.gpkg"
    after.parameters["period_start"] = "2024-01-01"
    #expect(AtlasChange.incompatibilities(before: before, after: after).isEmpty)
    after.parameters["camera_radius_feet"] = "750.0"
    after.boundaryDigests["wards-2023"] = "cccc"
    #expect(
      AtlasChange.incompatibilities(before: before, after: after) == [
        "boundary vintage: the wards-2023 boundary file differs (sha256 bbbb… in a.gpkg, cccc… in b.gpkg)",
        "parameter camera_radius_feet: '500.0' in a.gpkg, '750.0' in b.gpkg",
      ])
    after = before
    after.path = "b.gpkg"
    after.layers = ["police-districts", "wards-2015"]
    after.boundaryDigests = ["police-districts": "aaaa", "wards-2015": "dddd"]
    #expect(AtlasChange.incompatibilities(before: before, after: after) == ["different layers: wards-2023 only in a.gpkg; wards-2015 only in b.gpkg"])
  }
}
