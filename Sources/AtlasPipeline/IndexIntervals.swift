import AtlasStatistics
import AtlasStore

/// Uncertainty of the `disparities` indices of the 911 figures, and two indices that relate
/// calls to residents: the concentration index of each response figure against each group's
/// share of residents, and the dissimilarity of calls against residents.
///
/// Which figures, and why only these. The 911 figures are estimates from a year of calls, so
/// resampling the calls says how much an index would move with another year like this one:
/// - with an interval: the Gini, Theil T and L (and the Theil T split), Atkinson and CV of the
///   p50 and p90 of every interval, of the share over the dispatch goal (P1–P3), and of the
///   completeness of every timestamp, per priority and `all`; the concentration indices of the
///   p50, p90 and share-over-goal figures; the dissimilarity of calls against residents;
/// - without (NULL `ci_low`/`ci_high`): indices of call counts and of the counts of missing,
///   negative or over-24-h intervals (resampling within areas holds an area's calls fixed, so
///   they cannot move), of the on-scene p90 censoring bounds (bounds for missing data, not
///   estimates), and of every camera, cellular and fleet figure. Those are computed from the
///   whole inventory, the providers' coverage polygons and the fleet zones: a census of the
///   city's assets measured once, with no sample of observations to resample; their error is
///   in the measurement (a mislocated camera, a coarse polygon), which a bootstrap cannot see.
///
/// Resampling. Each replicate resamples, in every area and priority, that area's calls with
/// replacement (the `all` stratum resamples the area's calls of every priority together), and
/// recomputes the area's figure; population weights, group shares and the Theil groups stay
/// fixed (the 2020 census, not a sample). The figures are drawn without building the resample
/// (`BootstrapResample`: a resampled quantile from two order statistics, a resampled share as
/// a binomial), which gives exactly the distribution of resampling the calls. The indices of a
/// replicate are computed by the same `IndexSummary` and `Concentration` as the estimate.
/// The dissimilarity cannot move when calls stay in their areas, so its replicates resample
/// the stratum's calls across the city instead (multinomial with the observed shares,
/// total fixed).
///
/// Intervals: percentile, 95%, from `resamples` replicates (`Bootstrap.percentileIntervals`):
/// 399, so that (B + 1)·α/2 = 10 replicates lie beyond each bound (A. C. Davison & D. V.
/// Hinkley 1997, Bootstrap Methods and their Application, ch. 5); 999 would cost 2.5 times as
/// much. Seeded per layer, family, metric and stratum (`SpatialClusters.seed`), so reruns give
/// the same bounds. An index undefined on some replicate (Theil L, Atkinson ε ≥ 1 with a
/// resampled 0) gets no interval. Percentile intervals of inequality indices lean upwards: resampling adds
/// noise to each area's figure and noise adds inequality, so with few calls per area the
/// interval can sit above the estimate (Biewen 2002).
///
/// Concentration: C = 2·cov_w(h, R)/μ of the figure h over the layer's areas weighted by
/// residents, ranked by the area's share of residents of group g (fractional rank, smallest
/// share first; `Concentration.index`). C > 0: the figure is higher (for times: slower) where
/// the group's share is higher; C < 0: where it is lower; 0: unrelated to the group's share.
/// Stored as index `concentration_<g>` for every 2020 census group.
///
/// Dissimilarity: D = ½ Σᵢ |cᵢ/C − pᵢ/P| over every area of the layer, c the calls of the
/// stratum located in the area, p its residents (`Dissimilarity.hoover`): the share of calls
/// that would have to move between areas for calls to be spread as residents are. Stored as
/// family `calls`, metric `calls`, index `dissimilarity_residents`, per priority and `all`.
///
/// Reference: B. Efron & R. J. Tibshirani (1993), An Introduction to the Bootstrap, ch. 13;
/// M. Biewen (2002), "Bootstrap inference for inequality, mobility and poverty measurement",
/// Journal of Econometrics 108(2):317–342; J. Boisso, K. Hayes, J. Hirschberg & J. Silber (1994),
/// "Occupational segregation in the multidimensional case: decomposition and tests of
/// significance", Journal of Econometrics 61(1):161–171 (bootstrap of the dissimilarity index).
public enum IndexIntervals {
  /// Replicates per index.
  public static let resamples = 399
  public static let confidenceLevel = 0.95
  /// The index name of the dissimilarity of calls against residents.
  public static let dissimilarityIndex = "dissimilarity_residents"

  /// The index name of the concentration index against the share of group `group`.
  public static func concentrationIndex(_ group: String) -> String { "concentration_\(group)" }

  /// How the intervals were made, for the run manifest.
  public static let manifestDescription =
    "percentile bootstrap, \(resamples) resamples, 95%: calls resampled with replacement within each area and priority "
    + "(population weights, group shares and Theil groups fixed) for the indices of every 911 p50, p90, share over goal and "
    + "completeness, and the concentration indices; calls resampled across the city (multinomial) for dissimilarity_residents; "
    + "seeded by FNV-1a of layer|family|metric|stratum"

  /// The intervals of the existing `disparities` rows and the new rows.
  public struct Result: Sendable {
    /// By `key(layer, family, metric, stratum, index)`.
    var intervals: [String: ConfidenceInterval] = [:]
    /// Concentration and dissimilarity rows, with their intervals.
    public var rows: [DisparityIndex] = []

    public init() {}

    /// `indices` with the intervals filled in where there is one, followed by `rows`.
    public func applied(to indices: [DisparityIndex]) -> [DisparityIndex] {
      indices.map { row in
        var row = row
        if let ci = intervals[key(row.layer, row.family, row.metric, row.stratum, row.index)] {
          row.ciLow = ci.lower
          row.ciHigh = ci.upper
        }
        return row
      } + rows
    }
  }

  static func key(_ parts: String...) -> String { parts.joined(separator: "\u{1}") }

  /// Intervals for every layer of `assignment` that has demographics.
  /// - Complexity: O(n log n) for n calls per layer (the areas' samples, sorted as
  ///   `CallMetrics` sorts them), plus O(B · k log k) per figure for k areas; figures run in
  ///   parallel.
  public static func compute(
    _ calls: CallTable, assignment: AreaAssignment, population: [String: Demographics],
    dispatchGoals: [UInt8: Double] = CallMetrics.defaultDispatchGoals, resamples: Int = resamples
  ) throws -> Result {
    var result = Result()
    for l in assignment.layerIDs.indices {
      guard let demographics = population[assignment.layerIDs[l]] else { continue }
      let layer = assignment.layerIDs[l]
      let areaIDs = assignment.areaIDs[l]
      let members = assignment.members(layer: l)
      // Per area, the samples of P1, P2, P3 and all, made as CallMetrics makes them.
      let samples = try parallelMap(members.count) { a -> [CallSample] in
        let byPriority = Dictionary(grouping: members[a]) { calls.priority[$0] }.mapValues { CallSample(calls, $0) }
        return (1...3).map { byPriority[UInt8($0)] ?? CallSample(merging: []) }
          + [CallSample(merging: byPriority.keys.sorted().map { byPriority[$0]! })]
      }
      let figures = Self.figures(samples: samples, dispatchGoals: dispatchGoals)
      let groups = areaIDs.indices.map { DisparityAnalysis.theilGroup(layer: layer, areaID: areaIDs[$0], area: $0, demographics) }
      let outcomes = try parallelMap(figures.count + strata.count) { t -> [(String, ConfidenceInterval?, DisparityIndex?)] in
        if t < figures.count {
          return try interval(figures[t], layer: layer, demographics: demographics, groups: groups, resamples: resamples)
        }
        let s = t - figures.count
        return try dissimilarity(samples.map { $0[s].count }, stratum: strata[s], layer: layer, demographics: demographics, resamples: resamples)
      }
      for (k, ci, row) in outcomes.joined() {
        if let row { result.rows.append(row) } else if let ci { result.intervals[k] = ci }
      }
    }
    return result
  }

  static let strata = ["P1", "P2", "P3", "all"]

  /// One area's figure and how a replicate redraws it.
  enum AreaDraw {
    /// The type 7 p-quantile of sorted values.
    case quantile(sorted: [Double], p: Double)
    /// successes / trials.
    case share(successes: Int, trials: Int)

    var estimate: Double {
      switch self {
      case .quantile(let sorted, let p): return Quantile.ofSorted(sorted, p, method: .hyndmanFan7)
      case .share(let successes, let trials): return Double(successes) / Double(trials)
      }
    }

    func draw(using generator: inout SeededGenerator) -> Double {
      switch self {
      case .quantile(let sorted, let p): return BootstrapResample.quantile(ofSorted: sorted, p, using: &generator)
      case .share(let successes, let trials):
        return Double(BootstrapResample.successes(successes, of: trials, using: &generator)) / Double(trials)
      }
    }
  }

  /// One 911 figure of one layer: per area (index into the layer) what it draws, nil where
  /// the area has no such figure.
  struct Figure {
    var metric: String
    var stratum: String
    /// Response figures (quantiles, share over goal) also get concentration indices.
    var isResponse: Bool
    var draws: [AreaDraw?]
  }

  /// The figures with intervals, named as `CallMetrics` names them.
  static func figures(samples: [[CallSample]], dispatchGoals: [UInt8: Double]) -> [Figure] {
    var out: [Figure] = []
    for (s, stratum) in strata.enumerated() {
      for interval in CallInterval.allCases {
        for (name, p) in [("p50_seconds", 0.5), ("p90_seconds", 0.9)] {
          out.append(
            Figure(
              metric: "\(interval.label)_\(name)", stratum: stratum, isResponse: true,
              draws: samples.map { area in
                let sorted = area[s].sortedSeconds[interval.rawValue]
                return sorted.isEmpty ? nil : .quantile(sorted: sorted, p: p)
              }))
        }
      }
      if s < 3, let goal = dispatchGoals[UInt8(s + 1)] {
        out.append(
          Figure(
            metric: "call_to_dispatch_share_over_goal", stratum: stratum, isResponse: true,
            draws: samples.map { area in
              let sorted = area[s].sortedSeconds[CallInterval.callToDispatch.rawValue]
              return sorted.isEmpty ? nil : .share(successes: sorted.count - DisparityAnalysis.upperBound(sorted, goal), trials: sorted.count)
            }))
      }
      for stage in CallStage.allCases {
        out.append(
          Figure(
            metric: "completeness_\(stage.label)", stratum: stratum, isResponse: false,
            draws: samples.map { area in
              area[s].count == 0 ? nil : .share(successes: area[s].recorded[stage.rawValue], trials: area[s].count)
            }))
      }
    }
    return out
  }

  /// The intervals of one figure's indices (keyed), and its concentration rows.
  static func interval(
    _ figure: Figure, layer: String, demographics: Demographics, groups allGroups: [String], resamples: Int
  ) throws -> [(String, ConfidenceInterval?, DisparityIndex?)] {
    // The areas DisparityAnalysis.indices counts: with the figure and with residents.
    let areas = figure.draws.indices.filter { figure.draws[$0] != nil && demographics.population[$0] > 0 }
    guard areas.count >= 2 else { return [] }
    let draws = areas.map { figure.draws[$0]! }
    let weights = areas.map { demographics.population[$0] }
    let groups = areas.map { allGroups[$0] }
    let rankings =
      figure.isResponse
      ? try Demographics.groups.map { g in
        try Concentration.Ranking(areas.map { demographics.groups[g]![$0] / demographics.population[$0] }, weights: weights)
      } : []
    let keys = IndexSummary.keys + IndexSummary.groupKeys
    func statistics(_ values: [Double]) -> [Double] {
      let summary = try? IndexSummary(values: values, weights: weights, groups: groups)
      return keys.map { summary?[$0]?.value ?? .nan }
        + rankings.map { ranking in (try? ranking.index(outcome: values)) ?? .nan }
    }
    let estimates = statistics(draws.map(\.estimate))
    let seed = SpatialClusters.seed(layer: layer, family: "calls", metric: figure.metric, stratum: figure.stratum)
    var values = [Double](repeating: 0, count: draws.count)
    let intervals = try Bootstrap(seed: seed, resamples: resamples, confidenceLevel: confidenceLevel, method: .percentile)
      .percentileIntervals(estimates: estimates) { generator in
        for a in draws.indices { values[a] = draws[a].draw(using: &generator) }
        return statistics(values)
      }
    var out: [(String, ConfidenceInterval?, DisparityIndex?)] = []
    for (j, index) in keys.enumerated() {
      out.append((key(layer, "calls", figure.metric, figure.stratum, index), intervals[j], nil))
    }
    for (g, group) in Demographics.groups.enumerated() where figure.isResponse {
      let j = keys.count + g
      guard estimates[j].isFinite else { continue }
      out.append(
        (
          "", nil,
          DisparityIndex(
            layer: layer, family: "calls", metric: figure.metric, stratum: figure.stratum, index: concentrationIndex(group), grouping: nil,
            value: estimates[j], ciLow: intervals[j]?.lower, ciHigh: intervals[j]?.upper)
        ))
    }
    return out
  }

  /// The dissimilarity row of one stratum: calls per area against residents per area.
  static func dissimilarity(
    _ counts: [Int], stratum: String, layer: String, demographics: Demographics, resamples: Int
  ) throws -> [(String, ConfidenceInterval?, DisparityIndex?)] {
    let residents = demographics.population
    guard let estimate = try? Dissimilarity.hoover(service: counts.map(Double.init), population: residents) else { return [] }
    let seed = SpatialClusters.seed(layer: layer, family: "calls", metric: "calls", stratum: stratum)
    let interval = try Bootstrap(seed: seed, resamples: resamples, confidenceLevel: confidenceLevel, method: .percentile)
      .percentileIntervals(estimates: [estimate]) { generator in
        let drawn = BootstrapResample.counts(counts, using: &generator)
        return [(try? Dissimilarity.hoover(service: drawn.map(Double.init), population: residents)) ?? .nan]
      }[0]
    return [
      (
        "", nil,
        DisparityIndex(
          layer: layer, family: "calls", metric: "calls", stratum: stratum, index: dissimilarityIndex, grouping: nil, value: estimate,
          ciLow: interval?.lower, ciHigh: interval?.upper)
      )
    ]
  }
}
