import AtlasGeometry
import AtlasIO
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasPipeline

@Suite("911 metrics")
struct CallMetricsTests {
  /// Five P1 calls in one area, hand-made: dispatch after 60, 120, 180, 240 s and one without a
  /// dispatch time; on scene after 300, none, 600, none, none.
  func calls() throws -> (CallTable, AreaAssignment) {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("calls.csv").path
    var text = "event_id,priority_code,received_at,dispatched_at,on_scene_at,longitude,latitude\n"
    let dispatch = ["00:01:00", "00:02:00", "00:03:00", "00:04:00", ""]
    let onScene = ["00:05:00", "", "00:10:00", "", ""]
    for i in 0..<5 {
      text +=
        "\(i),1B,2023-07-01T00:00:00-05:00,"
        + (dispatch[i].isEmpty ? "" : "2023-07-01T\(dispatch[i])-05:00") + ","
        + (onScene[i].isEmpty ? "" : "2023-07-01T\(onScene[i])-05:00") + ",-87.6,41.8\n"
    }
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    let table = try CallTable.read(path: path, zone: try LocalTimeZone(), extent: Envelope(minX: -88, minY: 41.5, maxX: -87.4, maxY: 42.1))
    return (table, AreaAssignment(layerIDs: ["one"], areaIDs: [["A"]], areas: [Array(repeating: 0, count: 5)]))
  }

  func value(_ metrics: [AreaMetric], _ metric: String, _ stratum: String = "P1") -> Double? {
    metrics.first { $0.metric == metric && $0.stratum == stratum }?.value
  }

  @Test("hand-derived quantiles, completeness, goal share and censoring bounds")
  func handDerived() throws {
    let (table, assignment) = try calls()
    #expect(table.accounting.rows("read (located)") == 5)
    let metrics = try CallMetrics.compute(table, assignment: assignment, dispatchGoals: [1: 150])
    #expect(value(metrics, "calls") == 5)
    #expect(value(metrics, "completeness_dispatched") == 0.8)
    #expect(value(metrics, "completeness_on_scene") == 0.4)
    #expect(value(metrics, "completeness_en_route") == 0)
    // Type 7 on [60, 120, 180, 240]: p50 = 150, p90 = 180 + 0.7 × 60 = 222.
    #expect(value(metrics, "call_to_dispatch_p50_seconds") == 150)
    #expect(abs(value(metrics, "call_to_dispatch_p90_seconds")! - 222) < 1e-9)
    #expect(value(metrics, "call_to_dispatch_missing") == 1)
    #expect(value(metrics, "call_to_dispatch_share_over_goal") == 0.5)
    // Lower bound: missing on-scene times take the dispatch interval (120, 240) or 0 (no
    // dispatch): [300, 600, 120, 240, 0] → sorted [0, 120, 240, 300, 600], p90 = 300 + 0.6 × 300.
    #expect(abs(value(metrics, "call_to_on_scene_p90_lower_seconds")! - 480) < 1e-9)
    // 3 of 5 missing: the upper bound is +∞ and so absent.
    #expect(value(metrics, "call_to_on_scene_p90_upper_seconds") == nil)
    #expect(value(metrics, "calls", "P2") == 0)
    #expect(value(metrics, "calls", "all") == 5)
  }

  @Test("negative and over-24-hour intervals are counted, not used")
  func problems() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("calls.csv").path
    try Data(
      """
      event_id,priority_code,received_at,dispatched_at,longitude,latitude,beat
      1,2A,2023-07-01T10:00:00-05:00,2023-07-01T09:00:00-05:00,-87.6,41.8,
      2,2A,2023-07-01T10:00:00-05:00,2023-07-03T10:00:00-05:00,-87.6,41.8,
      3,2A,2023-07-01T10:00:00-05:00,2023-07-01T10:05:00-05:00,,,1911
      4,2A,2023-07-01T10:00:00-05:00,2023-07-01T10:05:00-05:00,,,

      """.utf8
    ).write(to: URL(fileURLWithPath: path))
    let table = try CallTable.read(path: path, zone: try LocalTimeZone(), extent: Envelope(minX: -88, minY: 41.5, maxX: -87.4, maxY: 42.1))
    #expect(table.count == 3)
    #expect(table.accounting.rows("rejected: missing coordinate, and no beat") == 1)
    #expect(table.accounting.rows("located by beat only: missing coordinate") == 1)
    #expect(table.accounting.isConsistent)
    let metrics = try CallMetrics.compute(table, assignment: AreaAssignment(layerIDs: ["x"], areaIDs: [["A"]], areas: [[0, 0, 0]]))
    #expect(value(metrics, "call_to_dispatch_negative", "P2") == 1)
    #expect(value(metrics, "call_to_dispatch_absurd", "P2") == 1)
    #expect(value(metrics, "call_to_dispatch_n", "P2") == 1)
  }
}

@Suite("Camera uptime and geometry helpers")
struct HelperTests {
  @Test("hand-derived: overlapping outages are merged and clipped to the period")
  func mergedOutages() {
    let period = 0.0...100.0
    #expect(CameraTable.mergedLength([(10, 20), (15, 30), (90, 120), (-5, 2)], within: period) == 20 + 10 + 2)
    #expect(CameraTable.mergedLength([], within: period) == 0)
  }

  @Test("hand-derived: centroid of a square with a hole off-centre")
  func centroid() {
    let exterior = Ring<IllinoisEastFtUS>([
      Position(x: 0, y: 0), Position(x: 4, y: 0), Position(x: 4, y: 4), Position(x: 0, y: 4), Position(x: 0, y: 0),
    ])
    let hole = Ring<IllinoisEastFtUS>([Position(x: 2, y: 2), Position(x: 2, y: 3), Position(x: 3, y: 3), Position(x: 3, y: 2), Position(x: 2, y: 2)])
    // (16·(2,2) − 1·(2.5,2.5)) / 15 = (29.5/15, 29.5/15).
    let c = Polygon(exterior: exterior, holes: [hole]).centroid!
    #expect(abs(c.x - 29.5 / 15) < 1e-12 && abs(c.y - 29.5 / 15) < 1e-12)
  }
}

@Suite("Comparisons with the rest of the city")
struct ComparisonTests {
  @Test("the rest-of-city quantile equals the brute-force one on seeded random multisets, to the bit")
  func restQuantile() throws {
    let seed: UInt64 = 77
    var random = SeededGenerator(seed: seed)
    for trial in 0..<300 {
      let city = (0..<Int.random(in: 2...200, using: &random)).map { _ in Double(Int.random(in: 0...30, using: &random)) }.sorted()
      var area: [Double] = []
      for x in city where Double.random(in: 0..<1, using: &random) < 0.3 { area.append(x) }
      guard area.count < city.count else { continue }
      let rest = DisparityAnalysis.subtracting(area, from: city)
      #expect(rest.count == city.count - area.count)
      for p in [0.0, 0.1, 0.5, 0.9, 1.0] {
        let expected = try rest.quantile(p, method: .hyndmanFan7)
        // One type 7 implementation on both sides: equal to the bit.
        #expect(DisparityAnalysis.restQuantile(city: city, area: area, p) == expected, "seed \(seed) trial \(trial) p \(p)")
      }
    }
  }

  /// The order-statistic interval of a median covers the true median about 95% of the time:
  /// over 2,000 seeded samples of 101 uniform values, coverage within 0.93…0.97 (binomial SE
  /// of a 95% rate over 2,000 trials is 0.005).
  @Test("the order-statistic interval of the median has about 95% coverage")
  func coverage() {
    var random = SeededGenerator(seed: 2023)
    var covered = 0
    for _ in 0..<2_000 {
      let sample = (0..<101).map { _ in Double.random(in: 0..<1, using: &random) }.sorted()
      if let (low, high) = DisparityAnalysis.orderStatisticInterval(sample, 0.5), low <= 0.5, 0.5 <= high { covered += 1 }
    }
    #expect((0.93...0.97).contains(Double(covered) / 2_000))
    #expect(DisparityAnalysis.orderStatisticInterval(Array(repeating: 1, count: 19), 0.5) == nil)
  }
}
