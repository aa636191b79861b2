import AtlasGeometry
import AtlasIO
import AtlasProjection
import AtlasSpatial
import AtlasVector
import Foundation

/// How 2020 tract counts are spread inside each tract before they are apportioned onto layers.
public enum PopulationMethod: String, Sendable, CaseIterable {
  /// Evenly over the tract's land and water (area weighting).
  case area
  /// In proportion to 2010 census-block counts, through the election precincts that carry them:
  /// see `Demographics.Source.dasymetric(precincts:)`.
  case dasymetric

  /// The description recorded in the run manifest.
  public var manifestDescription: String {
    switch self {
    case .area: return "area: 2020 tract counts spread evenly over each tract's area"
    case .dasymetric:
      return "dasymetric: 2020 tract counts cut to the tract's 2010 share inside Chicago (\(CityShares.file)), then spread "
        + "inside the city by the 2010 block counts of the election precincts (\(Precincts.file)), per group"
    }
  }
}

/// NAD83 / UTM zone 16N, metres: the CRS of the precinct shapefile.
public enum UTM16NMetres: CoordinateSpace { public static let crs = CRS(epsg: 26916) }

/// Chicago's 2,069 election precincts (the 2015–2023 wards') with 2010 census counts prorated
/// from blocks (MGGG), in EPSG:3435: the finest population weights in the data directory.
public struct Precincts: Sendable {
  /// Where the file lives in a data directory.
  public static let file = "census/mggg_chicago_precincts_2010census.zip"
  /// The precinct file's column for `TOT` and each of `Demographics.groups`.
  public static let columns = [
    "TOT": "TOTPOP", "W": "NH_WHITE", "B": "NH_BLACK", "H": "HISP", "ASIAN": "NH_ASIAN", "AIAN": "NH_AMIN", "NHPI": "NH_NHPI",
    "SOR": "NH_OTHER", "MULTI": "NH_2MORE",
  ]

  public var polygons: [[Polygon<IllinoisEastFtUS>]]
  /// 2010 counts per precinct, keyed as `Demographics.Source.counts` (`TOT` and groups).
  public var counts: [String: [Double]]
  /// Invalid precinct outlines repaired with GEOS MakeValid.
  public var repairs: [ValidityRepair]

  /// Reads the zipped shapefile through GDAL, checks its CRS (UTM 16N) and reprojects it to
  /// EPSG:3435 with PROJ.
  ///
  /// - Throws: `VectorError` (unreadable file, wrong CRS, a feature without polygon or count),
  ///   `ProjectionError`, `GEOSError`.
  public static func read(path: String) throws -> Precincts {
    let layer = try VectorDataset(path: path).readPolygons(in: UTM16NMetres.self)
    try layer.requireCRS()
    if let rejection = layer.rejections.first {
      throw VectorError(path: path, operation: "precincts", message: "\(rejection) (every precinct needs its outline)")
    }
    var counts: [String: [Double]] = [:]
    for (key, column) in columns {
      counts[key] = try layer.features.map { feature in
        guard let value = feature.attributes[column]?.number, value >= 0 else {
          throw VectorError(path: path, operation: "precincts", message: "feature \(feature.index) has no count in '\(column)'")
        }
        return value
      }
    }
    let areas = layer.features.map { Area<UTM16NMetres>(id: String($0.index), name: String($0.index), polygons: $0.polygons) }
    let toFeet = try Transformer<UTM16NMetres, IllinoisEastFtUS>()
    let projected = try toFeet.transform(Layer(id: "precincts-2010", areas: areas, featureCount: areas.count), to: IllinoisEastFtUS.self)
    let (valid, repairs) = try LayerValidation.validated(projected)
    return Precincts(polygons: valid.areas.map(\.polygons), counts: counts, repairs: repairs)
  }
}

/// Per 2010 census tract, the share of its 2010 population living in Chicago (blocks with
/// place 14000 over all its blocks), from the 2010 PL 94-171 block file for Cook County.
public struct CityShares: Sendable {
  public static let file = "census/pl_2010_cook_block.csv.gz"
  /// Keyed by the 6-digit tract code (`010100`).
  public var share: [String: Double]

  /// - Throws: `VectorError` for an unreadable file or a row without tract, place or count.
  public static func read(path: String) throws -> CityShares {
    let rows = try VectorDataset(path: path).readRecords(fields: ["tract", "PLACE", "P001001"])
    var all: [String: Double] = [:]
    var city: [String: Double] = [:]
    for (line, row) in rows.enumerated() {
      guard let tract = row[0]?.description, let count = row[2]?.number else {
        throw VectorError(path: path, operation: "blocks", message: "line \(line + 2) has no tract or no count in P001001")
      }
      all[tract, default: 0] += count
      if row[1]?.description == "14000" { city[tract, default: 0] += count }
    }
    let share = all.reduce(into: [String: Double]()) { shares, entry in
      if entry.value > 0 { shares[entry.key] = (city[entry.key] ?? 0) / entry.value }
    }
    return CityShares(share: share)
  }
}

extension Demographics.Source {
  /// The tracts cut into pieces by the precincts, each piece given the tract's 2020 counts
  /// inside the city in proportion to its 2010 population:
  ///
  ///     weight(piece of tract t in precinct p) = count₂₀₁₀(p) × area(piece) / area(p)
  ///     count₂₀₂₀(piece) = count₂₀₂₀(t) × share(t) × weight(piece) / Σ weights of t's pieces
  ///
  /// with share(t) the tract's 2010 share of residents living in Chicago (`CityShares`; 1 for
  /// a 2020 tract code that was not a 2010 tract). The rest, the tract's residents outside the
  /// city, is left out: no precinct covers them. Groups are spread with the piece's `TOT`
  /// weight × the precinct's 2010 share of the group (a group with no 2010 weight in the tract
  /// falls back to `TOT`'s weights, then to the pieces' areas).
  ///
  /// A tract's part outside every precinct (outside the city, or water) gets none of its
  /// counts; a tract with no precinct piece at all is kept whole, to be area-weighted.
  /// Slivers under 1 ft² are left out before weighting.
  public func dasymetric(precincts: Precincts, cityShares: CityShares) throws -> Demographics.Source {
    // Slivers under a square foot, where tract and precinct outlines differ by a hair, are
    // dropped: they would carry no weight.
    let pieces = try Overlay<IllinoisEastFtUS>.pieces(of: tracts, cutBy: precincts.polygons).filter { piece in
      piece.area >= 1 && piece.polygons.reduce(0) { $0 + $1.planarArea } >= 1
    }
    let precinctAreas = precincts.polygons.map { $0.reduce(0) { $0 + $1.planarArea } }
    var piecesOfTract = Array(repeating: [Int](), count: tracts.count)
    for (k, piece) in pieces.enumerated() { piecesOfTract[piece.source].append(k) }
    let precinctTotals = precincts.counts["TOT"]!
    let weight = pieces.map { precinctAreas[$0.target] > 0 ? precinctTotals[$0.target] * $0.area / precinctAreas[$0.target] : 0 }

    var outTracts: [[Polygon<IllinoisEastFtUS>]] = []
    var outIDs: [String] = []
    var outCounts = counts.mapValues { _ in [Double]() }
    for t in tracts.indices {
      let own = piecesOfTract[t]
      guard !own.isEmpty else {
        outTracts.append(tracts[t])
        outIDs.append(tractIDs[t])
        for key in counts.keys { outCounts[key]!.append(counts[key]![t]) }
        continue
      }
      func weights(_ key: String) -> [Double] {
        own.map { k in
          let p = pieces[k].target
          return precinctTotals[p] > 0 ? weight[k] * precincts.counts[key]![p] / precinctTotals[p] : 0
        }
      }
      let inCity = cityShares.share[String(tractIDs[t].suffix(6))] ?? 1
      let total = weights("TOT")
      let fallback = total.reduce(0, +) > 0 ? total : own.map { pieces[$0].area }
      for key in counts.keys {
        var w = key == "TOT" ? total : weights(key)
        if w.reduce(0, +) <= 0 { w = fallback }
        let sum = w.reduce(0, +)
        for weight in w { outCounts[key]!.append(sum > 0 ? counts[key]![t] * inCity * weight / sum : 0) }
      }
      for k in own {
        outTracts.append(pieces[k].polygons)
        outIDs.append(tractIDs[t])
      }
    }
    return Demographics.Source(tracts: outTracts, tractIDs: outIDs, counts: outCounts)
  }
}

extension PopulationMethod {
  /// The files `dasymetric` needs in the data directory.
  public static let dasymetricFiles = [Precincts.file, CityShares.file]

  /// `dasymetric` when its files are in the data directory, else `area`.
  public static func preferred(in data: DataDirectory) -> PopulationMethod {
    dasymetricFiles.allSatisfy { FileManager.default.fileExists(atPath: data.file($0).path) } ? .dasymetric : .area
  }
}

extension Demographics {
  /// The 2020 tracts (`readSource(from:projection:)`), cut by precincts for `.dasymetric`;
  /// `notice` receives each precinct outline repaired with GEOS MakeValid.
  ///
  /// - Throws: `FileIOError` when `.dasymetric` is asked for without the precinct file, and
  ///   whatever reading the tracts or precincts throws.
  public static func readSource(
    from data: DataDirectory, method: PopulationMethod, notice: (String) -> Void = { _ in },
    projection: (Layer<WGS84LonLat>) throws -> Layer<IllinoisEastFtUS>
  ) throws -> Source {
    let tracts = try readSource(from: data, projection: projection)
    guard method == .dasymetric else { return tracts }
    for file in PopulationMethod.dasymetricFiles where !FileManager.default.fileExists(atPath: data.file(file).path) {
      throw FileIOError(path: data.file(file).path, reason: "missing (2010 counts for --population dasymetric); add it or pass --population area")
    }
    let precincts = try Precincts.read(path: data.file(Precincts.file).path)
    for repair in precincts.repairs { notice("\(Precincts.file): precinct feature \(repair)") }
    return try tracts.dasymetric(precincts: precincts, cityShares: CityShares.read(path: data.file(CityShares.file).path))
  }
}
