import AtlasGeometry

/// One area of the plan's scope (a ward), with the atlas's own figures for it.
public struct PlanArea: Sendable {
  public var id: String
  /// The area in EPSG:3435.
  public var polygons: [Polygon<IllinoisEastFtUS>]
  /// The atlas's residents (`population/population/all`).
  public var residents: Double
  /// The atlas's group shares (`population/share/<group>`).
  public var groupShares: [String: Double]
  /// The atlas's share of the area within reach (`cameras/coverage_share/all`).
  public var coverageShare: Double
  /// The atlas's 911 calls (`calls/calls/all`), nil when the atlas has none.
  public var calls: Double?

  public init(
    id: String, polygons: [Polygon<IllinoisEastFtUS>], residents: Double, groupShares: [String: Double], coverageShare: Double, calls: Double?
  ) {
    self.id = id
    self.polygons = polygons
    self.residents = residents
    self.groupShares = groupShares
    self.coverageShare = coverageShare
    self.calls = calls
  }

  /// Residents outside reach as the atlas estimates them: residents × (1 − coverage share).
  public var residentsOutside: Double { residents * (1 - coverageShare) }
}

/// A camera of the atlas's inventory.
public struct PlanCamera: Sendable {
  public var id: String
  public var type: String
  public var position: Position<IllinoisEastFtUS>
  /// Whether it counts as working (in reach) today.
  public var working: Bool

  public init(id: String, type: String, position: Position<IllinoisEastFtUS>, working: Bool) {
    self.id = id
    self.type = type
    self.position = position
    self.working = working
  }
}

/// A piece of the finest population weights (a tract × precinct piece under the dasymetric
/// method, a tract under the area method): polygons in EPSG:3435 and its counts (`TOT` and each
/// group).
public struct PopulationPiece: Sendable {
  public var polygons: [Polygon<IllinoisEastFtUS>]
  public var counts: [String: Double]

  public init(polygons: [Polygon<IllinoisEastFtUS>], counts: [String: Double]) {
    self.polygons = polygons
    self.counts = counts
  }
}

/// The objective a plan maximises.
public enum PlanObjective: String, Sendable, CaseIterable {
  /// Residents newly in reach.
  case residents
  /// 911 calls newly in reach.
  case calls
  /// Residents newly in reach, each weighted by 1 + (o_g − o_min) / (o_max − o_min), where o_g
  /// is the share of the resident's group outside reach in the scope before the plan, o_min the
  /// smallest such share (the best-served group, weight 1) and o_max the largest (the
  /// worst-served group, weight 2).
  case equity
}

/// The covering problem of one scope: a regular grid of cells over the chosen areas, the demand
/// of each cell outside reach, and the candidate sites.
///
/// - **Grid**: square cells of `spacing` feet aligned on multiples of `spacing` in EPSG:3435
///   (so a ward's cells are the city's cells); a cell belongs to the area that contains its
///   centre.
/// - **Reach today**: a cell is in reach when its centre lies within `radius` of a working
///   camera (any camera of the inventory, inside the scope or not).
/// - **Demand**: each area's residents outside reach, as the atlas estimates them (residents ×
///   (1 − coverage share)), are spread over the area's cells outside reach in proportion to the
///   finest population weights: each piece's counts split evenly over the cell centres inside it
///   (a piece with no cell centre inside goes to the cell holding its centroid). So the plan's
///   "before" equals the atlas's figure area by area. A group's demand is its own fine weight
///   times the area's same factor, so groups outside reach follow where each group lives within
///   the area. Without pieces, or where the pieces put nobody on an area's cells outside reach,
///   the cells share evenly and groups follow the atlas's group shares of the area. Calls
///   outside reach (calls × (1 − coverage share)) are spread with the residents' weights. What
///   cannot be placed (an area whose every cell is in reach though the atlas has part of it
///   outside) is counted in `unplaced`.
/// - **Sites**: every cell centre, and each camera that is down (not working) inside the scope
///   (its cell's centre inside a chosen area), at its own position (restoring it costs one unit of budget). A site covers the cells
///   outside reach whose centre is within `radius` of it.
public struct PlanInstance: Sendable {
  public static let groups = ["W", "B", "H", "ASIAN", "AIAN", "NHPI", "SOR", "MULTI"]

  public var spacing: Double
  public var radius: Double
  public var areas: [PlanArea]
  /// Cell centres in EPSG:3435, their area (index into `areas`) and whether in reach today.
  public var cellCentres: [Position<IllinoisEastFtUS>] = []
  public var cellArea: [Int32] = []
  public var cellInReach: [Bool] = []
  /// Demand per cell (0 for cells in reach): residents, per group, calls.
  public var residents: [Double] = []
  public var groupResidents: [String: [Double]] = [:]
  public var calls: [Double] = []
  /// Candidate sites: position, the camera restored (nil for a new site), the cells covered.
  public var sitePositions: [Position<IllinoisEastFtUS>] = []
  public var siteCamera: [PlanCamera?] = []
  public var siteCells: [[Int32]] = []
  /// Residents (and per group) outside reach that no cell could hold, per area.
  public var unplaced: [Double]
  /// How the finest weights were used, in words.
  public var weightsNote: String

  /// Builds the grid, the demand and the sites.
  /// - Parameter pieces: the finest population weights, or nil to spread evenly within areas.
  public init(areas: [PlanArea], cameras: [PlanCamera], pieces: [PopulationPiece]?, radius: Double, spacing: Double = 250) {
    self.spacing = spacing
    self.radius = radius
    self.areas = areas
    unplaced = Array(repeating: 0, count: areas.count)
    // Grid cells with their centre in an area (the first area listed, where outlines overlap).
    var cellIndex: [GridKey: Int32] = [:]
    for (a, area) in areas.enumerated() {
      for key in Self.cells(inside: area.polygons.flatMap(\.rings), spacing: spacing) where cellIndex[key] == nil {
        cellIndex[key] = Int32(cellCentres.count)
        cellCentres.append(Position(x: (Double(key.i) + 0.5) * spacing, y: (Double(key.j) + 0.5) * spacing))
        cellArea.append(Int32(a))
      }
    }
    let n = cellCentres.count
    // Reach today.
    let working = SpatialHash(cameras.filter(\.working).map(\.position), bucket: radius)
    cellInReach = cellCentres.map { working.anyWithin(radius, of: $0) }
    // Finest weights per cell.
    var fine: [String: [Double]] = [:]
    if let pieces {
      for key in ["TOT"] + Self.groups { fine[key] = Array(repeating: 0, count: n) }
      for piece in pieces {
        var inside = Self.cells(inside: piece.polygons.flatMap(\.rings), spacing: spacing).compactMap { cellIndex[$0].map(Int.init) }
        if inside.isEmpty, let centroid = Self.centroid(piece.polygons),
          let c = cellIndex[GridKey(i: Int((centroid.x / spacing).rounded(.down)), j: Int((centroid.y / spacing).rounded(.down)))]
        {
          inside = [Int(c)]
        }
        guard !inside.isEmpty else { continue }
        for (key, count) in piece.counts where fine[key] != nil {
          let share = count / Double(inside.count)
          for c in inside { fine[key]![c] += share }
        }
      }
      weightsNote = "residents outside reach spread over each ward's cells outside reach by the finest population weights (\(pieces.count) pieces)"
    } else {
      weightsNote = "residents outside reach spread evenly over each ward's cells outside reach (no finer population weights given)"
    }
    // Calibrated demand: per area one factor, the atlas's residents outside reach over the
    // finest weights of the area's cells outside reach; groups carry their own fine weights
    // times the same factor (evenly, by the atlas's group shares, without fine weights).
    var cellsOfArea = Array(repeating: [Int](), count: areas.count)
    for c in 0..<n where !cellInReach[c] { cellsOfArea[Int(cellArea[c])].append(c) }
    residents = Array(repeating: 0, count: n)
    calls = Array(repeating: 0, count: n)
    for g in Self.groups { groupResidents[g] = Array(repeating: 0, count: n) }
    for (a, cells) in cellsOfArea.enumerated() {
      let target = areas[a].residentsOutside
      let callTarget = (areas[a].calls ?? 0) * (1 - areas[a].coverageShare)
      guard !cells.isEmpty else {
        unplaced[a] = max(0, target)
        continue
      }
      let weights = cells.map { fine["TOT"]?[$0] ?? 0 }
      let sum = weights.reduce(0, +)
      for (k, c) in cells.enumerated() {
        let part = sum > 0 ? weights[k] / sum : 1 / Double(cells.count)
        residents[c] = target * part
        calls[c] = callTarget * part
        for g in Self.groups {
          groupResidents[g]![c] = sum > 0 ? target * (fine[g]![c]) / sum : residents[c] * (areas[a].groupShares[g] ?? 0)
        }
      }
    }
    // Sites: cell centres, then down cameras inside the scope.
    let demandCells = SpatialHash(cellCentres, bucket: radius)
    let hasDemand = (0..<n).map { residents[$0] > 0 || calls[$0] > 0 }
    func covered(by p: Position<IllinoisEastFtUS>) -> [Int32] {
      demandCells.within(radius, of: p).filter { hasDemand[$0] }.sorted().map { Int32($0) }
    }
    for c in 0..<n {
      sitePositions.append(cellCentres[c])
      siteCamera.append(nil)
      siteCells.append(covered(by: cellCentres[c]))
    }
    for camera in cameras
    where !camera.working
      && cellIndex[GridKey(i: Int((camera.position.x / spacing).rounded(.down)), j: Int((camera.position.y / spacing).rounded(.down)))] != nil
    {
      sitePositions.append(camera.position)
      siteCamera.append(camera)
      siteCells.append(covered(by: camera.position))
    }
  }

  /// Indices of the sites that restore a camera.
  public var restorationSites: [Int] { siteCamera.indices.filter { siteCamera[$0] != nil } }

  /// A group's residents outside reach before the plan: its demand on the cells, plus its
  /// share of what could not be placed.
  public func outsideBefore(_ group: String) -> Double {
    groupResidents[group]!.reduce(0, +) + areas.indices.reduce(0) { $0 + unplaced[$1] * (areas[$1].groupShares[group] ?? 0) }
  }

  /// Each group's residents (the atlas's) and residents outside reach before the plan, in the
  /// scope, for groups with at least `minimumResidents` residents.
  public func groupShares(minimumResidents: Double) -> [String: (residents: Double, outside: Double)] {
    var out: [String: (Double, Double)] = [:]
    for g in Self.groups {
      let residents = areas.reduce(0) { $0 + $1.residents * ($1.groupShares[g] ?? 0) }
      if residents >= minimumResidents { out[g] = (residents, outsideBefore(g)) }
    }
    return out
  }

  /// Equity weights per group: 1 + (o_g − o_min) / (o_max − o_min), over the groups with at
  /// least `minimumResidents` residents (others weigh 1; all weigh 1 when o_max = o_min).
  public func equityWeights(minimumResidents: Double) -> [String: Double] {
    let shares = groupShares(minimumResidents: minimumResidents)
    let rates = shares.mapValues { $0.residents > 0 ? $0.outside / $0.residents : 0 }
    let best = rates.values.min() ?? 0
    let worst = rates.values.max() ?? 0
    var weights: [String: Double] = [:]
    for g in Self.groups { weights[g] = rates[g].map { worst > best ? 1 + ($0 - best) / (worst - best) : 1 } ?? 1 }
    return weights
  }

  /// The covering problem for an objective.
  public func problem(_ objective: PlanObjective, minimumResidents: Double = 11) -> CoverageProblem {
    let weights: [Double]
    switch objective {
    case .residents: weights = residents
    case .calls: weights = calls
    case .equity:
      let w = equityWeights(minimumResidents: minimumResidents)
      weights = cellCentres.indices.map { c in Self.groups.reduce(0) { $0 + w[$1]! * groupResidents[$1]![c] } }
    }
    return CoverageProblem(weights: weights, sites: siteCells)
  }

  // MARK: Geometry

  /// The grid cells whose centre lies inside `rings` (even-odd), by scanlines: each edge adds
  /// its crossing to the rows of centres it spans, and each row is filled between pairs.
  static func cells(inside rings: [Ring<IllinoisEastFtUS>], spacing: Double) -> [GridKey] {
    var crossings: [Int: [Double]] = [:]
    for ring in rings {
      let pts = ring.positions
      guard pts.count >= 3 else { continue }
      var j = pts.count - 1
      for i in 0..<pts.count {
        let a = pts[i]
        let b = pts[j]
        j = i
        guard a.y != b.y else { continue }
        let (lo, hi) = a.y < b.y ? (a, b) : (b, a)
        // Rows whose centre y = (row + 0.5) × spacing lies in [lo.y, hi.y) (half-open, so a
        // vertex on a row counts once).
        let first = Int((lo.y / spacing - 0.5).rounded(.up))
        let last = Int((hi.y / spacing - 0.5).rounded(.up)) - 1
        guard first <= last else { continue }
        for row in first...last {
          let y = (Double(row) + 0.5) * spacing
          crossings[row, default: []].append(lo.x + (y - lo.y) * (hi.x - lo.x) / (hi.y - lo.y))
        }
      }
    }
    var keys: [GridKey] = []
    for row in crossings.keys.sorted() {
      let xs = crossings[row]!.sorted()
      var k = 0
      while k + 1 < xs.count {
        // Centres x = (i + 0.5) × spacing strictly between the two crossings.
        let from = Int((xs[k] / spacing - 0.5).rounded(.down)) + 1
        let to = Int((xs[k + 1] / spacing - 0.5).rounded(.up)) - 1
        if from <= to { for i in from...to { keys.append(GridKey(i: i, j: row)) } }
        k += 2
      }
    }
    return keys
  }

  /// Even-odd point in rings (exterior and holes alike).
  public static func contains(_ rings: [Ring<IllinoisEastFtUS>], _ p: Position<IllinoisEastFtUS>) -> Bool {
    var inside = false
    for ring in rings {
      let pts = ring.positions
      guard pts.count >= 3 else { continue }
      var j = pts.count - 1
      for i in 0..<pts.count {
        let a = pts[i]
        let b = pts[j]
        if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
        j = i
      }
    }
    return inside
  }

  static func centroid(_ polygons: [Polygon<IllinoisEastFtUS>]) -> Position<IllinoisEastFtUS>? { polygons.areaWeightedCentroid() }
}

struct GridKey: Hashable, Sendable {
  var i: Int
  var j: Int
}

/// Points bucketed in squares of `bucket` feet, for "any/all within r" queries with r ≤ bucket.
struct SpatialHash {
  let points: [Position<IllinoisEastFtUS>]
  let bucket: Double
  var buckets: [GridKey: [Int]] = [:]

  init(_ points: [Position<IllinoisEastFtUS>], bucket: Double) {
    self.points = points
    self.bucket = max(bucket, 1)
    for (k, p) in points.enumerated() { buckets[key(p), default: []].append(k) }
  }

  func key(_ p: Position<IllinoisEastFtUS>) -> GridKey { GridKey(i: Int((p.x / bucket).rounded(.down)), j: Int((p.y / bucket).rounded(.down))) }

  func within(_ r: Double, of p: Position<IllinoisEastFtUS>) -> [Int] {
    let k = key(p)
    var out: [Int] = []
    for dj in -1...1 {
      for di in -1...1 {
        for q in buckets[GridKey(i: k.i + di, j: k.j + dj)] ?? [] {
          let dx = points[q].x - p.x
          let dy = points[q].y - p.y
          if dx * dx + dy * dy <= r * r { out.append(q) }
        }
      }
    }
    return out
  }

  func anyWithin(_ r: Double, of p: Position<IllinoisEastFtUS>) -> Bool { !within(r, of: p).isEmpty }
}
