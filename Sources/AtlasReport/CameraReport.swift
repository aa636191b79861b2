import AtlasGeometry
import AtlasStore
import Foundation

/// The OPSA camera-gap report: cameras per area, uptime and outage hours, the share of each
/// area within reach of a working camera, who lives outside that reach (by group, with threshold
/// exposure), a gap map and a ranked list of wards for the next deployments.
public struct CameraReport {
  static let wards = "wards-2023"
  static let beats = "police-beats"
  /// How many wards the deployment list names.
  public static let deploymentListLength = 15

  let model: ReportModel
  private(set) var withheld = 0

  public init(model: ReportModel) { self.model = model }

  var uptimeThreshold: Double? { model.parameters.first { $0.key == ManifestParameter.uptimeThreshold }.flatMap { Double($0.value) } }
  var radiusFeet: Double? { model.parameters.first { $0.key == ManifestParameter.cameraRadiusFeet }.flatMap { Double($0.value) } }

  /// How the atlas got camera uptime (`camera_uptime` in the manifest): measured by a log (also
  /// for atlases that predate the parameter), not measured, or a proxy from an activity log.
  enum UptimeBasis: Equatable {
    case measured
    case notMeasured(String)
    case proxy(String)
  }

  var uptimeBasis: UptimeBasis {
    guard let text = model.parameters.first(where: { $0.key == ManifestParameter.cameraUptime })?.value else { return .measured }
    if text.hasPrefix("not measured") { return .notMeasured(text) }
    if text.hasPrefix("proxy") { return .proxy(text) }
    return .measured
  }

  /// What an uptime cell shows when the atlas has no uptime figure.
  var noUptime: String {
    switch uptimeBasis {
    case .measured: return Format.missing
    case .notMeasured: return "not measured"
    case .proxy: return "n/a (proxy)"
    }
  }

  public mutating func document() -> Document {
    var blocks: [Block] = [
      .title(
        "Camera gaps and where to deploy next",
        subtitle: "For the Office of Public Safety Administration · cameras, uptime, outage hours and reach by ward; residents "
          + "outside reach by group")
    ]
    blocks += model.syntheticBanner
    let radius = "within \(radiusFeet.map { Format.integer($0) } ?? "500") ft of"
    let reach: String
    switch uptimeBasis {
    case .measured:
      reach = "\(radius) a camera that was up at least \(uptimeThreshold.map { Format.percent($0, digits: 0) } ?? "90%") of the period"
    case .notMeasured:
      reach =
        "\(radius) a listed camera. Uptime was not measured: no outage, uptime or activity log was given, so every camera in the "
        + "inventory counts as present and working, and the uptime columns say “not measured”"
    case .proxy:
      reach =
        "\(radius) a listed camera. The camera log is an activity log (violations recorded per day), which gives only a PROXY "
        + "for uptime, shown as “days with activity”: a camera can work and record nothing, so every listed camera counts as present"
    }
    blocks.append(
      .paragraph([
        TextRun(
          "A place is in reach when it lies \(reach). Residents outside reach are estimated per area as residents × (1 − share of the "
            + "area in reach), taking residents as spread evenly within each area.")
      ]))
    blocks.append(.figures([.map(gapMap())], height: 440))
    blocks.append(.heading("The city"))
    blocks.append(summaryTable())
    blocks.append(.heading("Who lives outside camera reach"))
    let (groupTable, groupNote) = groupBlocks()
    blocks.append(groupTable)
    if !groupNote.isEmpty { blocks.append(.note(groupNote)) }
    blocks.append(.heading("Where to deploy next"))
    blocks += deploymentBlocks()
    blocks += CameraPlanReport.cityPage(model: model)
    blocks.append(.heading("Cameras by ward"))
    blocks.append(wardTable())
    blocks.append(.heading("Data quality"))
    blocks.append(model.inputAccountingTable())
    blocks.append(
      .paragraph([
        TextRun(
          "Withheld in this report: \(withheld) figure\(withheld == 1 ? "" : "s") under the small-cell rule (shown as “\(Format.suppressed)”). "
            + model.suppressionRule)
      ]))
    blocks += model.methodologyBlocks()
    return Document(
      title: "Camera gaps and where to deploy next — EquityAtlas\(model.originNote)",
      subject: "Chicago public-safety cameras: uptime, reach and gaps by ward",
      runningHeader: "Camera gaps" + (model.isSynthetic ? " · SYNTHETIC DATA" : ""), marker: model.marker, blocks: blocks)
  }

  // MARK: Summary

  func summaryTable() -> Block {
    let layer = Self.wards
    let types = (model.metricColumns[layer] ?? []).filter { $0.family == AtlasFamily.cameras.rawValue && $0.metric == CameraMetric.count.rawValue }
      .map(\.stratum)
    let ordered = types.filter { $0 == "all" } + types.filter { $0 != "all" }
    let rows: [Table.Row] = ordered.map { type in
      let count = model.pooled(layer, .cameras(.count, type), .sum, excluding: nil)
      let uptime = model.pooled(layer, MetricID(.cameras, uptimeMetric, type), .observations, excluding: nil)
      let below = model.pooled(layer, .cameras(.belowUptimeThreshold, type), .sum, excluding: nil)
      let hours = model.pooled(layer, .cameras(.outageHours, type), .sum, excluding: nil)
      return .cells([
        Cell(type == "all" ? "All cameras" : type, bold: type == "all"), Cell(count.map { Format.integer($0) } ?? Format.missing),
        Cell(uptime.map { Format.percent($0) } ?? noUptime), Cell(below.map { Format.integer($0) } ?? noUptime),
        Cell(hours.map { Format.integer($0) } ?? noUptime),
      ])
    }
    return .table(
      Table(
        columns: [
          Table.Column("Camera type", width: 1.6, .leading), Table.Column("Cameras", width: 1), Table.Column(uptimeTitle, width: 1),
          Table.Column("Up less than \(uptimeThreshold.map { Format.percent($0, digits: 0) } ?? "threshold")", width: 1.2),
          Table.Column("Outage hours", width: 1.2),
        ],
        rows: rows))
  }

  /// Beats shaded by the share of their area out of reach; cameras drawn; wards outlined.
  func gapMap() -> MapFigure {
    let beats = model.areas(Self.beats)
    var values: [String: Double] = [:]
    for beat in beats {
      if let v = model.value(Self.beats, beat.id, .cameras(.coverageShare)) { values[beat.id] = 1 - v.value }
    }
    let classes = Classification(Array(values.values))
    var shapes = beats.map { MapShape($0.polygons, fill: classes.color(values[$0.id]), stroke: .white, lineWidth: 0.15) }
    shapes.append(MapShape(model.areas(Self.wards).flatMap(\.polygons), stroke: Color(hex: 0x333333), lineWidth: 0.6))
    let points = model.cameras.map { MapPoint($0.position, color: CameraStyle.color($0.type), radius: 0.9) }
    let labels = model.areas(Self.wards).compactMap { w in model.labelPosition(w).map { MapLabel($0, w.id, size: 6.5, bold: true) } }
    var legend = classes.legend { Format.percent($0, digits: 0) }
    if values.count < beats.count { legend.append(LegendItem(.swatch(.noData), "no data")) }
    legend.append(LegendItem(.line(Color(hex: 0x333333), width: 0.6), "ward (numbered)"))
    for type in Array(Set(model.cameras.map(\.type))).sorted() { legend.append(LegendItem(.point(CameraStyle.color(type)), "\(type) camera")) }
    return MapFigure(
      title: "Gap map: share of each police beat out of reach of a " + (uptimeBasis == .measured ? "working camera" : "listed camera"),
      view: model.envelope(Self.beats), shapes: shapes,
      points: points, labels: labels, legendTitle: "out of reach", legend: legend,
      caption: "Beats in quantile classes; darker means more of the beat is out of reach. "
        + (model.cameras.isEmpty ? "No camera locations: \(model.cameraSource)." : "Dots: every camera in the inventory, working or not."))
  }

  // MARK: Groups

  /// Residents outside reach by group, and threshold exposure (the share of each group living in
  /// beats where less of the area than the threshold is in reach), from the atlas's `exposure`
  /// table for police beats.
  mutating func groupBlocks() -> (Block, String) {
    let layer = Self.beats
    let rows = model.exposure.filter {
      $0.layer == layer && $0.family == AtlasFamily.cameras.rawValue && $0.metric == CameraMetric.coverageShare.rawValue
    }
    guard let threshold = rows.first?.threshold else {
      return (.paragraph([TextRun("This atlas holds no exposure figures for cameras (table ‘exposure’).")]), "")
    }
    var groups: [String] = []
    var measures: [String: [String: Double]] = [:]
    for row in rows {
      if measures[row.group] == nil { groups.append(row.group) }
      measures[row.group, default: [:]][row.measure] = row.value
    }
    var table: [Table.Row] = []
    for group in groups {
      let residents = model.areas(layer).reduce(0.0) { total, beat in
        total + (model.value(layer, beat.id, .population(.population))?.value ?? 0)
          * (model.value(layer, beat.id, .population(.share, group))?.value ?? 0)
      }
      let outside = measures[group]?[ExposureMeasure.populationOutside.rawValue]
      let small = model.withholds(count: residents)
      func count(_ v: Double?) -> Cell {
        guard let v else { return Cell(Format.missing) }
        if model.withholds(count: v) {
          withheld += 1
          return Cell(Format.suppressed)
        }
        return Cell(Format.integer(v))
      }
      func share(_ v: Double?) -> Cell {
        guard let v else { return Cell(Format.missing) }
        return small ? Cell(Format.suppressed) : Cell(Format.percent(v))
      }
      let ratio = measures[group]?[ExposureMeasure.ratioToWhite.rawValue]
      table.append(
        .cells([
          Cell(GroupLabels.name(group)), count(residents), count(outside), share(outside.flatMap { residents > 0 ? $0 / residents : nil }),
          share(measures[group]?[ExposureMeasure.shareExposed.rawValue]),
          ratio.map { small ? Cell(Format.suppressed) : Cell(Format.ratio($0).ratio, bold: $0 > 1.1, color: $0 > 1.1 ? .alert : nil) }
            ?? Cell(Format.missing),
        ]))
    }
    let block = Block.table(
      Table(
        columns: [
          Table.Column("Group (2020 census)", width: 2, .leading), Table.Column("Residents", width: 1),
          Table.Column("Outside reach (est.)", width: 1.1),
          Table.Column("Share outside", width: 0.9), Table.Column("In beats under \(Format.percent(threshold, digits: 0)) reach", width: 1.2),
          Table.Column("Ratio to White", width: 0.9),
        ],
        rows: table))
    let note =
      "Police beats, residents apportioned from 2020 tracts and taken as spread evenly within a beat. Threshold exposure: the "
      + "share of the group living in beats where less than \(Format.percent(threshold, digits: 0)) of the area is in reach, and that "
      + "share divided by White (non-Hispanic) residents' share (a relative risk; Mohai & Saha 2006)."
    return (block, note)
  }

  // MARK: Deployment

  /// Wards ranked by residents outside reach (est.), most first; ties by ward number.
  mutating func deploymentBlocks() -> [Block] {
    let layer = Self.wards
    struct Candidate {
      var ward: String
      var outside: Double
      var reach: Double
      var down: Double?
      var cameras: Double
      var residents: Double
    }
    var candidates: [Candidate] = []
    for w in model.areas(layer) {
      guard let reach = model.value(layer, w.id, .cameras(.coverageShare))?.value,
        let residents = model.value(layer, w.id, .population(.population))?.value
      else { continue }
      candidates.append(
        Candidate(
          ward: w.id, outside: residents * (1 - reach), reach: reach, down: model.value(layer, w.id, .cameras(.belowUptimeThreshold))?.value,
          cameras: model.value(layer, w.id, .cameras(.count))?.value ?? 0, residents: residents))
    }
    candidates.sort { $0.outside != $1.outside ? $0.outside > $1.outside : naturalOrder($0.ward, $1.ward) }
    guard !candidates.isEmpty else { return [.paragraph([TextRun("This atlas holds no camera reach figures for wards.")])] }
    let rows: [Table.Row] = candidates.prefix(Self.deploymentListLength).enumerated().map { k, c in
      .cells([
        Cell(String(k + 1)), Cell("Ward \(c.ward)", bold: true), Cell(Format.integer(c.outside)), Cell(Format.percent(c.reach)),
        Cell(Format.integer(c.residents)), Cell(Format.integer(c.cameras)),
        c.down.map { down in
          Cell(Format.integer(down), bold: c.cameras > 0 && down / c.cameras > 0.5, color: c.cameras > 0 && down / c.cameras > 0.5 ? .alert : nil)
        }
          ?? Cell(uptimeBasis == .measured ? Format.integer(0) : noUptime),
      ])
    }
    return [
      .paragraph([
        TextRun(
          "Ranked by residents outside reach (estimated): where a new or restored camera reaches the most people. Where most of a ward's "
            + "cameras are down (red), restoring them comes before adding new ones.")
      ]),
      .table(
        Table(
          columns: [
            Table.Column("Rank", width: 0.5), Table.Column("Ward", width: 0.9, .leading), Table.Column("Residents outside reach", width: 1.3),
            Table.Column("Area in reach", width: 1), Table.Column("Residents", width: 1), Table.Column("Cameras", width: 0.8),
            Table.Column("Up < \(uptimeThreshold.map { Format.percent($0, digits: 0) } ?? "threshold")", width: 0.9),
          ],
          rows: rows)),
    ]
  }

  /// The uptime column: measured uptime, or the activity proxy, named as such.
  var uptimeMetric: String { if case .proxy = uptimeBasis { return "activity_day_share" } else { return "mean_uptime" } }
  var uptimeTitle: String { if case .proxy = uptimeBasis { return "Days with activity (uptime proxy)" } else { return "Mean uptime" } }

  func wardTable() -> Block {
    let layer = Self.wards
    let rows: [Table.Row] = model.areas(layer).map { w in
      func v(_ metric: String) -> Double? { model.value(layer, w.id, MetricID(.cameras, metric))?.value }
      let reach = v("coverage_share")
      let residents = model.value(layer, w.id, .population(.population))?.value
      return .cells([
        Cell(w.id, bold: true), Cell(v("count").map { Format.integer($0) } ?? Format.missing),
        Cell(v("per_square_mile").map { Format.decimal($0) } ?? Format.missing),
        Cell(v("per_10k_residents").map { Format.decimal($0) } ?? Format.missing),
        Cell(v(uptimeMetric).map { Format.percent($0) } ?? noUptime), Cell(v("below_uptime_threshold").map { Format.integer($0) } ?? noUptime),
        Cell(v("outage_hours").map { Format.integer($0) } ?? noUptime), Cell(reach.map { Format.percent($0) } ?? Format.missing),
        Cell(reach.flatMap { r in residents.map { Format.integer($0 * (1 - r)) } } ?? Format.missing),
      ])
    }
    return .table(
      Table(
        columns: [
          Table.Column("Ward", width: 0.6, .leading), Table.Column("Cameras", width: 0.8), Table.Column("Per sq mi", width: 0.8),
          Table.Column("Per 10k residents", width: 0.9), Table.Column(uptimeTitle, width: 0.9),
          Table.Column("Up < \(uptimeThreshold.map { Format.percent($0, digits: 0) } ?? "threshold")", width: 0.8),
          Table.Column("Outage hours", width: 1),
          Table.Column("Area in reach", width: 0.9), Table.Column("Residents outside reach", width: 1.1),
        ],
        rows: rows))
  }
}
