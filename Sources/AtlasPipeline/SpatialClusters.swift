import AtlasGeometry
import AtlasSpatial
import AtlasStatistics
import AtlasStore

/// Global Moran's I of one metric across one layer (a row of `spatial_autocorrelation`).
public struct SpatialAutocorrelation: Hashable, Sendable {
  public var layer: String
  public var family: String
  public var metric: String
  public var stratum: String
  /// `moran_i`.
  public var statistic: String
  public var value: Double
  /// E[I] = −1/(n − 1) for the n areas with a value.
  public var expected: Double
  /// (I − E[I]) / √V_R, the z under randomisation.
  public var z: Double
  /// Folded permutation pseudo p-value (L + 1)/(B + 1).
  public var pValue: Double
  public var permutations: Int
  /// Areas with a value (the n of the test).
  public var areas: Int
}

/// One area's local indicator for one metric (a row of `local_clusters`).
public struct LocalClusterRow: Hashable, Sendable {
  public var layer: String
  public var areaID: String
  public var family: String
  public var metric: String
  public var stratum: String
  /// `local_moran` (value Iᵢ) or `gi_star` (value: the Gi* z-score Zᵢ).
  public var statistic: String
  public var value: Double
  public var pValue: Double
  public var qValue: Double
  /// `LocalCluster.rawValue`: `high-high`, `low-low`, `high-low`, `low-high`, `hot spot`,
  /// `cold spot`, `not significant`, `no neighbours`.
  public var cluster: String
}

/// The spatial statistics of a run.
public struct SpatialResults: Sendable {
  public var global: [SpatialAutocorrelation] = []
  public var local: [LocalClusterRow] = []
  public init() {}
}

/// Where slow service clusters: global Moran's I, Local Moran's I and Getis–Ord Gi* of every
/// 911 response quantile on the beat and ward layers.
///
/// - Weights: queen contiguity from the boundary polygons (`Contiguity.queen`: a shared vertex,
///   so a shared edge or corner; an area of several pieces, e.g. beat 3100, is one area),
///   row-standardised. For each metric only the areas with a value are kept, and areas whose
///   value rests on fewer than `minimumCount` calls (the reports' small-cell rule) count as
///   without a value; the weights are restricted to the kept areas and re-standardised, so an
///   area whose neighbours all lack a value becomes an island (no local test,
///   `no neighbours`).
/// - Inference: `permutations` (999) conditional permutations, seeded per layer, metric and
///   stratum (`seed(for:)`), so reruns give the same p-values; the global p-value is from 999
///   full permutations with the same seed.
/// - Multiple testing: Benjamini–Hochberg q-values across the areas of one layer, metric,
///   stratum and statistic; a cluster is named where q < `alpha` (0.05), else `not significant`.
/// - A metric with fewer than 4 areas with a value, or the same value everywhere, gets no rows
///   (Moran's I is undefined there).
public enum SpatialClusters {
  /// The beats and the current wards (their roles in the registry).
  public static var layers: [String] { [LayerRoles.id(.policeBeats), LayerRoles.id(.currentWards)].compactMap { $0 } }
  public static let permutations = 999
  public static let alpha = 0.05
  public static let minimumCount = 11

  /// The 911 response metrics analysed: every `calls` median and 90th percentile.
  public static func isAnalysed(_ m: AreaMetric) -> Bool {
    m.family == "calls" && (m.metric.hasSuffix("_p50_seconds") || m.metric.hasSuffix("_p90_seconds"))
  }

  /// The seed of one metric's permutations: FNV-1a (64 bit) of `layer|family|metric|stratum`.
  public static func seed(layer: String, family: String, metric: String, stratum: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in "\(layer)|\(family)|\(metric)|\(stratum)".utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01B3
    }
    return hash
  }

  /// - Complexity: per metric O(B · (n + Σ kᵢ)); metrics run in parallel.
  public static func compute<Space>(_ metrics: [AreaMetric], layers: [Layer<Space>]) throws -> SpatialResults {
    var results = SpatialResults()

    var tasks: [SpatialTask] = []
    let chosen = layers.filter { Self.layers.contains($0.id) }
    var weights: [SpatialWeights] = []
    for (l, layer) in chosen.enumerated() {
      weights.append(try SpatialWeights(neighbours: Contiguity.queen(layer)))
      var byKey: [String: Int] = [:]
      for m in metrics where m.layer == layer.id && isAnalysed(m) {
        let key = "\(m.family)|\(m.metric)|\(m.stratum)"
        if byKey[key] == nil {
          byKey[key] = tasks.count
          tasks.append(SpatialTask(layer: l, family: m.family, metric: m.metric, stratum: m.stratum, values: [:]))
        }
        tasks[byKey[key]!].values[m.areaID] = m
      }
    }
    let outcomes = try parallelMap(tasks.count) { t -> (SpatialAutocorrelation, [LocalClusterRow])? in
      let task = tasks[t]
      let layer = chosen[task.layer]
      let kept = layer.areas.indices.filter { a in
        guard let m = task.values[layer.areas[a].id] else { return false }
        return m.value.isFinite && m.n >= minimumCount
      }
      let values = kept.map { task.values[layer.areas[$0].id]!.value }
      guard kept.count >= 4, values.contains(where: { $0 != values[0] }) else { return nil }
      let w = weights[task.layer].restricted(to: kept)
      let seed = seed(layer: layer.id, family: task.family, metric: task.metric, stratum: task.stratum)
      let global = try GlobalMoran(values, weights: w, permutations: permutations, seed: seed)
      let lisa = try LocalMoran(values, weights: w, permutations: permutations, seed: seed)
      let gi = try GetisOrdGiStar(values, weights: w, permutations: permutations, seed: seed)
      let row = SpatialAutocorrelation(
        layer: layer.id, family: task.family, metric: task.metric, stratum: task.stratum, statistic: "moran_i", value: global.value,
        expected: global.expected, z: global.zRandomisation, pValue: global.permutationP!, permutations: permutations, areas: kept.count)
      var local: [LocalClusterRow] = []
      let lisaClusters = lisa.clusters(alpha: alpha)
      let giClusters = gi.clusters(alpha: alpha)
      for (position, a) in kept.enumerated() {
        let id = layer.areas[a].id
        local.append(
          LocalClusterRow(
            layer: layer.id, areaID: id, family: task.family, metric: task.metric, stratum: task.stratum, statistic: "local_moran",
            value: lisa.values[position], pValue: lisa.pValues[position], qValue: lisa.qValues[position], cluster: lisaClusters[position].rawValue))
        local.append(
          LocalClusterRow(
            layer: layer.id, areaID: id, family: task.family, metric: task.metric, stratum: task.stratum, statistic: "gi_star",
            value: gi.zScores[position], pValue: gi.pValues[position], qValue: gi.qValues[position], cluster: giClusters[position].rawValue))
      }
      return (row, local)
    }
    for case (let global, let local)? in outcomes {
      results.global.append(global)
      results.local += local
    }
    return results
  }

  /// The two tables: `spatial_autocorrelation` and `local_clusters` (see `AtlasWriter`).
  static func write(_ results: SpatialResults, to writer: GeoPackageWriter) throws {
    try writer.addAttributeTable(
      "spatial_autocorrelation",
      description: "global Moran's I of each 911 response quantile (queen contiguity, row-standardised, \(permutations) permutations)",
      columns: ["layer", "family", "metric", "stratum", "statistic"].map { StoreColumn($0, .text) }
        + ["value", "expected", "z", "p_value"].map { StoreColumn($0, .real) } + [StoreColumn("permutations", .integer)],
      rows: results.global.map {
        [
          .text($0.layer), .text($0.family), .text($0.metric), .text($0.stratum), .text($0.statistic), .real($0.value), .real($0.expected),
          .real($0.z), .real($0.pValue), .integer(Int64($0.permutations)),
        ]
      })
    try writer.addAttributeTable(
      "local_clusters",
      description: "Local Moran's I and Gi* of each area (conditional permutations; cluster where Benjamini-Hochberg q < \(alpha))",
      columns: ["layer", "area_id", "family", "metric", "stratum", "statistic"].map { StoreColumn($0, .text) }
        + ["value", "p_value", "q_value"].map { StoreColumn($0, .real) } + [StoreColumn("cluster", .text)],
      rows: results.local.map {
        [
          .text($0.layer), .text($0.areaID), .text($0.family), .text($0.metric), .text($0.stratum), .text($0.statistic), .real($0.value),
          .real($0.pValue), .real($0.qValue), .text($0.cluster),
        ]
      })
  }
}

extension SpatialClusters {
  /// How the spatial statistics were made, for the run manifest.
  public static let manifestDescription =
    "queen contiguity (shared vertex) on \(layers.joined(separator: ", ")), row-standardised, areas with a value from >= \(minimumCount) calls; "
    + "\(permutations) conditional permutations seeded by FNV-1a of layer|family|metric|stratum; Benjamini-Hochberg q < \(alpha)"
}

/// One metric of one layer to analyse: its values by area id.
private struct SpatialTask {
  var layer: Int
  var family, metric, stratum: String
  var values: [String: AreaMetric]
}
