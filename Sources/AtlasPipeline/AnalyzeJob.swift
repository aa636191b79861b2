import AtlasGeometry
import AtlasIO
import AtlasProjection
import AtlasSpatial
import AtlasStatistics
import AtlasStore
import Foundation

/// Options of `analyze`.
public struct AnalyzeConfiguration: Sendable {
  /// Directory of service inputs named as in `ServiceInputs`.
  public var inputs: URL
  public var data: DataDirectory
  /// Directory receiving `atlas.gpkg` and `manifest.json`.
  public var output: URL
  public var layerIDs = ["wards-2023", "police-districts", "police-beats", "community-areas"]
  public var dispatchGoals = CallMetrics.defaultDispatchGoals
  /// Radius a working camera covers, in feet.
  public var cameraRadiusFeet = 500.0
  /// A camera below this uptime fraction is counted as under-performing and not as covering.
  public var uptimeThreshold = 0.9
  /// An area whose camera or 5G coverage share is below this is "under-covered" in the
  /// exposure-by-group figures.
  public var coverageThreshold = 0.5
  /// How tract counts are spread inside tracts; nil: `PopulationMethod.preferred(in: data)`.
  public var population: PopulationMethod?

  public init(inputs: URL, data: DataDirectory, output: URL) {
    self.inputs = inputs
    self.data = data
    self.output = output
  }
}

/// What `analyze` produced and how every input row was accounted for.
public struct AnalyzeResult: Sendable {
  public var metrics: [AreaMetric]
  public var comparisons: [AreaComparison]
  public var indices: [DisparityIndex]
  public var exposures: [GroupExposure]
  public var accountings: [InputAccounting]
  public var population: [String: Demographics]
  /// The population method used and how close its totals are to the official counts.
  public var populationCheck: PopulationCheck
  /// Whether any input was synthetic (then every output says so).
  public var isSynthetic: Bool
  public var gpkgPath: String
  public var manifestPath: String
}

/// Turns the service inputs into per-area metrics for every layer and stores them in one
/// GeoPackage (`atlas.gpkg`) with a run manifest.
public struct AnalyzeJob {
  public var configuration: AnalyzeConfiguration

  public init(configuration: AnalyzeConfiguration) { self.configuration = configuration }

  public func run(progress: (String) -> Void = { _ in }) throws -> AnalyzeResult {
    let c = configuration
    let manifest = try BoundaryManifest.bundled()
    progress("loading layers \(c.layerIDs.joined(separator: ", "))")
    let engine = try JoinEngine.load(layerIDs: c.layerIDs, from: c.data, manifest: manifest, rule: .southEastExact)
    let toFeet = try Transformer(from: .wgs84, to: .illinoisEastFtUS)
    let projected = engine.layers.map { toFeet.transform($0, to: IllinoisEastFtUS.self) }
    let overlays = try projected.map { try Overlay(targets: $0.areas.map(\.polygons)) }

    progress("apportioning 2020 census population")
    // The 2023 wards tile the city and are the reference outline; else the first layer.
    let reference = overlays[engine.layerIDs.firstIndex(of: "wards-2023") ?? 0]
    let populationMethod = c.population ?? .preferred(in: c.data)
    let census = try Demographics.readSource(from: c.data, method: populationMethod, notice: progress) { toFeet.transform($0, to: IllinoisEastFtUS.self) }
      .insideCity(reference)
    var population: [String: Demographics] = [:]
    var metrics: [AreaMetric] = []
    for (l, layer) in engine.layers.enumerated() {
      let demographics = try Demographics(census, onto: overlays[l])
      population[layer.id] = demographics
      for (a, area) in layer.areas.enumerated() {
        let squareMiles = overlays[l].targetAreas[a] / Self.squareFeetPerSquareMile
        metrics.append(AreaMetric(layer: layer.id, areaID: area.id, family: "area", metric: "square_miles", stratum: "all", value: squareMiles, n: 1))
        let total = demographics.population[a]
        metrics.append(AreaMetric(layer: layer.id, areaID: area.id, family: "population", metric: "population", stratum: "all", value: total, n: Int(total.rounded())))
        for group in Demographics.groups {
          let share = total > 0 ? demographics.groups[group]![a] / total : 0
          metrics.append(AreaMetric(layer: layer.id, areaID: area.id, family: "population", metric: "share", stratum: group, value: share, n: Int(total.rounded())))
        }
      }
    }

    let communityAreas = engine.layers.first { $0.id == "community-areas" }
    let populationCheck = try PopulationCheck(
      method: populationMethod, cityTotal: population[engine.layerIDs[engine.layerIDs.firstIndex(of: "wards-2023") ?? 0]]!.massBalance.targetTotal,
      communityAreas: communityAreas.map { ($0.areas.map(\.name), population[$0.id]!.population) },
      tablePath: c.data.file(PopulationCheck.communityAreaFile).path)

    var accountings: [InputAccounting] = []
    var comparisons: [AreaComparison] = []
    var synthetic = false
    let zone = try LocalTimeZone()
    let callsPath = c.inputs.appendingPathComponent(ServiceInputs.Calls.file).path
    var inputFiles: [String] = [c.data.file(Demographics.sourceFile).path] + (populationMethod == .dasymetric ? PopulationMethod.dasymetricFiles.map { c.data.file($0).path } : [])
      + c.layerIDs.compactMap { id in
      manifest.layers.first { $0.id == id }.map { c.data.file($0.path).path }
    }
    if populationCheck.communityAreas != nil { inputFiles.append(c.data.file(PopulationCheck.communityAreaFile).path) }
    var callPeriod: ClosedRange<Double>?
    if FileManager.default.fileExists(atPath: callsPath) {
      progress("reading \(callsPath)")
      var calls = try CallTable.read(path: callsPath, zone: zone, extent: engine.extent)
      let received = calls.stamps[CallStage.received.rawValue]
      if let first = received.min(), let last = received.max() {
        callPeriod = (first / 86_400).rounded(.down) * 86_400...(last / 86_400).rounded(.up) * 86_400
      }
      synthetic = synthetic || calls.isSynthetic
      let assignment = assign(&calls, engine: engine)
      accountings.append(calls.accounting)
      progress("computing 911 metrics for \(calls.count) calls")
      metrics += try CallMetrics.compute(calls, assignment: assignment, dispatchGoals: c.dispatchGoals)
      progress("comparing each area with the rest of the city")
      comparisons += try DisparityAnalysis.callComparisons(calls, assignment: assignment)
      comparisons += try DisparityAnalysis.callRates(calls, assignment: assignment, population: engine.layers.map { population[$0.id]!.population })
      inputFiles.append(callsPath)
    }

    // The analysis period: the calls' span, else the camera log's, to whole days.
    let period = try callPeriod ?? outagePeriod(zone: zone)
    let squareMiles = overlays.map { $0.targetAreas.map { $0 / Self.squareFeetPerSquareMile } }
    let populations = engine.layers.map { population[$0.id]!.population }
    if FileManager.default.fileExists(atPath: c.inputs.appendingPathComponent(ServiceInputs.Cameras.file).path), let period {
      progress("reading cameras and their uptime log")
      let cameras = try CameraTable.read(directory: c.inputs, period: period, zone: zone)
      synthetic = synthetic || cameras.isSynthetic
      var assignment = AreaAssignment(layerIDs: engine.layerIDs, areaIDs: engine.layers.map { $0.areas.map(\.id) }, areas: [])
      var locations: [PointLocation] = []
      var inventory = cameras.inventoryAccounting
      for index in engine.indexes {
        index.locate(lons: cameras.longitude, lats: cameras.latitude, into: &locations)
        assignment.areas.append(locations.map(\.area))
      }
      let outside = (0..<cameras.count).filter { i in assignment.areas.contains { $0[i] < 0 } }.count
      inventory.split("read", into: [("joined", cameras.count - outside), ("outside the city (some layer)", outside)])
      accountings.append(inventory)
      if let log = cameras.logAccounting { accountings.append(log) }
      progress("computing camera metrics for \(cameras.count) cameras")
      metrics += try CameraMetrics.compute(
        cameras, assignment: assignment, squareMiles: squareMiles, population: populations, overlays: overlays, toFeet: toFeet,
        radiusFeet: c.cameraRadiusFeet, uptimeThreshold: c.uptimeThreshold)
      inputFiles += [ServiceInputs.Cameras.file, ServiceInputs.CameraOutages.file, ServiceInputs.CameraUptimeDaily.file]
        .map { c.inputs.appendingPathComponent($0).path }.filter { FileManager.default.fileExists(atPath: $0) }
    }
    let coveragePath = c.inputs.appendingPathComponent(ServiceInputs.Coverage.file).path
    if FileManager.default.fileExists(atPath: coveragePath) {
      progress("computing cellular coverage shares")
      let coverage = try PolygonInput(path: coveragePath, toFeet: toFeet, key: CellularMetrics.key)
      synthetic = synthetic || coverage.isSynthetic
      accountings.append(coverage.accounting)
      metrics += try CellularMetrics.compute(coverage, layers: engine.layers, overlays: overlays)
      inputFiles.append(coveragePath)
    }
    let zonesPath = c.inputs.appendingPathComponent(ServiceInputs.FleetZones.file).path
    let basesPath = c.inputs.appendingPathComponent(ServiceInputs.FleetBases.file).path
    if FileManager.default.fileExists(atPath: zonesPath) || FileManager.default.fileExists(atPath: basesPath) {
      progress("computing fleet zone overlaps and distances to bases")
      var zoneService: [String: String] = [:], zoneBase: [String: String] = [:]
      let zones = try FileManager.default.fileExists(atPath: zonesPath) ? PolygonInput(path: zonesPath, toFeet: toFeet) { p in
        guard let id = p[ServiceInputs.FleetZones.zoneID] else { return nil }
        zoneService[id] = p[ServiceInputs.FleetZones.service] ?? "unknown"
        zoneBase[id] = p[ServiceInputs.FleetZones.baseID]
        return id
      } : nil
      if let zones {
        synthetic = synthetic || zones.isSynthetic
        accountings.append(zones.accounting)
        inputFiles.append(zonesPath)
      }
      var bases: [(id: String, service: String, position: Position<IllinoisEastFtUS>)] = []
      if FileManager.default.fileExists(atPath: basesPath) {
        let read = try FleetMetrics.readBases(path: basesPath, toFeet: toFeet)
        bases = read.bases
        accountings.append(read.accounting)
        inputFiles.append(basesPath)
      }
      metrics += try FleetMetrics.compute(
        zones: zones, zoneService: zoneService, zoneBase: zoneBase, bases: bases, layers: engine.layers, overlays: overlays,
        centroids: engine.layers.map { population[$0.id]!.centroids })
    }

    progress("computing inequality indices and exposure by group")
    let layerAreas = engine.layers.map { (id: $0.id, areaIDs: $0.areas.map(\.id)) }
    let indices = DisparityAnalysis.indices(metrics, layers: layerAreas, population: population)
    var exposures: [GroupExposure] = []
    for layer in layerAreas {
      for (family, metric, stratum) in [
        ("cameras", "coverage_share", "all"), ("cellular", "covered_share", "any | 5G-NR 7/1 | outdoor-stationary"),
      ] {
        exposures += try DisparityAnalysis.exposure(
          metrics, layer: layer, demographics: population[layer.id]!, family: family, metric: metric, stratum: stratum,
          threshold: c.coverageThreshold)
      }
    }

    progress("writing atlas.gpkg")
    try FileManager.default.createDirectory(at: c.output, withIntermediateDirectories: true)
    let gpkgPath = c.output.appendingPathComponent("atlas.gpkg").path
    try AtlasWriter.write(
      gpkgPath, layers: engine.layers, metrics: metrics, comparisons: comparisons, indices: indices, exposures: exposures,
      accountings: accountings, population: population, populationChecks: try populationCheck.figures(), synthetic: synthetic)
    let manifestPath = c.output.appendingPathComponent("manifest.json").path
    try RunManifest(
      inputs: try inputFiles.map { RunManifest.Input(path: $0, sha256: try sha256Hex(ofFile: $0)) },
      parameters: [
        "layers": c.layerIDs.joined(separator: ","),
        "dispatch_goals_seconds": c.dispatchGoals.sorted { $0.key < $1.key }.map { "P\($0.key)=\(Int($0.value))" }.joined(separator: ","),
        "camera_radius_feet": String(c.cameraRadiusFeet), "uptime_threshold": String(c.uptimeThreshold),
        "coverage_threshold": String(c.coverageThreshold), "population_method": populationMethod.manifestDescription,
        "ratio_interval": "order-statistic 95% interval of the area's quantile, rest of city fixed",
        "boundary_rule": "south-east (CPD G01-04), exact", "quantile_method": "Hyndman-Fan type 7",
      ],
      projection: toFeet.operationDescription, synthetic: synthetic
    ).write(to: manifestPath)
    return AnalyzeResult(
      metrics: metrics, comparisons: comparisons, indices: indices, exposures: exposures, accountings: accountings, population: population, populationCheck: populationCheck, isSynthetic: synthetic, gpkgPath: gpkgPath,
      manifestPath: manifestPath)
  }

  /// The span of the camera outage log, to whole days (nil without a log).
  func outagePeriod(zone: LocalTimeZone) throws -> ClosedRange<Double>? {
    let path = configuration.inputs.appendingPathComponent(ServiceInputs.CameraOutages.file).path
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    let log = try CSVTable(contentsOf: path)
    guard let start = log.column(ServiceInputs.CameraOutages.start), let end = log.column(ServiceInputs.CameraOutages.end) else { return nil }
    let stamps = log.rows.flatMap { row in [start, end].compactMap { index -> Double? in
      guard index < row.fields.count, let stamp = Array(row.fields[index].utf8).withUnsafeBufferPointer({ ParsedTimestamp($0) }) else { return nil }
      return zone.placeSequence([stamp])[0]
    } }
    guard let first = stamps.min(), let last = stamps.max() else { return nil }
    return (first / 86_400).rounded(.down) * 86_400...(last / 86_400).rounded(.up) * 86_400
  }

  /// 1 square mile = 5280² US survey feet².
  public static let squareFeetPerSquareMile = 27_878_400.0

  /// Areas of every call in every layer: by location when there is one; otherwise by beat
  /// (and its district, the beat number's leading digits), other layers unknown.
  func assign(_ calls: inout CallTable, engine: JoinEngine) -> AreaAssignment {
    var areas = Array(repeating: [Int32](), count: engine.layers.count)
    let indexByID = engine.layers.map { layer in Dictionary(uniqueKeysWithValues: layer.areas.enumerated().map { ($1.id, Int32($0)) }) }
    var outside = 0, beatOnly = 0
    var locations: [PointLocation] = []
    for l in engine.layers.indices {
      engine.indexes[l].locate(lons: calls.longitude, lats: calls.latitude, into: &locations)
      areas[l] = locations.map(\.area)
    }
    for i in 0..<calls.count where !calls.longitude[i].isFinite {
      beatOnly += 1
      guard let beat = calls.beat[i] else { continue }
      for (l, layer) in engine.layers.enumerated() {
        switch layer.id {
        case "police-beats": areas[l][i] = indexByID[l][beat] ?? -1
        case "police-districts": areas[l][i] = Int(beat).flatMap { indexByID[l][String($0 / 100)] } ?? -1
        default: break
        }
      }
    }
    for i in 0..<calls.count where calls.longitude[i].isFinite && areas.contains(where: { $0[i] < 0 }) { outside += 1 }
    calls.accounting.split("read (located)", into: [("joined", calls.count - beatOnly - outside), ("outside the city (some layer)", outside)])
    return AreaAssignment(layerIDs: engine.layerIDs, areaIDs: engine.layers.map { $0.areas.map(\.id) }, areas: areas)
  }
}
