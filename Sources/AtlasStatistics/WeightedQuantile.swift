/// Quantiles of a weighted sample, the generalisation of Hyndman–Fan type 7 that the case-mix
/// adjusted comparisons take of a reweighted rest of the city.
///
/// With the sorted values x₀ ≤ … ≤ xₘ₋₁ carrying weights u₀ … uₘ₋₁ > 0, total W, and
/// Sₖ = u₀ + … + uₖ₋₁ the weight before xₖ, each value sits at the midpoint of its weight,
/// Mₖ = Sₖ + uₖ/2, and the p-quantile interpolates linearly between the values whose
/// midpoints bracket
///
///     T(p) = u₀/2 + p · (W − u₀/2 − uₘ₋₁/2),   Q(p) = xₖ + (xₖ₊₁ − xₖ) · (T − Mₖ)/(Mₖ₊₁ − Mₖ)
///
/// for Mₖ ≤ T < Mₖ₊₁ (Q = xₘ₋₁ when T reaches Mₘ₋₁). With equal weights Mₖ = (k + ½)·u and
/// T = (½ + p·(m − 1))·u, so Q is type 7 exactly: Q(0) is the minimum, Q(1) the maximum, and
/// scaling every weight by one factor changes nothing. Unlike an integer frequency weight,
/// a weight of 2 is not the same as the value written twice (type 7 of the doubled sample
/// would put the duplicates at two positions).
///
/// Reference: the midpoint ("C = ½") weighted percentile, e.g. A. Akinshin (2023), "Weighted
/// quantile estimators", arXiv:2304.07265, §2, here anchored so that equal weights give
/// R. J. Hyndman & Y. Fan (1996) definition 7; the interpolation is `Quantile.interpolate`.
public enum WeightedQuantile {
  /// T(p), the midpoint-cumulative weight the p-quantile lies at, for a sample of total weight
  /// `total` whose smallest value weighs `first` and largest `last`.
  /// - Complexity: O(1).
  public static func target(_ p: Double, total: Double, first: Double, last: Double) -> Double {
    first / 2 + p * (total - first / 2 - last / 2)
  }

  /// Q(p) once the bracketing values are found: `lower` = (xₖ, Mₖ) with Mₖ ≤ `target`, `upper`
  /// = (xₖ₊₁, Mₖ₊₁) with Mₖ₊₁ > `target`, or nil when xₖ is the largest value.
  /// - Complexity: O(1).
  public static func between(
    _ lower: (value: Double, midpoint: Double), _ upper: (value: Double, midpoint: Double)?, target: Double
  ) -> Double {
    guard let upper else { return lower.value }
    let t = Swift.min(Swift.max((target - lower.midpoint) / (upper.midpoint - lower.midpoint), 0), 1)
    return Quantile.interpolate(lower.value, upper.value, t)
  }

  /// Q(p) of sorted `values` with positive `weights` (same length, non-empty), by one scan:
  /// the definition that faster searches (the pipeline's reweighted rest of the city) are
  /// checked against, and the way to take the quantile of a small weighted sample.
  /// - Complexity: O(m).
  public static func ofSorted(_ values: [Double], weights: [Double], _ p: Double) -> Double {
    precondition(!values.isEmpty && values.count == weights.count, "one positive weight per value")
    let total = weights.reduce(0, +)
    let goal = target(p, total: total, first: weights[0], last: weights[weights.count - 1])
    var before = 0.0
    for k in values.indices {
      let midpoint = before + weights[k] / 2
      if k + 1 < values.count {
        let next = before + weights[k] + weights[k + 1] / 2
        if next > goal { return between((values[k], midpoint), (values[k + 1], next), target: goal) }
      }
      before += weights[k]
    }
    return values[values.count - 1]
  }
}
