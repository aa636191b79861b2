import Foundation
import Testing

@testable import AtlasStatistics

@Suite("Rates")
struct RatesTests {
  @Test(
    "cross-implementation: statsmodels 0.15.0 confint_poisson_2indep, wald-log and wald"
  )
  func statsmodels() throws {
    let cases:
      [(
        a: Double, n1: Double, b: Double, n0: Double, level: Double, ratio: Double,
        ratioCI: (Double, Double), difference: Double, differenceCI: (Double, Double)
      )] = [
        (
          37, 12000, 410, 260000, 0.95, 1.9552845528455285,
          (1.3966752911086984, 2.7373131800459385),
          0.0015064102564102564, (0.000501253407334026, 0.002511567105486487)
        ),
        (
          5, 800, 1200, 2_700_000, 0.95, 14.0625, (5.8425359989904795, 33.84727219210451),
          0.005805555555555556, (0.0003272319638376129, 0.011283879147273499)
        ),
        (
          120, 45000, 95, 51000, 0.90, 1.431578947368421, (1.1421238158838225, 1.7943923890270617),
          0.0008039215686274509, (0.00029485684843061247, 0.0013129862888242893)
        ),
      ]
    for c in cases {
      let result = try Rates.compare(
        areaEvents: c.a, areaExposure: c.n1, restEvents: c.b, restExposure: c.n0,
        confidenceLevel: c.level)
      expectClose(result.ratio, c.ratio, "ratio \(c.a)")
      expectClose(result.ratioInterval?.lower, c.ratioCI.0, "ratio lower \(c.a)")
      expectClose(result.ratioInterval?.upper, c.ratioCI.1, "ratio upper \(c.a)")
      expectClose(result.difference, c.difference, "difference \(c.a)")
      expectClose(result.differenceInterval.lower, c.differenceCI.0, "difference lower \(c.a)")
      expectClose(result.differenceInterval.upper, c.differenceCI.1, "difference upper \(c.a)")
      #expect(result.differenceInterval.level == c.level)
    }
  }

  @Test("hand-derived: 20 of 1000 vs 20 of 1000 gives RR 1 with CI exp(±1.96·√0.1)")
  func handDerived() throws {
    let result = try Rates.compare(
      areaEvents: 20, areaExposure: 1000, restEvents: 20, restExposure: 1000)
    #expect(result.ratio == 1)
    let half = 1.959963984540054 * 0.1.squareRoot()
    expectClose(result.ratioInterval?.lower, exp(-half), relative: 1e-14)
    expectClose(result.ratioInterval?.upper, exp(half), relative: 1e-14)
    // SE(RD) = √(20/10⁶ + 20/10⁶).
    expectClose(
      result.differenceInterval.upper, 1.959963984540054 * 40e-6.squareRoot(), relative: 1e-14)
  }

  @Test("edge cases: zero counts are data; bad exposures and levels throw")
  func zeroCounts() throws {
    let noAreaEvents = try Rates.compare(
      areaEvents: 0, areaExposure: 500, restEvents: 40, restExposure: 10000)
    #expect(noAreaEvents.ratio == 0)
    #expect(noAreaEvents.ratioInterval == nil)
    // RD = 0 − 40/10000; SE = √(0 + 40/10000²).
    expectClose(
      noAreaEvents.differenceInterval.upper,
      -0.004 + 1.959963984540054 * 40.0.squareRoot() / 10000, relative: 1e-12)

    let noRestEvents = try Rates.compare(
      areaEvents: 3, areaExposure: 500, restEvents: 0, restExposure: 10000)
    #expect(noRestEvents.ratio == nil)
    #expect(noRestEvents.ratioInterval == nil)

    let none = try Rates.compare(areaEvents: 0, areaExposure: 5, restEvents: 0, restExposure: 5)
    #expect(none.differenceInterval == ConfidenceInterval(lower: 0, upper: 0, level: 0.95))

    expectError(.notPositive(argument: "areaExposure", index: 0)) {
      try Rates.compare(areaEvents: 1, areaExposure: 0, restEvents: 1, restExposure: 5)
    }
    expectError(.negative(argument: "restEvents", index: 0)) {
      try Rates.compare(areaEvents: 1, areaExposure: 1, restEvents: -1, restExposure: 5)
    }
    expectError(.parameterOutOfDomain(name: "confidenceLevel", value: 1, domain: "(0, 1)")) {
      try Rates.compare(
        areaEvents: 1, areaExposure: 1, restEvents: 1, restExposure: 5, confidenceLevel: 1)
    }
  }
}
