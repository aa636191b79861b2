/// The names `atlas.gpkg` stores, spelled once: metric families, metrics, strata, comparison
/// statistics, manifest parameters, and the rules that make table and column names of them.
///
/// `analyze` writes with these names and the reports, exports and web atlas read with them, so
/// renaming a metric is one edit here, and a metric that no longer exists fails to compile
/// instead of printing blank cells.
public enum AtlasSchema {
  /// The stratum of a figure about everything (all priorities, all camera types).
  public static let allStrata = "all"

  /// The feature table of a layer: its id with `_` for `-` (`wards-2023` → `wards_2023`).
  public static func tableName(layer: String) -> String { layer.replacingOccurrences(of: "-", with: "_") }

  /// The column of a metric in its layer's feature table and in the exports:
  /// `<family>_<stratum>_<metric>`, or `<family>_<metric>` for stratum `all`, with every
  /// character but letters and digits replaced by `_` (`calls_P1_call_to_dispatch_p90_seconds`).
  public static func columnName(family: String, metric: String, stratum: String) -> String {
    identifier(stratum == allStrata ? "\(family)_\(metric)" : "\(family)_\(stratum)_\(metric)")
  }

  /// The column of a comparison statistic: its metric's column, `_`, the statistic
  /// (`calls_P1_call_to_dispatch_ratio_p90`), as the exports and the web atlas name it.
  public static func comparisonColumnName(family: String, metric: String, stratum: String, statistic: String) -> String {
    columnName(family: family, metric: metric, stratum: stratum) + "_" + identifier(statistic)
  }

  /// `raw` with every character but letters and digits replaced by `_`.
  public static func identifier(_ raw: String) -> String { String(raw.map { $0.isLetter || $0.isNumber ? $0 : "_" }) }
}

/// The value of `metrics.family`.
public enum AtlasFamily: String, Sendable, CaseIterable {
  case area, population, calls, cameras, cellular, fleet
}

/// One stored figure's identity: family, metric and stratum.
public struct MetricID: Hashable, Sendable {
  public var family: String
  public var metric: String
  public var stratum: String

  public init(_ family: AtlasFamily, _ metric: String, _ stratum: String = AtlasSchema.allStrata) {
    self.family = family.rawValue
    self.metric = metric
    self.stratum = stratum
  }

  /// A figure as read from an atlas, whose family may be one this build does not know.
  public init(family: String, metric: String, stratum: String) {
    self.family = family
    self.metric = metric
    self.stratum = stratum
  }

  public var columnName: String { AtlasSchema.columnName(family: family, metric: metric, stratum: stratum) }

  public static func area(_ metric: AreaMetricName) -> MetricID { MetricID(.area, metric.rawValue) }
  public static func population(_ metric: PopulationMetric, _ stratum: String = AtlasSchema.allStrata) -> MetricID {
    MetricID(.population, metric.rawValue, stratum)
  }
  public static func calls(_ metric: CallMetric, _ stratum: String = AtlasSchema.allStrata) -> MetricID { MetricID(.calls, metric.name, stratum) }
  public static func cameras(_ metric: CameraMetric, _ stratum: String = AtlasSchema.allStrata) -> MetricID {
    MetricID(.cameras, metric.rawValue, stratum)
  }
  public static func cellular(_ metric: CellularMetric, _ stratum: String) -> MetricID { MetricID(.cellular, metric.rawValue, stratum) }
  public static func fleet(_ metric: FleetMetric, _ stratum: String) -> MetricID { MetricID(.fleet, metric.rawValue, stratum) }
}

/// `area` figures.
public enum AreaMetricName: String, Sendable {
  case squareMiles = "square_miles"
}

/// `population` figures: residents (stratum `all`) and each group's share (stratum: the group).
public enum PopulationMetric: String, Sendable {
  case population, share
}

/// A 911 timestamp, as named in metric names.
public enum CallStageName: String, Sendable, CaseIterable {
  case received, dispatched
  case enRoute = "en_route"
  case onScene = "on_scene"
  case cleared
}

/// A 911 interval between two stages, as named in metric and comparison names.
public enum CallIntervalName: String, Sendable, CaseIterable {
  case callToDispatch = "call_to_dispatch"
  case dispatchToOnScene = "dispatch_to_on_scene"
  case callToOnScene = "call_to_on_scene"
}

/// The response-time quantiles stored per area: the median and the 90th percentile.
public enum ResponseQuantile: String, Sendable, CaseIterable {
  case p50, p90
}

/// `calls` figures, per area and priority stratum (`P1`, `P2`, `P3`, `all`).
public enum CallMetric: Hashable, Sendable {
  /// Events.
  case calls
  /// Share of events with the stage's timestamp recorded.
  case completeness(CallStageName)
  /// Events with a usable value of the interval.
  case usable(CallIntervalName)
  /// Events without a usable value for a reason (`missing`, `negative`, `over_24h`, …).
  case problem(CallIntervalName, String)
  case p50(CallIntervalName)
  case p90(CallIntervalName)
  /// Censoring bounds of the call-to-on-scene p90 when on-scene times are missing.
  case onSceneP90Lower, onSceneP90Upper
  /// Share of usable call-to-dispatch intervals above the priority's goal.
  case dispatchShareOverGoal
  /// Calls per 1,000 residents (compared as a `rate_ratio`).
  case perThousandResidents

  /// The interval's quantile `q`.
  public static func quantile(_ interval: CallIntervalName, _ q: ResponseQuantile) -> CallMetric {
    q == .p50 ? .p50(interval) : .p90(interval)
  }

  public var name: String {
    switch self {
    case .calls: return "calls"
    case .completeness(let stage): return "completeness_\(stage.rawValue)"
    case .usable(let interval): return "\(interval.rawValue)_n"
    case .problem(let interval, let problem): return "\(interval.rawValue)_\(problem)"
    case .p50(let interval): return "\(interval.rawValue)_p50_seconds"
    case .p90(let interval): return "\(interval.rawValue)_p90_seconds"
    case .onSceneP90Lower: return "call_to_on_scene_p90_lower_seconds"
    case .onSceneP90Upper: return "call_to_on_scene_p90_upper_seconds"
    case .dispatchShareOverGoal: return "call_to_dispatch_share_over_goal"
    case .perThousandResidents: return "calls_per_1000_residents"
    }
  }
}

/// `cameras` figures, per area and camera type (stratum `all`: every type).
public enum CameraMetric: String, Sendable {
  case count
  case perSquareMile = "per_square_mile"
  case perTenThousandResidents = "per_10k_residents"
  /// Share of the period's days with recorded activity: a proxy for uptime (violations exports).
  case activityDayShare = "activity_day_share"
  case meanUptime = "mean_uptime"
  case belowUptimeThreshold = "below_uptime_threshold"
  case outageHours = "outage_hours"
  /// Share of the area within reach of a working camera (stratum `all` only).
  case coverageShare = "coverage_share"
}

/// `cellular` figures, per provider × technology × environment stratum.
public enum CellularMetric: String, Sendable {
  case coveredShare = "covered_share"
}

/// `fleet` figures, per zone or service stratum.
public enum FleetMetric: String, Sendable {
  case zoneShare = "zone_share"
  case unzonedShare = "unzoned_share"
  case centroidToZoneBaseMiles = "centroid_to_zone_base_miles"
  case centroidToNearestBaseMiles = "centroid_to_nearest_base_miles"
}

/// `comparisons.statistic`: an area against the rest of the city.
public enum ComparisonStatistic: String, Sendable, CaseIterable {
  case ratioP50 = "ratio_p50"
  case ratioP90 = "ratio_p90"
  /// The ratios against the rest of the city reweighted to the area's case mix.
  case ratioP50Adjusted = "ratio_p50_adjusted"
  case ratioP90Adjusted = "ratio_p90_adjusted"
  case rateRatio = "rate_ratio"
  case probSuperiority = "prob_superiority"
  case cliffsDelta = "cliffs_delta"
  case mannWhitneyP = "mann_whitney_p"
  case ksD = "ks_d"
  case hodgesLehmannSeconds = "hodges_lehmann_seconds"

  /// The ratio of an area's quantile `q` to the rest of the city's.
  public static func ratio(_ q: ResponseQuantile, adjusted: Bool = false) -> ComparisonStatistic {
    switch (q, adjusted) {
    case (.p50, false): return .ratioP50
    case (.p90, false): return .ratioP90
    case (.p50, true): return .ratioP50Adjusted
    case (.p90, true): return .ratioP90Adjusted
    }
  }
}

/// `exposure.measure`.
public enum ExposureMeasure: String, Sendable {
  /// Share of the group living in under-covered areas.
  case shareExposed = "share_exposed"
  /// That share divided by White non-Hispanic residents' share.
  case ratioToWhite = "ratio_to_W"
  /// The group's residents outside coverage: Σ population × (1 − share).
  case populationOutside = "population_outside"
}

/// Keys of the run manifest's `parameters` the reports read.
public enum ManifestParameter {
  public static let dispatchGoals = "dispatch_goals_seconds"
  public static let cameraRadiusFeet = "camera_radius_feet"
  public static let uptimeThreshold = "uptime_threshold"
  public static let cameraUptime = "camera_uptime"
  public static let ratioInterval = "ratio_interval"
}

/// A row of `exposure`: one population group's exposure to a "bad" (a metric worse than a
/// threshold), as `analyze` writes it and the reports read it.
public struct GroupExposure: Hashable, Sendable {
  public var layer: String
  public var family: String
  public var metric: String
  public var stratum: String
  public var threshold: Double
  public var group: String
  /// `share_exposed` (share of the group in worse areas), `ratio_to_W`, or
  /// `population_outside` (group residents outside coverage: Σ population × (1 − share)).
  public var measure: String
  public var value: Double

  public init(layer: String, family: String, metric: String, stratum: String, threshold: Double, group: String, measure: String, value: Double) {
    self.layer = layer
    self.family = family
    self.metric = metric
    self.stratum = stratum
    self.threshold = threshold
    self.group = group
    self.measure = measure
    self.value = value
  }
}

/// A row of `disparities`: an inequality index of one metric across a layer's areas, as
/// `analyze` writes it and the reports read it.
public struct DisparityIndex: Hashable, Sendable {
  public var layer: String
  public var family: String
  public var metric: String
  public var stratum: String
  /// `gini`, `theil_t`, `theil_l`, `atkinson_0.5`, `atkinson_1`, `atkinson_2`, `cv`,
  /// `theil_t_between`, `theil_t_within`.
  public var index: String
  /// For the between/within split: what the areas are grouped by (beats by district); else nil
  /// (stored as an empty text).
  public var grouping: String?
  public var value: Double
  /// The 95% bootstrap interval, where `IndexIntervals` gives one (else nil).
  public var ciLow: Double? = nil
  public var ciHigh: Double? = nil

  public init(
    layer: String, family: String, metric: String, stratum: String, index: String, grouping: String?, value: Double, ciLow: Double? = nil,
    ciHigh: Double? = nil
  ) {
    self.layer = layer
    self.family = family
    self.metric = metric
    self.stratum = stratum
    self.index = index
    self.grouping = grouping
    self.value = value
    self.ciLow = ciLow
    self.ciHigh = ciHigh
  }
}
