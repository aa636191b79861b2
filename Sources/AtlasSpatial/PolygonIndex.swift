import AtlasGeometry
import Foundation

/// Where one point fell in one layer.
public struct PointLocation: Hashable, Sendable {
  /// How the area was decided.
  public enum Kind: UInt8, Hashable, Sendable, CaseIterable {
    /// Strictly inside exactly one area, or outside all of them.
    case plain
    /// Exactly on a boundary; the boundary rule picked the area.
    case onBoundary
    /// Within the centre-line tolerance of a boundary; the boundary rule picked the area.
    case withinTolerance
    /// Inside two or more overlapping areas (a defect of the boundary file); the first in layer
    /// order was taken.
    case overlap
  }

  /// Index into the layer's areas, or −1 when the point is outside every area.
  public var area: Int32
  public var kind: Kind

  public static let outside = PointLocation(area: -1, kind: .plain)

  public init(area: Int32, kind: Kind) {
    self.area = area
    self.kind = kind
  }

  public var isOutside: Bool { area < 0 }
}

/// A point-in-polygon index over one boundary layer: built once, then queried for millions of
/// points, each assigned to exactly one area (or none) under a `BoundaryRule`.
///
/// **Frame.** The grid lives in `u = lon − lat`, `w = lon + lat`: a 45° rotation of the
/// lon/lat plane in which +u points south-east. The exact predicates do not use it: they work on
/// differences of the original coordinates, which are exact in floating point for positions
/// within a factor of two of each other (Sterbenz's lemma), so a point exactly on an edge gives
/// an orientation of exactly zero and a vertex exactly on the ray is classified exactly.
///
/// **Grid.** A regular grid over (u, w) whose cells are pre-classified as inside one area,
/// outside all, or *boundary* (touched by an edge, or within the tolerance of one). Interior and
/// outside cells answer with one array read. A boundary cell lists its candidate areas, each with
/// the slice of that area's edges overlapping the cell's row band.
///
/// **Exact test.** For a point in a boundary cell, a crossing-number test along a ray toward
/// the south-east (direction (1, −1) in degrees), with vertices on the ray's line counted as on
/// its north-east side and a point exactly on an edge counted as on the edge's south-east side.
/// That is the ray test for the symbolically perturbed point `p + ε·(1, −1) + ε²·(−1, −1)`: a
/// point on a boundary lands on its south-east side (south-west for a boundary running exactly
/// along (1, −1)), in every polygon alike, so on a tiling no point is counted in two areas and
/// none falls between them. Each edge is evaluated from its endpoint with the smaller `lon + lat`,
/// so two areas sharing an edge compute the same floating-point predicate.
///
/// Reference: E. Haines, "Point in Polygon Strategies", Graphics Gems IV (1994) for the
/// crossing test and grid cells; H. Edelsbrunner & E. Mücke, "Simulation of Simplicity",
/// ACM TOG 9(1), 1990 for the perturbation argument.
public final class PolygonIndex: @unchecked Sendable {
  public let layerID: String
  /// Area ids in layer order; `PointLocation.area` indexes this.
  public let areaIDs: [String]
  public let rule: BoundaryRule

  struct Edge: Sendable {
    // In lon/lat; the endpoint with the smaller lon + lat first ("lower" in w).
    var lx: Double, ly: Double, hx: Double, hy: Double
    var lu: Double { lx - ly }
    var lw: Double { lx + ly }
    var hu: Double { hx - hy }
    var hw: Double { hx + hy }
  }

  struct Slice: Sendable {
    var area: UInt32, start: UInt32, count: UInt32
  }

  let u0: Double, w0: Double, cellSize: Double, inverseCellSize: Double
  let nu: Int, nw: Int
  // Immutable after init; raw buffers so that queries touch no reference counts.
  /// Per cell: 0 outside, `a + 1` inside area a, or `boundaryFlag | b` for boundary cell b.
  let cells: UnsafeBufferPointer<UInt32>
  let boundaryStart: UnsafeBufferPointer<UInt32>
  let candidates: UnsafeBufferPointer<Slice>
  /// Edges grouped by row band, then by area; every slice indexes this.
  let edges: UnsafeBufferPointer<Edge>
  let rowStart: UnsafeBufferPointer<UInt32>
  let rowSlices: UnsafeBufferPointer<Slice>
  /// Rows on either side searched for the nearest boundary under a tolerance.
  let toleranceRows: Int

  static let boundaryFlag: UInt32 = 0x8000_0000

  /// Number of cells on the grid's longer side chosen by default.
  public static let defaultResolution = 1024

  /// The largest centre-line tolerance the index accepts, in feet.
  ///
  /// Each edge marks every cell within the tolerance of it, about (2t / cell)² cells per edge
  /// for a tolerance t, so building memory and time grow with t² (the cell is ≈ 130 ft for the
  /// city at the default resolution). Measured with the four default layers (debug build, 4
  /// points): 250 ft peaks at 110 MB, 500 ft at 180 MB; release 0.1.0 took 5 s at 1,000 ft,
  /// 7–21 s and 1.5 GB at 2,000 ft, and did not finish in 60 s (11.5 GB) at 10,000 ft. 500 ft,
  /// half a long block, is far beyond any street's half-width or GPS error, which is what the
  /// tolerance is for.
  public static let maximumToleranceFeet: Double = 500

  /// Builds the index. Cost: O(E·r + C) for E edges touching r rows each and C grid cells.
  ///
  /// - Parameter resolution: cells along the longer side of the grid.
  public init(_ layer: Layer<WGS84LonLat>, rule: BoundaryRule, resolution: Int = PolygonIndex.defaultResolution) {
    precondition(resolution >= 8, "grid resolution must be at least 8")
    self.layerID = layer.id
    self.areaIDs = layer.areas.map(\.id)
    self.rule = rule
    let envelope = layer.envelope
    let northernmost = envelope.isEmpty ? 42 : envelope.maxY

    // 1. Every edge, in (u, w), lower endpoint first, tagged with its area.
    var rawEdges: [Edge] = []
    var rawArea: [UInt32] = []
    var extent = Envelope.empty
    for (areaIndex, area) in layer.areas.enumerated() {
      for polygon in area.polygons {
        for ring in polygon.rings {
          let positions = ring.positions
          guard positions.count >= 2 else { continue }
          var p = positions[0]
          extent.extend(x: p.x - p.y, y: p.x + p.y)
          for q in positions.dropFirst() {
            extent.extend(x: q.x - q.y, y: q.x + q.y)
            if p != q {
              // Canonical order by lon + lat, decided from exact differences.
              let pFirst = (p.x - q.x) + (p.y - q.y) < 0 || ((p.x - q.x) + (p.y - q.y) == 0 && p.x < q.x)
              rawEdges.append(pFirst ? Edge(lx: p.x, ly: p.y, hx: q.x, hy: q.y) : Edge(lx: q.x, ly: q.y, hx: p.x, hy: p.y))
              rawArea.append(UInt32(areaIndex))
            }
            p = q
          }
        }
      }
    }
    if extent.isEmpty { extent = Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1) }

    // 2. The grid, padded by the tolerance so near-outside points can reach the areas.
    let toleranceUW = Self.uwUnits(feet: rule.toleranceFeet, latitude: northernmost)
    let span = max(extent.maxX - extent.minX, extent.maxY - extent.minY)
    let cellSize = (span + 2 * toleranceUW) / Double(resolution - 2)
    self.cellSize = cellSize
    self.inverseCellSize = 1 / cellSize
    let u0 = extent.minX - toleranceUW - cellSize
    let w0 = extent.minY - toleranceUW - cellSize
    self.u0 = u0
    self.w0 = w0
    let nu = Int(((extent.maxX + toleranceUW + cellSize - u0) / cellSize).rounded(.up)) + 1
    let nw = Int(((extent.maxY + toleranceUW + cellSize - w0) / cellSize).rounded(.up)) + 1
    self.nu = nu
    self.nw = nw
    // Slack against rounding of the cell arithmetic at band borders.
    let epsilon = cellSize * 1e-6
    let margin = toleranceUW * 1.01 + epsilon
    self.toleranceRows = Int((margin / cellSize).rounded(.up))

    func row(_ w: Double) -> Int { min(max(Int(((w - w0) * (1 / cellSize)).rounded(.down)), 0), nw - 1) }
    func column(_ u: Double) -> Int { min(max(Int(((u - u0) * (1 / cellSize)).rounded(.down)), 0), nu - 1) }

    // 3. Edges bucketed by the row bands they overlap (counting sort keeps area order).
    var rowCounts = [UInt32](repeating: 0, count: nw + 1)
    for e in rawEdges {
      for j in row(e.lw - epsilon)...row(e.hw + epsilon) { rowCounts[j + 1] += 1 }
    }
    for j in 0..<nw { rowCounts[j + 1] += rowCounts[j] }
    var fill = rowCounts
    var edges = [Edge](repeating: Edge(lx: 0, ly: 0, hx: 0, hy: 0), count: Int(rowCounts[nw]))
    var edgeArea = [UInt32](repeating: 0, count: edges.count)
    for (n, e) in rawEdges.enumerated() {
      for j in row(e.lw - epsilon)...row(e.hw + epsilon) {
        edges[Int(fill[j])] = e
        edgeArea[Int(fill[j])] = rawArea[n]
        fill[j] += 1
      }
    }
    var rowStart = [UInt32](repeating: 0, count: nw + 1)
    var rowSlices: [Slice] = []
    for j in 0..<nw {
      rowStart[j] = UInt32(rowSlices.count)
      var n = Int(rowCounts[j])
      let end = Int(rowCounts[j + 1])
      while n < end {
        let area = edgeArea[n]
        var m = n
        while m < end, edgeArea[m] == area { m += 1 }
        rowSlices.append(Slice(area: area, start: UInt32(n), count: UInt32(m - n)))
        n = m
      }
    }
    rowStart[nw] = UInt32(rowSlices.count)

    // 4. Boundary cells: every cell an edge passes within `margin` of, as (cell, area) keys.
    var marks: [UInt64] = []
    marks.reserveCapacity(rawEdges.count * 4)
    for (n, e) in rawEdges.enumerated() {
      let area = UInt64(rawArea[n])
      for j in row(e.lw - margin)...row(e.hw + margin) {
        let bandLow = w0 + Double(j) * cellSize - margin
        let bandHigh = w0 + Double(j + 1) * cellSize + margin
        let low = max(e.lw, bandLow)
        let high = min(e.hw, bandHigh)
        guard low <= high else { continue }
        var uA: Double
        var uB: Double
        if e.hw > e.lw {
          let slope = (e.hu - e.lu) / (e.hw - e.lw)
          uA = e.lu + (low - e.lw) * slope
          uB = e.lu + (high - e.lw) * slope
        } else {
          uA = e.lu
          uB = e.hu
        }
        if uA > uB { swap(&uA, &uB) }
        let base = UInt64(j * nu)
        for i in column(uA - margin)...column(uB + margin) {
          marks.append((base + UInt64(i)) << 24 | area)
        }
      }
    }
    marks.sort()

    // 5. Sweep each row: classify cell centres by parity, assemble boundary cells.
    var cells = [UInt32](repeating: 0, count: nu * nw)
    var boundaryStart: [UInt32] = [0]
    var candidates: [Slice] = []
    var parity = [Bool](repeating: false, count: layer.areas.count)
    var markIndex = 0
    var crossings: [(u: Double, area: UInt32)] = []
    for j in 0..<nw {
      let wc = w0 + (Double(j) + 0.5) * cellSize
      crossings.removeAll(keepingCapacity: true)
      for n in Int(rowCounts[j])..<Int(rowCounts[j + 1]) {
        let e = edges[n]
        if e.lw < wc && wc <= e.hw {
          crossings.append((e.lu + (wc - e.lw) * (e.hu - e.lu) / (e.hw - e.lw), edgeArea[n]))
        }
      }
      crossings.sort { $0.u < $1.u }
      for a in parity.indices { parity[a] = false }
      var oddCount = 0
      var oddXor: UInt32 = 0
      var next = 0
      let rowSliceRange = Int(rowStart[j])..<Int(rowStart[j + 1])
      func slice(for area: UInt32) -> Slice {
        var lo = rowSliceRange.lowerBound
        var hi = rowSliceRange.upperBound
        while lo < hi {
          let mid = (lo + hi) / 2
          if rowSlices[mid].area < area { lo = mid + 1 } else { hi = mid }
        }
        if lo < rowSliceRange.upperBound, rowSlices[lo].area == area { return rowSlices[lo] }
        return Slice(area: area, start: 0, count: 0)
      }
      for i in 0..<nu {
        let uc = u0 + (Double(i) + 0.5) * cellSize
        while next < crossings.count, crossings[next].u < uc {
          let a = Int(crossings[next].area)
          parity[a].toggle()
          oddCount += parity[a] ? 1 : -1
          oddXor ^= UInt32(a + 1)
          next += 1
        }
        let cellIndex = UInt64(j * nu + i)
        var cellAreas: [UInt32] = []
        while markIndex < marks.count, marks[markIndex] >> 24 == cellIndex {
          let area = UInt32(truncatingIfNeeded: marks[markIndex] & 0xFF_FFFF)
          if cellAreas.last != area { cellAreas.append(area) }
          markIndex += 1
        }
        if cellAreas.isEmpty && oddCount <= 1 {
          cells[Int(cellIndex)] = oddCount == 0 ? 0 : oddXor
          continue
        }
        if oddCount > 0 {
          for a in parity.indices where parity[a] && !cellAreas.contains(UInt32(a)) { cellAreas.append(UInt32(a)) }
          cellAreas.sort()
        }
        cells[Int(cellIndex)] = Self.boundaryFlag | UInt32(boundaryStart.count - 1)
        for area in cellAreas { candidates.append(slice(for: area)) }
        boundaryStart.append(UInt32(candidates.count))
      }
    }
    self.cells = Self.frozen(cells)
    self.boundaryStart = Self.frozen(boundaryStart)
    self.candidates = Self.frozen(candidates)
    self.edges = Self.frozen(edges)
    self.rowStart = Self.frozen(rowStart)
    self.rowSlices = Self.frozen(rowSlices)
  }

  deinit {
    cells.deallocate()
    boundaryStart.deallocate()
    candidates.deallocate()
    edges.deallocate()
    rowStart.deallocate()
    rowSlices.deallocate()
  }

  private static func frozen<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
    let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
    _ = buffer.initialize(from: array)
    return UnsafeBufferPointer(rebasing: buffer[0..<array.count])
  }

  /// How many grid cells need the exact test (a measure of the index's selectivity).
  public var boundaryCellCount: Int { boundaryStart.count - 1 }
  public var gridSize: (columns: Int, rows: Int) { (nu, nw) }

  /// The area of one WGS 84 position under the index's rule.
  ///
  /// - Complexity: O(1) for points in interior cells; O(s) for s edges in the candidate
  ///   slices of a boundary cell.
  public func locate(lon: Double, lat: Double) -> PointLocation {
    locate(x: lon, y: lat, exactOnly: false)
  }

  /// Locates many positions at once (`locations[i]` for `(lons[i], lats[i])`); NaN positions
  /// are outside.
  public func locate(lons: [Double], lats: [Double], into locations: inout [PointLocation]) {
    precondition(lons.count == lats.count, "lons and lats must have the same length")
    locations.removeAll(keepingCapacity: true)
    locations.reserveCapacity(lons.count)
    for i in lons.indices {
      locations.append(locate(x: lons[i], y: lats[i], exactOnly: false))
    }
  }

  func locate(x: Double, y: Double, exactOnly: Bool) -> PointLocation {
    let fi = (x - y - u0) * inverseCellSize
    let fj = (x + y - w0) * inverseCellSize
    guard fi >= 0, fj >= 0, fi < Double(nu), fj < Double(nw) else { return .outside }
    let j = Int(fj)
    let code = cells[j * nu + Int(fi)]
    if code & Self.boundaryFlag == 0 { return PointLocation(area: Int32(bitPattern: code) - 1, kind: .plain) }
    let cell = Int(code & ~Self.boundaryFlag)
    let exact = exactLocate(x: x, y: y, cell: cell)
    guard !exactOnly, case .southEast(let toleranceFeet) = rule, toleranceFeet > 0 else { return exact }
    return toleranceLocate(x: x, y: y, row: j, cell: cell, toleranceFeet: toleranceFeet) ?? exact
  }

  /// The exact test of a point against the candidate areas of boundary cell `cell`.
  func exactLocate(x px: Double, y py: Double, cell: Int) -> PointLocation {
    var inside: Int32 = -1
    var insideCount = 0
    var firstOn: Int32 = -1
    var firstCovering: Int32 = -1
    for c in Int(boundaryStart[cell])..<Int(boundaryStart[cell + 1]) {
      let slice = candidates[c]
      var odd = false
      var on = false
      var n = Int(slice.start)
      let end = n + Int(slice.count)
      while n < end {
        let e = edges[n]
        n += 1
        // Signs of w(vertex) − w(p) from exact coordinate differences.
        let wl = (e.lx - px) + (e.ly - py)
        let wh = (e.hx - px) + (e.hy - py)
        if wl < 0 && wh >= 0 {
          let orientation = (e.hx - e.lx) * (py - e.ly) - (e.hy - e.ly) * (px - e.lx)
          if orientation > 0 { odd.toggle() } else if orientation == 0 { on = true }
        } else if wl == 0 {
          if wh == 0 {
            // The edge lies on the ray's line: p is on it if between its ends.
            if min(e.lx, e.hx) <= px && px <= max(e.lx, e.hx) { on = true }
          } else if e.lx == px && e.ly == py {
            on = true
          }
        }
      }
      let area = Int32(slice.area)
      if odd {
        if inside < 0 { inside = area }
        insideCount += 1
      }
      if on && firstOn < 0 { firstOn = area }
      if (odd || on) && firstCovering < 0 { firstCovering = area }
    }
    switch rule {
    case .none:
      if firstOn >= 0 { return PointLocation(area: firstCovering, kind: .onBoundary) }
    case .southEast:
      if insideCount == 1 { return PointLocation(area: inside, kind: firstOn >= 0 ? .onBoundary : .plain) }
      if insideCount == 0 && firstOn >= 0 { return PointLocation(area: firstOn, kind: .onBoundary) }
    }
    if insideCount > 1 { return PointLocation(area: inside, kind: .overlap) }
    return PointLocation(area: inside, kind: .plain)
  }

}

extension PolygonIndex {
  /// Radii of curvature of the GRS 80 ellipsoid, in US survey feet per degree, at a latitude:
  /// (east-west along the parallel, north-south along the meridian).
  static func feetPerDegree(latitude: Double) -> (east: Double, north: Double) {
    let a = 6_378_137.0
    let e2 = 0.006_694_380_022_90
    let phi = latitude * .pi / 180
    let s = sin(phi)
    let d = 1 - e2 * s * s
    let primeVertical = a / d.squareRoot()
    let meridional = a * (1 - e2) / (d * d.squareRoot())
    let metresPerFoot = 1200.0 / 3937.0
    let radian = Double.pi / 180
    return (primeVertical * cos(phi) * radian / metresPerFoot, meridional * radian / metresPerFoot)
  }

  /// A distance in feet as an upper bound on the length of its (u, w) components, for grid
  /// margins: |Δu|, |Δw| ≤ |Δlon| + |Δlat|. `latitude` should be the northernmost, where a
  /// degree of longitude is shortest.
  static func uwUnits(feet: Double, latitude: Double) -> Double {
    guard feet > 0 else { return 0 }
    let scale = feetPerDegree(latitude: latitude)
    return feet * (1 / scale.east + 1 / scale.north) * 1.01
  }

  /// Under a tolerance: if the nearest boundary is within `toleranceFeet`, treat the point as on
  /// it and apply the rule at the nearest boundary point. Nil when no boundary is that close.
  func toleranceLocate(x px: Double, y py: Double, row: Int, cell: Int, toleranceFeet: Double) -> PointLocation? {
    // Local feet east and north of p (GRS 80 radii at p's latitude; exact to ~1e-6 at these distances).
    let scale = Self.feetPerDegree(latitude: py)
    let ex = scale.east
    let ey = scale.north
    var best = toleranceFeet * toleranceFeet
    var found = false
    var qx = 0.0
    var qy = 0.0  // nearest boundary point, feet from p
    var ax = 0.0
    var ay = 0.0  // direction of the nearest edge, feet
    let firstRow = max(row - toleranceRows, 0)
    let lastRow = min(row + toleranceRows, nw - 1)
    for c in Int(boundaryStart[cell])..<Int(boundaryStart[cell + 1]) {
      let area = candidates[c].area
      for j in firstRow...lastRow {
        guard let slice = rowSlice(row: j, area: area) else { continue }
        for n in Int(slice.start)..<Int(slice.start + slice.count) {
          let e = edges[n]
          let x1 = (e.lx - px) * ex
          let y1 = (e.ly - py) * ey
          let dx = (e.hx - e.lx) * ex
          let dy = (e.hy - e.ly) * ey
          let length2 = dx * dx + dy * dy
          let t = length2 > 0 ? min(max(-(x1 * dx + y1 * dy) / length2, 0), 1) : 0
          let cx = x1 + t * dx
          let cy = y1 + t * dy
          let d2 = cx * cx + cy * cy
          if d2 <= best {
            best = d2
            found = true
            qx = cx
            qy = cy
            ax = dx
            ay = dy
          }
        }
      }
    }
    guard found else { return nil }
    // Step 0.01 ft from the boundary point toward the south-east as the exact rule does
    // (direction (1, −1) in degrees, tilted slightly toward its south-west tie-break).
    let direction = (x: ex * (1 - 0.001), y: ey * (-1 - 0.001))
    let norm = (direction.x * direction.x + direction.y * direction.y).squareRoot()
    var sx = direction.x / norm * 0.01
    var sy = direction.y / norm * 0.01
    // A step almost along the edge would not leave it: step across it, on the rule's side.
    let length = (ax * ax + ay * ay).squareRoot()
    if abs(ax * sy - ay * sx) < 1e-3 * 0.01 * length {
      (sx, sy) = (-ay / length * 0.01, ax / length * 0.01)
      if sx * direction.x + sy * direction.y < 0 { (sx, sy) = (-sx, -sy) }
    }
    func located(_ dx: Double, _ dy: Double) -> PointLocation {
      locate(x: px + dx / ex, y: py + dy / ey, exactOnly: true)
    }
    let southEast = located(qx + sx, qy + sy)
    if !southEast.isOutside { return PointLocation(area: southEast.area, kind: .withinTolerance) }
    let northWest = located(qx - sx, qy - sy)
    if !northWest.isOutside { return PointLocation(area: northWest.area, kind: .withinTolerance) }
    return nil
  }

  func rowSlice(row j: Int, area: UInt32) -> Slice? {
    var lo = Int(rowStart[j])
    var hi = Int(rowStart[j + 1])
    let end = hi
    while lo < hi {
      let mid = (lo + hi) / 2
      if rowSlices[mid].area < area { lo = mid + 1 } else { hi = mid }
    }
    return lo < end && rowSlices[lo].area == area ? rowSlices[lo] : nil
  }
}
