import Foundation

// Continuous and discrete draws built on `SeededGenerator`'s uniform output, shared by the
// bootstrap draws (`BootstrapResample`) and the synthetic generator (AtlasSynthetic). Every
// draw goes through `next()`, so a seed gives the same stream on every platform.

extension SeededGenerator {
  /// A uniform draw in the open interval (0, 1): never 0, so `log` of it is finite.
  public mutating func nextOpenUnitInterval() -> Double {
    (Double(next() >> 11) + 0.5) * 0x1.0p-53
  }

  /// A standard normal draw by the Box–Muller transform, `√(−2 ln u₁) · cos(2π u₂)`, using two
  /// uniforms per draw (the sine partner is discarded so that every draw costs the same).
  ///
  /// Reference: G. E. P. Box & M. E. Muller (1958), Ann. Math. Statist. 29(2):610–611.
  public mutating func nextNormal() -> Double {
    let u1 = nextOpenUnitInterval()
    let u2 = nextUnitInterval()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// A Gamma(shape, 1) draw.
  ///
  /// Marsaglia & Tsang's squeeze method for shape ≥ 1; for shape < 1 the draw for shape + 1 is
  /// multiplied by `u^(1/shape)` (their §6).
  /// - Precondition: `shape > 0`.
  /// Reference: G. Marsaglia & W. W. Tsang (2000), "A simple method for generating gamma
  /// variables", ACM TOMS 26(3):363–372.
  public mutating func nextGamma(shape: Double) -> Double {
    precondition(shape > 0, "a gamma shape is positive")
    if shape < 1 {
      return nextGamma(shape: shape + 1) * pow(nextOpenUnitInterval(), 1 / shape)
    }
    let d = shape - 1.0 / 3.0
    let c = 1 / (9 * d).squareRoot()
    while true {
      var x: Double
      var v: Double
      repeat {
        x = nextNormal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = nextOpenUnitInterval()
      if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
    }
  }

  /// A Beta(a, b) draw, `X / (X + Y)` for X ~ Gamma(a), Y ~ Gamma(b). For integers a, b it is
  /// distributed as the a-th smallest of a + b − 1 independent uniforms.
  /// - Precondition: a > 0, b > 0.
  public mutating func nextBeta(_ a: Double, _ b: Double) -> Double {
    let x = nextGamma(shape: a)
    let y = nextGamma(shape: b)
    return x / (x + y)
  }

  /// A Binomial(trials, probability) draw, exactly, in O(log trials) beta draws.
  ///
  /// Knuth's recursion on order statistics: with a = 1 + ⌊t/2⌋ and b = t + 1 − a, the a-th
  /// smallest X of t uniforms is Beta(a, b). If X ≥ p, the a − 1 uniforms below X are uniform on
  /// (0, X) and the count below p is Binomial(a − 1, p/X); otherwise the a uniforms up to X are
  /// all below p and the b − 1 above X add Binomial(b − 1, (p − X)/(1 − X)). From 16 trials on,
  /// each trial is one uniform draw.
  /// - Precondition: trials ≥ 0, 0 ≤ probability ≤ 1.
  /// - Complexity: O(log trials) expected.
  /// Reference: D. E. Knuth, The Art of Computer Programming, vol. 2, 3rd ed., §3.4.1.F
  /// (binomial distribution, after J. H. Ahrens & U. Dieter).
  public mutating func nextBinomial(trials: Int, probability: Double) -> Int {
    precondition(trials >= 0 && probability >= 0 && probability <= 1, "a binomial needs trials ≥ 0 and a probability")
    var t = trials
    var p = probability
    var count = 0
    while t > 16 {
      if p <= 0 { return count }
      if p >= 1 { return count + t }
      let a = 1 + t / 2
      let b = t + 1 - a
      let x = nextBeta(Double(a), Double(b))
      if x >= p {
        t = a - 1
        p /= x
      } else {
        count += a
        t = b - 1
        p = (p - x) / (1 - x)
      }
    }
    for _ in 0..<t where nextUnitInterval() < p { count += 1 }
    return count
  }
}
