import AtlasGeometry
import AtlasSpatial
import AtlasTestSupport
import Foundation
import Testing

/// The grid index against a brute-force GEOS `covers` oracle (`PreparedLayer`) on real layers.
@Suite("PolygonIndex agrees with GEOS covers")
struct PolygonIndexOracleTests {
  /// Random points over the layer's envelope (padded, so some fall outside), plus every vertex
  /// of a sample of areas (points exactly on boundaries, where the rule decides).
  @Test("seeded random points and boundary vertices", arguments: ["wards-2023", "police-beats"])
  func randomPoints(layerID: String) throws {
    let layer = try TestData.layer(layerID)
    let oracle = try PreparedLayer(layer)
    let seed: UInt64 = 20_231_106
    var random = SeededGenerator(seed: seed)
    let e = layer.envelope
    var points: [(Double, Double)] = (0..<60_000).map { _ in
      (
        Double.random(in: (e.minX - 0.01)...(e.maxX + 0.01), using: &random),
        Double.random(in: (e.minY - 0.01)...(e.maxY + 0.01), using: &random)
      )
    }
    for area in layer.areas.prefix(12) {
      for polygon in area.polygons { for p in polygon.exterior.positions.prefix(400) { points.append((p.x, p.y)) } }
    }
    for (rule, name) in [(BoundaryRule.southEastExact, "south-east"), (.none, "none")] {
      let index = PolygonIndex(layer, rule: rule)
      var onBoundary = 0
      for (x, y) in points {
        let covering = try oracle.areasCovering(x: x, y: y)
        let location = index.locate(lon: x, lat: y)
        let context = "seed \(seed), rule \(name), point (\(x), \(y)), oracle \(covering.map { layer.areas[$0].id })"
        switch covering.count {
        case 0:
          #expect(location.isOutside, "\(context)")
        case 1:
          #expect(location.area == Int32(covering[0]), "\(context)")
        default:
          onBoundary += 1
          #expect(covering.contains(Int(location.area)), "\(context)")
          if rule == .none { #expect(location.area == Int32(covering[0]), "\(context)") }
          #expect(location.kind == .onBoundary, "\(context)")
        }
      }
      // The vertex sample must actually exercise the rule.
      #expect(onBoundary > 100)
    }
  }

  /// Over the whole tiling, no point is in two areas and none falls between them: every
  /// vertex shared by two or more areas of the real layer resolves to one of them, and the
  /// south-east one where the oracle can tell (a step south-east lands in it).
  @Test("shared vertices of real wards follow the south-east rule")
  func sharedVertices() throws {
    let layer = try TestData.layer("wards-2023")
    let oracle = try PreparedLayer(layer)
    let index = PolygonIndex(layer, rule: .southEastExact)
    var checked = 0
    for area in layer.areas.prefix(20) {
      for p in area.polygons[0].exterior.positions.prefix(300) {
        let covering = try oracle.areasCovering(x: p.x, y: p.y)
        guard covering.count == 2 else { continue }
        // About 0.2 ft toward (1, −1) in degrees, the rule's direction.
        let step = 0.2 / 364_000
        let southEast = try oracle.areasCovering(x: p.x + step, y: p.y - step)
        guard southEast.count == 1 else { continue }
        let location = index.locate(lon: p.x, lat: p.y)
        #expect(location.area == Int32(southEast[0]), "vertex (\(p.x), \(p.y)) of ward \(area.id)")
        checked += 1
      }
    }
    #expect(checked > 500)
  }
}

@Suite("Real boundary layers")
struct RealLayerTests {
  /// Expected counts: shared/data/PROVENANCE.md (verified there with shapely 2.2).
  @Test(
    "feature and area counts",
    arguments: [
      ("wards-2023", 50, 50), ("wards-2015", 50, 50), ("police-districts", 25, 23), ("police-beats", 277, 275),
      ("community-areas", 77, 77), ("census-tracts-2010", 801, 801),
    ])
  func counts(id: String, features: Int, areas: Int) throws {
    let layer = try TestData.layer(id)
    #expect(layer.featureCount == features)
    #expect(layer.areas.count == areas)
    #expect(Set(layer.areas.map(\.id)).count == areas)
  }

  @Test("District 31 and beat 3100 are one area each, made of three pieces")
  func multiPieceAreas() throws {
    let districts = try TestData.layer("police-districts")
    #expect(districts.areas.first { $0.id == "31" }?.polygons.count == 3)
    let beats = try TestData.layer("police-beats")
    #expect(beats.areas.first { $0.id == "3100" }?.polygons.count == 3)
    #expect(Set(beats.areas.map(\.id)).contains("1713"))
  }

  @Test("every real polygon is valid, so none is repaired")
  func validity() throws {
    for id in ["wards-2023", "police-districts", "police-beats", "community-areas"] {
      let (_, repairs) = try LayerValidation.validated(try TestData.layer(id))
      #expect(repairs.isEmpty, "\(id): \(repairs)")
    }
  }

  @Test("an invalid bow-tie polygon is repaired and reported")
  func repair() throws {
    let bowTie = Ring<WGS84LonLat>([
      Position(x: -87.70, y: 41.80), Position(x: -87.60, y: 41.90), Position(x: -87.60, y: 41.80),
      Position(x: -87.70, y: 41.90), Position(x: -87.70, y: 41.80),
    ])
    let layer = Layer(id: "bad", areas: [Area(id: "1", name: "1", polygons: [Polygon(exterior: bowTie)])], featureCount: 1)
    let (repaired, repairs) = try LayerValidation.validated(layer)
    #expect(repairs.count == 1)
    #expect(repairs.first?.reason.hasPrefix("Self-intersection") == true)
    // MakeValid splits the bow-tie into its two triangles of 0.0025 square degrees each.
    #expect(repaired.areas[0].polygons.count == 2)
    #expect(abs(repaired.areas[0].polygons.reduce(0) { $0 + $1.planarArea } - 0.005) < 1e-12)
  }
}
