import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasSpatial
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasSynthetic

@Suite("coverage.geojson, fleet_bases.csv and fleet_zones.geojson")
struct CoverageFleetTests {
  func layer(_ features: [Feature<WGS84LonLat>], id: (Feature<WGS84LonLat>) -> String) -> Layer<WGS84LonLat> {
    Layer(id: "generated", areas: features.map { Area(id: id($0), name: id($0), polygons: $0.polygons) }, featureCount: features.count)
  }

  func planarArea(_ feature: Feature<WGS84LonLat>) -> Double { feature.polygons.reduce(0) { $0 + $1.planarArea } }

  @Test("coverage: one feature per provider × technology × environment, every one GEOS-valid without repair")
  func coverageValid() throws {
    let run = try Fixture.standard
    let features = try run.features(ServiceInputs.Coverage.file)
    let parameters = run.configuration.coverage
    typealias C = ServiceInputs.Coverage
    let keys = Set(features.map { "\($0.properties[C.provider]!)|\($0.properties[C.technology]!)|\($0.properties[C.environment]!)" })
    #expect(features.count == parameters.providers.count * parameters.technologies.count * parameters.environments.count)
    #expect(keys.count == features.count)
    #expect(Set(features.compactMap { $0.properties[C.technology] }) == ["4G LTE 5/1", "5G-NR 7/1", "5G-NR 35/3"])
    #expect(Set(features.compactMap { $0.properties[C.environment] }) == ["outdoor-stationary", "in-vehicle"])
    let (_, repairs) = try LayerValidation.validated(
      layer(features) { "\($0.properties[C.provider]!) \($0.properties[C.technology]!) \($0.properties[C.environment]!)" })
    #expect(repairs.isEmpty, "\(repairs)")
  }

  @Test("coverage nests: 4G ⊇ 5G 7/1 ⊇ 5G 35/3 and outdoor ⊇ in-vehicle, compared by area")
  func coverageNests() throws {
    let run = try Fixture.standard
    let features = try run.features(ServiceInputs.Coverage.file)
    typealias C = ServiceInputs.Coverage
    let p = run.configuration.coverage
    func area(_ provider: String, _ technology: String, _ environment: String) -> Double {
      planarArea(
        features.first {
          $0.properties[C.provider] == provider && $0.properties[C.technology] == technology && $0.properties[C.environment] == environment
        }!)
    }
    for provider in p.providers {
      for environment in p.environments {
        let areas = p.technologies.map { area(provider, $0.name, environment) }
        #expect(areas == areas.sorted(by: >) && areas.last! > 0, "\(provider) \(environment): \(areas)")
      }
      for technology in p.technologies {
        #expect(area(provider, technology.name, p.environments[0]) >= area(provider, technology.name, p.environments[1]))
      }
    }
  }

  @Test("coverage holes: ≤ 15 % of points in a hole ward have 5G outdoors (edge cells), ≥ 50 % citywide")
  func coverageHoles() throws {
    let run = try Fixture.standard
    let city = try Fixture.city
    guard case .object(let wards)? = try run.truth()["disparities"]?[SyntheticCity.wardsLayer] else {
      Issue.record("no injected wards")
      return
    }
    let holes = wards.filter { $0.1["coverage_hole_technologies"] != nil }.map(\.0)
    #expect(holes.count == run.configuration.disparities.coverageHoleWards)
    typealias C = ServiceInputs.Coverage
    let fiveG = try run.features(C.file).filter {
      $0.properties[C.technology] == "5G-NR 7/1" && $0.properties[C.environment] == "outdoor-stationary"
    }
    let prepared = try PreparedLayer(layer(fiveG) { $0.properties[C.provider]! })
    func coveredShare(_ points: [(lon: Double, lat: Double)]) throws -> Double {
      var hits = 0
      for point in points where try !prepared.areasCovering(x: point.lon, y: point.lat).isEmpty { hits += 1 }
      return Double(hits) / Double(points.count)
    }
    let cityPoints = samplePoints(city.wards.envelope, step: 0.01).filter { city.ward(lon: $0.lon, lat: $0.lat) != nil }
    #expect(try coveredShare(cityPoints) > 0.5)
    for hole in holes {
      let area = try #require(city.wards.areas.firstIndex { $0.id == hole })
      let points = samplePoints(city.wards.areas[area].envelope, step: 0.001).filter { city.ward(lon: $0.lon, lat: $0.lat) == area }
      #expect(points.count > 50)
      #expect(try coveredShare(points) <= 0.15, "ward \(hole)")
    }
  }

  @Test("fleet bases are the real stations: 22 police (23 rows minus headquarters) and 92 fire, unique ids")
  func fleetBases() throws {
    let table = try Fixture.standard.table(ServiceInputs.FleetBases.file)
    let service = try #require(table.column(ServiceInputs.FleetBases.service))
    #expect(table.rows.filter { $0.fields[service] == "police" }.count == 22)
    #expect(table.rows.filter { $0.fields[service] == "fire" }.count == 92)
    #expect(Set(table.rows.map { $0.fields[0] }).count == table.rows.count)
    #expect(!table.rows.contains { $0.fields[2].contains("Headquarters") })
  }

  @Test("fleet zones: valid, each naming a base of its service, disjoint, covering ≥ 97 % of city points once per service")
  func fleetZones() throws {
    let run = try Fixture.standard
    let city = try Fixture.city
    typealias Z = ServiceInputs.FleetZones
    let zones = try run.features(Z.file)
    let bases = try run.table(ServiceInputs.FleetBases.file)
    let serviceOfBase = Dictionary(uniqueKeysWithValues: bases.rows.map { ($0.fields[0], $0.fields[1]) })
    #expect(zones.allSatisfy { serviceOfBase[$0.properties[Z.baseID] ?? ""] == $0.properties[Z.service] })
    #expect(zones.count <= bases.rows.count && zones.count >= bases.rows.count - 4)
    let (_, repairs) = try LayerValidation.validated(layer(zones) { $0.properties[Z.zoneID]! })
    #expect(repairs.isEmpty, "\(repairs)")
    let cityPoints = samplePoints(city.wards.envelope, step: 0.006).filter { city.ward(lon: $0.lon, lat: $0.lat) != nil }
    for service in ["police", "fire"] {
      let prepared = try PreparedLayer(layer(zones.filter { $0.properties[Z.service] == service }) { $0.properties[Z.zoneID]! })
      var once = 0
      for point in cityPoints {
        let n = try prepared.areasCovering(x: point.lon, y: point.lat).count
        #expect(n <= 1, "\(service) zones overlap at \(point)")
        if n == 1 { once += 1 }
      }
      #expect(Double(once) / Double(cityPoints.count) >= 0.97, "\(service): \(once) of \(cityPoints.count)")
    }
  }

  @Test("under-served wards are served from the base truth names, at least 1.5× farther than the nearest")
  func underservedWards() throws {
    let run = try Fixture.standard
    let city = try Fixture.city
    guard case .object(let wards)? = try run.truth()["disparities"]?[SyntheticCity.wardsLayer] else {
      Issue.record("no injected wards")
      return
    }
    typealias Z = ServiceInputs.FleetZones
    let zones = try run.features(Z.file)
    let effect = try #require(try run.truth()["effects"]?.arrayValue?.first { $0["measure"]?.stringValue == "fleet_distance_km" })
    for (ward, entry) in wards {
      guard let underserved = entry["fleet_underserved"], let base = underserved["base_id"]?.stringValue else { continue }
      let zone = try #require(zones.first { $0.properties[Z.baseID] == base })
      let prepared = try PreparedLayer(layer([zone]) { _ in base })
      let area = try #require(city.wards.areas.firstIndex { $0.id == ward })
      // Points whose neighbours one grid cell away are in the ward too: their cell's centre is in it.
      let dx = run.configuration.fleet.cellLongitude
      let dy = run.configuration.fleet.cellLatitude
      let points = samplePoints(city.wards.areas[area].envelope, step: 0.0005).filter { p in
        [-1.0, 0, 1].allSatisfy { i in [-1.0, 0, 1].allSatisfy { j in city.ward(lon: p.lon + i * dx, lat: p.lat + j * dy) == area } }
      }
      let inZone = try points.filter { try !prepared.areasCovering(x: $0.lon, y: $0.lat).isEmpty }.count
      #expect(points.count > 20)
      #expect(Double(inZone) >= 0.98 * Double(points.count), "ward \(ward): \(inZone) of \(points.count) interior points in \(base)'s zone")
      #expect(effect["realized"]?["by_area"]?[ward]?["ratio"]?.numberValue ?? 0 >= run.configuration.fleet.minimumStretch * 0.9)
    }
  }
}
