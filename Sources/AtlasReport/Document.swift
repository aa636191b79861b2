import AtlasGeometry

/// An sRGB colour, components 0…1.
public struct Color: Hashable, Sendable {
  public var red, green, blue: Double

  public init(red: Double, green: Double, blue: Double) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  /// From `0xRRGGBB`.
  public init(hex: UInt32) {
    self.init(red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255, blue: Double(hex & 0xFF) / 255)
  }

  public static let black = Color(hex: 0x000000)
  public static let white = Color(hex: 0xFFFFFF)
  public static let text = Color(hex: 0x1A1A1A)
  public static let muted = Color(hex: 0x5F5F5F)
  public static let rule = Color(hex: 0xBDBDBD)
  public static let stripe = Color(hex: 0xF2F2F2)
  public static let noData = Color(hex: 0xD9D9D9)
  public static let highlight = Color(hex: 0x2166AC)
  public static let alert = Color(hex: 0xB2182B)
  public static let alertBackground = Color(hex: 0xFDE8E6)
}

/// A run of text with one style; paragraphs are sequences of runs.
public struct TextRun: Hashable, Sendable {
  public enum Style: Hashable, Sendable { case regular, bold }
  public var text: String
  public var style: Style

  public init(_ text: String, _ style: Style = .regular) {
    self.text = text
    self.style = style
  }
}

/// One table cell.
public struct Cell: Hashable, Sendable {
  public var text: String
  public var bold: Bool
  public var color: Color?

  public init(_ text: String, bold: Bool = false, color: Color? = nil) {
    self.text = text
    self.bold = bold
    self.color = color
  }
}

/// A table: column titles and relative widths, then rows; long tables continue on the next
/// page with the header repeated.
public struct Table: Hashable, Sendable {
  public struct Column: Hashable, Sendable {
    public enum Alignment: Hashable, Sendable { case leading, trailing, center }
    public var title: String
    /// Share of the table's width (normalised over the columns).
    public var width: Double
    public var alignment: Alignment

    public init(_ title: String, width: Double, _ alignment: Alignment = .trailing) {
      self.title = title
      self.width = width
      self.alignment = alignment
    }
  }

  public enum Row: Hashable, Sendable {
    case cells([Cell])
    /// A label spanning the whole width, starting a group of rows.
    case section(String)
  }

  public var columns: [Column]
  public var rows: [Row]
  /// Font size in points.
  public var fontSize: Double
  public var monospaceColumns: Set<Int>

  public init(columns: [Column], rows: [Row], fontSize: Double = 8.5, monospaceColumns: Set<Int> = []) {
    self.columns = columns
    self.rows = rows
    self.fontSize = fontSize
    self.monospaceColumns = monospaceColumns
  }
}

/// A shape drawn on a map: polygons with a fill and/or an outline.
public struct MapShape: Hashable, Sendable {
  public var polygons: [Polygon<WGS84LonLat>]
  public var fill: Color?
  public var stroke: Color?
  public var lineWidth: Double

  public init(_ polygons: [Polygon<WGS84LonLat>], fill: Color? = nil, stroke: Color? = nil, lineWidth: Double = 0.4) {
    self.polygons = polygons
    self.fill = fill
    self.stroke = stroke
    self.lineWidth = lineWidth
  }
}

/// A point symbol drawn on a map.
public struct MapPoint: Hashable, Sendable {
  public var position: Position<WGS84LonLat>
  public var color: Color
  /// Radius in points.
  public var radius: Double

  public init(_ position: Position<WGS84LonLat>, color: Color, radius: Double) {
    self.position = position
    self.color = color
    self.radius = radius
  }
}

/// A text label placed on a map, centred on its position, drawn with a white halo.
public struct MapLabel: Hashable, Sendable {
  public var position: Position<WGS84LonLat>
  public var text: String
  public var size: Double
  public var bold: Bool

  public init(_ position: Position<WGS84LonLat>, _ text: String, size: Double = 6.5, bold: Bool = false) {
    self.position = position
    self.text = text
    self.size = size
    self.bold = bold
  }
}

/// One entry of a map or chart legend.
public struct LegendItem: Hashable, Sendable {
  public enum Symbol: Hashable, Sendable {
    case swatch(Color)
    case point(Color)
    case line(Color, width: Double)
  }

  public var symbol: Symbol
  public var label: String

  public init(_ symbol: Symbol, _ label: String) {
    self.symbol = symbol
    self.label = label
  }
}

/// A map: shapes (drawn in order), points and labels over a lon/lat view, with a north arrow,
/// a scale bar and a legend. Drawn in a local equirectangular projection centred on the view
/// (x scaled by cos φ₀), which keeps distances within 0.1% over a city.
public struct MapFigure: Hashable, Sendable {
  public var title: String
  /// The part of the world shown (lon/lat); widened to the figure's aspect ratio.
  public var view: Envelope
  public var shapes: [MapShape]
  public var points: [MapPoint]
  public var labels: [MapLabel]
  public var legendTitle: String
  public var legend: [LegendItem]
  public var caption: String

  public init(
    title: String, view: Envelope, shapes: [MapShape], points: [MapPoint] = [], labels: [MapLabel] = [],
    legendTitle: String = "", legend: [LegendItem] = [], caption: String = ""
  ) {
    self.title = title
    self.view = view
    self.shapes = shapes
    self.points = points
    self.labels = labels
    self.legendTitle = legendTitle
    self.legend = legend
    self.caption = caption
  }
}

/// A strip chart: one row per category, every area's value as a small grey dot, one area's
/// value highlighted and a reference value (e.g. the rest of the city) as a tick.
public struct StripChart: Hashable, Sendable {
  public struct Row: Hashable, Sendable {
    public var label: String
    public var values: [Double]
    public var highlight: Double?
    public var reference: Double?

    public init(label: String, values: [Double], highlight: Double?, reference: Double?) {
      self.label = label
      self.values = values
      self.highlight = highlight
      self.reference = reference
    }
  }

  public var title: String
  public var axisLabel: String
  public var rows: [Row]
  public var legend: [LegendItem]
  public var caption: String

  public init(title: String, axisLabel: String, rows: [Row], legend: [LegendItem], caption: String) {
    self.title = title
    self.axisLabel = axisLabel
    self.rows = rows
    self.legend = legend
    self.caption = caption
  }
}

/// A ranked dot plot: one row per area (in the given order), a dot and an optional interval,
/// with an optional vertical reference line (e.g. a ratio of 1, or a change of 0 on a linear
/// axis).
public struct DotPlot: Hashable, Sendable {
  public struct Row: Hashable, Sendable {
    public var label: String
    public var value: Double
    public var low: Double?
    public var high: Double?
    public var color: Color

    public init(label: String, value: Double, low: Double?, high: Double?, color: Color) {
      self.label = label
      self.value = value
      self.low = low
      self.high = high
      self.color = color
    }
  }

  public var title: String
  public var axisLabel: String
  public var rows: [Row]
  public var reference: Double?
  public var legend: [LegendItem]
  public var caption: String
  /// A linear axis (for changes, which can be negative) instead of the logarithmic one (ratios).
  public var linear: Bool

  public init(
    title: String, axisLabel: String, rows: [Row], reference: Double?, legend: [LegendItem], caption: String, linear: Bool = false
  ) {
    self.title = title
    self.axisLabel = axisLabel
    self.rows = rows
    self.reference = reference
    self.legend = legend
    self.caption = caption
    self.linear = linear
  }
}

/// A figure with a fixed height that can sit beside others in a row.
public enum Figure: Hashable, Sendable {
  case map(MapFigure)
  case strip(StripChart)
  case dots(DotPlot)
}

/// One element of a report, laid out top to bottom; the renderer breaks pages between blocks
/// and between table rows.
public enum Block: Hashable, Sendable {
  /// The report's title and subtitle.
  case title(String, subtitle: String)
  /// A boxed warning in the alert colour (e.g. the synthetic-data notice).
  case banner(String, detail: String)
  case heading(String)
  case paragraph([TextRun])
  case bullets([[TextRun]])
  /// Small grey text (notes under tables, rules).
  case note(String)
  case table(Table)
  /// Figures side by side, sharing the width equally, each `height` points tall.
  case figures([Figure], height: Double)
  case pageBreak
}

/// A whole report: the blocks and what every page repeats.
public struct Document: Hashable, Sendable {
  /// PDF metadata title (and the first line of the running header).
  public var title: String
  public var subject: String
  /// Printed in the header of every page after the first.
  public var runningHeader: String
  /// Printed in the footer of every page; "SYNTHETIC DATA" when any input was synthetic.
  public var marker: String?
  public var blocks: [Block]

  public init(title: String, subject: String, runningHeader: String, marker: String?, blocks: [Block]) {
    self.title = title
    self.subject = subject
    self.runningHeader = runningHeader
    self.marker = marker
    self.blocks = blocks
  }
}
