import Testing

@testable import AtlasReport

@Suite("number formatting for readers")
struct FormatTests {
  @Test("hand-derived: thousands separators, half away from zero, no negative zero")
  func decimals() {
    #expect(Format.integer(1_234_567.8) == "1,234,568")
    #expect(Format.integer(999) == "999")
    #expect(Format.integer(1_000) == "1,000")
    #expect(Format.decimal(2.25) == "2.3")
    #expect(Format.decimal(-2.25) == "-2.3")
    #expect(Format.decimal(-0.04) == "0.0")
    #expect(Format.decimal(1234.56, digits: 2) == "1,234.56")
    #expect(Format.decimal(0.05, digits: 2) == "0.05")
    #expect(Format.decimal(.nan) == "n/a")
    #expect(Format.integer(-.infinity) == "n/a")
    #expect(Format.integer(1e300) == "1e+300")
    #expect(Format.decimal(9.2e17, digits: 0) == "9.2e+17")
  }

  @Test("hand-derived: minutes from seconds, percentages from fractions")
  func units() {
    #expect(Format.minutes(seconds: 262) == "4.4")
    #expect(Format.minutes(seconds: 89) == "1.5")
    #expect(Format.percent(0.7141) == "71.4%")
    #expect(Format.percent(1) == "100.0%")
    #expect(Format.percent(0.5, digits: 0) == "50%")
  }

  @Test("ratios: one decimal unless that reads 1.0 or collapses the interval")
  func ratios() {
    #expect(Format.ratio(2.134, low: 1.81, high: 2.44) == ("2.1×", "1.8–2.4"))
    #expect(Format.ratio(0.921, low: 0.903, high: 0.934) == ("0.92×", "0.90–0.93"))
    #expect(Format.ratio(1.63, low: 1.59, high: 1.67) == ("1.6×", "1.6–1.7"))
    #expect(Format.ratio(1.64, low: 1.61, high: 1.64) == ("1.64×", "1.61–1.64"))
    #expect(Format.ratio(0.5).ratio == "0.5×")
    #expect(Format.ratio(0.033).ratio == "0.03×")
    #expect(Format.ratio(.infinity).ratio == "n/a")
  }

  @Test("hand-derived: quintile classes of 1…10 break at 2.8, 4.6, 6.4, 8.2 (type 7)")
  func classes() {
    let classes = Classification((1...10).map(Double.init))
    #expect(classes.breaks.count == 4)
    for (b, expected) in zip(classes.breaks, [2.8, 4.6, 6.4, 8.2]) { #expect(abs(b - expected) < 1e-12) }
    #expect(classes.color(1) == Classification.palette[0])
    #expect(classes.color(10) == Classification.palette[4])
    #expect(classes.color(nil) == .noData)
    #expect(Classification([3, 3, 3]).breaks.isEmpty)
  }

  @Test("axes: nice linear steps and 1–2–5 logarithmic ticks")
  func axes() throws {
    let linear = try #require(LinearAxis(values: [1.4, 2.6], x0: 0, x1: 100))
    #expect(linear.step == 0.5)
    #expect(linear.ticks == [1.5, 2.0, 2.5])
    #expect(linear.label(2) == "2.0")
    let log = try #require(LogAxis(values: [0.8, 1.7], x0: 0, x1: 100))
    #expect(log.ticks == [0.8, 1, 1.5])
    #expect(LogAxis.label(1.5) == "1.5")
  }

  @Test("axes over values no Double arithmetic can tick (±1e308, a step below one ulp, 600 decades) are refused, not looped over")
  func degenerateAxes() {
    #expect(LinearAxis(values: [-1e308, 1e308], x0: 0, x1: 100) == nil, "the span overflows to infinity")
    #expect(LinearAxis(values: [1e16, 1e16 + 2], x0: 0, x1: 100) == nil, "a step of 1 does not move a tick at 1e16 (ulp 2)")
    #expect(LinearAxis(values: [.nan, .infinity], x0: 0, x1: 100) == nil)
    #expect(LinearAxis(values: [1e300, 2e300], x0: 0, x1: 100)?.ticks.count ?? 0 <= 100)
    #expect(LogAxis(values: [1, 1e308], x0: 0, x1: 100) == nil, "the padded top is infinite")
    #expect(LogAxis(values: [1e-300, 1e300], x0: 0, x1: 100) == nil)
    #expect(LogAxis(values: [0, -5, .infinity], x0: 0, x1: 100) == nil, "no positive finite value")
  }

  @Test("Int(rounding:) is nil where Int(_:) would trap, and rounds half away from zero elsewhere")
  func wholeNumbers() {
    #expect(Int(rounding: 2.5) == 3)
    #expect(Int(rounding: -2.5) == -3)
    #expect(Int(rounding: 9_007_199_254_740_992) == 9_007_199_254_740_992)
    for bad in [Double.nan, .infinity, -.infinity, 1e300, -1e19] { #expect(Int(rounding: bad) == nil, "\(bad)") }
  }

  @Test("Douglas–Peucker keeps the corners of a square traced with midpoints")
  func simplification() {
    let square: [(x: Double, y: Double)] = [(0, 0), (5, 0.01), (10, 0), (10, 5), (10, 10), (5, 10), (0, 10), (0, 5), (0, 0)]
    let kept = simplify(square, tolerance: 0.1)
    #expect(kept.map(\.x) == [0, 10, 10, 0, 0])
    #expect(kept.map(\.y) == [0, 0, 10, 10, 0])
  }
}
