import AtlasGeometry
import AtlasSpatial
import AtlasStatistics
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasSynthetic

@Suite("Building blocks: local clock, cell union, GeoJSON writer, distributions")
struct BuildingBlockTests {
  static let chicago = "America/Chicago"

  @Test("cross-implementation: LocalClock timestamps equal Foundation's ISO8601DateFormatter in America/Chicago")
  func clockMatchesFoundation() throws {
    let start = try #require(LocalClock.midnight(year: 2007, month: 1, day: 1, identifier: Self.chicago))
    let end = try #require(LocalClock.midnight(year: 2041, month: 1, day: 1, identifier: Self.chicago))
    let clock = try #require(LocalClock(identifier: Self.chicago, from: start, to: end))
    #expect(clock.transitions.count == 68, "two transitions a year for 34 years")
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: Self.chicago)
    var random = SeededGenerator(seed: 11)
    var instants = (0..<5000).map { _ in start + Int64(random.nextIndex(below: Int(end - start))) }
    // And every second around each transition.
    for t in clock.transitions { instants += (t - 2)...(t + 2) }
    for t in instants {
      #expect(clock.timestamp(t) == formatter.string(from: Date(timeIntervalSince1970: Double(t))), "seed 11, t = \(t)")
    }
  }

  @Test("hand-checked: 2023-11-05 01:30 occurs twice (CDT then CST); that day is a Sunday, day 309; the spring gap skips 02:xx")
  func clockHandCases() throws {
    let clock = try #require(LocalClock(identifier: Self.chicago, from: 1_672_531_200, to: 1_704_067_200))
    // 2023-11-05T06:30:00Z and 07:30:00Z.
    #expect(clock.timestamp(1_699_165_800) == "2023-11-05T01:30:00-05:00")
    #expect(clock.timestamp(1_699_169_400) == "2023-11-05T01:30:00-06:00")
    // 2023-03-12T07:59:59Z is 01:59:59 CST; one second later it is 03:00:00 CDT.
    #expect(clock.timestamp(1_678_607_999) == "2023-03-12T01:59:59-06:00")
    #expect(clock.timestamp(1_678_608_000) == "2023-03-12T03:00:00-05:00")
    let fields = clock.fields(1_699_165_800)
    #expect(fields.weekday == 0 && fields.dayOfYear == 309)
  }

  /// A unit grid: cell (i, j) is the square [i, i+1] × [j, j+1].
  func unitGrid(_ columns: Int, _ rows: Int) -> CellGrid {
    CellGrid(covering: Envelope(minX: 0, minY: 0, maxX: Double(columns), maxY: Double(rows)), dx: 1, dy: 1, padding: 0)
  }

  func mask(_ picture: [String]) -> (grid: CellGrid, chosen: [Bool]) {
    let rows = picture.count
    let columns = picture[0].count
    // The picture's first line is the northern row.
    let chosen = (0..<rows * columns).map { k in Array(picture[rows - 1 - k / columns])[k % columns] == "#" }
    return (unitGrid(columns, rows), chosen)
  }

  func isValid(_ polygons: [Polygon<WGS84LonLat>]) throws -> Bool {
    let layer = Layer(id: "cells", areas: [Area(id: "union", name: "union", polygons: polygons)], featureCount: 1)
    return try LayerValidation.validated(layer).repairs.isEmpty
  }

  @Test("hand-derived: a 3×3 block without its centre is one polygon with one hole, area 8")
  func cellUnionHole() throws {
    let (grid, chosen) = mask(["###", "#.#", "###"])
    let polygons = CellUnion.polygons(chosen, grid: grid)
    #expect(polygons.count == 1)
    #expect(polygons[0].holes.count == 1)
    #expect(polygons[0].exterior.positions.count == 5, "collinear runs merge: 4 corners + closing point")
    #expect(polygons[0].planarArea == 8)
    #expect(try isValid(polygons))
  }

  @Test("hand-derived: diagonal cells become two chamfered squares, each of area 1 − ε²/2")
  func cellUnionDiagonal() throws {
    let (grid, chosen) = mask([".#", "#."])
    let polygons = CellUnion.polygons(chosen, grid: grid)
    let e = CellUnion.chamfer
    #expect(polygons.count == 2)
    for p in polygons { #expect(abs(p.planarArea - (1 - e * e / 2)) < 1e-12) }
    #expect(try isValid(polygons))
  }

  @Test("hand-derived: a ring closed through a diagonal vertex stays valid (the case a plain turn rule gets wrong)")
  func cellUnionPinch() throws {
    // The pocket at row 1, column 1 touches the outside only through a diagonal vertex.
    let (grid, chosen) = mask(["..##", ".#.#", "##.#", "#..#", "####"])
    let polygons = CellUnion.polygons(chosen, grid: grid)
    #expect(try isValid(polygons))
    let chamfered = polygons.reduce(0) { $0 + $1.planarArea }
    #expect(abs(chamfered - Double(chosen.filter { $0 }.count)) < 1e-5)
  }

  @Test("oracle: 200 seeded random masks give GEOS-valid polygons whose area is the cell count less ε²/2 per chamfer")
  func cellUnionRandom() throws {
    var random = SeededGenerator(seed: 2024)
    let e = CellUnion.chamfer
    for trial in 0..<200 {
      let columns = 3 + random.nextIndex(below: 10)
      let rows = 3 + random.nextIndex(below: 10)
      let density = random.nextUniform(0.2, 0.8)
      let grid = unitGrid(columns, rows)
      let chosen = (0..<grid.count).map { _ in random.nextBool(probability: density) }
      let polygons = CellUnion.polygons(chosen, grid: grid)
      #expect(try isValid(polygons), "seed 2024, trial \(trial)")
      // Each diagonal vertex cuts two corners.
      func at(_ i: Int, _ j: Int) -> Bool { i >= 0 && j >= 0 && i < columns && j < rows && chosen[j * columns + i] }
      var diagonals = 0
      for j in 0...rows {
        for i in 0...columns {
          let sw = at(i - 1, j - 1)
          let se = at(i, j - 1)
          let nw = at(i - 1, j)
          let ne = at(i, j)
          if (sw && ne && !se && !nw) || (se && nw && !sw && !ne) { diagonals += 1 }
        }
      }
      let expected = Double(chosen.filter { $0 }.count) - Double(diagonals) * e * e
      let area = polygons.reduce(0) { $0 + $1.planarArea }
      #expect(abs(area - expected) < 1e-9, "seed 2024, trial \(trial): area \(area), expected \(expected)")
    }
  }

  @Test("GeoJSON writer: round trip through the reader, right-hand rule, foreign member, rounding")
  func geoJSONRoundTrip() throws {
    // A clockwise exterior with a counter-clockwise hole: the writer must reverse both.
    let exterior = Ring<WGS84LonLat>([
      Position(x: -87.7, y: 41.8), Position(x: -87.7, y: 41.9), Position(x: -87.6, y: 41.9), Position(x: -87.6, y: 41.8),
      Position(x: -87.7, y: 41.8),
    ])
    let hole = Ring<WGS84LonLat>([
      Position(x: -87.68, y: 41.82), Position(x: -87.62, y: 41.82), Position(x: -87.62, y: 41.88), Position(x: -87.68, y: 41.88),
      Position(x: -87.68, y: 41.82),
    ])
    let feature = Feature(properties: ["name": "a \"quoted\" name", "kind": "test"], polygons: [Polygon(exterior: exterior, holes: [hole])])
    let document = GeoJSON.featureCollection([feature], members: [("data_origin", .string("synthetic"))])
    let bytes = document.serialized()
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(
      text.hasPrefix(
        #"{"type":"FeatureCollection","data_origin":"synthetic","features":[{"type":"Feature","properties":{"kind":"test","name":"a \"quoted\" name"},"geometry":{"type":"Polygon""#
      ))
    let read = try GeoJSON.readFeatures(bytes)
    #expect(read.count == 1 && read[0].properties == feature.properties)
    let polygon = read[0].polygons[0]
    #expect(polygon.exterior.signedDoubleArea > 0 && polygon.holes[0].signedDoubleArea < 0)
    #expect(Set(polygon.exterior.positions) == Set(exterior.positions))
    #expect(GeoJSON.featureCollection([feature], decimals: 1).serialized().count < bytes.count)
    let none = GeoJSON.featureCollection([Feature<WGS84LonLat>(properties: [:], polygons: [])])
    #expect(String(decoding: none.serialized(), as: UTF8.self).contains(#""geometry":{"type":"MultiPolygon","coordinates":[]}"#))
  }

  @Test("hand-derived JSON text: integers without a point, shortest doubles, escapes, null for NaN, pretty layout")
  func jsonSerialization() {
    let value: JSONValue = .object([
      ("n", .array([.number(12), .number(0.35), .number(-87.6231), .number(.nan)])),
      ("s", .string("tab\there \\ \"q\" \u{01}")),
      ("o", .object([("b", .bool(true)), ("z", .null)])),
    ])
    #expect(
      String(decoding: value.serialized(), as: UTF8.self) == #"{"n":[12,0.35,-87.6231,null],"s":"tab\there \\ \"q\" \u0001","o":{"b":true,"z":null}}"#
    )
    #expect(
      String(decoding: value.serialized(pretty: true), as: UTF8.self) == """
        {
          "n": [12, 0.35, -87.6231, null],
          "s": "tab\\there \\\\ \\"q\\" \\u0001",
          "o": {
            "b": true,
            "z": null
          }
        }

        """)
  }

  @Test("seeded: heavy-tailed log-normal median is median × multiplier within 1.5 % (200,000 draws)")
  func logNormalMedian() throws {
    var random = SeededGenerator(seed: 5)
    let distribution = HeavyTailedLogNormal(medianSeconds: 420, sigma: 1.0, tailShare: 0.05, tailSigma: 2.0)
    let draws = (0..<200_000).map { _ in distribution.draw(&random, multiplier: 1.8) }
    #expect(abs(try draws.median() / (420 * 1.8) - 1) < 0.015, "seed 5")
    #expect(draws.allSatisfy { $0 > 0 && $0 <= distribution.maximumSeconds })
  }

  @Test("seeded: Beta(mean 0.05, κ 8) and Beta(mean 0.30, κ 8) sample means within 0.002 (100,000 draws)")
  func betaMean() {
    var random = SeededGenerator(seed: 6)
    for mean in [0.05, 0.30] {
      let draws = (0..<100_000).map { _ in random.nextBeta(mean: mean, concentration: 8) }
      #expect(abs(draws.reduce(0, +) / Double(draws.count) - mean) < 0.002, "seed 6, mean \(mean)")
      #expect(draws.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
  }
}
