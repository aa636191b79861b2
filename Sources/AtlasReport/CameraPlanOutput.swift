import AtlasGeometry
import AtlasPlan
import Foundation

/// The files `plan cameras` writes: `sites.csv`, `sites.geojson` (one row / point feature per
/// ranked site), `summary.csv` (before and after by group, the plan's value, bound and gap) and,
/// for each ward of `--ward`, `ward-NN-plan.pdf`.
///
/// Numbers are written with fixed decimals (3 for residents and calls, 6 for shares, 7 for
/// degrees, 1 for feet), so a rerun on the same atlas gives the same bytes.
extension CameraPlan {
  /// Columns of `sites.csv`, in order (GeoJSON properties follow the same order).
  public static var siteColumns: [String] {
    ["rank", "kind", "camera_id", "ward", "beat", "longitude", "latitude", "x_ft", "y_ft", "residents_newly_in_reach"]
      + PlanInstance.groups.map { "residents_\($0)_newly_in_reach" }
      + ["calls_newly_in_reach", "objective_gain", "cumulative_residents", "cumulative_share_of_outside", "data_origin"]
  }

  enum Value {
    case text(String)
    case number(Double, Int)
    case empty
  }

  func siteValues(_ s: Site) -> [Value] {
    [
      .number(Double(s.rank), 0), .text(s.kind), s.cameraID.map { .text($0) } ?? .empty, .text(s.ward), .text(s.beat), .number(s.position.x, 7),
      .number(s.position.y, 7), .number(s.positionFeet.x, 1), .number(s.positionFeet.y, 1), .number(s.residents, 3),
    ]
      + PlanInstance.groups.map { .number(s.groups[$0] ?? 0, 3) }
      + [.number(s.calls, 3), .number(s.gain, 3), .number(s.cumulativeResidents, 3), .number(s.cumulativeShare, 6), .text(origin)]
  }

  var origin: String { isSynthetic ? "synthetic" : "real" }

  static func fixed(_ v: Double, _ digits: Int) -> String {
    let text = String(format: "%.\(digits)f", v)
    return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
  }

  static func csvField(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }

  public func sitesCSV() -> String {
    var lines = [Self.siteColumns.joined(separator: ",")]
    for s in sites {
      lines.append(
        siteValues(s).map { v -> String in
          switch v {
          case .text(let t): return Self.csvField(t)
          case .number(let x, let d): return Self.fixed(x, d)
          case .empty: return ""
          }
        }.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  public func sitesGeoJSON() -> String {
    func json(_ t: String) -> String {
      var out = "\""
      for u in t.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out += u.value < 0x20 ? String(format: "\\u%04x", u.value) : String(u)
        }
      }
      return out + "\""
    }
    let features = sites.map { s -> String in
      let props = zip(Self.siteColumns, siteValues(s)).map { name, v -> String in
        switch v {
        case .text(let t): return "\(json(name)):\(json(t))"
        case .number(let x, let d): return "\(json(name)):\(Self.fixed(x, d))"
        case .empty: return "\(json(name)):null"
        }
      }.joined(separator: ",")
      return
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(Self.fixed(s.position.x, 7)),\(Self.fixed(s.position.y, 7))]},\"properties\":{\(props)}}"
    }
    return "{\"type\":\"FeatureCollection\",\"data_origin\":\(json(origin)),\"objective\":\(json(objective.rawValue)),\"features\":[\n"
      + features.joined(separator: ",\n") + "\n]}\n"
  }

  /// `summary.csv`: `item, group, value, note` rows: the parameters, the plan's value, bound and
  /// gap, and for everybody and each group residents, outside reach before and after, and the
  /// share outside before and after; then the between-group gap before and after.
  public func summaryCSV() -> String {
    var rows: [[String]] = [["item", "group", "value", "note"]]
    func add(_ item: String, _ group: String, _ value: String, _ note: String = "") { rows.append([item, group, value, note]) }
    add("data_origin", "", origin)
    add("objective", "", objective.rawValue)
    add("budget", "", String(budget))
    add("sites_placed", "", String(sites.count))
    add("restore_first", "", restoreFirst ? "yes" : "no")
    add("cameras_down_in_scope", "", String(downCameras))
    add("scope", "", cityWide ? "city" : scope.map { "ward \($0)" }.joined(separator: " "))
    add("camera_radius_feet", "", Self.fixed(radiusFeet, 1))
    add("grid_spacing_feet", "", Self.fixed(Self.spacingFeet, 1))
    add("candidate_sites", "", String(instance.sitePositions.count))
    add("objective_value", "", Self.fixed(solution.value, 3))
    add("objective_upper_bound", "", Self.fixed(solution.upperBound, 3), solution.boundSource)
    add("optimality_gap", "", Self.fixed(solution.gap, 6), "(bound − value) ÷ bound: the best plan is at most this share better")
    if objective == .equity {
      for g in PlanInstance.groups { add("equity_weight", g, Self.fixed(equityWeights[g] ?? 1, 6), "1 + (o_g − o_min) ÷ (o_max − o_min)") }
    }
    for row in [total] + groups {
      add("residents", row.group, Self.fixed(row.residents, 3))
      add(
        "outside_reach_before", row.group, Self.fixed(row.outsideBefore, 3),
        row.group == "all" ? "the atlas's residents × (1 − coverage share), summed over wards" : "")
      add("outside_reach_after", row.group, Self.fixed(row.outsideAfter, 3))
      add("share_outside_before", row.group, Self.fixed(row.shareBefore, 6))
      add("share_outside_after", row.group, Self.fixed(row.shareAfter, 6))
    }
    add("group_gap_before", "", Self.fixed(gapBefore, 6), "largest minus smallest group share outside reach (groups of 11+ residents)")
    add("group_gap_after", "", Self.fixed(gapAfter, 6))
    for note in notes { add("note", "", "", note) }
    return rows.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
  }

  /// Writes `sites.csv`, `sites.geojson`, `summary.csv` into `directory` (atomically each).
  public func writeFiles(to directory: URL) throws -> [String] {
    try AtomicFile.makeDirectory(directory)
    var paths: [String] = []
    for (name, text) in [("sites.csv", sitesCSV()), ("sites.geojson", sitesGeoJSON()), ("summary.csv", summaryCSV())] {
      let path = directory.appendingPathComponent(name).path
      try AtomicFile.write(Array(text.utf8), to: path)
      paths.append(path)
    }
    return paths
  }
}
