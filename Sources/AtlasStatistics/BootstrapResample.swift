import Foundation

/// Draws from the bootstrap distribution of a statistic of one sample without building the
/// resample: the value the statistic would take on n draws with replacement from the sample.
///
/// Quantiles. Draw i of a resample of the sorted values x₀ ≤ … ≤ x_{n−1} is x at index
/// Jᵢ = ⌊n·Uᵢ⌋ for independent uniforms Uᵢ. The floor is monotone and x sorted, so the r-th
/// smallest resampled value is x at ⌊n·U₍ᵣ₎⌋, where U₍ᵣ₎, the r-th smallest of n uniforms, is
/// Beta(r, n − r + 1); given U₍ᵣ₎ = u, the n − r uniforms above it are uniform on (u, 1), so
///
///     U₍ᵣ₊₁₎ = u + (1 − u) · (1 − V^(1/(n − r))),   V uniform.
///
/// The Hyndman–Fan type 7 quantile interpolates between the order statistics r = ⌊(n−1)p⌋ + 1
/// and r + 1, so one resampled quantile costs two gamma draws and a uniform, whatever n is:
/// exactly the distribution of `Quantile.ofSorted(resample.sorted(), p, method: .hyndmanFan7)`,
/// from another random stream.
///
/// Shares. The number of successes among n draws with replacement from a sample with k
/// successes is Binomial(n, k/n) (`SeededGenerator.nextBinomial`). Counts over categories
/// (calls over areas with the total fixed) are multinomial, drawn as successive binomials.
///
/// Reference: H. A. David & H. N. Nagaraja (2003), Order Statistics, 3rd ed., Wiley, §2.2–2.5
/// (uniform order statistics, the Markov property used for U₍ᵣ₊₁₎); B. Efron & R. J.
/// Tibshirani (1993), An Introduction to the Bootstrap, ch. 6.
public enum BootstrapResample {
  /// The type 7 p-quantile of one resample of `sorted` (ascending, finite, non-empty).
  /// - Precondition: `sorted` non-empty; 0 ≤ p ≤ 1.
  /// - Complexity: O(1) expected.
  public static func quantile(ofSorted sorted: [Double], _ p: Double, using generator: inout SeededGenerator) -> Double {
    precondition(!sorted.isEmpty && p >= 0 && p <= 1, "a resampled quantile needs values and 0 ≤ p ≤ 1")
    let n = sorted.count
    let h = Double(n - 1) * p
    let k = Int(h.rounded(.down))
    let fraction = h - Double(k)
    // U₍ₖ₊₁₎, the (k + 1)-th smallest of n uniforms.
    let u = generator.nextBeta(Double(k + 1), Double(n - k))
    let low = sorted[index(u, n)]
    guard fraction > 0, k + 1 < n else { return low }
    let above = Double(n - k - 1)
    let next = u + (1 - u) * -expm1(log(generator.nextOpenUnitInterval()) / above)
    // The type 7 interpolation between the two, as `Quantile` evaluates it (to the last bit).
    return Quantile.ofSorted([low, sorted[index(next, n)]], fraction, method: .hyndmanFan7)
  }

  /// The number of successes in one resample of a sample of `trials` observations with
  /// `successes` successes: Binomial(trials, successes/trials).
  /// - Precondition: 0 ≤ successes ≤ trials, trials > 0.
  /// - Complexity: O(log trials) expected.
  public static func successes(_ successes: Int, of trials: Int, using generator: inout SeededGenerator) -> Int {
    precondition(trials > 0 && successes >= 0 && successes <= trials, "successes lie in 0…trials")
    if successes == 0 || successes == trials { return successes }
    return generator.nextBinomial(trials: trials, probability: Double(successes) / Double(trials))
  }

  /// One resample of the total of `counts` over its categories, with replacement: multinomial
  /// with the observed shares, drawn category by category as a binomial of what remains.
  /// - Precondition: every count ≥ 0.
  /// - Complexity: O(k log N) expected for k categories and N in total.
  public static func counts(_ counts: [Int], using generator: inout SeededGenerator) -> [Int] {
    var remaining = counts.reduce(0, +)
    var remainingObserved = remaining
    return counts.map { observed in
      precondition(observed >= 0, "counts are not negative")
      guard remaining > 0, remainingObserved > 0 else { return 0 }
      let drawn =
        observed >= remainingObserved
        ? remaining : generator.nextBinomial(trials: remaining, probability: Double(observed) / Double(remainingObserved))
      remaining -= drawn
      remainingObserved -= observed
      return drawn
    }
  }

  /// ⌊n·u⌋, kept below n (u < 1 in exact arithmetic).
  private static func index(_ u: Double, _ n: Int) -> Int {
    min(Int(Double(n) * u), n - 1)
  }
}
