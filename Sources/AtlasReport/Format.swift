/// Numbers as readers see them in the reports and findings: minutes rather than seconds, one
/// decimal, thousands separators, percentages from fractions.
///
/// Formatting is locale-free and exact: a value is rounded half away from zero at the shown
/// precision (`2.25` → `2.3`), so the same figure gives the same text on every machine. A
/// value that rounds to zero prints without a sign (`-0.04` → `0.0`). NaN and infinities
/// print as `n/a` (the atlas holds something that is not a number); a finite value too large
/// for fixed-point text (|x| ≥ 9·10¹⁷ at the shown precision) prints in exponent form
/// (`1e+300`), never as a blank.
public enum Format {
  /// Shown where a figure does not exist (not computed, no data).
  public static let missing = "—"
  /// Shown where the atlas holds a value that is not a finite number (NaN, ±infinity).
  public static let notAvailable = "n/a"
  /// Shown where a figure is withheld under the small-cell rule.
  public static let suppressed = "<11"

  /// `1234567.8` → `1,234,568`.
  public static func integer(_ value: Double) -> String { decimal(value, digits: 0) }

  /// Fixed-point with thousands separators: `decimal(1234.56, digits: 1)` → `1,234.6`.
  public static func decimal(_ value: Double, digits: Int = 1) -> String {
    precondition((0...9).contains(digits), "digits must be in 0...9")
    guard value.isFinite else { return notAvailable }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e17 else { return value.description }
    let units = UInt64(scaled)
    let whole = units / UInt64(scale)
    let fraction = units % UInt64(scale)
    var text = grouped(whole)
    if digits > 0 {
      let digitsText = String(fraction)
      text += "." + String(repeating: "0", count: digits - digitsText.count) + digitsText
    }
    return value < 0 && units > 0 ? "-" + text : text
  }

  /// Minutes with one decimal from seconds: `262` → `4.4`.
  public static func minutes(seconds: Double) -> String { decimal(seconds / 60, digits: 1) }

  /// A fraction (0…1) as a percentage: `percent(0.7141)` → `71.4%`.
  public static func percent(_ fraction: Double, digits: Int = 1) -> String {
    guard fraction.isFinite else { return notAvailable }
    return decimal(fraction * 100, digits: digits) + "%"
  }

  /// A ratio and its interval with the decimals a reader needs: one (`2.1×`, `1.8–2.4`) unless
  /// that would show a bound or the ratio as `1.0` or `0.0`, or collapse the interval to one
  /// value, then two (`0.92×`, `0.90–0.93`, `0.03×`).
  public static func ratio(_ value: Double, low: Double? = nil, high: Double? = nil) -> (ratio: String, interval: String?) {
    guard value.isFinite else { return (notAvailable, nil) }
    let bounds = [low, high].compactMap { $0 }
    let oneDecimal =
      ([value] + bounds).allSatisfy { decimal($0, digits: 1) != "1.0" && decimal($0, digits: 1) != "0.0" }
      && (bounds.count < 2 || decimal(bounds[0], digits: 1) != decimal(bounds[1], digits: 1))
    let digits = oneDecimal ? 1 : 2
    let interval = bounds.count == 2 ? interval(bounds[0], bounds[1], digits: digits) : nil
    return (decimal(value, digits: digits) + "×", interval)
  }

  /// A confidence interval: `1.8–2.4` (en dash), each bound as `digits` decimals.
  public static func interval(_ low: Double, _ high: Double, digits: Int = 1) -> String {
    guard low.isFinite, high.isFinite else { return notAvailable }
    return decimal(low, digits: digits) + "–" + decimal(high, digits: digits)
  }

  /// Three-digit groups separated by commas.
  static func grouped(_ value: UInt64) -> String {
    let digits = Array(String(value))
    var out = ""
    for (k, d) in digits.enumerated() {
      if k > 0, (digits.count - k) % 3 == 0 { out.append(",") }
      out.append(d)
    }
    return out
  }
}

extension Int {
  /// The whole number nearest to `value` (half away from zero), or nil when `value` is NaN,
  /// infinite or beyond ±2⁵³ (where a Double no longer holds every whole number). The one
  /// conversion from Double to Int in the reports: `Int(value)` traps on such values.
  init?(rounding value: Double) {
    let rounded = value.rounded(.toNearestOrAwayFromZero)
    guard rounded.isFinite, abs(rounded) <= 9_007_199_254_740_992 else { return nil }
    self = Int(rounded)
  }
}
