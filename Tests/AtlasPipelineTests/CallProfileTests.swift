import AtlasGeometry
import AtlasIO
import AtlasStatistics
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasPipeline

@Suite("call profiles: CAD extracts as users have them")
struct CallProfileTests {
  func read(_ text: String, profile: CallProfile) throws -> CallTable {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("calls.csv").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    let extent = try TestData.layer("wards-2023").envelope
    return try CallTable.read(path: path, profile: profile, zone: try LocalTimeZone(), extent: extent)
  }

  static let seattleHeader =
    "\u{FEFF}CAD Event Number,Event Clearance Description,Call Type,Priority,Initial Call Type,Final Call Type,Original Time Queued,Arrived Time,Precinct,Sector,Beat,Blurred_Longitude,Blurred_Latitude\n"

  @Test("Seattle's shape: BOM, 12-hour local times in Pacific time, empty arrival = not recorded, priorities 1–7 mapped")
  func seattleShape() throws {
    let text =
      Self.seattleHeader
      + "2011000272829,X,911,3,A,--THEFT,08/19/2011 09:16:27 PM,08/19/2011 09:31:33 PM,EAST,CHARLIE,C3,-122.317,47.613\n"
      + "2011000272830,X,\"TELEPHONE OTHER, NOT 911\",7,A,--B,03/13/2011 01:55:00 AM,03/13/2011 03:05:00 AM,EAST,CHARLIE,C2,-122.318,47.612\n"
      + "2011000272831,X,\"ALARM CALL (NOT POLICE ALARM)\",1,A,B,08/19/2011 10:00:00 PM,,EAST,CHARLIE,C3,-122.319,47.611\n"
      + "2011000272832,X,911,9,A,B,08/19/2011 10:00:00 PM,,EAST,CHARLIE,C3,-122.319,47.611\n"
    let profile = try #require(CallProfile.recognise(header: try CSVTable(bytes: Array(text.utf8), path: "s").header))
    #expect(profile.name == "seattle-spd")
    let table = try read(text, profile: profile)
    #expect(table.count == 3)
    #expect(table.priority == [2, 3, 1])
    // 21:16:27 → 21:31:33 is 906 s; across the spring-forward gap 01:55 PST → 03:05 PDT is 10 minutes.
    #expect(try table.interval(.callToOnScene, call: 0).get() == 906)
    #expect(try table.interval(.callToOnScene, call: 1).get() == 600)
    #expect(table.interval(.callToOnScene, call: 2) == .failure(IntervalProblemError(problem: .missing)))
    // 2011-08-19 21:16:27 PDT = 2011-08-20T04:16:27Z = 1313813787 (date -u -d '2011-08-20 04:16:27' +%s).
    #expect(table.stamps[CallStage.received.rawValue][0] == 1_313_813_787)
    #expect(table.accounting.rows("outside the city (some layer)") == 0)  // split happens in analyze
    #expect(table.accounting.rows("read (located)") == 3)
    #expect(table.accounting.rows("rejected: unknown priority code (the profile maps 1, 2, 3, 4, 5, 6, 7)") == 1)
  }

  @Test("San Francisco's shape: null/None sentinels, a (lat, lon) column, priority E, a date and a 12-hour time")
  func sanFranciscoShape() throws {
    let header =
      "CallNumber,UnitID,IncidentNumber,CallType,CallDate,WatchDate,CallFinalDisposition,AvailableDtTm,Address,City,Zipcode,Battalion,StationArea,Box,OriginalPriority,Priority,FinalPriority,ALSUnit,CallTypeGroup,NumAlarms,UnitType,UnitSequenceInCallDispatch,FirePreventionDistrict,SupervisorDistrict,Neighborhood,Location,RowID,Delay\n"
    let text =
      header
      + "20110016,T13,2003235,Structure Fire,2002-01-11,2002-01-10,Other,01/11/2002 01:51:44 AM,2000 Block of CALIFORNIA ST,SF,94109,B04,38,3362,3,3,3,false,null,1,TRUCK,2,4,5,Pacific Heights,\"(37.7895840679362, -122.428071912459)\",020110016-T13,2.95\n"
      + "20110022,M17,2003241,Medical Incident,2002-01-11,2002-01-10,Other,null,0 Block of SILVERVIEW DR,SF,94124,B10,42,6495,E,E,3,true,null,1,MEDIC,1,None,10,None,\"(37.7337623673897, -122.396113802632)\",020110022-M17,4.7\n"
      + "20110023,M41,2003242,Medical Incident,2002-01-11,2002-01-10,Other,01/11/2002 02:39:50 AM,MARKET ST,SF,94102,B03,1,1455,1,1,3,true,null,1,MEDIC,2,3,6,Tenderloin,null,020110023-M41,2.43\n"
    let profile = try #require(CallProfile.recognise(header: try CSVTable(bytes: Array(text.utf8), path: "f").header))
    #expect(profile.name == "sf-fire")
    let table = try read(text, profile: profile)
    #expect(table.count == 2)
    #expect(table.priority == [1, 1])
    #expect(table.priorityCode == ["3", "E"])
    // CallDate 2002-01-11 (local midnight) to 01:51:44 the same night: 6,704 s.
    let received = table.stamps[CallStage.received.rawValue]
    let cleared = table.stamps[CallStage.cleared.rawValue]
    #expect(cleared[0] - received[0] == 6_704)
    #expect(cleared[1].isNaN)
    #expect(table.longitude[0] == -122.428071912459 && table.latitude[0] == 37.7895840679362)
    // The third row has no location and no beat column: rejected with the reason.
    #expect(table.accounting.rows("rejected: missing coordinate, and no beat") == 1)
  }

  @Test("real samples: every row of the Seattle and San Francisco files is read and accounted; Seattle's median queued-to-arrived is 15.1 min")
  func realSamples() throws {
    let seattle = try TestData.file("real/seattle_spd_call_data_sample.csv")
    let sf = try TestData.file("real/sf_fire_calls_sample.csv")
    guard FileManager.default.fileExists(atPath: seattle), FileManager.default.fileExists(atPath: sf) else { return }
    let zone = try LocalTimeZone()
    let extent = try TestData.layer("wards-2023").envelope
    let s = try CallTable.read(path: seattle, profile: try CallProfile.detect(seattle), zone: zone, extent: extent)
    #expect(s.accounting.rowsRead == 275 && s.count == 275 && s.accounting.isConsistent)
    let waits = (0..<s.count).compactMap { try? s.interval(.callToOnScene, call: $0).get() }
    // PROVENANCE.md: 66 rows have no arrival; where present the median is 15.1 min and none is negative.
    #expect(waits.count == 275 - 66)
    #expect(abs(try waits.median() / 60 - 15.1) < 0.05)
    #expect(waits.allSatisfy { $0 >= 0 })
    let f = try CallTable.read(path: sf, profile: try CallProfile.named("sf-fire"), zone: zone, extent: extent)
    #expect(f.accounting.rowsRead == 1_000 && f.count == 1_000 && f.accounting.isConsistent)
    // 12 AvailableDtTm are null; 25 priorities are E.
    #expect(f.stamps[CallStage.cleared.rawValue].filter(\.isNaN).count == 12)
    #expect(f.priorityCode.filter { $0 == "E" }.count == 25)
  }

  @Test("a profile file is read, and its mistakes are named with the file and the key")
  func profileFiles() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("cad.yaml").path
    try Data(
      """
      name: county-cad
      columns:
        priority: PRI
        received: CALL_TIME
        dispatched: DISP_TIME
      location:
        x: X
        y: Y
        crs: EPSG:3435
      time_formats: ["yyyy-MM-dd HH:mm:ss.SSS", epoch]
      missing: ["", "NULL", "-9999"]
      priorities: {EMERGENCY: 1, URGENT: 2, ROUTINE: 3}
      """.utf8
    ).write(to: URL(fileURLWithPath: path))
    let profile = try CallProfile.named(path)
    #expect(profile.location == .projected(x: "X", y: "Y", crs: .illinoisEastFtUS))
    // 1,174,000 ft E, 1,901,000 ft N: `echo "1174000 1901000" | cs2cs -f %.7f EPSG:3435 EPSG:4326` gives 41.8837532 -87.6365112.
    let table = try read(
      "PRI,CALL_TIME,DISP_TIME,X,Y\nemergency,2023-06-01 10:00:00.000,1685631660,1174000,1901000\nROUTINE,2023-06-01 10:00:00.000,NULL,-9999,1901000\nSOON,2023-06-01 10:00:00.000,,1,1\n",
      profile: profile)
    #expect(table.count == 1)
    #expect(table.priority == [1])
    // 10:00 CDT = 15:00Z = 1685631600; dispatched at epoch 1685631660: 60 s.
    #expect(try table.interval(.callToDispatch, call: 0).get() == 60)
    #expect(abs(table.longitude[0] - -87.6365112) < 1e-7 && abs(table.latitude[0] - 41.8837532) < 1e-7)
    #expect(table.accounting.rows("rejected: missing coordinate, and no beat") == 1)
    #expect(table.accounting.notes.last == "coordinates reprojected from EPSG:3435 to WGS 84 with PROJ")
    for (yaml, words) in [
      ("columns: {priority: P}\n", "columns.received is required"), ("colums: {}\n", "unknown key 'colums'"),
      ("columns: {priority: P, received: R}\npriorities: {A: 4}\n", "'A' maps to 4"),
      ("columns: {priority: P, received: R}\ntime_formats: [hh:mm]\n", "time format 'hh:mm'"),
    ] {
      try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
      #expect { try CallProfile.named(path) } throws: { "\($0)".hasPrefix(path) && "\($0)".contains(words) }
    }
  }
}
