import AtlasGeometry
import AtlasIO
import AtlasProjection
import AtlasSpatial
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasPipeline

private func rectangle(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Polygon<IllinoisEastFtUS>] {
  [
    Polygon(
      exterior: Ring([
        Position(x: x0, y: y0), Position(x: x1, y: y0), Position(x: x1, y: y1), Position(x: x0, y: y1), Position(x: x0, y: y0),
      ]))
  ]
}

/// Every group key with zeros, then the given counts.
private func counts(_ n: Int, _ given: [String: [Double]]) -> [String: [Double]] {
  var all = Dictionary(uniqueKeysWithValues: (["TOT"] + Demographics.groups).map { ($0, Array(repeating: 0.0, count: n)) })
  all.merge(given) { $1 }
  return all
}

@Suite("Population from finer data")
struct PopulationTests {
  /// Tract A [0,100]×[0,100] (1,000: W 600, B 400); tract B [100,200]×[0,100] (500, all B, half
  /// of it living in the city in 2010); tract C [0,100]×[200,300] (70) meets no precinct.
  /// Precinct 1 [0,50]×[0,100]: 300, all W; precinct 2 [50,150]×[0,100]: 100, all B. B's part
  /// east of x = 150 is outside every precinct.
  func fixture() throws -> Demographics.Source {
    let tracts = Demographics.Source(
      tracts: [rectangle(0, 0, 100, 100), rectangle(100, 0, 200, 100), rectangle(0, 200, 100, 300)],
      tractIDs: ["17031000100", "17031000200", "17031000300"],
      counts: counts(3, ["TOT": [1000, 500, 70], "W": [600, 0, 70], "B": [400, 500, 0]]))
    let precincts = Precincts(
      polygons: [rectangle(0, 0, 50, 100), rectangle(50, 0, 150, 100)],
      counts: counts(2, ["TOT": [300, 100], "W": [300, 0], "B": [0, 100]]), repairs: [])
    return try tracts.dasymetric(precincts: precincts, cityShares: CityShares(share: ["000100": 1, "000200": 0.5]))
  }

  @Test("hand-derived: pieces weighted by 2010 precinct density, groups by the precinct's own counts")
  func pieces() throws {
    let source = try fixture()
    // A∩P1: 300 × 5000/5000 = 300; A∩P2: 100 × 5000/10000 = 50. A's 1,000 split 300:50.
    // B∩P2 is B's only piece: 500 × 0.5 (its 2010 share in the city). C is kept whole.
    #expect(source.tractIDs == ["17031000100", "17031000100", "17031000200", "17031000300"])
    let tot = source.counts["TOT"]!
    #expect(abs(tot[0] - 1000 * 300 / 350) < 1e-9)
    #expect(abs(tot[1] - 1000 * 50 / 350) < 1e-9)
    #expect(tot[2] == 250)
    #expect(tot[3] == 70)
    // W lives only in precinct 1, B only in precinct 2: each goes wholly to that piece.
    #expect(source.counts["W"]! == [600, 0, 0, 70])
    #expect(source.counts["B"]! == [0, 400, 250, 0])
    #expect(source.tracts[2].reduce(0) { $0 + $1.planarArea } == 5000)
  }

  @Test("hand-derived: the pieces apportioned onto a layer by area, totals conserved")
  func ontoLayer() throws {
    let overlay = try Overlay(targets: [rectangle(0, -10, 75, 310), rectangle(75, -10, 250, 310)])
    let d = try Demographics(try fixture(), onto: overlay)
    // Left: A∩P1 whole, half of A∩P2 ([50,75] of [50,100]), 75% of C.
    let a1: Double = 1000 * 300 / 350
    let a2: Double = 1000 * 50 / 350
    let left: Double = a1 + a2 / 2 + 70 * 0.75
    #expect(abs(d.population[0] - left) < 1e-6)
    #expect(abs(d.population[1] - (1320 - left)) < 1e-6)
    #expect(abs(d.massBalance.targetTotal - 1320) < 1e-6)
    // Tracts A and C are split across both areas (B lies in the right one only).
    #expect(d.splitTracts == 2)
  }

  @Test("2010 shares in the city read from a gzipped block file through GDAL")
  func cityShares() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let csv = directory.appendingPathComponent("blocks.csv")
    try """
    state,county,tract,block,PLACE,P001001
    17,031,010100,1000,14000,128
    17,031,010100,1001,14000,72
    17,031,770602,1000,65442,300
    17,031,770602,1001,14000,100
    17,031,990000,0001,,0
    """.write(to: csv, atomically: true, encoding: .utf8)
    let run = try runTool("/usr/bin/gzip", [csv.path])
    #expect(run.status == 0, "\(run.output)")
    let shares = try CityShares.read(path: csv.path + ".gz")
    #expect(shares.share == ["010100": 1, "770602": 0.25])
  }

  @Test("hand-derived: city total and community-area errors against the City's table")
  func check() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let table = directory.appendingPathComponent("cca.csv").path
    try """
    vintage,community,chicago,TOT
    2010,ALPHA,TRUE,1
    2020,,FALSE,99
    2020,ALPHA,TRUE,1000
    2020,BETA,TRUE,2000
    2020,GAMMA,TRUE,400
    """.write(toFile: table, atomically: true, encoding: .utf8)
    let check = try PopulationCheck(
      method: .dasymetric, cityTotal: 2_746_388 * 1.001, communityAreas: (["Alpha", "Beta", "Gamma"], [1010, 1990, 380]), tablePath: table)
    #expect(abs(check.cityTotalError - 0.001) < 1e-12)
    // |errors| 1%, 0.5%, 5%: median 1%, p90 = 1% + 0.8 × 4% = 4.2%, max Gamma.
    let errors = try #require(try check.communityAreaErrors())
    #expect(abs(errors.median - 0.01) < 1e-12)
    #expect(abs(errors.p90 - 0.042) < 1e-12)
    #expect(errors.max.name == "Gamma")
    let figures = try check.figures()
    #expect(
      figures.map(\.check) == [
        "method", "city_total", "city_total_error", "community_area_median_abs_error", "community_area_p90_abs_error",
        "community_area_max_abs_error",
      ])
    #expect(figures[0].note == "dasymetric")
    #expect(figures[5].note == "Gamma: 380 apportioned, 400 official")
    #expect(figures[5].goal == 0.05)
    // A community area missing from the table is an error naming the file, not a silent gap.
    #expect(throws: FileIOError.self) {
      try PopulationCheck(method: .area, cityTotal: 1, communityAreas: (["Delta"], [1]), tablePath: table)
    }
  }

  @Test("a precinct file in another CRS is refused, naming both CRSs")
  func precinctCRS() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("precincts.geojson").path
    try """
    {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"TOTPOP":5,"NH_WHITE":5,"NH_BLACK":0,"HISP":0,
    "NH_ASIAN":0,"NH_AMIN":0,"NH_NHPI":0,"NH_OTHER":0,"NH_2MORE":0},"geometry":{"type":"Polygon","coordinates":
    [[[-87.75,41.75],[-87.5,41.75],[-87.5,42.0],[-87.75,41.75]]]}}]}
    """.write(toFile: path, atomically: true, encoding: .utf8)
    #expect { try Precincts.read(path: path) } throws: { error in
      "\(error)".contains("EPSG:4326") && "\(error)".contains("EPSG:26916") && "\(error)".hasPrefix(path)
    }
  }

  /// The community areas' apportioned population with `method`, as `analyze` computes it.
  func measure(_ method: PopulationMethod) throws -> PopulationCheck {
    let data = try TestData.directory
    let toFeet = try Transformer<WGS84LonLat, IllinoisEastFtUS>()
    let wards = try Overlay(targets: try toFeet.transform(try TestData.layer("wards-2023"), to: IllinoisEastFtUS.self).areas.map(\.polygons))
    let areas = try TestData.layer("community-areas")
    let overlay = try Overlay(targets: try toFeet.transform(areas, to: IllinoisEastFtUS.self).areas.map(\.polygons))
    let source = try Demographics.readSource(from: data, method: method) { try toFeet.transform($0, to: IllinoisEastFtUS.self) }.insideCity(wards)
    let d = try Demographics(source, onto: overlay)
    return try PopulationCheck(
      method: method, cityTotal: d.massBalance.targetTotal, communityAreas: (areas.areas.map(\.name), d.population),
      tablePath: data.file(PopulationCheck.communityAreaFile).path)
  }

  @Test("real data: area weighting, the figures of issue 9", .enabled(if: ProcessInfo.processInfo.environment["EQUITY_ATLAS_DATA"] != nil))
  func areaWeighting() throws {
    let check = try measure(.area)
    #expect(abs(check.cityTotal - 2_672_945) < 1)
    let errors = try #require(try check.communityAreaErrors())
    #expect(abs(errors.median - 0.0037) < 0.0001)
    #expect(abs(errors.p90 - 0.0952) < 0.0001)
    #expect(errors.max.name == "OAKLAND")
    #expect(abs(errors.max.apportioned - 4281) < 1)
  }

  /// Goals of issue 9: city within 0.5%, community areas median ≤ 0.5% and max ≤ 5%. The max
  /// is met everywhere but on one pair: the City's table counts 2020 tract 17031843900 wholly
  /// in Woodlawn, while its 2010 precincts 5-32 (all of it) and 5-40 (73%), about 1,900
  /// residents, lie inside South Shore's boundary; so any geographic method moves them, and
  /// Woodlawn's deficit is South Shore's surplus.
  @Test(
    "real data: dasymetric meets the goals (one explained pair aside)", .enabled(if: ProcessInfo.processInfo.environment["EQUITY_ATLAS_DATA"] != nil))
  func dasymetric() throws {
    let check = try measure(.dasymetric)
    #expect(abs(check.cityTotalError) <= PopulationCheck.goals.cityTotal)
    #expect(abs(check.cityTotal - 2_745_417) < 1)
    let errors = try #require(try check.communityAreaErrors())
    #expect(errors.median <= PopulationCheck.goals.medianCommunityArea)
    #expect(errors.p90 < 0.01)
    let areas = try #require(check.communityAreas)
    let pair: Set = ["WOODLAWN", "SOUTH SHORE"]
    for area in areas where !pair.contains(area.name) {
      #expect(abs(area.error) <= PopulationCheck.goals.maxCommunityArea, "\(area.name): \(area.apportioned) vs \(area.official)")
    }
    let woodlawn = try #require(areas.first { $0.name == "WOODLAWN" })
    let southShore = try #require(areas.first { $0.name == "SOUTH SHORE" })
    #expect(abs(woodlawn.error - -0.0635) < 0.001)
    let moved = woodlawn.official - woodlawn.apportioned
    let received = southShore.apportioned - southShore.official
    #expect(moved > 1500 && received > 1500 && abs(moved - received) < 0.1 * moved)
  }

  @Test(
    "real data: the precinct file reprojected to EPSG:3435 lies over the city's wards",
    .enabled(if: ProcessInfo.processInfo.environment["EQUITY_ATLAS_DATA"] != nil))
  func precincts() throws {
    let precincts = try Precincts.read(path: try TestData.file(Precincts.file))
    #expect(precincts.polygons.count == 2069)
    // Every outline is valid as shipped (ogrinfo -dialect SQLite: ST_IsValid on all 2,069).
    #expect(precincts.repairs.isEmpty)
    #expect(abs(precincts.counts["TOT"]!.reduce(0, +) - 2_695_055) < 0.5)
    let toFeet = try Transformer<WGS84LonLat, IllinoisEastFtUS>()
    let wards = try toFeet.transform(try TestData.layer("wards-2015"), to: IllinoisEastFtUS.self)
    let overlay = try Overlay(targets: wards.areas.map(\.polygons))
    // The precincts tile the 2015–2023 wards: their area inside the wards is their whole area.
    let total = precincts.polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.planarArea } }
    let inside = try overlay.overlaps(of: precincts.polygons).reduce(0) { $0 + $1.area }
    #expect(abs(inside - total) / total < 0.001)
  }
}
