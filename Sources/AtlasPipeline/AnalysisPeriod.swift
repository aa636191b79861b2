import AtlasIO
import Foundation

/// The span of time the per-area figures describe: whole local days in the analysis time zone
/// (America/Chicago), from the midnight that starts `startDate` to the midnight that starts
/// `endDate` (exclusive).
///
/// A year of Chicago days is 365 days of 24 hours except the two DST days (23 and 25 hours), so
/// uptime fractions are not biased by a 366th UTC day that straddles the new year.
public struct AnalysisPeriod: Sendable, Equatable {
  /// Instants (seconds since 1970, UTC) of the two local midnights.
  public var start: Double
  public var end: Double
  /// Civil dates, `YYYY-MM-DD`; `endDate` is the first day after the period.
  public var startDate: String
  public var endDate: String
  public var timeZone: String
  /// How the period was chosen, e.g. "--period", "the calls' received times".
  public var source: String

  public var range: ClosedRange<Double> { start...end }
  /// Whole local days in the period.
  public var days: Int { Self.day(of: endDate) - Self.day(of: startDate) }

  public var description: String {
    "\(startDate) to \(endDate) (exclusive), \(days) days, \(timeZone) local days; chosen from \(source)"
  }

  /// The period from `--period START/END` (civil dates, END exclusive).
  ///
  /// - Throws: `AnalysisPeriod.Error` naming what is wrong with the text.
  public init(parsing text: String, zone: LocalTimeZone) throws {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.count == 2, let first = Self.parseDate(parts[0]), let last = Self.parseDate(parts[1]) else {
      throw Error(message: "--period takes two dates as START/END, e.g. 2023-01-01/2024-01-01 (END is the first day after the period), not '\(text)'")
    }
    guard last > first else { throw Error(message: "--period \(text): END must be after START") }
    guard last - first <= 3_660 else { throw Error(message: "--period \(text) spans more than 10 years; check the dates") }
    self.init(firstDay: first, endDay: last, zone: zone, source: "--period")
  }

  /// The whole local days that contain every instant from `first` to `last`.
  public init(covering first: Double, _ last: Double, zone: LocalTimeZone, source: String) {
    self.init(firstDay: Self.localDay(of: first, zone: zone), endDay: Self.localDay(of: last, zone: zone) + 1, zone: zone, source: source)
  }

  init(firstDay: Int, endDay: Int, zone: LocalTimeZone, source: String) {
    start = zone.instants(ofWall: Double(firstDay) * 86_400).early
    end = zone.instants(ofWall: Double(endDay) * 86_400).early
    startDate = Self.civil(firstDay)
    endDate = Self.civil(endDay)
    timeZone = zone.zone.identifier
    self.source = source
  }

  /// Days since 1970-01-01 of the local date on which `instant` falls.
  static func localDay(of instant: Double, zone: LocalTimeZone) -> Int {
    let offset = Double(zone.zone.secondsFromGMT(for: Date(timeIntervalSince1970: instant)))
    return Int(((instant + offset) / 86_400).rounded(.down))
  }

  static func parseDate(_ text: String) -> Int? {
    let parts = text.split(separator: "-")
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1,
      d <= ParsedTimestamp.daysIn(month: m, year: y)
    else { return nil }
    return ParsedTimestamp.daysFromCivil(year: y, month: m, day: d)
  }

  static func day(of civil: String) -> Int { parseDate(civil) ?? 0 }

  /// `YYYY-MM-DD` of days since 1970-01-01.
  static func civil(_ days: Int) -> String {
    let (y, m, d) = ParsedTimestamp.civil(fromDays: days)
    return String(format: "%04d-%02d-%02d", y, m, d)
  }

  public struct Error: Swift.Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }
}
