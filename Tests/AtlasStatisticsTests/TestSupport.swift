import Foundation
import Testing

@testable import AtlasStatistics

// Shared helpers: approximate comparison, seeded loops that print their seed, and the
// brute-force oracles that fast code is checked against.

/// |actual − expected| ≤ max(relative · |expected|, absolute).
func isClose(
  _ actual: Double, _ expected: Double, relative: Double = 1e-9, absolute: Double = 0
) -> Bool {
  if actual == expected { return true }
  return abs(actual - expected) <= max(relative * abs(expected), absolute)
}

func expectClose(
  _ actual: Double?, _ expected: Double, relative: Double = 1e-9, absolute: Double = 0,
  _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let actual else {
    Issue.record("\(what): got nil, expected \(expected)", sourceLocation: sourceLocation)
    return
  }
  #expect(
    isClose(actual, expected, relative: relative, absolute: absolute),
    "\(what): got \(actual), expected \(expected)", sourceLocation: sourceLocation)
}

func expectClose(
  _ actual: [Double], _ expected: [Double], relative: Double = 1e-9, absolute: Double = 0,
  _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual.count == expected.count, "\(what): lengths", sourceLocation: sourceLocation)
  for (index, (a, e)) in zip(actual, expected).enumerated() {
    expectClose(
      a, e, relative: relative, absolute: absolute, "\(what)[\(index)]",
      sourceLocation: sourceLocation)
  }
}

/// Expects `body` to throw exactly `expected`.
func expectError<T>(
  _ expected: StatisticsError, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> T
) {
  do {
    let value = try body()
    Issue.record("expected \(expected), got \(value)", sourceLocation: sourceLocation)
  } catch let error as StatisticsError {
    #expect(error == expected, sourceLocation: sourceLocation)
  } catch {
    Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
  }
}

/// The seed of the randomised property tests: fixed so that runs are reproducible, printed so
/// that a failure can be replayed, and overridable with ATLAS_STATISTICS_SEED to explore.
func propertySeed(_ test: String, default value: UInt64) -> UInt64 {
  let seed =
    ProcessInfo.processInfo.environment["ATLAS_STATISTICS_SEED"].flatMap { UInt64($0) } ?? value
  print("\(test): seed \(seed) (set ATLAS_STATISTICS_SEED to change)")
  return seed
}

extension SeededGenerator {
  /// n values uniform in [low, high), rounded to `step` so that ties occur.
  mutating func values(_ n: Int, in range: Range<Double>, step: Double) -> [Double] {
    (0..<n).map { _ in
      let raw = range.lowerBound + nextUnitInterval() * (range.upperBound - range.lowerBound)
      return (raw / step).rounded() * step
    }
  }
}

// MARK: Oracles

enum Oracle {
  /// G = Σᵢ Σⱼ wᵢ wⱼ |yᵢ − yⱼ| / (2 W² μ), straight from the definition: O(n²).
  static func gini(_ values: [Double], weights: [Double]) -> Double {
    let total = weights.reduce(0, +)
    let mean = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / total
    var sum = 0.0
    for i in values.indices {
      for j in values.indices {
        sum += weights[i] * weights[j] * abs(values[i] - values[j])
      }
    }
    return sum / (2 * total * total * mean)
  }

  /// The median of all n·m differences xᵢ − yⱼ, by forming and sorting them: O(nm log nm).
  static func hodgesLehmann(_ x: [Double], _ y: [Double]) -> Double {
    let differences = x.flatMap { xi in y.map { xi - $0 } }.sorted()
    let count = differences.count
    if count % 2 == 1 { return differences[count / 2] }
    return (differences[count / 2 - 1] + differences[count / 2]) / 2
  }

  /// Each value repeated as many times as its integer weight.
  static func replicate(_ values: [Double], _ weights: [Int]) -> [Double] {
    zip(values, weights).flatMap { Array(repeating: $0, count: $1) }
  }

  static func replicate<T>(_ labels: [T], _ weights: [Int]) -> [T] {
    zip(labels, weights).flatMap { Array(repeating: $0, count: $1) }
  }
}
