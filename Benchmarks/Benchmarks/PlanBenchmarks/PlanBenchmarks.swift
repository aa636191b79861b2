import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasPlan
import AtlasProjection
import AtlasReport
import AtlasSynthetic
import Benchmark
import BenchmarkInput
import Foundation

// The planner benchmarks (issue 13): a city-wide plan of 100 cameras over the 250 ft grid
// (target < 10 s on the 2-core machine), and reading the finest population weights it uses.
//
// Input: the atlas of one synthetic year (seed 42, 1,300,000 calls) under
// $TMPDIR/equity-atlas-bench/report-atlas-42/ — the report benchmarks' atlas, made here by
// synth + analyze (outside the measurement) when absent.

struct BenchmarkFailure: Error, CustomStringConvertible {
  var description: String
}

final class PlanFixture: @unchecked Sendable {
  var data: DataDirectory?
  var model: ReportModel?
  var pieces: [PopulationPiece]?
  var method = PopulationMethod.dasymetric

  static var atlasDirectory: URL { URL(fileURLWithPath: BenchmarkPoints.workDirectory + "/report-atlas-42", isDirectory: true) }

  func prepareModel() throws {
    if data == nil { data = try BenchmarkPoints.dataDirectory() }
    let directory = Self.atlasDirectory
    let atlas = directory.appendingPathComponent("atlas.gpkg").path
    if !["atlas.gpkg", "manifest.json"].allSatisfy({ FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }) {
      try? FileManager.default.removeItem(at: directory)
      let inputs = directory.appendingPathComponent("inputs", isDirectory: true)
      let city = try SyntheticCity.load(from: data!, manifest: try BoundaryManifest.bundled())
      _ = try Synthesizer(city: city, configuration: SynthConfiguration(seed: 42)).run(writingTo: inputs)
      _ = try AnalyzeJob(configuration: AnalyzeConfiguration(inputs: inputs, data: data!, output: directory)).run()
    }
    if model == nil { model = try ReportModel.load(atlas: atlas) }
    if let text = model!.parameters.first(where: { $0.key == "population_method" })?.value, let m = PopulationMethod(manifestDescription: text) {
      method = m
    }
  }

  func readPieces() throws -> [PopulationPiece] {
    let toFeet = try Transformer<WGS84LonLat, IllinoisEastFtUS>()
    let source = try Demographics.readSource(from: data!, method: method) { try toFeet.transform($0, to: IllinoisEastFtUS.self) }
    return source.tracts.indices.map { t in PopulationPiece(polygons: source.tracts[t], counts: source.counts.mapValues { $0[t] }) }
  }

  func preparePieces() throws {
    try prepareModel()
    if pieces == nil { pieces = try readPieces() }
  }
}

let fixture = PlanFixture()

let benchmarks: @Sendable () -> Void = {
  let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident]

  // The target: grid, reach, demand, candidate sites and the lazy greedy with its
  // bound, for 100 cameras over the whole city, from an atlas and weights already read.
  Benchmark(
    "Plan: city, 100 cameras, 250 ft grid",
    configuration: .init(metrics: metrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 5),
    closure: { _ in
      let plan = try CameraPlan.make(
        model: fixture.model!, wards: [], objective: .residents, budget: 100, restoreFirst: false, pieces: fixture.pieces)
      guard plan.sites.count == 100 else { throw BenchmarkFailure(description: "placed \(plan.sites.count) sites, expected 100") }
      blackHole(plan)
    },
    setup: { try fixture.preparePieces() }
  )

  // The finest population weights (`plan cameras --data`): tracts, cut by precincts for the
  // dasymetric method.
  Benchmark(
    "Plan: read the finest population weights",
    configuration: .init(metrics: metrics, timeUnits: .milliseconds, warmupIterations: 0, maxDuration: .seconds(30), maxIterations: 3),
    closure: { _ in blackHole(try fixture.readPieces()) },
    setup: { try fixture.prepareModel() }
  )
}
