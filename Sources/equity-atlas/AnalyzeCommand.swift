import ArgumentParser
import AtlasIO
import AtlasPipeline
import Foundation

struct AnalyzeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "analyze",
    abstract: "Per-area service metrics for every boundary layer, stored in atlas.gpkg.",
    discussion: """
      Reads the service inputs, given by kind (--calls, --cameras, --camera-log, --coverage, \
      --fleet-zones, --fleet-bases) or found in --inputs under the names `equity-atlas synth` \
      writes (calls.csv, cameras.csv, camera_outages.csv or camera_uptime_daily.csv, \
      coverage.geojson, fleet_zones.geojson, fleet_bases.csv; any other file there is reported \
      and not used). --cameras also reads the City's Data Portal exports of speed, red-light \
      and POD camera locations as they are. Any FILE may carry a profile, FILE@PROFILE: a \
      built-in name or a YAML file whose `kind:` (calls, cameras, camera-log, polygons) must \
      match the flag, e.g. --cameras county.csv@county.yaml; `equity-atlas inspect FILE` \
      suggests one. Joins them onto wards, police districts, beats and \
      community areas (CPD G01-04 boundary rule), apportions the 2020 census onto each area, \
      and writes to --out:

      - atlas.gpkg: an OGC GeoPackage (opens in QGIS; `ogrinfo atlas.gpkg` lists it) with one \
      polygon table per layer holding every metric as a column, and the tables metrics, \
      comparisons, disparities, exposure, input_accounting, input_notes, cameras, \
      population_balance, population_checks and run_info (data origin, analysis period).
      - manifest.json: inputs with sha256, parameters, tool version, PROJ operation; its \
      sha256 is recorded in the atlas.

      911 metrics per priority: calls, timestamp completeness per stage, p50/p90 of \
      call-to-dispatch, dispatch-to-on-scene and call-to-on-scene (Hyndman–Fan type 7), \
      share over the dispatch goal, missing/negative/over-24-h interval counts, and bounds on \
      the on-scene p90 when on-scene times are missing. \
      Outputs made from synthetic inputs say so (run_info.data_origin, manifest "synthetic"). \
      The file is replaced atomically: an interrupted run leaves the previous atlas in place.
      """
  )

  @OptionGroup var dataOptions: DataOptions

  @Option(name: .long, help: ArgumentHelp("Directory of service inputs named as synth writes them.", valueName: "dir"))
  var inputs: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "911 calls (CAD extract): calls.csv, or FILE@PROFILE with a built-in profile (seattle-spd, sf-fire) or a YAML profile file.",
      valueName: "file[@profile]"))
  var calls: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Camera inventory: cameras.csv, a Data Portal camera location export, or FILE@PROFILE (chicago-speed, chicago-red-light, chicago-pod, equity-atlas-cameras, or a YAML profile with kind: cameras) (repeatable).",
      valueName: "file[@profile]"))
  var cameras: [String] = []

  @Option(
    name: .customLong("camera-log"),
    help: ArgumentHelp(
      "Camera outages, daily uptime or an activity log (a violations export), or FILE@PROFILE (equity-atlas-outages, equity-atlas-uptime-daily, chicago-violations, or a YAML profile with kind: camera-log).",
      valueName: "file[@profile]"))
  var cameraLog: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Cellular coverage polygons (GeoJSON, GeoPackage, shapefile, FlatGeobuf, CSV with WKT), or FILE@PROFILE with a YAML profile of kind: polygons (repeatable).",
      valueName: "file[@profile]"))
  var coverage: [String] = []

  @Option(
    name: .customLong("fleet-zones"),
    help: ArgumentHelp(
      "Fleet service zones (any polygon format), or FILE@PROFILE with a YAML profile of kind: polygons.", valueName: "file[@profile]"))
  var fleetZones: String?

  @Option(name: .customLong("fleet-bases"), help: ArgumentHelp("Fleet bases (stations), CSV.", valueName: "file"))
  var fleetBases: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Analysis period as Chicago dates START/END, END exclusive (default: the calls' days, else the daily uptime log's).",
      valueName: "start/end"))
  var period: String?

  @Option(name: .long, help: ArgumentHelp("Directory for atlas.gpkg and manifest.json.", valueName: "dir"))
  var out: String

  @Option(name: .long, help: "Comma-separated layer ids.")
  var layers: String = "wards-2023,police-districts,police-beats,community-areas"

  @Option(name: .customLong("dispatch-goal"), help: "Call-to-dispatch goals in seconds by priority, e.g. 1=120,2=600,3=1800.")
  var dispatchGoal: String = "1=120,2=600,3=1800"

  @Option(name: .customLong("camera-radius-feet"), help: "Radius a working camera covers, in feet.")
  var cameraRadiusFeet: Double = 500

  @Option(name: .customLong("uptime-threshold"), help: "Uptime fraction (0…1) below which a camera counts as under-performing.")
  var uptimeThreshold: Double = 0.9

  @Option(
    name: .long,
    help: ArgumentHelp(
      "How tract populations are spread inside tracts: dasymetric (by 2010 precinct block counts) or area. "
        + "Default: dasymetric when \(PopulationMethod.dasymetricFiles.joined(separator: " and ")) are in the data directory, else area.",
      valueName: "method"))
  var population: PopulationMethod?

  func validate() throws {
    if let inputs {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: inputs, isDirectory: &isDirectory) else {
        throw ValidationError("--inputs \(inputs) does not exist")
      }
      guard isDirectory.boolValue else {
        throw ValidationError("--inputs \(inputs) is a file; give a directory, or name the file with its flag (--calls, --cameras, …)")
      }
    }
    if let period { _ = try parsedPeriod(period) }
    guard (0...1).contains(uptimeThreshold) else { throw ValidationError("--uptime-threshold is a fraction from 0 to 1") }
    guard cameraRadiusFeet > 0 else { throw ValidationError("--camera-radius-feet must be positive") }
    _ = try goals()
  }

  func parsedPeriod(_ text: String) throws -> AnalysisPeriod {
    do { return try AnalysisPeriod(parsing: text, zone: try LocalTimeZone()) } catch let error as AnalysisPeriod.Error {
      throw ValidationError(error.message)
    }
  }

  func inputFiles() throws -> InputFiles {
    var files = InputFiles()
    /// The file of `FILE[@PROFILE]`, its profile (of `kind`) recorded.
    func file(_ text: String, _ flag: String, _ kind: InputKind) throws -> String {
      let (path, name) = try Self.splitProfile(text, flag: flag)
      guard let name else { return path }
      let profile: InputProfile
      do { profile = try InputProfile.named(name, for: kind) } catch let error as ProfileError {
        throw ValidationError("\(flag) \(path): \(error.message)")
      }
      if let calls = profile.callProfile { files.callProfile = calls } else { files.profiles[path] = profile }
      return path
    }
    files.calls = try calls.map { try file($0, "--calls", .calls) }
    files.cameras = try cameras.map { try file($0, "--cameras", .cameras) }
    files.cameraLog = try cameraLog.map { try file($0, "--camera-log", .cameraLog) }
    files.coverage = try coverage.map { try file($0, "--coverage", .polygons) }
    files.fleetZones = try fleetZones.map { try file($0, "--fleet-zones", .polygons) }
    files.fleetBases = fleetBases
    if let inputs { try files.addDirectory(inputs) }
    guard files.isEmpty else { return files }
    guard inputs != nil else {
      throw ValidationError(
        "no service inputs: give --inputs DIR (files named as synth writes them) or files by kind (--calls, --cameras, --camera-log, --coverage, --fleet-zones, --fleet-bases)"
      )
    }
    return files
  }

  /// `FILE@PROFILE` split at the last `@` when what follows names a built-in profile or an
  /// existing file; otherwise the whole text is the file (paths may contain `@`).
  static func splitProfile(_ text: String, flag: String) throws -> (String, String?) {
    guard let at = text.lastIndex(of: "@") else { return (text, nil) }
    let path = String(text[..<at])
    let profile = String(text[text.index(after: at)...])
    if InputProfile.builtIn[profile] != nil || FileManager.default.fileExists(atPath: profile) { return (path, profile) }
    if FileManager.default.fileExists(atPath: text) { return (text, nil) }
    throw ValidationError(
      "\(flag) \(text): '\(profile)' is neither a built-in profile (\(InputProfile.builtIn.keys.sorted().joined(separator: ", "))) nor a profile file"
    )
  }

  func goals() throws -> [UInt8: Double] {
    var result: [UInt8: Double] = [:]
    for part in dispatchGoal.split(separator: ",") {
      let pair = part.split(separator: "=")
      guard pair.count == 2, let level = UInt8(pair[0].trimmingCharacters(in: .whitespaces)), (1...3).contains(level),
        let seconds = Double(pair[1].trimmingCharacters(in: .whitespaces)), seconds > 0
      else { throw ValidationError("--dispatch-goal takes PRIORITY=SECONDS pairs like 1=120,2=600, not '\(part)'") }
      result[level] = seconds
    }
    return result
  }

  func run() throws {
    let started = Date()
    let files: InputFiles
    do { files = try inputFiles() } catch let error as InputFilesError { throw ValidationError(error.message) }
    for (file, reason) in files.ignored { print("not used: \(file): \(reason)") }
    if files.isEmpty, let inputs {
      print("WARNING: \(inputs) holds no service input this tool knows; the atlas will hold population and area figures only")
    }
    var configuration = AnalyzeConfiguration(inputs: files, data: try DataDirectory.resolve(dataOptions.data), output: URL(fileURLWithPath: out))
    configuration.period = try period.map(parsedPeriod)
    configuration.layerIDs = layers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    configuration.dispatchGoals = try goals()
    configuration.cameraRadiusFeet = cameraRadiusFeet
    configuration.uptimeThreshold = uptimeThreshold
    configuration.population = population ?? .preferred(in: configuration.data)
    if population == nil, configuration.population == .area {
      print(
        "notice: \(PopulationMethod.dasymetricFiles.joined(separator: " or ")) is missing from the data directory, so population is spread by area inside tracts (--population area)"
      )
    }
    let result = try AnalyzeJob(configuration: configuration).run {
      print(String(format: "• %5.1f s  ", Date().timeIntervalSince(started)) + $0)
    }
    if result.isSynthetic { print("\nSYNTHETIC inputs: every output of this run is marked synthetic.") }
    print("")
    for accounting in result.accountings {
      print(accounting.table)
      if accounting.rowsRead > 0, accounting.outcomes.allSatisfy({ $0.label.hasPrefix("rejected") }) {
        print("  WARNING: every row of \(accounting.file) was rejected; the reasons and examples above say why")
      }
    }
    print("\nanalysis period: " + (result.period?.description ?? "none (no calls, --period or camera log; no time-bound figures)"))
    for id in configuration.layerIDs {
      guard let d = result.population[id] else { continue }
      print(
        String(
          format: "population on %@: %.0f of %.0f inside the city (loss %.4f%%), %d tracts split across areas",
          id, d.massBalance.targetTotal, d.massBalance.sourceTotalInside, abs(d.lossShare) < 5e-7 ? 0 : d.lossShare * 100, d.splitTracts))
    }
    print(try result.populationCheck.summary())
    print(
      "\nwrote \(result.gpkgPath) (\(result.metrics.count) figures) and \(result.manifestPath) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
    )
  }
}
