import Foundation

/// An area's event rate compared with the rate in the rest of the city.
public struct RateComparison: Hashable, Sendable {
  /// a / N₁: the area's events per unit of exposure (e.g. per resident).
  public let areaRate: Double
  /// b / N₀: the rest of the city's events per unit of exposure.
  public let restRate: Double
  /// areaRate / restRate; nil when the rest of the city has no events (the ratio is undefined).
  public let ratio: Double?
  /// exp(ln RR ± z·√(1/a + 1/b)); nil when either count is 0, where the log-scale standard
  /// error is infinite.
  public let ratioInterval: ConfidenceInterval?
  /// areaRate − restRate.
  public let difference: Double
  /// RD ± z·√(a/N₁² + b/N₀²). When both counts are 0 the standard error is 0 and the interval
  /// is the single point 0.
  public let differenceInterval: ConfidenceInterval
}

/// Rate ratios and rate differences of one area against the rest of the city, with
/// large-sample confidence intervals that treat event counts as Poisson.
///
/// With a events over exposure N₁ in the area and b events over N₀ elsewhere, and
/// z = Φ⁻¹(1 − α/2) (1.959963984540054 for 95 %):
///
///     RR = (a/N₁) / (b/N₀),   CI = RR · exp(∓ z · √(1/a + 1/b))   (log-normal: Wald on ln RR)
///     RD = a/N₁ − b/N₀,       CI = RD ∓ z · √(a/N₁² + b/N₀²)       (Wald)
///
/// These are the standard large-sample intervals; they are poor for very small counts (fewer
/// than about 5–10 events), where exact or mid-p intervals should be preferred, which is also
/// why small counts are suppressed before publication (see `SuppressionRule`).
///
/// Reference: K. J. Rothman, S. Greenland & T. L. Lash (2008), Modern Epidemiology, 3rd ed.,
/// ch. 14, "Introduction to categorical statistics"; cross-checked against statsmodels
/// `confint_poisson_2indep` with `method="wald-log"` (ratio) and `method="wald"` (difference).
public enum Rates {
  /// Compares one area's rate with the rest of the city's.
  ///
  /// Edge cases: counts must be finite and ≥ 0 (non-integer counts, e.g. apportioned ones, are
  /// accepted and treated as Poisson means); exposures must be finite and > 0; the confidence
  /// level must lie in (0, 1). Zero counts are data, not errors: see the optional fields of
  /// `RateComparison`.
  /// - Complexity: O(1).
  public static func compare(
    areaEvents: Double, areaExposure: Double,
    restEvents: Double, restExposure: Double,
    confidenceLevel: Double = 0.95
  ) throws -> RateComparison {
    try Validate.nonNegative([areaEvents], "areaEvents")
    try Validate.nonNegative([restEvents], "restEvents")
    try Validate.positive([areaExposure], "areaExposure")
    try Validate.positive([restExposure], "restExposure")
    try Validate.confidenceLevel(confidenceLevel)
    let z = StandardNormal.quantile(1 - (1 - confidenceLevel) / 2)
    let areaRate = areaEvents / areaExposure
    let restRate = restEvents / restExposure

    let ratio: Double? = restEvents > 0 ? areaRate / restRate : nil
    var ratioInterval: ConfidenceInterval?
    if let ratio, areaEvents > 0 {
      let logError = (1 / areaEvents + 1 / restEvents).squareRoot()
      ratioInterval = ConfidenceInterval(
        lower: ratio * exp(-z * logError), upper: ratio * exp(z * logError),
        level: confidenceLevel)
    }

    let difference = areaRate - restRate
    let differenceError =
      (areaEvents / (areaExposure * areaExposure) + restEvents / (restExposure * restExposure))
      .squareRoot()
    return RateComparison(
      areaRate: areaRate, restRate: restRate, ratio: ratio, ratioInterval: ratioInterval,
      difference: difference,
      differenceInterval: ConfidenceInterval(
        lower: difference - z * differenceError, upper: difference + z * differenceError,
        level: confidenceLevel))
  }
}
