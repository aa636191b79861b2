import AtlasGeometry
import AtlasIO
import AtlasStatistics
import Foundation

/// Fleet services as `fleet_bases.csv` and `fleet_zones.geojson` write them.
enum FleetService: String, CaseIterable {
  case police
  case fire
}

/// One base: a real police or fire station.
struct FleetBase {
  var id: String
  var service: FleetService
  var name: String
  var lon: Double
  var lat: Double
}

/// Cell-to-base assignment of one service on the fleet grid.
struct FleetAssignment {
  let service: FleetService
  /// Indexes into the run's bases.
  let bases: [Int]
  /// Per cell: the nearest base (index into all bases), −1 outside the city.
  var nearest: [Int]
  /// Per cell: the base that serves it (the nearest, except in the under-served wards).
  var assigned: [Int]
}

/// One injected under-served ward.
struct UnderservedWard {
  var service: FleetService
  var ward: Int
  var assignedBase: Int
  /// Bases nearest to some cell of the ward.
  var nearestBases: [Int]
  var meanKmToAssigned: Double
  var meanKmToNearest: Double
}

/// What the fleet generator wrote.
struct FleetReport {
  var bases: WrittenFile
  var zones: WrittenFile
  var basesByService: [FleetService: Int]
  var underserved: [UnderservedWard]
  /// Per service: mean distance from city cells outside the under-served wards to their base.
  var cityMeanKm: [FleetService: Double]
}

/// Generates `fleet_bases.csv` (the real district police stations, headquarters skipped, and
/// the real fire stations) and `fleet_zones.geojson`.
///
/// Zones are nearest-base (Voronoi) cells on a fine grid clipped to the city (cells whose centre
/// lies in a ward). For each injected ward, the ward's cells are reassigned to a farther base —
/// the nearest one, among the bases whose natural zone borders the ward, that is at least
/// `minimumStretch` times as far from the ward's centre as the ward's nearest base; when no
/// neighbour qualifies, the nearest qualifying base anywhere (the zone then has an exclave) —
/// stretching that base's zone over the ward. A base whose whole natural zone lies in an
/// injected ward has no zone. Each zone is written as the exact union of its cells
/// (`CellUnion`).
struct FleetGenerator {
  let city: SyntheticCity
  let parameters: FleetParameters

  var bases: [FleetBase] {
    city.policeStations.map { site in
      FleetBase(id: "police-" + (site.key.count < 2 ? "0" : "") + site.key, service: .police, name: site.name, lon: site.lon, lat: site.lat)
    }
      + city.fireStations.map { site in
        FleetBase(
          id: "fire-" + site.key.replacingOccurrences(of: "/", with: "-"), service: .fire, name: site.name, lon: site.lon, lat: site.lat)
      }
  }

  func grid() -> (grid: CellGrid, wardOfCell: [Int]) {
    let grid = CellGrid(covering: city.wards.envelope, dx: parameters.cellLongitude, dy: parameters.cellLatitude, padding: 1)
    return (grid, grid.wardOfCells(city))
  }

  /// Nearest-base assignment of every city cell, per service.
  func naturalAssignments(_ bases: [FleetBase], grid: CellGrid, wardOfCell: [Int]) -> [FleetAssignment] {
    FleetService.allCases.map { service in
      let members = bases.indices.filter { bases[$0].service == service }
      let nearest = wardOfCell.indices.map { k -> Int in
        guard wardOfCell[k] >= 0 else { return -1 }
        let c = grid.centre(k)
        return members.min {
          Geodesy.kilometers(c.lon, c.lat, bases[$0].lon, bases[$0].lat) < Geodesy.kilometers(c.lon, c.lat, bases[$1].lon, bases[$1].lat)
        }!
      }
      return FleetAssignment(service: service, bases: members, nearest: nearest, assigned: nearest)
    }
  }

  /// Reassigns a ward's cells to a farther base and describes the result.
  func stretch(
    _ assignment: inout FleetAssignment, ward: Int, bases: [FleetBase], grid: CellGrid, wardOfCell: [Int]
  ) -> UnderservedWard {
    let cells = wardOfCell.indices.filter { wardOfCell[$0] == ward }
    let centre = cells.reduce((lon: 0.0, lat: 0.0)) { sum, k in
      let c = grid.centre(k)
      return (sum.lon + c.lon / Double(cells.count), sum.lat + c.lat / Double(cells.count))
    }
    func km(_ b: Int) -> Double { Geodesy.kilometers(centre.lon, centre.lat, bases[b].lon, bases[b].lat) }
    let natural = Set(cells.map { assignment.nearest[$0] })
    let nearestKm = assignment.bases.map(km).min()!
    var neighbours = Set<Int>()
    for k in cells {
      let i = k % grid.columns
      let j = k / grid.columns
      for (di, dj) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
        let (ni, nj) = (i + di, j + dj)
        guard ni >= 0, nj >= 0, ni < grid.columns, nj < grid.rows else { continue }
        let base = assignment.nearest[nj * grid.columns + ni]
        if base >= 0 && !natural.contains(base) { neighbours.insert(base) }
      }
    }
    let farEnough = { (b: Int) in km(b) >= parameters.minimumStretch * nearestKm }
    let others = assignment.bases.filter { !natural.contains($0) }
    let candidates = neighbours.filter(farEnough).sorted()
    let pool = !candidates.isEmpty ? candidates : others.contains(where: farEnough) ? others.filter(farEnough) : others
    let chosen = pool.min { (km($0), $0) < (km($1), $1) }!
    for k in cells { assignment.assigned[k] = chosen }
    func meanKm(_ base: (Int) -> Int) -> Double {
      cells.reduce(0.0) { sum, k in
        let c = grid.centre(k)
        let b = bases[base(k)]
        return sum + Geodesy.kilometers(c.lon, c.lat, b.lon, b.lat)
      } / Double(cells.count)
    }
    return UnderservedWard(
      service: assignment.service, ward: ward, assignedBase: chosen, nearestBases: natural.sorted(),
      meanKmToAssigned: meanKm { _ in chosen }, meanKmToNearest: meanKm { assignment.nearest[$0] })
  }

  func write(
    _ bases: [FleetBase], assignments: [FleetAssignment], underserved: [UnderservedWard], grid: CellGrid, wardOfCell: [Int],
    to directory: URL
  ) throws -> FleetReport {
    typealias B = ServiceInputs.FleetBases
    let baseFile = try OutputFile(directory: directory, name: B.file)
    try baseFile.header([B.baseID, B.service, B.name, B.longitude, B.latitude, ServiceInputs.originField])
    for base in bases {
      baseFile.field(base.id)
      baseFile.field(base.service.rawValue)
      baseFile.field(base.name)
      baseFile.coordinate(base.lon)
      baseFile.coordinate(base.lat)
      baseFile.field(ServiceInputs.syntheticOrigin)
      try baseFile.endRow()
    }
    let basesWritten = try baseFile.finish()

    typealias Z = ServiceInputs.FleetZones
    var features: [Feature<WGS84LonLat>] = []
    for assignment in assignments {
      for b in assignment.bases {
        let polygons = CellUnion.polygons(assignment.assigned.map { $0 == b }, grid: grid)
        guard !polygons.isEmpty else { continue }
        features.append(
          Feature(
            properties: [
              Z.zoneID: "zone-\(bases[b].id)", Z.service: assignment.service.rawValue, Z.baseID: bases[b].id,
              ServiceInputs.originField: ServiceInputs.syntheticOrigin,
            ],
            polygons: polygons))
      }
    }
    let zoneFile = try OutputFile(directory: directory, name: Z.file)
    try zoneFile.raw(
      GeoJSON.featureCollection(features, members: [(ServiceInputs.originField, .string(ServiceInputs.syntheticOrigin))]).serialized())
    let zonesWritten = try zoneFile.finish(rows: features.count)

    var cityMean: [FleetService: Double] = [:]
    for assignment in assignments {
      let excluded = Set(underserved.filter { $0.service == assignment.service }.map(\.ward))
      var sum = 0.0
      var n = 0
      for k in wardOfCell.indices where wardOfCell[k] >= 0 && !excluded.contains(wardOfCell[k]) {
        let c = grid.centre(k)
        let b = bases[assignment.assigned[k]]
        sum += Geodesy.kilometers(c.lon, c.lat, b.lon, b.lat)
        n += 1
      }
      cityMean[assignment.service] = n > 0 ? sum / Double(n) : 0
    }
    var counts: [FleetService: Int] = [:]
    for base in bases { counts[base.service, default: 0] += 1 }
    return FleetReport(bases: basesWritten, zones: zonesWritten, basesByService: counts, underserved: underserved, cityMeanKm: cityMean)
  }
}
