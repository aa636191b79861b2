import Foundation

/// Intervals for a change between two independent estimates (a baseline and a later one), and
/// the Wilson interval of a single proportion they start from.
///
/// All three kinds of change `compare` reports rest on one construction, MOVER (the method of
/// variance estimates recovery): given each estimate's own interval, the interval of the
/// difference recovers each side's variance from the distance between the estimate and the
/// relevant limit. For θ₂ − θ₁ (later minus baseline) with intervals (l₁, u₁) and (l₂, u₂):
///
///     L = (θ₂ − θ₁) − √((θ₂ − l₂)² + (u₁ − θ₁)²)
///     U = (θ₂ − θ₁) + √((u₂ − θ₂)² + (θ₁ − l₁)²)
///
/// With symmetric Wald intervals this is the usual θ₂ − θ₁ ± z·√(se₁² + se₂²); with
/// asymmetric intervals (order statistics of a skewed sample, Wilson intervals near 0 or 1) it
/// keeps their asymmetry. With Wilson intervals it is exactly Newcombe's hybrid score interval
/// (his method 10).
///
/// References: G. Y. Zou & A. Donner (2008), "Construction of confidence limits about effect
/// measures: a general approach", Statistics in Medicine 27(10):1693–1702; R. G. Newcombe
/// (1998), "Interval estimation for the difference between independent proportions: comparison
/// of eleven methods", Statistics in Medicine 17(8):873–890; E. B. Wilson (1927), JASA
/// 22(158):209–212.
public enum ChangeInterval {
  /// MOVER interval of `after − before` from each estimate's own interval (see the type's
  /// documentation). Each interval must contain its estimate; the level is the intervals'
  /// common level (the lower of the two when they differ).
  /// - Complexity: O(1).
  public static func mover(
    before: Double, _ beforeInterval: ConfidenceInterval, after: Double, _ afterInterval: ConfidenceInterval
  ) throws -> ConfidenceInterval {
    try Validate.finite(
      [before, after, beforeInterval.lower, beforeInterval.upper, afterInterval.lower, afterInterval.upper], "estimates and limits")
    guard beforeInterval.contains(before) else {
      throw StatisticsError.invalidArgument(argument: "beforeInterval", reason: "must contain the estimate \(before)")
    }
    guard afterInterval.contains(after) else {
      throw StatisticsError.invalidArgument(argument: "afterInterval", reason: "must contain the estimate \(after)")
    }
    let change = after - before
    let down = ((after - afterInterval.lower) * (after - afterInterval.lower) + (beforeInterval.upper - before) * (beforeInterval.upper - before))
      .squareRoot()
    let up = ((afterInterval.upper - after) * (afterInterval.upper - after) + (before - beforeInterval.lower) * (before - beforeInterval.lower))
      .squareRoot()
    return ConfidenceInterval(lower: change - down, upper: change + up, level: min(beforeInterval.level, afterInterval.level))
  }

  /// Wilson score interval of a proportion x/n:
  ///
  ///     (p̂ + z²/2n ∓ z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)
  ///
  /// It stays inside [0, 1] and is not degenerate at x = 0 or x = n. `successes` may be a
  /// non-integer (a share times its count, rounded upstream or not).
  /// Edge cases: 0 ≤ successes ≤ trials, trials > 0, level in (0, 1).
  /// - Complexity: O(1).
  /// Reference: Wilson (1927); Newcombe (1998), "Two-sided confidence intervals for the single
  /// proportion", Statistics in Medicine 17(8):857–872, method 3 (81/263 → 0.2553–0.3662).
  public static func wilson(successes x: Double, trials n: Double, confidenceLevel: Double = 0.95) throws -> ConfidenceInterval {
    try Validate.positive([n], "trials")
    try Validate.nonNegative([x], "successes")
    guard x <= n else { throw StatisticsError.invalidArgument(argument: "successes", reason: "must not exceed the trials (\(x) > \(n))") }
    try Validate.confidenceLevel(confidenceLevel)
    let z = StandardNormal.quantile(1 - (1 - confidenceLevel) / 2)
    let p = x / n
    let z2 = z * z
    let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
    // At x = 0 and x = n the limit is exactly 0 or 1; rounding must not put it past p̂.
    return ConfidenceInterval(lower: x == 0 ? 0 : max(0, centre - half), upper: x == n ? 1 : min(1, centre + half), level: confidenceLevel)
  }

  /// Newcombe's hybrid score interval of p₂ − p₁ (later minus baseline) for independent
  /// proportions x₁/n₁ and x₂/n₂: MOVER over the two Wilson intervals.
  /// - Complexity: O(1).
  /// Reference: Newcombe (1998), method 10; e.g. 56/70 − 48/80 → 0.0524 to 0.3339.
  public static func newcombe(
    before: (successes: Double, trials: Double), after: (successes: Double, trials: Double), confidenceLevel: Double = 0.95
  ) throws -> ConfidenceInterval {
    let p1 = before.successes / before.trials
    let p2 = after.successes / after.trials
    return try mover(
      before: p1, try wilson(successes: before.successes, trials: before.trials, confidenceLevel: confidenceLevel),
      after: p2, try wilson(successes: after.successes, trials: after.trials, confidenceLevel: confidenceLevel))
  }
}
