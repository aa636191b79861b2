import AtlasGeometry

/// One non-empty intersection between item `source` of one collection and item `target` of
/// another, with its area in the square units of their space.
public struct OverlapArea: Hashable, Sendable {
  public var source: Int
  public var target: Int
  public var area: Double
}

/// Polygon overlays with GEOS: the areas shared by two collections of polygons, and coverage
/// of areas by a union of discs. Inputs in a planar space (EPSG:3435 feet here), so areas are
/// square feet.
///
/// Instances are not thread-safe (one GEOS context each); the static unions are.
public final class Overlay<Space: CoordinateSpace> {
  private let context: GEOSContext
  private var targets: [PreparedGeometry] = []
  private var envelopes: [Envelope] = []
  private var areas: [Double] = []

  /// Prepares the target collection (e.g. a layer's areas, each a list of polygons).
  ///
  /// - Throws: `GEOSError` naming the item GEOS could not build.
  public init(targets: [[Polygon<Space>]]) throws {
    context = try GEOSContext()
    for (index, polygons) in targets.enumerated() {
      let geometry = try context.geometry(polygons, "target \(index)")
      self.targets.append(try PreparedGeometry(geometry, "target \(index)"))
      var e = Envelope.empty
      for polygon in polygons { e.extend(polygon.envelope) }
      envelopes.append(e)
      areas.append(try geometry.area("target \(index)"))
    }
  }

  /// Area of each target.
  public var targetAreas: [Double] { areas }

  /// Every non-empty intersection of each source with each target.
  ///
  /// - Complexity: O(s·t) envelope tests plus one GEOS intersection per envelope hit that is
  ///   not wholly inside the target (those take the source's own area).
  public func overlaps(of sources: [[Polygon<Space>]]) throws -> [OverlapArea] {
    var result: [OverlapArea] = []
    for (s, polygons) in sources.enumerated() {
      var sourceEnvelope = Envelope.empty
      for polygon in polygons { sourceEnvelope.extend(polygon.envelope) }
      let source = try context.geometry(polygons, "source \(s)")
      for t in envelopes.indices where Self.intersects(sourceEnvelope, envelopes[t]) {
        let area = try intersectionArea(source, target: t, label: "source \(s) × target \(t)")
        if area > 0 { result.append(OverlapArea(source: s, target: t, area: area)) }
      }
    }
    return result
  }

  /// For each target, the area covered by the union of discs of `radius` around `centers`.
  ///
  /// The discs are GEOS buffers (32 segments per quarter circle: a regular 128-gon inscribed in
  /// the circle, area 0.04% short of a true disc's) of the multipoint, which unions them. To
  /// cover several overlays by the same discs, make the union once with
  /// `unionOfDiscs(around:radius:)` and pass it to `coverage(byDisjoint:)`: the figures are the
  /// same.
  public func coverage(ofDiscsAround centers: [Position<Space>], radius: Double) throws -> [Double] {
    try coverage(byDisjoint: Self.unionOfDiscs(around: centers, radius: radius))
  }

  /// For each target, the area covered by the union of `polygons`. To cover several overlays by
  /// the same polygons, make the union once with `union(_:)` and pass it to
  /// `coverage(byDisjoint:)`: the figures are the same.
  public func coverage(by polygons: [Polygon<Space>]) throws -> [Double] {
    // Overlapping parts would be counted twice by the intersection area: union them first.
    try coverage(byDisjoint: Self.union(polygons))
  }

  /// For each target, the area covered by `polygons`, which must not overlap one another (a
  /// union from `union(_:)` or `unionOfDiscs(around:radius:)`; overlaps would count twice).
  ///
  /// Each target is intersected with only the polygons whose envelopes meet its own: the
  /// others cannot meet it, and leaving them out spares GEOS clipping them away target after
  /// target.
  /// - Complexity: per target, an envelope test per polygon, one prepared intersects test and
  ///   one prepared contains test of the nearby polygons and, unless they lie wholly inside the
  ///   target, one GEOS intersection with them.
  public func coverage(byDisjoint polygons: [Polygon<Space>]) throws -> [Double] {
    let polygonEnvelopes = polygons.map(\.envelope)
    var covered: [Double] = []
    for t in targets.indices {
      let nearby = polygons.indices.filter { Self.intersects(polygonEnvelopes[$0], envelopes[t]) }.map { polygons[$0] }
      guard !nearby.isEmpty else {
        covered.append(0)
        continue
      }
      let geometry = try context.geometry(nearby, "coverage near target \(t)")
      covered.append(try intersectionArea(geometry, target: t, label: "coverage × target \(t)"))
    }
    return covered
  }

  /// The union of the discs of `radius` around `centers`, as non-overlapping polygons (empty
  /// without centres or with a radius ≤ 0).
  ///
  /// A GEOS buffer of the multipoint, 32 segments per quarter circle: each disc is a regular
  /// 128-gon inscribed in its circle, of area 64 r² sin(π/64) = π r² · (1 − 0.0004). Independent
  /// of any overlay: make it once, then cover each overlay with `coverage(byDisjoint:)`. Safe to
  /// call from several threads at once (each call has its own GEOS context).
  /// - Throws: `GEOSError` naming the operation that failed.
  public static func unionOfDiscs(around centers: [Position<Space>], radius: Double) throws -> [Polygon<Space>] {
    guard !centers.isEmpty, radius > 0 else { return [] }
    let context = try GEOSContext()
    let discs = try context.multipoint(centers).buffer(radius, quadrantSegments: 32, "\(centers.count) centres")
    return try discs.polygons(in: Space.self, "union of \(centers.count) discs").polygons
  }

  /// The union of `polygons` (GEOS unary union), as non-overlapping polygons. Independent of
  /// any overlay: make it once, then cover each overlay with `coverage(byDisjoint:)`. Safe to
  /// call from several threads at once (each call has its own GEOS context).
  /// - Throws: `GEOSError` naming the operation that failed.
  public static func union(_ polygons: [Polygon<Space>]) throws -> [Polygon<Space>] {
    guard !polygons.isEmpty else { return [] }
    let context = try GEOSContext()
    let union = try context.geometry(polygons, "union").unaryUnion("\(polygons.count) polygons")
    return try union.polygons(in: Space.self, "union of \(polygons.count) polygons").polygons
  }

  /// Area of the intersection of `geometry` with target `t`: 0 when they do not meet,
  /// `geometry`'s own area when the target contains it, else the area of the GEOS intersection.
  private func intersectionArea(_ geometry: OwnedGeometry, target t: Int, label: @autoclosure () -> String) throws -> Double {
    let target = targets[t]
    guard try target.intersects(geometry, label()) else { return 0 }
    if try target.contains(geometry, label()) { return try geometry.area(label()) }
    return try geometry.intersection(target.geometry, label()).area(label())
  }

  static func intersects(_ a: Envelope, _ b: Envelope) -> Bool {
    a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
  }
}
