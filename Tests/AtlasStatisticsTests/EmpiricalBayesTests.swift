import Testing

@testable import AtlasStatistics

// Data and reference values of esda_reference.py (PySAL esda 2.9.0, NumPy 2.4.6).
@Suite("Empirical Bayes")
struct EmpiricalBayesTests {
  static let events = [3.0, 0, 48, 7, 1, 25, 30, 9, 0, 15, 2, 26]
  static let population = [1200.0, 300, 2500, 1800, 150, 4000, 900, 2100, 250, 2600, 400, 1500]

  @Test("cross-implementation: esda.smoothing.Empirical_Bayes(e, b).r")
  func esda() throws {
    let result = try EmpiricalBayes.smooth(events: Self.events, population: Self.population)
    expectClose(
      result.smoothedRates,
      [
        0.0033105232083251767, 0.0032659226108330253, 0.01860823621415204, 0.0043377632074449776,
        0.008067555863584115, 0.006370536245475537, 0.02971199270561425, 0.004646870316112852,
        0.003663926441761973, 0.005978820120003822, 0.006252615576787038, 0.016565359242972786,
      ], "smoothed")
    expectClose(result.globalRate, 0.009378531073446328)
    expectClose(result.betweenAreaVariance, 5.8510560146440625e-05)
    #expect(result.unclampedVariance == result.betweenAreaVariance)
    // Larger populations keep more of their own rate.
    #expect(result.shrinkageWeights[5] > result.shrinkageWeights[4])
    #expect(result.rawRates[2] == 48.0 / 2500.0)
  }

  @Test("policy: a negative between-area variance is clamped to 0, so every area gets m")
  func clamp() throws {
    let flat = [3.0, 0, 12, 7, 1, 25, 4, 9, 0, 15, 2, 6]
    let result = try EmpiricalBayes.smooth(events: flat, population: Self.population)
    // esda_reference.py: the moment estimate for these data is negative.
    expectClose(result.unclampedVariance, -1.3258002012670204e-06)
    #expect(result.betweenAreaVariance == 0)
    #expect(result.shrinkageWeights.allSatisfy { $0 == 0 })
    expectClose(result.globalRate, 0.0047457627118644066)
    #expect(result.smoothedRates.allSatisfy { $0 == result.globalRate })
  }

  @Test("edge cases: no events gives zero rates; zero population and bad lengths throw")
  func edgeCases() throws {
    let none = try EmpiricalBayes.smooth(events: [0, 0, 0], population: [10, 20, 30])
    #expect(none.smoothedRates == [0, 0, 0] && none.globalRate == 0)
    expectError(.notPositive(argument: "population", index: 1)) {
      try EmpiricalBayes.smooth(events: [1, 0], population: [10, 0])
    }
    expectError(.negative(argument: "events", index: 0)) {
      try EmpiricalBayes.smooth(events: [-1, 0], population: [10, 5])
    }
    expectError(.lengthMismatch(argument: "population", expected: 2, actual: 1)) {
      try EmpiricalBayes.smooth(events: [1, 0], population: [10])
    }
  }
}
