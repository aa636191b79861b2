import AtlasGeometry
internal import CCairo
import Foundation

/// Lon/lat → page points for a map box: a local equirectangular projection centred on the
/// view, with the east–west axis scaled so that both axes have the same ground distance per
/// point at the centre latitude φ₀:
///
///     x = x₀ + s · k · (λ − λ₀),   y = y₀ − s · (φ − φ₀),   k = N(φ₀) cos φ₀ / M(φ₀)
///
/// with M and N the meridional and prime-vertical radii of curvature of the WGS 84 ellipsoid.
/// Over a city (±0.2°) scale errors stay below 0.1%.
struct MapProjection {
  static let semiMajorMetres = 6_378_137.0
  static let eccentricitySquared = 0.006_694_379_990_14
  static let metresPerMile = 1_609.344

  let centerLon, centerLat, k, scale, originX, originY: Double
  /// Metres per degree of latitude at φ₀.
  let metresPerDegree: Double

  /// Fits `view` into the box (keeping its aspect ratio, centred).
  init(view: Envelope, x: Double, y: Double, width: Double, height: Double) {
    centerLon = (view.minX + view.maxX) / 2
    centerLat = (view.minY + view.maxY) / 2
    let phi = centerLat * .pi / 180
    let w = 1 - Self.eccentricitySquared * sin(phi) * sin(phi)
    let m = Self.semiMajorMetres * (1 - Self.eccentricitySquared) / pow(w, 1.5)
    let n = Self.semiMajorMetres / w.squareRoot()
    k = n * cos(phi) / m
    metresPerDegree = m * .pi / 180
    let spanX = max((view.maxX - view.minX) * k, 1e-9)
    let spanY = max(view.maxY - view.minY, 1e-9)
    scale = min(width / spanX, height / spanY)
    originX = x + width / 2
    originY = y + height / 2
  }

  func project(_ p: Position<WGS84LonLat>) -> (x: Double, y: Double) {
    (originX + scale * k * (p.x - centerLon), originY - scale * (p.y - centerLat))
  }

  /// Page points per mile on the ground.
  var pointsPerMile: Double { scale / metresPerDegree * Self.metresPerMile }
}

/// Douglas–Peucker simplification of a polyline in page points: keeps the end points and every
/// vertex farther than `tolerance` from the chord of the part it splits.
///
/// Reference: D. Douglas & T. Peucker (1973), Cartographica 10(2):112–122.
/// - Complexity: O(n log n) typical, O(n²) worst case.
func simplify(_ points: [(x: Double, y: Double)], tolerance: Double) -> [(x: Double, y: Double)] {
  guard points.count > 2 else { return points }
  var keep = [Bool](repeating: false, count: points.count)
  keep[0] = true
  keep[points.count - 1] = true
  var stack = [(0, points.count - 1)]
  let t2 = tolerance * tolerance
  while let (first, last) = stack.popLast() {
    guard last > first + 1 else { continue }
    let a = points[first]
    let b = points[last]
    let dx = b.x - a.x
    let dy = b.y - a.y
    let length2 = dx * dx + dy * dy
    var farthest = -1.0
    var index = first
    for i in (first + 1)..<last {
      let p = points[i]
      let d2: Double
      if length2 == 0 {
        d2 = (p.x - a.x) * (p.x - a.x) + (p.y - a.y) * (p.y - a.y)
      } else {
        let cross = dx * (p.y - a.y) - dy * (p.x - a.x)
        d2 = cross * cross / length2
      }
      if d2 > farthest {
        farthest = d2
        index = i
      }
    }
    if farthest > t2 {
      keep[index] = true
      stack.append((first, index))
      stack.append((index, last))
    }
  }
  return points.indices.filter { keep[$0] }.map { points[$0] }
}

extension Canvas {
  /// Simplification tolerance for outlines, in points: far below what a reader sees.
  static let outlineTolerance = 0.15

  /// Adds a polygon's rings (simplified in page space) to the current path; rings smaller than
  /// a fifth of a point are left out.
  func addPath(_ polygon: Polygon<WGS84LonLat>, _ projection: MapProjection) {
    for ring in polygon.rings {
      let projected = ring.positions.map { projection.project($0) }
      var minX = Double.infinity
      var maxX = -Double.infinity
      var minY = Double.infinity
      var maxY = -Double.infinity
      for p in projected {
        minX = min(minX, p.x)
        maxX = max(maxX, p.x)
        minY = min(minY, p.y)
        maxY = max(maxY, p.y)
      }
      guard maxX - minX > 0.2 || maxY - minY > 0.2 else { continue }
      let points = simplify(projected, tolerance: Canvas.outlineTolerance)
      guard points.count >= 3 else { continue }
      cairo_move_to(cr, points[0].x, points[0].y)
      for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
      cairo_close_path(cr)
    }
  }

  /// Draws a map figure in the rectangle: title, the map with north arrow and scale bar, the
  /// legend and the caption.
  func drawMap(_ map: MapFigure, x: Double, y: Double, width: Double, height: Double) {
    let titleStyle = TextStyle(bold: true, size: 9.5)
    let captionStyle = TextStyle(size: 8, color: .muted)
    var top = y
    top += draw(map.title, titleStyle, x: x, y: top, width: width) + 3
    let captionHeight = map.caption.isEmpty ? 0 : measure(map.caption, captionStyle, width: width).height
    let legendHeight = drawLegend(title: map.legendTitle, map.legend, x: x, y: 0, width: width, draw: false)
    let boxHeight = max(20, y + height - top - legendHeight - captionHeight - 8)
    let projection = MapProjection(view: map.view, x: x + 2, y: top + 2, width: width - 4, height: boxHeight - 4)
    clipped(x: x, y: top, width: width, height: boxHeight) {
      fillRect(x: x, y: top, width: width, height: boxHeight, Color(hex: 0xFBFBF8))
      cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD)
      cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
      for shape in map.shapes {
        cairo_new_path(cr)
        for polygon in shape.polygons { addPath(polygon, projection) }
        if let fill = shape.fill {
          setColor(fill)
          shape.stroke == nil ? cairo_fill(cr) : cairo_fill_preserve(cr)
        }
        if let stroke = shape.stroke {
          setColor(stroke)
          cairo_set_line_width(cr, shape.lineWidth)
          cairo_stroke(cr)
        }
        cairo_new_path(cr)
      }
      for point in map.points {
        let p = projection.project(point.position)
        circle(x: p.x, y: p.y, radius: point.radius, fill: point.color, stroke: .white, lineWidth: point.radius * 0.35)
      }
      for label in map.labels {
        let p = projection.project(label.position)
        drawHaloed(label.text, TextStyle(bold: label.bold, size: label.size), centerX: p.x, centerY: p.y)
      }
      drawNorthArrow(x: x + width - 16, y: top + 6)
      drawScaleBar(projection, x: x + 6, y: top + boxHeight - 14, maxWidth: width * 0.3)
    }
    strokeRect(x: x, y: top, width: width, height: boxHeight, .rule, lineWidth: 0.5)
    top += boxHeight + 4
    top += drawLegend(title: map.legendTitle, map.legend, x: x, y: top, width: width, draw: true)
    if !map.caption.isEmpty { draw(map.caption, captionStyle, x: x, y: top + 2, width: width) }
  }

  /// An arrow pointing up with an N above it, 10 points wide.
  func drawNorthArrow(x: Double, y: Double) {
    let style = TextStyle(bold: true, size: 8.5)
    drawHaloed("N", style, centerX: x + 5, centerY: y + 4)
    cairo_move_to(cr, x + 5, y + 9)
    cairo_line_to(cr, x + 9, y + 22)
    cairo_line_to(cr, x + 5, y + 19)
    cairo_line_to(cr, x + 1, y + 22)
    cairo_close_path(cr)
    setColor(.text)
    cairo_fill_preserve(cr)
    setColor(.white)
    cairo_set_line_width(cr, 0.5)
    cairo_stroke(cr)
  }

  /// A scale bar of a round number of miles (¼, ½, 1, 2, 5, 10) no wider than `maxWidth`,
  /// labelled 0 and its length.
  func drawScaleBar(_ projection: MapProjection, x: Double, y: Double, maxWidth: Double) {
    let perMile = projection.pointsPerMile
    guard perMile > 0 else { return }
    let miles = [10.0, 5, 2, 1, 0.5, 0.25].first { $0 * perMile <= maxWidth } ?? 0.25
    let length = miles * perMile
    let style = TextStyle(size: 7)
    let label = miles == 0.25 ? "¼ mi" : miles == 0.5 ? "½ mi" : Format.decimal(miles, digits: 0) + " mi"
    let labelWidth = measure(label, style, width: nil).width
    fillRect(x: x - 3, y: y - 10, width: length + labelWidth / 2 + 8, height: 15, .white)
    fillRect(x: x, y: y, width: length / 2, height: 3, .text)
    fillRect(x: x + length / 2, y: y, width: length / 2, height: 3, .white)
    strokeRect(x: x, y: y, width: length, height: 3, .text, lineWidth: 0.4)
    draw("0", style, x: x - 2, y: y - 9.5, width: nil)
    draw(label, style, x: x + length - labelWidth / 2, y: y - 9.5, width: nil)
  }

  /// Legend entries flowed in rows; returns the height used (draws only when `draw`).
  func drawLegend(title: String, _ items: [LegendItem], x: Double, y: Double, width: Double, draw: Bool) -> Double {
    guard !items.isEmpty else { return 0 }
    let style = TextStyle(size: 8)
    let symbol = 7.0
    var cx = x
    var cy = y
    let lineHeight = 9.5
    if !title.isEmpty {
      let size = measure(title, TextStyle(bold: true, size: 8), width: width)
      if draw { self.draw(title, TextStyle(bold: true, size: 8), x: x, y: y, width: width) }
      if size.height > lineHeight * 1.5 || size.width > width * 0.6 {
        cy += size.height + 1
      } else {
        cx += size.width + 6
      }
    }
    for item in items {
      let labelWidth = min(measure(item.label, style, width: nil).width, width - symbol - 3)
      let itemWidth = symbol + 3 + labelWidth + 8
      if cx + itemWidth - 8 > x + width, cx > x {
        cx = x
        cy += lineHeight
      }
      if draw {
        legendSymbol(item.symbol, x: cx, y: cy + 1, size: symbol)
        self.draw(item.label, style, x: cx + symbol + 3, y: cy, width: labelWidth + 1)
      }
      cx += itemWidth
    }
    return cy - y + lineHeight
  }
}
