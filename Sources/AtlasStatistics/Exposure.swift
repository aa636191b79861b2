/// Which way a metric gets worse, declared once per metric: a long response time is bad, a high
/// coverage fraction is good.
public enum Direction: Hashable, Sendable, CaseIterable {
  /// Larger values are worse (response seconds, crimes per 1,000).
  case higherIsWorse
  /// Smaller values are worse (coverage fraction, patrol hours per resident).
  case lowerIsWorse

  /// Whether `value` is strictly worse than `threshold` in this direction.
  public func isWorse(_ value: Double, than threshold: Double) -> Bool {
    switch self {
    case .higherIsWorse: value > threshold
    case .lowerIsWorse: value < threshold
    }
  }
}

/// Each group's exposure to areas worse than a threshold.
public struct ThresholdExposure<Group: Hashable & Sendable>: Hashable, Sendable {
  public struct Row: Hashable, Sendable {
    public let group: Group
    /// P_g, the group's population over all areas.
    public let population: Double
    /// E_g, the group's population in areas worse than the threshold.
    public let exposedPopulation: Double
    /// E_g / P_g.
    public let share: Double
    /// share_g / share_reference; nil when the reference group's share is 0.
    public let ratioToReference: Double?
  }

  public let threshold: Double
  public let direction: Direction
  public let reference: Group
  /// One row per group, in the order the groups were given.
  public let rows: [Row]
}

/// Exposure of population groups to "bads".
public enum Exposure {
  /// The share of each group living in areas strictly worse than a threshold, and each share
  /// relative to a reference group's (White non-Hispanic residents in this project).
  ///
  ///     share_g = Σᵢ p_gi · [mᵢ worse than t] / Σᵢ p_gi,      ratio_g = share_g / share_ref
  ///
  /// where "worse" is `direction.isWorse(mᵢ, than: t)`: mᵢ > t for `.higherIsWorse`, mᵢ < t
  /// for `.lowerIsWorse`; an area exactly at the threshold is not worse.
  ///
  /// Edge cases: empty input; a metric or threshold that is NaN or infinite; a population
  /// array of another length than `metric`; negative, NaN or infinite populations; `groups`
  /// and `populations` of different lengths; duplicate groups; a reference not among the
  /// groups; and a group whose total population is 0 all throw. A reference share of 0 gives
  /// nil ratios (no exposed reference residents to compare with).
  /// - Parameters:
  ///   - metric: the per-area value, e.g. p90 response seconds per community area.
  ///   - populations: `populations[k][i]` is the population of `groups[k]` in area i.
  /// - Complexity: O(k·n) for k groups and n areas.
  /// Reference: exposure to environmental bads by group as in P. Mohai & R. Saha (2006),
  /// "Reassessing racial and socioeconomic disparities in environmental justice research",
  /// Demography 43(2):383–399; the share-ratio form is a relative risk of exposure.
  public static func threshold<Group: Hashable & Sendable>(
    metric: [Double], worseThan threshold: Double, direction: Direction,
    groups: [Group], populations: [[Double]], reference: Group
  ) throws -> ThresholdExposure<Group> {
    try Validate.nonEmpty(metric, "metric")
    try Validate.finite(metric, "metric")
    try Validate.finite([threshold], "threshold")
    try Validate.nonEmpty(groups, "groups")
    try Validate.sameLength(populations, as: groups.count, "populations")
    guard Set(groups).count == groups.count else {
      throw StatisticsError.invalidArgument(argument: "groups", reason: "groups must be distinct")
    }
    guard let referenceIndex = groups.firstIndex(of: reference) else {
      throw StatisticsError.invalidArgument(
        argument: "reference", reason: "the reference group is not among the groups")
    }
    let worse = metric.map { direction.isWorse($0, than: threshold) }
    var totals: [(population: Double, exposed: Double)] = []
    for (k, counts) in populations.enumerated() {
      try Validate.sameLength(counts, as: metric.count, "populations[\(k)]")
      try Validate.nonNegative(counts, "populations[\(k)]")
      let population = counts.reduce(0, +)
      guard population > 0 else { throw StatisticsError.zeroTotal(argument: "populations[\(k)]") }
      let exposed = zip(counts, worse).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
      totals.append((population, exposed))
    }
    let referenceShare = totals[referenceIndex].exposed / totals[referenceIndex].population
    let rows = groups.indices.map { k in
      let share = totals[k].exposed / totals[k].population
      return ThresholdExposure<Group>.Row(
        group: groups[k], population: totals[k].population, exposedPopulation: totals[k].exposed,
        share: share, ratioToReference: referenceShare > 0 ? share / referenceShare : nil)
    }
    return ThresholdExposure(
      threshold: threshold, direction: direction, reference: reference, rows: rows)
  }
}
