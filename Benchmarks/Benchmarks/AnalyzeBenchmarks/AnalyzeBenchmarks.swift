import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasProjection
import AtlasSpatial
import Benchmark
import BenchmarkInput
import Foundation

// The analyze benchmarks (issue #3): `AnalyzeJob.run()` end to end on one synthetic year
// (1,300,000 calls, 4,559 cameras with 228k outage rows, coverage and fleet files; see
// `SyntheticYear`), and its costly stages that the public API reaches: reading the calls,
// the 911 metrics, reading the cameras with their outage log, and the camera metrics (GEOS
// coverage by 500 ft discs). Cellular coverage and the GeoPackage writer are internal; they are
// in the end-to-end figure only.
//
// A run takes seconds, so each benchmark runs few iterations. Inputs are made in `setup`
// (outside the measurement); the end-to-end run writes atlas.gpkg under $TMPDIR.

/// 911 calls analysed per second of wall-clock time.
let callsPerSecond = BenchmarkMetric.custom("calls/s", polarity: .prefersLarger, useScalingFactor: false)

/// State made in the benchmarks' `setup` hooks and read by their bodies (one benchmark runs at
/// a time, in its own process).
final class AnalyzeFixture: @unchecked Sendable {
  var data: DataDirectory?
  var year: URL?
  /// `analyze`'s defaults (layers, dispatch goals, camera radius, uptime threshold) on the year.
  var configuration: AnalyzeConfiguration?
  var engine: JoinEngine?
  var zone: LocalTimeZone?
  var calls: CallTable?
  var callAssignment: AreaAssignment?
  var period: AnalysisPeriod?
  var cameras: CameraTable?
  var cameraInputs: CameraInputs?
  var outputDirectory = BenchmarkPoints.workDirectory + "/analyze-\(SyntheticYear.seed)"

  /// What `CameraMetrics.compute` takes besides the cameras, as `AnalyzeJob` makes it.
  struct CameraInputs {
    var assignment: AreaAssignment
    var squareMiles: [[Double]]
    var population: [[Double]]
    var overlays: [Overlay<IllinoisEastFtUS>]
    var toFeet: Transformer<WGS84LonLat, IllinoisEastFtUS>
  }

  var callsPath: String { year!.appendingPathComponent(ServiceInputs.Calls.file).path }
  var cameraFile: String { year!.appendingPathComponent(ServiceInputs.Cameras.file).path }
  var outageFile: String { year!.appendingPathComponent(ServiceInputs.CameraOutages.file).path }

  func prepareYear() throws {
    if data == nil { data = try BenchmarkPoints.dataDirectory() }
    if year == nil { year = try SyntheticYear.ensure(data: data!) }
    if configuration == nil {
      configuration = try AnalyzeConfiguration(inputs: year!, data: data!, output: URL(fileURLWithPath: outputDirectory))
    }
  }

  /// The year, the four default layers (read, validated, indexed) and the time zone.
  func prepareEngine() throws {
    try prepareYear()
    if engine == nil {
      engine = try JoinEngine.load(
        layerIDs: configuration!.layerIDs, from: data!, manifest: try BoundaryManifest.bundled(), rule: .southEastExact)
    }
    if zone == nil { zone = try LocalTimeZone() }
  }

  /// The calls and, for each layer, the area of each located call. (Calls located by beat only,
  /// 0.5 % of the year, stay unassigned here: `AnalyzeJob`'s beat fallback is internal.)
  func prepareCalls() throws {
    try prepareEngine()
    let calls = try CallTable.read(path: callsPath, zone: zone!, extent: engine!.extent)
    var areas: [[Int32]] = []
    var locations: [PointLocation] = []
    for index in engine!.indexes {
      index.locate(lons: calls.longitude, lats: calls.latitude, into: &locations)
      areas.append(locations.map(\.area))
    }
    self.calls = calls
    callAssignment = AreaAssignment(
      layerIDs: engine!.layerIDs, areaIDs: engine!.layers.map { $0.areas.map(\.id) }, areas: areas)
    // As in AnalyzeJob: the calls' span, to whole Chicago days.
    let received = calls.stamps[CallStage.received.rawValue]
    period = AnalysisPeriod(covering: received.min()!, received.max()!, zone: zone!, source: "the calls")
  }

  /// The cameras and everything `CameraMetrics.compute` needs, as `AnalyzeJob` makes them.
  func prepareCameras() throws {
    try prepareCalls()
    calls = nil
    callAssignment = nil
    let engine = engine!
    let cameras = try CameraTable.read(inventories: [cameraFile], log: outageFile, period: period!, zone: zone!)
    let toFeet = try Transformer<WGS84LonLat, IllinoisEastFtUS>()
    let overlays = try engine.layers.map { try Overlay(targets: try toFeet.transform($0, to: IllinoisEastFtUS.self).areas.map(\.polygons)) }
    let census = try Demographics.readSource(from: data!) { try toFeet.transform($0, to: IllinoisEastFtUS.self) }
    let population = try overlays.map { try Demographics(census, onto: $0).population }
    var assignment = AreaAssignment(layerIDs: engine.layerIDs, areaIDs: engine.layers.map { $0.areas.map(\.id) }, areas: [])
    var locations: [PointLocation] = []
    for index in engine.indexes {
      index.locate(lons: cameras.longitude, lats: cameras.latitude, into: &locations)
      assignment.areas.append(locations.map(\.area))
    }
    self.cameras = cameras
    cameraInputs = CameraInputs(
      assignment: assignment, squareMiles: overlays.map { $0.targetAreas.map { $0 / AnalyzeJob.squareFeetPerSquareMile } },
      population: population, overlays: overlays, toFeet: toFeet)
  }
}

let analyzeFixture = AnalyzeFixture()

struct BenchmarkFailure: Error, CustomStringConvertible {
  var description: String
}

let benchmarks: @Sendable () -> Void = {
  // Peak resident memory of the process, and its rise during the measured work (setup holds
  // the stage's inputs, e.g. 1.3M calls, before the measurement starts).
  let stageMetrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, .peakMemoryResidentDelta, .mallocCountTotal]

  // (a) The figure: `equity-atlas analyze` minus process start-up and printing. Loads the
  // layers and census, reads every input, computes every metric family and writes atlas.gpkg and
  // manifest.json.
  Benchmark(
    "analyze one synthetic year (1.3M calls, end to end)",
    configuration: .init(
      metrics: stageMetrics + [callsPerSecond], timeUnits: .milliseconds, warmupIterations: 1,
      maxDuration: .seconds(120), maxIterations: 3),
    closure: { benchmark in
      let start = ContinuousClock.now
      let result = try AnalyzeJob(configuration: analyzeFixture.configuration!).run()
      let seconds = (ContinuousClock.now - start) / .seconds(1)
      guard let calls = result.accountings.first(where: { $0.file.hasSuffix(ServiceInputs.Calls.file) }), calls.rowsRead > 0 else {
        throw BenchmarkFailure(description: "analyze read no calls from \(analyzeFixture.year!.path)")
      }
      benchmark.measurement(callsPerSecond, Int((Double(calls.rowsRead) / seconds).rounded()))
      blackHole(result.metrics.count)
    },
    setup: { try analyzeFixture.prepareYear() },
    teardown: { try? FileManager.default.removeItem(atPath: analyzeFixture.outputDirectory) }
  )

  // (b) Reading the CAD extract: parse, check coordinates, place timestamps in local time.
  Benchmark(
    "CallTable.read (1.3M calls)",
    configuration: .init(metrics: stageMetrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5),
    closure: { benchmark in
      let f = analyzeFixture
      blackHole(try CallTable.read(path: f.callsPath, zone: f.zone!, extent: f.engine!.extent).count)
    },
    setup: { try analyzeFixture.prepareEngine() }
  )

  // (c) The 911 metrics: per layer, area and priority, completeness, interval quantiles and
  // counts, share over goal, censoring bounds.
  Benchmark(
    "CallMetrics.compute (1.3M calls × 4 layers)",
    configuration: .init(metrics: stageMetrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5),
    closure: { benchmark in
      let f = analyzeFixture
      blackHole(try CallMetrics.compute(f.calls!, assignment: f.callAssignment!, dispatchGoals: f.configuration!.dispatchGoals).count)
    },
    setup: { try analyzeFixture.prepareCalls() }
  )

  // (c') The order-statistic intervals of every area's 911 quantiles (table quantile_intervals,
  // for `compare`): one more sort per layer, area, priority and interval.
  Benchmark(
    "QuantileIntervals.compute (1.3M calls × 4 layers)",
    configuration: .init(metrics: stageMetrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5),
    closure: { benchmark in
      let f = analyzeFixture
      blackHole(try QuantileIntervals.compute(f.calls!, assignment: f.callAssignment!).count)
    },
    setup: { try analyzeFixture.prepareCalls() }
  )

  // (c2) The case-mix adjusted ratios: per interval and priority one sort and block index of the
  // city's values, then per layer and area the reweighted rest-of-city quantiles.
  Benchmark(
    "CaseMix.comparisons (1.3M calls × 4 layers)",
    configuration: .init(metrics: stageMetrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5),
    closure: { benchmark in
      let f = analyzeFixture
      blackHole(try CaseMix.comparisons(f.calls!, assignment: f.callAssignment!, zone: f.zone!.zone).comparisons.count)
    },
    setup: { try analyzeFixture.prepareCalls() }
  )

  // (d) The camera inventory and its 228k-row outage log, to each camera's uptime.
  Benchmark(
    "CameraTable.read (4,559 cameras, 228k outages)",
    configuration: .init(metrics: stageMetrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5),
    closure: { benchmark in
      let f = analyzeFixture
      blackHole(try CameraTable.read(inventories: [f.cameraFile], log: f.outageFile, period: f.period!, zone: f.zone!).count)
    },
    setup: { try analyzeFixture.prepareCalls() }
  )

  // (e) The camera metrics, mostly GEOS: the union of 500 ft discs around working cameras and its
  // intersection with every area of the 4 layers.
  Benchmark(
    "CameraMetrics.compute (500 ft discs × 4 layers)",
    configuration: .init(metrics: stageMetrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5),
    closure: { benchmark in
      let f = analyzeFixture
      let inputs = f.cameraInputs!
      blackHole(
        try CameraMetrics.compute(
          f.cameras!, assignment: inputs.assignment, squareMiles: inputs.squareMiles, population: inputs.population,
          overlays: inputs.overlays, toFeet: inputs.toFeet, radiusFeet: f.configuration!.cameraRadiusFeet,
          uptimeThreshold: f.configuration!.uptimeThreshold
        ).count)
    },
    setup: { try analyzeFixture.prepareCameras() }
  )

  // (f) The intervals of the disparities indices, concentration and dissimilarity.
  indexIntervalsBenchmarks(stageMetrics)
}
