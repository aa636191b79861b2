import AtlasStatistics
import AtlasStore

/// One area compared with the rest of the city.
public struct AreaComparison: Hashable, Sendable {
  public var layer: String
  public var areaID: String
  public var family: String
  public var metric: String
  public var stratum: String
  /// `ratio_p50`, `ratio_p90`, `rate_ratio`, `prob_superiority`, `cliffs_delta`,
  /// `mann_whitney_p`, `ks_d`, `hodges_lehmann_seconds`.
  public var statistic: String
  public var value: Double
  public var ciLow: Double?
  public var ciHigh: Double?
  /// Observations in the area.
  public var n: Int
  /// The rest of the city's figure the ratio divides by (its quantile, reweighted for the
  /// adjusted ratios; its rate for `rate_ratio`); nil for the other statistics.
  public var restValue: Double? = nil
}

/// Disparity evidence computed by `analyze` from per-area metrics and the calls themselves.
public enum DisparityAnalysis {
  /// Per area, priority and interval (call-to-dispatch, call-to-on-scene): the ratio of the
  /// area's p50 and p90 to the rest of the city's, with a 95% interval; for police districts
  /// also Mann–Whitney effect sizes, KS distance and the Hodges–Lehmann shift of the area's
  /// intervals against the rest of the city's.
  ///
  /// Interval of a ratio: the distribution-free order-statistic interval of the area's quantile
  /// (ranks np ∓ z·√(np(1−p)), z = `StandardNormal.z975`, W. J. Conover, Practical Nonparametric Statistics, 3rd ed.,
  /// §3.2), divided by the rest-of-city quantile taken as fixed — the rest has 20 to 1,000 times
  /// more calls, so its sampling error is negligible beside the area's. No interval for fewer
  /// than 20 calls.
  public static func callComparisons(_ calls: CallTable, assignment: AreaAssignment) throws -> [AreaComparison] {
    try parallelMap(assignment.layerIDs.count) { l in try callComparisons(calls, assignment: assignment, layer: l) }.flatMap { $0 }
  }

  static func callComparisons(_ calls: CallTable, assignment: AreaAssignment, layer l: Int) throws -> [AreaComparison] {
    var out: [AreaComparison] = []
    let groups = assignment.members(layer: l)
    for level: UInt8 in 1...3 {
      for interval in [CallInterval.callToDispatch, .callToOnScene] {
        let byArea: [[Double]] = groups.map { members in
          members.compactMap { calls.priority[$0] == level ? try? calls.interval(interval, call: $0).get() : nil }.sorted()
        }
        let city = byArea.flatMap { $0 }.sorted()
        for (a, sample) in byArea.enumerated() where !sample.isEmpty && sample.count < city.count {
          func add(_ statistic: String, _ value: Double, _ ci: (Double, Double)? = nil, rest: Double? = nil) {
            out.append(
              AreaComparison(
                layer: assignment.layerIDs[l], areaID: assignment.areaIDs[l][a], family: "calls", metric: interval.label,
                stratum: "P\(level)", statistic: statistic, value: value, ciLow: ci?.0, ciHigh: ci?.1, n: sample.count, restValue: rest))
          }
          for (p, name) in [(0.5, "ratio_p50"), (0.9, "ratio_p90")] {
            let rest = restQuantile(city: city, area: sample, p)
            guard rest > 0 else { continue }
            let ci = orderStatisticInterval(sample, p).map { ($0.0 / rest, $0.1 / rest) }
            add(name, Quantile.ofSorted(sample, p, method: .hyndmanFan7) / rest, ci, rest: rest)
          }
          guard assignment.layerIDs[l] == LayerRoles.id(.policeDistricts) else { continue }
          let comparison = try TwoSampleComparison(sample, versus: subtracting(sample, from: city))
          add("prob_superiority", comparison.probabilityOfSuperiority)
          add("cliffs_delta", comparison.cliffsDelta)
          add("mann_whitney_p", comparison.mannWhitney.pValue)
          add("ks_d", comparison.kolmogorovSmirnov().statistic)
          add("hodges_lehmann_seconds", comparison.hodgesLehmannShift())
        }
      }
    }
    return out
  }

  /// Calls per 1,000 residents in each area against the rest of the city (Poisson interval).
  /// The rest holds every other area's calls and residents, those of areas without residents
  /// (parks, the airport) included, so each area is compared with `Rates.compare` against the
  /// layer's totals less its own.
  public static func callRates(_ calls: CallTable, assignment: AreaAssignment, population: [[Double]]) throws -> [AreaComparison] {
    var out: [AreaComparison] = []
    for l in assignment.layerIDs.indices {
      let counts = assignment.members(layer: l).map { Double($0.count) }
      let totalCalls = counts.reduce(0, +)
      let totalPopulation = population[l].reduce(0, +)
      for a in counts.indices where population[l][a] > 0 && totalPopulation > population[l][a] {
        let rates = try Rates.compare(
          areaEvents: counts[a], areaExposure: population[l][a] / 1_000,
          restEvents: totalCalls - counts[a], restExposure: (totalPopulation - population[l][a]) / 1_000)
        guard let ratio = rates.ratio else { continue }
        out.append(
          AreaComparison(
            layer: assignment.layerIDs[l], areaID: assignment.areaIDs[l][a], family: "calls", metric: "calls_per_1000_residents",
            stratum: "all", statistic: "rate_ratio", value: ratio, ciLow: rates.ratioInterval?.lower, ciHigh: rates.ratioInterval?.upper,
            n: Int(counts[a]), restValue: rates.restRate))
      }
    }
    return out
  }

  /// Population-weighted inequality indices across each layer's areas for every service metric
  /// (all families but `population` and `area`), with Theil T split between and within groups:
  /// beats by their district, other layers by their majority group. Areas without the metric or
  /// without residents are left out; an index undefined for the values (Theil L with a zero) is
  /// left out too.
  public static func indices(
    _ metrics: [AreaMetric], layers: [(id: String, areaIDs: [String])], population: [String: Demographics]
  ) -> [DisparityIndex] {
    var lookup: [String: Double] = [:]
    var seen: Set<String> = []
    var headline: [(family: String, metric: String, stratum: String)] = []
    for m in metrics {
      lookup["\(m.layer)\u{1}\(m.areaID)\u{1}\(m.family)\u{1}\(m.metric)\u{1}\(m.stratum)"] = m.value
      if m.family != "population" && m.family != "area" && seen.insert("\(m.family)\u{1}\(m.metric)\u{1}\(m.stratum)").inserted {
        headline.append((m.family, m.metric, m.stratum))
      }
    }
    var out: [DisparityIndex] = []
    for layer in layers {
      guard let demographics = population[layer.id] else { continue }
      let grouping = layer.id == LayerRoles.id(.policeBeats) ? "district" : "majority group"
      for h in headline {
        var values: [Double] = []
        var weights: [Double] = []
        var groups: [String] = []
        for (a, id) in layer.areaIDs.enumerated() {
          guard let v = lookup["\(layer.id)\u{1}\(id)\u{1}\(h.family)\u{1}\(h.metric)\u{1}\(h.stratum)"], v.isFinite,
            demographics.population[a] > 0
          else { continue }
          values.append(v)
          weights.append(demographics.population[a])
          groups.append(theilGroup(layer: layer.id, areaID: id, area: a, demographics))
        }
        guard values.count >= 2, let summary = try? IndexSummary(values: values, weights: weights, groups: groups) else { continue }
        for entry in summary.entries {
          guard let value = entry.value else { continue }
          let split = entry.key.hasPrefix("theil_t_")
          out.append(
            DisparityIndex(
              layer: layer.id, family: h.family, metric: h.metric, stratum: h.stratum, index: entry.key,
              grouping: split ? grouping : nil, value: value))
        }
      }
    }
    return out
  }

  /// The group of an area in the Theil split: a beat's district (the beat number's leading
  /// digits, as the registry's `parent` says; "0" for a beat id that is no number), else the
  /// area's majority group.
  static func theilGroup(layer: String, areaID: String, area a: Int, _ demographics: Demographics) -> String {
    guard layer == LayerRoles.id(.policeBeats), let parent = LayerRoles.beatParent else { return demographics.majorityGroup(a) }
    return parent.parentID(of: areaID) ?? "0"
  }

  /// For coverage-like metrics (higher is better): each group's share living in areas below
  /// `threshold`, its ratio to White non-Hispanic residents, and the group's residents outside
  /// coverage, Σ population × (1 − share).
  public static func exposure(
    _ metrics: [AreaMetric], layer: (id: String, areaIDs: [String]), demographics: Demographics,
    family: String, metric: String, stratum: String, threshold: Double
  ) throws -> [GroupExposure] {
    var byArea: [String: Double] = [:]
    for m in metrics where m.layer == layer.id && m.family == family && m.metric == metric && m.stratum == stratum { byArea[m.areaID] = m.value }
    let indexes = layer.areaIDs.indices.filter { byArea[layer.areaIDs[$0]] != nil }
    guard !indexes.isEmpty else { return [] }
    let values = indexes.map { byArea[layer.areaIDs[$0]]! }
    let groups = Demographics.groups.filter { g in indexes.contains { demographics.groups[g]![$0] > 0 } }
    let result = try Exposure.threshold(
      metric: values, worseThan: threshold, direction: .lowerIsWorse, groups: groups,
      populations: groups.map { g in indexes.map { demographics.groups[g]![$0] } }, reference: "W")
    var out: [GroupExposure] = []
    for row in result.rows {
      func add(_ measure: ExposureMeasure, _ value: Double) {
        out.append(
          GroupExposure(
            layer: layer.id, family: family, metric: metric, stratum: stratum, threshold: threshold, group: row.group, measure: measure.rawValue,
            value: value))
      }
      add(.shareExposed, row.share)
      if let ratio = row.ratioToReference { add(.ratioToWhite, ratio) }
      add(.populationOutside, zip(indexes, values).reduce(0) { $0 + demographics.groups[row.group]![$1.0] * max(0, 1 - $1.1) })
    }
    return out
  }

  /// Type 7 p-quantile of the multiset difference `city − area` (both sorted), without
  /// building it: the k-th smallest of the rest is the first city value x at which
  /// count_city(≤ x) − count_area(≤ x) exceeds k. O(log² n).
  static func restQuantile(city: [Double], area: [Double], _ p: Double) -> Double {
    let n = city.count - area.count
    guard n > 0 else { return .nan }
    func orderStatistic(_ k: Int) -> Double {
      var lo = 0
      var hi = city.count - 1
      while lo < hi {
        let mid = (lo + hi) / 2
        if upperBound(city, city[mid]) - upperBound(area, city[mid]) > k { hi = mid } else { lo = mid + 1 }
      }
      return city[lo]
    }
    return Quantile.ofSorted(count: n, p, method: .hyndmanFan7, orderStatistic: orderStatistic)
  }

  /// The order-statistic 95% interval of the p-quantile of a sorted sample (nil below 20 values).
  static func orderStatisticInterval(_ sorted: [Double], _ p: Double) -> (Double, Double)? {
    let n = Double(sorted.count)
    guard sorted.count >= 20 else { return nil }
    let spread = StandardNormal.z975 * (n * p * (1 - p)).squareRoot()
    let lower = max(Int((n * p - spread).rounded(.down)), 0)
    let upper = min(Int((n * p + spread).rounded(.up)), sorted.count - 1)
    return (sorted[lower], sorted[upper])
  }

  static func upperBound(_ sorted: [Double], _ x: Double) -> Int {
    var lo = 0
    var hi = sorted.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// `city − area` as a sorted array (both sorted; `area` ⊆ `city` as multisets).
  static func subtracting(_ area: [Double], from city: [Double]) -> [Double] {
    var rest: [Double] = []
    rest.reserveCapacity(city.count - area.count)
    var k = 0
    for x in city {
      if k < area.count && area[k] == x { k += 1 } else { rest.append(x) }
    }
    return rest
  }
}
