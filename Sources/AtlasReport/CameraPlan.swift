import AtlasGeometry
import AtlasPlan
import AtlasProjection
import AtlasStore
import Foundation

/// A camera deployment plan computed from an atlas: the covering problem of the chosen wards
/// (`PlanInstance`), the greedy solution and its bound, and the figures a planner reads (ranked
/// sites with ward and beat, residents newly in reach by group, before and after by group).
public struct CameraPlan: Sendable {
  public static let wards = "wards-2023"
  static let beats = "police-beats"
  /// Grid spacing of the candidate sites and demand cells, in feet.
  public static let spacingFeet = 250.0

  public struct Site: Sendable {
    public var rank: Int
    /// `new` or `restore`.
    public var kind: String
    /// The camera restored, for `restore`.
    public var cameraID: String?
    public var position: Position<WGS84LonLat>
    public var positionFeet: Position<IllinoisEastFtUS>
    public var ward: String
    public var beat: String
    public var residents: Double
    public var groups: [String: Double]
    public var calls: Double
    /// The objective's marginal gain (residents, calls or equity-weighted residents).
    public var gain: Double
    public var cumulativeResidents: Double
    /// Cumulative residents newly in reach ÷ residents outside reach before.
    public var cumulativeShare: Double
  }

  public struct GroupRow: Sendable {
    public var group: String
    public var residents: Double
    public var outsideBefore: Double
    public var outsideAfter: Double
    public var shareBefore: Double { residents > 0 ? outsideBefore / residents : 0 }
    public var shareAfter: Double { residents > 0 ? outsideAfter / residents : 0 }
  }

  public var objective: PlanObjective
  public var budget: Int
  public var restoreFirst: Bool
  /// The wards in scope (all wards for a city plan).
  public var scope: [String]
  public var cityWide: Bool
  public var instance: PlanInstance
  public var solution: CoverageSolution
  public var sites: [Site]
  /// Everybody in scope, then each group with at least 11 residents in scope.
  public var total: GroupRow
  public var groups: [GroupRow]
  public var equityWeights: [String: Double]
  public var radiusFeet: Double
  public var isSynthetic: Bool
  /// Cameras that are down inside the scope (candidates for restoration).
  public var downCameras: Int
  /// Notes the outputs repeat (assumptions, what could not be placed).
  public var notes: [String]

  /// The between-group gap: the largest share outside reach minus the smallest, over `groups`.
  public var gapBefore: Double { (groups.map(\.shareBefore).max() ?? 0) - (groups.map(\.shareBefore).min() ?? 0) }
  public var gapAfter: Double { (groups.map(\.shareAfter).max() ?? 0) - (groups.map(\.shareAfter).min() ?? 0) }

  /// Builds and solves the plan.
  /// - Parameters:
  ///   - wards: ward ids to plan for; empty for the whole city.
  ///   - pieces: the finest population weights (EPSG:3435), or nil to spread residents evenly
  ///     within wards.
  /// - Throws: `ReportError` naming the atlas (no cameras table, no camera reach figures, an
  ///   unknown ward) or the flag (a budget below 1).
  public static func make(
    model: ReportModel, wards: [String], objective: PlanObjective, budget: Int, restoreFirst: Bool, pieces: [PopulationPiece]?
  ) throws -> CameraPlan {
    let path = model.atlasPath
    guard budget >= 1 else {
      throw ReportError(path: "--budget", message: "must be at least 1 (got \(budget)): the number of new or restored cameras to place")
    }
    var scope = try wardRecords(model: model, wards: wards)
    let cityWide = scope.isEmpty
    if cityWide { scope = model.areas(Self.wards) }
    let radius = model.parameters.first { $0.key == "camera_radius_feet" }.flatMap { Double($0.value) } ?? 500
    let threshold = model.parameters.first { $0.key == ManifestParameter.uptimeThreshold }.flatMap { Double($0.value) } ?? 0.9
    var notes: [String] = []
    if model.parameters.first(where: { $0.key == ManifestParameter.cameraRadiusFeet }) == nil {
      notes.append("the manifest has no camera_radius_feet: 500 ft assumed (analyze's default)")
    }
    let toFeet = try Transformer<WGS84LonLat, IllinoisEastFtUS>()
    let toDegrees = try Transformer<IllinoisEastFtUS, WGS84LonLat>()
    func feet(_ polygons: [Polygon<WGS84LonLat>]) throws -> [Polygon<IllinoisEastFtUS>] {
      try toFeet.transform(Layer(id: "x", areas: [Area(id: "x", name: "x", polygons: polygons)], featureCount: 1), to: IllinoisEastFtUS.self).areas[0]
        .polygons
    }
    var areas: [PlanArea] = []
    for ward in scope {
      guard let reach = model.value(Self.wards, ward.id, .cameras(.coverageShare))?.value,
        let residents = model.value(Self.wards, ward.id, .population(.population))?.value
      else {
        throw ReportError(
          path: path,
          message: "ward \(ward.id) has no camera reach (cameras/coverage_share) or population figure: rerun analyze with a camera inventory")
      }
      var shares: [String: Double] = [:]
      for g in PlanInstance.groups { shares[g] = model.value(Self.wards, ward.id, .population(.share, g))?.value ?? 0 }
      areas.append(
        PlanArea(
          id: ward.id, polygons: try feet(ward.polygons), residents: residents, groupShares: shares, coverageShare: reach,
          calls: model.value(Self.wards, ward.id, .calls(.calls))?.value))
    }
    if objective == .calls, areas.allSatisfy({ $0.calls == nil }) {
      throw callsMissing(path)
    }
    let cameras = try atlasCameras(path: path, threshold: threshold, toFeet: toFeet)
    guard !cameras.isEmpty else {
      throw camerasMissing(path)
    }
    let instance = PlanInstance(areas: areas, cameras: cameras, pieces: pieces, radius: radius, spacing: spacingFeet)
    if instance.cellCentres.isEmpty {
      throw ReportError(path: path, message: "the chosen wards hold no \(Int(spacingFeet)) ft grid cell: nothing to plan")
    }
    let restorations = instance.restorationSites
    if restoreFirst, restorations.isEmpty {
      notes.append(
        "--restore-first: no camera is down in scope (uptime below \(Format.percent(threshold, digits: 0)), measured), so every site is new")
    }
    let problem = instance.problem(objective)
    let solution = problem.solve(budget: budget, first: restoreFirst ? restorations : [])
    if solution.sites.count < budget {
      notes.append("only \(solution.sites.count) of the \(budget) sites bring anyone newly in reach: the rest of the budget is left unplaced")
    }
    let unplaced = instance.unplaced.reduce(0, +)
    if unplaced > 0.5 {
      notes.append(
        "\(Format.integer(unplaced)) residents outside reach (atlas estimate) lie in wards whose \(Int(spacingFeet)) ft cells are all in reach: no site can reach them, they stay outside"
      )
    }
    // Site figures.
    let beats = try model.areas(Self.beats).map { (id: $0.id, rings: try feet($0.polygons).flatMap(\.rings)) }
    var covered = Array(repeating: false, count: instance.cellCentres.count)
    var cumulative = 0.0
    let before = areas.reduce(0) { $0 + $1.residentsOutside }
    var sites: [Site] = []
    var afterGroups = Dictionary(uniqueKeysWithValues: PlanInstance.groups.map { g in (g, instance.outsideBefore(g)) })
    for (k, s) in solution.sites.enumerated() {
      var residents = 0.0
      var calls = 0.0
      var groups = Dictionary(uniqueKeysWithValues: PlanInstance.groups.map { ($0, 0.0) })
      for c in instance.siteCells[s] where !covered[Int(c)] {
        covered[Int(c)] = true
        residents += instance.residents[Int(c)]
        calls += instance.calls[Int(c)]
        for g in PlanInstance.groups { groups[g]! += instance.groupResidents[g]![Int(c)] }
      }
      for g in PlanInstance.groups { afterGroups[g]! -= groups[g]! }
      cumulative += residents
      let p = instance.sitePositions[s]
      let ward = areas.indices.first { PlanInstance.contains(areas[$0].polygons.flatMap(\.rings), p) }.map { areas[$0].id } ?? "—"
      let beat = beats.first { PlanInstance.contains($0.rings, p) }?.id ?? "—"
      let camera = instance.siteCamera[s]
      sites.append(
        Site(
          rank: k + 1, kind: camera == nil ? "new" : "restore", cameraID: camera?.id, position: try toDegrees.transform(p, to: WGS84LonLat.self),
          positionFeet: p, ward: ward, beat: beat, residents: residents, groups: groups, calls: calls, gain: solution.gains[k],
          cumulativeResidents: cumulative, cumulativeShare: before > 0 ? cumulative / before : 0))
    }
    let total = GroupRow(group: "all", residents: areas.reduce(0) { $0 + $1.residents }, outsideBefore: before, outsideAfter: before - cumulative)
    let shares = instance.groupShares(minimumResidents: 11)
    let groupRows = PlanInstance.groups.compactMap { g in
      shares[g].map { GroupRow(group: g, residents: $0.residents, outsideBefore: $0.outside, outsideAfter: max(0, afterGroups[g]!)) }
    }
    notes.append(instance.weightsNote)
    return CameraPlan(
      objective: objective, budget: budget, restoreFirst: restoreFirst, scope: scope.map(\.id), cityWide: cityWide, instance: instance,
      solution: solution, sites: sites, total: total, groups: groupRows, equityWeights: instance.equityWeights(minimumResidents: 11),
      radiusFeet: radius, isSynthetic: model.isSynthetic, downCameras: restorations.count, notes: notes)
  }

  /// The wards named (ids as in the atlas; "03" finds ward 3), in the order given, without
  /// repeats; empty for none.
  /// - Throws: `ReportError` naming the flag for an unknown ward, the atlas for a missing layer.
  public static func wardRecords(model: ReportModel, wards: [String]) throws -> [ReportModel.AreaRecord] {
    let path = model.atlasPath
    let allWards = model.areas(Self.wards)
    guard !allWards.isEmpty else {
      throw ReportError(
        path: path, message: "no '\(Self.wards)' layer: a plan needs the 2023 wards; rerun analyze with --layers including \(Self.wards)")
    }
    var scope: [ReportModel.AreaRecord] = []
    for id in wards {
      let key = id.trimmingCharacters(in: .whitespaces)
      let normal = Int(key).map(String.init) ?? key
      guard let ward = allWards.first(where: { $0.id == normal || $0.id == key }) else {
        throw ReportError(
          path: "--ward \(id)",
          message: "no such ward in \(path) (layer \(Self.wards) has \(allWards.count) wards: "
            + "\(allWards.map(\.id).prefix(3).joined(separator: ", ")) … \(allWards.last!.id)); give a ward number")
      }
      if !scope.contains(where: { $0.id == ward.id }) { scope.append(ward) }
    }
    return scope
  }

  /// The checks `make` runs before any work: the wards exist, the atlas has cameras, and the
  /// calls objective has calls. The command runs them before reading the population weights.
  public static func check(model: ReportModel, wards: [String], objective: PlanObjective) throws {
    let scope = try wardRecords(model: model, wards: wards)
    if objective == .calls,
      !(scope.isEmpty ? model.areas(Self.wards) : scope).contains(where: { model.value(Self.wards, $0.id, .calls(.calls)) != nil })
    {
      throw callsMissing(model.atlasPath)
    }
    let reader = try GeoPackageReader(path: model.atlasPath)
    guard try reader.contents().contains(where: { $0.table == "cameras" }), try !reader.rows(of: "cameras").isEmpty else {
      throw camerasMissing(model.atlasPath)
    }
  }

  static func callsMissing(_ path: String) -> ReportError {
    ReportError(
      path: path,
      message:
        "holds no 911 call counts (calls/calls/all) for these wards: --objective calls needs an atlas analysed with calls; use --objective residents")
  }

  static func camerasMissing(_ path: String) -> ReportError {
    ReportError(
      path: path,
      message: "the atlas has no cameras (table 'cameras' missing or empty): rerun analyze with --cameras FILE (or --inputs DIR holding cameras.csv)")
  }

  /// The atlas's cameras: working when uptime was not measured (NULL), when it is an activity
  /// proxy, or when it reaches the threshold — as analyze counts reach.
  static func atlasCameras(path: String, threshold: Double, toFeet: Transformer<WGS84LonLat, IllinoisEastFtUS>) throws -> [PlanCamera] {
    let reader = try GeoPackageReader(path: path)
    guard try reader.contents().contains(where: { $0.table == "cameras" }) else { return [] }
    return try reader.rows(of: "cameras").compactMap { row -> PlanCamera? in
      guard let x = row["longitude"]?.doubleValue, let y = row["latitude"]?.doubleValue, x.isFinite, y.isFinite else { return nil }
      let uptime = row["uptime"]?.doubleValue
      let proxy = row["uptime_basis"]?.textValue?.hasPrefix("proxy") ?? false
      let working = proxy || uptime.map { !$0.isFinite || $0 >= threshold } ?? true
      return PlanCamera(
        id: row["camera_id"]?.textValue ?? "?", type: row["type"]?.textValue ?? "unknown",
        position: try toFeet.transform(Position<WGS84LonLat>(x: x, y: y), to: IllinoisEastFtUS.self), working: working)
    }
  }
}
