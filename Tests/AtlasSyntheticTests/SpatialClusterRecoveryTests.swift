import AtlasPipeline
import AtlasTestSupport
import Foundation
import Testing

/// `synth` slows P1 dispatch in three districts (truth.json); the beats of those districts are
/// contiguous blocks of slow beats, so the local statistics must find them. Shares the one
/// analyze run of `AnalyzeRecoveryTests`.
@Suite("analyze finds the injected slow districts as spatial clusters")
struct SpatialClusterRecoveryTests {
  typealias Run = AnalyzeRecoveryTests.Run

  func injectedDistricts(_ run: Run) -> Set<String> {
    guard case .object(let areas)? = run.truth["disparities"]?["police-districts"] else { return [] }
    return Set(areas.filter { $0.1["call_to_dispatch_multiplier"] != nil }.map(\.0))
  }

  /// A beat's district is its number without the last two digits (beat 1522 → district 15).
  func district(ofBeat beat: String) -> String { String((Int(beat) ?? 0) / 100) }

  func rows(_ run: Run, _ metric: String, stratum: String, statistic: String) -> [LocalClusterRow] {
    run.result.spatial.local.filter { $0.layer == "police-beats" && $0.metric == metric && $0.stratum == stratum && $0.statistic == statistic }
  }

  /// With 20,000 calls a beat has about 20 P1 calls, so its quantiles are noisy; with 999
  /// permutations the smallest p is 1/1000 and Benjamini–Hochberg over ~230 beats needs at
  /// least 5 beats at that floor for q < 0.05. Observed with the fixture's seed: the P1 median
  /// finds district 8's block (10 beats), the P2 median and p90 find districts 20, 22 and 8;
  /// the P1 p90 is globally clustered (z ≈ 6) but no beat passes the FDR (its best q ≈ 0.057).
  /// Checked here: every high-high beat of these four lies in an injected district, together
  /// they name all three, the P1 median alone finds at least one, and Moran's I is clearly
  /// positive for every one of them.
  @Test("P1 call → dispatch: significant high-high beats, all inside the injected districts")
  func highHighBeats() throws {
    let run = try AnalyzeRecoveryTests.shared.get()
    let slow = injectedDistricts(run)
    #expect(slow.count == 3)
    var found: Set<String> = []
    for stratum in ["P1", "P2"] {
      for metric in ["call_to_dispatch_p50_seconds", "call_to_dispatch_p90_seconds"] {
        let lisa = rows(run, metric, stratum: stratum, statistic: "local_moran")
        let highHigh = lisa.filter { $0.cluster == "high-high" }
        #expect(highHigh.allSatisfy { $0.qValue < 0.05 && $0.value > 0 })
        #expect(highHigh.allSatisfy { slow.contains(district(ofBeat: $0.areaID)) }, "\(stratum) \(metric): \(highHigh.map(\.areaID))")
        found.formUnion(highHigh.map { district(ofBeat: $0.areaID) })
        // Gi* agrees: every high-high beat is a hot spot.
        let hot = Set(rows(run, metric, stratum: stratum, statistic: "gi_star").filter { $0.cluster == "hot spot" }.map(\.areaID))
        #expect(Set(highHigh.map(\.areaID)).isSubset(of: hot), "\(stratum) \(metric)")
        let global = try #require(run.result.spatial.global.first { $0.layer == "police-beats" && $0.metric == metric && $0.stratum == stratum })
        #expect(global.value > 0.2 && global.z > 4 && global.pValue == 1.0 / 1000, "\(stratum) \(metric): I \(global.value), z \(global.z)")
        #expect(global.expected == -1.0 / Double(global.areas - 1))
        if stratum == "P1" && metric == "call_to_dispatch_p50_seconds" { #expect(highHigh.count >= 5) }
      }
    }
    #expect(found == slow)
  }

  @Test("the atlas holds spatial_autocorrelation and local_clusters for beats and wards")
  func atlasTables() throws {
    let run = try AnalyzeRecoveryTests.shared.get()
    for (table, count) in [("spatial_autocorrelation", run.result.spatial.global.count), ("local_clusters", run.result.spatial.local.count)] {
      let (status, output) = try runTool(
        "/usr/bin/ogrinfo", ["-ro", "-q", run.result.gpkgPath, "-sql", "SELECT COUNT(*) AS n, COUNT(DISTINCT layer) AS layers FROM \(table)"])
      #expect(status == 0, "\(output)")
      #expect(output.contains("n (Integer) = \(count)"), "\(table): \(output)")
      #expect(output.contains("layers (Integer) = 2"), "\(table): \(output)")
    }
    #expect(Set(run.result.spatial.global.map(\.metric)).isSuperset(of: ["call_to_dispatch_p90_seconds", "call_to_on_scene_p50_seconds"]))
    // Areas with fewer than 11 calls behind the figure are left out of the weights.
    let tested = run.result.spatial.local.filter {
      $0.layer == "police-beats" && $0.metric == "call_to_dispatch_p90_seconds" && $0.stratum == "P1" && $0.statistic == "gi_star"
    }
    let eligible = run.result.metrics.filter {
      $0.layer == "police-beats" && $0.family == "calls" && $0.metric == "call_to_dispatch_p90_seconds" && $0.stratum == "P1" && $0.n >= 11
    }
    #expect(Set(tested.map(\.areaID)) == Set(eligible.map(\.areaID)))
  }
}
