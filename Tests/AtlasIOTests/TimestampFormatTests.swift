import AtlasIO
import Foundation
import Testing

@Suite("time formats of CAD extracts")
struct TimestampFormatTests {
  func wall(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int, _ s: Double) -> ParsedTimestamp {
    .local(Double(ParsedTimestamp.daysFromCivil(year: y, month: m, day: d) * 86_400 + h * 3_600 + min * 60) + s)
  }

  @Test("hand-derived: US 12-hour, ISO with milliseconds, date only, epoch seconds")
  func patterns() throws {
    let us = try TimestampFormat("MM/dd/yyyy hh:mm:ss a")
    #expect(us.parse("08/19/2011 09:16:27 PM") == wall(2011, 8, 19, 21, 16, 27))
    #expect(us.parse("08/19/2011 12:05:00 AM") == wall(2011, 8, 19, 0, 5, 0))
    #expect(us.parse("08/19/2011 12:05:00 pm") == wall(2011, 8, 19, 12, 5, 0))
    for bad in ["8/19/2011 09:16:27 PM", "08/19/2011 13:16:27 PM", "08/19/2011 00:16:27 AM", "02/30/2011 09:16:27 PM", "08/19/2011 09:16:27", ""] {
      #expect(us.parse(bad) == nil, "\(bad)")
    }
    let loose = try TimestampFormat("M/d/yyyy")
    #expect(loose.parse("8/2/2014") == wall(2014, 8, 2, 0, 0, 0))
    #expect(loose.parse("12/31/2014") == wall(2014, 12, 31, 0, 0, 0))
    let iso = try TimestampFormat("yyyy-MM-dd HH:mm:ss.SSS")
    #expect(iso.parse("2023-05-01 13:02:03.250") == wall(2023, 5, 1, 13, 2, 3.25))
    #expect(iso.parse("2024-02-29 00:00:00.000") == wall(2024, 2, 29, 0, 0, 0))
    #expect(iso.parse("2023-02-29 00:00:00.000") == nil)
    // date -u -d @1672552860 = 2023-01-01T06:01:00Z
    #expect(TimestampFormat.epoch.parse("1672552860") == .instant(1_672_552_860))
    #expect(TimestampFormat.epoch.parse("1672552860.5") == .instant(1_672_552_860.5))
    #expect(TimestampFormat.epoch.parse("16725e2") == nil)
    #expect(try TimestampFormat("iso8601").parse("2023-11-05T01:50:00-05:00") == .instant(1_699_167_000))
  }

  @Test("patterns that cannot be read are refused with the reason")
  func refusals() {
    for bad in ["yy-MM-dd", "MM/dd/yyyy hh:mm", "HH:mm", "yyyy-MM-dd Q", "yyyy-MM-dd HH:mmm"] {
      #expect(throws: TimestampFormatError.self, "\(bad)") { try TimestampFormat(bad) }
    }
  }

  @Test("civil dates and day counts are inverse over ±2,000 years; hand-checked anchors")
  func civilRoundTrip() {
    for days in stride(from: -800_000, through: 800_000, by: 997) {
      let (y, m, d) = ParsedTimestamp.civil(fromDays: days)
      #expect(ParsedTimestamp.daysFromCivil(year: y, month: m, day: d) == days)
    }
    #expect(ParsedTimestamp.civil(fromDays: 0) == (1970, 1, 1))
    // date -u -d @$((19416*86400)) +%F = 2023-02-28; the next day is March 1st.
    #expect(ParsedTimestamp.civil(fromDays: 19_416) == (2023, 2, 28))
    #expect(ParsedTimestamp.civil(fromDays: 19_417) == (2023, 3, 1))
  }
}
