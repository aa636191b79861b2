import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasSpatial
import Benchmark
import BenchmarkInput
import Foundation

// The join's benchmarks: the whole CSV → CSV join of the target (2,000,000 points ×
// 4 layers), and its two inner stages, index build and in-memory location.
//
// Each benchmark reports, besides package-benchmark's metrics, `point×layers/s`: the number of
// (point, layer) pairs located per second of wall-clock time, computed in the benchmark body
// from its own clock reading around the measured work.
//
// Inputs are created in each benchmark's `setup` (outside the measurement): the 2M-point CSV
// under $TMPDIR/equity-atlas-bench (see `BenchmarkPoints`), written once and then reused.

/// (point, layer) pairs located per second of wall-clock time.
let pointLayersPerSecond = BenchmarkMetric.custom("point×layers/s", polarity: .prefersLarger, useScalingFactor: false)

let joinPoints = 2_000_000
let locatePoints = 1_000_000

/// State made in the benchmarks' `setup` hooks and read by their bodies (one benchmark runs at
/// a time, in its own process).
final class Fixture: @unchecked Sendable {
  var data: DataDirectory?
  var manifest: BoundaryManifest?
  var inputPath = ""
  var outputPath = ""
  var layers: [Layer<WGS84LonLat>] = []
  var engine: JoinEngine?
  var lons: [Double] = []
  var lats: [Double] = []
  var locations: [PointLocation] = []

  func prepareData() throws {
    if data == nil { data = try BenchmarkPoints.dataDirectory() }
    if manifest == nil { manifest = try BoundaryManifest.bundled() }
  }
}

let fixture = Fixture()

struct BenchmarkFailure: Error, CustomStringConvertible {
  var description: String
}

func record(_ benchmark: Benchmark, pairs: Int, since start: ContinuousClock.Instant) {
  let seconds = (ContinuousClock.now - start) / .seconds(1)
  benchmark.measurement(pointLayersPerSecond, Int((Double(pairs) / seconds).rounded()))
}

let benchmarks: @Sendable () -> Void = {
  let memoryMetrics: [BenchmarkMetric] = [.peakMemoryResident, .mallocCountTotal]
  let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .throughput] + memoryMetrics + [pointLayersPerSecond]

  // (a) The target: load the 4 layers (read, validate, index), then stream the CSV in and
  // the joined CSV out, with the default number of threads (the cores). The same work as
  // `equity-atlas join POINTS.csv --layers … --out OUT.csv`, minus process start-up.
  Benchmark(
    "Join 2M points × 4 layers (CSV → CSV)",
    configuration: .init(
      metrics: metrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5),
    closure: { benchmark in
      let start = ContinuousClock.now
      let engine = try JoinEngine.load(
        layerIDs: BenchmarkPoints.layerIDs, from: fixture.data!, manifest: fixture.manifest!, rule: .southEastExact)
      let configuration = JoinConfiguration(inputPath: fixture.inputPath, outputPath: fixture.outputPath)
      let accounting = try JoinJob(configuration: configuration, engine: engine).run()
      record(benchmark, pairs: joinPoints * BenchmarkPoints.layerIDs.count, since: start)
      guard accounting.rowsRead == joinPoints else {
        throw BenchmarkFailure(description: "read \(accounting.rowsRead) rows, expected \(joinPoints)")
      }
    },
    setup: {
      try fixture.prepareData()
      fixture.inputPath = try BenchmarkPoints.ensureCSV(count: joinPoints, data: fixture.data).path
      fixture.outputPath = BenchmarkPoints.workDirectory + "/joined-2m.csv"
    },
    teardown: { try? FileManager.default.removeItem(atPath: fixture.outputPath) }
  )

  // (b) Index build alone, on layers already read and validated.
  Benchmark(
    "PolygonIndex build (4 layers)",
    configuration: .init(
      metrics: [.wallClock, .cpuTotal, .throughput] + memoryMetrics, timeUnits: .milliseconds,
      warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 20),
    closure: { benchmark in
      for layer in fixture.layers {
        blackHole(PolygonIndex(layer, rule: .southEastExact))
      }
    },
    setup: {
      try fixture.prepareData()
      let specs = try fixture.manifest!.layers(named: BenchmarkPoints.layerIDs)
      fixture.layers = try specs.map { try LayerValidation.validated(fixture.data!.loadLayer($0)).layer }
    }
  )

  // (b″) Reading alone: GeoJSON → Layer for the 4 files (no validation, no index). With (b)
  // and (b′), the rest of JoinEngine.load is validation.
  Benchmark(
    "GeoJSON read (4 layers)",
    configuration: .init(
      metrics: [.wallClock, .cpuTotal, .throughput] + memoryMetrics, timeUnits: .milliseconds,
      warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 10),
    closure: { benchmark in
      for spec in try fixture.manifest!.layers(named: BenchmarkPoints.layerIDs) {
        blackHole(try fixture.data!.loadLayer(spec))
      }
    },
    setup: { try fixture.prepareData() }
  )

  // (b′) What the join pays before its first point: read the GeoJSON, validate, index.
  Benchmark(
    "JoinEngine.load (4 layers: read GeoJSON, validate, index)",
    configuration: .init(
      metrics: [.wallClock, .cpuTotal, .throughput] + memoryMetrics, timeUnits: .milliseconds,
      warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 10),
    closure: { benchmark in
      blackHole(
        try JoinEngine.load(
          layerIDs: BenchmarkPoints.layerIDs, from: fixture.data!, manifest: fixture.manifest!, rule: .southEastExact))
    },
    setup: { try fixture.prepareData() }
  )

  // (c) Location alone: 1M points already in memory, through each layer's index, one thread.
  // scalingFactor .mega: one scaled iteration is one point (located in all 4 layers), so
  // `throughput` reads as points/s and wallClock as time per point.
  Benchmark(
    "locate 1M points × 4 layers (in memory, 1 thread)",
    configuration: .init(
      metrics: [.wallClock, .cpuTotal, .throughput, pointLayersPerSecond], timeUnits: .nanoseconds,
      warmupIterations: 1, scalingFactor: .mega, maxDuration: .seconds(10), maxIterations: 20),
    closure: { benchmark in
      let start = ContinuousClock.now
      var outside = 0
      for index in fixture.engine!.indexes {
        index.locate(lons: fixture.lons, lats: fixture.lats, into: &fixture.locations)
        outside += fixture.locations.reduce(0) { $0 + ($1.isOutside ? 1 : 0) }
      }
      record(benchmark, pairs: locatePoints * BenchmarkPoints.layerIDs.count, since: start)
      blackHole(outside)
    },
    setup: {
      try fixture.prepareData()
      fixture.engine = try JoinEngine.load(
        layerIDs: BenchmarkPoints.layerIDs, from: fixture.data!, manifest: fixture.manifest!, rule: .southEastExact)
      let sources = try BenchmarkPoints.loadSources(from: fixture.data!)
      (fixture.lons, fixture.lats) = BenchmarkPoints.positions(count: locatePoints, sources: sources)
      fixture.locations.reserveCapacity(locatePoints)
    }
  )
}
