import AtlasGeometry
import AtlasPipeline
import AtlasProjection
import AtlasSpatial
import Benchmark
import Foundation

// Issue 12 part 4: the bootstrap intervals of the disparities indices, the concentration and
// dissimilarity rows (`IndexIntervals.compute`), on the synthetic year's calls and the census
// apportioned onto the four layers as `AnalyzeJob` does (area weighting).

/// The demographics of every layer, made once per benchmark process.
final class IndexIntervalsFixture: @unchecked Sendable {
  var population: [String: Demographics]?

  func prepare() throws {
    try analyzeFixture.prepareCalls()
    guard population == nil else { return }
    let f = analyzeFixture
    let engine = f.engine!
    let toFeet = try Transformer<WGS84LonLat, IllinoisEastFtUS>()
    let overlays = try engine.layers.map { try Overlay(targets: try toFeet.transform($0, to: IllinoisEastFtUS.self).areas.map(\.polygons)) }
    let census = try Demographics.readSource(from: f.data!) { try toFeet.transform($0, to: IllinoisEastFtUS.self) }
      .insideCity(overlays[engine.layerIDs.firstIndex(of: "wards-2023") ?? 0])
    var population: [String: Demographics] = [:]
    for (l, layer) in engine.layers.enumerated() { population[layer.id] = try Demographics(census, onto: overlays[l]) }
    self.population = population
  }
}

let indexIntervalsFixture = IndexIntervalsFixture()

func indexIntervalsBenchmarks(_ stageMetrics: [BenchmarkMetric]) {
  Benchmark(
    "IndexIntervals.compute (1.3M calls × 4 layers, \(IndexIntervals.resamples) resamples)",
    configuration: .init(metrics: stageMetrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(60), maxIterations: 5),
    closure: { benchmark in
      let f = analyzeFixture
      let result = try IndexIntervals.compute(
        f.calls!, assignment: f.callAssignment!, population: indexIntervalsFixture.population!, dispatchGoals: f.configuration!.dispatchGoals)
      blackHole(result.rows.count)
    },
    setup: { try indexIntervalsFixture.prepare() }
  )
}
