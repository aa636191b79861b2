import AtlasGeometry
import AtlasProjection
import Foundation
import Testing

/// NAD83 / UTM zone 16N, metres (the 2010 precinct file's CRS).
private enum UTM16N: CoordinateSpace { static let crs = CRS(epsg: 26916) }

/// Expected positions are cross-implementation: PROJ's `cs2cs` 9.1.1 (Debian 12 proj-bin), made
/// by `Tests/reference/projection/cs2cs.sh`, output in `cs2cs.txt` beside it. cs2cs picks the
/// operation as `proj_create_crs_to_crs` does; it prints 6 decimals of feet and 9 of degrees,
/// hence the tolerances.
@Suite("Transformer against cs2cs")
struct TransformerTests {
  let feet = 1e-5
  let degrees = 1e-8

  @Test("cs2cs: WGS 84 lon/lat → EPSG:3435 feet for City Hall, O'Hare and Hegewisch, in lon/lat order")
  func wgs84ToFeet() throws {
    let toFeet = try Transformer<WGS84LonLat, IllinoisEastFtUS>()
    let cases: [(lon: Double, lat: Double, x: Double, y: Double)] = [
      (-87.6319, 41.8839, 1175255.222716, 1901063.711011),
      (-87.9048, 41.9786, 1100769.957395, 1935083.201950),
      (-87.5470, 41.6550, 1199136.827619, 1817854.541319),
    ]
    for c in cases {
      let p = try toFeet.transform(Position<WGS84LonLat>(x: c.lon, y: c.lat))
      #expect(abs(p.x - c.x) < feet && abs(p.y - c.y) < feet, "(\(c.lon), \(c.lat)) → \(p), cs2cs (\(c.x), \(c.y))")
    }
    // The batch call agrees with the single ones, position by position.
    let batch = try toFeet.transform(cases.map { Position<WGS84LonLat>(x: $0.lon, y: $0.lat) })
    #expect(batch == (try cases.map { try toFeet.transform(Position<WGS84LonLat>(x: $0.lon, y: $0.lat)) }))
  }

  @Test("cs2cs: EPSG:3435 feet → WGS 84, longitude first")
  func feetToWGS84() throws {
    let toDegrees = try Transformer<IllinoisEastFtUS, WGS84LonLat>()
    let cases: [(x: Double, y: Double, lon: Double, lat: Double)] = [
      (1_176_000, 1_900_000, -87.629197183, 41.880964379),
      (1_100_000, 1_850_000, -87.909177517, 41.745125302),
    ]
    for c in cases {
      let p = try toDegrees.transform(Position<IllinoisEastFtUS>(x: c.x, y: c.y))
      #expect(abs(p.x - c.lon) < degrees && abs(p.y - c.lat) < degrees, "(\(c.x), \(c.y)) → \(p), cs2cs (\(c.lon), \(c.lat))")
    }
  }

  @Test("cs2cs: UTM 16N metres → EPSG:3435 feet, through a layer (every vertex, holes included)")
  func utmLayerToFeet() throws {
    let toFeet = try Transformer<UTM16N, IllinoisEastFtUS>()
    let p = Position<UTM16N>(x: 448000, y: 4_636_000)
    let square = Ring<UTM16N>([p, Position(x: 448100, y: 4_636_000), Position(x: 448100, y: 4_636_100), p])
    let layer = Layer(id: "l", areas: [Area(id: "a", name: "a", polygons: [Polygon(exterior: square, holes: [square])])], featureCount: 1)
    let projected = try toFeet.transform(layer)
    let rings = projected.areas[0].polygons[0].rings
    #expect(rings.count == 2 && rings.allSatisfy { $0.positions.count == 4 })
    for ring in rings {
      let first = ring.positions[0]
      #expect(abs(first.x - 1176713.458181) < feet && abs(first.y - 1897544.815279) < feet, "\(first)")
      #expect(ring.positions[3] == first)
      // 100 m east is 328.083 US survey feet, less the grid's scale and convergence: in range.
      let east = ring.positions[1]
      #expect((327...329.2).contains(((east.x - first.x) * (east.x - first.x) + (east.y - first.y) * (east.y - first.y)).squareRoot()))
    }
  }

  @Test("a position outside the operation's domain becomes (∞, ∞), the others in the batch are kept")
  func failedPositionIsInfinite() throws {
    let operation = try CoordinateOperation(from: .illinoisEastFtUS, to: .wgs84)
    var xs = [1_176_000, 1e30]
    var ys = [1_900_000, 1e30]
    try operation.transform(xs: &xs, ys: &ys)
    #expect(abs(xs[0] - -87.629197183) < degrees && abs(ys[0] - 41.880964379) < degrees)
    #expect(xs[1] == .infinity && ys[1] == .infinity)
  }

  @Test("a run-time operation refuses a polygon asked for in a space other than its target")
  func runtimeTargetChecked() throws {
    let operation = try CoordinateOperation(from: .illinoisEastFtUS, to: .wgs84)
    let ring = Ring<IllinoisEastFtUS>([
      Position(x: 1_176_000, y: 1_900_000), Position(x: 1_176_100, y: 1_900_000), Position(x: 1_176_100, y: 1_900_100),
      Position(x: 1_176_000, y: 1_900_000),
    ])
    let polygon = Polygon(exterior: ring)
    let lonLat = try operation.transform(polygon, to: WGS84LonLat.self)
    #expect(abs(lonLat.exterior.positions[0].x - -87.629197183) < degrees)
    #expect(throws: ProjectionError.self) { try operation.transform(polygon, to: IllinoisEastFtUS.self) }
  }

  @Test("an unknown CRS is refused with PROJ's message")
  func unknownCRS() throws {
    #expect { try CoordinateOperation(from: CRS(epsg: 999_999), to: .wgs84) } throws: { error in
      guard let error = error as? ProjectionError else { return false }
      return error.operation.contains("EPSG:999999") && !error.message.isEmpty
    }
  }

  @Test("the operation description names the Illinois East zone")
  func description() throws {
    let description = try Transformer<WGS84LonLat, IllinoisEastFtUS>().operationDescription
    #expect(description.contains("Illinois East"), "\(description)")
  }
}
