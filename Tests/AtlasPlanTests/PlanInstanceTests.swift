import AtlasGeometry
import Foundation
import Testing

@testable import AtlasPlan

func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Polygon<IllinoisEastFtUS> {
  Polygon(exterior: Ring([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)].map { Position(x: $0.0, y: $0.1) }))
}

/// A city built to show the equity objective. Two wards of 4,000 × 4,000 ft side by side:
/// - west: 1,000 residents, all group B, no camera (all outside reach);
/// - east: 1,200 residents, all group W, half in reach (cameras every 500 ft over its north half).
/// Outside reach the east has 600 residents on about half its cells, denser than the west's 1,000
/// on all its cells, so the residents objective goes east and widens the gap; the equity weights
/// (w_W = 1, w_B = 2) send the plan west.
enum EquityCity {
  static func areas() -> [PlanArea] {
    [
      PlanArea(id: "west", polygons: [square(0, 0, 4_000, 4_000)], residents: 1_000, groupShares: ["B": 1], coverageShare: 0, calls: 100),
      PlanArea(id: "east", polygons: [square(4_000, 0, 8_000, 4_000)], residents: 1_200, groupShares: ["W": 1], coverageShare: 0.5, calls: 300),
    ]
  }

  static func cameras() -> [PlanCamera] {
    var cameras: [PlanCamera] = []
    for x in stride(from: 4_250.0, through: 7_750, by: 500) {
      for y in stride(from: 2_250.0, through: 3_750, by: 500) {
        cameras.append(PlanCamera(id: "c\(cameras.count)", type: "POD", position: Position(x: x, y: y), working: true))
      }
    }
    // Down cameras in the west: candidates for restoration.
    cameras.append(PlanCamera(id: "down-1", type: "POD", position: Position(x: 1_010, y: 1_010), working: false))
    cameras.append(PlanCamera(id: "down-2", type: "POD", position: Position(x: 3_010, y: 3_010), working: false))
    return cameras
  }

  static let instance = PlanInstance(areas: areas(), cameras: cameras(), pieces: nil, radius: 500)
}

@Suite("Plan instance")
struct PlanInstanceTests {
  @Test("grid: 16 × 16 cells per ward; reach today covers the east's north half, one row beyond and 8 cells across the border")
  func grid() {
    let instance = EquityCity.instance
    #expect(instance.cellCentres.count == 512)
    let east = instance.cellCentres.indices.filter { instance.cellArea[$0] == 1 }
    let inReach = east.filter { instance.cellInReach[$0] }
    // North half (8 rows) and the row at y = 1,875 (375 ft from the cameras at y = 2,250).
    #expect(inReach.count == 9 * 16)
    // Cameras reach across the border too: the west's last column (x = 3,875, 375 ft from the
    // cameras at x = 4,250) where dy ≤ √(500² − 375²) ≈ 331 ft: rows y = 2,125 … 3,875.
    let westInReach = instance.cellCentres.indices.filter { instance.cellArea[$0] == 0 && instance.cellInReach[$0] }
    #expect(westInReach.map { instance.cellCentres[$0].x } == Array(repeating: 3_875, count: 8))
    #expect(westInReach.map { instance.cellCentres[$0].y } == Array(stride(from: 2_125.0, through: 3_875, by: 250)))
    // 512 grid sites and the 2 down cameras.
    #expect(instance.sitePositions.count == 514)
    #expect(instance.restorationSites == [512, 513])
  }

  @Test("before equals the areas' own residents outside reach, in total, by group and for calls")
  func beforeEqualsAtlas() {
    let instance = EquityCity.instance
    for (a, area) in instance.areas.enumerated() {
      let cells = instance.cellCentres.indices.filter { Int(instance.cellArea[$0]) == a }
      #expect(abs(cells.reduce(0) { $0 + instance.residents[$1] } - area.residentsOutside) < 1e-9)
      #expect(abs(cells.reduce(0) { $0 + instance.calls[$1] } - area.calls! * (1 - area.coverageShare)) < 1e-9)
    }
    #expect(abs(instance.outsideBefore("B") - 1_000) < 1e-9)
    #expect(abs(instance.outsideBefore("W") - 600) < 1e-9)
    // Nobody is placed on a cell in reach.
    #expect(!instance.cellCentres.indices.contains { instance.cellInReach[$0] && instance.residents[$0] > 0 })
  }

  @Test("finest weights: a piece's residents go to its cells, scaled to the atlas's total outside reach")
  func finestWeights() {
    // One ward with no camera; the piece over its west quarter holds 3 times the residents of
    // the piece over the rest, per cell 9 times as dense.
    let ward = PlanArea(
      id: "1", polygons: [square(0, 0, 4_000, 4_000)], residents: 800, groupShares: ["B": 0.5, "W": 0.5], coverageShare: 0, calls: nil)
    let pieces = [
      PopulationPiece(polygons: [square(0, 0, 1_000, 4_000)], counts: ["TOT": 600, "B": 600, "W": 0]),
      PopulationPiece(polygons: [square(1_000, 0, 4_000, 4_000)], counts: ["TOT": 200, "B": 0, "W": 200]),
    ]
    let instance = PlanInstance(areas: [ward], cameras: [], pieces: pieces, radius: 500)
    #expect(instance.cellCentres.count == 256)
    let west = instance.cellCentres.indices.filter { instance.cellCentres[$0].x < 1_000 }
    #expect(west.count == 64)
    #expect(abs(west.reduce(0) { $0 + instance.residents[$1] } - 600) < 1e-9)
    #expect(abs(instance.residents.reduce(0, +) - 800) < 1e-9)
    #expect(abs(instance.outsideBefore("B") - 600) < 1e-9)
    #expect(abs(instance.residents[west[0]] - 600.0 / 64) < 1e-12)
    #expect(instance.weightsNote.contains("2 pieces"))
  }

  @Test("equity objective lowers the between-group gap where the residents objective widens it")
  func equityLowersGap() {
    let instance = EquityCity.instance
    let weights = instance.equityWeights(minimumResidents: 11)
    #expect(weights["W"] == 1)
    #expect(weights["B"] == 2)  // o_B = 1 (worst), o_W = 0.5 (best)
    func gapAfter(_ objective: PlanObjective) -> Double {
      let solution = instance.problem(objective).solve(budget: 5)
      var covered = Set<Int32>()
      for s in solution.sites { covered.formUnion(instance.siteCells[s]) }
      let b = (1_000 - covered.reduce(0) { $0 + instance.groupResidents["B"]![Int($1)] }) / 1_000
      let w = (600 - covered.reduce(0) { $0 + instance.groupResidents["W"]![Int($1)] }) / 1_200
      return abs(b - w)
    }
    let before = 1.0 - 0.5
    let residents = gapAfter(.residents)
    let equity = gapAfter(.equity)
    #expect(residents > before)
    #expect(equity < before)
    #expect(equity < residents)
  }

  @Test("the scanline grid fill agrees with point-in-polygon, holes included")
  func scanlineAgrees() {
    let outer = Ring<IllinoisEastFtUS>(
      [(0, 0), (3_100, 400), (2_600, 2_900), (900, 3_300), (-300, 1_700), (0, 0)].map { Position(x: $0.0, y: $0.1) })
    let hole = Ring<IllinoisEastFtUS>(
      [(1_000, 1_000), (1_800, 1_000), (1_800, 1_800), (1_000, 1_800), (1_000, 1_000)].map { Position(x: $0.0, y: $0.1) })
    let rings = [outer, hole]
    let filled = Set(PlanInstance.cells(inside: rings, spacing: 250))
    var expected = Set<GridKey>()
    for j in -4...16 {
      for i in -4...16 {
        let c = Position<IllinoisEastFtUS>(x: (Double(i) + 0.5) * 250, y: (Double(j) + 0.5) * 250)
        if PlanInstance.contains(rings, c) { expected.insert(GridKey(i: i, j: j)) }
      }
    }
    #expect(!expected.isEmpty)
    #expect(filled == expected)
    #expect(!filled.contains(GridKey(i: 5, j: 5)))  // (1,375, 1,375) is in the hole
  }
}
