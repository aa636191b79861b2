import AtlasIO
import Foundation
import Testing

@Suite("Timestamps and DST")
struct TimestampTests {
  func parse(_ text: String) -> ParsedTimestamp? { Array(text.utf8).withUnsafeBufferPointer { ParsedTimestamp($0) } }

  @Test("hand-derived: offsets, Z, fractions, and refusals")
  func parsing() {
    // 2023-11-05T06:50:00Z = 1699167000 (date -u -d 2023-11-05T06:50:00Z +%s).
    #expect(parse("2023-11-05T01:50:00-05:00") == .instant(1_699_167_000))
    #expect(parse("2023-11-05T06:50:00Z") == .instant(1_699_167_000))
    #expect(parse("2023-11-05 01:50:00") == .local(1_699_149_000))
    #expect(parse("2023-11-05T01:50:00.250-0500") == .instant(1_699_167_000.25))
    #expect(parse("2023-11-05T01:50") == .local(1_699_149_000))
    for bad in ["", "2023-13-01 00:00", "2023-11-05", "05/11/2023 01:50", "2023-11-05T01:50:00+25:00", "2023-11-05T1:50"] {
      #expect(parse(bad) == nil, "\(bad)")
    }
  }

  @Test("hand-derived: received 01:50 CDT, dispatched 01:05 CST is 15 minutes, not −45")
  func fallBack() throws {
    let zone = try LocalTimeZone()
    let placed = zone.placeSequence([parse("2023-11-05 01:50:00"), parse("2023-11-05 01:05:00")])
    #expect(placed[1]! - placed[0]! == 900)
    // With offsets the text says it all.
    let explicit = zone.placeSequence([parse("2023-11-05T01:50:00-05:00"), parse("2023-11-05T01:05:00-06:00")])
    #expect(explicit[1]! - explicit[0]! == 900)
    // Two stages in the repeated hour, in order: both read as CDT.
    let both = zone.placeSequence([parse("2023-11-05 01:10:00"), parse("2023-11-05 01:20:00")])
    #expect(both[1]! - both[0]! == 600)
  }

  @Test("hand-derived: across the spring-forward gap 01:55 CST to 03:05 CDT is 10 minutes")
  func springForward() throws {
    let zone = try LocalTimeZone()
    let placed = zone.placeSequence([parse("2023-03-12 01:55:00"), nil, parse("2023-03-12 03:05:00")])
    #expect(placed[1] == nil)
    #expect(placed[2]! - placed[0]! == 600)
  }

  @Test("every hour of 2023 agrees with Foundation's America/Chicago offsets")
  func wholeYear() throws {
    let zone = try LocalTimeZone()
    let start = Double(ParsedTimestamp.daysFromCivil(year: 2023, month: 1, day: 1) * 86_400)
    for hour in 0..<(365 * 24) {
      let utc = start + Double(hour) * 3_600 + 1_234
      let wall = utc + Double(zone.zone.secondsFromGMT(for: Date(timeIntervalSince1970: utc)))
      let (early, late) = zone.instants(ofWall: wall)
      #expect(early == utc || late == utc, "hour \(hour)")
    }
  }
}
