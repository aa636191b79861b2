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

  /// The pipeline's stages: check inputs and output, let each family settle the period, load
  /// and project the layers, apportion the census onto them, run each family, derive the
  /// indices, exposures and spatial clusters, then write the manifest and the atlas.
  public func run(progress: @escaping (String) -> Void = { _ in }) throws -> AnalyzeResult {
    let c = configuration
    try c.inputs.validate()
    let removedPartials = try Self.prepareOutput(c.output)
    for name in removedPartials { progress("removed \(name), left by an earlier run that was killed") }
    let zone = try LocalTimeZone()
    let families = MetricFamilies.present(in: c.inputs)
    var output = AnalysisOutput(period: c.period)
    for family in families { try family.prepare(c, period: &output.period, zone: zone) }

    let manifest = try BoundaryManifest.bundled()
    progress("loading layers \(c.layerIDs.joined(separator: ", "))")
    let engine = try JoinEngine.load(layerIDs: c.layerIDs, from: c.data, manifest: manifest, rule: .southEastExact)
    let toFeet = try Transformer<WGS84LonLat, IllinoisEastFtUS>()
    let projected = try engine.layers.map { try toFeet.transform($0, to: IllinoisEastFtUS.self) }
    var context = AnalysisContext(
      configuration: c, zone: zone, engine: engine, manifest: manifest, toFeet: toFeet,
      overlays: try projected.map { try Overlay(targets: $0.areas.map(\.polygons)) }, population: [:], progress: progress)

    progress("apportioning 2020 census population")
    let populationMethod = c.population ?? .preferred(in: c.data)
    let populationCheck = try apportionPopulation(populationMethod, context: &context, into: &output)
    output.inputFiles += c.layerIDs.compactMap { id in manifest.layers.first { $0.id == id }.map { c.data.file($0.path).path } }
    if populationCheck.communityAreas != nil { output.inputFiles.append(c.data.file(PopulationCheck.communityAreaFile).path) }

    if let period = output.period { progress("analysis period: \(period.description)") }
    for family in families {
      let known = output.period != nil
      try family.analyze(context, into: &output)
      if !known, let period = output.period { progress("analysis period: \(period.description)") }
    }

    progress("computing inequality indices and exposure by group")
    let layerAreas = engine.layers.map { (id: $0.id, areaIDs: $0.areas.map(\.id)) }
    let indices = output.indexIntervals.applied(to: DisparityAnalysis.indices(output.metrics, layers: layerAreas, population: context.population))
    var exposures: [GroupExposure] = []
    for layer in layerAreas {
      for family in families {
        for (metric, stratum) in family.exposureMetrics {
          exposures += try DisparityAnalysis.exposure(
            output.metrics, layer: layer, demographics: context.population[layer.id]!, family: family.name.rawValue, metric: metric, stratum: stratum,
            threshold: c.coverageThreshold)
        }
      }
    }
    progress("computing spatial clusters of 911 response times (\(SpatialClusters.permutations) permutations)")
    let spatial = try SpatialClusters.compute(output.metrics, layers: engine.layers)
    for (layerID, repairs) in engine.repairs.sorted(by: { $0.key < $1.key }) {
      guard let spec = manifest.layers.first(where: { $0.id == layerID }) else { continue }
      var accounting = InputAccounting(file: c.data.file(spec.path).path)
      for repair in repairs { accounting.note("\(layerID) \(repair)") }
      output.accountings.append(accounting)
    }

    progress("writing atlas.gpkg")
    let gpkgPath = c.output.appendingPathComponent("atlas.gpkg").path
    let manifestPath = c.output.appendingPathComponent("manifest.json").path
    var parameters = [
      "layers": c.layerIDs.joined(separator: ","), "coverage_threshold": String(c.coverageThreshold),
      "population_method": populationMethod.manifestDescription, "boundary_rule": "south-east (CPD G01-04), exact",
      "quantile_method": "Hyndman-Fan type 7", "spatial_inference": SpatialClusters.manifestDescription,
    ].merging(output.parameters) { _, family in family }
    if let period = output.period {
      parameters["period_start"] = period.startDate
      parameters["period_end_exclusive"] = period.endDate
      parameters["period_time_zone"] = period.timeZone
      parameters["period_source"] = period.source
    }
    let manifestBytes = try RunManifest(
      inputs: try output.inputFiles.map { RunManifest.Input(path: $0, sha256: try sha256Hex(ofFile: $0)) },
      parameters: parameters, projection: toFeet.operationDescription, synthetic: output.isSynthetic
    ).encoded()
    // Both files are written in full under temporary names first, then renamed one right after
    // the other. The atlas records the manifest's sha256, so the pair left by a run killed
    // between the two renames (a window of one system call) is refused by `report`.
    let manifestTemporary = try RunManifest.writeTemporary(manifestBytes, for: manifestPath)
    do {
      try AtlasWriter.write(
        gpkgPath, layers: engine.layers, metrics: output.metrics, comparisons: output.comparisons, indices: indices, exposures: exposures,
        accountings: output.accountings, ignored: c.inputs.ignored, population: context.population,
        populationChecks: try populationCheck.figures(), synthetic: output.isSynthetic, period: output.period,
        manifestSHA256: sha256Hex(of: manifestBytes), cameras: output.cameras, spatial: spatial, quantileIntervals: output.quantileIntervals,
        companions: [(manifestTemporary, manifestPath)])
    } catch {
      try? FileManager.default.removeItem(atPath: manifestTemporary)
      throw error
    }
    return AnalyzeResult(
      metrics: output.metrics, comparisons: output.comparisons, indices: indices, exposures: exposures, accountings: output.accountings,
      ignored: c.inputs.ignored, period: output.period, removedPartials: removedPartials, population: context.population,
      populationCheck: populationCheck, isSynthetic: output.isSynthetic,
      gpkgPath: gpkgPath, manifestPath: manifestPath, spatial: spatial)
  }

  /// Spreads the 2020 census onto every layer (clipped to the current wards' outline, the city),
  /// adds each area's square miles, residents and group shares, and checks the totals against
  /// the official counts.
  func apportionPopulation(
    _ method: PopulationMethod, context: inout AnalysisContext, into output: inout AnalysisOutput
  ) throws -> PopulationCheck {
    let c = configuration
    let toFeet = context.toFeet
    let reference = context.overlays[context.layerIndex(.currentWards) ?? 0]
    let census = try Demographics.readSource(from: c.data, method: method, notice: context.progress) {
      try toFeet.transform($0, to: IllinoisEastFtUS.self)
    }
    .insideCity(reference)
    for (l, layer) in context.engine.layers.enumerated() {
      let demographics = try Demographics(census, onto: context.overlays[l])
      context.population[layer.id] = demographics
      for (a, area) in layer.areas.enumerated() {
        let squareMiles = context.overlays[l].targetAreas[a] / Self.squareFeetPerSquareMile
        output.metrics.append(AreaMetric(layer: layer.id, areaID: area.id, .area(.squareMiles), value: squareMiles, n: 1))
        let total = demographics.population[a]
        output.metrics.append(AreaMetric(layer: layer.id, areaID: area.id, .population(.population), value: total, n: Int(total.rounded())))
        for group in Demographics.groups {
          let share = total > 0 ? demographics.groups[group]![a] / total : 0
          output.metrics.append(AreaMetric(layer: layer.id, areaID: area.id, .population(.share, group), value: share, n: Int(total.rounded())))
        }
      }
    }
    output.inputFiles =
      [c.data.file(Demographics.sourceFile).path] + (method == .dasymetric ? PopulationMethod.dasymetricFiles.map { c.data.file($0).path } : [])
    let engine = context.engine
    let population = context.population
    let communityAreas: (names: [String], population: [Double])? = context.layerIndex(.communityAreas).map { l in
      (engine.layers[l].areas.map(\.name), population[engine.layerIDs[l]]!.population)
    }
    return try PopulationCheck(
      method: method, cityTotal: population[engine.layerIDs[context.layerIndex(.currentWards) ?? 0]]!.massBalance.targetTotal,
      communityAreas: communityAreas,
      tablePath: c.data.file(PopulationCheck.communityAreaFile).path)
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

  /// 1 square mile = 5280² US survey feet².
  public static let squareFeetPerSquareMile = 27_878_400.0
}
