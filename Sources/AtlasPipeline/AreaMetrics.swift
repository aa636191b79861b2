import AtlasStatistics

/// One per-area figure: the long format every metric family is stored in.
public struct AreaMetric: Hashable, Sendable {
  public var layer: String
  public var areaID: String
  /// `calls`, `cameras`, `cellular`, `fleet`, `population`.
  public var family: String
  public var metric: String
  /// Sub-population the figure is about: a priority (`P1`, `P2`, `P3`, `all`), a camera type, a
  /// provider × technology, …
  public var stratum: String
  public var value: Double
  /// Observations behind the figure (calls, cameras, …); for small-cell suppression.
  public var n: Int

  public init(layer: String, areaID: String, family: String, metric: String, stratum: String, value: Double, n: Int) {
    self.layer = layer
    self.areaID = areaID
    self.family = family
    self.metric = metric
    self.stratum = stratum
    self.value = value
    self.n = n
  }
}

/// Which area of each layer every record fell in (−1: none), and the layers' area ids.
public struct AreaAssignment: Sendable {
  public var layerIDs: [String]
  public var areaIDs: [[String]]
  /// Per layer, per record: area index or −1.
  public var areas: [[Int32]]

  public init(layerIDs: [String], areaIDs: [[String]], areas: [[Int32]]) {
    self.layerIDs = layerIDs
    self.areaIDs = areaIDs
    self.areas = areas
  }

  /// Record indexes grouped by area, per layer (counting sort; −1 records left out).
  public func members(layer l: Int) -> [[Int]] {
    var groups = Array(repeating: [Int](), count: areaIDs[l].count)
    for (record, area) in areas[l].enumerated() where area >= 0 { groups[Int(area)].append(record) }
    return groups
  }
}

/// Per-area 911 metrics, per priority (strata `P1`, `P2`, `P3` and `all`):
/// - `calls`: events;
/// - `completeness_<stage>`: share of events with that timestamp recorded;
/// - for each interval: `<interval>_n` (usable values), `<interval>_p50_seconds`,
///   `<interval>_p90_seconds` (Hyndman–Fan type 7), `<interval>_<problem>` counts
///   (missing, negative, over 24 h);
/// - `call_to_dispatch_share_over_goal`: share of usable call-to-dispatch intervals above the
///   priority's goal;
/// - censoring bounds of the call-to-on-scene p90 when on-scene times are missing:
///   `call_to_on_scene_p90_lower_seconds` takes every missing on-scene time to be at least
///   the call's dispatch (its call-to-dispatch interval), `…_upper_seconds` takes it to be
///   never (+∞; absent when that puts the p90 at +∞, i.e. when about 10% or more are missing).
public enum CallMetrics {
  /// Default call-to-dispatch goals by priority, in seconds.
  public static let defaultDispatchGoals: [UInt8: Double] = [1: 120, 2: 600, 3: 1_800]

  public static func compute(
    _ calls: CallTable, assignment: AreaAssignment, dispatchGoals: [UInt8: Double] = defaultDispatchGoals
  ) throws -> [AreaMetric] {
    var metrics: [AreaMetric] = []
    for l in assignment.layerIDs.indices {
      let groups = assignment.members(layer: l)
      for (a, members) in groups.enumerated() {
        for stratum in ["P1", "P2", "P3", "all"] {
          let level = UInt8(stratum.dropFirst())
          let selected = level.map { level in members.filter { calls.priority[$0] == level } } ?? members
          let goal = level.flatMap { dispatchGoals[$0] }
          metrics += try figures(calls, selected, goal: goal).map { metric, value, n in
            AreaMetric(layer: assignment.layerIDs[l], areaID: assignment.areaIDs[l][a], family: "calls", metric: metric, stratum: stratum, value: value, n: n)
          }
        }
      }
    }
    return metrics
  }

  /// The figures of one group of calls, as (metric, value, n).
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
        // Lower bound: a missing on-scene time is at least the dispatch (or the call itself).
        var lower = values
        for (k, i) in members.enumerated() where !calls.stamps[CallStage.onScene.rawValue][i].isFinite {
          lower.append(dispatchSeconds[k] ?? 0)
        }
        if !lower.isEmpty {
          out.append(("call_to_on_scene_p90_lower_seconds", try lower.quantile(0.9, method: .hyndmanFan7), lower.count))
        }
        if !values.isEmpty {
          let upper = (values + Array(repeating: Double.infinity, count: missing)).sorted().quantileOfSorted(0.9)
          if upper.isFinite { out.append(("call_to_on_scene_p90_upper_seconds", upper, values.count + missing)) }
        }
      }
    }
    return out
  }
}

extension Array where Element == Double {
  /// Hyndman–Fan type 7 quantile of already sorted values that may end in +∞ (the statistics
  /// module rejects non-finite input; here +∞ stands for "never happened", and the quantile is
  /// finite only when it falls before them).
  func quantileOfSorted(_ p: Double) -> Double {
    let h = Double(count - 1) * p
    let lo = Int(h.rounded(.down)), hi = Swift.min(lo + 1, count - 1)
    let fraction = h - Double(lo)
    return fraction == 0 ? self[lo] : self[lo] + fraction * (self[hi] - self[lo])
  }
}
