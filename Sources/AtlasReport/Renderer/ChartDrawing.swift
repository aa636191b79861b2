import Foundation

/// A logarithmic axis over positive values, with ticks on the 1–2–5 sequence: equal distances
/// are equal ratios, which is how the reports compare areas.
struct LogAxis {
  let low, high: Double
  let x0, x1: Double

  /// Spans the values (and `extra`) with 8% headroom on each side.
  init?(values: [Double], x0: Double, x1: Double) {
    let positive = values.filter { $0 > 0 && $0.isFinite }
    guard let minimum = positive.min(), let maximum = positive.max() else { return nil }
    let a = log10(minimum)
    let b = log10(maximum)
    let pad = max((b - a) * 0.08, 0.05)
    low = pow(10, a - pad)
    high = pow(10, b + pad)
    // Values near the ends of the Double range (or spanning more decades than ticks can
    // label) give no usable axis: the chart says "No values to chart." instead.
    guard low > 0, high.isFinite, b - a <= 60 else { return nil }
    self.x0 = x0
    self.x1 = x1
  }

  func position(_ value: Double) -> Double {
    x0 + (log10(max(value, low)) - log10(low)) / (log10(high) - log10(low)) * (x1 - x0)
  }

  /// Tick values within the span: the 1–2–5 sequence (finer when that gives fewer than three,
  /// only powers of ten when it gives more than seven).
  var ticks: [Double] {
    func sequence(_ mantissas: [Double]) -> [Double] {
      var all: [Double] = []
      var decade = pow(10, floor(log10(low)))
      while decade <= high {
        for m in mantissas where decade * m >= low && decade * m <= high { all.append(decade * m) }
        decade *= 10
      }
      return all
    }
    let coarse = sequence([1, 2, 5])
    if coarse.count < 3 { return sequence([1, 1.5, 2, 3, 4, 5, 6, 8]) }
    return coarse.count > 7 ? sequence([1]) : coarse
  }

  /// A tick's label with as few decimals as it needs (at most two).
  static func label(_ value: Double) -> String {
    for digits in 0...1 {
      let scaled = value * pow(10, Double(digits))
      if abs(scaled - scaled.rounded()) < 1e-6 { return Format.decimal(value, digits: digits) }
    }
    return Format.decimal(value, digits: 2)
  }
}

/// A linear axis over the values with 5% headroom and "nice" ticks (steps of 1, 2, 2.5 or 5
/// times a power of ten, about four of them).
struct LinearAxis {
  let low, high, step: Double
  let x0, x1: Double

  /// Nil when no value is finite, or when the span cannot be divided into ticks in Double
  /// arithmetic (values near ±1.8·10³⁰⁸, or a step too small to move a tick): the chart then
  /// says so rather than drawing at NaN positions or looping.
  init?(values: [Double], x0: Double, x1: Double) {
    let finite = values.filter(\.isFinite)
    guard var minimum = finite.min(), var maximum = finite.max() else { return nil }
    if maximum - minimum < 1e-9 {
      minimum -= max(abs(minimum) * 0.1, 0.5)
      maximum += max(abs(maximum) * 0.1, 0.5)
    }
    let pad = (maximum - minimum) * 0.05
    low = minimum - pad
    high = maximum + pad
    let raw = (high - low) / 4
    let magnitude = pow(10, floor(log10(raw)))
    step = ([1.0, 2, 2.5, 5, 10].first { $0 * magnitude >= raw } ?? 10) * magnitude
    guard low.isFinite, high.isFinite, step.isFinite, step > 0, high > low, low + step != low, high - step != high,
      (high - low) / step < 100
    else { return nil }
    self.x0 = x0
    self.x1 = x1
  }

  func position(_ value: Double) -> Double { x0 + (value - low) / (high - low) * (x1 - x0) }

  var ticks: [Double] {
    var all: [Double] = []
    var t = (low / step).rounded(.up) * step
    while t <= high + step * 1e-9 {
      all.append(t)
      t += step
    }
    return all
  }

  /// A tick's label with the decimals its step needs.
  func label(_ value: Double) -> String {
    Format.decimal(value, digits: step == step.rounded() ? 0 : step * 10 == (step * 10).rounded() ? 1 : 2)
  }
}

extension Canvas {

  /// The vertical layout every chart shares: title on top, then the plot, then `belowPlot`
  /// points for axis labels, the legend and the caption. Draws the title; returns where the
  /// plot starts and how tall it may be.
  private func chartFrame(
    title: String, caption: String, legend: [LegendItem], x: Double, y: Double, width: Double, height: Double, belowPlot: Double
  ) -> (top: Double, plotHeight: Double) {
    let top = y + draw(title, TextStyle(bold: true, size: 9.5), x: x, y: y, width: width) + 4
    let captionHeight = caption.isEmpty ? 0 : measure(caption, Self.captionStyle, width: width).height + 2
    let legendHeight = drawLegend(title: "", legend, x: x, y: 0, width: width, draw: false)
    return (top, y + height - top - captionHeight - legendHeight - belowPlot - 4)
  }

  /// The legend and caption under a chart, from `y` down.
  private func drawChartFooter(caption: String, legend: [LegendItem], x: Double, y: Double, width: Double) {
    let top = y + drawLegend(title: "", legend, x: x, y: y, width: width, draw: true)
    if !caption.isEmpty { draw(caption, Self.captionStyle, x: x, y: top + 2, width: width) }
  }

  private static let captionStyle = TextStyle(size: 8, color: .muted)

  /// Draws a strip chart in the rectangle: each row on its own linear axis (rows differ by
  /// an order of magnitude), tick labels under each row.
  func drawStrip(_ chart: StripChart, x: Double, y: Double, width: Double, height: Double) {
    let labelWidth = 62.0
    let plotX0 = x + labelWidth
    let plotX1 = x + width - 10
    let axisLabelHeight = 12.0
    let frame = chartFrame(
      title: chart.title, caption: chart.caption, legend: chart.legend, x: x, y: y, width: width, height: height, belowPlot: axisLabelHeight)
    var top = frame.top
    let plotHeight = frame.plotHeight
    guard !chart.rows.isEmpty, plotHeight > 10 else {
      draw("No values to chart.", TextStyle(size: 9, color: .muted), x: x, y: top, width: width)
      return
    }
    let rowHeight = plotHeight / Double(chart.rows.count)
    let tickStyle = TextStyle(size: 6.5, color: .muted)
    for (k, row) in chart.rows.enumerated() {
      let cy = top + rowHeight * Double(k) + rowHeight * 0.38
      let labelStyle = TextStyle(size: 8)
      let labelHeight = measure(row.label, labelStyle, width: labelWidth - 4).height
      draw(row.label, labelStyle, x: x, y: cy - labelHeight / 2, width: labelWidth - 4)
      guard let axis = LinearAxis(values: row.values + [row.highlight, row.reference].compactMap { $0 }, x0: plotX0, x1: plotX1) else {
        draw(Format.missing, tickStyle, x: plotX0, y: cy - 4, width: nil)
        continue
      }
      line(x0: plotX0, y0: cy, x1: plotX1, y1: cy, .rule, width: 0.4)
      for tick in axis.ticks {
        let tx = axis.position(tick)
        line(x0: tx, y0: cy + 1.5, x1: tx, y1: cy + 3.5, .muted, width: 0.4)
        draw(axis.label(tick), tickStyle, x: tx - 20, y: cy + 3.5, width: 40, alignment: .center)
      }
      for value in row.values where value.isFinite { circle(x: axis.position(value), y: cy, radius: 1.8, fill: .muted, alpha: 0.4) }
      if let reference = row.reference, reference.isFinite {
        let rx = axis.position(reference)
        line(x0: rx, y0: cy - 6, x1: rx, y1: cy + 6, .text, width: 1.6)
      }
      if let highlight = row.highlight, highlight.isFinite {
        circle(x: axis.position(highlight), y: cy, radius: 3.4, fill: .alert, stroke: .white, lineWidth: 0.6)
      }
    }
    top += plotHeight
    draw(chart.axisLabel, TextStyle(size: 8, color: .muted), x: plotX0, y: top, width: plotX1 - plotX0, alignment: .center)
    top += axisLabelHeight
    drawChartFooter(caption: chart.caption, legend: chart.legend, x: x, y: top, width: width)
  }

  /// Draws a ranked dot plot in the rectangle.
  func drawDots(_ chart: DotPlot, x: Double, y: Double, width: Double, height: Double) {
    let labelWidth = 40.0
    let plotX0 = x + labelWidth
    let plotX1 = x + width - 8
    let axisHeight = 22.0
    let frame = chartFrame(
      title: chart.title, caption: chart.caption, legend: chart.legend, x: x, y: y, width: width, height: height, belowPlot: axisHeight)
    var top = frame.top
    let plotHeight = frame.plotHeight
    let values = chart.rows.flatMap { [$0.value, $0.low, $0.high].compactMap { $0 } } + (chart.reference.map { [$0] } ?? [])
    // Log axis (ratios) or linear axis (changes): positions, ticks and labels.
    let logAxis = chart.linear ? nil : LogAxis(values: values, x0: plotX0, x1: plotX1)
    let linearAxis = chart.linear ? LinearAxis(values: values, x0: plotX0, x1: plotX1) : nil
    guard !chart.rows.isEmpty, plotHeight > 10, logAxis != nil || linearAxis != nil else {
      draw("No values to chart.", TextStyle(size: 9, color: .muted), x: x, y: top, width: width)
      return
    }
    let axis = (
      position: { (v: Double) in logAxis?.position(v) ?? linearAxis!.position(v) }, high: logAxis?.high ?? linearAxis!.high,
      ticks: logAxis?.ticks ?? linearAxis!.ticks, label: { (v: Double) in logAxis != nil ? LogAxis.label(v) : linearAxis!.label(v) }
    )
    let rowHeight = plotHeight / Double(chart.rows.count)
    for tick in axis.ticks {
      let tx = axis.position(tick)
      line(x0: tx, y0: top, x1: tx, y1: top + plotHeight, .stripe, width: 0.6)
      draw(axis.label(tick), TextStyle(size: 8, color: .muted), x: tx - 15, y: top + plotHeight + 2, width: 30, alignment: .center)
    }
    if let reference = chart.reference, reference > 0 || chart.linear, reference.isFinite {
      let rx = axis.position(reference)
      line(x0: rx, y0: top, x1: rx, y1: top + plotHeight, .text, width: 0.6, dash: [2, 2])
    }
    draw(chart.axisLabel, TextStyle(size: 8, color: .muted), x: plotX0, y: top + plotHeight + 11, width: plotX1 - plotX0, alignment: .center)
    let labelSize = min(7, max(5, rowHeight * 0.75))
    for (k, row) in chart.rows.enumerated() {
      let cy = top + rowHeight * (Double(k) + 0.5)
      let style = TextStyle(size: labelSize)
      let h = measure(row.label, style, width: nil).height
      draw(row.label, style, x: x, y: cy - h / 2, width: labelWidth - 4, alignment: .trailing)
      if let low = row.low, let high = row.high, low.isFinite, high.isFinite {
        line(x0: axis.position(low), y0: cy, x1: axis.position(min(high, axis.high)), y1: cy, row.color, width: 1)
      }
      guard row.value > 0 || chart.linear, row.value.isFinite else {
        draw(Format.notAvailable, TextStyle(size: labelSize, color: .muted), x: plotX0, y: cy - h / 2, width: nil)
        continue
      }
      circle(x: axis.position(min(row.value, axis.high)), y: cy, radius: min(2.8, rowHeight * 0.35), fill: row.color)
    }
    top += plotHeight + axisHeight
    drawChartFooter(caption: chart.caption, legend: chart.legend, x: x, y: top, width: width)
  }
}
