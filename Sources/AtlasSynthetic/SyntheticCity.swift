import AtlasGeometry
import AtlasIO
import AtlasSpatial
import AtlasStatistics
import Foundation

/// Where a generated point lies: its area index in each of the city's layers.
struct CityLocation: Hashable, Sendable {
  var ward: Int
  var district: Int
  var beat: Int
}

/// The real city the synthetic records are laid over: the boundary layers that decide which
/// ward, police district and beat a point is in, and the real public locations (incidents,
/// cameras, stations) that seed the generators. Loaded once; every run over it is independent.
public struct SyntheticCity: Sendable {
  /// The layers loaded, in the order `CityLocation` uses.
  public static let wardsLayer = "wards-2023"
  public static let districtsLayer = "police-districts"
  public static let beatsLayer = "police-beats"
  public static let layerIDs = [wardsLayer, districtsLayer, beatsLayer]

  public let engine: JoinEngine
  /// Real geocoded incident locations inside the city (the call and PTZ camera seeds).
  let incidents: [RealSite]
  let podCameras: [RealSite]
  let speedCameras: [RealSite]
  let redLightCameras: [RealSite]
  let policeStations: [RealSite]
  let fireStations: [RealSite]
  /// What was read from each real file.
  public let sources: [SourceUse]

  /// Loads the boundary layers and the real seed files from a data directory.
  ///
  /// - Throws: `DataDirectoryError` for boundary files, `SynthError.realInput` for the others.
  public static func load(from data: DataDirectory, manifest: BoundaryManifest) throws -> SyntheticCity {
    let engine = try JoinEngine(layers: data.loadLayers(named: layerIDs, manifest: manifest), rule: .southEast(toleranceFeet: 0))
    return try SyntheticCity(engine: engine, data: data)
  }

  init(engine: JoinEngine, data: DataDirectory) throws {
    self.engine = engine
    var sources: [SourceUse] = []
    func inside(_ read: (sites: [RealSite], rowsRead: Int), _ path: String, _ what: String) -> [RealSite] {
      let kept = read.sites.filter { Self.locate(engine, lon: $0.lon, lat: $0.lat) != nil }
      let dropped = read.rowsRead - kept.count
      sources.append(
        SourceUse(
          path: path, rowsRead: read.rowsRead, rowsUsed: kept.count,
          note: dropped == 0 ? what : "\(what); \(dropped) rows without coordinates or outside the city skipped"))
      return kept
    }
    let incidents2023 = inside(try RealSources.incidentPoints(RealSources.crimes2023, in: data), RealSources.crimes2023, "call locations")
    let incidents2018 = inside(try RealSources.incidentPoints(RealSources.crimes2018, in: data), RealSources.crimes2018, "call locations")
    incidents = incidents2023 + incidents2018
    podCameras = inside(
      try RealSources.cameraSites(RealSources.podCameras, dateColumn: "year", in: data), RealSources.podCameras, "POD cameras and cluster seeds")
    speedCameras = inside(
      try RealSources.cameraSites(RealSources.speedCameras, dateColumn: "GO-LIVE DATE", in: data), RealSources.speedCameras, "speed cameras")
    redLightCameras = inside(
      try RealSources.cameraSites(RealSources.redLightCameras, dateColumn: "GO LIVE DATE", in: data), RealSources.redLightCameras,
      "red-light cameras")
    // Stations are kept wherever they are: a base may stand just outside the area it serves.
    let police = try RealSources.policeStations(in: data)
    policeStations = police.sites
    sources.append(
      SourceUse(path: RealSources.policeStations, rowsRead: police.rowsRead, rowsUsed: police.sites.count, note: "police bases; headquarters skipped")
    )
    let fire = try RealSources.fireStations(in: data)
    fireStations = fire.sites
    sources.append(SourceUse(path: RealSources.fireStations, rowsRead: fire.rowsRead, rowsUsed: fire.sites.count, note: "fire bases"))
    self.sources = sources
    guard !incidents.isEmpty, !podCameras.isEmpty else {
      throw SynthError.realInput(path: data.file(RealSources.crimes2023).path, reason: "no incident or POD location inside the city")
    }
  }

  /// The areas of a point in every layer, or nil when it is outside any of them.
  func locate(lon: Double, lat: Double) -> CityLocation? {
    Self.locate(engine, lon: lon, lat: lat)
  }

  private static func locate(_ engine: JoinEngine, lon: Double, lat: Double) -> CityLocation? {
    let ward = engine.indexes[0].locate(lon: lon, lat: lat)
    guard !ward.isOutside else { return nil }
    let district = engine.indexes[1].locate(lon: lon, lat: lat)
    guard !district.isOutside else { return nil }
    let beat = engine.indexes[2].locate(lon: lon, lat: lat)
    guard !beat.isOutside else { return nil }
    return CityLocation(ward: Int(ward.area), district: Int(district.area), beat: Int(beat.area))
  }

  /// The ward index of a point, or nil outside every ward.
  func ward(lon: Double, lat: Double) -> Int? {
    let location = engine.indexes[0].locate(lon: lon, lat: lat)
    return location.isOutside ? nil : Int(location.area)
  }

  /// Area ids in reading order: numeric ids numerically, then others as text.
  static func idPrecedes(_ a: String, _ b: String) -> Bool {
    switch (Int(a), Int(b)) {
    case (let x?, let y?): return x < y
    case (.some, nil): return true
    case (nil, .some): return false
    default: return a < b
    }
  }

  /// Area indexes of a layer ordered by their ids (`idPrecedes`).
  static func sortedByID(_ indices: [Int], in layer: Layer<WGS84LonLat>) -> [Int] {
    indices.sorted { idPrecedes(layer.areas[$0].id, layer.areas[$1].id) }
  }

  var wards: Layer<WGS84LonLat> { engine.layers[0] }
  var districts: Layer<WGS84LonLat> { engine.layers[1] }
  var beats: Layer<WGS84LonLat> { engine.layers[2] }

  /// A point near `(lon, lat)` with a Gaussian offset of `meters` in each axis, inside the city,
  /// drawn again until it is; after `attempts` misses, the original point.
  func jittered(
    lon: Double, lat: Double, meters: Double, generator: inout SeededGenerator, attempts: Int = 64
  ) -> (lon: Double, lat: Double, location: CityLocation)? {
    for _ in 0..<attempts {
      let x = lon + generator.nextNormal() * meters / Geodesy.metersPerDegreeLongitude
      let y = lat + generator.nextNormal() * meters / Geodesy.metersPerDegreeLatitude
      if let location = locate(lon: x, lat: y) { return (x, y, location) }
    }
    return locate(lon: lon, lat: lat).map { (lon, lat, $0) }
  }
}

/// Local flat-earth scale at Chicago's latitude (41.84° N), good to 0.1 % across the city.
enum Geodesy {
  static let referenceLatitude = 41.84
  static let metersPerDegreeLatitude = 111_070.0
  static let metersPerDegreeLongitude = 111_320.0 * cos(referenceLatitude * .pi / 180)

  /// Distance in kilometres between two lon/lat points (equirectangular approximation).
  static func kilometers(_ lon1: Double, _ lat1: Double, _ lon2: Double, _ lat2: Double) -> Double {
    let dx = (lon1 - lon2) * metersPerDegreeLongitude
    let dy = (lat1 - lat2) * metersPerDegreeLatitude
    return (dx * dx + dy * dy).squareRoot() / 1000
  }
}
