import AtlasGeometry
import AtlasIO
import AtlasStatistics
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasPipeline

/// The case-mix adjusted ratios: the block-indexed search of the reweighted rest of the city
/// against a brute-force oracle that builds the rest and its weights explicitly and takes
/// `WeightedQuantile.ofSorted`; a hand-made case; hour-of-week bands; the call type column.
@Suite("Case-mix adjusted comparisons")
struct CaseMixTests {
  static let chicago = TimeZone(identifier: "America/Chicago")!

  /// `count` calls over one week from Sunday 2023-01-01 00:00 CST, in three call types (some
  /// calls of a rare fourth type), whole-second intervals with ties, some stages missing, over
  /// two layers with some calls in no area.
  func randomCalls(seed: UInt64, count: Int) -> (CallTable, AreaAssignment) {
    var random = SeededGenerator(seed: seed)
    var table = CallTable(accounting: InputAccounting(file: "random-\(seed)"))
    table.callTypes = ["THEFT", "NOISE", "", "RARE"]
    for _ in 0..<count {
      let priority = UInt8(1 + random.nextIndex(below: 3))
      table.priority.append(priority)
      table.priorityCode.append("\(priority)A")
      let type = random.nextIndex(below: 100) < 2 ? 3 : random.nextIndex(below: 3)
      table.callType.append(Int32(type))
      let received = 1_672_552_800.0 + Double(random.nextIndex(below: 7 * 86_400))
      let slow = Double(1 + type)
      let dispatched = random.nextIndex(below: 10) == 0 ? Double.nan : received + slow * Double(random.nextIndex(below: 300))
      let onScene = random.nextIndex(below: 3) == 0 ? Double.nan : received + slow * Double(200 + random.nextIndex(below: 900))
      for (stage, stamp) in zip(CallStage.allCases, [received, dispatched, .nan, onScene, .nan]) { table.stamps[stage.rawValue].append(stamp) }
      table.longitude.append(-87.6)
      table.latitude.append(41.8)
      table.beat.append(nil)
    }
    // Layer "few": area 0 draws type 0 half the time (a different mix); layer "many": 12 areas.
    let few: [Int32] = (0..<count).map { i in
      let r = random.nextIndex(below: 10)
      return r == 0 ? -1 : (table.callType[i] == 0 && r < 6) ? 0 : Int32(1 + random.nextIndex(below: 2))
    }
    let many: [Int32] = (0..<count).map { _ in Int32(random.nextIndex(below: 13)) - 1 }
    return (table, AreaAssignment(layerIDs: ["few", "many"], areaIDs: [["f0", "f1", "f2"], (0..<12).map { "m\($0)" }], areas: [few, many]))
  }

  /// The adjusted rows computed the slow way.
  func oracle(_ calls: CallTable, _ assignment: AreaAssignment, zone: TimeZone) -> (rows: [String: (Double, Double, Int)], unmatched: Int) {
    let cell = CaseMix.cells(calls, zone: zone)
    var rows: [String: (Double, Double, Int)] = [:]
    var unmatched = 0
    for l in assignment.layerIDs.indices {
      for interval in [CallInterval.callToDispatch, .callToOnScene] {
        for priority: UInt8 in 1...3 {
          var usable: [(value: Double, call: Int)] = []
          for i in 0..<calls.count where calls.priority[i] == priority {
            if case .success(let v) = calls.interval(interval, call: i) { usable.append((v, i)) }
          }
          usable.sort { ($0.value, $0.call) < ($1.value, $1.call) }
          for a in assignment.areaIDs[l].indices {
            let mine = usable.filter { assignment.areas[l][$0.call] == Int32(a) }
            let rest = usable.filter { assignment.areas[l][$0.call] != Int32(a) }
            guard !mine.isEmpty, !rest.isEmpty else { continue }
            var own: [Int32: Int] = [:]
            var other: [Int32: Int] = [:]
            for x in mine { own[cell[x.call], default: 0] += 1 }
            for x in rest { other[cell[x.call], default: 0] += 1 }
            let kept = mine.filter { other[cell[$0.call]] != nil }.map(\.value)
            unmatched += mine.count - kept.count
            let weighted = rest.filter { own[cell[$0.call]] != nil }
            guard !kept.isEmpty, !weighted.isEmpty else { continue }
            let weights = weighted.map { Double(own[cell[$0.call]]!) / Double(other[cell[$0.call]]!) }
            for (p, name) in [(0.5, "ratio_p50_adjusted"), (0.9, "ratio_p90_adjusted")] {
              let restQuantile = WeightedQuantile.ofSorted(weighted.map(\.value), weights: weights, p)
              guard restQuantile > 0 else { continue }
              let key = "\(assignment.layerIDs[l])|\(assignment.areaIDs[l][a])|\(interval.label)|P\(priority)|\(name)"
              rows[key] = (Quantile.ofSorted(kept, p, method: .hyndmanFan7) / restQuantile, restQuantile, kept.count)
            }
          }
        }
      }
    }
    return (rows, unmatched)
  }

  /// About 2,000 values per interval and priority: four blocks of the index, so the block
  /// search, the scan across block ends and the backward step are all exercised.
  @Test("seeded random calls: the indexed search equals the brute-force reweighted rest", arguments: [UInt64(3), 2_024])
  func againstOracle(seed: UInt64) throws {
    let (calls, assignment) = randomCalls(seed: seed, count: 7_000)
    let fast = try CaseMix.comparisons(calls, assignment: assignment, zone: Self.chicago)
    let slow = oracle(calls, assignment, zone: Self.chicago)
    #expect(fast.comparisons.count == slow.rows.count)
    for row in fast.comparisons {
      let key = "\(row.layer)|\(row.areaID)|\(row.metric)|\(row.stratum)|\(row.statistic)"
      guard let expected = slow.rows[key] else {
        Issue.record("\(key) not in the oracle")
        continue
      }
      let rest = try #require(row.restValue)
      #expect(abs(row.value / expected.0 - 1) < 1e-12 && abs(rest / expected.1 - 1) < 1e-12, "\(key): \(row.value) vs \(expected.0)")
      #expect(row.n == expected.2, "\(key)")
    }
    #expect(fast.unmatched.reduce(0) { $0 + $1.calls } == slow.unmatched)
  }

  /// `repeats` copies of: area A's 5 THEFT calls dispatched after 10…50 s; the rest's THEFT
  /// calls after 20, 40, 60 s and NOISE calls after 600, 600, 600 s; all P2, all received
  /// Saturday 2023-07-01 07:00 CDT (one band).
  func handTable(repeats: Int) -> (CallTable, AreaAssignment) {
    var table = CallTable(accounting: InputAccounting(file: "hand"))
    table.callTypes = ["THEFT", "NOISE"]
    let received = 1_688_212_800.0
    let calls: [(type: Int32, seconds: Double, area: Int32)] = [
      (0, 10, 0), (0, 20, 0), (0, 30, 0), (0, 40, 0), (0, 50, 0), (0, 20, 1), (0, 40, 1), (0, 60, 1), (1, 600, 1), (1, 600, 1), (1, 600, 1),
    ]
    var areas: [Int32] = []
    for _ in 0..<repeats {
      for c in calls {
        table.priority.append(2)
        table.priorityCode.append("2B")
        table.callType.append(c.type)
        for (stage, stamp) in zip(CallStage.allCases, [received, received + c.seconds, .nan, .nan, .nan]) {
          table.stamps[stage.rawValue].append(stamp)
        }
        table.longitude.append(-87.6)
        table.latitude.append(41.8)
        table.beat.append(nil)
        areas.append(c.area)
      }
    }
    return (table, AreaAssignment(layerIDs: ["x"], areaIDs: [["A", "B"]], areas: [areas]))
  }

  func adjustedMedian(_ rows: [AreaComparison]) -> AreaComparison? {
    rows.first { $0.areaID == "A" && $0.metric == "call_to_dispatch" && $0.statistic == "ratio_p50_adjusted" }
  }

  /// Raw: the rest's median of 20, 40, 60, 600, 600, 600 is (60 + 600)/2 = 330. Adjusted: NOISE
  /// weighs 0 (A has none), THEFT 5/3 each, so the rest is 20, 40, 60 with equal weights:
  /// median 40, and A's median 30 gives 0.75. With under 100 calls of each type both pool as
  /// OTHER, one cell, and the adjusted rest is the raw one. B's NOISE calls have no match.
  @Test("hand-derived: an area with only one call type is compared with that type elsewhere")
  func handDerived() throws {
    let (small, smallAssignment) = handTable(repeats: 1)
    let raw = try DisparityAnalysis.callComparisons(small, assignment: smallAssignment)
    #expect(raw.first { $0.areaID == "A" && $0.metric == "call_to_dispatch" && $0.statistic == "ratio_p50" }?.restValue == 330)
    #expect(adjustedMedian(try CaseMix.comparisons(small, assignment: smallAssignment, zone: Self.chicago).comparisons)?.restValue == 330)
    let (big, assignment) = handTable(repeats: 100)
    let result = try CaseMix.comparisons(big, assignment: assignment, zone: Self.chicago)
    let adjusted = try #require(adjustedMedian(result.comparisons))
    #expect(adjusted.restValue == 40 && adjusted.value == 0.75 && adjusted.n == 500)
    // B's 300 NOISE calls have no NOISE calls elsewhere (A has none): left out, and counted.
    #expect(result.unmatched == [CaseMix.Unmatched(layer: "x", calls: 300)])
    #expect(result.comparisons.first { $0.areaID == "B" && $0.metric == "call_to_dispatch" && $0.statistic == "ratio_p50_adjusted" }?.n == 300)
  }

  /// Sunday 2023-01-01 00:30 CST is band 0; Wednesday 2023-07-05 13:10 CDT is band 3·6 + 3 = 21;
  /// Saturday 2023-11-04 23:59 CDT is band 6·6 + 5 = 41; both 01:30s of Sunday 2023-11-05 (CDT,
  /// then CST after the fall-back) are band 0.
  @Test("hour-of-week bands in local time, across both DST changes")
  func bands() {
    var table = CallTable(accounting: InputAccounting(file: "bands"))
    let instants = [1_672_554_600.0, 1_688_580_600, 1_699_160_340, 1_699_165_800, 1_699_169_400]
    for t in instants {
      table.priority.append(1)
      table.stamps[CallStage.received.rawValue].append(t)
    }
    #expect(CaseMix.cells(table, zone: Self.chicago) == [0, 21, 41, 0, 0])
  }

  @Test("the call type column is read trimmed and in upper case; without it, a note says hour of week only")
  func callTypeColumn() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let extent = Envelope(minX: -88, minY: 41.5, maxX: -87.4, maxY: 42.1)
    let with = directory.appendingPathComponent("with.csv").path
    try Data(
      ("event_id,priority_code,call_type,received_at,longitude,latitude\n1,1A, theft report ,2023-07-01T00:00:00-05:00,-87.6,41.8\n"
        + "2,1A,Theft Report,2023-07-01T00:00:00-05:00,-87.6,41.8\n3,1A,,2023-07-01T00:00:00-05:00,-87.6,41.8\n"
        + "4,1A,\"NOISE \"\"LOUD\"\"\",2023-07-01T00:00:00-05:00,-87.6,41.8\n").utf8
    ).write(to: URL(fileURLWithPath: with))
    let table = try CallTable.read(path: with, zone: try LocalTimeZone(), extent: extent)
    #expect(table.callTypes == ["THEFT REPORT", "", "NOISE \"LOUD\""])
    #expect(table.callType == [0, 0, 1, 2])
    #expect(!table.accounting.notes.contains { $0.contains("hour of week only") })
    let without = directory.appendingPathComponent("without.csv").path
    try Data("event_id,priority_code,received_at,longitude,latitude\n1,1A,2023-07-01T00:00:00-05:00,-87.6,41.8\n".utf8).write(
      to: URL(fileURLWithPath: without))
    let bare = try CallTable.read(path: without, zone: try LocalTimeZone(), extent: extent)
    #expect(bare.callType.isEmpty)
    #expect(bare.accounting.notes.contains("no call_type column: the case-mix adjusted ratios adjust for hour of week only"))
  }
}
