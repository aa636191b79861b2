import Foundation
import Testing

@testable import AtlasStatistics

// Data and reference values of scipy_bootstrap_reference.py (SciPy 1.17.1, NumPy 2.4.6).
@Suite("Bootstrap")
struct BootstrapTests {
  static let sample = [
    256.7, 570.1, 196.6, 377.4, 424.3, 692.6, 406.3, 183.5, 446.1, 221.6, 116.5, 334.6, 32.0,
    169.9, 58.1, 467.1, 131.9, 416.2, 371.0, 212.0, 323.5, 528.9, 142.5, 42.1,
  ]
  static let other = [
    208.5, 769.3, 94.1, 212.7, 97.0, 368.4, 386.1, 107.5, 72.3, 259.6, 207.9, 400.4, 187.7,
    259.6, 183.4, 187.7,
  ]

  static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
  static func medianRatio(_ strata: [[Double]]) throws -> Double {
    try strata[0].median() / strata[1].median()
  }

  @Test("cross-implementation: BCa from fixed replicates vs SciPy _bca_interval (part A)")
  func fixedReplicates() throws {
    let meanReplicates = [
      326.38, 351.36, 291.35, 269.83, 275.55, 306.81, 244.43, 220.41, 243.57, 329.98, 270.53,
      333.14, 302.69, 254.81, 283.14, 294.67, 266.04, 288.7, 297.36, 369.78, 286.97, 347.16,
      264.57, 341.2, 331.22, 372.43, 285.95, 278.32, 307.0, 197.42, 275.21, 375.02, 270.73,
      287.82, 351.89, 277.16, 287.43, 239.67, 262.59, 304.46, 322.6,
    ]
    let meanResult = try Bootstrap.bcaInterval(
      sortedReplicates: meanReplicates.sorted(), estimate: Self.mean(Self.sample),
      jackknife: Bootstrap.jackknife([Self.sample]) { Self.mean($0[0]) }, confidenceLevel: 0.95)
    expectClose(meanResult.biasCorrection, 0.2156401040125817, "z0")
    expectClose(meanResult.acceleration, 0.011169994778127914, "a")
    expectClose(meanResult.interval.lower, 242.3862695273279, "lower")
    expectClose(meanResult.interval.upper, 374.270563014517, "upper")

    let ratioReplicates = [
      1.5456, 1.0693, 1.2347, 1.0066, 1.3676, 1.8796, 1.9528, 0.8857, 1.5782, 1.7235, 0.9243,
      0.9275, 1.6355, 1.3676, 1.2741, 1.0168, 1.6048, 1.0428, 1.697, 1.0628, 1.9995, 1.4265,
      1.4924, 0.8802, 1.2958, 1.5827, 1.6752, 1.9086, 1.3775, 1.0718, 1.6593, 1.2547, 1.494,
      1.6048, 1.908, 1.1356, 1.7836, 0.9813, 1.7836, 0.9212, 0.8651,
    ]
    let strata = [Self.sample, Self.other]
    let ratioResult = try Bootstrap.bcaInterval(
      sortedReplicates: ratioReplicates.sorted(), estimate: try Self.medianRatio(strata),
      jackknife: Bootstrap.jackknife(strata, statistic: Self.medianRatio), confidenceLevel: 0.95)
    expectClose(ratioResult.biasCorrection, 0.0305733998209063, "z0")
    // SciPy: 7.457945430161037e−17, i.e. 0 up to rounding (symmetric leave-one-out medians).
    expectClose(ratioResult.acceleration, 0, absolute: 1e-14, "a")
    expectClose(ratioResult.interval.lower, 0.8810347368589524, "lower")
    expectClose(ratioResult.interval.upper, 1.9590874094402642, "upper")

    // Ratio of means: two strata with a clearly non-zero acceleration, which checks the
    // per-stratum (n_s − 1) scaling of the jackknife terms.
    let meanRatio: ([[Double]]) -> Double = { Self.mean($0[0]) / Self.mean($0[1]) }
    let meanRatioResult = try Bootstrap.bcaInterval(
      sortedReplicates: ratioReplicates.sorted(), estimate: meanRatio(strata),
      jackknife: Bootstrap.jackknife(strata, statistic: meanRatio), confidenceLevel: 0.95)
    expectClose(meanRatioResult.biasCorrection, -0.4084724819741238, "z0")
    expectClose(meanRatioResult.acceleration, -0.04852425426023214, "a")
    expectClose(meanRatioResult.interval.lower, 0.8657158652743766, "lower")
    expectClose(meanRatioResult.interval.upper, 1.7824550924100524, "upper")
  }

  @Test("hand-derived: replicates equal to the estimate count one half in z0")
  func biasCorrectionTies() throws {
    // 2 replicates below 3 and 3 equal to it: share = (2 + 5) / (2·6) = 7/12.
    let result = try Bootstrap.bcaInterval(
      sortedReplicates: [1, 2, 3, 3, 3, 4], estimate: 3, jackknife: [[1, 2, 4]],
      confidenceLevel: 0.9)
    expectClose(result.biasCorrection, StandardNormal.quantile(7.0 / 12.0), relative: 1e-15)
    // U = 2·(7/3 − θᵢ) = 8/3, 2/3, −10/3; Σ U³/27 = −160/243, Σ U²/9 = 56/27;
    // a = (−160/243) / (6 · (56/27)^1.5) = −(5/63)·√(3/14).
    expectClose(result.acceleration, -(5.0 / 63) * (3.0 / 14).squareRoot(), relative: 1e-14)
  }

  @Test(
    "cross-implementation: seeded BCa vs SciPy bootstrap(method='BCa') within Monte Carlo error"
  )
  func scipyEndToEnd() throws {
    // SciPy, mean of 40 runs with B = 20000, and the sd of one run's endpoint. Tolerance
    // 5·sd·√(1 + 1/40): see scipy_bootstrap_reference.py.
    let factor = 5 * (1 + 1.0 / 40).squareRoot()
    let bootstrap = Bootstrap(seed: 20_240_601, resamples: 20000, method: .bca)
    let mean = try bootstrap.interval(for: Self.sample, statistic: Self.mean)
    expectClose(mean.estimate, 296.7291666666667, relative: 1e-14)
    expectClose(mean.interval.lower, 230.61624224450006, absolute: factor * 0.7320513895824526)
    expectClose(mean.interval.upper, 369.6786276211914, absolute: factor * 0.7359806242555575)
    #expect(mean.resamples == 20000 && mean.seed == 20_240_601 && mean.method == .bca)

    let ratio = try bootstrap.quantileRatio(0.5, area: Self.sample, rest: Self.other)
    expectClose(ratio.estimate, 1.3933717579250722, relative: 1e-14)
    expectClose(ratio.interval.lower, 0.8212299193567025, absolute: factor * 0.006609759181866543)
    expectClose(ratio.interval.upper, 2.181156870079051, absolute: factor * 0.016936672483542834)
    print("BCa end to end: mean \(mean.interval), median ratio \(ratio.interval)")
  }

  @Test("analytic: percentile CI of a symmetric sample's mean covers x̄ ± z·σ/√n")
  func analyticCoverage() throws {
    // Symmetric about 10, so the bootstrap distribution of the mean is symmetric too and only
    // Monte Carlo error separates its quantiles from the normal ones (kurtosis moves the 2.5 %
    // point by < 0.2 % here). MC sd of an endpoint ≈ √(0.025·0.975/B)/φ(1.96) · σ* = 0.019 σ*
    // for B = 20000; tolerance 0.1 σ* ≈ 5 sd.
    let half = [
      0.2441, 1.5144, 2.0236, 1.7781, 0.5749, 0.7035, 1.5794, 0.4212, 0.7462, 0.2971, 0.0166,
      0.2037, 0.7345, 0.3873, 0.3079, 0.093, 0.2217, 1.2849, 0.4862, 1.2064,
    ]
    let sample = half.map { 10 + $0 } + half.map { 10 - $0 }
    let n = Double(sample.count)
    let plugInSD = ((sample.reduce(0) { $0 + ($1 - 10) * ($1 - 10) }) / n).squareRoot()
    let standardError = plugInSD / n.squareRoot()
    let result = try Bootstrap(seed: 77, resamples: 20000, method: .percentile)
      .interval(for: sample, statistic: Self.mean)
    let z = 1.959963984540054
    expectClose(result.interval.lower, 10 - z * standardError, absolute: 0.1 * standardError)
    expectClose(result.interval.upper, 10 + z * standardError, absolute: 0.1 * standardError)
    expectClose(result.standardError, standardError, relative: 0.03)
    #expect(result.biasCorrection == nil && result.acceleration == nil)
  }

  @Test("stratified resampling never moves observations between strata")
  func strataStayApart() throws {
    let low = [1.0, 2, 3, 4, 5]
    let high = [100.0, 200, 300]
    let result = try Bootstrap(seed: 3, resamples: 500, method: .percentile)
      .interval(forStrata: [low, high]) { strata in
        strata[0].allSatisfy(low.contains) && strata[1].allSatisfy(high.contains)
          && strata[0].count == 5 && strata[1].count == 3 ? 1 : 0
      }
    #expect(result.interval.lower == 1 && result.interval.upper == 1)
  }

  @Test("determinism: same seed, same interval; another seed, another interval")
  func determinism() throws {
    let a = try Bootstrap(seed: 9, resamples: 999).interval(for: Self.sample, statistic: Self.mean)
    let b = try Bootstrap(seed: 9, resamples: 999).interval(for: Self.sample, statistic: Self.mean)
    let c = try Bootstrap(seed: 10, resamples: 999).interval(for: Self.sample, statistic: Self.mean)
    #expect(a == b)
    #expect(a.interval != c.interval)
  }

  @Test("edge cases: degenerate statistics and bad parameters throw")
  func edgeCases() throws {
    // Constant statistic: every jackknife value equal, acceleration 0/0.
    #expect(throws: StatisticsError.self) {
      try Bootstrap(seed: 1, resamples: 100).interval(for: Self.sample) { _ in 1 }
    }
    // Distinct-value count: every resample has fewer distinct values than the sample, so every
    // replicate lies below the estimate and z0 = −∞.
    expectError(
      .degenerate(
        reason: "BCa: every bootstrap replicate lies on one side of the estimate, so the bias "
          + "correction z0 is infinite; use the percentile method")
    ) {
      try Bootstrap(seed: 1, resamples: 200).interval(for: Array(1...30).map(Double.init)) {
        Double(Set($0).count)
      }
    }
    expectError(.degenerate(reason: "the statistic returned nan on a resample")) {
      try Bootstrap(seed: 1, resamples: 10, method: .percentile).interval(for: [1, 2]) { _ in .nan }
    }
    expectError(.tooFewElements(argument: "strata[1]", minimum: 2, actual: 1)) {
      try Bootstrap(seed: 1).interval(forStrata: [[1, 2], [3]]) { $0[0][0] }
    }
    expectError(.parameterOutOfDomain(name: "resamples", value: 1, domain: "at least 2")) {
      try Bootstrap(seed: 1, resamples: 1).interval(for: [1, 2]) { $0[0] }
    }
    expectError(.parameterOutOfDomain(name: "confidenceLevel", value: 1.5, domain: "(0, 1)")) {
      try Bootstrap(seed: 1, confidenceLevel: 1.5).interval(for: [1, 2]) { $0[0] }
    }
    expectError(.notPositive(argument: "rest", index: 1)) {
      try Bootstrap(seed: 1).quantileRatio(0.9, area: [1, 2], rest: [3, 0])
    }
    expectError(.tooFewElements(argument: "sample", minimum: 1, actual: 0)) {
      try Bootstrap(seed: 1).interval(for: []) { $0.count > 0 ? $0[0] : 0 }
    }
  }
}
