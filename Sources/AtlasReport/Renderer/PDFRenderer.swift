import Foundation

/// Renders a `Document` to a vector PDF on US letter pages with cairo and pango.
///
/// Layout: blocks flow from the top of the first page; a block that does not fit starts a new
/// page, a heading never ends a page, and tables break between rows with their header repeated
/// (a section row is never left last on a page). Every page carries a running header with the
/// page number ("page 2 of 5") and a footer with the document's marker (the synthetic-data
/// notice). Text is shaped and wrapped by pango in the named fonts (DejaVu Sans, DejaVu Sans
/// Mono), so nothing runs past its column.
///
/// Output is byte-identical for the same document: the creation date is pinned (never the
/// clock), cairo names font subsets from their contents, and objects are written in drawing
/// order. The file is written beside its destination and renamed over it.
public struct PDFRenderer: Sendable {
  /// Stamped as the PDF's /CreationDate and /ModDate.
  public var creationDate: String

  public init(creationDate: String = PDFRenderer.defaultCreationDate) { self.creationDate = creationDate }

  /// `SOURCE_DATE_EPOCH` (reproducible-builds convention) when set, else the Unix epoch:
  /// reports carry no clock time.
  public static var defaultCreationDate: String {
    let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap { Int64($0) } ?? 0
    var t = time_t(epoch)
    var parts = tm()
    gmtime_r(&t, &parts)
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour),
      Int(parts.tm_min), Int(parts.tm_sec))
  }

  static let marginX = 44.0
  static let top = 50.0
  static let bottom = 740.0
  static let gap = 9.0
  static var contentWidth: Double { Canvas.pageWidth - 2 * marginX }

  /// - Throws: `ReportError` naming `path` and saying in words why it could not be written
  ///   (see `FileProblem`); the destination is then untouched and no temporary file is left.
  public func render(_ document: Document, to path: String) throws {
    let temporary = path + ".partial-" + UUID().uuidString
    do {
      let canvas = try Canvas(path: temporary, document: document, creationDate: creationDate)
      let pages = paginate(document, canvas)
      for (number, page) in pages.enumerated() {
        drawFrame(document, canvas, page: number + 1, of: pages.count)
        for placed in page { draw(placed.piece, canvas, y: placed.y) }
        try canvas.showPage()
      }
      try canvas.finish()
    } catch {
      // Diagnosed while the failed file still takes its space (a full disk shows as full).
      let diagnosed = FileProblem.diagnosedCode(near: temporary)
      try? FileManager.default.removeItem(atPath: temporary)
      throw FileProblem.writing(path, error, diagnosed: diagnosed)
    }
    guard rename(temporary, path) == 0 else {
      let code = errno
      try? FileManager.default.removeItem(atPath: temporary)
      throw FileProblem.writing(path, POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
    }
  }

  // MARK: Pagination

  enum Piece {
    case block(Block, height: Double)
    case tableRows(Table, TableMetrics, Range<Int>)
  }

  struct Placed {
    var piece: Piece
    var y: Double
  }

  func paginate(_ document: Document, _ canvas: Canvas) -> [[Placed]] {
    var pages: [[Placed]] = [[]]
    var y = Self.top
    func newPage() {
      if !pages[pages.count - 1].isEmpty { pages.append([]) }
      y = Self.top
    }
    // Bullet lists break between items: each item is placed on its own.
    let blocks = document.blocks.flatMap { block -> [Block] in
      if case .bullets(let items) = block { return items.map { .bullets([$0]) } }
      return [block]
    }
    for (k, block) in blocks.enumerated() {
      switch block {
      case .pageBreak:
        newPage()
      case .table(let table):
        let metrics = canvas.measure(table, width: Self.contentWidth)
        var start = 0
        while start < table.rows.count {
          var end = start
          var height = metrics.headerHeight
          while end < table.rows.count, y + height + metrics.rowHeights[end] <= Self.bottom {
            height += metrics.rowHeights[end]
            end += 1
          }
          if end < table.rows.count, end > start + 1, case .section = table.rows[end - 1] {
            end -= 1
            height -= metrics.rowHeights[end]
          }
          // Fewer than three rows at the foot of a page: start the table (or its rest) anew.
          if end - start < min(3, table.rows.count - start), y > Self.top {
            newPage()
            continue
          }
          if end == start {
            end = start + 1
            height += metrics.rowHeights[start]
          }
          pages[pages.count - 1].append(Placed(piece: .tableRows(table, metrics, start..<end), y: y))
          y += height + Self.gap
          start = end
          if start < table.rows.count { newPage() }
        }
      default:
        let height = measure(block, canvas)
        var needed = height
        if case .heading = block, k + 1 < blocks.count {
          needed += Self.gap + minimumHeight(blocks[k + 1], canvas)
        }
        if y + needed > Self.bottom, y > Self.top { newPage() }
        pages[pages.count - 1].append(Placed(piece: .block(block, height: height), y: y))
        y += height + Self.gap
      }
    }
    if pages.count > 1, pages[pages.count - 1].isEmpty { pages.removeLast() }
    return pages
  }

  /// The least height of a block that must follow a heading on the same page: a table's
  /// header and first rows, any other block whole (it cannot break).
  func minimumHeight(_ block: Block, _ canvas: Canvas) -> Double {
    if case .table(let table) = block {
      let metrics = canvas.measure(table, width: Self.contentWidth)
      return metrics.headerHeight + metrics.rowHeights.prefix(3).reduce(0, +)
    }
    if case .pageBreak = block { return 0 }
    return min(measure(block, canvas), Self.bottom - Self.top - 40)
  }

  // MARK: Blocks

  static let titleStyle = TextStyle(bold: true, size: 22)
  static let subtitleStyle = TextStyle(size: 11.5, color: .muted)
  static let headingStyle = TextStyle(bold: true, size: 14, color: Color(hex: 0x1F3A5F))
  static let bodyStyle = TextStyle(size: 10)
  static let noteStyle = TextStyle(size: 8.5, color: .muted)
  static let bannerStyle = TextStyle(bold: true, size: 13, color: .alert)
  static let bannerDetailStyle = TextStyle(size: 9.5, color: .text)
  static let bulletIndent = 11.0

  func measure(_ block: Block, _ canvas: Canvas) -> Double {
    let width = Self.contentWidth
    switch block {
    case .title(let title, let subtitle):
      return canvas.measure(title, Self.titleStyle, width: width).height + 3 + canvas.measure(subtitle, Self.subtitleStyle, width: width).height + 4
    case .banner(let text, let detail):
      return canvas.measure(text, Self.bannerStyle, width: width - 16).height + 3
        + canvas.measure(detail, Self.bannerDetailStyle, width: width - 16).height + 14
    case .heading(let text):
      return canvas.measure(text, Self.headingStyle, width: width).height + 5
    case .paragraph(let runs):
      return canvas.measure(markup: Canvas.markup(runs), Self.bodyStyle, width: width).height
    case .bullets(let items):
      return items.reduce(0) { $0 + canvas.measure(markup: Canvas.markup($1), Self.bodyStyle, width: width - Self.bulletIndent).height + 3 }
    case .note(let text):
      return canvas.measure(text, Self.noteStyle, width: width).height
    case .figures(_, let height):
      return height
    case .table(let table):
      let metrics = canvas.measure(table, width: width)
      return metrics.headerHeight + metrics.rowHeights.reduce(0, +)
    case .pageBreak:
      return 0
    }
  }

  func draw(_ piece: Piece, _ canvas: Canvas, y: Double) {
    let x = Self.marginX
    let width = Self.contentWidth
    switch piece {
    case .tableRows(let table, let metrics, let range):
      canvas.drawTable(table, metrics, rows: range, x: x, y: y)
    case .block(let block, let height):
      switch block {
      case .title(let title, let subtitle):
        let h = canvas.draw(title, Self.titleStyle, x: x, y: y, width: width)
        canvas.draw(subtitle, Self.subtitleStyle, x: x, y: y + h + 3, width: width)
        canvas.line(x0: x, y0: y + height - 1, x1: x + width, y1: y + height - 1, Color(hex: 0x1F3A5F), width: 1.2)
      case .banner(let text, let detail):
        canvas.fillRect(x: x, y: y, width: width, height: height, .alertBackground)
        canvas.strokeRect(x: x, y: y, width: width, height: height, .alert, lineWidth: 1.5)
        let h = canvas.draw(text, Self.bannerStyle, x: x + 8, y: y + 6, width: width - 16)
        canvas.draw(detail, Self.bannerDetailStyle, x: x + 8, y: y + 6 + h + 3, width: width - 16)
      case .heading(let text):
        canvas.draw(text, Self.headingStyle, x: x, y: y + 3, width: width)
      case .paragraph(let runs):
        canvas.draw(markup: Canvas.markup(runs), Self.bodyStyle, x: x, y: y, width: width)
      case .bullets(let items):
        var top = y
        for item in items {
          canvas.draw("•", Self.bodyStyle, x: x + 2, y: top, width: nil)
          top += canvas.draw(markup: Canvas.markup(item), Self.bodyStyle, x: x + Self.bulletIndent, y: top, width: width - Self.bulletIndent) + 3
        }
      case .note(let text):
        canvas.draw(text, Self.noteStyle, x: x, y: y, width: width)
      case .figures(let figures, let height):
        let spacing = 14.0
        let each = (width - spacing * Double(figures.count - 1)) / Double(max(figures.count, 1))
        for (k, figure) in figures.enumerated() {
          let fx = x + Double(k) * (each + spacing)
          switch figure {
          case .map(let map): canvas.drawMap(map, x: fx, y: y, width: each, height: height)
          case .strip(let chart): canvas.drawStrip(chart, x: fx, y: y, width: each, height: height)
          case .dots(let chart): canvas.drawDots(chart, x: fx, y: y, width: each, height: height)
          }
        }
      case .table, .pageBreak:
        break
      }
    }
  }

  /// The running header (title, page k of n) and the footer (marker) of one page.
  func drawFrame(_ document: Document, _ canvas: Canvas, page: Int, of pages: Int) {
    let x = Self.marginX
    let width = Self.contentWidth
    let style = TextStyle(size: 8.5, color: .muted)
    canvas.draw("EquityAtlas · " + document.runningHeader, style, x: x, y: 24, width: width * 0.75)
    canvas.draw("page \(page) of \(pages)", style, x: x + width * 0.75, y: 24, width: width * 0.25, alignment: .trailing)
    canvas.line(x0: x, y0: 35, x1: x + width, y1: 35, .rule, width: 0.5)
    canvas.line(x0: x, y0: 752, x1: x + width, y1: 752, .rule, width: 0.5)
    if let marker = document.marker {
      canvas.draw(marker, TextStyle(bold: true, size: 9.5, color: .alert), x: x, y: 757, width: width, alignment: .center)
    }
  }
}
