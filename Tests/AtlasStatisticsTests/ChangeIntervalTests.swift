import Foundation
import Testing

@testable import AtlasStatistics

@Suite("ChangeInterval: Wilson, Newcombe and MOVER")
struct ChangeIntervalTests {
  @Test("cross-implementation: statsmodels 0.15.0 proportion_confint(method=wilson) (Tests/reference/change/newcombe.py)")
  func wilson() throws {
    let cases: [(x: Double, n: Double, low: Double, high: Double)] = [
      (81, 263, 0.2552885198782742, 0.36620957698280004),  // also Newcombe (1998a) Table I: 0.2553–0.3662
      (15, 148, 0.06238639953073628, 0.16048724172330803),
      (0, 20, 0.0, 0.1611251580528194),
      (1, 29, 0.006113214292762667, 0.17175521879320294),
    ]
    for c in cases {
      let ci = try ChangeInterval.wilson(successes: c.x, trials: c.n)
      expectClose(ci.lower, c.low, relative: 1e-9, absolute: 1e-12, "\(c.x)/\(c.n) lower")
      expectClose(ci.upper, c.high, relative: 1e-9, "\(c.x)/\(c.n) upper")
    }
  }

  @Test(
    "cross-implementation: statsmodels 0.15.0 confint_proportions_2indep(method=newcomb); published: Newcombe (1998) 56/70 − 48/80 → 0.0524, 0.3339")
  func newcombe() throws {
    let cases: [(after: (Double, Double), before: (Double, Double), low: Double, high: Double)] = [
      ((56, 70), (48, 80), 0.05243147240236498, 0.33387265403690614),
      ((9, 10), (3, 10), 0.1705227239345029, 0.809017973535488),
      ((6, 7), (2, 7), 0.05822792748231209, 0.8062496375242278),
      ((5, 56), (0, 29), -0.038137147903536936, 0.19256001385511165),
      ((350, 900), (520, 910), -0.2271587991617831, -0.13682925296329312),
    ]
    for c in cases {
      let ci = try ChangeInterval.newcombe(before: c.before, after: c.after)
      expectClose(ci.lower, c.low, relative: 1e-9, "\(c.after) − \(c.before) lower")
      expectClose(ci.upper, c.high, relative: 1e-9, "\(c.after) − \(c.before) upper")
    }
  }

  @Test("hand-derived MOVER: before 10 (8, 13), after 15 (12, 19) → 5 − √(3² + 3²), 5 + √(4² + 2²)")
  func moverHand() throws {
    let ci = try ChangeInterval.mover(
      before: 10, ConfidenceInterval(lower: 8, upper: 13, level: 0.95), after: 15, ConfidenceInterval(lower: 12, upper: 19, level: 0.95))
    expectClose(ci.lower, 5 - 18.0.squareRoot(), "lower")
    expectClose(ci.upper, 5 + 20.0.squareRoot(), "upper")
    #expect(ci.level == 0.95)
  }

  @Test("invariant: symmetric Wald intervals give the Wald interval of the difference, θ₂ − θ₁ ± z·√(se₁² + se₂²)")
  func moverWald() throws {
    let z = 1.959963984540054
    let ci = try ChangeInterval.mover(
      before: 3, ConfidenceInterval(lower: 3 - z * 0.4, upper: 3 + z * 0.4, level: 0.95), after: 2,
      ConfidenceInterval(lower: 2 - z * 0.3, upper: 2 + z * 0.3, level: 0.95))
    expectClose(ci.lower, -1 - z * 0.5, "lower")
    expectClose(ci.upper, -1 + z * 0.5, "upper")
  }

  @Test("edge cases: x = n gives upper limit exactly 1 (contains p̂ = 1), x = 0 lower exactly 0; n/n − n/n is symmetric about 0")
  func extremes() throws {
    for n in [1.0, 7, 13, 331, 2_749] {
      #expect(try ChangeInterval.wilson(successes: n, trials: n).upper == 1)
      #expect(try ChangeInterval.wilson(successes: 0, trials: n).lower == 0)
      let ci = try ChangeInterval.newcombe(before: (n, n), after: (n, n))
      #expect(ci.lower < 0 && ci.upper == -ci.lower)
    }
  }

  @Test("edge cases: an interval must contain its estimate; successes ≤ trials; trials > 0")
  func edges() {
    #expect(throws: StatisticsError.self) {
      try ChangeInterval.mover(
        before: 1, ConfidenceInterval(lower: 2, upper: 3, level: 0.95), after: 1, ConfidenceInterval(lower: 0, upper: 2, level: 0.95))
    }
    #expect(throws: StatisticsError.self) { try ChangeInterval.wilson(successes: 5, trials: 4) }
    #expect(throws: StatisticsError.self) { try ChangeInterval.wilson(successes: 0, trials: 0) }
  }

  /// Coverage: with 200 trials per side and p = 0.3 unchanged, the Newcombe interval should
  /// exclude 0 about 5% of the time (Newcombe 1998 reports coverage near 0.95). 4,000 seeded
  /// draws: the standard error of the rate is √(0.05·0.95/4000) ≈ 0.0034; 0.03…0.07 is ±6 SE.
  @Test("seeded coverage: unchanged p = 0.3, n = 200 each: flagged in 3–7% of 4,000 draws")
  func falseFlagRate() throws {
    var generator = SeededGenerator(seed: 0xC0FFEE)
    var flagged = 0
    let draws = 4_000
    for _ in 0..<draws {
      var x1 = 0.0
      var x2 = 0.0
      for _ in 0..<200 {
        if Double(generator.next() >> 11) * 0x1.0p-53 < 0.3 { x1 += 1 }
        if Double(generator.next() >> 11) * 0x1.0p-53 < 0.3 { x2 += 1 }
      }
      let ci = try ChangeInterval.newcombe(before: (x1, 200), after: (x2, 200))
      if ci.lower > 0 || ci.upper < 0 { flagged += 1 }
    }
    let rate = Double(flagged) / Double(draws)
    #expect((0.03...0.07).contains(rate), "seed 0xC0FFEE: flagged \(rate)")
  }
}
