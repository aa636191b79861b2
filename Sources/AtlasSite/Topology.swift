import AtlasGeometry

/// The polygons of one layer as shared arcs (as in TopoJSON), simplified for the screen with
/// the topology kept: a border two areas share is one arc, simplified once, so both sides keep
/// the same vertices and no gap or sliver opens between them.
///
/// 1. Every coordinate is rounded to a grid of `1 / scale` degrees (1e-5°: about 1.1 m north–
///    south, 0.8 m east–west in Chicago), which also snaps neighbours' vertices that differ by
///    less than that; repeated vertices are dropped.
/// 2. A vertex is a junction where the rings through it do not all have the same two neighbours
///    there (where three areas meet, or where a shared border ends). Rings are cut at junctions
///    into arcs; a ring without junctions is one closed arc starting at its smallest vertex.
///    An arc met again (in either direction) is the same arc.
/// 3. Each arc is simplified by Douglas–Peucker with its end points fixed (a closed arc is split
///    at the vertex farthest from its start). A ring that would keep fewer than three distinct
///    vertices keeps its arcs unsimplified.
public struct Topology: Sendable {
  /// A vertex on the grid: longitude and latitude × `scale`, rounded.
  public struct Point: Hashable, Comparable, Sendable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) {
      self.x = x
      self.y = y
    }
    public static func < (a: Point, b: Point) -> Bool { (a.x, a.y) < (b.x, b.y) }
  }

  /// Grid steps per degree.
  public static let scale = 100_000.0

  /// The simplified arcs, each from end point to end point.
  public private(set) var arcs: [[Point]] = []
  /// Per area, per polygon, per ring (exterior first): the arcs in order; `k` is arc k forward,
  /// `~k` (−k − 1) arc k backward.
  public private(set) var areas: [[[[Int]]]] = []
  /// Vertices before and after simplification (rings as drawn, closing vertex not counted).
  public private(set) var vertexCount: (before: Int, after: Int) = (0, 0)

  /// - Parameters:
  ///   - polygons: each area's polygons, in lon/lat degrees.
  ///   - tolerance: the largest distance (degrees) a removed vertex may lie from the simplified line.
  public init(_ polygons: [[Polygon<WGS84LonLat>]], tolerance: Double) {
    let rings: [[[[Point]]]] = polygons.map { area in
      // A ring narrower than the grid (fewer than three distinct vertices) is not drawn; a
      // polygon whose exterior is such a ring is not drawn at all.
      area.compactMap { polygon -> [[Point]]? in
        let exterior = Self.quantised(polygon.exterior)
        guard exterior.count >= 3 else { return nil }
        return [exterior] + polygon.holes.map(Self.quantised).filter { $0.count >= 3 }
      }
    }
    let junctions = Self.junctions(rings)
    var index: [[Point]: Int] = [:]
    var raw: [[Point]] = []
    func reference(_ arc: [Point]) -> Int {
      if let k = index[arc] { return k }
      if let k = index[arc.reversed()] { return ~k }
      index[arc] = raw.count
      raw.append(arc)
      return raw.count - 1
    }
    areas = rings.map { area in
      area.map { polygon in polygon.map { ring in Self.cut(ring, at: junctions).map(reference) } }
    }
    let tolerance = tolerance * Self.scale
    var simplified = raw.map { Self.simplify($0, tolerance: tolerance) }
    for ring in areas.joined().joined() where ring.reduce(0, { $0 + simplified[$1 < 0 ? ~$1 : $1].count - 1 }) < 3 {
      for k in ring { simplified[k < 0 ? ~k : k] = raw[k < 0 ? ~k : k] }
    }
    arcs = simplified
    let before = rings.joined().joined().reduce(0) { $0 + $1.count }
    let after = areas.joined().joined().reduce(0) { total, ring in total + ring.reduce(0) { $0 + arcs[$1 < 0 ? ~$1 : $1].count - 1 } }
    vertexCount = (before, after)
  }

  /// The rings of one area as drawn, closed (first vertex repeated at the end): per polygon,
  /// exterior first.
  public func rings(ofArea area: Int) -> [[[Point]]] {
    areas[area].map { polygon in
      polygon.map { ring in
        var points: [Point] = []
        for k in ring {
          let arc = k < 0 ? Array(arcs[~k].reversed()) : arcs[k]
          points += points.isEmpty ? arc : Array(arc.dropFirst())
        }
        return points
      }
    }
  }

  /// A ring on the grid without its closing vertex and without repeated vertices.
  static func quantised(_ ring: Ring<WGS84LonLat>) -> [Point] {
    var out: [Point] = []
    for p in ring.positions where p.x.isFinite && p.y.isFinite {
      let q = Point(x: Int((p.x * scale).rounded()), y: Int((p.y * scale).rounded()))
      if out.last != q { out.append(q) }
    }
    while out.count > 1, out.first == out.last { out.removeLast() }
    return out
  }

  /// Vertices where the rings through them disagree about their neighbours.
  static func junctions(_ rings: [[[[Point]]]]) -> Set<Point> {
    struct Pair: Hashable {
      var a, b: Point
      init(_ p: Point, _ q: Point) { (a, b) = p < q ? (p, q) : (q, p) }
    }
    var seen: [Point: Pair] = [:]
    var junctions: Set<Point> = []
    for ring in rings.joined().joined() {
      let n = ring.count
      for i in 0..<n {
        let pair = Pair(ring[(i + n - 1) % n], ring[(i + 1) % n])
        if let first = seen[ring[i]] {
          if first != pair { junctions.insert(ring[i]) }
        } else {
          seen[ring[i]] = pair
        }
      }
    }
    return junctions
  }

  /// A ring (open) cut into arcs at its junctions; one closed arc from its smallest vertex when
  /// it has none.
  static func cut(_ ring: [Point], at junctions: Set<Point>) -> [[Point]] {
    guard let start = ring.firstIndex(where: junctions.contains) else {
      let first = ring.indices.min { ring[$0] < ring[$1] }!
      let rotated = Array(ring[first...] + ring[..<first])
      return [rotated + [rotated[0]]]
    }
    let rotated = Array(ring[start...] + ring[..<start]) + [ring[start]]
    var arcs: [[Point]] = []
    var current = [rotated[0]]
    for p in rotated.dropFirst() {
      current.append(p)
      if junctions.contains(p) {
        arcs.append(current)
        current = [p]
      }
    }
    return arcs
  }

  /// Douglas–Peucker with both end points kept; a closed arc is split at its farthest vertex.
  static func simplify(_ arc: [Point], tolerance: Double) -> [Point] {
    guard arc.count > 2, tolerance > 0 else { return arc }
    if arc.first == arc.last {
      let far = (1..<(arc.count - 1)).max { squaredDistance(arc[$0], arc[0]) < squaredDistance(arc[$1], arc[0]) }!
      return simplify(Array(arc[...far]), tolerance: tolerance) + simplify(Array(arc[far...]), tolerance: tolerance).dropFirst()
    }
    var keep = [Bool](repeating: false, count: arc.count)
    keep[0] = true
    keep[arc.count - 1] = true
    var stack = [(0, arc.count - 1)]
    let limit = tolerance * tolerance
    while let (from, to) = stack.popLast() {
      guard to - from > 1 else { continue }
      var farthest = -1
      var distance = -1.0
      for i in (from + 1)..<to {
        let d = segmentDistanceSquared(arc[i], arc[from], arc[to])
        if d > distance { (farthest, distance) = (i, d) }
      }
      if distance > limit {
        keep[farthest] = true
        stack.append((from, farthest))
        stack.append((farthest, to))
      }
    }
    return arc.indices.filter { keep[$0] }.map { arc[$0] }
  }

  static func squaredDistance(_ p: Point, _ q: Point) -> Double {
    let dx = Double(p.x - q.x)
    let dy = Double(p.y - q.y)
    return dx * dx + dy * dy
  }

  /// Squared distance from `p` to the segment `a`–`b`.
  static func segmentDistanceSquared(_ p: Point, _ a: Point, _ b: Point) -> Double {
    let abx = Double(b.x - a.x)
    let aby = Double(b.y - a.y)
    let length = abx * abx + aby * aby
    guard length > 0 else { return squaredDistance(p, a) }
    let t = max(0, min(1, (Double(p.x - a.x) * abx + Double(p.y - a.y) * aby) / length))
    let dx = Double(p.x - a.x) - t * abx
    let dy = Double(p.y - a.y) - t * aby
    return dx * dx + dy * dy
  }
}
