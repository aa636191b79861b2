import AtlasStore

/// Cellular coverage polygons (one or more files, merged): the share of each area covered, per
/// provider × technology × environment (`CellularMetrics`).
struct CellularFamily: MetricFamily {
  let name = AtlasFamily.cellular

  func isPresent(in inputs: InputFiles) -> Bool { !inputs.coverage.isEmpty }

  var exposureMetrics: [(metric: String, stratum: String)] { [(CellularMetric.coveredShare.rawValue, "any | 5G-NR 7/1 | outdoor-stationary")] }

  func analyze(_ context: AnalysisContext, into output: inout AnalysisOutput) throws {
    context.progress("computing cellular coverage shares")
    var merged: PolygonInput?
    for path in context.configuration.inputs.coverage {
      let coverage = try PolygonInput(
        path: path, toFeet: context.toFeet, profile: context.configuration.inputs.profiles[path]?.polygonProfile, key: CellularMetrics.key)
      output.isSynthetic = output.isSynthetic || coverage.isSynthetic
      output.accountings.append(coverage.accounting)
      if merged == nil { merged = coverage } else { merged!.merge(coverage) }
      output.inputFiles.append(path)
    }
    guard let merged else { return }
    output.metrics += try CellularMetrics.compute(merged, layers: context.engine.layers, overlays: context.overlays)
  }
}
