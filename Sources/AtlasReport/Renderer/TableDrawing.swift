/// Column widths, and the height of the header and of every row, for one table at one width.
struct TableMetrics {
  static let padX = 3.0
  static let padY = 2.2

  var widths: [Double]
  var headerHeight: Double
  var rowHeights: [Double]
}

extension Canvas {
  func cellStyle(_ table: Table, column: Int, bold: Bool, color: Color? = nil) -> TextStyle {
    TextStyle(family: table.monospaceColumns.contains(column) ? .mono : .sans, bold: bold, size: table.fontSize, color: color ?? .text)
  }

  /// Measures every row of the table at `width`; cells wrap within their column.
  func measure(_ table: Table, width: Double) -> TableMetrics {
    let total = table.columns.reduce(0) { $0 + $1.width }
    let widths = table.columns.map { $0.width / total * width }
    func height(_ cells: [Cell], header: Bool) -> Double {
      var tallest = 0.0
      for (k, cell) in cells.enumerated() where k < widths.count {
        let style = cellStyle(table, column: k, bold: header || cell.bold)
        tallest = max(tallest, measure(cell.text, style, width: widths[k] - 2 * TableMetrics.padX).height)
      }
      return tallest + 2 * TableMetrics.padY
    }
    let header = height(table.columns.map { Cell($0.title) }, header: true)
    let rows = table.rows.map { row -> Double in
      switch row {
      case .cells(let cells): return height(cells, header: false)
      case .section(let label):
        return measure(label, TextStyle(bold: true, size: table.fontSize), width: width - 2 * TableMetrics.padX).height + 2 * TableMetrics.padY + 2
      }
    }
    return TableMetrics(widths: widths, headerHeight: header, rowHeights: rows)
  }

  /// Draws the header and the rows in `range` from (x, y); returns the height used.
  @discardableResult
  func drawTable(_ table: Table, _ metrics: TableMetrics, rows range: Range<Int>, x: Double, y: Double) -> Double {
    let width = metrics.widths.reduce(0, +)
    var top = y
    fillRect(x: x, y: top, width: width, height: metrics.headerHeight, Color(hex: 0xE4E8EE))
    drawCells(table, table.columns.map { Cell($0.title) }, metrics, header: true, x: x, y: top)
    top += metrics.headerHeight
    line(x0: x, y0: top, x1: x + width, y1: top, .muted, width: 0.6)
    var stripe = false
    for r in range {
      let height = metrics.rowHeights[r]
      switch table.rows[r] {
      case .section(let label):
        fillRect(x: x, y: top, width: width, height: height, Color(hex: 0xF7F4EA))
        draw(
          label, TextStyle(bold: true, size: table.fontSize), x: x + TableMetrics.padX, y: top + TableMetrics.padY + 1,
          width: width - 2 * TableMetrics.padX)
        stripe = false
      case .cells(let cells):
        if stripe { fillRect(x: x, y: top, width: width, height: height, .stripe) }
        drawCells(table, cells, metrics, header: false, x: x, y: top)
        stripe.toggle()
      }
      top += height
    }
    line(x0: x, y0: top, x1: x + width, y1: top, .muted, width: 0.6)
    return top - y
  }

  private func drawCells(_ table: Table, _ cells: [Cell], _ metrics: TableMetrics, header: Bool, x: Double, y: Double) {
    var cx = x
    for (k, cell) in cells.enumerated() where k < metrics.widths.count {
      let column = table.columns[k]
      let alignment: TextAlignment =
        switch column.alignment {
        case .leading: .leading
        case .trailing: .trailing
        case .center: .center
        }
      draw(
        cell.text, cellStyle(table, column: k, bold: header || cell.bold, color: cell.color), x: cx + TableMetrics.padX,
        y: y + TableMetrics.padY, width: metrics.widths[k] - 2 * TableMetrics.padX, alignment: alignment)
      cx += metrics.widths[k]
    }
  }
}
