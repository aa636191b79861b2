import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasSynthetic
import AtlasTestSupport
import Foundation
import Testing

/// `analyze` on a small synthetic year must recover what `synth` injected (truth.json), and
/// account for every input row. Tolerances are stated per check from the sample sizes.
@Suite("analyze recovers the injected disparities")
struct AnalyzeRecoveryTests {
  struct Run: Sendable {
    var result: AnalyzeResult
    var truth: JSONValue
    var outputDirectory: URL
  }

  static let shared = Result { () throws -> Run in
    let inputs = try TestData.temporaryDirectory()
    let output = try TestData.temporaryDirectory()
    _ = try Synthesizer(city: try Fixture.city, configuration: Fixture.configuration(seed: Fixture.seed)).run(writingTo: inputs)
    let result = try AnalyzeJob(configuration: AnalyzeConfiguration(inputs: inputs, data: try TestData.directory, output: output)).run()
    let truth = try JSONValue.parse(Array(try Data(contentsOf: inputs.appendingPathComponent(ServiceInputs.truthFile))))
    try? FileManager.default.removeItem(at: inputs)
    return Run(result: result, truth: truth, outputDirectory: output)
  }

  func value(_ run: Run, _ layer: String, _ area: String, _ family: String, _ metric: String, _ stratum: String) -> Double? {
    run.result.metrics.first { $0.layer == layer && $0.areaID == area && $0.family == family && $0.metric == metric && $0.stratum == stratum }?.value
  }

  func injected(_ run: Run, layer: String, key: String) -> [String] {
    guard case .object(let areas)? = run.truth["disparities"]?[layer] else { return [] }
    return areas.filter { $0.1[key] != nil }.map(\.0)
  }

  func areaIDs(_ run: Run, layer: String) -> [String] {
    Array(Set(run.result.metrics.filter { $0.layer == layer }.map(\.areaID))).sorted()
  }

  func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

  /// About 230 P1 calls per district. With the generator's log-normal σ = 0.8 the standard
  /// error of a log median is about 1.25 · 0.8 / √230 ≈ 0.066, so a district's ratio is checked
  /// to ±25% (≈ 3.4 SE) and the geometric mean of the three to ±12% (≈ 3 SE).
  @Test("slower dispatch in the injected districts: P1 median ratio ≈ 1.8")
  func dispatchMultiplier() throws {
    let run = try Self.shared.get()
    let districts = injected(run, layer: "police-districts", key: "call_to_dispatch_multiplier")
    #expect(districts.count == 3)
    let others = areaIDs(run, layer: "police-districts").filter { !districts.contains($0) && $0 != "31" }
    let baseline = median(others.compactMap { value(run, "police-districts", $0, "calls", "call_to_dispatch_p50_seconds", "P1") })
    var logSum = 0.0
    for d in districts {
      let truth = try #require(run.truth["disparities"]?["police-districts"]?[d]?["call_to_dispatch_multiplier"]?.numberValue)
      let ratio = try #require(value(run, "police-districts", d, "calls", "call_to_dispatch_p50_seconds", "P1")) / baseline
      #expect(abs(ratio / truth - 1) < 0.25, "district \(d): ratio \(ratio), truth \(truth)")
      logSum += log(ratio / truth)
    }
    #expect(abs(exp(logSum / Double(districts.count)) - 1) < 0.12)
  }

  /// About 900 calls per district: the standard error of a share near 0.4 is 0.016; ±0.05 is
  /// three standard errors.
  @Test("the comparisons table flags the injected districts: P1 dispatch p50 ratio above 1.4, interval excluding 1")
  func comparisons() throws {
    let run = try Self.shared.get()
    for d in injected(run, layer: "police-districts", key: "call_to_dispatch_multiplier") {
      let rows = run.result.comparisons.filter {
        $0.layer == "police-districts" && $0.areaID == d && $0.metric == "call_to_dispatch" && $0.stratum == "P1"
      }
      let ratio = try #require(rows.first { $0.statistic == "ratio_p50" })
      #expect(ratio.value > 1.4, "district \(d)")
      #expect(try #require(ratio.ciLow) > 1, "district \(d)")
      #expect(try #require(rows.first { $0.statistic == "cliffs_delta" }).value > 0.2)
      #expect(try #require(rows.first { $0.statistic == "mann_whitney_p" }).value < 0.001)
    }
    #expect(run.result.indices.contains { $0.layer == "police-beats" && $0.index == "theil_t_between" && $0.grouping == "district" })
  }

  @Test("lower on-scene completeness in the injected districts")
  func completeness() throws {
    let run = try Self.shared.get()
    let districts = injected(run, layer: "police-districts", key: "on_scene_recorded_share")
    let baseline = try #require(run.truth["baseline"]?["on_scene_recorded_share"]?.numberValue)
    for d in districts {
      let truth = try #require(run.truth["disparities"]?["police-districts"]?[d]?["on_scene_recorded_share"]?.numberValue)
      let measured = try #require(value(run, "police-districts", d, "calls", "completeness_on_scene", "all"))
      #expect(abs(measured - truth) < 0.05, "district \(d)")
    }
    let others = areaIDs(run, layer: "police-districts").filter { !districts.contains($0) && $0 != "31" }
    let otherShares = others.compactMap { value(run, "police-districts", $0, "calls", "completeness_on_scene", "all") }
    #expect(abs(otherShares.reduce(0, +) / Double(otherShares.count) - baseline) < 0.03)
  }

  /// Each injected ward has dozens of cameras; mean uptime ±0.07 of truth (the generator draws
  /// per-camera uptimes around the ward's mean).
  @Test("lower camera uptime in the injected wards")
  func cameraUptime() throws {
    let run = try Self.shared.get()
    let wards = injected(run, layer: "wards-2023", key: "camera_uptime_mean")
    #expect(wards.count == 4)
    for w in wards {
      let measured = try #require(value(run, "wards-2023", w, "cameras", "mean_uptime", "all"))
      #expect(abs(measured - 0.70) < 0.07, "ward \(w): \(measured)")
    }
    let others = areaIDs(run, layer: "wards-2023").filter { !wards.contains($0) }.compactMap {
      value(run, "wards-2023", $0, "cameras", "mean_uptime", "all")
    }
    #expect(abs(median(others) - 0.95) < 0.03)
  }

  /// The generator blanks whole 330 m cells whose centre lies in the ward, so cells along the
  /// ward's edge can still cover part of it: the hole shows as a small share, far below the
  /// city's typical 5G 7/1 coverage (about 0.78).
  @Test("no 5G coverage in the coverage-hole wards")
  func coverageHoles() throws {
    let run = try Self.shared.get()
    let wards = injected(run, layer: "wards-2023", key: "coverage_hole_technologies")
    #expect(wards.count == 2)
    for w in wards {
      let share = try #require(value(run, "wards-2023", w, "cellular", "covered_share", "any | 5G-NR 7/1 | outdoor-stationary"))
      #expect(share < 0.2, "ward \(w): \(share)")
      let lte = try #require(value(run, "wards-2023", w, "cellular", "covered_share", "any | 4G LTE 5/1 | outdoor-stationary"))
      #expect(lte > 0.9, "ward \(w) keeps 4G")
    }
  }

  /// The case-mix trap (about 400 priority-3 calls in each trap district of the 20,000): the
  /// mix-only district's raw P3 dispatch median ratio is far above 1 (truth ≈ 1.5) and its
  /// adjusted ratio ≈ 1; the delayed one's adjusted ratio ≈ 1.6 while its raw one is higher.
  /// The standard error of a log median of ~400 values with σ ≈ 1.1 is about 1.25 · 1.1 / √400
  /// ≈ 0.07 (the reweighted rest adds a little), so ±0.2 on the log scale is about 3 SE.
  @Test("case-mix trap: raw high only because of the call mix (adjusted ≈ 1), and adjusted still high where the delay is real")
  func caseMixTrap() throws {
    let run = try Self.shared.get()
    let districts = injected(run, layer: "police-districts", key: "case_mix_adjusted_ratio")
    #expect(districts.count == 2)
    #expect(Set(districts).isDisjoint(with: injected(run, layer: "police-districts", key: "call_to_dispatch_multiplier")))
    var seen: Set<Double> = []
    for d in districts {
      let truth = try #require(run.truth["disparities"]?["police-districts"]?[d]?["case_mix_adjusted_ratio"]?.numberValue)
      seen.insert(truth)
      func row(_ statistic: String) throws -> AreaComparison {
        try #require(
          run.result.comparisons.first {
            $0.layer == "police-districts" && $0.areaID == d && $0.metric == "call_to_dispatch" && $0.stratum == "P3" && $0.statistic == statistic
          })
      }
      let raw = try row("ratio_p50")
      let adjusted = try row("ratio_p50_adjusted")
      #expect(abs(log(adjusted.value / truth)) < 0.2, "district \(d): adjusted \(adjusted.value), truth \(truth)")
      #expect(raw.value > truth * 1.25, "district \(d): raw \(raw.value) should carry the mix effect over \(truth)")
      #expect(try #require(adjusted.ciLow) < truth * 1.1 && truth * 0.9 < (try #require(adjusted.ciHigh)), "district \(d)")
      // The ratio divides by the stored rest value.
      let own = try #require(value(run, "police-districts", d, "calls", "call_to_dispatch_p50_seconds", "P3"))
      #expect(abs(raw.value * (try #require(raw.restValue)) / own - 1) < 1e-12)
      // The adjusted ratio's area quantile is over the calls in cells the rest also has.
      if adjusted.n == raw.n { #expect(abs(adjusted.value * (try #require(adjusted.restValue)) / own - 1) < 1e-12) }
      if truth == 1 { #expect(try #require(raw.ciLow) > 1.1, "district \(d): the raw comparison alone would flag it") }
    }
    #expect(seen == [1, run.truth["parameters"]?["disparities"]?["case_mix_delay_multiplier"]?.numberValue ?? 1.6])
    // Outside the trap classes the adjustment changes little: injected P1 delays stay ≈ 1.8.
    for d in injected(run, layer: "police-districts", key: "call_to_dispatch_multiplier") {
      let adjusted = try #require(
        run.result.comparisons.first {
          $0.layer == "police-districts" && $0.areaID == d && $0.metric == "call_to_dispatch" && $0.stratum == "P1"
            && $0.statistic == "ratio_p50_adjusted"
        })
      #expect(adjusted.value > 1.4, "district \(d)")
    }
  }

  @Test("stretched fleet zones: the serving base is far beyond the nearest one")
  func fleet() throws {
    let run = try Self.shared.get()
    guard case .object(let wards)? = run.truth["disparities"]?["wards-2023"] else {
      Issue.record("no ward disparities")
      return
    }
    let underserved = wards.compactMap { id, value in value["fleet_underserved"]?["service"]?.stringValue.map { (id, $0) } }
    #expect(underserved.count == 4)
    for (ward, service) in underserved {
      let serving = try #require(value(run, "wards-2023", ward, "fleet", "centroid_to_zone_base_miles", service))
      let nearest = try #require(value(run, "wards-2023", ward, "fleet", "centroid_to_nearest_base_miles", service))
      #expect(serving / nearest >= 1.5, "ward \(ward) \(service): \(serving) vs \(nearest)")
    }
  }

  @Test("every input row is accounted for exactly once")
  func accounting() throws {
    let run = try Self.shared.get()
    #expect(run.result.accountings.count == 6)
    for accounting in run.result.accountings {
      #expect(accounting.isConsistent, "\(accounting.file)")
      let name = URL(fileURLWithPath: accounting.file).lastPathComponent
      let records = run.truth["files"]?.arrayValue?.first { $0["file"]?.stringValue == name }?["records"]?.numberValue
      #expect(records.map { Int($0) } == accounting.rowsRead, "\(name)")
    }
    let calls = try #require(run.result.accountings.first { $0.file.hasSuffix(ServiceInputs.Calls.file) })
    #expect(calls.rows("joined") > 19_500)
  }

  @Test("the GeoPackage opens in GDAL, lists every table, and says synthetic; so does the manifest")
  func outputs() throws {
    let run = try Self.shared.get()
    #expect(run.result.isSynthetic)
    let (status, output) = try runTool(
      "/usr/bin/ogrinfo", ["-ro", "-q", run.result.gpkgPath, "-sql", "SELECT value FROM run_info WHERE key = 'data_origin'"])
    #expect(status == 0, "\(output)")
    #expect(output.contains("value (String) = synthetic"))
    let tables = try runTool("/usr/bin/ogrinfo", ["-ro", "-q", run.result.gpkgPath]).output
    for table in [
      "wards_2023 (Multi Polygon)", "police_districts (Multi Polygon)", "police_beats (Multi Polygon)", "community_areas (Multi Polygon)", "metrics",
      "input_accounting",
    ] {
      #expect(tables.contains(table), "\(table)")
    }
    let manifest = try RunManifest.read(from: run.result.manifestPath)
    #expect(manifest.synthetic)
    // 4 boundary layers, the census tracts, the 2010 precincts and blocks (dasymetric), the City's
    // community-area table (population_checks), and the 6 service inputs.
    #expect(manifest.inputs.count == 14)
    #expect(manifest.inputs.allSatisfy { $0.sha256.count == 64 })
    #expect(manifest.projection.contains("3435") || manifest.projection.lowercased().contains("illinois"))
  }

  @Test("census apportionment conserves the population inside the city on every layer")
  func population() throws {
    let run = try Self.shared.get()
    let totals = run.result.population.values.map(\.massBalance.targetTotal)
    for (layer, demographics) in run.result.population {
      #expect(demographics.lossShare.magnitude < 1e-4, "\(layer)")
      // The City's 2020 count is 2,746,388; area weighting of the partly-outside tracts moves
      // the in-city total by under 3%.
      #expect(abs(demographics.massBalance.targetTotal / 2_746_388 - 1) < 0.03, "\(layer)")
      // Every layer sums to the same city total.
      #expect(abs(demographics.massBalance.targetTotal - totals[0]) < 1e-6 * totals[0], "\(layer)")
    }
  }
}
