import AtlasStatistics
import AtlasStore

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

  public init(layer: String, areaID: String, _ id: MetricID, value: Double, n: Int) {
    self.init(layer: layer, areaID: areaID, family: id.family, metric: id.metric, stratum: id.stratum, value: value, n: n)
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

  /// - Complexity: O(n log n) per layer for n calls (one sort of each interval's values per
  ///   area and priority; the `all` stratum merges the priorities' sorted values). Layers run
  ///   in parallel.
  public static func compute(
    _ calls: CallTable, assignment: AreaAssignment, dispatchGoals: [UInt8: Double] = defaultDispatchGoals
  ) throws -> [AreaMetric] {
    let byLayer = try parallelMap(assignment.layerIDs.count) { l in
      var metrics: [AreaMetric] = []
      for (a, members) in assignment.members(layer: l).enumerated() {
        func add(_ stratum: String, _ figures: [(String, Double, Int)]) {
          metrics += figures.map { metric, value, n in
            AreaMetric(
              layer: assignment.layerIDs[l], areaID: assignment.areaIDs[l][a], family: "calls", metric: metric, stratum: stratum, value: value, n: n)
          }
        }
        let byPriority = Dictionary(grouping: members) { calls.priority[$0] }.mapValues { CallSample(calls, $0) }
        for level: UInt8 in 1...3 {
          add("P\(level)", figures(byPriority[level] ?? CallSample(merging: []), goal: dispatchGoals[level]))
        }
        add("all", figures(CallSample(merging: byPriority.keys.sorted().map { byPriority[$0]! }), goal: nil))
      }
      return metrics
    }
    return Array(byLayer.joined())
  }

  /// The figures of one group of calls, as (metric, value, n).
  static func figures(_ sample: CallSample, goal: Double?) -> [(String, Double, Int)] {
    let n = sample.count
    var out: [(String, Double, Int)] = [(CallMetric.calls.name, Double(n), n)]
    guard n > 0 else { return out }
    for stage in CallStage.allCases {
      out.append((CallMetric.completeness(stage.name).name, Double(sample.recorded[stage.rawValue]) / Double(n), n))
    }
    for interval in CallInterval.allCases {
      let values = sample.sortedSeconds[interval.rawValue]
      let problems = sample.problems[interval.rawValue]
      out.append((CallMetric.usable(interval.name).name, Double(values.count), n))
      for problem in IntervalProblem.allCases {
        out.append((CallMetric.problem(interval.name, problem.rawValue).name, Double(problems[problem.index]), n))
      }
      if !values.isEmpty {
        out.append((CallMetric.p50(interval.name).name, Quantile.ofSorted(values, 0.5, method: .hyndmanFan7), values.count))
        out.append((CallMetric.p90(interval.name).name, Quantile.ofSorted(values, 0.9, method: .hyndmanFan7), values.count))
        if interval == .callToDispatch, let goal {
          out.append((CallMetric.dispatchShareOverGoal.name, Double(values.filter { $0 > goal }.count) / Double(values.count), values.count))
        }
      }
      if interval == .callToOnScene {
        // Lower bound: a missing on-scene time is at least the dispatch (or the call itself).
        // Sorting two ascending runs is a merge.
        let lower = (values + sample.onSceneStandIns).sorted()
        if !lower.isEmpty {
          out.append((CallMetric.onSceneP90Lower.name, Quantile.ofSorted(lower, 0.9, method: .hyndmanFan7), lower.count))
        }
        if !values.isEmpty {
          let missing = problems[IntervalProblem.missing.index]
          let upper = Quantile.ofSorted(values + Array(repeating: Double.infinity, count: missing), 0.9, method: .hyndmanFan7)
          if upper.isFinite { out.append((CallMetric.onSceneP90Upper.name, upper, values.count + missing)) }
        }
      }
    }
    return out
  }
}

/// What the 911 figures of one group of calls are computed from: counts, and each interval's
/// usable values sorted once.
///
/// Samples of disjoint groups merge into the sample of their union, which is how the `all`
/// stratum is made from the priorities: the merged values are sorted by sorting the
/// concatenation of ascending runs, a merge (the standard library's sort finds runs).
/// Interval values are finite (both stamps are), as `Quantile.ofSorted` requires.
struct CallSample {
  var count: Int
  /// Per `CallStage`, the calls with that timestamp recorded.
  var recorded: [Int]
  /// Per `CallInterval`, the usable values in ascending order.
  var sortedSeconds: [[Double]]
  /// Per `CallInterval`, per `IntervalProblem` (`IntervalProblem.index`), the calls without a
  /// usable value.
  var problems: [[Int]]
  /// For each call without an on-scene time, what the lower censoring bound assumes instead:
  /// its call-to-dispatch interval, or 0 without one; ascending.
  var onSceneStandIns: [Double]

  /// The sample of the calls `members` (indexes into `calls`).
  /// - Complexity: O(m log m) for m members.
  init(_ calls: CallTable, _ members: [Int]) {
    count = members.count
    recorded = CallStage.allCases.map { stage in members.reduce(0) { $0 + (calls.stamps[stage.rawValue][$1].isFinite ? 1 : 0) } }
    sortedSeconds = []
    problems = []
    for interval in CallInterval.allCases {
      var values: [Double] = []
      var counts = Array(repeating: 0, count: IntervalProblem.allCases.count)
      for i in members {
        switch calls.interval(interval, call: i) {
        case .success(let s): values.append(s)
        case .failure(let e): counts[e.problem.index] += 1
        }
      }
      sortedSeconds.append(values.sorted())
      problems.append(counts)
    }
    onSceneStandIns = members.filter { !calls.stamps[CallStage.onScene.rawValue][$0].isFinite }
      .map { (try? calls.interval(.callToDispatch, call: $0).get()) ?? 0 }.sorted()
  }

  /// The sample of the union of disjoint groups (no samples: the empty group).
  /// - Complexity: O(n log k) for n calls in k samples.
  init(merging samples: [CallSample]) {
    count = samples.reduce(0) { $0 + $1.count }
    recorded = CallStage.allCases.map { stage in samples.reduce(0) { $0 + $1.recorded[stage.rawValue] } }
    sortedSeconds = CallInterval.allCases.map { interval in samples.flatMap { $0.sortedSeconds[interval.rawValue] }.sorted() }
    problems = CallInterval.allCases.map { interval in
      IntervalProblem.allCases.map { problem in samples.reduce(0) { $0 + $1.problems[interval.rawValue][problem.index] } }
    }
    onSceneStandIns = samples.flatMap(\.onSceneStandIns).sorted()
  }
}

extension IntervalProblem {
  /// Position among `allCases`, to count problems in an array.
  var index: Int { Self.allCases.firstIndex(of: self)! }
}
