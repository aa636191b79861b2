internal import CCairo
import Foundation

/// A text style: font family, weight, size and colour.
struct TextStyle: Hashable {
  enum Family: String {
    case sans = "DejaVu Sans"
    case mono = "DejaVu Sans Mono"
  }
  var family: Family = .sans
  var bold = false
  var size: Double
  var color: Color = .text

  var fontSpec: String { family.rawValue + (bold ? " Bold" : "") + " " + Format.decimal(size, digits: 2) }
}

/// One PDF being drawn: the surface, its context, a text layout and the fonts, with the
/// drawing primitives the report parts use. Coordinates are points from the page's top left.
final class Canvas {
  static let pageWidth = 612.0
  static let pageHeight = 792.0

  let surface: PDFSurface
  let context: DrawingContext
  let text: TextLayout
  private var fonts: [String: FontDescription] = [:]
  var cr: OpaquePointer { context.handle }

  init(path: String, document: Document, creationDate: String) throws {
    surface = try PDFSurface(
      path: path, width: Canvas.pageWidth, height: Canvas.pageHeight, creationDate: creationDate, title: document.title,
      subject: document.subject, creator: "equity-atlas (cairo \(cairoVersion), pango \(String(cString: pango_version_string())))")
    context = try DrawingContext(surface)
    text = TextLayout(context)
  }

  func font(_ style: TextStyle) -> FontDescription {
    let spec = style.fontSpec
    if let font = fonts[spec] { return font }
    let font = FontDescription(spec)
    fonts[spec] = font
    return font
  }

  // MARK: Text

  /// Pango markup for runs, each escaped.
  static func markup(_ runs: [TextRun]) -> String {
    runs.map { run in
      let escaped = escape(run.text)
      switch run.style {
      case .regular: return escaped
      case .bold: return "<b>" + escaped + "</b>"
      }
    }.joined()
  }

  static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(c)
      }
    }
    return out
  }

  /// Height (and width) of wrapped text.
  func measure(markup: String, _ style: TextStyle, width: Double?) -> (width: Double, height: Double) {
    text.set(markup: markup, font: font(style), width: width, alignment: .leading)
    return text.size
  }

  func measure(_ plain: String, _ style: TextStyle, width: Double?) -> (width: Double, height: Double) {
    measure(markup: Canvas.escape(plain), style, width: width)
  }

  /// Draws wrapped text with its top-left at (x, y); returns its height.
  @discardableResult
  func draw(markup: String, _ style: TextStyle, x: Double, y: Double, width: Double?, alignment: TextAlignment = .leading) -> Double {
    text.set(markup: markup, font: font(style), width: width, alignment: alignment)
    setColor(style.color)
    text.show(x: x, y: y)
    return text.size.height
  }

  @discardableResult
  func draw(_ plain: String, _ style: TextStyle, x: Double, y: Double, width: Double?, alignment: TextAlignment = .leading) -> Double {
    draw(markup: Canvas.escape(plain), style, x: x, y: y, width: width, alignment: alignment)
  }

  /// One line centred on (x, y) with a white halo, for map labels.
  func drawHaloed(_ plain: String, _ style: TextStyle, centerX x: Double, centerY y: Double) {
    text.set(markup: Canvas.escape(plain), font: font(style), width: nil, alignment: .leading)
    let size = text.size
    cairo_save(cr)
    text.path(x: x - size.width / 2, y: y - size.height / 2)
    setColor(.white)
    cairo_set_line_width(cr, 1.6)
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
    cairo_stroke(cr)
    cairo_restore(cr)
    setColor(style.color)
    text.show(x: x - size.width / 2, y: y - size.height / 2)
  }

  // MARK: Shapes

  func setColor(_ color: Color, alpha: Double = 1) {
    if alpha >= 1 {
      cairo_set_source_rgb(cr, color.red, color.green, color.blue)
    } else {
      cairo_set_source_rgba(cr, color.red, color.green, color.blue, alpha)
    }
  }

  func fillRect(x: Double, y: Double, width: Double, height: Double, _ color: Color) {
    cairo_rectangle(cr, x, y, width, height)
    setColor(color)
    cairo_fill(cr)
  }

  func strokeRect(x: Double, y: Double, width: Double, height: Double, _ color: Color, lineWidth: Double) {
    cairo_rectangle(cr, x, y, width, height)
    setColor(color)
    cairo_set_line_width(cr, lineWidth)
    cairo_stroke(cr)
  }

  func line(x0: Double, y0: Double, x1: Double, y1: Double, _ color: Color, width: Double, dash: [Double] = []) {
    cairo_move_to(cr, x0, y0)
    cairo_line_to(cr, x1, y1)
    setColor(color)
    cairo_set_line_width(cr, width)
    dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
    cairo_stroke(cr)
    cairo_set_dash(cr, nil, 0, 0)
  }

  func circle(x: Double, y: Double, radius: Double, fill: Color, alpha: Double = 1, stroke: Color? = nil, lineWidth: Double = 0.4) {
    cairo_new_sub_path(cr)
    cairo_arc(cr, x, y, radius, 0, 2 * Double.pi)
    setColor(fill, alpha: alpha)
    if let stroke {
      cairo_fill_preserve(cr)
      setColor(stroke)
      cairo_set_line_width(cr, lineWidth)
      cairo_stroke(cr)
    } else {
      cairo_fill(cr)
    }
  }

  /// A legend symbol in a `size`-point square at (x, y).
  func legendSymbol(_ symbol: LegendItem.Symbol, x: Double, y: Double, size: Double) {
    switch symbol {
    case .swatch(let color):
      fillRect(x: x, y: y, width: size, height: size, color)
      strokeRect(x: x, y: y, width: size, height: size, .muted, lineWidth: 0.3)
    case .point(let color):
      circle(x: x + size / 2, y: y + size / 2, radius: size / 3, fill: color, stroke: .white, lineWidth: 0.3)
    case .line(let color, let width):
      line(x0: x, y0: y + size / 2, x1: x + size, y1: y + size / 2, color, width: width)
    }
  }

  /// Clips drawing inside `body` to a rectangle.
  func clipped(x: Double, y: Double, width: Double, height: Double, _ body: () -> Void) {
    cairo_save(cr)
    cairo_rectangle(cr, x, y, width, height)
    cairo_clip(cr)
    body()
    cairo_restore(cr)
  }

  func showPage() throws {
    cairo_show_page(cr)
    try context.status("cairo_show_page")
  }

  func finish() throws {
    try context.status("drawing")
    try surface.finish()
  }
}
