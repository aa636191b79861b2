import AtlasGeometry
import AtlasIO
import AtlasSpatial
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasPipeline
@testable import AtlasStatistics

/// |actual − expected| ≤ max(relative · |expected|, absolute).
private func expectClose(
  _ actual: Double?, _ expected: Double, relative: Double = 1e-9, absolute: Double = 0, _ what: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let actual else {
    Issue.record("\(what): got nil, expected \(expected)", sourceLocation: sourceLocation)
    return
  }
  #expect(
    abs(actual - expected) <= max(relative * abs(expected), absolute), "\(what): got \(actual), expected \(expected)", sourceLocation: sourceLocation)
}

@Suite("Intervals, concentration and dissimilarity of the disparities indices")
struct IndexIntervalsTests {
  // Calls of IndexIntervalsTests in Tests/reference/statistics/index_intervals_reference.py.
  static let p1: [[Double]] = [[30, 45, 60, 90, 120], [60, 80, 100, 140, 200, 260], [20, 25, 40, 55], [100, 150, 180, 240, 300, 420, 600]]
  static let p2: [[Double]] = [[300, 400], [500], [], [200, 250, 900]]
  static let layer = "wards-2023"
  static let areaIDs = ["A", "B", "C", "D"]

  /// Areas as unit squares side by side, each its own census tract: population and counts of
  /// W, B, H (the other groups 0) land on the areas unchanged.
  static func demographics(
    population: [Double] = [1000, 2500, 1500, 800], w: [Double] = [600, 500, 900, 100], b: [Double] = [200, 1500, 300, 600],
    h: [Double] = [200, 500, 300, 100]
  ) throws -> Demographics {
    let squares = population.indices.map { k -> [Polygon<IllinoisEastFtUS>] in
      let x = Double(k) * 100
      return [
        Polygon(
          exterior: Ring([
            Position(x: x, y: 0), Position(x: x + 100, y: 0), Position(x: x + 100, y: 100), Position(x: x, y: 100), Position(x: x, y: 0),
          ]))
      ]
    }
    var counts = Dictionary(uniqueKeysWithValues: Demographics.groups.map { ($0, Array(repeating: 0.0, count: population.count)) })
    counts["TOT"] = population
    counts["W"] = w
    counts["B"] = b
    counts["H"] = h
    let source = Demographics.Source(tracts: squares, tractIDs: population.indices.map { "t\($0)" }, counts: counts)
    return try Demographics(source, onto: try Overlay(targets: squares))
  }

  /// The calls above as a CAD extract, each area's calls assigned to it by hand.
  static func calls() throws -> (CallTable, AreaAssignment) {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("calls.csv").path
    var text = "event_id,priority_code,received_at,dispatched_at,longitude,latitude\n"
    var areas: [Int32] = []
    var id = 0
    for (a, (first, second)) in zip(p1, p2).enumerated() {
      for (code, seconds) in first.map({ ("1B", $0) }) + second.map({ ("2A", $0) }) {
        let minutes = Int(seconds) / 60
        let rest = Int(seconds) % 60
        text += "\(id),\(code),2023-07-01T10:00:00-05:00,2023-07-01T10:\(String(format: "%02d:%02d", minutes, rest))-05:00,-87.6,41.8\n"
        areas.append(Int32(a))
        id += 1
      }
    }
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    let table = try CallTable.read(path: path, zone: try LocalTimeZone(), extent: Envelope(minX: -88, minY: 41.5, maxX: -87.4, maxY: 42.1))
    return (table, AreaAssignment(layerIDs: [layer], areaIDs: [areaIDs], areas: [areas]))
  }

  func row(_ rows: [DisparityIndex], _ metric: String, _ stratum: String, _ index: String) -> DisparityIndex? {
    rows.first { $0.metric == metric && $0.stratum == stratum && $0.index == index }
  }

  @Test("cross-implementation: stored point values equal PySAL inequality and NumPy (index_intervals_reference.py)")
  func referenceValues() throws {
    let (calls, assignment) = try Self.calls()
    let population = [Self.layer: try Self.demographics()]
    let result = try IndexIntervals.compute(calls, assignment: assignment, population: population, resamples: 199)
    let metrics = try CallMetrics.compute(calls, assignment: assignment)
    let rows = result.applied(to: DisparityAnalysis.indices(metrics, layers: [(Self.layer, Self.areaIDs)], population: population))
    // inequality 1.1.2, numpy 2.4.6 (replicated by population).
    let expected: [(String, String, Double)] = [
      ("call_to_dispatch_p50_seconds", "gini", 0.3307288303413836),
      ("call_to_dispatch_p50_seconds", "theil_t", 0.1934723416535901),
      ("call_to_dispatch_p90_seconds", "gini", 0.3628828944750083),
      ("call_to_dispatch_p90_seconds", "theil_t", 0.2355926411265897),
      ("call_to_dispatch_p50_seconds", "concentration_W", -0.3188901803779758),
      ("call_to_dispatch_p50_seconds", "concentration_B", 0.3188901803779757),
      ("call_to_dispatch_p50_seconds", "concentration_H", -0.1816694648930215),
      ("call_to_dispatch_p90_seconds", "concentration_W", -0.34997823039276565),
      ("call_to_dispatch_p90_seconds", "concentration_B", 0.34997823039276554),
      ("call_to_dispatch_p90_seconds", "concentration_H", -0.20363185873544754),
    ]
    for (metric, index, value) in expected {
      let stored = row(rows, metric, "P1", index)
      expectClose(stored?.value, value, relative: 1e-12, "\(metric) \(index)")
      #expect(stored?.ciLow != nil && stored?.ciHigh != nil, "\(metric) \(index) has an interval")
    }
    expectClose(row(rows, "calls", "P1", IndexIntervals.dissimilarityIndex)?.value, 0.23510971786833856, relative: 1e-12, "D P1")
    expectClose(row(rows, "calls", "P2", IndexIntervals.dissimilarityIndex)?.value, 0.5229885057471264, relative: 1e-12, "D P2")
    expectClose(row(rows, "calls", "all", IndexIntervals.dissimilarityIndex)?.value, 0.29679802955665024, relative: 1e-12, "D all")
    // Figures without sampling error keep NULL intervals; the estimates the intervals were
    // made for are the stored rows' values (same areas, weights, groups).
    #expect(row(rows, "calls", "P1", "gini")?.ciLow == nil)
    #expect(row(rows, "call_to_dispatch_missing", "P1", "gini")?.ciLow == nil)
    #expect(rows.filter { $0.index.hasPrefix("concentration_") && $0.metric.hasPrefix("completeness_") }.isEmpty)
  }

  /// One figure of `areas` areas, P1-like: area k's calls exponential with mean `means[k]`
  /// seconds, `n` calls each, seeded.
  static func figure(means: [Double], n: Int, p: Double = 0.9, seed: UInt64) -> IndexIntervals.Figure {
    var generator = SeededGenerator(seed: seed)
    let draws = means.map { mean -> IndexIntervals.AreaDraw? in
      .quantile(sorted: (0..<n).map { _ in -mean * log(generator.nextOpenUnitInterval()) }.sorted(), p: p)
    }
    return IndexIntervals.Figure(metric: "call_to_dispatch_p90_seconds", stratum: "P1", isResponse: true, draws: draws)
  }

  static let means = [60.0, 90, 120, 150, 240, 300]
  static func wideDemographics() throws -> Demographics {
    try demographics(
      population: [1000, 2500, 1500, 800, 1200, 2000], w: [600, 500, 900, 100, 300, 200], b: [200, 1500, 300, 600, 700, 1600],
      h: [200, 500, 300, 100, 200, 200])
  }

  func intervals(_ figure: IndexIntervals.Figure, resamples: Int = 999) throws -> [String: (estimate: Double?, ci: ConfidenceInterval?)] {
    let d = try Self.wideDemographics()
    let groups = (0..<6).map { d.majorityGroup($0) }
    var out: [String: (Double?, ConfidenceInterval?)] = [:]
    for (key, ci, row) in try IndexIntervals.interval(figure, layer: Self.layer, demographics: d, groups: groups, resamples: resamples) {
      if let row {
        out[row.index] = (row.value, ConfidenceInterval(lower: row.ciLow!, upper: row.ciHigh!, level: 0.95))
      } else {
        out[String(key.split(separator: "\u{1}").last!)] = (nil, ci)
      }
    }
    return out
  }

  @Test("invariants: seeded reruns are identical; every interval holds its estimate; more calls, narrower")
  func invariants() throws {
    let few = try intervals(Self.figure(means: Self.means, n: 100, seed: 1))
    #expect(try intervals(Self.figure(means: Self.means, n: 100, seed: 1)).mapValues(\.ci) == few.mapValues(\.ci))
    let many = try intervals(Self.figure(means: Self.means, n: 1600, seed: 2))
    let d = try Self.wideDemographics()
    let manyFigure = Self.figure(means: Self.means, n: 1600, seed: 2)
    let estimates = manyFigure.draws.map { $0!.estimate }
    let summary = try IndexSummary(values: estimates, weights: d.population, groups: (0..<6).map { d.majorityGroup($0) })
    for key in IndexSummary.keys + IndexSummary.groupKeys {
      guard let ci = many[key]?.ci, let fewCI = few[key]?.ci else {
        Issue.record("\(key): no interval")
        continue
      }
      #expect(ci.contains(summary[key]!.value!), "\(key): \(ci) holds \(summary[key]!.value!)")
      // 16 times the calls: about a quarter of the width (1/√16); at most a half.
      #expect(ci.upper - ci.lower < 0.5 * (fewCI.upper - fewCI.lower), "\(key): \(ci) vs \(fewCI)")
    }
    for g in ["W", "B", "H"] {
      let c = many[IndexIntervals.concentrationIndex(g)]
      #expect(c?.ci?.contains(c!.estimate!) == true, "concentration \(g)")
    }
  }

  @Test("coverage: 95% intervals of the Gini of p90s cover the true value in 85–99% of 200 seeded datasets")
  func coverage() throws {
    // Exponential calls with mean μ_k have the p90 μ_k·ln 10, so the true index is the Gini of
    // the means (scale invariant). MC sd of a 95% coverage over 200 datasets: 0.015.
    let d = try Self.wideDemographics()
    let truth = try Inequality.gini(Self.means, weights: d.population)
    var covered = 0
    let datasets = 200
    for seed in 0..<datasets {
      let ci = try intervals(Self.figure(means: Self.means, n: 400, seed: UInt64(1000 + seed)), resamples: 199)["gini"]?.ci
      if ci?.contains(truth) == true { covered += 1 }
    }
    let share = Double(covered) / Double(datasets)
    print("Gini of p90 (400 calls per area): coverage \(share) over \(datasets) datasets, truth \(truth)")
    #expect(share >= 0.85 && share <= 0.99)
  }

  @Test("resampling across the city: the dissimilarity interval narrows with more calls and holds D")
  func dissimilarityInterval() throws {
    let d = try Self.demographics()
    let small = try IndexIntervals.dissimilarity([50, 200, 40, 110], stratum: "P1", layer: Self.layer, demographics: d, resamples: 999)
    let large = try IndexIntervals.dissimilarity([5000, 20000, 4000, 11000], stratum: "P1", layer: Self.layer, demographics: d, resamples: 999)
    let s = small[0].2!
    let l = large[0].2!
    // Same shares, so the same D: ½ Σ |c/C − p/P|.
    expectClose(l.value, s.value, relative: 1e-12)
    #expect(l.ciLow! <= l.value && l.value <= l.ciHigh!)
    #expect(l.ciHigh! - l.ciLow! < 0.2 * (s.ciHigh! - s.ciLow!))
  }
}
