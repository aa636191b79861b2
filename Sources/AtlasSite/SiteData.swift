import AtlasGeometry
import AtlasReport
import AtlasStore
import Foundation

/// What the page shows of one layer, as the JSON a data script hands to the page: the areas'
/// shapes as shared arcs (see `Topology`), every metric of the picker with its label, format
/// and group, and per area its figures, the rest of the city's and the comparison ratios.
///
/// Figures come from `LayerExport` (the dashboard exports), so the page, the CSV exports and the
/// PDFs show the same numbers and withhold the same cells. A figure is a number, `null` (no
/// figure), `"<11"` (withheld under the small-cell rule) or `"n/a"` (the atlas holds a value
/// that is not a finite number).
public struct SiteLayer {
  /// One metric of the picker.
  public struct Metric: Sendable {
    /// The export column (`calls_P1_call_to_dispatch_p90_seconds`).
    public var key: String
    public var family, metric, stratum: String
    /// The picker's group ("911 response, priority 1 (immediate)", "Cameras", …).
    public var group: String
    public var label: String
    /// `minutes` (stored in seconds), `percent` (stored as a fraction), `integer` or `decimal`.
    public var format: String
    /// How the rest of the city's figure is made from the other areas.
    var rest: Rest
    /// The export column of the area ÷ rest ratio and whether it has an interval.
    var ratioKey: String?
    /// The metric key of the timestamp completeness that goes with a response time.
    public var completenessKey: String?
  }

  enum Rest {
    case pooled(ReportModel.Pooling)
    /// From the area's quantile and its comparison ratio (`ReportModel.restQuantile`).
    case quantile(interval: CallIntervalName, quantile: ResponseQuantile)
    /// A count per unit of another figure, both summed: Σ count / Σ base × factor.
    case per(count: String, base: MetricID, factor: Double)
    case none
  }

  public let id: String
  public let title: String
  public private(set) var metrics: [Metric] = []
  private var metricsByKey: [String: Metric] = [:]
  /// Comparisons not tied to a metric of the picker (rate ratios, district statistics).
  public private(set) var extras: [(key: String, label: String, hasInterval: Bool)] = []
  public let topology: Topology
  let model: ReportModel
  let export: LayerExport
  /// Per area, the PDF report (path relative to the site) when one exists.
  var reports: [String: String] = [:]
  /// The report of the whole layer (e.g. districts.pdf), relative to the site.
  var layerReport: String?

  /// Layer ids in the order of the picker, with their titles.
  public static let titles: [(id: String, title: String, singular: String)] = [
    ("wards-2023", "Wards (2023–)", "Ward"), ("community-areas", "Community areas", "Community area"),
    ("police-districts", "Police districts", "District"), ("police-beats", "Police beats", "Beat"),
  ]

  /// Vertices closer than this (degrees; about 4 m) to the simplified border are dropped.
  public static let tolerance = 4e-5

  public init(model: ReportModel, layer: String) {
    self.model = model
    self.id = layer
    self.title = Self.titles.first { $0.id == layer }?.title ?? layer
    self.export = LayerExport(model: model, layer: layer)
    self.topology = Topology(model.areas(layer).map(\.polygons), tolerance: Self.tolerance)
    let columns = Set(export.columns)
    var tied: Set<String> = []
    for column in model.metricColumns[layer] ?? [] {
      guard let metric = Self.metric(column, columns: columns) else { continue }
      if let ratio = metric.ratioKey { tied.insert(ratio) }
      metrics.append(metric)
    }
    metrics.sort { Self.groupRank($0.group) < Self.groupRank($1.group) }
    metricsByKey = Dictionary(metrics.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    for c in model.comparisonColumns[layer] ?? [] {
      let key = AtlasSchema.comparisonColumnName(family: c.family, metric: c.metric, stratum: c.stratum, statistic: c.statistic)
      guard !tied.contains(key), columns.contains(key) else { continue }
      extras.append((key, Self.comparisonLabel(c), columns.contains(key + "_ci_low")))
    }
  }

  // MARK: Labels

  static let priorities = ["P1": "priority 1 (immediate)", "P2": "priority 2 (rapid)", "P3": "priority 3 (routine)", "all": "all priorities"]
  static let intervals: [CallIntervalName: String] = [
    .callToDispatch: "Call → dispatch", .dispatchToOnScene: "Dispatch → on scene", .callToOnScene: "Call → on scene",
  ]
  static let stages = ["received": "received", "dispatched": "dispatched", "en_route": "en route", "on_scene": "on scene", "cleared": "cleared"]
  static let groups = [
    "911 response, priority 1 (immediate)", "911 response, priority 2 (rapid)", "911 response, priority 3 (routine)",
    "911 response, all priorities", "Timestamp completeness", "911 data quality", "Cameras", "Cellular coverage", "Fleet and stations",
    "Population", "Area",
  ]
  static let populationGroups = [
    "W": "White (non-Hispanic)", "B": "Black (non-Hispanic)", "H": "Hispanic or Latino", "ASIAN": "Asian (non-Hispanic)",
    "AIAN": "American Indian / Alaska Native", "NHPI": "Native Hawaiian / Pacific Islander", "SOR": "Some other race",
    "MULTI": "Two or more races",
  ]

  static func groupRank(_ group: String) -> Int { groups.firstIndex(of: group) ?? groups.count }

  /// The picker's entry for a metric column; nil for figures the page leaves to the exports
  /// (each fleet zone's share of the area).
  static func metric(_ c: ReportModel.MetricColumn, columns: Set<String>) -> Metric? {
    let key = LayerExport.columnName(c.family, c.metric, c.stratum)
    guard columns.contains(key) else { return nil }
    var m = Metric(key: key, family: c.family, metric: c.metric, stratum: c.stratum, group: "Other", label: c.metric, format: "decimal", rest: .none)
    let priority = priorities[c.stratum] ?? c.stratum
    switch c.family {
    case "calls":
      m.group = "911 response, \(priority)"
      m.rest = .pooled(.sum)
      m.format = "integer"
      if c.metric == CallMetric.calls.name {
        m.label = "Calls"
      } else if c.metric.hasPrefix("completeness_") {
        let stage = String(c.metric.dropFirst("completeness_".count))
        m.group = "Timestamp completeness"
        m.label = "Time \(stages[stage] ?? stage) recorded, \(priority)"
        m.format = "percent"
        m.rest = .pooled(.observations)
      } else if let interval = CallIntervalName.allCases.first(where: { c.metric.hasPrefix($0.rawValue + "_") }), let name = intervals[interval] {
        let rest = c.metric.dropFirst(interval.rawValue.count + 1)
        let completeness = MetricID.calls(.completeness(interval == .callToDispatch ? .dispatched : .onScene), c.stratum).columnName
        switch rest {
        case "p50_seconds", "p90_seconds":
          let q: ResponseQuantile = rest == "p50_seconds" ? .p50 : .p90
          m.label = "\(name), \(q == .p50 ? "median" : "90th percentile") (min)"
          m.format = "minutes"
          m.rest = .quantile(interval: interval, quantile: q)
          m.completenessKey = columns.contains(completeness) ? completeness : nil
          let ratio = AtlasSchema.comparisonColumnName(
            family: c.family, metric: interval.rawValue, stratum: c.stratum, statistic: ComparisonStatistic.ratio(q).rawValue)
          if columns.contains(ratio) { m.ratioKey = ratio }
        case "p90_lower_seconds":
          m.label = "\(name), 90th percentile, lower bound with missing times (min)"
          m.format = "minutes"
          m.rest = .none
          m.completenessKey = columns.contains(completeness) ? completeness : nil
        case "share_over_goal":
          m.label = "\(name): share slower than the goal"
          m.format = "percent"
          m.rest = .pooled(.observations)
        case "n", "missing", "negative", "absurd":
          m.group = "911 data quality"
          let what = ["n": "measured", "missing": "missing a time", "negative": "negative", "absurd": "over 24 hours"][String(rest)]!
          m.label = "\(name): intervals \(what), \(priority)"
        default:
          m.label = "\(name): \(rest.replacingOccurrences(of: "_", with: " "))"
          m.format = "decimal"
          m.rest = .none
        }
      } else {
        m.label = c.metric.replacingOccurrences(of: "_", with: " ")
        m.rest = .none
      }
    case "cameras":
      m.group = "Cameras"
      let type = c.stratum == "all" ? "All cameras" : "\(c.stratum) cameras"
      switch CameraMetric(rawValue: c.metric) {
      case .count: (m.label, m.format, m.rest) = ("\(type): count", "integer", .pooled(.sum))
      case .perSquareMile:
        (m.label, m.format, m.rest) = ("\(type) per square mile", "decimal", .per(count: c.stratum, base: .area(.squareMiles), factor: 1))
      case .perTenThousandResidents:
        (m.label, m.format, m.rest) = (
          "\(type) per 10,000 residents", "decimal", .per(count: c.stratum, base: .population(.population), factor: 10_000)
        )
      case .meanUptime: (m.label, m.format, m.rest) = ("\(type): mean uptime", "percent", .pooled(.observations))
      case .belowUptimeThreshold: (m.label, m.format, m.rest) = ("\(type): up less than the threshold", "integer", .pooled(.sum))
      case .outageHours: (m.label, m.format, m.rest) = ("\(type): outage hours", "decimal", .pooled(.sum))
      case .coverageShare: (m.label, m.format, m.rest) = ("Area within reach of a working camera", "percent", .pooled(.area))
      case .activityDayShare, nil: m.label = "\(type): \(c.metric.replacingOccurrences(of: "_", with: " "))"
      }
    case "cellular":
      m.group = "Cellular coverage"
      let parts = c.stratum.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      let provider = parts.first == "any" ? "Any provider" : parts.first ?? c.stratum
      m.label = ([provider] + parts.dropFirst()).joined(separator: ", ") + ": share of area covered"
      (m.format, m.rest) = ("percent", .pooled(.area))
    case "fleet":
      let metric = FleetMetric(rawValue: c.metric)
      guard metric != .zoneShare else { return nil }
      m.group = "Fleet and stations"
      let service = c.stratum == "police" ? "Police" : c.stratum == "fire" ? "Fire" : c.stratum
      switch metric {
      case .centroidToNearestBaseMiles:
        (m.label, m.format, m.rest) = ("\(service): miles to the nearest station", "decimal", .pooled(.population))
      case .centroidToZoneBaseMiles:
        (m.label, m.format, m.rest) = ("\(service): miles to the serving zone's station", "decimal", .pooled(.population))
      case .unzonedShare: (m.label, m.format, m.rest) = ("\(service): share of area in no zone", "percent", .pooled(.area))
      case .zoneShare, nil: m.label = "\(service): \(c.metric.replacingOccurrences(of: "_", with: " "))"
      }
    case "population":
      m.group = "Population"
      if c.metric == PopulationMetric.population.rawValue {
        (m.label, m.format, m.rest) = ("Residents (2020)", "integer", .pooled(.sum))
      } else {
        (m.label, m.format, m.rest) = ("Share \(populationGroups[c.stratum] ?? c.stratum)", "percent", .pooled(.population))
      }
    case "area":
      m.group = "Area"
      (m.label, m.format, m.rest) = ("Square miles", "decimal", .pooled(.sum))
    default:
      m.group = c.family.capitalized
      m.label = "\(c.metric.replacingOccurrences(of: "_", with: " "))\(c.stratum == "all" ? "" : ", \(c.stratum)")"
    }
    return m
  }

  static func comparisonLabel(_ c: ReportModel.ComparisonColumn) -> String {
    let what =
      CallIntervalName(rawValue: c.metric).flatMap { intervals[$0] }.map { "\($0), \(priorities[c.stratum] ?? c.stratum)" }
      ?? (c.metric == CallMetric.perThousandResidents.name ? "Calls per 1,000 residents" : c.metric.replacingOccurrences(of: "_", with: " "))
    let labels: [ComparisonStatistic: String] = [
      .rateRatio: "rate ratio", .probSuperiority: "probability of superiority", .cliffsDelta: "Cliff's δ",
      .mannWhitneyP: "Mann–Whitney p", .ksD: "KS D", .hodgesLehmannSeconds: "Hodges–Lehmann shift (s)",
      .ratioP50: "median ratio", .ratioP90: "90th percentile ratio",
    ]
    let statistic = ComparisonStatistic(rawValue: c.statistic).flatMap { labels[$0] } ?? c.statistic
    return "\(what): \(statistic)"
  }

  // MARK: JSON

  /// A stored figure: a number, or why there is none.
  func cell(_ row: Int, _ column: Int) -> JSONValue {
    if export.withheldColumns[row].contains(column) { return .string(Format.suppressed) }
    if case .number(let x) = export.rows[row][column] { return .number(x) }
    if case .text(let s) = export.rows[row][column] { return .string(s) }
    return notFinite(row, column) ? .string(Format.notAvailable) : .null
  }

  /// Whether an empty export cell holds a value that is not a finite number in the atlas.
  func notFinite(_ row: Int, _ column: Int) -> Bool {
    let area = model.areas(id)[row]
    guard let m = metricsByKey[export.columns[column]] else { return false }
    return model.value(id, area.id, MetricID(family: m.family, metric: m.metric, stratum: m.stratum)).map { !$0.value.isFinite } ?? false
  }

  /// The rest of the city's figure of every area for one metric, keyed by area id (absent
  /// when it cannot be made).
  func rest(_ m: Metric) -> [String: Double] {
    var out: [String: Double] = [:]
    switch m.rest {
    case .pooled(let pooling): out = model.pooledExcludingEach(id, MetricID(family: m.family, metric: m.metric, stratum: m.stratum), pooling)
    case .quantile(let interval, let quantile):
      for area in model.areas(id) {
        out[area.id] = model.restQuantile(id, area.id, interval: interval, stratum: m.stratum, statistic: .ratio(quantile))
      }
    case .per(let stratum, let base, let factor):
      let count = model.pooledExcludingEach(id, .cameras(.count, stratum), .sum)
      let total = model.pooledExcludingEach(id, base, .sum)
      for (area, c) in count { if let t = total[area], t > 0 { out[area] = c / t * factor } }
    case .none: break
    }
    return out.filter { $0.value.isFinite }.mapValues { Double(String(format: "%.6g", $0)) ?? $0 }
  }

  /// The comparison at `key` for a row: `[ratio, low, high]` (bounds null when not stored),
  /// `"<11"` when withheld, null when absent.
  func ratio(_ row: Int, key: String, index: [String: Int]) -> JSONValue {
    guard let column = index[key] else { return .null }
    let value = cell(row, column)
    guard case .number = value else { return value }
    let low = index[key + "_ci_low"].map { cell(row, $0) } ?? .null
    let high = index[key + "_ci_high"].map { cell(row, $0) } ?? .null
    return .array([value, low, high])
  }

  /// The layer's data as a JSON value (see the type's description).
  public func json() -> JSONValue {
    let index = Dictionary(export.columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let singular = Self.titles.first { $0.id == id }?.singular ?? "Area"
    let rests = metrics.map(rest)
    let areas: [JSONValue] = model.areas(id).enumerated().map { row, area in
      let display = id == "community-areas" ? area.name.capitalized : "\(singular) \(area.id)"
      var members: [(String, JSONValue)] = [
        ("id", .string(area.id)), ("name", .string(display)),
        ("majority", area.majorityGroup.map { .string(Self.populationGroups[$0] ?? $0) } ?? .null),
        ("shape", .array(topology.areas[row].map { .array($0.map { .array($0.map { .number(Double($0)) }) }) })),
        ("values", .array(metrics.map { m in index[m.key].map { cell(row, $0) } ?? .null })),
        ("rest", .array(rests.map { $0[area.id].map(JSONValue.number) ?? .null })),
        ("ratios", .array(metrics.map { m in m.ratioKey.map { ratio(row, key: $0, index: index) } ?? .null })),
        ("extras", .array(extras.map { ratio(row, key: $0.key, index: index) })),
      ]
      if let report = reports[area.id] { members.append(("report", .string(report))) }
      return .object(members)
    }
    var arcs: [JSONValue] = []
    for arc in topology.arcs {
      var flat: [JSONValue] = []
      var previous = Topology.Point(x: 0, y: 0)
      for p in arc {
        flat += [.number(Double(p.x - previous.x)), .number(Double(p.y - previous.y))]
        previous = p
      }
      arcs.append(.array(flat))
    }
    return .object([
      ("id", .string(id)), ("title", .string(title)), ("singular", .string(singular)), ("scale", .number(Topology.scale)),
      ("report", layerReport.map(JSONValue.string) ?? .null),
      (
        "metrics",
        .array(
          metrics.map { m in
            .object([
              ("key", .string(m.key)), ("group", .string(m.group)), ("label", .string(m.label)), ("format", .string(m.format)),
              ("completeness", m.completenessKey.map(JSONValue.string) ?? .null),
            ])
          })
      ),
      ("extras", .array(extras.map { .object([("key", .string($0.key)), ("label", .string($0.label))]) })),
      ("arcs", .array(arcs)), ("areas", .array(areas)),
    ])
  }
}
