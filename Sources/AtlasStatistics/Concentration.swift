/// Socio-economic concentration of an outcome: is it concentrated among the better-off or the
/// worse-off areas or people?
///
/// People (or areas weighted by population) are ranked by a socio-economic variable x from the
/// poorest to the richest, and each gets the weighted fractional rank
///
///     Rᵢ = (W₍<ᵢ₎ + W₍=ᵢ₎ / 2) / W
///
/// where W₍<ᵢ₎ is the weight of everyone with a smaller x and W₍=ᵢ₎ the weight of everyone with
/// the same x (ties share the midpoint of their block, so the result does not depend on input
/// order). The concentration index is twice the covariance of the outcome with that rank,
/// relative to the mean:
///
///     C = 2 · cov_w(h, R) / μ,   cov_w(h, R) = (1/W) Σᵢ wᵢ (hᵢ − μ)(Rᵢ − R̄)
///
/// C lies in [−1, 1]: negative when the outcome is concentrated among the poorer (a "bad"
/// concentrated among the poor is a pro-rich inequality), positive when concentrated among the
/// richer, 0 when unrelated to rank. It equals 1 − 2·(area under the concentration curve).
public enum Concentration {
  /// The concentration index of `outcome` ranked by `rankedBy` (poorest first).
  ///
  /// Edge cases: empty input; arrays of different length; NaN or infinite outcome, rank
  /// variable or weight; negative outcome or weight; weights summing to 0; and an outcome whose
  /// weighted mean is 0 all throw. Elements of weight 0 are dropped.
  /// - Complexity: O(n log n).
  /// Reference: N. Kakwani, A. Wagstaff & E. van Doorslaer (1997), "Socioeconomic inequalities
  /// in health: measurement, computation, and statistical inference", Journal of Econometrics
  /// 77(1):87–103; O. O'Donnell, E. van Doorslaer, A. Wagstaff & M. Lindelow (2008), Analyzing
  /// Health Equity Using Household Survey Data, World Bank, ch. 8.
  public static func index(
    outcome: [Double], rankedBy socioeconomic: [Double], weights: [Double]? = nil
  ) throws -> Double {
    try Validate.nonEmpty(outcome, "outcome")
    try Validate.nonNegative(outcome, "outcome")
    let (sample, covariance) = try rankCovariance(outcome, socioeconomic, weights)
    guard sample.mean > 0 else { throw StatisticsError.zeroTotal(argument: "outcome") }
    return 2 * covariance / sample.mean
  }

  /// The Erreygers-corrected concentration index for an outcome bounded in [a, b] (a share, a
  /// rate with a ceiling, a 0/1 indicator):
  ///
  ///     E = 4μ / (b − a) · C = 8 · cov_w(h, R) / (b − a)
  ///
  /// Unlike C, E treats shortfalls and attainments symmetrically and does not depend on the
  /// mean; it lies in [−1, 1]. Computed from the covariance, so an outcome with mean 0 gives 0.
  ///
  /// Edge cases: as `index`, except that the outcome may be negative and its mean may be 0;
  /// bounds that are not finite or not a < b throw, and an outcome outside [a, b] throws.
  /// - Complexity: O(n log n).
  /// Reference: G. Erreygers (2009), "Correcting the concentration index", Journal of Health
  /// Economics 28(2):504–515.
  public static func erreygers(
    outcome: [Double], rankedBy socioeconomic: [Double], weights: [Double]? = nil,
    bounds: ClosedRange<Double>
  ) throws -> Double {
    guard bounds.lowerBound.isFinite, bounds.upperBound.isFinite,
      bounds.lowerBound < bounds.upperBound
    else {
      throw StatisticsError.invalidArgument(
        argument: "bounds", reason: "need finite bounds a < b, got \(bounds)")
    }
    try Validate.nonEmpty(outcome, "outcome")
    try Validate.finite(outcome, "outcome")
    if let i = outcome.firstIndex(where: { !bounds.contains($0) }) {
      throw StatisticsError.parameterOutOfDomain(
        name: "outcome[\(i)]", value: outcome[i], domain: "\(bounds)")
    }
    let (_, covariance) = try rankCovariance(outcome, socioeconomic, weights)
    return 8 * covariance / (bounds.upperBound - bounds.lowerBound)
  }

  /// The validated weighted outcome and cov_w(h, R).
  private static func rankCovariance(
    _ outcome: [Double], _ socioeconomic: [Double], _ weights: [Double]?
  ) throws -> (Weighted, Double) {
    try Validate.sameLength(socioeconomic, as: outcome.count, "rankedBy")
    try Validate.finite(socioeconomic, "rankedBy")
    let sample = try Weighted(outcome, weights: weights, argument: "outcome")
    let ranks = fractionalRanks(
      of: sample.indices.map { socioeconomic[$0] }, weights: sample.weights,
      totalWeight: sample.totalWeight)
    return (sample, covariance(sample, ranks: ranks))
  }

  /// cov_w(h, R) of a validated sample and the ranks of its kept elements.
  private static func covariance(_ sample: Weighted, ranks: [Double]) -> Double {
    let meanRank = zip(ranks, sample.weights).reduce(0) { $0 + $1.0 * $1.1 } / sample.totalWeight
    var sum = 0.0
    for k in 0..<sample.count {
      sum += sample.weights[k] * (sample.values[k] - sample.mean) * (ranks[k] - meanRank)
    }
    return sum / sample.totalWeight
  }

  /// The areas' fractional ranks by a socio-economic variable, computed once for many
  /// outcomes: a bootstrap that resamples the outcome with the areas' ranks and weights fixed
  /// recomputes C in O(n) per replicate instead of sorting again.
  ///
  /// `Ranking(x, weights: w).index(outcome: h)` equals `index(outcome: h, rankedBy: x,
  /// weights: w)` to the last bit; edge cases are the same, with the checks of x and w made
  /// once here.
  public struct Ranking: Sendable {
    let weights: [Double]?
    let count: Int
    /// Rᵢ of the elements with weight > 0, in input order.
    let ranks: [Double]

    /// - Complexity: O(n log n).
    public init(_ socioeconomic: [Double], weights: [Double]? = nil) throws {
      try Validate.nonEmpty(socioeconomic, "rankedBy")
      try Validate.finite(socioeconomic, "rankedBy")
      let kept = try Weighted(Array(repeating: 1, count: socioeconomic.count), weights: weights, argument: "rankedBy")
      self.weights = weights
      count = socioeconomic.count
      ranks = fractionalRanks(of: kept.indices.map { socioeconomic[$0] }, weights: kept.weights, totalWeight: kept.totalWeight)
    }

    /// The concentration index of `outcome` (one value per ranked element).
    /// - Complexity: O(n).
    public func index(outcome: [Double]) throws -> Double {
      try Validate.nonEmpty(outcome, "outcome")
      try Validate.nonNegative(outcome, "outcome")
      try Validate.sameLength(outcome, as: count, "outcome")
      let sample = try Weighted(outcome, weights: weights, argument: "outcome")
      guard sample.mean > 0 else { throw StatisticsError.zeroTotal(argument: "outcome") }
      return 2 * Concentration.covariance(sample, ranks: ranks) / sample.mean
    }
  }

  /// Rᵢ = (W₍<ᵢ₎ + W₍=ᵢ₎/2) / W, tied x sharing the midpoint of their block.
  static func fractionalRanks(
    of x: [Double], weights: [Double], totalWeight: Double
  ) -> [Double] {
    let order = x.indices.sorted { x[$0] < x[$1] }
    var ranks = [Double](repeating: 0, count: x.count)
    var weightBefore = 0.0
    var start = 0
    while start < order.count {
      var end = start
      var blockWeight = 0.0
      while end < order.count && x[order[end]] == x[order[start]] {
        blockWeight += weights[order[end]]
        end += 1
      }
      let rank = (weightBefore + blockWeight / 2) / totalWeight
      for position in start..<end { ranks[order[position]] = rank }
      weightBefore += blockWeight
      start = end
    }
    return ranks
  }
}
