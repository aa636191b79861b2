import AtlasGeometry
import AtlasSpatial
import AtlasTestSupport
import Foundation
import Testing

/// The G01-04 rule on points placed exactly on shared edges and vertices of a constructed tiling.
/// Expected areas are hand-derived: a 3 × 3 tiling of 0.01° squares, row 0 at the north.
@Suite("Boundary rule on constructed boundaries")
struct BoundaryRuleTests {
  let tiles = squareTiling(columns: 3, rows: 3)
  /// Grid lines computed as `squareTiling` computes them, so points sit exactly on them.
  func x(_ c: Int) -> Double { -87.70 + Double(c) * 0.01 }
  func y(_ r: Int) -> Double { 41.90 - Double(r) * 0.01 }

  func area(_ index: PolygonIndex, _ lon: Double, _ lat: Double) -> String? {
    let location = index.locate(lon: lon, lat: lat)
    return location.isOutside ? nil : index.areaIDs[Int(location.area)]
  }

  @Test("hand-derived: a point on a north-south boundary goes east")
  func verticalEdge() {
    let index = PolygonIndex(tiles, rule: .southEastExact)
    #expect(area(index, x(1), 41.885) == "r1c1")
    #expect(index.locate(lon: x(1), lat: 41.885).kind == .onBoundary)
    #expect(area(index, x(2), 41.895) == "r0c2")
  }

  @Test("hand-derived: a point on an east-west boundary goes south")
  func horizontalEdge() {
    let index = PolygonIndex(tiles, rule: .southEastExact)
    #expect(area(index, -87.685, y(1)) == "r1c1")
    #expect(area(index, -87.675, y(2)) == "r2c2")
    #expect(index.locate(lon: -87.685, lat: y(1)).kind == .onBoundary)
  }

  @Test("hand-derived: a vertex shared by four areas goes to the south-east one")
  func fourWayVertex() {
    let index = PolygonIndex(tiles, rule: .southEastExact)
    #expect(area(index, x(1), y(1)) == "r1c1")
    #expect(area(index, x(2), y(2)) == "r2c2")
  }

  @Test("hand-derived: on the city limit the point stays in the only area it touches")
  func outerBoundary() {
    let index = PolygonIndex(tiles, rule: .southEastExact)
    // East edge of the tiling: the south-east side is outside, so the area itself keeps it.
    #expect(area(index, x(3), 41.875) == "r2c2")
    // South edge.
    #expect(area(index, -87.695, y(3)) == "r2c0")
    // North-west corner.
    #expect(area(index, x(0), y(0)) == "r0c0")
    #expect(index.locate(lon: x(0), lat: y(0)).kind == .onBoundary)
    // Just outside.
    #expect(area(index, -87.6699, 41.875) == nil)
  }

  @Test("rule none: a point on a boundary goes to the first covering area in layer order")
  func coversRule() {
    let index = PolygonIndex(tiles, rule: .none)
    #expect(area(index, x(1), 41.885) == "r1c0")
    #expect(area(index, -87.685, y(1)) == "r0c1")
    #expect(area(index, x(1), y(1)) == "r0c0")
    #expect(area(index, -87.685, 41.885) == "r1c1")
  }

  @Test("hand-derived: a boundary running exactly NW–SE gives the point to its south-west side")
  func diagonalBoundary() {
    // Two triangles split by a diagonal running exactly along the rule's direction (1, −1)
    // in degrees. Binary fractions keep every coordinate and difference exact.
    let x0 = -87.703125
    let y0 = 41.890625
    let d = 0.0078125
    let x1 = x0 + d
    let y1 = y0 + d
    let southWest = Ring<WGS84LonLat>([Position(x: x0, y: y0), Position(x: x1, y: y0), Position(x: x0, y: y1), Position(x: x0, y: y0)])
    let northEast = Ring<WGS84LonLat>([Position(x: x1, y: y0), Position(x: x1, y: y1), Position(x: x0, y: y1), Position(x: x1, y: y0)])
    let layer = Layer(
      id: "diagonal",
      areas: [
        Area(id: "NE", name: "NE", polygons: [Polygon(exterior: northEast)]),
        Area(id: "SW", name: "SW", polygons: [Polygon(exterior: southWest)]),
      ], featureCount: 2)
    let index = PolygonIndex(layer, rule: .southEastExact)
    // The diagonal's ends are vertices of both triangles, exactly on the boundary.
    #expect(area(index, x0, y1) == "SW")
    // The south-east end has nothing to its south-east: as on a city limit, it stays with the
    // first area in layer order that it touches.
    #expect(area(index, x1, y0) == "NE")
    #expect(area(index, x0 + 0.5 * d, y0 + 0.5 * d) == "SW")
    #expect(index.locate(lon: x0 + 0.5 * d, lat: y0 + 0.5 * d).kind == .onBoundary)
    #expect(area(index, x0 + 0.25 * d, y0 + 0.25 * d) == "SW")
    #expect(area(index, x1 - 0.1 * d, y1 - 0.1 * d) == "NE")
  }

  @Test("hand-derived: within the centre-line tolerance, north of an east-west boundary goes south")
  func tolerance() {
    let feetPerDegreeLatitude = 364_400.0  // ≈ at 41.9° N; distances below are far from the thresholds
    let fiveFeetNorth = y(1) + 5 / feetPerDegreeLatitude
    let twentyFeetNorth = y(1) + 20 / feetPerDegreeLatitude
    let exact = PolygonIndex(tiles, rule: .southEastExact)
    let tenFeet = PolygonIndex(tiles, rule: .southEast(toleranceFeet: 10))
    #expect(area(exact, -87.685, fiveFeetNorth) == "r0c1")
    #expect(area(tenFeet, -87.685, fiveFeetNorth) == "r1c1")
    #expect(tenFeet.locate(lon: -87.685, lat: fiveFeetNorth).kind == .withinTolerance)
    #expect(area(tenFeet, -87.685, twentyFeetNorth) == "r0c1")
    #expect(tenFeet.locate(lon: -87.685, lat: twentyFeetNorth).kind == .plain)
    // Five feet south of the boundary: already on the south-east side.
    #expect(area(tenFeet, -87.685, y(1) - 5 / feetPerDegreeLatitude) == "r1c1")
    // Five feet outside the east city limit: pulled onto it, then kept by the only area there.
    let feetPerDegreeLongitude = 364_400.0 * cos(41.875 * Double.pi / 180)
    #expect(area(tenFeet, x(3) + 5 / feetPerDegreeLongitude, 41.875) == "r2c2")
    #expect(area(exact, x(3) + 5 / feetPerDegreeLongitude, 41.875) == nil)
  }

  @Test(
    "every grid vertex of a tiling lands in exactly the south-east area", arguments: [BoundaryRule.southEastExact, .southEast(toleranceFeet: 25)])
  func allVertices(rule: BoundaryRule) {
    let tiling = squareTiling(columns: 6, rows: 5, size: 0.005)
    let index = PolygonIndex(tiling, rule: rule)
    for r in 1..<5 {
      for c in 1..<6 {
        let lon = -87.70 + Double(c) * 0.005
        let lat = 41.90 - Double(r) * 0.005
        #expect(area(index, lon, lat) == "r\(r)c\(c)", "vertex r\(r) c\(c)")
      }
    }
  }
}
