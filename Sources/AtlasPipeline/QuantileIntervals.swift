import AtlasStatistics
import AtlasStore

/// The 95% interval of one stored 911 response quantile (a `…_p50_seconds` or `…_p90_seconds`
/// row of `metrics`), so that a later atlas can be compared with this one (`compare`).
public struct QuantileInterval: Hashable, Sendable {
  public var layer: String
  public var areaID: String
  public var family: String
  /// The metric of the `metrics` row it belongs to, e.g. `call_to_dispatch_p90_seconds`.
  public var metric: String
  public var stratum: String
  /// The quantile itself (Hyndman–Fan type 7), equal to the `metrics` value.
  public var value: Double
  public var ciLow: Double
  public var ciHigh: Double
  /// Usable intervals (values) behind the quantile.
  public var n: Int
}

/// Distribution-free 95% intervals of every area's 911 response quantiles, stored in the atlas
/// table `quantile_intervals` (layer, area_id, family, metric, stratum, value, ci_low, ci_high, n).
///
/// The interval of the p-quantile of n sorted values is the pair of order statistics at ranks
/// np ∓ 1.96·√(np(1 − p)) (W. J. Conover, Practical Nonparametric Statistics, 3rd ed., §3.2;
/// `DisparityAnalysis.orderStatisticInterval`, the one the `comparisons` ratios use). It needs
/// no assumption about the shape of the distribution, and no interval is stored for fewer than
/// 20 values. Strata as in `CallMetrics`: `P1`, `P2`, `P3` and `all`.
public enum QuantileIntervals {
  public static let table = "quantile_intervals"
  static let quantiles: [(p: Double, name: String)] = [(0.5, "p50"), (0.9, "p90")]

  /// - Complexity: O(n log n) per layer for n calls (one sort per area, priority and
  ///   interval); layers run in parallel.
  public static func compute(_ calls: CallTable, assignment: AreaAssignment) throws -> [QuantileInterval] {
    try parallelMap(assignment.layerIDs.count) { l -> [QuantileInterval] in
      var out: [QuantileInterval] = []
      for (a, members) in assignment.members(layer: l).enumerated() {
        for interval in CallInterval.allCases {
          var byPriority: [[Double]] = [[], [], []]
          for i in members {
            let level = Int(calls.priority[i])
            guard (1...3).contains(level), case .success(let s) = calls.interval(interval, call: i) else { continue }
            byPriority[level - 1].append(s)
          }
          for k in 0..<3 { byPriority[k].sort() }
          let strata = (1...3).map { ("P\($0)", byPriority[$0 - 1]) } + [("all", byPriority.joined().sorted())]
          for (stratum, sorted) in strata {
            for q in quantiles {
              guard let (low, high) = DisparityAnalysis.orderStatisticInterval(sorted, q.p) else { continue }
              out.append(
                QuantileInterval(
                  layer: assignment.layerIDs[l], areaID: assignment.areaIDs[l][a], family: "calls",
                  metric: "\(interval.label)_\(q.name)_seconds", stratum: stratum,
                  value: Quantile.ofSorted(sorted, q.p, method: .hyndmanFan7), ciLow: low, ciHigh: high, n: sorted.count))
            }
          }
        }
      }
      return out
    }.flatMap { $0 }
  }

  static func write(_ intervals: [QuantileInterval], to writer: GeoPackageWriter) throws {
    try writer.addAttributeTable(
      table, description: "order-statistic 95% interval (Conover) of each area's 911 response quantiles",
      columns: ["layer", "area_id", "family", "metric", "stratum"].map { StoreColumn($0, .text) }
        + ["value", "ci_low", "ci_high"].map { StoreColumn($0, .real) } + [StoreColumn("n", .integer)],
      rows: intervals.map {
        [
          .text($0.layer), .text($0.areaID), .text($0.family), .text($0.metric), .text($0.stratum), .real($0.value), .real($0.ciLow),
          .real($0.ciHigh), .integer(Int64($0.n)),
        ]
      })
  }
}
