import AtlasGeometry
import AtlasSpatial
import Foundation
import Testing

/// Coverage of targets by a union made once (`Overlay.union`, `Overlay.unionOfDiscs`) and
/// intersected target by target with only the nearby polygons (`coverage(byDisjoint:)`).
@Suite("Overlay coverage by a shared union")
struct OverlayCoverageTests {
  func rectangle(_ minX: Double, _ minY: Double, _ maxX: Double, _ maxY: Double) -> Polygon<IllinoisEastFtUS> {
    Polygon(
      exterior: Ring([
        Position(x: minX, y: minY), Position(x: maxX, y: minY), Position(x: maxX, y: maxY), Position(x: minX, y: maxY),
        Position(x: minX, y: minY),
      ]))
  }

  /// Targets T1 = [0,10]², T2 = [10,20]×[0,10], T3 = [0,20]×[100,110].
  func overlay() throws -> Overlay<IllinoisEastFtUS> {
    try Overlay(targets: [[rectangle(0, 0, 10, 10)], [rectangle(10, 0, 20, 10)], [rectangle(0, 100, 20, 110)]])
  }

  @Test("hand-derived: overlapping rectangles are counted once; a far polygon touches no target")
  func rectangles() throws {
    // A = [2,8]², B = [5,15]×[1,4], C = [50,60]² (near no target). T1: A ∪ (B ∩ T1) = 36 + 15 − 6;
    // T2: B ∩ T2 = 15; T3: nothing.
    let polygons = [rectangle(2, 2, 8, 8), rectangle(5, 1, 15, 4), rectangle(50, 50, 60, 60)]
    let overlay = try overlay()
    #expect(try overlay.coverage(by: polygons) == [45, 15, 0])
    #expect(try overlay.coverage(byDisjoint: Overlay.union(polygons)) == [45, 15, 0])
    #expect(try overlay.coverage(byDisjoint: []) == [0, 0, 0])
  }

  @Test("hand-derived: a polygon wholly inside a target takes its own area")
  func inside() throws {
    #expect(try overlay().coverage(byDisjoint: [rectangle(1, 101, 3, 104)]) == [0, 0, 6])
  }

  @Test("discs: a regular 128-gon, split between targets, summing to the union's area")
  func discs() throws {
    let overlay = try overlay()
    let centers = [Position<IllinoisEastFtUS>(x: 4, y: 5), Position(x: 10, y: 5)]
    // Hand-derived: 128 triangles of area ½ r² sin(2π/128), r = 2.
    let inside = try overlay.coverage(ofDiscsAround: [centers[0]], radius: 2)
    #expect(abs(inside[0] - 64 * 4 * sin(Double.pi / 64)) < 1e-12 && inside[1] == 0)
    // Two discs of radius 3.5, centres 6 apart, overlap; the second straddles the T1/T2 edge.
    let discs = try Overlay.unionOfDiscs(around: centers, radius: 3.5)
    let covered = try overlay.coverage(byDisjoint: discs)
    #expect(try covered == overlay.coverage(ofDiscsAround: centers, radius: 3.5))
    let unionArea = discs.reduce(0) { $0 + $1.planarArea }
    #expect(abs(covered[0] + covered[1] - unionArea) < 1e-9 * unionArea)
    #expect(covered[0] > covered[1] && covered[1] > 0 && covered[2] == 0)
    #expect(try Overlay<IllinoisEastFtUS>.unionOfDiscs(around: [], radius: 3).isEmpty)
  }
}
