import AtlasGeometry
import AtlasStore
import Foundation

/// The Office of Inspector General's comparison of the 22 police districts: response times by
/// priority and stage with confidence intervals, completeness, ratios to the rest of the city,
/// Mann–Whitney effect sizes, inequality and its Theil decomposition (beats within districts),
/// a ranked dot plot and a beat-level map.
public struct DistrictReport {
  public static let layer = "police-districts"
  static let beats = "police-beats"
  /// District 31 is not a CPD patrol district (areas no district patrols: O'Hare, forest
  /// preserves); it is left out of the comparison.
  public static let excluded: Set<String> = ["31"]

  let model: ReportModel

  public init(model: ReportModel) throws {
    guard !model.areas(Self.layer).isEmpty else { throw ReportError(path: model.atlasPath, message: "no \(Self.layer) layer in the atlas") }
    self.model = model
  }

  var districts: [ReportModel.AreaRecord] { model.areas(Self.layer).filter { !Self.excluded.contains($0.id) } }

  public func document() -> Document {
    var blocks: [Block] = [
      .title(
        "Police districts compared: 911 response",
        subtitle: "For the Office of Inspector General · the \(districts.count) CPD districts side by side, each against the rest "
          + "of the city · beats within districts")
    ]
    blocks += model.syntheticBanner
    blocks.append(
      .paragraph([
        TextRun(
          "Each district's 911 response times (medians and 90th percentiles, in minutes) are set against the rest of the city as "
            + "ratios with 95% intervals; the Mann–Whitney probability of superiority says how often a call in the "
            + "district waited longer than a call elsewhere (0.5: no difference). Ratios whose interval excludes 1 are in bold: red "
            + "slower, blue faster. District 31 (areas no district patrols) is left out.")
      ]))
    blocks.append(.figures([.map(beatMap()), .dots(rankedPlot())], height: 430))
    if let clusters = clusterMap() { blocks.append(.figures([.map(clusters)], height: 430)) }
    for (interval, intervalLabel) in CallLabels.intervals {
      for (stratum, priorityLabel) in CallLabels.priorities {
        blocks.append(.heading(intervalLabel.prefix(1).uppercased() + intervalLabel.dropFirst() + ", " + priorityLabel))
        blocks.append(comparisonTable(interval: interval, stratum: stratum))
      }
    }
    blocks.append(
      .note(
        "P(sup): Mann–Whitney probability that a district call waited longer than a call elsewhere (ties count half); Cliff's δ = "
          + "2·P(sup) − 1; p: two-sided Mann–Whitney test; KS D: Kolmogorov–Smirnov distance; HL: Hodges–Lehmann shift (district − "
          + "rest, minutes). Recorded: share of calls with the interval's closing timestamp. " + model.suppressionRule))
    blocks += likeForLikeBlocks()
    blocks += rateRatioBlocks()
    blocks += inequalityBlocks()
    blocks += concentrationBlocks()
    blocks.append(.heading("Data quality"))
    blocks.append(completenessTable())
    blocks.append(model.inputAccountingTable())
    blocks += model.methodologyBlocks()
    return Document(
      title: "Police districts compared: 911 response — EquityAtlas\(model.originNote)",
      subject: "911 response times of Chicago's police districts against the rest of the city",
      runningHeader: "Police districts compared" + (model.isSynthetic ? " · SYNTHETIC DATA" : ""), marker: model.marker, blocks: blocks)
  }

  // MARK: Figures

  /// Beats by priority 1 call → dispatch 90th percentile, districts outlined and numbered.
  func beatMap() -> MapFigure {
    let beats = model.areas(Self.beats)
    var values: [String: Double] = [:]
    for beat in beats {
      if let v = model.value(Self.beats, beat.id, .calls(.p90(.callToDispatch), "P1")), !model.withholds(v.n) { values[beat.id] = v.value / 60 }
    }
    let classes = Classification(Array(values.values))
    var shapes = beats.map { MapShape($0.polygons, fill: classes.color(values[$0.id]), stroke: .white, lineWidth: 0.2) }
    shapes.append(MapShape(model.areas(Self.layer).flatMap(\.polygons), stroke: Color(hex: 0x222222), lineWidth: 0.9))
    let labels = districts.compactMap { d in model.labelPosition(d).map { MapLabel($0, d.id, size: 8, bold: true) } }
    var legend = classes.legend { Format.decimal($0, digits: 1) }
    if values.count < beats.count { legend.append(LegendItem(.swatch(.noData), "no data or withheld")) }
    legend.append(LegendItem(.line(Color(hex: 0x222222), width: 0.9), "district"))
    return MapFigure(
      title: "Beats: priority 1 call → dispatch, 90th percentile", view: model.envelope(Self.layer), shapes: shapes, labels: labels,
      legendTitle: "minutes", legend: legend, caption: "Beats in five quantile classes; darker is slower. Districts numbered.")
  }

  /// Beats by their Local Moran's I cluster of the priority 1 call → dispatch 90th percentile
  /// (`local_clusters`), districts outlined; nil when the atlas has no local statistics for it.
  func clusterMap() -> MapFigure? {
    let metric = CallMetric.p90(.callToDispatch).name
    let beats = model.areas(Self.beats)
    let records = beats.compactMap { model.localCluster(Self.beats, $0.id, AtlasFamily.calls.rawValue, metric, "P1", statistic: "local_moran") }
    guard !records.isEmpty else { return nil }
    let classes: [(cluster: String, color: Color, label: String)] = [
      ("high-high", Color(hex: 0xD7191C), "high-high: slow beat among slow neighbours"),
      ("low-low", Color(hex: 0x2C7BB6), "low-low: fast beat among fast neighbours"),
      ("high-low", Color(hex: 0xFDAE61), "high-low: slow beat among fast neighbours"),
      ("low-high", Color(hex: 0xABD9E9), "low-high: fast beat among slow neighbours"),
      ("not significant", Color(hex: 0xF4F4F4), "not significant (q ≥ 0.05)"),
      ("no neighbours", Color(hex: 0xBFBFBF), "no neighbour with a value: not tested"),
    ]
    let byBeat = Dictionary(uniqueKeysWithValues: records.map { ($0.areaID, $0.cluster) })
    var shapes = beats.map { beat in
      MapShape(
        beat.polygons, fill: byBeat[beat.id].flatMap { c in classes.first { $0.cluster == c }?.color } ?? .noData, stroke: .white, lineWidth: 0.2)
    }
    shapes.append(MapShape(model.areas(Self.layer).flatMap(\.polygons), stroke: Color(hex: 0x222222), lineWidth: 0.9))
    let labels = districts.compactMap { d in model.labelPosition(d).map { MapLabel($0, d.id, size: 8, bold: true) } }
    let present = Set(byBeat.values)
    var legend = classes.filter { present.contains($0.cluster) || $0.cluster.contains("-") }.map { LegendItem(.swatch($0.color), $0.label) }
    if records.count < beats.count { legend.append(LegendItem(.swatch(.noData), "fewer than 11 calls or no data: left out")) }
    legend.append(LegendItem(.line(Color(hex: 0x222222), width: 0.9), "district"))
    var caption =
      "Local Moran's I of each beat against its queen neighbours (shared edge or corner), 999 conditional permutations; "
      + "a cluster is shown where the Benjamini–Hochberg q < 0.05 over all tested beats (false discovery rate 5%)."
    if let global = model.globalMoran(Self.beats, AtlasFamily.calls.rawValue, metric, "P1") {
      caption +=
        " Global Moran's I = \(Format.decimal(global.value, digits: 2)) (expected \(Format.decimal(global.expected, digits: 3)), "
        + "z = \(Format.decimal(global.z, digits: 1)), permutation p = \(Format.decimal(global.pValue, digits: 3)))."
    }
    return MapFigure(
      title: "Where slow priority 1 dispatch clusters: beats by Local Moran's I of the 90th percentile", view: model.envelope(Self.layer),
      shapes: shapes, labels: labels, legendTitle: "cluster (q < 0.05 after FDR)", legend: legend, caption: caption)
  }

  /// Districts ranked by the priority 1 call → dispatch 90th-percentile ratio (with its
  /// interval), or by the 90th percentile itself when the atlas has no comparisons.
  func rankedPlot() -> DotPlot {
    let comparisons = model.hasComparisons(Self.layer)
    var rows: [DotPlot.Row] = []
    for d in districts {
      if comparisons {
        guard let c = model.callComparison(Self.layer, d.id, interval: .callToDispatch, stratum: "P1", statistic: .ratioP90) else { continue }
        let side = c.side(of: 1)
        rows.append(DotPlot.Row(label: d.id, value: c.value, low: c.ciLow, high: c.ciHigh, color: side > 0 ? .alert : side < 0 ? .highlight : .muted))
      } else if let v = model.value(Self.layer, d.id, .calls(.p90(.callToDispatch), "P1")), !model.withholds(v.n) {
        rows.append(DotPlot.Row(label: d.id, value: v.value / 60, low: nil, high: nil, color: .text))
      }
    }
    rows.sort { ($0.value, $0.label) > ($1.value, $1.label) }
    return DotPlot(
      title: "Districts ranked: priority 1 call → dispatch, 90th percentile",
      axisLabel: comparisons ? "district ÷ rest of city (log scale)" : "minutes (log scale)", rows: rows, reference: comparisons ? 1 : nil,
      legend: comparisons
        ? [LegendItem(.point(.alert), "slower (CI above 1)"), LegendItem(.point(.highlight), "faster"), LegendItem(.point(.muted), "CI includes 1")]
        : [],
      caption: comparisons
        ? "Lines: 95% intervals (\(model.ratioInterval)). Dashed: no difference." : "No comparisons in this atlas: raw 90th percentiles.")
  }

  // MARK: Tables

  func comparisonTable(interval: CallIntervalName, stratum: String) -> Block {
    let layer = Self.layer
    let closing: CallStageName = interval == .callToDispatch ? .dispatched : .onScene
    var rows: [Table.Row] = []
    for d in districts {
      let calls = model.value(layer, d.id, .calls(.calls, stratum))
      let usable = model.value(layer, d.id, .calls(.p50(interval), stratum))
      let hidden = usable.map { model.withholds($0.n) } ?? true
      func figure(_ metric: CallMetric, _ format: (Double) -> String) -> Cell {
        guard let v = model.value(layer, d.id, .calls(metric, stratum)) else { return Cell(Format.missing) }
        return model.withholds(v.n) ? Cell(Format.suppressed) : Cell(format(v.value))
      }
      func statistic(_ name: ComparisonStatistic, _ format: (Double) -> String) -> Cell {
        guard !hidden else { return Cell(Format.suppressed) }
        return Cell(
          model.callComparison(layer, d.id, interval: interval, stratum: stratum, statistic: name).map { format($0.value) } ?? Format.missing)
      }
      func ratio(_ name: ComparisonStatistic) -> Cell {
        guard !hidden else { return Cell(Format.suppressed) }
        guard let c = model.callComparison(layer, d.id, interval: interval, stratum: stratum, statistic: name) else { return Cell(Format.missing) }
        let side = c.side(of: 1)
        let interval = c.ciLow.flatMap { low in c.ciHigh.map { " (" + Format.interval(low, $0, digits: 2) + ")" } } ?? ""
        return Cell(Format.decimal(c.value, digits: 2) + interval, bold: side != 0, color: side > 0 ? .alert : side < 0 ? .highlight : nil)
      }
      rows.append(
        .cells([
          Cell(d.id, bold: true),
          calls.map { model.withholds($0.n) ? Cell(Format.suppressed) : Cell(Format.integer($0.value)) } ?? Cell(Format.missing),
          figure(.completeness(closing)) { Format.percent($0, digits: 0) },
          figure(.p50(interval)) { Format.minutes(seconds: $0) }, figure(.p90(interval)) { Format.minutes(seconds: $0) },
          ratio(.ratioP50), ratio(.ratioP90),
          statistic(.probSuperiority) { Format.decimal($0, digits: 2) }, statistic(.cliffsDelta) { Format.decimal($0, digits: 2) },
          statistic(.mannWhitneyP) { $0 < 0.001 ? "<0.001" : Format.decimal($0, digits: 3) }, statistic(.ksD) { Format.decimal($0, digits: 2) },
          statistic(.hodgesLehmannSeconds) { Format.minutes(seconds: $0) },
        ]))
    }
    return .table(
      Table(
        columns: [
          Table.Column("District", width: 0.72, .leading), Table.Column("Calls", width: 0.78), Table.Column("Recorded", width: 0.9),
          Table.Column("Median (min)", width: 0.72), Table.Column("90th pct (min)", width: 0.72), Table.Column("Median ratio\n(95% CI)", width: 1.5),
          Table.Column("90th pct ratio\n(95% CI)", width: 1.5), Table.Column("P(sup)", width: 0.62), Table.Column("Cliff's δ", width: 0.66),
          Table.Column("p", width: 0.62), Table.Column("KS D", width: 0.55), Table.Column("HL (min)", width: 0.62),
        ],
        rows: rows, fontSize: 7))
  }

  /// Raw and case-mix adjusted ratios side by side, one table per interval and quantile, the
  /// three priorities across (nothing when the atlas has no adjusted ratios).
  func likeForLikeBlocks() -> [Block] {
    guard
      (model.comparisonColumns[Self.layer] ?? []).contains(where: {
        $0.statistic == ComparisonStatistic.ratioP90Adjusted.rawValue || $0.statistic == ComparisonStatistic.ratioP50Adjusted.rawValue
      })
    else { return [] }
    var blocks: [Block] = [
      .heading("Like for like: ratios adjusted for the mix of calls"),
      .paragraph([
        TextRun(
          model.caseMixSentence(area: "district") + " Raw: the district against the rest of the city as it is; like for like: against "
            + "the rest reweighted to the district's calls. A raw ratio that falls to about 1 like for like is explained by the mix of "
            + "calls; one that stays above 1 is not.")
      ]),
    ]
    for (interval, intervalLabel) in [CallLabels.intervals[0], CallLabels.intervals[2]] {
      for (quantile, quantileLabel) in [(ResponseQuantile.p50, "median"), (.p90, "90th percentile")] {
        var rows: [Table.Row] = []
        for d in districts {
          var cells = [Cell(d.id, bold: true)]
          for (stratum, _) in CallLabels.priorities {
            let own = model.value(Self.layer, d.id, .calls(.quantile(interval, quantile), stratum))
            let hidden = own.map { model.withholds($0.n) } ?? true
            for statistic in [ComparisonStatistic.ratio(quantile), .ratio(quantile, adjusted: true)] {
              guard !hidden else {
                cells.append(Cell(Format.suppressed))
                continue
              }
              guard let c = model.callComparison(Self.layer, d.id, interval: interval, stratum: stratum, statistic: statistic) else {
                cells.append(Cell(Format.missing))
                continue
              }
              let side = c.side(of: 1)
              let range = c.ciLow.flatMap { low in c.ciHigh.map { " (" + Format.interval(low, $0, digits: 2) + ")" } } ?? ""
              cells.append(Cell(Format.decimal(c.value, digits: 2) + range, bold: side != 0, color: side > 0 ? .alert : side < 0 ? .highlight : nil))
            }
          }
          rows.append(.cells(cells))
        }
        blocks.append(.heading(intervalLabel.prefix(1).uppercased() + intervalLabel.dropFirst() + ", " + quantileLabel + ": raw and like for like"))
        blocks.append(
          .table(
            Table(
              columns: [Table.Column("District", width: 0.7, .leading)]
                + CallLabels.priorities.flatMap { stratum, _ in
                  let p = "P" + String(stratum.dropFirst())
                  return [Table.Column("\(p) raw\n(95% CI)", width: 1.5), Table.Column("\(p) like for like\n(95% CI)", width: 1.5)]
                },
              rows: rows, fontSize: 7)))
      }
    }
    return blocks
  }

  /// Rate ratios (Poisson intervals) the atlas holds for districts, one table per measure;
  /// rates per 1,000 residents are shown beside their ratio.
  func rateRatioBlocks() -> [Block] {
    var blocks: [Block] = []
    for column in (model.comparisonColumns[Self.layer] ?? []) where column.statistic == "rate_ratio" {
      let perThousand = column.metric.hasSuffix("_per_1000_residents")
      let title = column.metric.replacingOccurrences(of: "_per_1000_residents", with: " per 1,000 residents").replacingOccurrences(of: "_", with: " ")
      blocks.append(.heading(title.prefix(1).uppercased() + title.dropFirst() + (column.stratum == "all" ? "" : ", " + column.stratum)))
      let rows: [Table.Row] = districts.map { d in
        let c = model.comparison(Self.layer, d.id, column.family, column.metric, column.stratum, column.statistic)
        let residents = model.value(Self.layer, d.id, .population(.population))?.value
        guard let c else { return .cells([Cell(d.id, bold: true)] + Array(repeating: Cell(Format.missing), count: perThousand ? 4 : 2)) }
        let hidden = c.n.map { model.withholds($0) } ?? false
        let text = Format.ratio(c.value, low: c.ciLow, high: c.ciHigh)
        let side = c.side(of: 1)
        var cells = [Cell(d.id, bold: true), Cell(hidden ? Format.suppressed : c.n.map { Format.integer(Double($0)) } ?? Format.missing)]
        if perThousand {
          cells.append(Cell(residents.map { Format.integer($0) } ?? Format.missing))
          cells.append(
            Cell(hidden ? Format.suppressed : c.n.flatMap { n in residents.map { Format.decimal(Double(n) / $0 * 1_000) } } ?? Format.missing))
        }
        cells.append(
          hidden
            ? Cell(Format.suppressed)
            : Cell(text.ratio + (text.interval.map { " (\($0))" } ?? ""), bold: side != 0, color: side > 0 ? .alert : side < 0 ? .highlight : nil))
        return .cells(cells)
      }
      blocks.append(
        .table(
          Table(
            columns: [Table.Column("District", width: 0.8, .leading), Table.Column("Count", width: 1)]
              + (perThousand ? [Table.Column("Residents", width: 1), Table.Column("Per 1,000 residents", width: 1.1)] : [])
              + [Table.Column("District ÷ rest of city (Poisson 95% CI)", width: 1.8)],
            rows: rows)))
    }
    return blocks
  }

  /// The 911 measures whose inequality the report shows: response-time quantiles and on-scene
  /// completeness, by priority.
  static let inequalityMetrics: Set<String> = Set(
    [CallMetric.p50(.callToDispatch), .p90(.callToDispatch), .p50(.callToOnScene), .p90(.callToOnScene), .completeness(.onScene)].map(\.name))

  func isHeadline(_ d: DisparityIndex) -> Bool {
    d.family == AtlasFamily.calls.rawValue && Self.inequalityMetrics.contains(d.metric) && d.stratum != "all"
  }

  /// Inequality indices of the headline 911 measures across districts and beats, and the Theil
  /// decomposition of beats within districts.
  func inequalityBlocks() -> [Block] {
    let indices = ["gini", "theil_t", "theil_l", "atkinson_0.5", "atkinson_1", "atkinson_2", "cv"]
    var blocks: [Block] = [.heading("Inequality across areas (population-weighted)")]
    let rows = model.disparities.filter { $0.grouping == nil && ($0.layer == Self.layer || $0.layer == Self.beats) && isHeadline($0) }
    guard !rows.isEmpty else {
      blocks.append(.paragraph([TextRun("This atlas holds no inequality indices (table ‘disparities’).")]))
      return blocks
    }
    var keys: [String] = []
    var values: [String: [String: DisparityIndex]] = [:]
    var labels: [String: [String]] = [:]
    for r in rows {
      let key = [r.layer, r.family, r.metric, r.stratum].joined(separator: "|")
      if values[key] == nil {
        keys.append(key)
        labels[key] = [r.layer == Self.beats ? "beats" : "districts", describe(r.family, r.metric, r.stratum)]
      }
      values[key, default: [:]][r.index] = r
    }
    blocks.append(
      .table(
        Table(
          columns: [Table.Column("Areas", width: 0.55, .leading), Table.Column("Measure", width: 1.5, .leading)]
            + ["Gini", "Theil T", "Theil L", "Atk. 0.5", "Atk. 1", "Atk. 2", "CV"].map { Table.Column($0, width: 0.85) },
          rows: keys.map { key in
            .cells(labels[key]!.map { Cell($0) } + indices.map { index in Cell(values[key]![index].map(Self.indexText) ?? Format.missing) })
          }, fontSize: 7)))
    if rows.contains(where: { $0.ciLow != nil }) {
      blocks.append(
        .note(
          "Under each index, its 95% interval (\(model.resampleDescription)). Where areas hold few calls, sampling noise itself adds "
            + "inequality: the interval then lies above the index or barely reaches it, and the index overstates the inequality."))
    }

    let grouped = model.disparities.filter { $0.grouping != nil && $0.layer == Self.beats && isHeadline($0) }
    guard !grouped.isEmpty else { return blocks }
    blocks.append(.heading("Theil decomposition: between and within groups"))
    var gkeys: [String] = []
    var gvalues: [String: [String: Double]] = [:]
    var glabels: [String: [String]] = [:]
    for r in grouped {
      let key = [r.layer, r.grouping!, r.family, r.metric, r.stratum].joined(separator: "|")
      if gvalues[key] == nil {
        gkeys.append(key)
        glabels[key] = [r.grouping!, describe(r.family, r.metric, r.stratum)]
      }
      gvalues[key, default: [:]][r.index] = r.value
    }
    blocks.append(
      .table(
        Table(
          columns: [
            Table.Column("Grouping", width: 1.3, .leading), Table.Column("Measure", width: 2.4, .leading), Table.Column("Theil T", width: 0.7),
            Table.Column("Between", width: 0.7), Table.Column("Within", width: 0.7), Table.Column("Within share", width: 0.8),
          ],
          rows: gkeys.map { key in
            let v = gvalues[key]!
            let between = v["theil_t_between"]
            let within = v["theil_t_within"]
            let total = v["theil_t"] ?? between.flatMap { b in within.map { b + $0 } }
            let share = total.flatMap { t in within.map { t > 0 ? $0 / t : .nan } }
            return .cells(
              glabels[key]!.map { Cell($0) } + [total, between, within].map { Cell($0.map { Format.decimal($0, digits: 4) } ?? Format.missing) }
                + [Cell(share.map { Format.percent($0) } ?? Format.missing)])
          }, fontSize: 8)))
    blocks.append(
      .note(
        "Theil T = between + within: the between part is the inequality of the group averages, the within part what remains inside "
          + "the groups (e.g. beats within their district). A large within share means the differences lie inside districts."))
    return blocks
  }

  /// A metric in words: `P1 call → dispatch, 90th pct`, `P2 on-scene time recorded`.
  func describe(_ family: String, _ metric: String, _ stratum: String) -> String {
    var text = metric.replacingOccurrences(of: "_", with: " ")
    for (interval, label) in CallLabels.intervals where metric.hasPrefix(interval.rawValue + "_") {
      let rest = metric.dropFirst(interval.rawValue.count + 1)
      text = label + (rest == "p50_seconds" ? ", median" : rest == "p90_seconds" ? ", 90th pct" : " " + rest.replacingOccurrences(of: "_", with: " "))
    }
    if metric.hasPrefix("completeness_") {
      text = (CallLabels.stages.first { CallMetric.completeness($0.0).name == metric }?.1 ?? String(metric.dropFirst(13))) + " time recorded"
    }
    return (stratum == "all" ? "" : stratum + " ") + (family == AtlasFamily.calls.rawValue ? "" : family + " ") + text
  }

  func completenessTable() -> Block {
    let rows: [Table.Row] = districts.map { d in
      .cells(
        [Cell(d.id, bold: true)]
          + CallLabels.stages.map { stage, _ in
            guard let v = model.value(Self.layer, d.id, .calls(.completeness(stage))) else { return Cell(Format.missing) }
            return model.withholds(v.n) ? Cell(Format.suppressed) : Cell(Format.percent(v.value))
          })
    }
    return .table(
      Table(
        columns: [Table.Column("Timestamp recorded (all priorities)", width: 1.8, .leading)]
          + CallLabels.stages.map { Table.Column($0.1.prefix(1).uppercased() + $0.1.dropFirst(), width: 1) },
        rows: rows))
  }
}
