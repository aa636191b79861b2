import Testing

@testable import AtlasStatistics

// Data and reference values of scipy_two_sample_reference.py (SciPy 1.17.1, NumPy 2.4.6):
// mannwhitneyu(method="asymptotic"), ks_2samp (exact for these sizes), and numpy.median of
// all pairwise differences for Hodges–Lehmann.
@Suite("Two-sample comparisons")
struct TwoSampleTests {
  struct Case {
    let name: String
    let x: [Double]
    let y: [Double]
    let u, pMannWhitney, superiority, delta, d, pKolmogorovSmirnov, hodgesLehmann: Double
  }

  static let rest = [
    67.5, 123.2, 377.4, 118.0, 161.7, 81.5, 142.8, 239.5, 474.7, 118.4, 449.0, 234.6, 222.7,
    374.5, 377.6, 323.2, 497.5, 268.0, 238.6, 460.8, 129.0, 66.5, 215.7, 748.2, 257.4, 438.5,
    221.2, 468.7, 368.8, 108.9, 23.5, 495.4, 470.8, 232.0, 252.4,
  ]

  static let cases = [
    Case(
      name: "tied",
      x: [
        208.5, 769.3, 94.1, 212.7, 97.0, 368.4, 386.1, 107.5, 72.3, 259.6, 207.9, 400.4, 187.7,
        259.6, 183.4, 187.7,
      ],
      y: [
        67.5, 123.2, 377.4, 118.0, 161.7, 81.5, 142.8, 239.5, 474.7, 118.4, 449.0, 234.6, 222.7,
        374.5, 187.7, 259.6, 268.0, 238.6, 460.8, 129.0, 66.5,
      ],
      u: 171.0, pMannWhitney: 0.9388790827981247, superiority: 0.5089285714285714,
      delta: 0.017857142857142794, d: 0.17857142857142858, pKolmogorovSmirnov: 0.876506766175025,
      hodgesLehmann: 5.299999999999997),
    Case(
      name: "equal",
      x: [
        -0.282, -0.047, 0.612, 0.792, -0.743, 0.826, -0.778, -0.169, 0.37, -0.023, -0.127, 0.269,
        -0.553, -0.653, -0.204, 0.961, -0.102, 1.905, 0.214, -2.974, -0.44, 1.665, 0.006, -0.438,
        -0.874,
      ],
      y: [
        1.724, 1.403, 1.072, 0.828, 1.841, 1.221, -0.83, 1.168, 0.57, 0.29, 1.163, 0.428, -2.534,
        1.957, 1.438, 0.277, 0.028, 0.627, -0.884, 0.706, 0.17, 0.047, -0.523, -0.279, 1.506,
      ],
      u: 188.0, pMannWhitney: 0.016130322106759073, superiority: 0.3008, delta: -0.3984, d: 0.44,
      pKolmogorovSmirnov: 0.014838084605848645, hodgesLehmann: -0.6459999999999999),
    Case(
      name: "separated",
      x: [
        1208.5, 1769.3, 1094.1, 1212.7, 1097.0, 1368.4, 1386.1, 1107.5, 1072.3, 1259.6, 1207.9,
        1400.4, 1707.3, 1319.4, 1497.4, 1257.3, 1108.4, 1356.3, 1547.2, 1187.7, 1545.1, 1490.1,
        1200.1, 1187.7, 1275.6, 1916.5, 1266.7, 1167.2, 1322.6, 1125.2,
      ],
      y: rest,
      u: 1050.0, pMannWhitney: 5.127951705667564e-12, superiority: 1.0, delta: 1.0, d: 1.0,
      pKolmogorovSmirnov: 6.646491672616785e-19, hodgesLehmann: 1023.8),
    Case(
      name: "overlap",
      x: [
        659.4, 311.2, 482.3, 96.4, 55.6, 401.4, 105.3, 524.4, 662.2, 801.6, 368.4, 387.1, 976.4,
        288.6, 193.8, 300.5, 321.0, 121.6, 594.0, 226.1, 204.9, 79.0, 318.3, 480.1, 353.6, 290.6,
        336.0, 541.3, 308.6, 212.4,
      ],
      y: rest,
      u: 635.0, pMannWhitney: 0.14960892049635222, superiority: 0.6047619047619047,
      delta: 0.20952380952380945, d: 0.3, pKolmogorovSmirnov: 0.08733522386827729,
      hodgesLehmann: 75.15),
    Case(
      name: "constant", x: [5, 5, 5], y: [5, 5], u: 3.0, pMannWhitney: 1.0, superiority: 0.5,
      delta: 0.0, d: 0.0, pKolmogorovSmirnov: 1.0, hodgesLehmann: 0.0),
  ]

  @Test(
    "cross-implementation: SciPy mannwhitneyu / ks_2samp and NumPy pairwise median",
    arguments: cases)
  func scipy(_ c: Case) throws {
    let comparison = try TwoSampleComparison(c.x, versus: c.y)
    let mw = comparison.mannWhitney
    #expect(mw.u == c.u, "\(c.name) U")
    expectClose(mw.pValue, c.pMannWhitney, "\(c.name) Mann–Whitney p")
    expectClose(comparison.probabilityOfSuperiority, c.superiority, "\(c.name) PS")
    // SciPy's δ was formed as 2·PS − 1 in floating point: 1e−14 absolute covers its rounding.
    expectClose(comparison.cliffsDelta, c.delta, absolute: 1e-14, "\(c.name) δ")
    let ks = comparison.kolmogorovSmirnov()
    expectClose(ks.statistic, c.d, "\(c.name) D")
    expectClose(ks.pValue, c.pKolmogorovSmirnov, "\(c.name) KS p")
    expectClose(comparison.hodgesLehmannShift(), c.hodgesLehmann, relative: 1e-12, "\(c.name) HL")
  }

  @Test("property: selection-based Hodges–Lehmann equals the sort-everything oracle")
  func hodgesLehmannOracle() throws {
    var generator = SeededGenerator(
      seed: propertySeed("Hodges–Lehmann vs brute force", default: 1963))
    for trial in 0..<150 {
      let n = 1 + generator.nextIndex(below: 70)
      let m = 1 + generator.nextIndex(below: 70)
      // Coarse steps in half the trials make many tied differences.
      let step = trial % 2 == 0 ? 10.0 : 0.001
      let x = generator.values(n, in: 0..<600, step: step)
      let y = generator.values(m, in: 100..<700, step: step)
      let comparison = try TwoSampleComparison(x, versus: y)
      #expect(
        comparison.hodgesLehmannShift() == Oracle.hodgesLehmann(x, y),
        "trial \(trial): n \(n), m \(m)")
    }
  }

  @Test("property: swapping samples mirrors U, δ and the shift; D and both p-values stay")
  func symmetry() throws {
    var generator = SeededGenerator(seed: propertySeed("two-sample symmetry", default: 1947))
    for trial in 0..<40 {
      let x = generator.values(1 + generator.nextIndex(below: 40), in: 0..<100, step: 1)
      let y = generator.values(1 + generator.nextIndex(below: 40), in: 20..<120, step: 1)
      let forward = try TwoSampleComparison(x, versus: y)
      let backward = try TwoSampleComparison(y, versus: x)
      #expect(forward.u + backward.u == Double(x.count * y.count), "trial \(trial)")
      #expect(forward.cliffsDelta == -backward.cliffsDelta)
      #expect(forward.hodgesLehmannShift() == -backward.hodgesLehmannShift())
      #expect(forward.mannWhitney.pValue == backward.mannWhitney.pValue)
      #expect(forward.kolmogorovSmirnov() == backward.kolmogorovSmirnov())
    }
  }

  @Test("hand-derived: exact KS p for n = m = 3, D = 1 is 2/C(6,3) = 0.1; large samples get no p")
  func kolmogorovSmirnovHand() throws {
    let ks = try TwoSampleComparison([1, 2, 3], versus: [4, 5, 6]).kolmogorovSmirnov()
    #expect(ks.statistic == 1)
    expectClose(ks.pValue, 0.1, relative: 1e-15)
    let big = (0..<10_001).map(Double.init)
    let beyond = try TwoSampleComparison(big, versus: [0.5, 3.5]).kolmogorovSmirnov()
    #expect(beyond.pValue == nil)
    expectClose(beyond.statistic, 1 - 4.0 / 10_001, relative: 1e-12)
  }

  @Test("edge cases: empty or non-finite samples throw")
  func edgeCases() {
    expectError(.tooFewElements(argument: "y", minimum: 1, actual: 0)) {
      try TwoSampleComparison([1], versus: [])
    }
    expectError(.notFinite(argument: "x", index: 1)) {
      try TwoSampleComparison([1, .infinity], versus: [2])
    }
  }
}
