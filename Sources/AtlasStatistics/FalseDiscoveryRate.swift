/// False discovery rate control for a family of tests.
public enum FalseDiscoveryRate {
  /// Benjamini–Hochberg adjusted p-values (q-values) of m tests, in the input order.
  ///
  ///     with p₍₁₎ ≤ … ≤ p₍ₘ₎ sorted:  q₍ᵢ₎ = min_{j ≥ i} min(1, m · p₍ⱼ₎ / j)
  ///
  /// Rejecting every test with q < α controls the expected share of false discoveries among
  /// the rejections at α for independent or positively dependent tests (PRDS). Ties get the
  /// same q. This is statsmodels' `multipletests(method="fdr_bh")` and R's
  /// `p.adjust(method = "BH")`.
  ///
  /// Edge-case policy: an empty family gives an empty result; a p-value that is NaN or outside
  /// [0, 1] throws (`.notFinite`, `.parameterOutOfDomain`).
  ///
  /// - Complexity: O(m log m).
  ///
  /// Reference: Y. Benjamini & Y. Hochberg (1995), "Controlling the false discovery rate: a
  /// practical and powerful approach to multiple testing", JRSS B 57(1):289–300; Y. Benjamini &
  /// D. Yekutieli (2001), Annals of Statistics 29(4):1165–1188 (PRDS).
  public static func benjaminiHochberg(_ pValues: [Double]) throws -> [Double] {
    for (i, p) in pValues.enumerated() {
      guard p.isFinite else { throw StatisticsError.notFinite(argument: "pValues", index: i) }
      guard p >= 0, p <= 1 else { throw StatisticsError.parameterOutOfDomain(name: "pValues[\(i)]", value: p, domain: "[0, 1]") }
    }
    let m = pValues.count
    let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
    var q = Array(repeating: 1.0, count: m)
    var running = 1.0
    for rank in stride(from: m, through: 1, by: -1) {
      let i = order[rank - 1]
      running = Swift.min(running, Double(m) * pValues[i] / Double(rank))
      q[i] = running
    }
    return q
  }
}
