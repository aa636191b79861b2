import AtlasGeometry
import AtlasIO
import AtlasSpatial
import AtlasStatistics
import Foundation

/// 2020 census counts (decennial PL 94-171, City of Chicago tract file) apportioned onto a
/// layer's areas by area weighting in EPSG:3435, in two stages so that every layer sums to the
/// same city total:
///
/// 1. the part of each tract inside the city: its counts × (tract area inside the reference
///    layer ÷ tract area) — the reference layer (the 2023 wards) tiles the city;
/// 2. that part spread over a layer's areas in proportion to the tract's area in each
///    (tobler's `allocate_total=True`), so nothing inside the city is lost to slivers where
///    layers' outlines differ by a few feet.
///
/// Decennial counts carry no margin of error, so none is propagated here.
public struct Demographics: Sendable {
  /// Groups in the City's file: non-Hispanic single-race groups, Hispanic, multiracial.
  public static let groups = ["W", "B", "H", "ASIAN", "AIAN", "NHPI", "SOR", "MULTI"]
  public static let groupNames = [
    "W": "White non-Hispanic", "B": "Black non-Hispanic", "H": "Hispanic", "ASIAN": "Asian non-Hispanic",
    "AIAN": "American Indian non-Hispanic", "NHPI": "Pacific Islander non-Hispanic", "SOR": "Other race non-Hispanic",
    "MULTI": "Multiracial non-Hispanic",
  ]
  public static let sourceFile = "census/chi_census_tracts_2020_with_demographics.json"

  public struct Source: Sendable {
    /// Tract polygons in EPSG:3435.
    public var tracts: [[Polygon<IllinoisEastFtUS>]]
    public var tractIDs: [String]
    /// `TOT` and each group, per tract (whole tracts, some partly outside the city).
    public var counts: [String: [Double]]

    /// The same tracts with their counts cut to the part inside `city` (the reference layer's
    /// areas): stage 1.
    public func insideCity(_ city: Overlay<IllinoisEastFtUS>) throws -> Source {
      let areas = tracts.map { $0.reduce(0) { $0 + $1.planarArea } }
      var inside = Array(repeating: 0.0, count: tracts.count)
      for piece in try city.overlaps(of: tracts) { inside[piece.source] += piece.area }
      let fraction = zip(inside, areas).map { $1 > 0 ? min($0 / $1, 1) : 0 }
      return Source(tracts: tracts, tractIDs: tractIDs, counts: counts.mapValues { zip($0, fraction).map { $0 * $1 } })
    }
  }

  /// Per area: total population and each group.
  public var population: [Double]
  public var groups: [String: [Double]]
  /// Source total, source total inside the layer, layer total (mass conservation).
  public var massBalance: MassBalance
  /// Tracts whose population was split across two or more areas.
  public var splitTracts: Int
  /// Per area, the population-weighted centroid: tract centroids weighted by the population each
  /// tract contributes to the area (nil for an area with no population).
  public var centroids: [Position<IllinoisEastFtUS>?]

  /// Reads the City's 2020 tract file (NAD83 lon/lat, used as WGS 84: the datums differ by
  /// about a metre here) and projects it.
  public static func readSource(from data: DataDirectory, projection: (Layer<WGS84LonLat>) throws -> Layer<IllinoisEastFtUS>) throws -> Source {
    let path = data.file(sourceFile).path
    guard let bytes = FileManager.default.contents(atPath: path) else { throw FileIOError(path: path, reason: "missing (2020 census tracts)") }
    let features = try GeoJSON.readFeatures(Array(bytes), in: WGS84LonLat.self)
    let layer = try Layer(id: "tracts-2020", features: features, idProperty: "GEOID", nameProperty: nil)
    var counts: [String: [Double]] = [:]
    for key in ["TOT"] + groups {
      counts[key] = try features.enumerated().map { index, feature in
        guard let text = feature.properties[key], let value = Double(text) else {
          throw FileIOError(path: path, reason: "feature \(index) has no number in '\(key)'")
        }
        return value
      }
    }
    return Source(tracts: try projection(layer).areas.map(\.polygons), tractIDs: layer.areas.map(\.id), counts: counts)
  }

  /// Apportions an in-city source (`Source.insideCity`) onto areas prepared in `overlay` (the
  /// layer's areas in EPSG:3435): stage 2.
  public init(_ source: Source, onto overlay: Overlay<IllinoisEastFtUS>) throws {
    let pieces = try overlay.overlaps(of: source.tracts)
    let sourceAreas = source.tracts.map { $0.reduce(0) { $0 + $1.planarArea } }
    let weights = try Apportionment.byArea(
      overlaps: pieces.map { Overlap(source: $0.source, target: $0.target, area: $0.area) }, sourceAreas: sourceAreas,
      targetCount: overlay.targetAreas.count, extensiveDenominator: .coveredArea)
    let total = try weights.apportion(source.counts["TOT"]!, as: .extensive)
    population = total.values.map { $0.estimate ?? 0 }
    massBalance = total.massBalance!
    var groups: [String: [Double]] = [:]
    for key in Self.groups {
      groups[key] = try weights.apportion(source.counts[key]!, as: .extensive).values.map { $0.estimate ?? 0 }
    }
    self.groups = groups
    let tractCentroids: [Position<IllinoisEastFtUS>?] = source.tracts.map { $0.areaWeightedCentroid() }
    var sums = Array(repeating: (x: 0.0, y: 0.0, w: 0.0), count: overlay.targetAreas.count)
    for piece in pieces {
      guard let c = tractCentroids[piece.source], sourceAreas[piece.source] > 0 else { continue }
      let w = source.counts["TOT"]![piece.source] * piece.area / sourceAreas[piece.source]
      sums[piece.target].x += c.x * w
      sums[piece.target].y += c.y * w
      sums[piece.target].w += w
    }
    centroids = sums.map { $0.w > 0 ? Position(x: $0.x / $0.w, y: $0.y / $0.w) : nil }
    var targetsPerTract: [String: Set<Int>] = [:]
    for piece in pieces where piece.area > 1 { targetsPerTract[source.tractIDs[piece.source], default: []].insert(piece.target) }
    splitTracts = targetsPerTract.values.filter { $0.count > 1 }.count
  }

  /// The largest group of area `a`.
  public func majorityGroup(_ a: Int) -> String {
    Self.groups.max { (groups[$0]![a], $1) < (groups[$1]![a], $0) }!
  }

  /// Share lost between the source inside the layer and the layer's total.
  public var lossShare: Double {
    massBalance.sourceTotalInside > 0 ? (massBalance.sourceTotalInside - massBalance.targetTotal) / massBalance.sourceTotalInside : 0
  }
}
