import AtlasGeometry
import AtlasIO
import AtlasProjection
import AtlasSpatial
import AtlasStatistics
import AtlasStore
import Foundation

/// Options of `analyze`.
public struct AnalyzeConfiguration: Sendable {
  /// The service input files, by kind.
  public var inputs: InputFiles
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
  /// The analysis period; nil: the calls' span in whole local days, else the camera log's.
  public var period: AnalysisPeriod?
  /// How tract counts are spread inside tracts; nil: `PopulationMethod.preferred(in: data)`.
  public var population: PopulationMethod?

  public init(inputs: InputFiles, data: DataDirectory, output: URL) {
    self.inputs = inputs
    self.data = data
    self.output = output
  }

  /// The inputs found in `directory` under the names `synth` writes.
  public init(inputs directory: URL, data: DataDirectory, output: URL) throws {
    var files = InputFiles()
    try files.addDirectory(directory.path)
    self.init(inputs: files, data: data, output: output)
  }
}

/// What `analyze` produced and how every input row was accounted for.
public struct AnalyzeResult: Sendable {
  public var metrics: [AreaMetric]
  public var comparisons: [AreaComparison]
  public var indices: [DisparityIndex]
  public var exposures: [GroupExposure]
  public var accountings: [InputAccounting]
  /// Files given or found but not used, with the reason.
  public var ignored: [(file: String, reason: String)]
  /// The period the figures describe (nil when nothing time-bound was analysed).
  public var period: AnalysisPeriod?
  /// Temporary files of earlier killed runs that this run removed.
  public var removedPartials: [String]
  public var population: [String: Demographics]
  /// The population method used and how close its totals are to the official counts.
  public var populationCheck: PopulationCheck
  /// Whether any input was synthetic (then every output says so).
  public var isSynthetic: Bool
  public var gpkgPath: String
  public var manifestPath: String
  /// Moran's I, Local Moran's I and Gi* of the 911 response quantiles (`SpatialClusters`).
  public var spatial = SpatialResults()
}

/// Turns the service inputs into per-area metrics for every layer and stores them in one
/// GeoPackage (`atlas.gpkg`) with a run manifest.
public struct AnalyzeJob {
  public var configuration: AnalyzeConfiguration

  public init(configuration: AnalyzeConfiguration) { self.configuration = configuration }

  public func run(progress: (String) -> Void = { _ in }) throws -> AnalyzeResult {
    let c = configuration
    try c.inputs.validate()
    let removedPartials = try Self.prepareOutput(c.output)
    for name in removedPartials { progress("removed \(name), left by an earlier run that was killed") }
    let zone = try LocalTimeZone()
    var period = c.period
    // Without --period or calls, a daily uptime log's own days; an outage log alone cannot say
    // which period was watched, so that is refused before any work.
    if period == nil, c.inputs.calls == nil, let log = c.inputs.cameraLog {
      period = try Self.logPeriod(log, zone: zone)
      guard period != nil else {
        throw FileIOError(path: log, reason: "a camera outage log needs an analysis period: give --period START/END (e.g. 2023-01-01/2024-01-01) or the calls")
      }
    }
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
    var caseMix: String?
    var inputFiles: [String] = [c.data.file(Demographics.sourceFile).path] + (populationMethod == .dasymetric ? PopulationMethod.dasymetricFiles.map { c.data.file($0).path } : [])
      + c.layerIDs.compactMap { id in
        manifest.layers.first { $0.id == id }.map { c.data.file($0.path).path }
      }
    if populationCheck.communityAreas != nil { inputFiles.append(c.data.file(PopulationCheck.communityAreaFile).path) }
    if let callsPath = c.inputs.calls {
      progress("reading \(callsPath)")
      let profile = try c.inputs.callProfile ?? CallProfile.detect(callsPath)
      var calls = try CallTable.read(path: callsPath, profile: profile, zone: zone, extent: engine.extent, beats: Self.knownBeats(engine))
      let received = calls.stamps[CallStage.received.rawValue]
      if period == nil, let first = received.min(), let last = received.max() {
        period = AnalysisPeriod(covering: first, last, zone: zone, source: "the calls' received times (\(callsPath))")
      }
      synthetic = synthetic || calls.isSynthetic
      let assignment = assign(&calls, engine: engine)
      accountings.append(calls.accounting)
      progress("computing 911 metrics for \(calls.count) calls")
      metrics += try CallMetrics.compute(calls, assignment: assignment, dispatchGoals: c.dispatchGoals)
      progress("comparing each area with the rest of the city")
      comparisons += try DisparityAnalysis.callComparisons(calls, assignment: assignment)
      comparisons += try DisparityAnalysis.callRates(calls, assignment: assignment, population: engine.layers.map { population[$0.id]!.population })
      progress("comparing each area with the rest of the city reweighted to the area's mix of calls")
      let adjusted = try CaseMix.comparisons(calls, assignment: assignment, zone: TimeZone(identifier: profile.timeZone) ?? zone.zone)
      comparisons += adjusted.comparisons
      for left in adjusted.unmatched {
        accountings[accountings.count - 1].note(
          "case-mix adjustment, \(left.layer): \(left.calls) area call interval(s) fell in a call type × hour-of-week cell with no rest-of-city calls and are left out of the adjusted ratios")
      }
      caseMix = CaseMix.manifestDescription(hasCallTypes: !calls.callType.isEmpty)
      inputFiles.append(callsPath)
    }

    if let period { progress("analysis period: \(period.description)") }
    let squareMiles = overlays.map { $0.targetAreas.map { $0 / Self.squareFeetPerSquareMile } }
    let populations = engine.layers.map { population[$0.id]!.population }
    let inventories = c.inputs.inventories
    var cameraUptime: String?
    var cameraTable: CameraTable?
    if !inventories.isEmpty {
      progress(c.inputs.cameraLog == nil ? "reading camera inventories (no log: uptime not measured)" : "reading cameras and their uptime log")
      let cameras = try CameraTable.read(inventories: inventories, log: c.inputs.cameraLog, period: period, zone: zone)
      cameraUptime = cameras.uptimeBasis
      cameraTable = cameras
      synthetic = synthetic || cameras.isSynthetic
      var assignment = AreaAssignment(layerIDs: engine.layerIDs, areaIDs: engine.layers.map { $0.areas.map(\.id) }, areas: [])
      var locations: [PointLocation] = []
      for index in engine.indexes {
        index.locate(lons: cameras.longitude, lats: cameras.latitude, into: &locations)
        assignment.areas.append(locations.map(\.area))
      }
      // Each inventory's read rows, in order, split into joined and outside.
      var offset = 0
      for var inventory in cameras.inventoryAccountings {
        let read = inventory.rows("read")
        let outside = (offset..<offset + read).filter { i in assignment.areas.contains { $0[i] < 0 } }.count
        inventory.split("read", into: [("joined", read - outside), ("outside the city (some layer)", outside)])
        if c.inputs.cameraLog == nil {
          inventory.note("no outage, uptime or activity log was given: every listed camera counts as present; uptime not measured")
        }
        accountings.append(inventory)
        offset += read
      }
      if let log = cameras.logAccounting { accountings.append(log) }
      progress("computing camera metrics for \(cameras.count) cameras")
      metrics += try CameraMetrics.compute(
        cameras, assignment: assignment, squareMiles: squareMiles, population: populations, overlays: overlays, toFeet: toFeet,
        radiusFeet: c.cameraRadiusFeet, uptimeThreshold: c.uptimeThreshold)
      inputFiles += inventories + [c.inputs.cameraLog].compactMap { $0 }.filter { !inventories.contains($0) }
    }
    if !c.inputs.coverage.isEmpty {
      progress("computing cellular coverage shares")
      var merged: PolygonInput?
      for path in c.inputs.coverage {
        let coverage = try PolygonInput(path: path, toFeet: toFeet, key: CellularMetrics.key)
        synthetic = synthetic || coverage.isSynthetic
        accountings.append(coverage.accounting)
        if merged == nil { merged = coverage } else { merged!.merge(coverage) }
        inputFiles.append(path)
      }
      metrics += try CellularMetrics.compute(merged!, layers: engine.layers, overlays: overlays)
    }
    if c.inputs.fleetZones != nil || c.inputs.fleetBases != nil {
      progress("computing fleet zone overlaps and distances to bases")
      var bases: [(id: String, service: String, position: Position<IllinoisEastFtUS>)] = []
      if let basesPath = c.inputs.fleetBases {
        let read = try FleetMetrics.readBases(path: basesPath, toFeet: toFeet)
        bases = read.bases
        accountings.append(read.accounting)
        inputFiles.append(basesPath)
      }
      let zones = try c.inputs.fleetZones.map {
        try FleetZones(path: $0, toFeet: toFeet, baseIDs: c.inputs.fleetBases == nil ? nil : Set(bases.map(\.id)))
      }
      if let zones, let zonesPath = c.inputs.fleetZones {
        synthetic = synthetic || zones.input.isSynthetic
        accountings.append(zones.input.accounting)
        inputFiles.append(zonesPath)
      }
      metrics += try FleetMetrics.compute(
        zones: zones?.input, zoneService: zones?.service ?? [:], zoneBase: zones?.base ?? [:], bases: bases, layers: engine.layers,
        overlays: overlays,
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
    progress("computing spatial clusters of 911 response times (\(SpatialClusters.permutations) permutations)")
    let spatial = try SpatialClusters.compute(metrics, layers: engine.layers)
    for (layerID, repairs) in engine.repairs.sorted(by: { $0.key < $1.key }) {
      guard let spec = manifest.layers.first(where: { $0.id == layerID }) else { continue }
      var accounting = InputAccounting(file: c.data.file(spec.path).path)
      for repair in repairs { accounting.note("\(layerID) \(repair)") }
      accountings.append(accounting)
    }

    progress("writing atlas.gpkg")
    let gpkgPath = c.output.appendingPathComponent("atlas.gpkg").path
    let manifestPath = c.output.appendingPathComponent("manifest.json").path
    var parameters = [
      "layers": c.layerIDs.joined(separator: ","),
      "dispatch_goals_seconds": c.dispatchGoals.sorted { $0.key < $1.key }.map { "P\($0.key)=\(Int($0.value))" }.joined(separator: ","),
      "camera_radius_feet": String(c.cameraRadiusFeet), "uptime_threshold": String(c.uptimeThreshold),
      "coverage_threshold": String(c.coverageThreshold), "population_method": populationMethod.manifestDescription,
      "ratio_interval": "order-statistic 95% interval of the area's quantile, rest of city fixed",
      "boundary_rule": "south-east (CPD G01-04), exact", "quantile_method": "Hyndman-Fan type 7",
      "spatial_inference": SpatialClusters.manifestDescription,
    ]
    if let cameraUptime { parameters["camera_uptime"] = cameraUptime }
    if let caseMix { parameters["case_mix_adjustment"] = caseMix }
    if let period {
      parameters["period_start"] = period.startDate
      parameters["period_end_exclusive"] = period.endDate
      parameters["period_time_zone"] = period.timeZone
      parameters["period_source"] = period.source
    }
    let manifestBytes = try RunManifest(
      inputs: try inputFiles.map { RunManifest.Input(path: $0, sha256: try sha256Hex(ofFile: $0)) },
      parameters: parameters, projection: toFeet.operationDescription, synthetic: synthetic
    ).encoded()
    // Both files are written in full under temporary names first, then renamed one right after
    // the other. The atlas records the manifest's sha256, so the pair left by a run killed
    // between the two renames (a window of one system call) is refused by `report`.
    let manifestTemporary = try RunManifest.writeTemporary(manifestBytes, for: manifestPath)
    do {
      try AtlasWriter.write(
        gpkgPath, layers: engine.layers, metrics: metrics, comparisons: comparisons, indices: indices, exposures: exposures,
        accountings: accountings, ignored: c.inputs.ignored, population: population, populationChecks: try populationCheck.figures(),
        synthetic: synthetic, period: period,
        manifestSHA256: sha256Hex(of: manifestBytes), cameras: cameraTable, spatial: spatial,
        companions: [(manifestTemporary, manifestPath)])
    } catch {
      try? FileManager.default.removeItem(atPath: manifestTemporary)
      throw error
    }
    return AnalyzeResult(
      metrics: metrics, comparisons: comparisons, indices: indices, exposures: exposures, accountings: accountings,
      ignored: c.inputs.ignored, period: period, removedPartials: removedPartials, population: population, populationCheck: populationCheck,
      isSynthetic: synthetic,
      gpkgPath: gpkgPath, manifestPath: manifestPath, spatial: spatial)
  }

  /// Checks the output directory before any work, and removes temporary files that earlier
  /// killed runs left in it. Returns the names removed.
  static func prepareOutput(_ output: URL) throws -> [String] {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: output.path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw FileIOError(path: output.path, reason: "--out must be a directory (for atlas.gpkg and manifest.json), and this is a file")
      }
    } else {
      do { try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true) } catch {
        throw FileIOError(path: output.path, reason: "cannot create the output directory (\(error.localizedDescription))")
      }
    }
    guard access(output.path, W_OK | X_OK) == 0 else {
      throw FileIOError(path: output.path, reason: "the output directory is not writable; choose another --out")
    }
    return GeoPackageWriter.removeStalePartials(of: output.appendingPathComponent("atlas.gpkg").path)
      + RunManifest.removeStaleTemporaries(of: output.appendingPathComponent("manifest.json").path)
  }

  /// The period a daily uptime log covers: its first to its last day. Nil for an outage log,
  /// whose intervals say when cameras were down, not which period was watched (one mistyped
  /// 2020–2030 outage would stretch it): such a log needs calls or `--period`.
  static func logPeriod(_ path: String, zone: LocalTimeZone) throws -> AnalysisPeriod? {
    let log = try CSVTable(contentsOf: path)
    if CameraActivityLog.matches(log.header), let (first, last) = CameraActivityLog.span(of: log) {
      return AnalysisPeriod(firstDay: first, endDay: last + 1, zone: zone, source: "the violation dates of \(path)")
    }
    guard let dateColumn = log.column(ServiceInputs.CameraUptimeDaily.date) else { return nil }
    let days = log.rows.compactMap { dateColumn < $0.fields.count ? AnalysisPeriod.parseDate($0.fields[dateColumn].trimmingWhitespace()) : nil }
    guard let first = days.min(), let last = days.max() else { return nil }
    return AnalysisPeriod(firstDay: first, endDay: last + 1, zone: zone, source: "the days of \(path)")
  }

  /// The beats a call without coordinates may name: the beat layer's ids (canonical), or nil
  /// when no beat layer is analysed (then the district layer decides).
  static func knownBeats(_ engine: JoinEngine) -> (String) -> String? {
    if let beats = engine.layers.first(where: { $0.id == "police-beats" }) {
      let ids = Set(beats.areas.map(\.id))
      return { ids.contains($0) ? nil : "beat '\($0)' is not a beat of police-beats" }
    }
    if let districts = engine.layers.first(where: { $0.id == "police-districts" }) {
      let ids = Set(districts.areas.map(\.id))
      return { beat in
        guard let n = Int(beat), n > 0, ids.contains(String(n / 100)) else { return "beat '\(beat)' names no district of police-districts" }
        return nil
      }
    }
    return { _ in "located by beat only, but neither police-beats nor police-districts is analysed" }
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
