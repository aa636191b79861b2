import Testing

@testable import AtlasStatistics

// Fixture and reference values of tobler_reference.py (tobler 0.13.0, geopandas 1.2.0,
// shapely 2.2.0): overlap areas computed by shapely and committed here as numbers.
@Suite("Apportionment")
struct ApportionmentTests {
  static let sourceAreas = [16.0, 16.0, 16.0, 8.0]
  static let overlaps = [
    Overlap(source: 0, target: 0, area: 12.0),
    Overlap(source: 0, target: 2, area: 4.0),
    Overlap(source: 1, target: 0, area: 3.0),
    Overlap(source: 1, target: 1, area: 12.0),
    Overlap(source: 1, target: 2, area: 1.0),
    Overlap(source: 2, target: 1, area: 3.0),
    Overlap(source: 2, target: 2, area: 10.0),
    Overlap(source: 3, target: 1, area: 3.5),
  ]
  static let population = [100.0, 250.0, 80.0, 60.0]
  static let medianIncome = [40000.0, 52000.0, 61000.0, 35000.0]

  static func byArea(_ denominator: ExtensiveDenominator) throws -> Apportionment {
    try Apportionment.byArea(
      overlaps: overlaps, sourceAreas: sourceAreas, targetCount: 4,
      extensiveDenominator: denominator)
  }

  @Test("cross-implementation: tobler area_interpolate, extensive with allocate_total=False")
  func extensiveSourceArea() throws {
    let result = try Self.byArea(.sourceArea).apportion(Self.population, as: .extensive)
    // Same values from tobler's float32 default table and from a float64 table.
    expectClose(result.values.map { $0.estimate ?? .nan }, [121.875, 228.75, 90.625, 0.0])
  }

  @Test(
    "cross-implementation: tobler allocate_total=True and intensive (float64 table; float32 default)"
  )
  func coveredAndIntensive() throws {
    let covered = try Self.byArea(.coveredArea).apportion(Self.population, as: .extensive)
    let coveredEstimates = covered.values.map { $0.estimate ?? .nan }
    expectClose(coveredEstimates, [121.875, 265.96153846153845, 102.16346153846155, 0.0])
    // tobler's default run stores the area table in float32 (see tobler_reference.py).
    expectClose(
      coveredEstimates, [121.875, 265.9615397453308, 102.16346263885498, 0.0], relative: 1e-6)

    let intensive = try Self.byArea(.sourceArea).apportion(Self.medianIncome, as: .intensive)
    let estimates = intensive.values.prefix(3).map { $0.estimate ?? .nan }
    expectClose(estimates, [42400.0, 50243.24324324325, 54800.0])
    expectClose(
      estimates, [42400.00379085541, 50243.24552714825, 54800.001949071884], relative: 1e-6)
    // Target 3 meets no source: tobler reports 0, AtlasStatistics reports nil.
    #expect(intensive.values[3].estimate == nil)
    #expect(intensive.massBalance == nil)
  }

  @Test("hand-derived: mass balance and covered fractions")
  func massBalance() throws {
    let apportionment = try Self.byArea(.sourceArea)
    // Covered: 16/16, 16/16, 13/16, 3.5/8.
    #expect(apportionment.coveredFractions == [1, 1, 0.8125, 0.4375])
    let balance = try #require(
      try apportionment.apportion(Self.population, as: .extensive).massBalance)
    #expect(balance.sourceTotal == 490)
    // 100 + 250 + 80·0.8125 + 60·0.4375 = 441.25.
    #expect(balance.sourceTotalInside == 441.25)
    #expect(balance.targetTotal == 441.25)
    let allocated = try #require(
      try Self.byArea(.coveredArea).apportion(Self.population, as: .extensive).massBalance)
    expectClose(allocated.targetTotal, 490, relative: 1e-14)
  }

  @Test("hand-derived: Census MOE √Σ(cᵢ·MOEᵢ)², CV = (MOE/1.645)/estimate, flag above 0.30")
  func marginsOfError() throws {
    let moe = [30.0, 45.0, 20.0, 25.0]
    let result = try Self.byArea(.sourceArea).apportion(
      Self.population, as: .extensive, marginsOfError: moe)
    // Target 0 = 12/16 of source 0 + 3/16 of source 1.
    let expected0 = ((0.75 * 30) * (0.75 * 30) + (3.0 / 16 * 45) * (3.0 / 16 * 45)).squareRoot()
    expectClose(result.values[0].marginOfError, expected0, relative: 1e-14)
    expectClose(
      result.values[0].coefficientOfVariation, expected0 / 1.645 / 121.875, relative: 1e-14)
    #expect(result.values[0].isUnreliable == false)
    // Target 3 has estimate 0: CV undefined, flagged.
    #expect(result.values[3].coefficientOfVariation == nil && result.values[3].isUnreliable == true)
    // A threshold below target 0's CV (≈ 0.12) flags it.
    let strict = try Self.byArea(.sourceArea).apportion(
      Self.population, as: .extensive, marginsOfError: moe, unreliableAbove: 0.1)
    #expect(strict.values[0].isUnreliable == true)
    // Intensive: target 0 = (12·v₀ + 3·v₁)/15.
    let intensive = try Self.byArea(.sourceArea).apportion(
      Self.medianIncome, as: .intensive, marginsOfError: [2000, 3000, 2500, 4000])
    expectClose(
      intensive.values[0].marginOfError,
      ((0.8 * 2000) * (0.8 * 2000) + (0.2 * 3000) * (0.2 * 3000)).squareRoot(), relative: 1e-14)
    #expect(intensive.values[3].marginOfError == nil)
    // Without margins of error there is no reliability verdict.
    #expect(
      try Self.byArea(.sourceArea).apportion(Self.population, as: .extensive).values[0].isUnreliable
        == nil)
  }

  @Test("property: splitting an overlap piece into parts changes nothing")
  func consistency() throws {
    let byArea = try Self.byArea(.sourceArea)
    // Splitting the (0, 0) piece of 12 into 5 + 7 changes nothing, MOE included.
    var split = Self.overlaps
    split[0].area = 5
    split.append(Overlap(source: 0, target: 0, area: 7))
    let whole = try byArea.apportion(
      Self.population, as: .extensive, marginsOfError: [30, 45, 20, 25])
    let pieces = try Apportionment.byArea(
      overlaps: split, sourceAreas: Self.sourceAreas, targetCount: 4
    )
    .apportion(Self.population, as: .extensive, marginsOfError: [30, 45, 20, 25])
    #expect(whole == pieces)
  }

  @Test("edge cases: rows out of range, bad areas, bad values throw")
  func edgeCases() {
    expectError(.indexOutOfRange(argument: "overlaps.source", index: 4, count: 4)) {
      try Apportionment.byArea(
        overlaps: [Overlap(source: 4, target: 0, area: 1)], sourceAreas: Self.sourceAreas,
        targetCount: 1)
    }
    expectError(.indexOutOfRange(argument: "overlaps.target", index: 1, count: 1)) {
      try Apportionment.byArea(
        overlaps: [Overlap(source: 0, target: 1, area: 1)], sourceAreas: Self.sourceAreas,
        targetCount: 1)
    }
    expectError(.negative(argument: "overlaps.area", index: 0)) {
      try Apportionment.byArea(
        overlaps: [Overlap(source: 0, target: 0, area: -1)], sourceAreas: Self.sourceAreas,
        targetCount: 1)
    }
    expectError(.notPositive(argument: "sourceAreas", index: 1)) {
      try Apportionment.byArea(overlaps: [], sourceAreas: [1, 0], targetCount: 1)
    }
    expectError(.lengthMismatch(argument: "values", expected: 4, actual: 3)) {
      try Self.byArea(.sourceArea).apportion([1, 2, 3], as: .extensive)
    }
    expectError(.negative(argument: "marginsOfError", index: 0)) {
      try Self.byArea(.sourceArea).apportion(
        Self.population, as: .extensive, marginsOfError: [-1, 0, 0, 0])
    }
  }
}
