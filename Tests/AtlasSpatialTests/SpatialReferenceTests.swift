import AtlasGeometry
import AtlasSpatial
import AtlasStatistics
import AtlasTestSupport
import Foundation
import Testing

/// Queen contiguity and the spatial statistics on the REAL beat and ward layers against
/// libpysal 4.14.1 / esda 2.9.0: Tests/reference/spatial/contiguity_reference.py wrote the
/// JSON beside it (neighbour sets, the test variable y, and esda's values).
@Suite("Queen contiguity and spatial statistics agree with libpysal and esda")
struct SpatialReferenceTests {
  struct Reference: Decodable {
    struct Moran: Decodable {
      var I, EI, VI_norm, VI_rand, z_norm, z_rand, p_rand, p_sim_99999: Double
    }
    struct Local: Decodable {
      var Is: [Double]
      var q: [Int]
      var p_sim_99999: [Double]
    }
    struct Gi: Decodable {
      var Gs, EGs, VGs, Zs, p_sim_99999: [Double]
    }
    struct Sums: Decodable { var s0, s1, s2: Double }
    var features: Int
    var ids: [String]
    var islands: [String]
    var neighbours: [[Int]]
    var y: [Double]
    var weights: Sums
    var moran: Moran
    var local_moran: Local
    var gi_star: Gi
  }

  static func reference(_ file: String) throws -> Reference {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("reference/spatial/\(file)")
    return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
  }

  static let cases = [("police-beats", "police_beats_reference.json"), ("wards-2023", "wards_2023_reference.json")]

  @Test("queen neighbour sets equal libpysal's exactly (areas dissolved by id)", arguments: cases)
  func neighbours(layerID: String, file: String) throws {
    let layer = try TestData.layer(layerID)
    let reference = try Self.reference(file)
    #expect(layer.featureCount == reference.features)
    #expect(layer.areas.map(\.id).sorted() == reference.ids.sorted())
    let queen = Contiguity.queen(layer)
    let position = Dictionary(uniqueKeysWithValues: layer.areas.enumerated().map { ($1.id, $0) })
    for (r, id) in reference.ids.enumerated() {
      let ours = Set(queen[try #require(position[id])].map { layer.areas[$0].id })
      let theirs = Set(reference.neighbours[r].map { reference.ids[$0] })
      #expect(
        ours == theirs, "\(layerID) area \(id): only ours \(ours.subtracting(theirs).sorted()), only libpysal \(theirs.subtracting(ours).sorted())")
    }
    #expect(reference.islands.isEmpty && queen.allSatisfy { !$0.isEmpty })
    // The City's layers share exact vertices: the geometric criterion (GEOS intersects) finds
    // the same pairs, so no neighbour meets another only at a T-junction.
    #expect(try Contiguity.queenByIntersection(layer) == queen)
  }

  /// Beat 3100 (District 31) is three features; as one area its neighbours are those of all
  /// three pieces: beats of districts 16 and 22 (O'Hare and the south-west forest preserves).
  @Test("beat 3100 in three pieces: one area, neighbours from every piece")
  func beat3100() throws {
    let layer = try TestData.layer("police-beats")
    let a = try #require(layer.areas.firstIndex { $0.id == "3100" })
    #expect(layer.areas[a].polygons.count >= 3)
    let neighbours = Contiguity.queen(layer)[a].map { layer.areas[$0].id }.sorted()
    #expect(neighbours == ["1613", "1614", "1622", "1624", "1631", "1632", "2211", "2212"])
  }

  /// Deterministic values to 1e-9 (relative). Permutation p-values: ours come from B = 999
  /// draws, esda's from 99,999 with another generator, so they agree only in distribution.
  /// Ours has standard error √(p(1 − p)/999) ≤ 0.0158, esda's ≤ √(0.25/99,999) ≈ 0.0016,
  /// and (L + 1)/(B + 1) differs from L/B by at most 1/1000. The tolerance is 4 of our
  /// standard errors (at esda's p) + 4 of esda's + 0.001: over the 650 p-values compared a
  /// false alarm has probability about 650 · 6·10⁻⁵ ≈ 0.04, and the seed is fixed, so the
  /// outcome never changes between runs.
  ///
  /// Areas with ONE neighbour are checked against the exact permutation distribution instead:
  /// the draw is uniform over the other n − 1 values, so p = min(#{vⱼ ≥ v_obs}, #{vⱼ ≤ v_obs})/(n − 1)
  /// in the statistic's direction, the draw of the actual neighbour being a tie. esda counts
  /// that tie by floating-point luck (ward 13: exact 3/49 ≈ 0.061, esda 0.041); ours counts it
  /// as at least as extreme (`PermutationTest`).
  @Test("Moran's I, local Moran and Gi* equal esda's to 1e-9; p-values within Monte Carlo error", arguments: cases)
  func statistics(layerID: String, file: String) throws {
    let reference = try Self.reference(file)
    let weights = try SpatialWeights(neighbours: reference.neighbours)
    expectNear(weights.s0, reference.weights.s0, "S0")
    expectNear(weights.s1, reference.weights.s1, "S1")
    expectNear(weights.s2, reference.weights.s2, "S2")
    print("\(layerID): areas with one neighbour: \(reference.ids.indices.filter { reference.neighbours[$0].count == 1 }.map { reference.ids[$0] })")
    let seed: UInt64 = 20_261_130
    let moran = try GlobalMoran(reference.y, weights: weights, permutations: 999, seed: seed)
    expectNear(moran.value, reference.moran.I, "I")
    expectNear(moran.expected, reference.moran.EI, "EI")
    expectNear(moran.varianceNormality, reference.moran.VI_norm, "VI_norm")
    expectNear(moran.varianceRandomisation, reference.moran.VI_rand, "VI_rand")
    expectNear(moran.zNormality, reference.moran.z_norm, "z_norm")
    expectNear(moran.zRandomisation, reference.moran.z_rand, "z_rand")
    // The observed I is far beyond every permutation in both: p at the floor 1/(B + 1).
    #expect(moran.permutationP == 1.0 / 1000 && reference.moran.p_sim_99999 == 1.0 / 100_000)

    let lisa = try LocalMoran(reference.y, weights: weights, permutations: 999, seed: seed)
    let gi = try GetisOrdGiStar(reference.y, weights: weights, permutations: 999, seed: seed)
    let quadrant: [LocalCluster] = [.highHigh, .lowHigh, .lowLow, .highLow]
    var worst = (0.0, "")
    for i in reference.ids.indices {
      let id = reference.ids[i]
      expectNear(lisa.values[i], reference.local_moran.Is[i], "\(layerID) \(id) Is")
      #expect(lisa.quadrants[i] == quadrant[reference.local_moran.q[i] - 1], "\(layerID) \(id) quadrant")
      expectNear(gi.values[i], reference.gi_star.Gs[i], "\(layerID) \(id) Gs")
      expectNear(gi.expected[i], reference.gi_star.EGs[i], "\(layerID) \(id) EGs")
      expectNear(gi.variances[i], reference.gi_star.VGs[i], "\(layerID) \(id) VGs")
      expectNear(gi.zScores[i], reference.gi_star.Zs[i], "\(layerID) \(id) Zs")
      if reference.neighbours[i].count == 1 {
        let others = reference.y.indices.filter { $0 != i }.map { reference.y[$0] }
        let neighbour = reference.y[reference.neighbours[i][0]]
        let upper = Double(others.filter { $0 >= neighbour }.count)
        let lower = Double(others.filter { $0 <= neighbour }.count)
        let mean = reference.y.reduce(0, +) / Double(reference.y.count)
        // Gi* increases with the drawn value; local Moran too when yᵢ is above the mean.
        let exactGi = min(upper, lower) / Double(others.count)
        for (ours, name) in [(lisa.pValues[i], "local Moran"), (gi.pValues[i], "Gi*")] {
          let exact = name == "Gi*" || reference.y[i] != mean ? exactGi : 1
          let tolerance = 4 * (exact * (1 - exact) / 999).squareRoot() + 0.001
          #expect(abs(ours - exact) <= tolerance, "\(layerID) \(id) \(name) p: ours \(ours), exact \(exact)")
          if abs(ours - exact) / tolerance > worst.0 { worst = (abs(ours - exact) / tolerance, "\(id) \(name) exact") }
        }
        continue
      }
      for (ours, theirs, name) in [
        (lisa.pValues[i], reference.local_moran.p_sim_99999[i], "local Moran"), (gi.pValues[i], reference.gi_star.p_sim_99999[i], "Gi*"),
      ] {
        let tolerance = 4 * (theirs * (1 - theirs) / 999).squareRoot() + 4 * 0.0016 + 0.001
        #expect(abs(ours - theirs) <= tolerance, "\(layerID) \(id) \(name) p: ours \(ours), esda \(theirs), tolerance \(tolerance)")
        if abs(ours - theirs) / tolerance > worst.0 { worst = (abs(ours - theirs) / tolerance, "\(id) \(name)") }
      }
    }
    print("\(layerID): largest |p − p_reference| / tolerance = \(worst.0) (\(worst.1))")
  }

  func expectNear(_ actual: Double, _ expected: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(
      abs(actual - expected) <= 1e-9 * max(abs(expected), 1e-12) || actual == expected,
      "\(what): ours \(actual), esda \(expected)", sourceLocation: sourceLocation)
  }
}
