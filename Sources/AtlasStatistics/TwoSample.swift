/// The Mann–Whitney U test of two independent samples x and y.
public struct MannWhitneyResult: Hashable, Sendable {
  /// U₁ = #{(i, j): xᵢ > yⱼ} + ½ #{(i, j): xᵢ = yⱼ}, SciPy's reported statistic.
  public let u: Double
  /// The two-sided p-value from the normal approximation with tie and continuity corrections.
  public let pValue: Double
}

/// The two-sample Kolmogorov–Smirnov test.
public struct KolmogorovSmirnovResult: Hashable, Sendable {
  /// D = maxₜ |F_x(t) − F_y(t)|, the largest distance between the empirical CDFs.
  public let statistic: Double
  /// The exact two-sided p-value P(D ≥ d) for continuous data, available when both samples
  /// hold at most `TwoSampleComparison.exactKolmogorovSmirnovLimit` values; nil beyond.
  public let pValue: Double?
}

/// Comparisons of two response-time distributions, e.g. one district (x) against the rest of
/// the city (y). Both samples are sorted once when the comparison is made; every measure is then
/// cheap.
///
/// Orientation: every measure reads "x relative to y". A positive Cliff's δ, a probability of
/// superiority above ½ or a positive Hodges–Lehmann shift all say that x tends to be larger
/// (slower responses, if x is response seconds).
///
/// Edge-case policy: both samples must be non-empty with finite values (NaN and ±∞ throw).
/// Ties are allowed everywhere and handled as documented on each measure.
public struct TwoSampleComparison: Hashable, Sendable {
  /// x sorted ascending.
  public let x: [Double]
  /// y sorted ascending.
  public let y: [Double]
  /// U₁, from the rank sum of x with tied values given their average rank.
  public let u: Double
  /// Σ (t³ − t) over blocks of t tied values in the pooled sample.
  private let tieTerm: Double
  /// max over pooled values of |m·Cₓ − n·C_y|, i.e. D·n·m, an exact integer.
  private let scaledDistance: Int

  /// Samples larger than this get no exact Kolmogorov–Smirnov p-value. It is SciPy's limit for
  /// `ks_2samp(method="auto")`, beyond which SciPy switches to an asymptotic formula that is not
  /// reproduced here.
  public static let exactKolmogorovSmirnovLimit = 10_000

  /// Sorts both samples and computes the pooled ranks in one merge.
  /// - Complexity: O(n log n + m log m).
  public init(_ x: [Double], versus y: [Double]) throws {
    try Validate.nonEmpty(x, "x")
    try Validate.nonEmpty(y, "y")
    try Validate.finite(x, "x")
    try Validate.finite(y, "y")
    let xs = x.sorted()
    let ys = y.sorted()
    var i = 0
    var j = 0
    var ranksBefore = 0
    var rankSumX = 0.0
    var tieTerm = 0.0
    var scaledDistance = 0
    while i < xs.count || j < ys.count {
      let value = Swift.min(i < xs.count ? xs[i] : .infinity, j < ys.count ? ys[j] : .infinity)
      var inX = 0
      var inY = 0
      while i < xs.count && xs[i] == value {
        i += 1
        inX += 1
      }
      while j < ys.count && ys[j] == value {
        j += 1
        inY += 1
      }
      let tied = inX + inY
      // Ranks ranksBefore + 1 … ranksBefore + tied share their mean.
      rankSumX += Double(inX) * (Double(ranksBefore) + Double(tied + 1) / 2)
      let t = Double(tied)
      tieTerm += t * t * t - t
      ranksBefore += tied
      scaledDistance = Swift.max(scaledDistance, abs(i * ys.count - j * xs.count))
    }
    let n = Double(xs.count)
    self.x = xs
    self.y = ys
    self.u = rankSumX - n * (n + 1) / 2
    self.tieTerm = tieTerm
    self.scaledDistance = scaledDistance
  }

  /// The Mann–Whitney U test, two-sided, asymptotic, as SciPy's
  /// `mannwhitneyu(x, y, method="asymptotic")` (which uses the continuity correction by
  /// default):
  ///
  ///     μ = nm/2,   σ = √( nm/12 · ( (N + 1) − Σ(t³ − t) / (N(N − 1)) ) ),   N = n + m
  ///     z = (max(U₁, U₂) − μ − ½) / σ,   p = min(1, 2·(1 − Φ(z)))
  ///
  /// with U₂ = nm − U₁. When every pooled value is equal, σ = 0 and p = 1.
  /// - Complexity: O(1) (the ranks were computed by `init`).
  /// Reference: H. B. Mann & D. R. Whitney (1947), "On a test of whether one of two random
  /// variables is stochastically larger than the other", Annals of Mathematical Statistics
  /// 18(1):50–60; tie correction: E. L. Lehmann (2006), Nonparametrics: Statistical Methods
  /// Based on Ranks, rev. ed., Springer; SciPy `scipy.stats.mannwhitneyu`.
  public var mannWhitney: MannWhitneyResult {
    let n = Double(x.count)
    let m = Double(y.count)
    let pooled = n + m
    let mean = n * m / 2
    let sd = (n * m / 12 * ((pooled + 1) - tieTerm / (pooled * (pooled - 1)))).squareRoot()
    let z = (Swift.max(u, n * m - u) - mean - 0.5) / sd
    return MannWhitneyResult(u: u, pValue: Swift.min(1, 2 * StandardNormal.survival(z)))
  }

  /// The probability of superiority (common-language effect size, the AUC):
  ///
  ///     PS = P(X > Y) + ½ P(X = Y) = U₁ / (n m)
  ///
  /// over all n·m pairs; ½ means no tendency either way.
  /// - Complexity: O(1).
  /// Reference: K. O. McGraw & S. P. Wong (1992), "A common language effect size statistic",
  /// Psychological Bulletin 111(2):361–365; A. Vargha & H. D. Delaney (2000), "A critique and
  /// improvement of the CL common language effect size statistics", Journal of Educational and
  /// Behavioral Statistics 25(2):101–132 (the tie-corrected A).
  public var probabilityOfSuperiority: Double {
    u / (Double(x.count) * Double(y.count))
  }

  /// Cliff's δ, the dominance statistic:
  ///
  ///     δ = ( #{xᵢ > yⱼ} − #{xᵢ < yⱼ} ) / (n m) = 2·PS − 1
  ///
  /// in [−1, 1]; ties count for neither side.
  /// - Complexity: O(1).
  /// Reference: N. Cliff (1993), "Dominance statistics: ordinal analyses to answer ordinal
  /// questions", Psychological Bulletin 114(3):494–509.
  public var cliffsDelta: Double {
    let pairs = Double(x.count) * Double(y.count)
    return (2 * u - pairs) / pairs
  }

  /// The two-sample Kolmogorov–Smirnov statistic and, for samples of at most
  /// `exactKolmogorovSmirnovLimit` values, its exact two-sided p-value as SciPy's
  /// `ks_2samp(x, y)` computes it.
  ///
  ///     D = maxₜ |F_x(t) − F_y(t)| = h / lcm(n, m)
  ///     p = P(D ≥ h / lcm(n, m)) = share of monotone lattice paths from (0, 0) to (n, m) that
  ///         reach |i·m/g − j·n/g| ≥ h, g = gcd(n, m)
  ///
  /// The share of paths is computed by the recursion P(i, j) = (i·P(i−1, j) + j·P(i, j−1)) /
  /// (i + j) inside the band and P = 1 on or outside it, which carries the outside share
  /// directly and so keeps full relative precision for small p (the form SciPy also uses).
  /// The p-value assumes continuous data; with ties it is conservative.
  /// - Complexity: O(1) for D; O(n·m) time and O(min(n, m)) memory for the p-value.
  /// Reference: J. L. Hodges Jr. (1958), "The significance probability of the Smirnov
  /// two-sample test", Arkiv för Matematik 3(5):469–486; T. Viehmann (2021), "Numerically more
  /// stable computation of the p-values for the two-sample Kolmogorov–Smirnov test",
  /// arXiv:2102.08037; SciPy `scipy.stats.ks_2samp`.
  public func kolmogorovSmirnov() -> KolmogorovSmirnovResult {
    let n = x.count
    let m = y.count
    let g = TwoSampleComparison.gcd(n, m)
    let h = scaledDistance / g  // D·lcm(n, m), since lcm = n·m/g and D = scaledDistance/(n·m)
    let lcm = Double(n / g) * Double(m)
    let statistic = Double(h) / lcm
    guard Swift.max(n, m) <= TwoSampleComparison.exactKolmogorovSmirnovLimit else {
      return KolmogorovSmirnovResult(statistic: statistic, pValue: nil)
    }
    return KolmogorovSmirnovResult(
      statistic: statistic, pValue: TwoSampleComparison.smirnovExceedance(n, m, h))
  }

  /// The Hodges–Lehmann estimate of the shift of x relative to y: the median of all n·m
  /// differences.
  ///
  ///     Δ̂ = median{ xᵢ − yⱼ : 1 ≤ i ≤ n, 1 ≤ j ≤ m }
  ///
  /// (the mean of the two middle differences when n·m is even, as NumPy's `median`). Computed
  /// exactly without forming the n·m differences: the differences form a matrix sorted along
  /// rows and columns, and a selection with random pivots (fixed internal seed; the result does
  /// not depend on it) discards rows' candidate ranges by staircase counting.
  /// - Complexity: O((n + m) log(n·m)) expected time after the sort, O(n + m) memory.
  /// Reference: J. L. Hodges Jr. & E. L. Lehmann (1963), "Estimates of location based on rank
  /// tests", Annals of Mathematical Statistics 34(2):598–611; selection as in J. F. Monahan
  /// (1984), "Algorithm 616: fast computation of the Hodges-Lehmann location estimator", ACM
  /// Transactions on Mathematical Software 10(3):265–270, adapted to two samples.
  public func hodgesLehmannShift() -> Double {
    let count = x.count * y.count
    if count % 2 == 1 { return kthSmallestDifference(count / 2) }
    return (kthSmallestDifference(count / 2 - 1) + kthSmallestDifference(count / 2)) / 2
  }

  // MARK: Internals

  /// The k-th smallest (0-based) of xᵢ − yⱼ. Matrix a[i][j] = x[i] − y[m − 1 − j] is
  /// non-decreasing along rows and columns (floating-point subtraction is monotone).
  func kthSmallestDifference(_ k: Int) -> Double {
    let n = x.count
    let m = y.count
    func entry(_ i: Int, _ j: Int) -> Double { x[i] - y[m - 1 - j] }
    // Candidates in row i are columns lower[i] ..< upper[i]; everything left of them ranks
    // below the answer and everything right of them above it.
    var lower = [Int](repeating: 0, count: n)
    var upper = [Int](repeating: m, count: n)
    var generator = SeededGenerator(seed: 0x4844_4C45_484D_414E)
    var below = [Int](repeating: 0, count: n)
    var atOrBelow = [Int](repeating: 0, count: n)
    while true {
      let remaining = (0..<n).reduce(0) { $0 + upper[$1] - lower[$1] }
      let rank = k - lower.reduce(0, +)
      if remaining <= n + m {
        var candidates: [Double] = []
        candidates.reserveCapacity(remaining)
        for i in 0..<n where lower[i] < upper[i] {
          for j in lower[i]..<upper[i] { candidates.append(entry(i, j)) }
        }
        candidates.sort()
        return candidates[rank]
      }
      var pick = generator.nextIndex(below: remaining)
      var pivot = 0.0
      for i in 0..<n {
        let width = upper[i] - lower[i]
        if pick < width {
          pivot = entry(i, lower[i] + pick)
          break
        }
        pick -= width
      }
      // Staircase counts over whole rows: entries grow with i, so the counts shrink with i;
      // walking rows from the last to the first, each column pointer only moves right.
      var lessColumn = 0
      var lessOrEqualColumn = 0
      var totalBelow = 0
      var totalAtOrBelow = 0
      for i in (0..<n).reversed() {
        while lessColumn < m && entry(i, lessColumn) < pivot { lessColumn += 1 }
        while lessOrEqualColumn < m && entry(i, lessOrEqualColumn) <= pivot {
          lessOrEqualColumn += 1
        }
        below[i] = lessColumn
        atOrBelow[i] = lessOrEqualColumn
        totalBelow += lessColumn
        totalAtOrBelow += lessOrEqualColumn
      }
      if k < totalBelow {
        for i in 0..<n { upper[i] = Swift.min(upper[i], below[i]) }
      } else if k >= totalAtOrBelow {
        for i in 0..<n { lower[i] = Swift.max(lower[i], atOrBelow[i]) }
      } else {
        return pivot
      }
    }
  }

  /// P(D ≥ h/lcm(n, m)) for samples of sizes n, m ≥ 1 under H₀, h ≥ 0.
  static func smirnovExceedance(_ n: Int, _ m: Int, _ h: Int) -> Double {
    if h == 0 { return 1 }
    let g = gcd(n, m)
    // Walk the longer side in the outer loop, keep one column over the shorter side.
    let (long, short) = n >= m ? (n, m) : (m, n)
    let longStep = short / g  // weight of a step along the long side: |i·short/g − j·long/g|
    let shortStep = long / g
    var column = [Double](repeating: 0, count: short + 1)
    for j in 0...short {
      column[j] = j * shortStep >= h ? 1 : (j == 0 ? 0 : column[j - 1])
    }
    for i in 1...long {
      for j in 0...short {
        if abs(i * longStep - j * shortStep) >= h {
          column[j] = 1
        } else if j > 0 {
          column[j] = (Double(i) * column[j] + Double(j) * column[j - 1]) / Double(i + j)
        }
        // j == 0 inside the band: P(i, 0) = P(i − 1, 0), already in column[0].
      }
    }
    return Swift.min(1, Swift.max(0, column[short]))
  }

  static func gcd(_ a: Int, _ b: Int) -> Int {
    var (a, b) = (a, b)
    while b != 0 { (a, b) = (b, a % b) }
    return a
  }
}
