import AtlasIO
import AtlasPipeline
import AtlasReport
import AtlasSynthetic
import Benchmark
import BenchmarkInput
import Foundation

// The report benchmarks (issue #5): the 50 ward PDFs from an atlas already read (target < 10 s),
// reading the atlas, every report and export, and the whole `equity-atlas demo` (synthetic
// year → analyze → every report; target < 60 s), on the 2-core machine.
//
// Input: one synthetic year (seed 42, the default 1,300,000 calls) analysed into an atlas under
// $TMPDIR/equity-atlas-bench/report-atlas-42/, made once in `setup` (outside the measurement)
// and reused: a directory holding both `atlas.gpkg` and `manifest.json` is taken as complete.
// Delete it after changing the generator or analyze. The demo benchmark writes a fresh run
// into a temporary directory on every iteration and removes it.

let seed: UInt64 = 42

/// PDF pages written per second of wall-clock time.
let filesPerSecond = BenchmarkMetric.custom("files/s", polarity: .prefersLarger, useScalingFactor: false)

struct BenchmarkFailure: Error, CustomStringConvertible {
  var description: String
}

/// State made in `setup` and read by the bodies (one benchmark runs at a time, in its own
/// process).
final class ReportFixture: @unchecked Sendable {
  var data: DataDirectory?
  var model: ReportModel?
  var output = URL(fileURLWithPath: BenchmarkPoints.workDirectory + "/report-output-\(seed)", isDirectory: true)

  static var atlasDirectory: URL { URL(fileURLWithPath: BenchmarkPoints.workDirectory + "/report-atlas-\(seed)", isDirectory: true) }
  var atlasPath: String { Self.atlasDirectory.appendingPathComponent("atlas.gpkg").path }

  func prepareData() throws {
    if data == nil { data = try BenchmarkPoints.dataDirectory() }
  }

  /// The atlas of the seed-42 year, synthesised and analysed first if absent.
  func prepareAtlas() throws {
    try prepareData()
    let directory = Self.atlasDirectory
    let done = ["atlas.gpkg", "manifest.json"].allSatisfy { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
    if !done {
      try? FileManager.default.removeItem(at: directory)
      try runDemoPipeline(into: directory, data: data!, reports: false)
    }
  }

  func prepareModel() throws {
    try prepareAtlas()
    if model == nil { model = try ReportModel.load(atlas: atlasPath) }
  }
}

/// What `equity-atlas demo` does, through the libraries: synth into `inputs/`, analyze into the
/// directory, then (if `reports`) every report and export into `reports/`. Returns the number of
/// report files written.
@discardableResult
func runDemoPipeline(into directory: URL, data: DataDirectory, reports: Bool) throws -> Int {
  let inputs = directory.appendingPathComponent("inputs", isDirectory: true)
  let city = try SyntheticCity.load(from: data, manifest: try BoundaryManifest.bundled())
  _ = try Synthesizer(city: city, configuration: SynthConfiguration(seed: seed)).run(writingTo: inputs)
  let result = try AnalyzeJob(configuration: AnalyzeConfiguration(inputs: inputs, data: data, output: directory)).run()
  guard reports else { return 0 }
  let job = ReportJob(model: try ReportModel.load(atlas: result.gpkgPath), output: directory.appendingPathComponent("reports"))
  return try ReportKind.allCases.reduce(0) { $0 + (try job.run($1)).count }
}

let fixture = ReportFixture()

func record(_ benchmark: Benchmark, files: Int, since start: ContinuousClock.Instant) {
  let seconds = (ContinuousClock.now - start) / .seconds(1)
  benchmark.measurement(filesPerSecond, Int((Double(files) / seconds).rounded()))
}

let benchmarks: @Sendable () -> Void = {
  // No malloc counts: with the malloc interposer counting, pango's own fontconfig thread
  // (started when the first font map is made) crashed at thread exit in glibc's arena clean-up
  // in the demo benchmark, 3 runs of 3; without counting, and in the CLI, no run crashed.
  let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, filesPerSecond]

  // (a) The target: the 50 ward PDFs (maps, tables, charts), on as many threads as
  // cores, from a model already read.
  Benchmark(
    "Ward reports: 50 PDFs",
    configuration: .init(metrics: metrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 10),
    closure: { benchmark in
      let start = ContinuousClock.now
      let paths = try ReportJob(model: fixture.model!, output: fixture.output).run(.wards)
      record(benchmark, files: paths.count, since: start)
      guard paths.count == 50 else { throw BenchmarkFailure(description: "wrote \(paths.count) ward reports, expected 50") }
    },
    setup: { try fixture.prepareModel() },
    teardown: { try? FileManager.default.removeItem(at: fixture.output) }
  )

  // (b) Reading the atlas: every table of atlas.gpkg and the manifest into a ReportModel.
  Benchmark(
    "ReportModel.load (atlas.gpkg of a synthetic year)",
    configuration: .init(
      metrics: Array(metrics.dropLast()), timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 10),
    closure: { _ in blackHole(try ReportModel.load(atlas: fixture.atlasPath)) },
    setup: { try fixture.prepareAtlas() }
  )

  // (c) What `equity-atlas report all` does after start-up: read the atlas, then the ward,
  // district and camera reports and the exports of every layer.
  Benchmark(
    "report all: read atlas, 52 PDFs, 8 exports",
    configuration: .init(metrics: metrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 5),
    closure: { benchmark in
      let start = ContinuousClock.now
      let job = ReportJob(model: try ReportModel.load(atlas: fixture.atlasPath), output: fixture.output)
      let files = try ReportKind.allCases.reduce(0) { $0 + (try job.run($1)).count }
      record(benchmark, files: files, since: start)
    },
    setup: { try fixture.prepareAtlas() },
    teardown: { try? FileManager.default.removeItem(at: fixture.output) }
  )

  // (d) The README's main job: `equity-atlas demo` minus process start-up — synthesise the
  // year (1.3M calls), analyze it, render every report and export.
  Benchmark(
    "demo: synth 1.3M calls → analyze → every report",
    configuration: .init(metrics: metrics, timeUnits: .milliseconds, warmupIterations: 0, maxDuration: .seconds(120), maxIterations: 3),
    closure: { benchmark in
      let directory = URL(fileURLWithPath: BenchmarkPoints.workDirectory + "/report-demo-\(getpid())", isDirectory: true)
      defer { try? FileManager.default.removeItem(at: directory) }
      let start = ContinuousClock.now
      let files = try runDemoPipeline(into: directory, data: fixture.data!, reports: true)
      record(benchmark, files: files, since: start)
    },
    setup: { try fixture.prepareData() }
  )
}
