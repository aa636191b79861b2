import AtlasGeometry

/// Queen contiguity of a layer's areas: two areas are neighbours when their boundaries share
/// at least one vertex (an edge or a single corner).
///
/// Areas are ids, not features: an area made of several pieces (police beat 3100 of District
/// 31 is three) has as neighbours every area that touches any of its pieces.
public enum Contiguity {
  /// Per area, in layer order, the indexes of the areas sharing at least one exact vertex
  /// position with it (any ring of any piece, holes included), ascending.
  ///
  /// This is libpysal's `Queen` criterion (`libpysal.weights.contiguity`, vertex set
  /// intersection): the City's boundary layers are digitised as a coverage, so neighbouring
  /// areas carry identical vertices along their common edges. Two areas that only meet where
  /// one's vertex lies inside the other's edge (no common vertex) are not neighbours here, as
  /// in libpysal; `queenByIntersection` gives the geometric criterion to check a layer against.
  ///
  /// Edge-case policy: an area without neighbours comes back with an empty list (an island);
  /// vertices are compared exactly (no snapping tolerance).
  ///
  /// - Complexity: O(V) expected for V vertices (one hash of each), plus O(Σ dᵥ²) for the d
  ///   areas meeting at each vertex.
  ///
  /// Reference: S. J. Rey & L. Anselin (2007), PySAL; libpysal 4.14 `Queen.from_dataframe`.
  public static func queen<Space>(_ layer: Layer<Space>) -> [[Int]] {
    var areasAt: [Position<Space>: [Int]] = [:]
    for (a, area) in layer.areas.enumerated() {
      for polygon in area.polygons {
        for ring in polygon.rings {
          for p in ring.positions where areasAt[p]?.last != a {
            areasAt[p, default: []].append(a)
          }
        }
      }
    }
    var neighbours = Array(repeating: Set<Int>(), count: layer.areas.count)
    for areas in areasAt.values where areas.count > 1 {
      for a in areas {
        for b in areas where b != a { neighbours[a].insert(b) }
      }
    }
    return neighbours.map { $0.sorted() }
  }

  /// Per area, the areas whose closed polygons intersect it (GEOS `intersects` on prepared
  /// geometries, after an envelope test): a shared edge, a shared corner, or a vertex lying on
  /// the other's edge. For a layer digitised as a coverage this equals `queen(_:)`; where
  /// it differs, the layer has T-junctions or overlaps.
  ///
  /// - Complexity: O(n²) envelope tests plus one prepared predicate per envelope hit.
  /// - Throws: `GEOSError` naming the area GEOS could not build or test.
  public static func queenByIntersection<Space>(_ layer: Layer<Space>) throws -> [[Int]] {
    let context = try GEOSContext()
    let prepared = try layer.areas.map { area in
      try PreparedGeometry(try context.geometry(area.polygons, "layer \(layer.id) area \(area.id)"), "layer \(layer.id) area \(area.id)")
    }
    let envelopes = layer.areas.map(\.envelope)
    var neighbours = Array(repeating: [Int](), count: layer.areas.count)
    for a in layer.areas.indices {
      for b in layer.areas.indices where b > a && overlap(envelopes[a], envelopes[b]) {
        if try prepared[a].intersects(prepared[b].geometry, "layer \(layer.id) areas \(layer.areas[a].id) and \(layer.areas[b].id)") {
          neighbours[a].append(b)
          neighbours[b].append(a)
        }
      }
    }
    return neighbours.map { $0.sorted() }
  }

  /// Closed envelopes meet (touching counts).
  static func overlap(_ a: Envelope, _ b: Envelope) -> Bool {
    a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
  }
}
