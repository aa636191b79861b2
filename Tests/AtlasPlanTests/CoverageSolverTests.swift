import Foundation
import Testing

@testable import AtlasPlan

/// Brute force: the best value of any `budget` sites (exhaustive over subsets).
func bruteForceOptimum(_ problem: CoverageProblem, budget: Int) -> Double {
  let n = problem.sites.count
  var best = 0.0
  var chosen: [Int] = []
  func visit(_ start: Int) {
    best = max(best, problem.value(of: chosen))
    guard chosen.count < budget else { return }
    for s in start..<n {
      chosen.append(s)
      visit(s + 1)
      chosen.removeLast()
    }
  }
  visit(0)
  return best
}

/// Coverage lists by distance ≤ radius, as the planner tests a cell against a site.
func coverage(demand: [(Double, Double)], sites: [(Double, Double)], radius: Double) -> [[Int32]] {
  sites.map { s in
    demand.indices.filter { d in
      let dx = demand[d].0 - s.0
      let dy = demand[d].1 - s.1
      return dx * dx + dy * dy <= radius * radius
    }.map { Int32($0) }
  }
}

@Suite("Coverage solver")
struct CoverageSolverTests {
  @Test("hand case where greedy is not optimal: value 5, optimum 6, bound 6 (gap 1/6)")
  func greedyTrap() {
    // A covers four points of weight 1; B and C three each, together all six.
    let problem = CoverageProblem(weights: [1, 1, 1, 1, 1, 1], sites: [[1, 2, 4, 5], [0, 1, 2], [3, 4, 5]])
    let solution = problem.solve(budget: 2)
    #expect(solution.sites == [0, 1])  // A, then B (ties with C, lower index)
    #expect(solution.gains == [4, 1])
    #expect(solution.value == 5)
    #expect(bruteForceOptimum(problem, budget: 2) == 6)
    // Online bound after A: 4 + (1 + 1) = 6; the guarantee 5 / (1 − 1/e) ≈ 7.91 is looser.
    #expect(solution.upperBound == 6)
    #expect(abs(solution.gap - 1.0 / 6) < 1e-12)
  }

  @Test("disjoint discs: greedy takes the heaviest discs and equals the exhaustive optimum")
  func disjointDiscs() {
    // Ten sites 2,000 ft apart, radius 500 ft: no point is reached by two sites.
    var rng = SplitMix(seed: 7)
    var demand: [(Double, Double)] = []
    var weights: [Double] = []
    let sites = (0..<10).map { (Double($0) * 2_000, 0.0) }
    for s in sites {
      for _ in 0..<6 {
        let r = 450 * rng.unit()
        let a = 2 * Double.pi * rng.unit()
        demand.append((s.0 + r * cos(a), s.1 + r * sin(a)))
        weights.append((rng.unit() * 100).rounded())
      }
    }
    let problem = CoverageProblem(weights: weights, sites: coverage(demand: demand, sites: sites, radius: 500))
    let discWeights = (0..<10).map { k in weights[(6 * k)..<(6 * k + 6)].reduce(0, +) }
    for budget in [1, 3, 4, 7] {
      let solution = problem.solve(budget: budget)
      let expected = discWeights.sorted(by: >).prefix(budget).reduce(0, +)
      #expect(solution.value == expected)
      #expect(solution.value == bruteForceOptimum(problem, budget: budget))
      // On disjoint discs the online bound is exact at the start: the k heaviest discs.
      #expect(solution.upperBound == expected)
      #expect(solution.gap == 0)
    }
  }

  @Test("the bound is never below the exhaustive optimum, and greedy never above it (200 random instances)")
  func boundAboveOptimum() {
    var rng = SplitMix(seed: 2026)
    for _ in 0..<200 {
      let n = 30
      let m = 10
      let demand = (0..<n).map { _ in (rng.unit() * 2_000, rng.unit() * 2_000) }
      let sites = (0..<m).map { _ in (rng.unit() * 2_000, rng.unit() * 2_000) }
      let weights = (0..<n).map { _ in (rng.unit() * 50).rounded() }
      let problem = CoverageProblem(weights: weights, sites: coverage(demand: demand, sites: sites, radius: 300 + 400 * rng.unit()))
      let budget = 1 + Int(rng.unit() * 4)
      let solution = problem.solve(budget: budget)
      let optimum = bruteForceOptimum(problem, budget: budget)
      #expect(solution.value <= optimum + 1e-9)
      #expect(solution.upperBound >= optimum - 1e-9)
      #expect(solution.value >= (1 - 1 / M_E) * optimum - 1e-9)
      #expect(abs(problem.value(of: solution.sites) - solution.value) < 1e-9)
    }
  }

  @Test("forced first sites: taken first (greedy among them), zero-gain ones skipped; the bound still holds")
  func forcedFirst() {
    let problem = CoverageProblem(weights: [5, 1, 1, 2, 9], sites: [[0], [1], [2, 3], [4], [1]])
    let solution = problem.solve(budget: 3, first: [1, 2, 4])
    // Among the forced: 2 (gain 3), then 1 (gain 1); 4 then adds nothing and is skipped; the
    // free greedy takes 3 (gain 9).
    #expect(solution.sites == [2, 1, 3])
    #expect(solution.value == 13)
    #expect(solution.upperBound >= bruteForceOptimum(problem, budget: 3))
    #expect(bruteForceOptimum(problem, budget: 3) == 17)
  }

  @Test("reruns give the same plan, and the lazy greedy equals the plain greedy")
  func deterministic() {
    var rng = SplitMix(seed: 11)
    let demand = (0..<400).map { _ in (rng.unit() * 5_000, rng.unit() * 5_000) }
    let sites = (0..<150).map { _ in (rng.unit() * 5_000, rng.unit() * 5_000) }
    let weights = (0..<400).map { _ in rng.unit() * 10 }
    let problem = CoverageProblem(weights: weights, sites: coverage(demand: demand, sites: sites, radius: 500))
    let a = problem.solve(budget: 20)
    let b = problem.solve(budget: 20)
    #expect(a == b)
    // Plain greedy: recompute every gain at every step, ties to the lower index.
    var chosen: [Int] = []
    for _ in 0..<20 {
      let base = problem.value(of: chosen)
      var best = -1
      var bestGain = 0.0
      for s in problem.sites.indices where !chosen.contains(s) {
        let g = problem.value(of: chosen + [s]) - base
        if g > bestGain + 1e-12 { (best, bestGain) = (s, g) }
      }
      guard best >= 0 else { break }
      chosen.append(best)
    }
    #expect(a.sites == chosen)
  }
}

/// SplitMix64, for reproducible test instances.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
