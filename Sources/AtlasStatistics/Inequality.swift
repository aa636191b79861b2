import Foundation

/// Inequality indices of a non-negative quantity across areas or people: Gini, Theil T, Theil L,
/// Atkinson and the coefficient of variation.
///
/// All indices take optional population weights wᵢ (an area's residents), so that the index
/// describes people rather than areas: with weights, the value yᵢ counts wᵢ times, and integer
/// weights give exactly the index of the replicated values. Without weights every value has
/// weight 1 and the formulas reduce to the textbook unweighted ones (those of PySAL
/// `inequality`). W = Σ wᵢ and μ = Σ wᵢ yᵢ / W throughout.
///
/// Shared edge-case policy (each function adds its own):
/// - empty input, a NaN or infinite value or weight, a negative value or weight, or a
///   weights array of another length throws;
/// - elements with weight 0 stand for nobody and are dropped before computing;
/// - weights summing to 0 throw `.zeroTotal(argument: "weights")`, and a weighted mean of 0
///   (every counted value is 0) throws `.zeroTotal(argument: "values")`: every index divides by
///   μ. Nothing is ever added to zeros to make a logarithm finite.
///
/// All indices are scale invariant (multiplying every value by c > 0 changes nothing) and equal
/// 0 when every counted value is the same.
public enum Inequality {
  /// The Gini coefficient: half the relative mean absolute difference over all pairs of people.
  ///
  ///     G = Σᵢ Σⱼ wᵢ wⱼ |yᵢ − yⱼ| / (2 W² μ)
  ///
  /// evaluated after sorting as G = Σᵢ wᵢ yᵢ (2 W₍<ᵢ₎ + wᵢ − W) / (W² μ), where W₍<ᵢ₎ is the total
  /// weight sorted before element i (ties may be ordered either way: tied pairs contribute 0).
  /// This is G = 2·cov_w(y, F)/μ with F the weighted fractional rank (W₍<ᵢ₎ + wᵢ/2)/W.
  /// Unweighted it is G = Σᵢ (2i − n − 1) y₍ᵢ₎ / (n² μ) with 1-based ranks, PySAL's formula;
  /// G lies in [0, 1 − 1/n] for n equal weights.
  ///
  /// Edge cases: the shared policy above.
  /// - Complexity: O(n log n).
  /// Reference: C. Gini (1912), "Variabilità e mutabilità"; the weighted covariance form:
  /// R. I. Lerman & S. Yitzhaki (1989), "Improving the accuracy of estimates of Gini
  /// coefficients", Journal of Econometrics 42(1):43–47.
  public static func gini(_ values: [Double], weights: [Double]? = nil) throws -> Double {
    let sample = try prepared(values, weights: weights)
    let order = sample.values.indices.sorted { sample.values[$0] < sample.values[$1] }
    var weightBefore = 0.0
    var sum = 0.0
    for i in order {
      let w = sample.weights[i]
      sum += w * sample.values[i] * (2 * weightBefore + w - sample.totalWeight)
      weightBefore += w
    }
    let total = sample.totalWeight
    return sum / (total * total * sample.mean)
  }

  /// Theil's T index (generalised entropy GE(1)), the mean of (y/μ)·ln(y/μ) over people.
  ///
  ///     T = (1/W) Σᵢ wᵢ (yᵢ/μ) ln(yᵢ/μ)
  ///
  /// Unweighted, T lies in [0, ln n]. Edge cases: the shared policy; a value of 0
  /// contributes exactly 0, the limit of x ln x as x → 0. (PySAL instead adds 2.2e−308 to zeros,
  /// which changes no digit of the result.)
  /// - Complexity: O(n).
  /// Reference: H. Theil (1967), Economics and Information Theory, North-Holland; F. Cowell
  /// (2011), Measuring Inequality, 3rd ed., Oxford University Press.
  public static func theilT(_ values: [Double], weights: [Double]? = nil) throws -> Double {
    let sample = try prepared(values, weights: weights)
    return theilT(of: sample)
  }

  /// Theil's L index, the mean log deviation (generalised entropy GE(0)).
  ///
  ///     L = (1/W) Σᵢ wᵢ ln(μ / yᵢ)
  ///
  /// L = −ln(1 − A₁), with A₁ the Atkinson index at ε = 1. Edge cases: the shared policy; any
  /// counted value of 0 throws `.notPositive`, since L is then infinite.
  /// - Complexity: O(n).
  /// Reference: H. Theil (1967), Economics and Information Theory, North-Holland; F. Cowell
  /// (2011), Measuring Inequality, 3rd ed., Oxford University Press.
  public static func theilL(_ values: [Double], weights: [Double]? = nil) throws -> Double {
    let sample = try prepared(values, weights: weights)
    try sample.requirePositiveValues()
    return theilL(of: sample)
  }

  /// The Atkinson index with inequality aversion ε ≥ 0: one minus the ratio of the
  /// equally-distributed-equivalent value to the mean.
  ///
  ///     A_ε = 1 − [ (1/W) Σᵢ wᵢ (yᵢ/μ)^(1−ε) ]^(1/(1−ε))   for ε ≠ 1
  ///     A₁  = 1 − exp( (1/W) Σᵢ wᵢ ln(yᵢ/μ) )               (geometric mean / μ)
  ///
  /// A₀ = 0; A_ε grows with ε and lies in [0, 1]. Common choices: ε = 0.5, 1, 2.
  /// Edge cases: the shared policy; ε negative or not finite throws; for ε ≥ 1 any counted value
  /// of 0 throws `.notPositive` (the index is then 1 by its limit, but the formula is
  /// undefined); for 0 < ε < 1 zeros are allowed.
  /// - Complexity: O(n).
  /// Reference: A. B. Atkinson (1970), "On the measurement of inequality", Journal of Economic
  /// Theory 2(3):244–263.
  public static func atkinson(
    _ values: [Double], epsilon: Double, weights: [Double]? = nil
  ) throws -> Double {
    guard epsilon.isFinite, epsilon >= 0 else {
      throw StatisticsError.parameterOutOfDomain(name: "epsilon", value: epsilon, domain: "[0, ∞)")
    }
    let sample = try prepared(values, weights: weights)
    if epsilon >= 1 { try sample.requirePositiveValues() }
    if epsilon == 0 { return 0 }
    if epsilon == 1 {
      return 1 - exp(weightedMean(of: sample) { log($0 / sample.mean) })
    }
    let exponent = 1 - epsilon
    let meanOfPowers = weightedMean(of: sample) { pow($0 / sample.mean, exponent) }
    return 1 - pow(meanOfPowers, 1 / exponent)
  }

  /// The coefficient of variation: the weighted population standard deviation over the mean.
  ///
  ///     CV = √( (1/W) Σᵢ wᵢ (yᵢ − μ)² ) / μ
  ///
  /// (divisor W, not W − 1, so that it equals SciPy's `variation` with `ddof=0` and is invariant
  /// to replication). Edge cases: the shared policy.
  /// - Complexity: O(n).
  /// Reference: F. Cowell (2011), Measuring Inequality, 3rd ed., Oxford University Press;
  /// SciPy `scipy.stats.variation`.
  public static func coefficientOfVariation(
    _ values: [Double], weights: [Double]? = nil
  ) throws -> Double {
    let sample = try prepared(values, weights: weights)
    return sample.variance.squareRoot() / sample.mean
  }

  // MARK: Shared steps

  /// Applies the shared edge-case policy and returns the weighted sample.
  static func prepared(_ values: [Double], weights: [Double]?) throws -> Weighted {
    try Validate.nonEmpty(values, "values")
    try Validate.nonNegative(values, "values")
    let sample = try Weighted(values, weights: weights)
    guard sample.mean > 0 else { throw StatisticsError.zeroTotal(argument: "values") }
    return sample
  }

  static func theilT(of sample: Weighted) -> Double {
    weightedMean(of: sample) { y in
      let ratio = y / sample.mean
      return ratio > 0 ? ratio * log(ratio) : 0
    }
  }

  static func theilL(of sample: Weighted) -> Double {
    weightedMean(of: sample) { log(sample.mean / $0) }
  }

  /// (1/W) Σᵢ wᵢ f(yᵢ).
  static func weightedMean(of sample: Weighted, _ f: (Double) -> Double) -> Double {
    zip(sample.values, sample.weights).reduce(0) { $0 + $1.1 * f($1.0) } / sample.totalWeight
  }
}
