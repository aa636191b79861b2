import AtlasGeometry

/// A regular lon/lat grid over the city: `columns × rows` cells of `dx × dy` degrees, cell
/// `(i, j)` spanning `[west + i·dx, west + (i+1)·dx] × [south + j·dy, south + (j+1)·dy]`,
/// stored row by row from the south-west (`k = j · columns + i`).
struct CellGrid {
  let west: Double, south: Double
  let dx: Double, dy: Double
  let columns: Int, rows: Int

  /// A grid covering `envelope` plus `padding` cells on every side.
  init(covering envelope: Envelope, dx: Double, dy: Double, padding: Int) {
    precondition(dx > 0 && dy > 0 && !envelope.isEmpty, "a grid needs positive cell sizes and a non-empty envelope")
    self.dx = dx
    self.dy = dy
    west = envelope.minX - Double(padding) * dx
    south = envelope.minY - Double(padding) * dy
    columns = Int(((envelope.maxX - envelope.minX) / dx).rounded(.up)) + 2 * padding
    rows = Int(((envelope.maxY - envelope.minY) / dy).rounded(.up)) + 2 * padding
  }

  var count: Int { columns * rows }

  func centre(_ k: Int) -> (lon: Double, lat: Double) {
    (west + (Double(k % columns) + 0.5) * dx, south + (Double(k / columns) + 0.5) * dy)
  }

  /// The cell holding a point, or nil outside the grid.
  func cell(lon: Double, lat: Double) -> Int? {
    let i = Int(((lon - west) / dx).rounded(.down))
    let j = Int(((lat - south) / dy).rounded(.down))
    guard i >= 0, i < columns, j >= 0, j < rows else { return nil }
    return j * columns + i
  }

  /// Position of grid coordinates `(u, w)` (cell units from the south-west corner). Lattice
  /// points are computed by one formula, so a vertex shared by two rings is bit-identical in both.
  func position(u: Double, w: Double) -> Position<WGS84LonLat> {
    Position(x: west + u * dx, y: south + w * dy)
  }

  /// The ward index of every cell centre (−1 outside the city).
  func wardOfCells(_ city: SyntheticCity) -> [Int] {
    (0..<count).map { k in
      let c = centre(k)
      return city.ward(lon: c.lon, lat: c.lat) ?? -1
    }
  }
}

/// The union of a set of grid cells as valid polygons with holes.
///
/// Every boundary edge between a chosen and an unchosen cell is directed with the chosen cell on
/// its left, so outer boundaries run counter-clockwise and holes clockwise. Edges are linked
/// into rings, keeping only the corners (collinear runs merge). At a vertex shared by two
/// diagonal chosen cells and two diagonal unchosen ones, the ring turns left — each chosen cell
/// keeps its own corner — and both corners are cut by a chamfer of `chamfer` cells, so no two
/// rings touch and no ring touches itself: the output is valid in the OGC sense (GEOS
/// `isValid`), at the cost of a triangle of ε²/2 cells left out at each such vertex. Holes go to
/// the smallest exterior that contains them.
///
/// - Complexity: O(cells + boundary edges + holes · exteriors) for the hole assignment.
/// Reference: the boundary-following idea is that of marching squares (W. E. Lorensen &
/// H. E. Cline, SIGGRAPH 1987) on a binary image, restricted to cell edges.
enum CellUnion {
  static let chamfer = 1e-3

  /// Directions, numbered so that `(d + 1) % 4` is a left turn.
  private static let du: [Int] = [1, 0, -1, 0]  // east, north, west, south
  private static let dw: [Int] = [0, 1, 0, -1]

  static func polygons(_ chosen: [Bool], grid: CellGrid) -> [Polygon<WGS84LonLat>] {
    precondition(chosen.count == grid.count, "one flag per cell")
    let columns = grid.columns
    let rows = grid.rows
    let vertexColumns = columns + 1
    func isChosen(_ i: Int, _ j: Int) -> Bool { i >= 0 && j >= 0 && i < columns && j < rows && chosen[j * columns + i] }

    // Outgoing boundary edges per lattice vertex: at most two (the diagonal case), 0xFF = none.
    var outgoing = [UInt8](repeating: 0xFF, count: 2 * vertexColumns * (rows + 1))
    func addEdge(from i: Int, _ j: Int, direction: UInt8) {
      let v = 2 * (j * vertexColumns + i)
      if outgoing[v] == 0xFF { outgoing[v] = direction } else { outgoing[v + 1] = direction }
    }
    for j in 0..<rows {
      for i in 0..<columns where chosen[j * columns + i] {
        if !isChosen(i, j - 1) { addEdge(from: i, j, direction: 0) }
        if !isChosen(i + 1, j) { addEdge(from: i + 1, j, direction: 1) }
        if !isChosen(i, j + 1) { addEdge(from: i + 1, j + 1, direction: 2) }
        if !isChosen(i - 1, j) { addEdge(from: i, j + 1, direction: 3) }
      }
    }

    // Link edges into rings in (u, w) grid units.
    var used = [Bool](repeating: false, count: outgoing.count)
    var rings: [[(u: Double, w: Double)]] = []
    for slot in outgoing.indices where outgoing[slot] != 0xFF && !used[slot] {
      let startVertex = slot / 2
      let startDirection = outgoing[slot]
      var vertex = startVertex
      var direction = startDirection
      var currentSlot = slot
      var ring: [(u: Double, w: Double)] = []
      repeat {
        used[currentSlot] = true
        let i = vertex % vertexColumns + du[Int(direction)]
        let j = vertex / vertexColumns + dw[Int(direction)]
        vertex = j * vertexColumns + i
        let a = outgoing[2 * vertex]
        let b = outgoing[2 * vertex + 1]
        let next: UInt8
        let diagonal = b != 0xFF
        if diagonal {
          next = (direction + 1) % 4
          currentSlot = a == next ? 2 * vertex : 2 * vertex + 1
          precondition(outgoing[currentSlot] == next, "a diagonal vertex offers the left turn")
        } else {
          next = a
          currentSlot = 2 * vertex
        }
        if next != direction {
          let u = Double(i)
          let w = Double(j)
          if diagonal {
            ring.append((u - chamfer * Double(du[Int(direction)]), w - chamfer * Double(dw[Int(direction)])))
            ring.append((u + chamfer * Double(du[Int(next)]), w + chamfer * Double(dw[Int(next)])))
          } else {
            ring.append((u, w))
          }
        }
        direction = next
      } while !(vertex == startVertex && direction == startDirection)
      rings.append(ring)
    }

    // Exteriors wind counter-clockwise (positive area), holes clockwise.
    struct Shell {
      var ring: [(u: Double, w: Double)]
      var area: Double
      var minU: Double, minW: Double, maxU: Double, maxW: Double
      var holes: [[(u: Double, w: Double)]] = []
    }
    var shells: [Shell] = []
    var holes: [[(u: Double, w: Double)]] = []
    for ring in rings {
      let area = signedArea(ring)
      if area > 0 {
        let us = ring.map(\.u)
        let ws = ring.map(\.w)
        shells.append(Shell(ring: ring, area: area, minU: us.min()!, minW: ws.min()!, maxU: us.max()!, maxW: ws.max()!))
      } else {
        holes.append(ring)
      }
    }
    for hole in holes {
      let p = hole[0]
      var best: Int? = nil
      for (s, shell) in shells.enumerated()
      where p.u > shell.minU && p.u < shell.maxU && p.w > shell.minW && p.w < shell.maxW && contains(shell.ring, p) {
        if best == nil || shell.area < shells[best!].area { best = s }
      }
      precondition(best != nil, "every hole lies inside an exterior ring")
      shells[best!].holes.append(hole)
    }
    func closedRing(_ ring: [(u: Double, w: Double)]) -> Ring<WGS84LonLat> {
      Ring((ring + [ring[0]]).map { grid.position(u: $0.u, w: $0.w) })
    }
    return shells.map { Polygon(exterior: closedRing($0.ring), holes: $0.holes.map(closedRing)) }
  }

  /// Twice the signed area (shoelace) of an open ring.
  static func signedArea(_ ring: [(u: Double, w: Double)]) -> Double {
    var sum = 0.0
    for k in ring.indices {
      let a = ring[k]
      let b = ring[(k + 1) % ring.count]
      sum += a.u * b.w - b.u * a.w
    }
    return sum
  }

  /// Crossing-number point-in-ring test for a point not on the ring.
  static func contains(_ ring: [(u: Double, w: Double)], _ p: (u: Double, w: Double)) -> Bool {
    var inside = false
    var j = ring.count - 1
    for i in ring.indices {
      let a = ring[i]
      let b = ring[j]
      if (a.w > p.w) != (b.w > p.w), p.u < (b.u - a.u) * (p.w - a.w) / (b.w - a.w) + a.u { inside.toggle() }
      j = i
    }
    return inside
  }
}
