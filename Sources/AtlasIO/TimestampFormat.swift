/// A time format that a CAD extract uses, named the way analysts write them (Unicode / Java
/// date patterns): `MM/dd/yyyy hh:mm:ss a`, `yyyy-MM-dd HH:mm:ss.SSS`, `yyyy-MM-dd`; or `iso8601`
/// (what `ParsedTimestamp` reads: with or without an offset), or `epoch` (seconds since
/// 1970-01-01T00:00:00Z, optionally with a fraction).
///
/// Pattern letters: `yyyy` year; `MM`/`M` month; `dd`/`d` day; `HH`/`H` hour 0–23; `hh`/`h` hour
/// 1–12 with `a` (AM/PM, any case); `mm` minute; `ss` second; `S…` fraction of a second. Doubled
/// letters need that many digits; single letters take one or two. Any other character must
/// appear as it is. Impossible dates and times (2023-02-30, 13 PM) do not parse.
public struct TimestampFormat: Sendable, Equatable, CustomStringConvertible {
  enum Token: Equatable {
    case year
    case month(fixed: Bool)
    case day(fixed: Bool)
    case hour24(fixed: Bool)
    case hour12(fixed: Bool)
    case minute, second, fraction, ampm
    case literal(UInt8)
  }

  enum Kind: Equatable {
    case iso8601, epoch
    case pattern([Token])
  }

  let kind: Kind
  public let description: String

  public static let iso8601 = TimestampFormat(kind: .iso8601, description: "iso8601")
  public static let epoch = TimestampFormat(kind: .epoch, description: "epoch")

  /// - Throws: `TimestampFormatError` naming the pattern when it has no date or an unknown letter.
  public init(_ pattern: String) throws {
    switch pattern.lowercased() {
    case "iso8601", "iso-8601", "iso":
      self = .iso8601
      return
    case "epoch", "epoch-seconds", "unix":
      self = .epoch
      return
    default: break
    }
    var tokens: [Token] = []
    let bytes = Array(pattern.utf8)
    var i = 0
    while i < bytes.count {
      let c = bytes[i]
      var run = 1
      while i + run < bytes.count, bytes[i + run] == c { run += 1 }
      switch c {
      case UInt8(ascii: "y"):
        guard run == 4 else { throw TimestampFormatError(pattern: pattern, reason: "the year must be yyyy") }
        tokens.append(.year)
      case UInt8(ascii: "M"): tokens.append(.month(fixed: run == 2))
      case UInt8(ascii: "d"): tokens.append(.day(fixed: run == 2))
      case UInt8(ascii: "H"): tokens.append(.hour24(fixed: run == 2))
      case UInt8(ascii: "h"): tokens.append(.hour12(fixed: run == 2))
      case UInt8(ascii: "m"): tokens.append(.minute)
      case UInt8(ascii: "s"): tokens.append(.second)
      case UInt8(ascii: "S"): tokens.append(.fraction)
      case UInt8(ascii: "a"): tokens.append(.ampm)
      default:
        if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) {
          throw TimestampFormatError(pattern: pattern, reason: "unknown pattern letter '\(Character(Unicode.Scalar(c)))'")
        }
        for _ in 0..<run { tokens.append(.literal(c)) }
      }
      let isLetter = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
      if isLetter, c != UInt8(ascii: "y"), c != UInt8(ascii: "S"),
        run > 2 || ((c == UInt8(ascii: "m") || c == UInt8(ascii: "s")) && run != 2) || (c == UInt8(ascii: "a") && run != 1)
      {
        throw TimestampFormatError(
          pattern: pattern, reason: "'\(String(repeating: Character(Unicode.Scalar(c)), count: run))' is not a pattern field")
      }
      i += run
    }
    guard tokens.contains(.year), tokens.contains(where: { if case .month = $0 { return true } else { return false } }),
      tokens.contains(where: { if case .day = $0 { return true } else { return false } })
    else { throw TimestampFormatError(pattern: pattern, reason: "a pattern needs yyyy, MM and dd") }
    if tokens.contains(where: { if case .hour12 = $0 { return true } else { return false } }) != tokens.contains(.ampm) {
      throw TimestampFormatError(pattern: pattern, reason: "a 12-hour hour (hh) needs the AM/PM marker (a), and a needs hh")
    }
    kind = .pattern(tokens)
    description = pattern
  }

  private init(kind: Kind, description: String) {
    self.kind = kind
    self.description = description
  }

  /// The text read in this format (surrounding spaces ignored), or nil.
  public func parse(_ text: UnsafeBufferPointer<UInt8>) -> ParsedTimestamp? {
    var s = 0
    var e = text.count
    while s < e, text[s] == 0x20 || text[s] == 0x09 { s += 1 }
    while e > s, text[e - 1] == 0x20 || text[e - 1] == 0x09 { e -= 1 }
    let t = UnsafeBufferPointer(rebasing: text[s..<e])
    switch kind {
    case .iso8601: return ParsedTimestamp(t)
    case .epoch: return Self.epoch(t)
    case .pattern(let tokens): return Self.parse(t, tokens)
    }
  }

  public func parse(_ text: String) -> ParsedTimestamp? {
    var text = text
    return text.withUTF8 { parse($0) }
  }

  /// The digits from `i` read as a decimal fraction (".25" without its point gives 0.25); nil
  /// when there is no digit. Advances `i` past them.
  static func fraction(_ t: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Double? {
    var value = 0.0
    var scale = 0.1
    let start = i
    while i < t.count, t[i] &- 0x30 < 10 {
      value += Double(t[i] &- 0x30) * scale
      scale /= 10
      i += 1
    }
    return i > start ? value : nil
  }

  static func epoch(_ t: UnsafeBufferPointer<UInt8>) -> ParsedTimestamp? {
    guard !t.isEmpty else { return nil }
    var i = 0
    var whole = 0.0
    var digits = 0
    var negative = false
    if t[0] == UInt8(ascii: "-") {
      negative = true
      i = 1
    }
    while i < t.count, t[i] &- 0x30 < 10, digits < 12 {
      whole = whole * 10 + Double(t[i] &- 0x30)
      i += 1
      digits += 1
    }
    guard digits > 0 else { return nil }
    if i < t.count, t[i] == UInt8(ascii: ".") {
      i += 1
      guard let f = fraction(t, &i) else { return nil }
      whole += f
    }
    guard i == t.count else { return nil }
    return .instant(negative ? -whole : whole)
  }

  static func parse(_ t: UnsafeBufferPointer<UInt8>, _ tokens: [Token]) -> ParsedTimestamp? {
    var i = 0
    func number(_ minDigits: Int, _ maxDigits: Int) -> Int? {
      var v = 0
      var n = 0
      while n < maxDigits, i < t.count, t[i] &- 0x30 < 10 {
        v = v * 10 + Int(t[i] &- 0x30)
        i += 1
        n += 1
      }
      return n >= minDigits ? v : nil
    }
    var year = 0
    var month = 0
    var day = 0
    var hour = 0
    var minute = 0
    var second = 0.0
    var pm: Bool?
    var twelve = false
    for token in tokens {
      switch token {
      case .year:
        guard let v = number(4, 4) else { return nil }
        year = v
      case .month(let fixed):
        guard let v = number(fixed ? 2 : 1, 2) else { return nil }
        month = v
      case .day(let fixed):
        guard let v = number(fixed ? 2 : 1, 2) else { return nil }
        day = v
      case .hour24(let fixed):
        guard let v = number(fixed ? 2 : 1, 2) else { return nil }
        hour = v
      case .hour12(let fixed):
        guard let v = number(fixed ? 2 : 1, 2) else { return nil }
        hour = v
        twelve = true
      case .minute:
        guard let v = number(2, 2) else { return nil }
        minute = v
      case .second:
        guard let v = number(2, 2) else { return nil }
        second = Double(v)
      case .fraction:
        guard let f = fraction(t, &i) else { return nil }
        second += f
      case .ampm:
        guard i + 1 < t.count else { return nil }
        let a = t[i] | 0x20
        let m = t[i + 1] | 0x20
        guard m == UInt8(ascii: "m"), a == UInt8(ascii: "a") || a == UInt8(ascii: "p") else { return nil }
        pm = a == UInt8(ascii: "p")
        i += 2
      case .literal(let c):
        guard i < t.count, t[i] == c else { return nil }
        i += 1
      }
    }
    guard i == t.count else { return nil }
    if twelve {
      guard (1...12).contains(hour), let pm else { return nil }
      hour = hour % 12 + (pm ? 12 : 0)
    }
    guard (1...12).contains(month), day >= 1, day <= ParsedTimestamp.daysIn(month: month, year: year), hour < 24, minute < 60, second < 60 else {
      return nil
    }
    let days = ParsedTimestamp.daysFromCivil(year: year, month: month, day: day)
    return .local(Double(days * 86_400 + hour * 3_600 + minute * 60) + second)
  }

}

extension ParsedTimestamp {
  /// Year, month and day of a count of days since 1970-01-01 in the proleptic Gregorian
  /// calendar: the inverse of `daysFromCivil`.
  ///
  /// Reference: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (`civil_from_days`).
  public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }
}

public struct TimestampFormatError: Error, CustomStringConvertible {
  public var pattern: String
  public var reason: String
  public var description: String { "time format '\(pattern)': \(reason)" }
}
