import AtlasIO
import Foundation

/// Local wall-clock time in one time zone over a bounded period, for formatting millions of
/// instants quickly: the zone's UTC offsets and transitions are read once from Foundation's
/// `TimeZone` (the tz database), then each instant costs a binary search and integer
/// arithmetic.
///
/// Instants are whole seconds since 1970-01-01T00:00:00Z (`Int64`). Local dates use the
/// proleptic Gregorian calendar.
public struct LocalClock: Sendable {
  public let identifier: String
  /// Instants at which the offset changes, ascending.
  public let transitions: [Int64]
  /// `offsets[k]` (seconds east of UTC) holds before `transitions[k]` and after
  /// `transitions[k − 1]`; `offsets.count == transitions.count + 1`.
  let offsets: [Int32]

  /// Local calendar fields of an instant.
  public struct Fields: Hashable, Sendable {
    public var year: Int, month: Int, day: Int
    public var hour: Int, minute: Int, second: Int
    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int
    /// 1 = January 1.
    public var dayOfYear: Int
    /// Seconds east of UTC in force at the instant (e.g. −18000 for CDT).
    public var offsetSeconds: Int
  }

  /// Reads the transitions of `identifier` between two instants.
  ///
  /// - Returns: nil when Foundation does not know the zone.
  public init?(identifier: String, from start: Int64, to end: Int64) {
    guard let zone = TimeZone(identifier: identifier) else { return nil }
    self.identifier = identifier
    var transitions: [Int64] = []
    var offsets = [Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(start))))]
    var cursor = Date(timeIntervalSince1970: Double(start))
    while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 <= Double(end) {
      transitions.append(Int64(next.timeIntervalSince1970.rounded()))
      offsets.append(Int32(zone.secondsFromGMT(for: next)))
      cursor = next
    }
    self.transitions = transitions
    self.offsets = offsets
  }

  /// The instant of local midnight starting `year-month-day`, resolved with Foundation's
  /// calendar in this zone.
  public static func midnight(year: Int, month: Int, day: Int, identifier: String) -> Int64? {
    guard let zone = TimeZone(identifier: identifier) else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { return nil }
    return Int64(date.timeIntervalSince1970.rounded())
  }

  /// Seconds east of UTC at instant `t`.
  /// - Complexity: O(log transitions).
  public func offset(at t: Int64) -> Int {
    var low = 0
    var high = transitions.count
    while low < high {
      let mid = (low + high) / 2
      if transitions[mid] <= t { low = mid + 1 } else { high = mid }
    }
    return Int(offsets[low])
  }

  /// The local calendar fields of instant `t`.
  public func fields(_ t: Int64) -> Fields {
    let offset = offset(at: t)
    let local = t + Int64(offset)
    let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    let secondOfDay = Int(local - days * 86_400)
    let (y, m, d) = ParsedTimestamp.civil(fromDays: Int(days))
    let weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4).
    let dayOfYear = Int(days - Int64(ParsedTimestamp.daysFromCivil(year: y, month: 1, day: 1))) + 1
    return Fields(
      year: y, month: m, day: d, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60,
      weekday: weekday, dayOfYear: dayOfYear, offsetSeconds: offset)
  }

  /// Appends `YYYY-MM-DDTHH:MM:SS±HH:MM` (ISO 8601 local time with its UTC offset).
  public func appendTimestamp(_ t: Int64, to out: inout [UInt8]) {
    let f = fields(t)
    Self.appendDate(year: f.year, month: f.month, day: f.day, to: &out)
    out.append(UInt8(ascii: "T"))
    Self.append2(f.hour, &out)
    out.append(UInt8(ascii: ":"))
    Self.append2(f.minute, &out)
    out.append(UInt8(ascii: ":"))
    Self.append2(f.second, &out)
    let offset = f.offsetSeconds
    out.append(UInt8(ascii: offset < 0 ? "-" : "+"))
    Self.append2(abs(offset) / 3600, &out)
    out.append(UInt8(ascii: ":"))
    Self.append2(abs(offset) / 60 % 60, &out)
  }

  /// The timestamp as a string (see `appendTimestamp`).
  public func timestamp(_ t: Int64) -> String {
    var out: [UInt8] = []
    appendTimestamp(t, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  static func appendDate(year: Int, month: Int, day: Int, to out: inout [UInt8]) {
    append2(year / 100, &out)
    append2(year % 100, &out)
    out.append(UInt8(ascii: "-"))
    append2(month, &out)
    out.append(UInt8(ascii: "-"))
    append2(day, &out)
  }

  private static func append2(_ v: Int, _ out: inout [UInt8]) {
    out.append(UInt8(48 + v / 10))
    out.append(UInt8(48 + v % 10))
  }

}
