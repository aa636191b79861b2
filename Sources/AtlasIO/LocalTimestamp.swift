import Foundation

/// A timestamp read from text: either an instant (the text carried a UTC offset or `Z`), or a
/// local wall-clock time that a time zone must place.
public enum ParsedTimestamp: Hashable, Sendable {
  /// Seconds since 1970-01-01T00:00:00Z.
  case instant(Double)
  /// Wall-clock seconds since 1970-01-01T00:00:00 in the local zone (no offset applied yet).
  case local(Double)

  /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]]` (a space may replace `T`), optionally followed by
  /// `Z`, `±HH:MM` or `±HHMM`. Nil for anything else.
  ///
  /// Only dates and times a clock can show are read; nothing rolls over: the year is 0001–9999,
  /// the day exists in its month (2023-02-30, 2023-02-29 and 0000-00-00 are refused; 2024-02-29
  /// is read), hours are 00–23 (`24:00`, ISO 8601's end-of-day, is refused: write the next
  /// day's 00:00), minutes and seconds 00–59 (no leap second: no CAD or camera log records
  /// one), offsets up to ±14:00.
  ///
  /// - Complexity: O(n) in the text length; no allocation.
  public init?(_ text: UnsafeBufferPointer<UInt8>) {
    var i = 0
    let n = text.count
    func digits(_ count: Int) -> Int? {
      guard i + count <= n else { return nil }
      var v = 0
      for k in 0..<count {
        let d = text[i + k] &- 0x30
        guard d < 10 else { return nil }
        v = v * 10 + Int(d)
      }
      i += count
      return v
    }
    func expect(_ c: UInt8) -> Bool {
      guard i < n, text[i] == c else { return false }
      i += 1
      return true
    }
    while i < n, text[i] == 0x20 { i += 1 }
    guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2),
      year >= 1, (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day), i < n,
      text[i] == 0x54 || text[i] == 0x20
    else { return nil }
    i += 1
    guard let hour = digits(2), expect(0x3A), let minute = digits(2), hour < 24, minute < 60 else { return nil }
    var seconds = 0.0
    if expect(0x3A) {
      guard let s = digits(2), s < 60 else { return nil }
      seconds = Double(s)
      if expect(0x2E) {
        var scale = 0.1
        let start = i
        while i < n, text[i] &- 0x30 < 10 {
          seconds += Double(text[i] &- 0x30) * scale
          scale /= 10
          i += 1
        }
        guard i > start else { return nil }
      }
    }
    let wall = Double(Self.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60) + seconds
    while i < n, text[i] == 0x20 { i += 1 }
    if i == n {
      self = .local(wall)
      return
    }
    if text[i] == 0x5A {
      i += 1
      guard i == n else { return nil }
      self = .instant(wall)
      return
    }
    guard text[i] == 0x2B || text[i] == 0x2D else { return nil }
    let sign = text[i] == 0x2D ? -1.0 : 1.0
    i += 1
    guard let offsetHours = digits(2) else { return nil }
    _ = expect(0x3A)
    guard let offsetMinutes = digits(2), i == n, offsetHours <= 14, offsetMinutes < 60 else { return nil }
    self = .instant(wall - sign * Double(offsetHours * 3_600 + offsetMinutes * 60))
  }

  /// Days in a month of the proleptic Gregorian calendar.
  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible
  /// low-level date algorithms", days_from_civil).
  public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }
}

/// Places local wall-clock times of one time zone (America/Chicago by default) on the time line.
///
/// Offsets come from the system time-zone database, looked up once per local hour (zone
/// transitions fall on whole hours in Chicago). A wall time in the spring-forward gap, which no
/// clock showed, is read with the offset in force before the gap. A wall time in the fall-back
/// hour, which clocks showed twice, has two instants; `placeSequence` picks for each the one
/// that keeps an event's stages in order.
public final class LocalTimeZone {
  public let zone: TimeZone
  private var cache: [Int: (early: Double, late: Double?)] = [:]

  public init(identifier: String = "America/Chicago") throws {
    guard let zone = TimeZone(identifier: identifier) else {
      throw FileIOError(path: identifier, reason: "unknown time zone")
    }
    self.zone = zone
  }

  /// The instants a wall time can denote: one, or two in a fall-back hour (earlier first).
  public func instants(ofWall wall: Double) -> (early: Double, late: Double?) {
    let hour = Int((wall / 3_600).rounded(.down))
    if let cached = cache[hour] {
      return (cached.early + (wall - Double(hour) * 3_600), cached.late.map { $0 + (wall - Double(hour) * 3_600) })
    }
    let hourStart = Double(hour) * 3_600
    // Candidate offsets: those in force a day either side (all a zone uses around a date).
    let offsets = Set([-86_400.0, 0, 86_400].map { Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: hourStart + $0))) })
    let valid = offsets.map { hourStart - $0 }.filter { Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: $0))) == hourStart - $0 }.sorted()
    let entry: (early: Double, late: Double?)
    if valid.isEmpty {
      // Spring-forward gap: the offset in force just before it.
      let before = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: hourStart - 86_400)))
      entry = (hourStart - before, nil)
    } else {
      entry = (valid[0], valid.count > 1 ? valid[valid.count - 1] : nil)
    }
    cache[hour] = entry
    return (entry.early + (wall - hourStart), entry.late.map { $0 + (wall - hourStart) })
  }

  /// Instants for the stages of one event, in stage order (nil = not recorded). Each ambiguous
  /// wall time takes the earliest instant not before the previous stage's.
  public func placeSequence(_ stamps: [ParsedTimestamp?]) -> [Double?] {
    var previous = -Double.infinity
    return stamps.map { stamp in
      guard let stamp else { return nil }
      let instant: Double
      switch stamp {
      case .instant(let t): instant = t
      case .local(let wall):
        let (early, late) = instants(ofWall: wall)
        instant = late.map { early >= previous ? early : $0 } ?? early
      }
      previous = instant
      return instant
    }
  }
}
