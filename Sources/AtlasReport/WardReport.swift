import AtlasGeometry
import AtlasStore
import Foundation

/// The per-ward report for aldermanic offices: the ward within the city and close up, a
/// headline table beside the rest of the city, plain-language findings, the response-time
/// distribution across wards, data quality, methodology and provenance.
public struct WardReport {
  public static let layer = "wards-2023"
  static let beats = "police-beats"

  let model: ReportModel
  let ward: ReportModel.AreaRecord
  /// Cells withheld under the small-cell rule so far (counted while the tables are built).
  private(set) var withheld = 0

  public init(model: ReportModel, wardID: String) throws {
    guard let ward = model.areas(Self.layer).first(where: { $0.id == wardID }) else {
      throw ReportError(path: model.atlasPath, message: "no ward '\(wardID)' in layer \(Self.layer)")
    }
    self.model = model
    self.ward = ward
  }

  /// `ward-07.pdf`.
  public static func fileName(_ wardID: String) -> String {
    "ward-" + (Int(wardID).map { String(format: "%02d", $0) } ?? wardID) + ".pdf"
  }

  var name: String { "Ward \(ward.id)" }

  public mutating func document() -> Document {
    let headline = headlineTable()
    let findings = findingsBlocks()
    let distribution = distributionFigures()
    let quality = dataQualityBlocks()
    var blocks: [Block] = [
      .title(
        "\(name): public-safety services",
        subtitle: "Report for the aldermanic office · City of Chicago wards (2023–) · 911 response, cameras, cellular coverage and "
          + "stations, compared with the rest of the city")
    ]
    blocks += model.syntheticBanner
    blocks.append(.figures([.map(cityMap()), .map(closeUpMap())], height: 318))
    blocks.append(.heading("Findings"))
    blocks += findings
    blocks.append(.heading("\(name) beside the rest of the city"))
    blocks.append(headline)
    blocks.append(
      .note(
        "Rest of city: every other ward pooled. Medians and 90th percentiles of the rest come from the comparison ratios "
          + "(rest = ward ÷ ratio); shares are pooled over calls, cameras or square miles; distances are population-weighted means "
          + "over the other wards. Ratios with an interval are ward ÷ rest with a 95% interval (\(model.ratioInterval)). "
          + model.caseMixSentence(area: "ward") + " "
          + model.suppressionRule))
    blocks.append(.heading("Response times across the city"))
    blocks.append(distribution)
    blocks.append(.heading("Data quality"))
    blocks += quality
    blocks += model.methodologyBlocks()
    return Document(
      title: "\(name) — EquityAtlas public-safety services report\(model.originNote)",
      subject: "911 response, cameras, cellular coverage and stations in \(name), Chicago",
      runningHeader: "\(name) public-safety services" + (model.isSynthetic ? " · SYNTHETIC DATA" : ""), marker: model.marker,
      blocks: blocks)
  }

  // MARK: Maps

  /// The headline metric: priority 1 call → dispatch 90th percentile (minutes), by ward.
  func cityMap() -> MapFigure {
    let layer = Self.layer
    var values: [String: Double] = [:]
    for area in model.areas(layer) {
      if let v = model.value(layer, area.id, .calls(.p90(.callToDispatch), "P1")), !model.withholds(v.n) { values[area.id] = v.value / 60 }
    }
    let classes = Classification(Array(values.values))
    var shapes = model.areas(layer).map { MapShape($0.polygons, fill: classes.color(values[$0.id]), stroke: .white, lineWidth: 0.35) }
    shapes.append(MapShape(ward.polygons, stroke: .black, lineWidth: 1.8))
    var legend = classes.legend { Format.decimal($0, digits: 1) }
    if values.count < model.areas(layer).count { legend.append(LegendItem(.swatch(.noData), "no data or withheld")) }
    legend.append(LegendItem(.line(.black, width: 1.8), name))
    return MapFigure(
      title: "\(name) within the city", view: model.envelope(layer), shapes: shapes,
      labels: model.labelPosition(ward).map { [MapLabel($0, ward.id, size: 8.5, bold: true)] } ?? [],
      legendTitle: "Priority 1 call → dispatch, 90th percentile (min)", legend: legend,
      caption: "Wards in five quantile classes; darker is slower. " + (values.isEmpty ? "No 911 figures in this atlas." : ""))
  }

  /// The ward close up: its neighbours, police beats (numbered) and cameras by type.
  func closeUpMap() -> MapFigure {
    var view = Envelope.empty
    for p in ward.polygons { view.extend(p.envelope) }
    let padX = (view.maxX - view.minX) * 0.08 + 0.002
    let padY = (view.maxY - view.minY) * 0.08 + 0.002
    view = Envelope(minX: view.minX - padX, minY: view.minY - padY, maxX: view.maxX + padX, maxY: view.maxY + padY)
    func overlaps(_ e: Envelope) -> Bool { e.minX <= view.maxX && e.maxX >= view.minX && e.minY <= view.maxY && e.maxY >= view.minY }
    var shapes = model.areas(Self.layer).filter { a in a.polygons.contains { overlaps($0.envelope) } }
      .map { MapShape($0.polygons, fill: Color(hex: 0xE9E9E4), stroke: Color(hex: 0xB0B0A8), lineWidth: 0.5) }
    shapes.append(MapShape(ward.polygons, fill: .white))
    let beats = model.areas(Self.beats).filter { b in b.polygons.contains { overlaps($0.envelope) } }
    shapes.append(MapShape(beats.flatMap(\.polygons), stroke: Color(hex: 0x7A7A7A), lineWidth: 0.45))
    shapes.append(MapShape(ward.polygons, stroke: .black, lineWidth: 1.8))
    let cameras = model.cameras.filter { view.contains(x: $0.position.x, y: $0.position.y) }
    let points = cameras.map { MapPoint($0.position, color: CameraStyle.color($0.type), radius: 1.7) }
    let labels = beats.compactMap { beat -> MapLabel? in
      guard let p = model.labelPosition(beat), view.contains(x: p.x, y: p.y) else { return nil }
      return MapLabel(p, beat.id, size: 6)
    }
    var legend = [LegendItem(.line(.black, width: 1.8), name), LegendItem(.line(Color(hex: 0x7A7A7A), width: 0.6), "police beat")]
    for type in Array(Set(cameras.map(\.type))).sorted() {
      let count = model.value(Self.layer, ward.id, .cameras(.count, type)).map { " (\(Format.integer($0.value)) in ward)" } ?? ""
      legend.append(LegendItem(.point(CameraStyle.color(type)), type + count))
    }
    return MapFigure(
      title: "\(name) close up: police beats and cameras", view: view, shapes: shapes, points: points, labels: labels,
      legend: legend,
      caption: model.cameras.isEmpty ? "No camera locations: \(model.cameraSource)." : "Beat numbers at each beat's centre; cameras coloured by type."
    )
  }

  // MARK: Headline table

  mutating func cell(_ figure: ReportModel.MetricValue?, counts: Bool = false, _ format: (Double) -> String) -> Cell {
    guard let figure else { return Cell(Format.missing) }
    if model.withholds(figure.n) {
      withheld += 1
      return Cell(Format.suppressed)
    }
    return Cell(format(figure.value))
  }

  func ratioCell(_ comparison: ReportModel.Comparison?, withheld: Bool) -> Cell {
    guard let comparison, !withheld else { return Cell(withheld ? Format.suppressed : Format.missing) }
    let text = Format.ratio(comparison.value, low: comparison.ciLow, high: comparison.ciHigh)
    let side = comparison.side(of: 1)
    return Cell(text.ratio + (text.interval.map { " (\($0))" } ?? ""), bold: side != 0, color: side > 0 ? .alert : side < 0 ? .highlight : nil)
  }

  func plainRatio(_ own: Double?, _ rest: Double?) -> Cell {
    guard let own, let rest, rest > 0 else { return Cell(Format.missing) }
    return Cell(Format.ratio(own / rest).ratio)
  }

  var uptimeThreshold: Double? { model.parameters.first { $0.key == ManifestParameter.uptimeThreshold }.flatMap { Double($0.value) } }

  /// Dispatch goals in minutes by priority (from the run's parameters).
  var goalMinutes: [String: Double] {
    let text = model.parameters.first { $0.key == ManifestParameter.dispatchGoals }?.value ?? ""
    var goals: [String: Double] = [:]
    for part in text.split(separator: ",") {
      let pair = part.split(separator: "=")
      if pair.count == 2, let seconds = Double(pair[1]) { goals[String(pair[0])] = seconds / 60 }
    }
    return goals
  }

  mutating func headlineTable() -> Block {
    let layer = Self.layer
    let w = ward.id
    var rows: [Table.Row] = []
    func minutes(_ v: Double) -> String { Format.minutes(seconds: v) }
    if let calls = model.value(layer, w, .calls(.calls)), let residents = model.value(layer, w, .population(.population))?.value, residents > 0 {
      let restCalls = model.pooled(layer, .calls(.calls), .sum, excluding: w)
      let restResidents = model.pooled(layer, .population(.population), .sum, excluding: w)
      let rest = restCalls.flatMap { c in restResidents.map { c / $0 * 1_000 } }
      rows.append(.section("911 calls, all priorities"))
      rows.append(
        .cells([
          Cell("Calls per 1,000 residents"), cell(calls) { Format.decimal($0 / residents * 1_000) },
          Cell(rest.map { Format.decimal($0) } ?? Format.missing),
          ratioCell(
            model.comparison(
              layer, w, AtlasFamily.calls.rawValue, CallMetric.perThousandResidents.name, AtlasSchema.allStrata,
              ComparisonStatistic.rateRatio.rawValue),
            withheld: model.withholds(calls.n)),
        ]))
    }
    for (stratum, label) in CallLabels.priorities {
      rows.append(.section("911 calls, \(label)"))
      let calls = model.value(layer, w, .calls(.calls, stratum))
      rows.append(
        .cells([
          Cell("Calls"), cell(calls) { Format.integer($0) },
          Cell(model.pooled(layer, .calls(.calls, stratum), .sum, excluding: w).map { Format.integer($0) } ?? Format.missing), Cell(Format.missing),
        ]))
      for (interval, intervalLabel) in [CallLabels.intervals[0], CallLabels.intervals[2]] {
        for (quantile, quantileLabel) in [(ResponseQuantile.p50, "median"), (.p90, "90th percentile")] {
          let own = model.value(layer, w, .calls(.quantile(interval, quantile), stratum))
          let hidden = own.map { model.withholds($0.n) } ?? false
          let rest = model.restQuantile(layer, w, interval: interval, stratum: stratum, statistic: .ratio(quantile))
          rows.append(
            .cells([
              Cell("\(intervalLabel.prefix(1).uppercased() + intervalLabel.dropFirst()), \(quantileLabel) (min)"), cell(own, minutes),
              Cell(rest.map(minutes) ?? Format.missing),
              ratioCell(model.callComparison(layer, w, interval: interval, stratum: stratum, statistic: .ratio(quantile)), withheld: hidden),
            ]))
          let adjusted = model.callComparison(layer, w, interval: interval, stratum: stratum, statistic: .ratio(quantile, adjusted: true))
          if let adjusted {
            rows.append(
              .cells([
                Cell("    same, like for like (rest with the ward's call mix)"), Cell(""),
                Cell(hidden ? Format.suppressed : adjusted.restValue.map(minutes) ?? Format.missing), ratioCell(adjusted, withheld: hidden),
              ]))
          }
        }
        if interval == .callToDispatch {
          let over = model.value(layer, w, .calls(.dispatchShareOverGoal, stratum))
          let rest = model.pooled(layer, .calls(.dispatchShareOverGoal, stratum), .observations, excluding: w)
          let goal = goalMinutes[stratum].map { " (\(Format.decimal($0, digits: $0 == $0.rounded() ? 0 : 1)) min)" } ?? ""
          rows.append(
            .cells([
              Cell("Dispatched slower than the goal\(goal)"), cell(over) { Format.percent($0) },
              Cell(rest.map { Format.percent($0) } ?? Format.missing),
              model.withholds(over?.n ?? 0) ? Cell(Format.suppressed) : plainRatio(over?.value, rest),
            ]))
        }
      }
      let recorded = model.value(layer, w, .calls(.completeness(.onScene), stratum))
      let restRecorded = model.pooled(layer, .calls(.completeness(.onScene), stratum), .observations, excluding: w)
      rows.append(
        .cells([
          Cell("On-scene time recorded (share of calls)"), cell(recorded) { Format.percent($0) },
          Cell(restRecorded.map { Format.percent($0) } ?? Format.missing), Cell(Format.missing),
        ]))
    }

    rows.append(.section("Cameras"))
    let count = model.value(layer, w, .cameras(.count))?.value
    let restCount = model.pooled(layer, .cameras(.count), .sum, excluding: w)
    let squareMiles = model.value(layer, w, .area(.squareMiles))?.value
    let restSquareMiles = model.pooled(layer, .area(.squareMiles), .sum, excluding: w)
    let density = count.flatMap { c in squareMiles.map { c / $0 } }
    let restDensity = restCount.flatMap { c in restSquareMiles.map { c / $0 } }
    let uptime = model.value(layer, w, .cameras(.meanUptime))?.value
    let restUptime = model.pooled(layer, .cameras(.meanUptime), .observations, excluding: w)
    let below = model.value(layer, w, .cameras(.belowUptimeThreshold))?.value
    let restBelow = model.pooled(layer, .cameras(.belowUptimeThreshold), .sum, excluding: w)
    let covered = model.value(layer, w, .cameras(.coverageShare))?.value
    let restCovered = model.pooled(layer, .cameras(.coverageShare), .area, excluding: w)
    let threshold = uptimeThreshold
    func text(_ v: Double?, _ f: (Double) -> String) -> Cell { Cell(v.map(f) ?? Format.missing) }
    rows += [
      .cells([Cell("Cameras (all types)"), text(count) { Format.integer($0) }, text(restCount) { Format.integer($0) }, Cell(Format.missing)]),
      .cells([
        Cell("Cameras per square mile"), text(density) { Format.decimal($0) }, text(restDensity) { Format.decimal($0) },
        plainRatio(density, restDensity),
      ]),
      .cells([
        Cell("Mean camera uptime"), text(uptime) { Format.percent($0) }, text(restUptime) { Format.percent($0) }, plainRatio(uptime, restUptime),
      ]),
      .cells([
        Cell("Cameras up less than \(threshold.map { Format.percent($0, digits: 0) } ?? "the threshold") of the time"),
        text(below) { Format.integer($0) }, text(restBelow) { Format.integer($0) }, Cell(Format.missing),
      ]),
      .cells([
        Cell("Area within reach of a working camera"), text(covered) { Format.percent($0) }, text(restCovered) { Format.percent($0) },
        plainRatio(covered, restCovered),
      ]),
    ]

    rows.append(.section("Cellular coverage (any provider; share of area)"))
    for column in model.metricColumns[layer] ?? [] where column.family == AtlasFamily.cellular.rawValue && column.stratum.hasPrefix("any |") {
      let parts = column.stratum.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      let own = model.value(layer, w, MetricID(.cellular, column.metric, column.stratum))?.value
      let rest = model.pooled(layer, MetricID(.cellular, column.metric, column.stratum), .area, excluding: w)
      rows.append(
        .cells([
          Cell(parts.dropFirst().joined(separator: ", ")), text(own) { Format.percent($0) }, text(rest) { Format.percent($0) }, plainRatio(own, rest),
        ]))
    }

    rows.append(.section("Stations (straight line from the ward's population centre)"))
    for (metric, label) in [("centroid_to_nearest_base_miles", "nearest"), ("centroid_to_zone_base_miles", "serving the ward's zone")] {
      for service in ["police", "fire"] {
        guard let own = model.value(layer, w, MetricID(.fleet, metric, service))?.value else { continue }
        let rest = model.pooled(layer, MetricID(.fleet, metric, service), .population, excluding: w)
        rows.append(
          .cells([
            Cell("\(service == "police" ? "Police" : "Fire") station \(label) (mi)"), Cell(Format.decimal(own)), text(rest) { Format.decimal($0) },
            plainRatio(own, rest),
          ]))
      }
    }
    return .table(
      Table(
        columns: [
          Table.Column("Measure", width: 2.6, .leading), Table.Column(name, width: 1), Table.Column("Rest of city", width: 1),
          Table.Column("Ward ÷ rest\n(95% CI)", width: 1.3),
        ],
        rows: rows))
  }

  // MARK: Findings

  func findingsBlocks() -> [Block] {
    let layer = Self.layer
    let w = ward.id
    var items: [[TextRun]] = []
    var level: [String: String] = [:]
    if !model.hasComparisons(layer) {
      items.append([
        TextRun(
          "This atlas holds no comparisons with the rest of the city (ratios with confidence intervals), so no difference in "
            + "response times is called out; the table shows the ward's own figures.")
      ])
    }
    for (stratum, _) in CallLabels.priorities {
      let priority = "Priority " + String(stratum.dropFirst())
      guard let own = model.value(layer, w, .calls(.p50(.callToDispatch), stratum)), !model.withholds(own.n),
        let c = model.callComparison(layer, w, interval: .callToDispatch, stratum: stratum, statistic: .ratioP50),
        let low = c.ciLow, let high = c.ciHigh
      else { continue }
      let rest = model.restQuantile(layer, w, interval: .callToDispatch, stratum: stratum, statistic: .ratioP50)
      let medians = rest.map { "; median wait \(Format.minutes(seconds: own.value)) min against \(Format.minutes(seconds: $0)) min" } ?? ""
      let text = Format.ratio(c.value, low: low, high: high)
      switch c.side(of: 1) {
      case 1:
        items.append([
          TextRun("\(priority) calls in \(name) waited \(text.ratio) longer for dispatch than in the rest of the city", .bold),
          TextRun(" (95% CI \(text.interval ?? "")\(medians))."),
        ])
      case -1:
        items.append([
          TextRun("\(priority) calls in \(name) were dispatched faster than in the rest of the city", .bold),
          TextRun(": waits \(text.ratio) as long (95% CI \(text.interval ?? "")\(medians))."),
        ])
      default:
        level[stratum] = text.ratio
      }
    }
    if !level.isEmpty {
      let strata = level.keys.sorted()
      let names = strata.map { String($0.dropFirst()) }
      let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
      items.append([
        TextRun(
          "Dispatch waits for priority \(list) calls were not clearly different from the rest of the city (ratio\(strata.count > 1 ? "s" : "") "
            + strata.map { level[$0]! }.joined(separator: ", ") + "; each 95% interval includes 1).")
      ])
    }
    if let c = model.callComparison(layer, w, interval: .callToOnScene, stratum: "P1", statistic: .ratioP90), c.side(of: 1) != 0,
      let own = model.value(layer, w, .calls(.p90(.callToOnScene), "P1")), !model.withholds(own.n), let low = c.ciLow, let high = c.ciHigh
    {
      let text = Format.ratio(c.value, low: low, high: high)
      items.append([
        TextRun(
          "The slowest tenth of priority 1 calls reached the scene after \(Format.minutes(seconds: own.value)) min or more (90th percentile), "
            + "\(text.ratio) the rest of the city's (95% CI \(text.interval ?? "")).")
      ])
    }
    if let recorded = model.value(layer, w, .calls(.completeness(.onScene), "P1")), !model.withholds(recorded.n),
      let rest = model.pooled(layer, .calls(.completeness(.onScene), "P1"), .observations, excluding: w), recorded.value < rest - 0.05
    {
      let lower =
        model.value(layer, w, .calls(.onSceneP90Lower, "P1")).map {
          " Counting every missing arrival as no later than dispatch, the priority 1 call → on scene 90th percentile is at least "
            + "\(Format.minutes(seconds: $0.value)) min."
        } ?? ""
      items.append([
        TextRun(
          "On-scene arrival was recorded for only \(Format.percent(recorded.value, digits: 0)) of priority 1 calls, against "
            + "\(Format.percent(rest, digits: 0)) in the rest of the city, so on-scene times here rest on fewer calls.\(lower)")
      ])
    }
    if let count = model.value(layer, w, .cameras(.count))?.value, count > 0 {
      let uptime = model.value(layer, w, .cameras(.meanUptime))?.value
      let restUptime = model.pooled(layer, .cameras(.meanUptime), .observations, excluding: w)
      let below = model.value(layer, w, .cameras(.belowUptimeThreshold))?.value ?? 0
      let covered = model.value(layer, w, .cameras(.coverageShare))?.value
      let restCovered = model.pooled(layer, .cameras(.coverageShare), .area, excluding: w)
      var text = ""
      if let uptime, let restUptime {
        text =
          uptime < restUptime - 0.02
          ? "\(Format.integer(below)) of the ward's \(Format.integer(count)) cameras were up less than "
            + "\(uptimeThreshold.map { Format.percent($0, digits: 0) } ?? "the threshold") of the time; mean uptime "
            + "\(Format.percent(uptime)) against \(Format.percent(restUptime)) in the rest of the city."
          : "Camera uptime (mean \(Format.percent(uptime))) was in line with the rest of the city (\(Format.percent(restUptime)))."
      }
      if let covered, let restCovered {
        text += " Working cameras reach \(Format.percent(covered)) of the ward's area (rest of city \(Format.percent(restCovered)))."
      }
      items.append([TextRun(text.trimmingCharacters(in: .whitespaces))])
    }
    var tiers: [(label: String, own: Double, rest: Double)] = []
    for column in model.metricColumns[layer] ?? [] where column.family == AtlasFamily.cellular.rawValue && column.stratum.hasPrefix("any |") {
      guard let own = model.value(layer, w, MetricID(.cellular, column.metric, column.stratum))?.value,
        let rest = model.pooled(layer, MetricID(.cellular, column.metric, column.stratum), .area, excluding: w)
      else { continue }
      tiers.append(
        (column.stratum.split(separator: "|").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "), own, rest))
    }
    if let worst = tiers.max(by: { $0.rest - $0.own < $1.rest - $1.own }), let lowest = tiers.min(by: { $0.own < $1.own }) {
      items.append([
        TextRun(
          worst.rest - worst.own > 0.1
            ? "No provider offers \(worst.label) coverage over \(Format.percent(1 - worst.own, digits: 0)) of the ward, against "
              + "\(Format.percent(1 - worst.rest, digits: 0)) of the rest of the city."
            : "For every technology, cellular coverage from at least one provider is within 10 points of the rest of the city's or "
              + "better; the lowest is \(lowest.label) over \(Format.percent(lowest.own, digits: 0)) of the ward (rest of city "
              + "\(Format.percent(lowest.rest, digits: 0))).")
      ])
    }
    for service in ["police", "fire"] {
      guard let nearest = model.value(layer, w, .fleet(.centroidToNearestBaseMiles, service))?.value else { continue }
      let zone = model.value(layer, w, .fleet(.centroidToZoneBaseMiles, service))?.value
      let station = service == "police" ? "police station" : "fire station"
      if let zone, zone > nearest * 1.5, zone - nearest > 0.5 {
        items.append([
          TextRun(
            "The \(station) whose zone serves most of the ward is \(Format.decimal(zone)) mi from the ward's population centre, although "
              + "the nearest \(station) is \(Format.decimal(nearest)) mi away.")
        ])
      } else if let rest = model.pooled(layer, .fleet(.centroidToNearestBaseMiles, service), .population, excluding: w) {
        items.append([
          TextRun(
            "The nearest \(station) is \(Format.decimal(nearest)) mi from the ward's population centre (other wards: "
              + "\(Format.decimal(rest)) mi on average, weighted by residents).")
        ])
      }
    }
    return items.isEmpty ? [.paragraph([TextRun("This atlas holds no figures for \(name).")])] : [.bullets(items)]
  }

  // MARK: Distribution

  func distributionFigures() -> Block {
    let layer = Self.layer
    func chart(_ interval: CallIntervalName) -> StripChart {
      var rows: [StripChart.Row] = []
      for (stratum, _) in CallLabels.priorities {
        for (quantile, label) in [(ResponseQuantile.p50, "median"), (.p90, "90th pct")] {
          let metric = MetricID.calls(.quantile(interval, quantile), stratum)
          let values = model.areas(layer).compactMap { a -> Double? in
            guard let v = model.value(layer, a.id, metric), !model.withholds(v.n) else { return nil }
            return v.value / 60
          }
          let own = model.value(layer, ward.id, metric).flatMap { model.withholds($0.n) ? nil : $0.value / 60 }
          let rest = model.restQuantile(layer, ward.id, interval: interval, stratum: stratum, statistic: .ratio(quantile)).map { $0 / 60 }
          rows.append(StripChart.Row(label: "P\(stratum.dropFirst()) \(label)", values: values, highlight: own, reference: rest))
        }
      }
      return StripChart(
        title: CallLabels.intervalName(interval).prefix(1).uppercased() + CallLabels.intervalName(interval).dropFirst() + ", by priority",
        axisLabel: "minutes", rows: rows,
        legend: [
          LegendItem(.point(.alert), name), LegendItem(.line(.text, width: 1.4), "rest of city"),
          LegendItem(.point(Color(hex: 0xAAAAAA)), "each of the 50 wards"),
        ],
        caption: "")
    }
    return .figures([.strip(chart(.callToDispatch)), .strip(chart(.callToOnScene))], height: 250)
  }

  // MARK: Data quality

  mutating func dataQualityBlocks() -> [Block] {
    let layer = Self.layer
    let w = ward.id
    var blocks: [Block] = []
    var stages: [Table.Row] = []
    for (stage, label) in CallLabels.stages {
      let own = model.value(layer, w, .calls(.completeness(stage)))
      let rest = model.pooled(layer, .calls(.completeness(stage)), .observations, excluding: w)
      stages.append(
        .cells([Cell("Time \(label) recorded"), cell(own) { Format.percent($0) }, Cell(rest.map { Format.percent($0) } ?? Format.missing)]))
    }
    blocks.append(
      .table(
        Table(
          columns: [
            Table.Column("Timestamp completeness (all priorities)", width: 2.6, .leading), Table.Column(name, width: 1),
            Table.Column("Rest of city", width: 1),
          ],
          rows: stages)))

    var problems: [Table.Row] = []
    for (interval, label) in CallLabels.intervals {
      let metrics = [CallMetric.usable(interval)] + ["missing", "negative", "absurd"].map { CallMetric.problem(interval, $0) }
      let figures = metrics.map { model.value(layer, w, .calls($0)) }
      var cells = [Cell(label.prefix(1).uppercased() + label.dropFirst())]
      for figure in figures {
        guard let figure else {
          cells.append(Cell(Format.missing))
          continue
        }
        if model.withholds(count: figure.value) {
          withheld += 1
          cells.append(Cell(Format.suppressed))
        } else {
          cells.append(Cell(Format.integer(figure.value)))
        }
      }
      problems.append(.cells(cells))
    }
    blocks.append(
      .table(
        Table(
          columns: [
            Table.Column("Intervals in \(name) (all priorities)", width: 2.2, .leading), Table.Column("Usable", width: 1),
            Table.Column("Stage missing", width: 1),
            Table.Column("Negative", width: 1), Table.Column("Over 24 h", width: 1),
          ],
          rows: problems)))

    var bounds: [Table.Row] = []
    for (stratum, label) in CallLabels.priorities {
      let p90 = model.value(layer, w, .calls(.p90(.callToOnScene), stratum))
      let lower = model.value(layer, w, .calls(.onSceneP90Lower, stratum))
      let upper = model.value(layer, w, .calls(.onSceneP90Upper, stratum))
      bounds.append(
        .cells([
          Cell(label.prefix(1).uppercased() + label.dropFirst()), cell(p90) { Format.minutes(seconds: $0) },
          cell(lower) { Format.minutes(seconds: $0) },
          upper.map { _ in cell(upper) { Format.minutes(seconds: $0) } } ?? Cell("unbounded"),
        ]))
    }
    blocks.append(
      .table(
        Table(
          columns: [
            Table.Column("Call → on scene, 90th percentile (min)", width: 2.2, .leading), Table.Column("Recorded arrivals", width: 1.1),
            Table.Column("Lower bound", width: 1), Table.Column("Upper bound", width: 1),
          ],
          rows: bounds)))
    blocks.append(
      .note(
        "Bounds: the lower takes every missing arrival as happening at dispatch, the upper as never; it is unbounded when a tenth or "
          + "more of arrivals are missing."))
    blocks.append(model.inputAccountingTable())
    if let population = model.value(layer, w, .population(.population))?.value {
      let balance = model.populationBalance.first { $0.layer == layer }
      blocks.append(
        .paragraph([
          TextRun(
            "Residents: \(Format.integer(population)) in \(name) (2020 census, apportioned from tracts by area)."
              + (balance.map {
                " Over all wards the apportionment keeps \(Format.integer($0.layerTotal)) of the \(Format.integer($0.sourceInside)) residents "
                  + "inside the city; \($0.splitTracts) tracts are split between wards."
              } ?? ""))
        ]))
    }
    blocks.append(
      .paragraph([
        TextRun(
          "Withheld in this report: \(withheld) figure\(withheld == 1 ? "" : "s") under the small-cell rule (shown as “\(Format.suppressed)”).")
      ]))
    return blocks
  }
}
