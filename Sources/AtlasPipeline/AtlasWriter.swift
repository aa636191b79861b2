import AtlasGeometry
import AtlasStore

/// The layout of `atlas.gpkg`:
/// - one feature table per boundary layer (named by layer id with `_` for `-`, e.g.
///   `wards_2023`): `area_id`, `name`, `majority_group`, then every metric as a column named
///   `<family>_<stratum>_<metric>` (`<family>_<metric>` for stratum `all`), e.g.
///   `calls_P1_call_to_dispatch_p90_seconds`, `population_population`, `population_B_share`;
/// - `metrics`: the same figures in long form (layer, area_id, family, metric, stratum,
///   value, n), the table to query;
/// - `comparisons`: each area against the rest of the city (layer, area_id, family, metric,
///   stratum, statistic, value, ci_low, ci_high, n, rest_value): `ratio_p50`, `ratio_p90`,
///   `ratio_p50_adjusted`, `ratio_p90_adjusted` (the rest reweighted to the area's case mix,
///   `CaseMix`), `rate_ratio`, and for police districts `prob_superiority`, `cliffs_delta`,
///   `mann_whitney_p`, `ks_d`, `hodges_lehmann_seconds`; `rest_value` is what a ratio divides
///   by (the rest's quantile or rate), NULL for the other statistics;
/// - `disparities`: population-weighted inequality indices of headline metrics across each
///   layer (layer, family, metric, stratum, index, grouping, value, ci_low, ci_high), with
///   bootstrap intervals, concentration and dissimilarity rows from `IndexIntervals`;
/// - `exposure`: per group, the share living in under-covered areas, its ratio to White
///   non-Hispanic residents, and residents outside coverage (layer, family, metric, stratum,
///   threshold, group, measure, value);
/// - `spatial_autocorrelation`: global Moran's I of each 911 response quantile on the beat and
///   ward layers (layer, family, metric, stratum, statistic = `moran_i`, value, expected, z,
///   p_value, permutations); `local_clusters`: per area Local Moran's I and Gi* with permutation
///   p-values, Benjamini–Hochberg q-values and the cluster (see `SpatialClusters`);
/// - `quantile_intervals`: the order-statistic 95% interval of every area's 911 p50/p90 (layer,
///   area_id, family, metric, stratum, value, ci_low, ci_high, n; see `QuantileIntervals`),
///   which `compare` needs for the change between two atlases;
/// - `input_accounting`: every input file's rows by outcome;
/// - `population_balance`: per layer, the 2020 census total inside the city and on the layer;
/// - `cameras`: the camera inventory as analysed (id, type, lon/lat, uptime, how uptime was
///   obtained), which the reports map;
/// - `input_notes`: every repair, clip or assumption applied to an input file (a polygon
///   repaired by GEOSMakeValid, outages clipped to the period, the format a file was read as),
///   and every file given or found that was not used, with the reason;
/// - `population_checks`: the population method and its totals against official counts
///   (figure, value, goal, note; see `PopulationCheck`);
/// - `run_info`: key/value facts about the run: `data_origin` = `synthetic` or `real`,
///   `tool_version`, the analysis period (`period_start`, `period_end_exclusive`,
///   `period_days`, `period_time_zone`, `period_source`), and `manifest_sha256`, the sha256 of
///   the manifest.json written with this atlas (so a mismatched pair can be refused).
public enum AtlasWriter {
  public static func columnName(_ metric: AreaMetric) -> String {
    AtlasSchema.columnName(family: metric.family, metric: metric.metric, stratum: metric.stratum)
  }

  static func write(
    _ path: String, layers: [Layer<WGS84LonLat>], metrics: [AreaMetric], comparisons: [AreaComparison],
    indices: [DisparityIndex], exposures: [GroupExposure], accountings: [InputAccounting],
    ignored: [(file: String, reason: String)] = [], population: [String: Demographics], populationChecks: [PopulationCheck.Figure] = [],
    synthetic: Bool, period: AnalysisPeriod? = nil, manifestSHA256: String? = nil, cameras: CameraTable? = nil,
    spatial: SpatialResults = SpatialResults(), quantileIntervals: [QuantileInterval] = [], companions: [(from: String, to: String)] = []
  ) throws {
    let writer = try GeoPackageWriter(path: path)
    for layer in layers {
      let own = metrics.filter { $0.layer == layer.id }
      var columns: [String] = []
      var seen: Set<String> = []
      var values: [String: [String: Double]] = [:]
      for m in own {
        let name = columnName(m)
        if seen.insert(name).inserted { columns.append(name) }
        values[m.areaID, default: [:]][name] = m.value
      }
      let demographics = population[layer.id]
      let rows = layer.areas.enumerated().map { a, area -> (polygons: [Polygon<WGS84LonLat>], values: [StoreValue]) in
        let majority = demographics.map { StoreValue.text($0.majorityGroup(a)) } ?? .null
        return (area.polygons, [.text(area.id), .text(area.name), majority] + columns.map { values[area.id]?[$0].map(StoreValue.real) ?? .null })
      }
      try writer.addFeatureTable(
        AtlasSchema.tableName(layer: layer.id), description: "\(layer.id): per-area metrics" + (synthetic ? " (SYNTHETIC inputs)" : ""),
        columns: [StoreColumn("area_id", .text), StoreColumn("name", .text), StoreColumn("majority_group", .text)]
          + columns.map { StoreColumn($0, .real) },
        rows: rows)
    }
    try writer.addAttributeTable(
      "metrics", description: "per-area metrics, long form" + (synthetic ? " (SYNTHETIC inputs)" : ""),
      columns: ["layer", "area_id", "family", "metric", "stratum"].map { StoreColumn($0, .text) } + [
        StoreColumn("value", .real), StoreColumn("n", .integer),
      ],
      rows: metrics.map {
        [.text($0.layer), .text($0.areaID), .text($0.family), .text($0.metric), .text($0.stratum), .real($0.value), .integer(Int64($0.n))]
      })
    let optional = { (v: Double?) in v.map(StoreValue.real) ?? .null }
    try writer.addAttributeTable(
      "comparisons", description: "each area against the rest of the city",
      columns: ["layer", "area_id", "family", "metric", "stratum", "statistic"].map { StoreColumn($0, .text) }
        + ["value", "ci_low", "ci_high"].map { StoreColumn($0, .real) } + [StoreColumn("n", .integer), StoreColumn("rest_value", .real)],
      rows: comparisons.map {
        [
          .text($0.layer), .text($0.areaID), .text($0.family), .text($0.metric), .text($0.stratum), .text($0.statistic), .real($0.value),
          optional($0.ciLow), optional($0.ciHigh), .integer(Int64($0.n)), optional($0.restValue),
        ]
      })
    try writer.addAttributeTable(
      "disparities", description: "population-weighted inequality indices across areas",
      columns: ["layer", "family", "metric", "stratum", "index", "grouping"].map { StoreColumn($0, .text) }
        + ["value", "ci_low", "ci_high"].map { StoreColumn($0, .real) },
      rows: indices.map {
        [
          .text($0.layer), .text($0.family), .text($0.metric), .text($0.stratum), .text($0.index), .text($0.grouping ?? ""), .real($0.value),
          optional($0.ciLow), optional($0.ciHigh),
        ]
      })
    try writer.addAttributeTable(
      "exposure", description: "exposure of each population group to under-covered areas",
      columns: ["layer", "family", "metric", "stratum"].map { StoreColumn($0, .text) } + [StoreColumn("threshold", .real)]
        + ["group", "measure"].map { StoreColumn($0, .text) } + [StoreColumn("value", .real)],
      rows: exposures.map {
        [
          .text($0.layer), .text($0.family), .text($0.metric), .text($0.stratum), .real($0.threshold), .text($0.group), .text($0.measure),
          .real($0.value),
        ]
      })
    try SpatialClusters.write(spatial, to: writer)
    try QuantileIntervals.write(quantileIntervals, to: writer)
    try writer.addAttributeTable(
      "input_accounting", description: "every input row by outcome",
      columns: [StoreColumn("file", .text), StoreColumn("outcome", .text), StoreColumn("rows", .integer)],
      rows: accountings.flatMap { a in a.outcomes.map { [.text(a.file), .text($0.label), .integer(Int64($0.rows))] } })
    if let cameras {
      try writer.addAttributeTable(
        "cameras", description: "the camera inventory as analysed (uptime NULL when not measured; the activity share when uptime_basis says proxy)",
        columns: ["camera_id", "type"].map { StoreColumn($0, .text) } + ["longitude", "latitude", "uptime"].map { StoreColumn($0, .real) }
          + [StoreColumn("uptime_basis", .text)],
        rows: cameras.ids.indices.map { i in
          [
            .text(cameras.ids[i]), .text(cameras.types[i]), .real(cameras.longitude[i]), .real(cameras.latitude[i]),
            cameras.uptime[i].isFinite ? .real(cameras.uptime[i]) : .null, .text(cameras.uptimeBasis),
          ]
        })
    }
    try writer.addAttributeTable(
      "input_notes", description: "every repair, clip or assumption applied to an input, and every file not used",
      columns: [StoreColumn("file", .text), StoreColumn("note", .text)],
      rows: accountings.flatMap { a in a.notes.map { [.text(a.file), .text($0)] } }
        + ignored.map { [.text($0.file), .text("not used: \($0.reason)")] })
    try writer.addAttributeTable(
      "population_balance", description: "2020 census population: source inside the city vs apportioned to the layer",
      columns: [StoreColumn("layer", .text)] + ["source_total", "source_inside", "layer_total", "loss_share"].map { StoreColumn($0, .real) }
        + [StoreColumn("split_tracts", .integer)],
      rows: layers.compactMap { layer in
        population[layer.id].map { d in
          [
            .text(layer.id), .real(d.massBalance.sourceTotal), .real(d.massBalance.sourceTotalInside), .real(d.massBalance.targetTotal),
            .real(d.lossShare), .integer(Int64(d.splitTracts)),
          ]
        }
      })
    try writer.addAttributeTable(
      "population_checks", description: "2020 population method and totals against the official counts",
      columns: [StoreColumn("figure", .text), StoreColumn("value", .real), StoreColumn("goal", .real), StoreColumn("note", .text)],
      rows: populationChecks.map { [.text($0.check), $0.value.map(StoreValue.real) ?? .null, $0.goal.map(StoreValue.real) ?? .null, .text($0.note)] })
    try writer.addAttributeTable(
      "run_info", description: "facts about the run",
      columns: [StoreColumn("key", .text), StoreColumn("value", .text)],
      rows: [
        [.text("data_origin"), .text(synthetic ? "synthetic" : "real")],
        [.text("tool_version"), .text(EquityAtlasVersion.current)],
      ]
        + (period.map { p in
          [
            [.text("period_start"), .text(p.startDate)], [.text("period_end_exclusive"), .text(p.endDate)],
            [.text("period_days"), .text(String(p.days))], [.text("period_time_zone"), .text(p.timeZone)],
            [.text("period_source"), .text(p.source)],
          ]
        } ?? [[.text("period_source"), .text("none: no calls, --period or camera log")]])
        + (manifestSHA256.map { [[.text("manifest_sha256"), .text($0)]] } ?? []))
    try writer.commit(thenRename: companions)
  }
}
