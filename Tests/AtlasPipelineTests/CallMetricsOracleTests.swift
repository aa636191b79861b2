import AtlasIO
import AtlasStatistics
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasPipeline

/// `CallMetrics.compute` (one sort per area, priority and interval; the `all` stratum merged
/// from the priorities' sorted values; layers in parallel) against the direct computation it
/// replaced: per group, filter the members, evaluate every interval, sort again for each
/// quantile. The figures must agree exactly, in order and to the bit.
@Suite("911 metrics agree with the direct computation")
struct CallMetricsOracleTests {
  /// Calls with ties (whole seconds), missing stages, negative and over-24-hour intervals, over
  /// areas of two layers, some calls in no area.
  func randomCalls(seed: UInt64, count: Int) -> (CallTable, AreaAssignment) {
    var random = SeededGenerator(seed: seed)
    var table = CallTable(accounting: InputAccounting(file: "random-\(seed)"))
    for _ in 0..<count {
      table.priority.append(UInt8(1 + random.nextIndex(below: 3)))
      table.priorityCode.append("\(table.priority.last!)A")
      var stamp = 1_700_000_000.0 + Double(random.nextIndex(below: 86_400))
      for stage in CallStage.allCases {
        if stage != .received {
          let u = random.nextUnitInterval()
          guard u > 0.2 else {
            table.stamps[stage.rawValue].append(.nan)
            continue
          }
          // Mostly minutes apart; 2 % backwards, 2 % more than a day later.
          stamp += u < 0.22 ? -Double(1 + random.nextIndex(below: 600)) : u < 0.24 ? 90_000 : Double(random.nextIndex(below: 900))
        }
        table.stamps[stage.rawValue].append(stamp)
      }
      table.longitude.append(-87.6)
      table.latitude.append(41.8)
      table.beat.append(nil)
    }
    let areas: [[Int32]] = [5, 3].map { n in (0..<count).map { _ in Int32(random.nextIndex(below: n + 1)) - 1 } }
    let assignment = AreaAssignment(
      layerIDs: ["five", "three"], areaIDs: [(0..<5).map { "a\($0)" }, (0..<3).map { "b\($0)" }], areas: areas)
    return (table, assignment)
  }

  @Test("seeded random calls: every figure equal to the bit", arguments: [UInt64(1), 20_231_106, 42])
  func randomTables(seed: UInt64) throws {
    let (calls, assignment) = randomCalls(seed: seed, count: 3_000)
    let goals: [UInt8: Double] = [1: 120, 2: 300]
    let fast = try CallMetrics.compute(calls, assignment: assignment, dispatchGoals: goals)
    let oracle = try Self.oracle(calls, assignment: assignment, dispatchGoals: goals)
    #expect(fast.count == oracle.count, "seed \(seed)")
    for (f, o) in zip(fast, oracle) where f != o {
      Issue.record("seed \(seed): \(f) ≠ oracle \(o)")
      break
    }
  }

  @Test("merging samples equals the sample of the union")
  func merging() {
    let (calls, assignment) = randomCalls(seed: 7, count: 500)
    let members = assignment.members(layer: 0)[2]
    let parts = [1, 2, 3].map { level in CallSample(calls, members.filter { calls.priority[$0] == level }) }
    let merged = CallSample(merging: parts)
    let whole = CallSample(calls, members)
    #expect(merged.count == whole.count && merged.recorded == whole.recorded && merged.problems == whole.problems)
    #expect(merged.sortedSeconds == whole.sortedSeconds && merged.onSceneStandIns == whole.onSceneStandIns)
    #expect(CallSample(merging: []).count == 0)
  }

  /// The direct computation, as `CallMetrics` had it before the samples.
  static func oracle(_ calls: CallTable, assignment: AreaAssignment, dispatchGoals: [UInt8: Double]) throws -> [AreaMetric] {
    var metrics: [AreaMetric] = []
    for l in assignment.layerIDs.indices {
      for (a, members) in assignment.members(layer: l).enumerated() {
        for stratum in ["P1", "P2", "P3", "all"] {
          let level = UInt8(stratum.dropFirst())
          let selected = level.map { level in members.filter { calls.priority[$0] == level } } ?? members
          metrics += try figures(calls, selected, goal: level.flatMap { dispatchGoals[$0] }).map { metric, value, n in
            AreaMetric(
              layer: assignment.layerIDs[l], areaID: assignment.areaIDs[l][a], family: "calls", metric: metric, stratum: stratum, value: value, n: n)
          }
        }
      }
    }
    return metrics
  }

  static func figures(_ calls: CallTable, _ members: [Int], goal: Double?) throws -> [(String, Double, Int)] {
    let n = members.count
    var out: [(String, Double, Int)] = [("calls", Double(n), n)]
    guard n > 0 else { return out }
    for stage in CallStage.allCases {
      let recorded = members.reduce(0) { $0 + (calls.stamps[stage.rawValue][$1].isFinite ? 1 : 0) }
      out.append(("completeness_\(stage.label)", Double(recorded) / Double(n), n))
    }
    var dispatchSeconds: [Double?] = []
    for interval in CallInterval.allCases {
      var values: [Double] = []
      var problems: [IntervalProblem: Int] = [:]
      for i in members {
        switch calls.interval(interval, call: i) {
        case .success(let s): values.append(s)
        case .failure(let e): problems[e.problem, default: 0] += 1
        }
        if interval == .callToDispatch { dispatchSeconds.append(try? calls.interval(.callToDispatch, call: i).get()) }
      }
      out.append(("\(interval.label)_n", Double(values.count), n))
      for problem in IntervalProblem.allCases {
        out.append(("\(interval.label)_\(problem.rawValue)", Double(problems[problem] ?? 0), n))
      }
      if !values.isEmpty {
        let q = try values.quantiles([0.5, 0.9], method: .hyndmanFan7)
        out.append(("\(interval.label)_p50_seconds", q[0], values.count))
        out.append(("\(interval.label)_p90_seconds", q[1], values.count))
        if interval == .callToDispatch, let goal {
          out.append(("call_to_dispatch_share_over_goal", Double(values.filter { $0 > goal }.count) / Double(values.count), values.count))
        }
      }
      if interval == .callToOnScene {
        let missing = problems[.missing] ?? 0
        var lower = values
        for (k, i) in members.enumerated() where !calls.stamps[CallStage.onScene.rawValue][i].isFinite {
          lower.append(dispatchSeconds[k] ?? 0)
        }
        if !lower.isEmpty {
          out.append(("call_to_on_scene_p90_lower_seconds", try lower.quantile(0.9, method: .hyndmanFan7), lower.count))
        }
        if !values.isEmpty {
          // Type 7 position in the values followed by one +∞ per missing time: finite only
          // when both ends of the interpolation are values.
          let all = values.sorted() + Array(repeating: Double.infinity, count: missing)
          let h = Double(all.count - 1) * 0.9
          let lo = Int(h.rounded(.down))
          let t = h - Double(lo)
          let upper = t == 0 ? all[lo] : all[lo + 1].isFinite ? Quantile.interpolate(all[lo], all[lo + 1], t) : .infinity
          if upper.isFinite { out.append(("call_to_on_scene_p90_upper_seconds", upper, values.count + missing)) }
        }
      }
    }
    return out
  }
}

@Suite("Whitespace trimming without Foundation")
struct TrimmingTests {
  @Test("same as trimmingCharacters(in: .whitespaces): tabs, no-break and ideographic spaces kept inside, newlines kept")
  func sameAsFoundation() {
    let cases = [
      "", " ", "\t", "down", " down ", "\tdown\t", "\u{00A0}1A\u{3000}", "a b", " \u{2009}x\u{202F} ", "\nx\n", " é ", "👍🏽 ",
      "\u{200B}x", "  2023-07-01T10:00:00-05:00  ",
    ]
    for text in cases {
      #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
    }
    let seed: UInt64 = 11
    var random = SeededGenerator(seed: seed)
    let alphabet: [Character] = [" ", "\t", "\u{00A0}", "\u{3000}", "\n", "a", "é", "1", "-", "👍🏽"]
    for _ in 0..<2_000 {
      let text = String((0..<random.nextIndex(below: 7)).map { _ in alphabet[random.nextIndex(below: alphabet.count)] })
      #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "seed \(seed): \(Array(text.unicodeScalars))")
    }
  }
}
