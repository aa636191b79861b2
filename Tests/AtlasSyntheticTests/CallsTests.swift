import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasStatistics
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasSynthetic

/// The calls of the standard run, parsed.
struct CallRecord {
  var priority: String
  var callType: String
  /// received, dispatched, en route, on scene, cleared (text; empty when not recorded).
  var stamps: [String]
  var lon: String
  var lat: String
  var beat: String
}

func readCalls(_ run: GeneratedSet) throws -> [CallRecord] {
  typealias C = ServiceInputs.Calls
  let table = try run.table(C.file)
  let columns = try [C.priority, C.callType, C.received, C.dispatched, C.enRoute, C.onScene, C.cleared, C.longitude, C.latitude, C.beat]
    .map { try #require(table.column($0)) }
  return table.rows.map { row in
    let f = columns.map { row.fields[$0] }
    return CallRecord(priority: f[0], callType: f[1], stamps: Array(f[2...6]), lon: f[7], lat: f[8], beat: f[9])
  }
}

@Suite("calls.csv")
struct CallsTests {
  @Test("priority mix within ±0.02 of the configured class shares (n = 20,000: 4+ standard errors) and each code within ±0.01")
  func priorityMix() throws {
    let run = try Fixture.standard
    let calls = try readCalls(run)
    let parameters = run.configuration.calls
    var byCode: [String: Int] = [:]
    for call in calls { byCode[call.priority, default: 0] += 1 }
    #expect(Set(byCode.keys).isSubset(of: Set(parameters.priorities.map(\.code))))
    let n = Double(calls.count)
    for share in parameters.priorities {
      #expect(abs(Double(byCode[share.code] ?? 0) / n - share.share) < 0.01, "code \(share.code)")
    }
    for k in 1...3 {
      let expected = parameters.priorities.filter { $0.priorityClass == k }.reduce(0) { $0 + $1.share }
      let observed = Double(calls.filter { $0.priority.hasPrefix(String(k)) }.count) / n
      #expect(abs(observed - expected) < 0.02, "class \(k): \(observed) vs \(expected)")
    }
    // Configured shares: 25 / 45 / 30 %.
    #expect(abs(parameters.priorities.filter { $0.priorityClass == 1 }.reduce(0) { $0 + $1.share } - 0.25) < 1e-12)
    for call in calls {
      let k = Int(String(call.priority.prefix(1)))!
      #expect(parameters.callTypes[k - 1].contains { $0.label == call.callType }, "\(call.callType) is a class-\(k) type")
    }
  }

  @Test("every timestamp is ISO 8601 with the offset America/Chicago had at that instant (Foundation oracle)")
  func timestampsCarryTheirOffset() throws {
    let run = try Fixture.standard
    let formatter = ISO8601DateFormatter()
    let zone = try #require(TimeZone(identifier: "America/Chicago"))
    var checked = 0
    var stamps = try readCalls(run).flatMap(\.stamps)
    let outages = try run.table(ServiceInputs.CameraOutages.file)
    // Every 7th outage row keeps the test quick while covering the whole year.
    for row in outages.rows.enumerated() where row.offset % 7 == 0 { stamps += row.element.fields[2...3] }
    for text in stamps where !text.isEmpty {
      guard let date = formatter.date(from: text), let t = instant(text) else {
        Issue.record("not ISO 8601 with offset: \(text)")
        continue
      }
      #expect(Int64(date.timeIntervalSince1970) == t)
      let sign: Int = text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: 19)] == UInt8(ascii: "-") ? -1 : 1
      let hours = Int(text.dropFirst(20).prefix(2))!
      let minutes = Int(text.suffix(2))!
      #expect(sign * (hours * 3600 + minutes * 60) == zone.secondsFromGMT(for: date), "\(text)")
      checked += 1
    }
    #expect(checked > 60_000)
  }

  @Test("DST: both offsets in the repeated November hour, none in the spring gap, calls on both sides of it")
  func daylightSavingEdges() throws {
    let run = try Fixture.standard
    let received = try readCalls(run).map { $0.stamps[0] }
    let minimum = run.configuration.calls.dstEdgeMinimumCalls
    func count(_ prefix: String, _ offset: String) -> Int { received.filter { $0.hasPrefix(prefix) && $0.hasSuffix(offset) }.count }
    // 2023: DST ended Sunday 5 November (01:00–02:00 twice), began Sunday 12 March (02:00–03:00 skipped).
    #expect(count("2023-11-05T01:", "-05:00") >= minimum)
    #expect(count("2023-11-05T01:", "-06:00") >= minimum)
    #expect(count("2023-03-12T02:", "") == 0)
    #expect(count("2023-03-12T01:", "-06:00") >= minimum)
    #expect(count("2023-03-12T03:", "-05:00") >= minimum)
    // Received times stay in the year and are sorted.
    let instants = received.compactMap(instant)
    #expect(instants.count == received.count)
    #expect(instants == instants.sorted())
    #expect(received.first!.hasPrefix("2023-01-01") && received.last!.hasPrefix("2023-12-31"))
  }

  @Test("diurnal cycle: the 17:00–19:00 peak has at least twice the calls of 04:00–06:00 (configured ratio ≈ 2.8)")
  func diurnalCycle() throws {
    let received = try readCalls(try Fixture.standard).map { $0.stamps[0] }
    let hour = received.map { Int($0.dropFirst(11).prefix(2))! }
    let peak = hour.filter { $0 == 17 || $0 == 18 }.count
    let trough = hour.filter { $0 == 4 || $0 == 5 }.count
    #expect(Double(peak) > 2 * Double(trough), "peak \(peak), trough \(trough)")
  }

  @Test("injected districts: median call→dispatch ratio within ±15 % of truth per priority class")
  func dispatchMultiplier() throws {
    let run = try Fixture.standard
    let city = try Fixture.city
    let truth = try run.truth()
    guard case .object(let injected)? = truth["disparities"]?[SyntheticCity.districtsLayer] else {
      Issue.record("no injected districts in truth.json")
      return
    }
    // The dispatch-delay districts (the case-mix trap districts are keyed otherwise).
    let injectedIDs = Set(injected.filter { $0.1["call_to_dispatch_multiplier"] != nil }.map(\.0))
    let expected = try #require(truth["effects"]?.arrayValue?.first { $0["measure"]?.stringValue == "call_to_dispatch_median_ratio" }?["expected"])
    var inside: [[Double]] = [[], [], []]
    var outside: [[Double]] = [[], [], []]
    for call in try readCalls(run) {
      guard let lon = Double(call.lon), let lat = Double(call.lat), let r = instant(call.stamps[0]), let d = instant(call.stamps[1]) else {
        continue
      }
      let location = city.engine.locate(lon: lon, lat: lat)
      guard let district = city.engine.areaID(location[1], layer: 1) else { continue }
      let k = Int(String(call.priority.prefix(1)))! - 1
      if injectedIDs.contains(district) { inside[k].append(Double(d - r)) } else { outside[k].append(Double(d - r)) }
    }
    for k in 0..<3 {
      let ratio = try inside[k].median() / outside[k].median()
      let target = try #require(expected[String(k + 1)]?.numberValue)
      #expect(abs(ratio / target - 1) < 0.15, "seed \(Fixture.seed), class \(k + 1): ratio \(ratio), truth \(target)")
    }
    #expect(try #require(expected["1"]?.numberValue) == run.configuration.disparities.dispatchDelayMultiplier)
  }

  @Test("injected districts: on-scene completeness within ±0.05 of 0.35, elsewhere within ±0.03 of 0.58")
  func onSceneCompleteness() throws {
    let run = try Fixture.standard
    let city = try Fixture.city
    guard case .object(let injected)? = try run.truth()["disparities"]?[SyntheticCity.districtsLayer] else {
      Issue.record("no injected districts in truth.json")
      return
    }
    // The dispatch-delay districts (the case-mix trap districts are keyed otherwise).
    let injectedIDs = Set(injected.filter { $0.1["call_to_dispatch_multiplier"] != nil }.map(\.0))
    var counts = (inCalls: 0, inRecorded: 0, outCalls: 0, outRecorded: 0)
    for call in try readCalls(run) {
      guard let lon = Double(call.lon), let lat = Double(call.lat),
        let district = city.engine.areaID(city.engine.locate(lon: lon, lat: lat)[1], layer: 1)
      else { continue }
      if injectedIDs.contains(district) {
        counts.inCalls += 1
        if !call.stamps[3].isEmpty { counts.inRecorded += 1 }
      } else {
        counts.outCalls += 1
        if !call.stamps[3].isEmpty { counts.outRecorded += 1 }
      }
    }
    let d = run.configuration.disparities
    let inside = Double(counts.inRecorded) / Double(counts.inCalls)
    let outside = Double(counts.outRecorded) / Double(counts.outCalls)
    #expect(abs(inside - d.injectedOnSceneRecordedShare) < 0.05, "seed \(Fixture.seed): \(inside)")
    #expect(abs(outside - run.configuration.calls.onSceneRecordedShare) < 0.03, "seed \(Fixture.seed): \(outside)")
  }

  @Test("data-entry errors: rows with a negative or > 24 h interval are exactly those truth.json counts")
  func dataEntryErrors() throws {
    let run = try Fixture.standard
    var negative = 0
    var overDay = 0
    for call in try readCalls(run) {
      let recorded = call.stamps.compactMap { $0.isEmpty ? nil : instant($0) }
      let gaps = zip(recorded.dropFirst(), recorded).map { $0 - $1 }
      if gaps.contains(where: { $0 < 0 }) { negative += 1 }
      if gaps.contains(where: { $0 > 86_400 }) { overDay += 1 }
    }
    let quality = try #require(try run.truth()["data_quality"]?[ServiceInputs.Calls.file])
    func total(_ key: String) -> Int {
      guard case .object(let members)? = quality[key] else { return -1 }
      return members.reduce(0) { $0 + Int($1.1.numberValue ?? 0) }
    }
    #expect(negative == total("negative_interval_errors"))
    #expect(overDay == total("over_24h_interval_errors"))
    // Expected about 0.08 % and 0.04 % of 20,000 rows.
    #expect((4...40).contains(negative) && (1...25).contains(overDay), "\(negative) negative, \(overDay) over 24 h")
  }

  @Test("locations: ~0.5 % beat only, a beat on every row, coordinates in the written beat (≥ 98 %)")
  func locations() throws {
    let run = try Fixture.standard
    let city = try Fixture.city
    let calls = try readCalls(run)
    let beatOnly = calls.filter { $0.lon.isEmpty && $0.lat.isEmpty }
    #expect((40...160).contains(beatOnly.count), "\(beatOnly.count) rows without location (expected ≈ 100)")
    #expect(calls.allSatisfy { $0.beat.count == 4 && Int($0.beat) != nil })
    var inBeat = 0
    var located = 0
    for call in calls {
      guard let lon = Double(call.lon), let lat = Double(call.lat), lon < -87, lat > 41 else { continue }
      located += 1
      if city.engine.areaID(city.engine.locate(lon: lon, lat: lat)[2], layer: 2) == Layer<WGS84LonLat>.canonicalID(call.beat) { inBeat += 1 }
    }
    #expect(Double(inBeat) / Double(located) > 0.98)
    let quality = try #require(try run.truth()["data_quality"]?[ServiceInputs.Calls.file])
    #expect(quality["location_missing_beat_only"]?.numberValue == Double(beatOnly.count))
  }
}
