import AtlasIO
import AtlasStatistics
import Foundation

/// How close the apportioned 2020 population is to the official figures: the city total
/// against the Census Bureau's count for Chicago, and each community area against the City's
/// own block-based 2020 table. Stored in `atlas.gpkg` as `population_checks`.
public struct PopulationCheck: Sendable {
  /// Census 2020 (PL 94-171) count for Chicago city, Illinois (place 17-14000).
  public static let officialCityTotal2020 = 2_746_388.0
  /// The City's per-community-area summaries (vintages 2000, 2010, 2020), computed from blocks.
  public static let communityAreaFile = "census/chicago_community_areas_census_2000_2010_2020_CCA_SUMMARY.csv"
  /// Goals: city total within 0.5%; community areas median |error| ≤ 0.5%, max ≤ 5%.
  public static let goals = (cityTotal: 0.005, medianCommunityArea: 0.005, maxCommunityArea: 0.05)

  /// One community area: apportioned and official 2020 population.
  public struct CommunityArea: Sendable, Hashable {
    public var name: String
    public var apportioned: Double
    public var official: Double
    /// (apportioned − official) / official.
    public var error: Double { official > 0 ? (apportioned - official) / official : 0 }
  }

  /// One row of `population_checks`: a figure, its goal (nil when there is none) and a note.
  public struct Figure: Sendable, Hashable {
    public var check: String
    public var value: Double?
    public var goal: Double?
    public var note: String
  }

  public var method: PopulationMethod
  public var cityTotal: Double
  /// Nil when the run has no community-areas layer or the data directory lacks the City's table.
  public var communityAreas: [CommunityArea]?

  public var cityTotalError: Double { (cityTotal - Self.officialCityTotal2020) / Self.officialCityTotal2020 }

  /// Median, 90th percentile (Hyndman–Fan 7) and maximum of |error| over community areas.
  public func communityAreaErrors() throws -> (median: Double, p90: Double, max: CommunityArea)? {
    guard let communityAreas, let worst = communityAreas.max(by: { abs($0.error) < abs($1.error) }) else { return nil }
    let q = try communityAreas.map { abs($0.error) }.quantiles([0.5, 0.9])
    return (q[0], q[1], worst)
  }

  /// - Parameters:
  ///   - communityAreas: the community-areas layer's names and apportioned totals, if it was run.
  ///   - tablePath: the City's table (`communityAreaFile` in the data directory), if present.
  /// - Throws: `FileIOError` when the table lacks a column or a community area of the layer.
  public init(method: PopulationMethod, cityTotal: Double, communityAreas: (names: [String], population: [Double])?, tablePath: String?) throws {
    self.method = method
    self.cityTotal = cityTotal
    guard let communityAreas, let tablePath, FileManager.default.fileExists(atPath: tablePath) else { return }
    let table = try CSVTable(contentsOf: tablePath)
    guard let vintage = table.column("vintage"), let community = table.column("community"), let total = table.column("TOT") else {
      throw FileIOError(path: tablePath, reason: "needs the columns vintage, community and TOT")
    }
    var official: [String: Double] = [:]
    for row in table.rows where row.fields.count > max(vintage, community, total) && row.fields[vintage] == "2020" {
      guard let value = Double(row.fields[total]) else { throw FileIOError(path: tablePath, reason: "line \(row.line): TOT is not a number") }
      official[row.fields[community].uppercased()] = value
    }
    self.communityAreas = try zip(communityAreas.names, communityAreas.population).map { name, population in
      guard let count = official[name.uppercased()] else {
        throw FileIOError(path: tablePath, reason: "no 2020 row for community area '\(name)'")
      }
      return CommunityArea(name: name, apportioned: population, official: count)
    }
  }

  /// The rows of `population_checks`.
  public func figures() throws -> [Figure] {
    var figures = [
      Figure(check: "method", value: nil, goal: nil, note: method.rawValue),
      Figure(check: "city_total", value: cityTotal, goal: nil, note: "official 2020 count \(Int(Self.officialCityTotal2020))"),
      Figure(check: "city_total_error", value: cityTotalError, goal: Self.goals.cityTotal, note: "(apportioned - official) / official"),
    ]
    if let errors = try communityAreaErrors() {
      let worst = errors.max
      figures += [
        Figure(
          check: "community_area_median_abs_error", value: errors.median, goal: Self.goals.medianCommunityArea, note: "against the City's 2020 table"),
        Figure(check: "community_area_p90_abs_error", value: errors.p90, goal: nil, note: "Hyndman-Fan type 7"),
        Figure(
          check: "community_area_max_abs_error", value: abs(worst.error), goal: Self.goals.maxCommunityArea,
          note: "\(worst.name): \(Int(worst.apportioned.rounded())) apportioned, \(Int(worst.official)) official"),
      ]
    }
    return figures
  }

  /// One line for the terminal.
  public func summary() throws -> String {
    var text = String(
      format: "population (%@): city %.0f (%+.2f%% vs official %.0f)", method.rawValue, cityTotal, cityTotalError * 100, Self.officialCityTotal2020)
    if let errors = try communityAreaErrors() {
      text += String(
        format: "; community areas |error| median %.2f%%, p90 %.2f%%, max %.2f%% (%@)", errors.median * 100, errors.p90 * 100,
        abs(errors.max.error) * 100, errors.max.name)
    }
    return text
  }
}
