import AtlasIO
import AtlasStore
import Foundation

/// 911 calls: per-area timestamp completeness, response-time quantiles and goal shares per
/// priority (`CallMetrics`), each area against the rest of the city (`DisparityAnalysis`), and
/// calls per 1,000 residents. The calls' span in whole local days is the analysis period unless
/// `--period` gives one.
struct CallFamily: MetricFamily {
  let name = AtlasFamily.calls

  func isPresent(in inputs: InputFiles) -> Bool { inputs.calls != nil }

  func analyze(_ context: AnalysisContext, into output: inout AnalysisOutput) throws {
    let c = context.configuration
    guard let path = c.inputs.calls else { return }
    context.progress("reading \(path)")
    let profile = try c.inputs.callProfile ?? CallProfile.detect(path)
    var calls = try CallTable.read(
      path: path, profile: profile, zone: context.zone, extent: context.engine.extent, beats: Self.knownBeats(context))
    let received = calls.stamps[CallStage.received.rawValue]
    if output.period == nil, let first = received.min(), let last = received.max() {
      output.period = AnalysisPeriod(covering: first, last, zone: context.zone, source: "the calls' received times (\(path))")
    }
    output.isSynthetic = output.isSynthetic || calls.isSynthetic
    let assignment = Self.assign(&calls, context: context)
    output.accountings.append(calls.accounting)
    context.progress("computing 911 metrics for \(calls.count) calls")
    output.metrics += try CallMetrics.compute(calls, assignment: assignment, dispatchGoals: c.dispatchGoals)
    context.progress("comparing each area with the rest of the city")
    output.comparisons += try DisparityAnalysis.callComparisons(calls, assignment: assignment)
    output.comparisons += try DisparityAnalysis.callRates(calls, assignment: assignment, population: context.populations)
    context.progress("comparing each area with the rest of the city reweighted to the area's mix of calls")
    var accounting = output.accountings.removeLast()
    let adjusted = try CaseMix.comparisons(calls, assignment: assignment, zone: TimeZone(identifier: profile.timeZone) ?? context.zone.zone)
    output.comparisons += adjusted.comparisons
    for left in adjusted.unmatched {
      accounting.note(
        "case-mix adjustment, \(left.layer): \(left.calls) area call interval(s) fell in a call type × hour-of-week cell with no rest-of-city calls and are left out of the adjusted ratios"
      )
    }
    output.accountings.append(accounting)
    output.quantileIntervals = try QuantileIntervals.compute(calls, assignment: assignment)
    context.progress("bootstrapping intervals of the inequality indices (\(IndexIntervals.resamples) resamples)")
    output.indexIntervals = try IndexIntervals.compute(calls, assignment: assignment, population: context.population, dispatchGoals: c.dispatchGoals)
    output.inputFiles.append(path)
    output.parameters[ManifestParameter.dispatchGoals] = c.dispatchGoals.sorted { $0.key < $1.key }.map { "P\($0.key)=\(Int($0.value))" }.joined(
      separator: ",")
    output.parameters[ManifestParameter.ratioInterval] = "order-statistic 95% interval of the area's quantile, rest of city fixed"
    output.parameters["case_mix_adjustment"] = CaseMix.manifestDescription(hasCallTypes: !calls.callType.isEmpty)
    output.parameters["index_intervals"] = IndexIntervals.manifestDescription
    output.parameters["index_interval_resamples"] = String(IndexIntervals.resamples)
  }

  /// The beats a call without coordinates may name: the beat layer's ids, or, when only the
  /// beats' parent layer (the districts) is analysed, a beat whose parent id is one of its areas.
  /// Returns the reason a beat is refused, or nil.
  static func knownBeats(_ context: AnalysisContext) -> (String) -> String? {
    let engine = context.engine
    guard let beats = context.manifest.layers.first(where: { $0.role == .policeBeats }) else {
      return { _ in "located by beat only, but the boundary registry has no beat layer" }
    }
    if let layer = engine.layers.first(where: { $0.id == beats.id }) {
      let ids = Set(layer.areas.map(\.id))
      return { ids.contains($0) ? nil : "beat '\($0)' is not a beat of \(beats.id)" }
    }
    if let parent = beats.parent, let layer = engine.layers.first(where: { $0.id == parent.layer }) {
      let ids = Set(layer.areas.map(\.id))
      return { beat in
        guard let id = parent.parentID(of: beat), ids.contains(id) else { return "beat '\(beat)' names no district of \(parent.layer)" }
        return nil
      }
    }
    return { _ in "located by beat only, but neither \(beats.id) nor \(beats.parent?.layer ?? "its parent layer") is analysed" }
  }

  /// Areas of every call in every layer: by location when there is one; otherwise by beat, in
  /// the beat layer and its parent layer (the district: the beat number's leading digits), other
  /// layers unknown.
  static func assign(_ calls: inout CallTable, context: AnalysisContext) -> AreaAssignment {
    let engine = context.engine
    var assignment = context.assign(longitudes: calls.longitude, latitudes: calls.latitude)
    let beats = context.manifest.layers.first { $0.role == .policeBeats }
    let indexByID = engine.layers.map { layer in Dictionary(uniqueKeysWithValues: layer.areas.enumerated().map { ($1.id, Int32($0)) }) }
    var outside = 0
    var beatOnly = 0
    for i in 0..<calls.count where !calls.longitude[i].isFinite {
      beatOnly += 1
      guard let beat = calls.beat[i], let beats else { continue }
      for (l, layer) in engine.layers.enumerated() {
        if layer.id == beats.id {
          assignment.areas[l][i] = indexByID[l][beat] ?? -1
        } else if let parent = beats.parent, layer.id == parent.layer {
          assignment.areas[l][i] = parent.parentID(of: beat).flatMap { indexByID[l][$0] } ?? -1
        }
      }
    }
    for i in 0..<calls.count where calls.longitude[i].isFinite && assignment.areas.contains(where: { $0[i] < 0 }) { outside += 1 }
    calls.accounting.split("read (located)", into: [("joined", calls.count - beatOnly - outside), ("outside the city (some layer)", outside)])
    return assignment
  }
}
