import Foundation

/// The standard normal distribution N(0, 1): the CDF, its complement and its inverse, as used
/// by the confidence intervals and the normal-approximation p-values in this module.
public enum StandardNormal {
  /// Φ⁻¹(0.975) = 1.959963984540054…, the z of every two-sided 95% interval (the double
  /// nearest the value; `quantile(0.975)` agrees to 1e−15).
  public static let z975 = 1.959963984540054

  /// Φ(x) = ½ · erfc(−x / √2).
  ///
  /// Written with `erfc` rather than `1 + erf` so that the lower tail keeps full relative
  /// precision (Φ(−10) ≈ 7.6e−24 instead of 0).
  /// - Complexity: O(1).
  static func cdf(_ x: Double) -> Double {
    0.5 * erfc(-x / 2.0.squareRoot())
  }

  /// 1 − Φ(x) = ½ · erfc(x / √2), accurate in the upper tail.
  /// - Complexity: O(1).
  static func survival(_ x: Double) -> Double {
    0.5 * erfc(x / 2.0.squareRoot())
  }

  /// Φ⁻¹(p) for 0 < p < 1; −∞ at 0 and +∞ at 1.
  ///
  /// Wichura's algorithm AS 241 (PPND16): a rational approximation in q = p − ½ for
  /// |q| ≤ 0.425 and in r = √(−ln min(p, 1−p)) in the tails, relative error about 1e−16.
  ///
  /// - Precondition: 0 ≤ p ≤ 1.
  /// - Complexity: O(1).
  /// Reference: M. J. Wichura (1988), "Algorithm AS 241: The percentage points of the normal
  /// distribution", Applied Statistics 37(3):477–484.
  static func quantile(_ p: Double) -> Double {
    precondition(p >= 0 && p <= 1, "a probability lies in [0, 1]")
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    let q = p - 0.5
    if abs(q) <= 0.425 {
      let r = 0.180625 - q * q
      return q * horner(r, centralNumerator) / horner(r, centralDenominator)
    }
    var r = (-log(q < 0 ? p : 1 - p)).squareRoot()
    let value: Double
    if r <= 5 {
      r -= 1.6
      value = horner(r, intermediateNumerator) / horner(r, intermediateDenominator)
    } else {
      r -= 5
      value = horner(r, tailNumerator) / horner(r, tailDenominator)
    }
    return q < 0 ? -value : value
  }

  /// c₀ + c₁x + … + cₖxᵏ with coefficients in increasing order of power.
  private static func horner(_ x: Double, _ coefficients: [Double]) -> Double {
    coefficients.reversed().reduce(0) { $0 * x + $1 }
  }

  // Coefficients of AS 241, lowest power first, as printed in Wichura (1988).
  private static let centralNumerator: [Double] = [
    3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
    1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
    3.3430575583588128105e+4, 2.5090809287301226727e+3,
  ]
  private static let centralDenominator: [Double] = [
    1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
    2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
    5.2264952788528545610e+3,
  ]
  private static let intermediateNumerator: [Double] = [
    1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
    3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
    2.27238449892691845833e-2, 7.74545014278341407640e-4,
  ]
  private static let intermediateDenominator: [Double] = [
    1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
    1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
    1.05075007164441684324e-9,
  ]
  private static let tailNumerator: [Double] = [
    6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
    2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
    2.71155556874348757815e-5, 2.01033439929228813265e-7,
  ]
  private static let tailDenominator: [Double] = [
    1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
    7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
    2.04426310338993978564e-15,
  ]
}
