import AtlasGeometry
import AtlasStore

/// Fleet zones and the bases serving them: how each area is split between zones, and the
/// distance from each area's population centroid to its zones' bases (`FleetMetrics`).
struct FleetFamily: MetricFamily {
  let name = AtlasFamily.fleet

  func isPresent(in inputs: InputFiles) -> Bool { inputs.fleetZones != nil || inputs.fleetBases != nil }

  func analyze(_ context: AnalysisContext, into output: inout AnalysisOutput) throws {
    let inputs = context.configuration.inputs
    context.progress("computing fleet zone overlaps and distances to bases")
    var bases: [(id: String, service: String, position: Position<IllinoisEastFtUS>)] = []
    if let basesPath = inputs.fleetBases {
      let read = try FleetMetrics.readBases(path: basesPath, toFeet: context.toFeet)
      bases = read.bases
      output.accountings.append(read.accounting)
      output.inputFiles.append(basesPath)
    }
    let zones = try inputs.fleetZones.map {
      try FleetZones(
        path: $0, toFeet: context.toFeet, profile: inputs.profiles[$0]?.polygonProfile, baseIDs: inputs.fleetBases == nil ? nil : Set(bases.map(\.id))
      )
    }
    if let zones, let zonesPath = inputs.fleetZones {
      output.isSynthetic = output.isSynthetic || zones.input.isSynthetic
      output.accountings.append(zones.input.accounting)
      output.inputFiles.append(zonesPath)
    }
    output.metrics += try FleetMetrics.compute(
      zones: zones?.input, zoneService: zones?.service ?? [:], zoneBase: zones?.base ?? [:], bases: bases, layers: context.engine.layers,
      overlays: context.overlays, centroids: context.engine.layers.map { context.population[$0.id]!.centroids })
  }
}
