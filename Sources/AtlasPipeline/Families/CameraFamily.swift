import AtlasIO
import AtlasStore

/// Cameras: per-area counts by type, cameras per square mile and per 10,000 residents, the share
/// of each area within reach of a working camera and residents outside reach (`CameraMetrics`),
/// with uptime from an outage log, a daily uptime file or an activity log (a proxy), or not
/// measured without one.
struct CameraFamily: MetricFamily {
  let name = AtlasFamily.cameras

  func isPresent(in inputs: InputFiles) -> Bool { !inputs.inventories.isEmpty }

  var exposureMetrics: [(metric: String, stratum: String)] { [(CameraMetric.coverageShare.rawValue, AtlasSchema.allStrata)] }

  /// Without `--period` or calls, a daily uptime log's own days are the period; an outage log
  /// alone cannot say which period was watched, so that run is refused before any work.
  func prepare(_ configuration: AnalyzeConfiguration, period: inout AnalysisPeriod?, zone: LocalTimeZone) throws {
    guard period == nil, configuration.inputs.calls == nil, let log = configuration.inputs.cameraLog else { return }
    period = try Self.logPeriod(log, profile: configuration.inputs.profiles[log]?.cameraLogProfile, zone: zone)
    guard period != nil else {
      throw FileIOError(
        path: log, reason: "a camera outage log needs an analysis period: give --period START/END (e.g. 2023-01-01/2024-01-01) or the calls")
    }
  }

  func analyze(_ context: AnalysisContext, into output: inout AnalysisOutput) throws {
    let c = context.configuration
    let inventories = c.inputs.inventories
    context.progress(c.inputs.cameraLog == nil ? "reading camera inventories (no log: uptime not measured)" : "reading cameras and their uptime log")
    let cameras = try CameraTable.read(
      inventories: inventories, log: c.inputs.cameraLog, period: output.period, zone: context.zone, profiles: c.inputs.profiles)
    output.parameters[ManifestParameter.cameraUptime] = cameras.uptimeBasis
    output.parameters[ManifestParameter.cameraRadiusFeet] = String(c.cameraRadiusFeet)
    output.parameters[ManifestParameter.uptimeThreshold] = String(c.uptimeThreshold)
    output.cameras = cameras
    output.isSynthetic = output.isSynthetic || cameras.isSynthetic
    let assignment = context.assign(longitudes: cameras.longitude, latitudes: cameras.latitude)
    // Each inventory's read rows, in order, split into joined and outside.
    var offset = 0
    for var inventory in cameras.inventoryAccountings {
      let read = inventory.rows("read")
      let outside = (offset..<offset + read).filter { i in assignment.areas.contains { $0[i] < 0 } }.count
      inventory.split("read", into: [("joined", read - outside), ("outside the city (some layer)", outside)])
      if c.inputs.cameraLog == nil {
        inventory.note("no outage, uptime or activity log was given: every listed camera counts as present; uptime not measured")
      }
      output.accountings.append(inventory)
      offset += read
    }
    if let log = cameras.logAccounting { output.accountings.append(log) }
    context.progress("computing camera metrics for \(cameras.count) cameras")
    output.metrics += try CameraMetrics.compute(
      cameras, assignment: assignment, squareMiles: context.squareMiles, population: context.populations, overlays: context.overlays,
      toFeet: context.toFeet, radiusFeet: c.cameraRadiusFeet, uptimeThreshold: c.uptimeThreshold)
    output.inputFiles += inventories + [c.inputs.cameraLog].compactMap { $0 }.filter { !inventories.contains($0) }
  }

  /// The period a daily uptime log covers: its first to its last day. Nil for an outage log,
  /// whose intervals say when cameras were down, not which period was watched (one mistyped
  /// 2020–2030 outage would stretch it): such a log needs calls or `--period`.
  static func logPeriod(_ path: String, profile: CameraLogProfile? = nil, zone: LocalTimeZone) throws -> AnalysisPeriod? {
    let log = try CSVTable(contentsOf: path)
    guard let profile = profile ?? CameraLogProfile.recognise(header: log.header), let (first, last) = profile.span(of: log, zone: zone) else {
      return nil
    }
    let days = profile.layout == .activity ? "the \(profile.date!.lowercased()) days" : "the days"
    return AnalysisPeriod(firstDay: first, endDay: last + 1, zone: zone, source: "\(days) of \(path)")
  }
}
