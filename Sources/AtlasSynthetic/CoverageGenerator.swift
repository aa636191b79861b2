import AtlasGeometry
import AtlasIO
import AtlasStatistics
import Foundation

/// Coverage of every provider × technology × environment on the coverage grid, before or after
/// the injected holes.
struct CoverageModel {
  let grid: CellGrid
  /// Ward index of each cell centre, −1 outside the city.
  let wardOfCell: [Int]
  /// `covered[p][t][e][k]`: provider p, technology t, environment e, cell k.
  var covered: [[[[Bool]]]]

  /// Share of a ward's cells (all city cells when `ward` is nil, minus `excluding`) covered by
  /// technology t in environment e, averaged over providers.
  func share(technology t: Int, environment e: Int, ward: Int?, excluding: Set<Int> = []) -> Double {
    var cells = 0
    var hits = 0
    for (k, w) in wardOfCell.enumerated() where w >= 0 && (ward == nil || w == ward!) && !excluding.contains(w) {
      cells += 1
      for p in covered.indices where covered[p][t][e][k] { hits += 1 }
    }
    return cells == 0 ? 0 : Double(hits) / Double(cells * covered.count)
  }
}

/// What the coverage generator wrote, for `truth.json`.
struct CoverageReport {
  var file: WrittenFile
  var holeWards: [Int]
  /// Per technology and environment: mean share of city cells outside the holes covered.
  var cityShare: [[Double]]
  /// Per hole ward, technology and environment: share before and after the hole.
  var holeShares: [(ward: Int, before: [[Double]], after: [[Double]])]
}

/// Generates `coverage.geojson`: one MultiPolygon per provider × technology × environment.
///
/// On a grid over the city, each cell gets a score per provider and technology,
///
///     score = w_d · z(log(1 + blurred incident count)) + w_s · z(Σ Gaussian bumps) + w_c · N(0, 1)
///
/// (z = standardised over city cells): denser places score higher, the bumps make smooth
/// provider-specific strong and dead zones, the cell term makes 5G patchy. A provider covers the
/// cells scoring above the quantile that leaves its target share of city cells covered (the
/// technology's share with its uncovered part scaled per provider). Coverage nests: in-vehicle
/// inside outdoor, and each technology inside the previous one. The injected holes then remove
/// the technologies marked `removedInHoles` from every cell whose centre lies in a hole ward.
/// Each coverage set is written as the exact union of its cells (`CellUnion`).
struct CoverageGenerator {
  let city: SyntheticCity
  let parameters: CoverageParameters

  func model(_ generator: inout SeededGenerator) -> CoverageModel {
    let grid = CellGrid(covering: city.wards.envelope, dx: parameters.cellLongitude, dy: parameters.cellLatitude, padding: 3)
    let wardOfCell = grid.wardOfCells(city)
    let cityCells = wardOfCell.indices.filter { wardOfCell[$0] >= 0 }

    var counts = [Double](repeating: 0, count: grid.count)
    for site in city.incidents { if let k = grid.cell(lon: site.lon, lat: site.lat) { counts[k] += 1 } }
    let density = standardized(blurred(counts, grid: grid).map { log1p($0) }, over: cityCells)

    var covered: [[[[Bool]]]] = []
    for p in parameters.providers.indices {
      var byTechnology: [[[Bool]]] = []
      for (t, technology) in parameters.technologies.enumerated() {
        let smooth = standardized(bumps(grid: grid, &generator), over: cityCells)
        var score = [Double](repeating: 0, count: grid.count)
        for k in score.indices {
          score[k] =
            technology.densityWeight * density[k] + technology.smoothWeight * smooth[k]
            + technology.cellNoiseWeight * generator.nextNormal()
        }
        let sorted = cityCells.map { score[$0] }.sorted()
        var byEnvironment: [[Bool]] = []
        for e in parameters.environments.indices {
          let base = e == 0 ? technology.outdoorShare : technology.inVehicleShare
          let target = min(1, max(0, 1 - (1 - base) * parameters.uncoveredScale[p]))
          let rank = Int((Double(sorted.count) * (1 - target)).rounded())
          let threshold = rank >= sorted.count ? Double.infinity : sorted[max(0, rank)]
          var mask = score.map { $0 >= threshold }
          for k in mask.indices where mask[k] {
            if t > 0 && !byTechnology[t - 1][e][k] { mask[k] = false }
            if e > 0 && !byEnvironment[e - 1][k] { mask[k] = false }
          }
          byEnvironment.append(mask)
        }
        byTechnology.append(byEnvironment)
      }
      covered.append(byTechnology)
    }
    return CoverageModel(grid: grid, wardOfCell: wardOfCell, covered: covered)
  }

  /// Removes the hole technologies from the hole wards and writes the file.
  func write(_ baseline: CoverageModel, holeWards: [Int], to directory: URL) throws -> CoverageReport {
    var model = baseline
    let holes = Set(holeWards)
    for p in model.covered.indices {
      for (t, technology) in parameters.technologies.enumerated() where technology.removedInHoles {
        for e in parameters.environments.indices {
          for k in model.wardOfCell.indices where holes.contains(model.wardOfCell[k]) { model.covered[p][t][e][k] = false }
        }
      }
    }
    typealias C = ServiceInputs.Coverage
    var features: [Feature<WGS84LonLat>] = []
    for (p, provider) in parameters.providers.enumerated() {
      for (t, technology) in parameters.technologies.enumerated() {
        for (e, environment) in parameters.environments.enumerated() {
          features.append(
            Feature(
              properties: [
                C.provider: provider, C.technology: technology.name, C.environment: environment,
                ServiceInputs.originField: ServiceInputs.syntheticOrigin,
              ],
              polygons: CellUnion.polygons(model.covered[p][t][e], grid: model.grid)))
        }
      }
    }
    let out = try OutputFile(directory: directory, name: C.file)
    let document = GeoJSON.featureCollection(features, members: [(ServiceInputs.originField, .string(ServiceInputs.syntheticOrigin))])
    try out.raw(document.serialized())
    let file = try out.finish(rows: features.count)

    let technologies = parameters.technologies.indices
    let environments = parameters.environments.indices
    func shares(_ m: CoverageModel, ward: Int?, excluding: Set<Int> = []) -> [[Double]] {
      technologies.map { t in environments.map { e in m.share(technology: t, environment: e, ward: ward, excluding: excluding) } }
    }
    return CoverageReport(
      file: file, holeWards: holeWards, cityShare: shares(model, ward: nil, excluding: holes),
      holeShares: holeWards.map { ($0, shares(baseline, ward: $0), shares(model, ward: $0)) })
  }

  /// A sum of `bumpCount` Gaussian bumps with N(0, 1) amplitudes, centres uniform over the grid
  /// and radii uniform in `bumpRadiusKm`, each evaluated out to three radii.
  private func bumps(grid: CellGrid, _ generator: inout SeededGenerator) -> [Double] {
    var field = [Double](repeating: 0, count: grid.count)
    let cellWidthKm = grid.dx * Geodesy.metersPerDegreeLongitude / 1000
    let cellHeightKm = grid.dy * Geodesy.metersPerDegreeLatitude / 1000
    for _ in 0..<parameters.bumpCount {
      let ci = generator.nextUniform(0, Double(grid.columns))
      let cj = generator.nextUniform(0, Double(grid.rows))
      let radiusKm = generator.nextUniform(parameters.bumpRadiusKm.lowerBound, parameters.bumpRadiusKm.upperBound)
      let amplitude = generator.nextNormal()
      let ri = radiusKm / cellWidthKm
      let rj = radiusKm / cellHeightKm
      let i0 = max(0, Int(ci - 3 * ri))
      let i1 = min(grid.columns - 1, Int(ci + 3 * ri))
      let j0 = max(0, Int(cj - 3 * rj))
      let j1 = min(grid.rows - 1, Int(cj + 3 * rj))
      guard i0 <= i1, j0 <= j1 else { continue }
      for j in j0...j1 {
        let y = (Double(j) + 0.5 - cj) / rj
        for i in i0...i1 {
          let x = (Double(i) + 0.5 - ci) / ri
          field[j * grid.columns + i] += amplitude * exp(-0.5 * (x * x + y * y))
        }
      }
    }
    return field
  }

  /// A separable Gaussian blur with standard deviation `densityBlurCells`, truncated at 3σ.
  private func blurred(_ values: [Double], grid: CellGrid) -> [Double] {
    let sigma = parameters.densityBlurCells
    guard sigma > 0 else { return values }
    let radius = Int((3 * sigma).rounded(.up))
    let kernel = (-radius...radius).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
    var horizontal = [Double](repeating: 0, count: values.count)
    for j in 0..<grid.rows {
      for i in 0..<grid.columns {
        var sum = 0.0
        for (o, weight) in zip(-radius...radius, kernel) where i + o >= 0 && i + o < grid.columns {
          sum += weight * values[j * grid.columns + i + o]
        }
        horizontal[j * grid.columns + i] = sum
      }
    }
    var result = [Double](repeating: 0, count: values.count)
    for j in 0..<grid.rows {
      for i in 0..<grid.columns {
        var sum = 0.0
        for (o, weight) in zip(-radius...radius, kernel) where j + o >= 0 && j + o < grid.rows {
          sum += weight * horizontal[(j + o) * grid.columns + i]
        }
        result[j * grid.columns + i] = sum
      }
    }
    return result
  }

  /// `(x − mean) / sd` with mean and standard deviation taken over the given cells.
  private func standardized(_ values: [Double], over cells: [Int]) -> [Double] {
    let mean = cells.reduce(0) { $0 + values[$1] } / Double(cells.count)
    let variance = cells.reduce(0) { $0 + (values[$1] - mean) * (values[$1] - mean) } / Double(cells.count)
    let sd = variance > 0 ? variance.squareRoot() : 1
    return values.map { ($0 - mean) / sd }
  }
}
