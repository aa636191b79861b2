import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasSpatial
import AtlasTestSupport
import Foundation
import Testing

@Suite("Streaming join")
struct JoinJobTests {
  func runJoin(
    _ csv: String, layers: [Layer<WGS84LonLat>], rule: BoundaryRule = .southEastExact,
    configure: (inout JoinConfiguration) -> Void = { _ in }
  ) throws -> (JoinAccounting, CSVTable, String) {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("in.csv").path
    let output = directory.appendingPathComponent("out.csv").path
    try Data(csv.utf8).write(to: URL(fileURLWithPath: input))
    var configuration = JoinConfiguration(inputPath: input, outputPath: output)
    configure(&configuration)
    let engine = try JoinEngine(layers: layers, rule: rule)
    let accounting = try JoinJob(configuration: configuration, engine: engine).run()
    let text = try String(contentsOfFile: output, encoding: .utf8)
    return (accounting, try CSVTable(contentsOf: output), text)
  }

  @Test("every bad-row kind is rejected with its reason, and the accounting adds up")
  func badRows() throws {
    let csv = """
      id,Longitude,Latitude,note
      1,-87.695,41.895,inside r0c0
      2,-87.60,41.80,outside the tiles
      3,,41.895,missing lon
      4,abc,41.895,text
      5,NaN,41.895,nan
      6,0,0,zero
      7,-87.695,95,latitude out of range
      8,41.895,-87.695,swapped
      9,-87.695
      10,-87.695,41.895,x,extra
      11,"-87.675","41.875","quoted, numbers"
      12,-87.685,41.89,on the r0c1/r1c1 edge
      13,-87.695,41.895,"unterminated
      """
    let tiles = squareTiling(columns: 3, rows: 3)
    let (accounting, table, _) = try runJoin(csv, layers: [tiles])
    #expect(table.header == ["id", "Longitude", "Latitude", "note", "tiles", "join_status"])
    #expect(table.rows.count == 13)
    #expect(table.rows.map { $0.fields[0] } == (1...13).map(String.init))
    #expect(table.rows.allSatisfy { $0.fields.count == 6 })
    let status = table.rows.map { $0.fields[5] }
    #expect(status[0] == "ok")
    #expect(table.rows[0].fields[4] == "r0c0")
    #expect(status[1] == "outside")
    #expect(status[2] == "rejected: missing Longitude")
    #expect(status[3] == "rejected: non-numeric Longitude 'abc'")
    #expect(status[4].hasPrefix("rejected: Longitude nan"))
    #expect(status[5].hasPrefix("rejected: zero coordinates"))
    #expect(status[6].hasPrefix("rejected: coordinate out of range"))
    #expect(status[7].hasPrefix("rejected: swapped coordinates"))
    #expect(status[8] == "rejected: short row: 2 of 4 fields")
    #expect(status[9].hasPrefix("rejected: long row: 5 fields"))
    #expect(table.rows[9].fields[3] == "x")
    #expect(status[10] == "ok")
    #expect(table.rows[10].fields[3] == "quoted, numbers")
    #expect(table.rows[10].fields[4] == "r2c2")
    #expect(table.rows[11].fields[4] == "r1c1")
    #expect(status[12].hasPrefix("rejected: unterminated quoted field"))
    #expect(table.rows[12].fields[3] == "unterminated")

    #expect(accounting.rowsRead == 13)
    #expect(accounting.ok == 3)
    #expect(accounting.outside == 1)
    #expect(accounting.rejectedTotal == 9)
    #expect(
      accounting.rejected == [
        .missingCoordinate: 1, .notANumber: 1, .nonFinite: 1, .zeroCoordinates: 1, .outOfRange: 1,
        .swappedCoordinates: 1, .shortRow: 1, .longRow: 1, .unterminatedQuote: 1,
      ])
    #expect(accounting.layers[0].count(.onBoundary) == 1)
    #expect(accounting.isConsistent)
    #expect(accounting.examples.first { $0.reason == .shortRow }?.line == 10)
    #expect(accounting.examples.first { $0.reason == .shortRow }?.row == 9)
  }

  @Test("a UTF-8 BOM, CRLF and quoted line breaks pass through; line numbers count physical lines")
  func formatting() throws {
    let csv = "\u{FEFF}name,lat,lon\r\n\"two\nlines\",41.895,-87.695\r\n\"say \"\"x\"\"\",,-87.695\r\n"
    let (accounting, table, text) = try runJoin(csv, layers: [squareTiling(columns: 3, rows: 3)])
    #expect(table.header == ["name", "lat", "lon", "tiles", "join_status"])
    #expect(table.rows[0].fields == ["two\nlines", "41.895", "-87.695", "r0c0", "ok"])
    #expect(table.rows[1].fields[0] == "say \"x\"")
    #expect(text.hasPrefix("name,lat,lon,tiles,join_status\n\"two\nlines\",41.895,-87.695,r0c0,ok\n"))
    #expect(accounting.examples.map(\.line) == [4])
  }

  @Test("outputs are byte-identical for any number of threads and chunk size")
  func determinism() throws {
    var csv = "id,lon,lat\n"
    var random = SeededGenerator(seed: 42)
    for i in 0..<20_000 {
      let lon = Double.random(in: -87.71 ... -87.66, using: &random)
      let lat = Double.random(in: 41.86...41.91, using: &random)
      csv += i % 97 == 0 ? "\(i),,\(lat)\n" : "\(i),\(lon),\(lat)\n"
    }
    let tiles = squareTiling(columns: 3, rows: 3)
    let (reference, _, one) = try runJoin(csv, layers: [tiles]) { $0.threads = 1 }
    let (accounting, _, many) = try runJoin(csv, layers: [tiles]) {
      $0.threads = 4
      $0.chunkSize = 5_000
    }
    #expect(one == many)
    #expect(reference == accounting)
    #expect(accounting.rowsRead == 20_000)
    #expect(accounting.rejected[.missingCoordinate] == 207)
  }

  @Test("the input must have coordinate columns and no column the join adds")
  func headerErrors() throws {
    let tiles = squareTiling(columns: 1, rows: 1)
    #expect(throws: JoinError.noCoordinateColumns(header: ["a", "b"])) { try runJoin("a,b\n1,2\n", layers: [tiles]) }
    #expect(throws: JoinError.columnCollision("tiles")) { try runJoin("lon,lat,tiles\n1,2,3\n", layers: [tiles]) }
    #expect(throws: JoinError.missingColumn("X", header: ["lon", "lat"])) {
      try runJoin("lon,lat\n1,2\n", layers: [tiles]) {
        $0.lonColumn = "X"
        $0.latColumn = "lat"
      }
    }
  }
}

/// The join on the real 2023 crime sample against the City's own Ward and Beat labels.
@Suite("Agreement with the City's labels")
struct AgreementTests {
  /// Share of joined rows whose area equals the label in `labelColumn`.
  func agreement(_ table: CSVTable, layer: String, labelColumn: String) throws -> Double {
    let areaIndex = try #require(table.column(layer))
    let labelIndex = try #require(table.column(labelColumn))
    let statusIndex = try #require(table.column("join_status"))
    let joined = table.rows.filter { !$0.fields[statusIndex].hasPrefix("rejected") }
    let agreeing = joined.filter { Layer<WGS84LonLat>.canonicalID($0.fields[labelIndex]) == $0.fields[areaIndex] }
    return Double(agreeing.count) / Double(joined.count)
  }

  func join(_ rule: BoundaryRule, crs: CRS = .wgs84, columns: (String, String)? = nil) throws -> (JoinAccounting, CSVTable) {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = directory.appendingPathComponent("joined.csv").path
    var configuration = JoinConfiguration(inputPath: try TestData.file("points/crimes_2023_nov06-19.csv"), outputPath: output)
    configuration.crs = crs
    configuration.lonColumn = columns?.0
    configuration.latColumn = columns?.1
    let engine = try JoinEngine.load(
      layerIDs: ["wards-2023", "police-beats"], from: try TestData.directory, manifest: try BoundaryManifest.bundled(), rule: rule)
    let accounting = try JoinJob(configuration: configuration, engine: engine).run()
    return (accounting, try CSVTable(contentsOf: output))
  }

  /// Plain point-in-polygon reference figures (94.8% wards, 90.9% beats) from
  /// shared/data/PROVENANCE.md, computed there with shapely 2.2; ours must not fall below.
  @Test("the default rule agrees with the City's ward and beat labels at least as plain point-in-polygon")
  func defaultRule() throws {
    let (accounting, table) = try join(.southEast(toleranceFeet: JoinDefaults.toleranceFeet))
    #expect(accounting.rowsRead == 9_939)
    #expect(accounting.rejected == [.missingCoordinate: 3])
    #expect(accounting.isConsistent)
    let wards = try agreement(table, layer: "wards-2023", labelColumn: "ward")
    let beats = try agreement(table, layer: "police-beats", labelColumn: "beat")
    #expect(wards >= 0.948)
    #expect(beats >= 0.9085)
    // Plain covers gives the same figures on this sample: no point lies exactly on a boundary.
    let (_, plain) = try join(.none)
    #expect(try agreement(plain, layer: "wards-2023", labelColumn: "ward") == wards)
  }

  @Test("State Plane input reprojected with PROJ lands in the same areas as the lon/lat columns")
  func statePlane() throws {
    let (lonLat, reference) = try join(.southEastExact)
    let (projected, table) = try join(.southEastExact, crs: .illinoisEastFtUS, columns: ("x_coordinate", "y_coordinate"))
    #expect(projected.rowsRead == lonLat.rowsRead)
    let ward = try #require(table.column("wards-2023"))
    let beat = try #require(table.column("police-beats"))
    var same = 0
    for (a, b) in zip(reference.rows, table.rows) where a.fields[ward] == b.fields[ward] && a.fields[beat] == b.fields[beat] {
      same += 1
    }
    // The published lon/lat were themselves projected from these feet by the City, so only
    // points within rounding distance of a boundary may differ.
    #expect(Double(same) / Double(table.rows.count) > 0.998)
  }
}

/// Bad inputs found by the 0.1.0 probe (issue 8), made small: each test writes its own fixture.
@Suite("Join: bad input is rejected with a reason, never lost")
struct JoinBadInputTests {
  let tiles = squareTiling(columns: 3, rows: 3)

  func join(_ csv: String, configure: (inout JoinConfiguration) -> Void = { _ in }) throws -> (JoinAccounting, [[String]]) {
    let (accounting, table, _) = try JoinJobTests().runJoin(csv, layers: [tiles], configure: configure)
    return (accounting, table.rows.map(\.fields))
  }

  @Test("J04: a stray quote closed by a later quoted field: one record over lines 3–6, rejected with that range")
  func strayQuoteAcrossLines() throws {
    let csv =
      "id,desc,longitude,latitude\n1,\"ok\",-87.695,41.895\n2,\"broken,-87.675,41.875\n3,plain,-87.675,41.875\n4,plain,-87.675,41.875\n5,\"quoted\",-87.685,41.885\n6,plain,-87.695,41.895\n"
    for chunkSize in [16, 40, 1 << 20] {
      let (accounting, rows) = try join(csv) { $0.chunkSize = chunkSize }
      #expect(accounting.rowsRead == 3)
      #expect(accounting.ok == 2)
      #expect(accounting.rejected == [.strayQuote: 1])
      #expect(accounting.multiLineRejections == 1)
      // Header 1 line + 2 good rows + the 4 swallowed lines = the file's 7 lines.
      #expect(accounting.multiLineRejectedLines == 4)
      #expect(
        rows.map { $0.last! } == [
          "ok",
          "rejected: lines 3–6: a quoted field opened on line 3 runs to line 6 and has text after its closing quote (a stray quote?); the 4 lines were read as one record",
          "ok",
        ])
      #expect(
        accounting.examples.map(\.description) == [
          "row 2, lines 3–6: a quoted field opened on line 3 runs to line 6 and has text after its closing quote (a stray quote?); the 4 lines were read as one record"
        ])
    }
  }

  @Test("J03: a quote opened on line 3 and never closed names lines 3–6 and the lines it took")
  func unterminatedAcrossLines() throws {
    let csv =
      "id,desc,longitude,latitude\n1,ok,-87.695,41.895\n2,\"broken,-87.675,41.875\n3,plain,-87.675,41.875\n4,plain,-87.675,41.875\n5,plain,-87.685,41.885\n"
    let (accounting, rows) = try join(csv) { $0.chunkSize = 20 }
    #expect(accounting.rowsRead == 2)
    #expect(accounting.rejected == [.unterminatedQuote: 1])
    #expect(accounting.multiLineRejectedLines == 4)
    #expect(
      rows[1].last
        == "rejected: lines 3–6: unterminated quoted field: a quote opened on line 3 is never closed, so the 4 lines to the end of the file were read as one record"
    )
  }

  @Test("a short row whose quoted field spans lines names the range; a good multi-line field is joined")
  func shortRowAcrossLines() throws {
    let csv = "id,desc,longitude,latitude\n1,\"two\nlines\",-87.695,41.895\n2,\"x\ny\",-87.675\n3,z,-87.695,41.895\n"
    let (accounting, rows) = try join(csv)
    #expect(accounting.rowsRead == 3)
    #expect(accounting.ok == 2)
    #expect(rows[0].last == "ok")
    #expect(rows[1].last == "rejected: lines 4–5: short row: 3 of 4 fields (a quoted field opened on line 4 runs to line 5)")
    #expect(accounting.examples.first?.line == 4)
  }

  @Test("J14/J15: CR-only line endings are line ends: every row read, line numbers right")
  func crOnly() throws {
    for csv in [
      "longitude,latitude,id\r-87.695,41.895,1\r-87.675,41.875,2\r,41.875,3\r",
      "id,longitude,latitude\r1,-87.695,41.895\r\r2,-87.675,41.875\r3,,41.875",
    ] {
      let (accounting, _) = try join(csv) { $0.chunkSize = 8 }
      #expect(accounting.rowsRead == 3)
      #expect(accounting.ok == 2)
      #expect(accounting.rejected == [.missingCoordinate: 1])
    }
    let (accounting, _) = try join("id,longitude,latitude\r1,-87.695,41.895\r\r2,-87.675,41.875\r3,,41.875")
    #expect(accounting.blankLines == 1)
    #expect(accounting.examples.map(\.line) == [5])
  }

  @Test("J13: a header naming a column twice is refused, naming the column and the file")
  func duplicateHeader() throws {
    #expect {
      try join("id,longitude,latitude,Longitude\n1,-87.695,41.895,-90\n")
    } throws: { error in
      guard case JoinError.duplicateColumn(let path, let reason) = error else { return false }
      return path.hasSuffix("in.csv") && reason.contains("'Longitude' more than once (columns 2, 4)")
    }
  }

  @Test("J51: the same column for longitude and latitude is refused")
  func sameColumn() throws {
    #expect(throws: JoinError.sameColumn("longitude")) {
      try join("id,longitude,latitude\n1,-87.695,41.895\n") {
        $0.lonColumn = "longitude"
        $0.latColumn = "LONGITUDE"
      }
    }
  }

  @Test("J41/J42: --out naming the input (same path, another path, a symbolic or hard link) is refused; the input is untouched")
  func outputIsInput() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("points.csv").path
    let text = "id,longitude,latitude\n1,-87.695,41.895\n"
    try Data(text.utf8).write(to: URL(fileURLWithPath: input))
    try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("link.csv").path, withDestinationPath: input)
    try FileManager.default.linkItem(atPath: input, toPath: directory.appendingPathComponent("hard.csv").path)
    let engine = try JoinEngine(layers: [tiles], rule: .southEastExact)
    for output in [
      input, directory.path + "/./points.csv", directory.appendingPathComponent("link.csv").path, directory.appendingPathComponent("hard.csv").path,
    ] {
      #expect(throws: JoinError.outputIsInput(output: output, input: input)) {
        try JoinJob(configuration: JoinConfiguration(inputPath: input, outputPath: output), engine: engine).run()
      }
    }
    #expect(try String(contentsOfFile: input, encoding: .utf8) == text)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["hard.csv", "link.csv", "points.csv"])
  }

  @Test(
    "J53/J54: output goes through a temporary file; a failed run leaves the previous output and no temporary file; stale temporaries of dead runs are removed"
  )
  func atomicOutput() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = directory.appendingPathComponent("out.csv").path
    let previous = "previous,good,output\n"
    try Data(previous.utf8).write(to: URL(fileURLWithPath: output))
    // A leftover of a killed run (no process has PID 2^22 + 1 on Linux: pid_max ≤ 2^22) and one
    // of a live process (PID 1), which must be left alone.
    let stale = directory.appendingPathComponent(".out.csv.partial-4194305").path
    let live = directory.appendingPathComponent(".out.csv.partial-1").path
    for path in [stale, live] { try Data("half".utf8).write(to: URL(fileURLWithPath: path)) }
    let engine = try JoinEngine(layers: [tiles], rule: .southEastExact)
    // A run that fails after the output was opened: the input CRS has no operation to WGS 84.
    let input = directory.appendingPathComponent("in.csv").path
    try Data("x,y\n1,2\n".utf8).write(to: URL(fileURLWithPath: input))
    var failing = JoinConfiguration(inputPath: input, outputPath: output)
    failing.crs = CRS(parsing: "EPSG:99999")!
    #expect(throws: (any Error).self) { try JoinJob(configuration: failing, engine: engine).run() }
    #expect(try String(contentsOfFile: output, encoding: .utf8) == previous)
    var names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(names == [".out.csv.partial-1", "in.csv", "out.csv"])
    // A good run replaces the output whole.
    try Data("id,lon,lat\n1,-87.695,41.895\n".utf8).write(to: URL(fileURLWithPath: input))
    let accounting = try JoinJob(configuration: JoinConfiguration(inputPath: input, outputPath: output), engine: engine).run()
    #expect(accounting.ok == 1)
    #expect(try String(contentsOfFile: output, encoding: .utf8) == "id,lon,lat,tiles,join_status\n1,-87.695,41.895,r0c0,ok\n")
    names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(names == [".out.csv.partial-1", "in.csv", "out.csv"])
  }

  @Test("J23/J24: hex floats and a trailing NUL are non-numeric, not joined")
  func strictNumbers() throws {
    let csv = "id,longitude,latitude\n1,-0x1.5e9999999999ap+6,0x1.4ecccccccccccp+5\n2,-87.695,41.895\u{0}\n3,-87.695,41.895\n"
    let (accounting, rows) = try join(csv)
    #expect(accounting.rejected == [.notANumber: 2])
    #expect(rows[0].last == "rejected: non-numeric longitude '-0x1.5e9999999999ap+6'")
    #expect(rows[1].last == "rejected: non-numeric latitude '41.895\u{0}'")
    #expect(rows[2].last == "ok")
  }
}

@Suite("Join output stays one record per row")
struct JoinOutputShapeTests {
  @Test("fuzz-found: a rejected value holding CRLF inside quotes is quoted in join_status, so the output keeps one record per row")
  func crlfInRejectedValue() throws {
    let csv = "id,lon,lat\n1,\"-87.7\r\n\",41.9\n2,-87.695,41.895\n"
    let (accounting, table, text) = try JoinJobTests().runJoin(csv, layers: [squareTiling(columns: 3, rows: 3)])
    #expect(accounting.rowsRead == 2)
    #expect(table.rows.count == 2)
    #expect(table.rows[0].fields.last == "rejected: non-numeric lon '-87.7\r\n'")
    #expect(text.contains(",\"rejected: non-numeric lon '-87.7\r\n'\"\n"))
  }
}
