import Foundation
import Testing

@testable import AtlasStatistics

@Suite("Bootstrap resampling without building the resample")
struct BootstrapResampleTests {
  /// The exact bootstrap distribution of the type 7 p-quantile of `sample`: every one of the
  /// nⁿ equally likely resamples enumerated (brute-force oracle).
  static func exactDistribution(_ sample: [Double], _ p: Double) -> [Double: Double] {
    let n = sample.count
    var distribution: [Double: Double] = [:]
    var digits = Array(repeating: 0, count: n)
    let total = Int(pow(Double(n), Double(n)))
    for _ in 0..<total {
      let q = Quantile.ofSorted(digits.map { sample[$0] }.sorted(), p, method: .hyndmanFan7)
      distribution[q, default: 0] += 1 / Double(total)
      var i = 0
      while i < n {
        digits[i] += 1
        if digits[i] < n { break }
        digits[i] = 0
        i += 1
      }
    }
    return distribution
  }

  /// Every atom of `exact` within 5 Monte Carlo standard deviations of its frequency in
  /// `draws`, and no draw outside the support.
  static func expectMatches(_ draws: [Double], _ exact: [Double: Double], _ what: String) {
    var counts: [Double: Int] = [:]
    for x in draws { counts[x, default: 0] += 1 }
    #expect(Set(counts.keys).isSubset(of: Set(exact.keys)), "\(what): a draw outside the bootstrap support")
    let n = Double(draws.count)
    for (value, probability) in exact {
      let observed = Double(counts[value] ?? 0) / n
      let sd = (probability * (1 - probability) / n).squareRoot()
      #expect(abs(observed - probability) <= 5 * sd + 1e-12, "\(what): P(\(value)) = \(probability), drawn \(observed)")
    }
  }

  @Test("brute force: resampled p50 and p90 follow the exact bootstrap distribution (all 6⁶ resamples)")
  func quantileMatchesEnumeration() {
    let sample = [3.0, 7, 8, 12, 20, 41]
    for p in [0.5, 0.9, 0.25] {
      let exact = Self.exactDistribution(sample, p)
      var generator = SeededGenerator(seed: 11)
      let draws = (0..<60_000).map { _ in BootstrapResample.quantile(ofSorted: sample, p, using: &generator) }
      // Both sides interpolate with Quantile.ofSorted's arithmetic: the same bits.
      Self.expectMatches(draws, exact, "p = \(p)")
    }
  }

  @Test("brute force: a sample with ties and a sample of one")
  func quantileTiesAndOne() {
    let tied = [5.0, 5, 5, 9, 9]
    let exact = Self.exactDistribution(tied, 0.9)
    var generator = SeededGenerator(seed: 12)
    Self.expectMatches((0..<40_000).map { _ in BootstrapResample.quantile(ofSorted: tied, 0.9, using: &generator) }, exact, "ties")
    #expect(BootstrapResample.quantile(ofSorted: [42], 0.9, using: &generator) == 42)
  }

  @Test("analytic: the resampled median of 2,001 values has the binomial order-statistic distribution")
  func largeSample() {
    // The resampled median of x = 0, 1, …, 2000 is ⌊n·U₍₁₀₀₁₎⌋, U₍₁₀₀₁₎ ~ Beta(1001, 1001):
    // mean n·1/2 − 1/2 (the floor) = 1000, variance n²·1/(4(n + 2)) ≈ n/4, sd ≈ 22.4.
    let sample = (0..<2001).map(Double.init)
    var generator = SeededGenerator(seed: 13)
    let draws = (0..<20_000).map { _ in BootstrapResample.quantile(ofSorted: sample, 0.5, using: &generator) }
    let mean = draws.reduce(0, +) / Double(draws.count)
    // The mean of 20,000 draws has sd 0.16; the sd estimate has sd about 0.11.
    #expect(abs(mean - 1000) < 0.8, "mean \(mean)")
    let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)
    #expect(abs(variance.squareRoot() - (2001.0 / 4).squareRoot()) < 1.0, "sd \(variance.squareRoot())")
  }

  @Test("exact: binomial draws match the binomial probabilities (n = 40 takes the beta recursion)")
  func binomial() {
    for (n, p) in [(40, 0.3), (12, 0.5), (200, 0.02)] {
      var generator = SeededGenerator(seed: UInt64(n))
      let draws = (0..<50_000).map { _ in Double(generator.nextBinomial(trials: n, probability: p)) }
      var exact: [Double: Double] = [:]
      var logChoose = 0.0
      for k in 0...n {
        if k > 0 { logChoose += log(Double(n - k + 1)) - log(Double(k)) }
        let probability = exp(logChoose + Double(k) * log(p) + Double(n - k) * log1p(-p))
        if probability > 1e-12 { exact[Double(k)] = probability }
      }
      // Atoms below 1e-12 are never drawn in 50,000 tries (expected 5e-8 draws).
      Self.expectMatches(draws, exact, "Bin(\(n), \(p))")
    }
    var generator = SeededGenerator(seed: 1)
    #expect(generator.nextBinomial(trials: 0, probability: 0.4) == 0)
    #expect(generator.nextBinomial(trials: 1000, probability: 0) == 0)
    #expect(generator.nextBinomial(trials: 1000, probability: 1) == 1000)
    #expect(BootstrapResample.successes(0, of: 30, using: &generator) == 0)
    #expect(BootstrapResample.successes(30, of: 30, using: &generator) == 30)
  }

  @Test("invariants: multinomial counts keep the total, empty categories stay empty, means follow the shares")
  func counts() {
    let observed = [500, 0, 1500, 3000, 5000]
    var generator = SeededGenerator(seed: 5)
    var sums = Array(repeating: 0.0, count: observed.count)
    let runs = 4000
    for _ in 0..<runs {
      let drawn = BootstrapResample.counts(observed, using: &generator)
      #expect(drawn.reduce(0, +) == 10_000)
      #expect(drawn[1] == 0)
      for (i, c) in drawn.enumerated() { sums[i] += Double(c) }
    }
    for (i, c) in observed.enumerated() where c > 0 {
      // Var = N·π(1 − π); the mean of 4,000 draws is within 5 sd of the count.
      let sd = (Double(c) * (1 - Double(c) / 10_000) / Double(runs)).squareRoot()
      #expect(abs(sums[i] / Double(runs) - Double(c)) <= 5 * sd, "category \(i)")
    }
  }

  @Test("same draws: percentileIntervals with the stratified draws equals interval(forStrata:) percentile")
  func percentileIntervalsMatchBootstrap() throws {
    let sample = [256.7, 570.1, 196.6, 377.4, 424.3, 692.6, 406.3, 183.5, 446.1, 221.6, 116.5, 334.6]
    let mean = { (x: [Double]) in x.reduce(0, +) / Double(x.count) }
    let bootstrap = Bootstrap(seed: 21, resamples: 2000, method: .percentile)
    let reference = try bootstrap.interval(for: sample, statistic: mean)
    var buffer = sample
    let intervals = try bootstrap.percentileIntervals(estimates: [mean(sample), mean(sample) * 2]) { generator in
      for i in buffer.indices { buffer[i] = sample[generator.nextIndex(below: sample.count)] }
      return [mean(buffer), mean(buffer) * 2]
    }
    #expect(intervals[0] == reference.interval)
    #expect(intervals[1]?.lower == reference.interval.lower * 2 && intervals[1]?.upper == reference.interval.upper * 2)
  }

  @Test("hand-derived: replicates 1…41 give [2, 40]; a statistic undefined once gets no interval")
  func percentileIntervalsHand() throws {
    var k = 0.0
    let intervals = try Bootstrap(seed: 1, resamples: 41, method: .percentile).percentileIntervals(estimates: [21, 1, .nan]) { _ in
      k += 1
      return [k, k == 7 ? .infinity : 1, k]
    }
    // Type 7: h = 40 · 0.025 = 1 → the 2nd value; h = 40 · 0.975 = 39 → the 40th (α/2 is
    // 0.025 + 2e−17 in binary, so the lower bound is 2 up to rounding).
    expectClose(intervals[0]?.lower, 2, relative: 1e-14, "lower")
    expectClose(intervals[0]?.upper, 40, relative: 1e-14, "upper")
    #expect(intervals[1] == nil)
    #expect(intervals[2] == nil)
    #expect(throws: StatisticsError.self) {
      try Bootstrap(seed: 1, resamples: 10, method: .bca).percentileIntervals(estimates: [1]) { _ in [1] }
    }
    #expect(throws: StatisticsError.self) {
      try Bootstrap(seed: 1, resamples: 1, method: .percentile).percentileIntervals(estimates: [1]) { _ in [1] }
    }
    #expect(throws: StatisticsError.self) {
      try Bootstrap(seed: 1, resamples: 10, method: .percentile).percentileIntervals(estimates: [1]) { _ in [1, 2] }
    }
  }
}
