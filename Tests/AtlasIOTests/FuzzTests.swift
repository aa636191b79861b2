import AtlasGeometry
import AtlasIO
import AtlasTestSupport
import Foundation
import Testing

/// One record as a reader sees it: its fields, the physical line it starts on, and its problem
/// as a row of a table as wide as the header.
struct ReadRecord: Equatable, CustomStringConvertible {
  var fields: [String]
  var line: Int
  var problem: String?
  var description: String { "line \(line): \(fields) \(problem ?? "")" }
}

/// Records of `bytes` scanned in one piece, as `CSVTable` and a whole-file reader see them.
func wholeFileRecords(_ input: [UInt8]) -> [ReadRecord] {
  var bytes = input
  if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
  return bytes.withUnsafeBufferPointer { buffer in
    var scanner = CSVScanner(buffer)
    var fields: [CSVFieldRange] = []
    var out: [ReadRecord] = []
    var consumed = 0
    var width: Int?
    while let info = scanner.next(into: &fields) {
      let line = 1 + consumed + scanner.blankLines
      consumed += info.lineBreaks
      let expected = width ?? info.fieldCount
      width = expected
      out.append(
        ReadRecord(
          fields: fields.map { scanner.string($0) }, line: line,
          problem: info.problem(expectedFieldCount: expected, firstLine: line, fields: fields, in: buffer)?.message))
    }
    return out
  }
}

/// Records of the file at `path` read through `CSVChunkReader` with a random chunk size per call.
func chunkedRecords(path: String, random: inout SeededGenerator, maxChunk: Int) throws -> [ReadRecord] {
  let reader = try CSVChunkReader(path: path)
  var out: [ReadRecord] = []
  var fields: [CSVFieldRange] = []
  var width: Int?
  while let chunk = try reader.nextChunk(targetSize: Int.random(in: 1...maxChunk, using: &random)) {
    let firstLine = reader.lastChunkFirstLine
    chunk.withUnsafeBufferPointer { buffer in
      var scanner = CSVScanner(buffer)
      var consumed = 0
      while let info = scanner.next(into: &fields) {
        let line = firstLine + consumed + scanner.blankLines
        consumed += info.lineBreaks
        let expected = width ?? info.fieldCount
        width = expected
        out.append(
          ReadRecord(
            fields: fields.map { scanner.string($0) }, line: line,
            problem: info.problem(expectedFieldCount: expected, firstLine: line, fields: fields, in: buffer)?.message))
      }
    }
  }
  return out
}

/// Seeds for the CSV fuzzer: synthetic tables with every quoting case, and the head of a real
/// export when the data directory is there.
func csvSeeds() -> [[UInt8]] {
  var seeds: [[UInt8]] = [
    Array(
      "id,desc,longitude,latitude\n1,\"ok\",-87.687866,41.966712\n2,\"broken,-87.669672,41.702025\n3,plain,-87.627356,41.858373\n5,\"quoted\",-87.65,41.85\n"
        .utf8),
    Array("\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n\r\nplain,,last\r\n".utf8),
    Array("lon,lat\r1,2\r3,4\r\"5\r6\",7\r".utf8),
    Array("a,b\n1,x\"y\n\"z\"w,2\n\"open,3\n".utf8),
  ]
  if let path = try? TestData.file("points/crimes_2023_nov06-19.csv"), let data = FileManager.default.contents(atPath: path) {
    seeds.append(Array(data.prefix(6_000)))
  }
  return seeds
}

@Suite("Fuzz: CSV, numbers, timestamps, GeoJSON")
struct FuzzTests {
  /// Longest a single case may take (debug build, inputs up to ~30 KB).
  static let caseLimitSeconds = 2.0

  @Test("CSV: chunked reading at random chunk sizes equals whole-file reading; CSVTable agrees; no trap")
  func csvChunking() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("fuzz.csv").path
    let seeds = csvSeeds()
    var random = SeededGenerator(seed: Fuzz.seed)
    let cases = Fuzz.cases(default: 500)
    var slowest = 0.0
    for n in 0..<cases {
      let input = Fuzz.mutate(seeds[n % seeds.count], using: &random)
      var failed = false
      let seconds = try Fuzz.timed {
        try Data(input).write(to: URL(fileURLWithPath: path))
        let whole = wholeFileRecords(input)
        let chunked = try chunkedRecords(path: path, random: &random, maxChunk: n % 2 == 0 ? 64 : 4_096)
        if whole != chunked {
          failed = true
          let k = (0..<min(whole.count, chunked.count)).first { whole[$0] != chunked[$0] } ?? min(whole.count, chunked.count)
          Issue.record(
            "seed \(Fuzz.seed) case \(n): chunked \(chunked.count) records, whole \(whole.count); first difference at \(k): \(k < whole.count ? whole[k].description : "-") vs \(k < chunked.count ? chunked[k].description : "-")"
          )
        }
        if let table = try? CSVTable(bytes: input, path: "fuzz.csv") {
          if table.rows.count != max(whole.count - 1, 0) || table.rows.map(\.line) != whole.dropFirst().map(\.line)
            || table.rows.map(\.problem?.message) != whole.dropFirst().map(\.problem)
          {
            failed = true
            Issue.record(
              "seed \(Fuzz.seed) case \(n): CSVTable disagrees with the scanner: \(table.rows.map(\.line).prefix(20)) \(whole.dropFirst().map(\.line).prefix(20)) \(table.rows.map(\.problem?.message).prefix(5)) \(whole.dropFirst().map(\.problem).prefix(5))"
            )
          }
        }
      }
      slowest = max(slowest, seconds)
      #expect(seconds < Self.caseLimitSeconds, "seed \(Fuzz.seed) case \(n) took \(seconds) s")
      if failed { break }
    }
    print("CSV fuzz: \(cases) cases, seed \(Fuzz.seed), slowest \(slowest) s")
  }

  /// The number grammar, independent of the parser: a plain decimal or nan/inf/infinity.
  static let numberGrammarPattern = ("^[+-]?(([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|[nN][aA][nN]|[iI][nN][fF]([iI][nN][iI][tT][yY])?)$")

  @Test("numbers: parseDecimal = Double(text) for the plain-decimal grammar, nil for everything else (hex floats, NUL)")
  func numbers() throws {
    let grammar = try Regex(Self.numberGrammarPattern)
    var random = SeededGenerator(seed: Fuzz.seed)
    let alphabet = Array("0123456789+-.eExXpPnaNAifIty \u{0}_,".utf8)
    let seeds = ["-87.687866208", "41.96671217", "1e2", "-0x1.5e9999999999ap+6", "41.85\u{0}", "nan(0x1)", "1e400", "-infinity", ".5", "5."]
    let cases = Fuzz.cases(default: 15_000)
    var accepted = 0
    for n in 0..<cases {
      var bytes: [UInt8]
      if n % 2 == 0 {
        bytes = Fuzz.mutate(Array(seeds[n % seeds.count].utf8), using: &random)
        if bytes.count > 40 { bytes.removeLast(bytes.count - 40) }
      } else {
        bytes = (0..<Int.random(in: 1...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
      }
      let parsed = bytes.withUnsafeBufferPointer { parseDecimal($0) }
      let text = String(decoding: bytes, as: UTF8.self)
      let grammatical = !bytes.contains(0) && String(bytes: bytes, encoding: .utf8) != nil && text.wholeMatch(of: grammar) != nil
      if grammatical {
        let expected = Double(text)
        let same = parsed.map { p in expected.map { $0.bitPattern == p.bitPattern || ($0.isNaN && p.isNaN) } ?? false } ?? (expected == nil)
        #expect(same, "seed \(Fuzz.seed) case \(n): '\(text)' parsed as \(String(describing: parsed)), Double says \(String(describing: expected))")
        if !same { break }
        accepted += 1
      } else if parsed != nil {
        Issue.record("seed \(Fuzz.seed) case \(n): \(bytes) is not a plain decimal but parsed as \(parsed!)")
        break
      }
    }
    #expect(accepted > cases / 20, "the fuzzer must also produce valid numbers")
    print("number fuzz: \(cases) cases, \(accepted) numbers")
  }

  @Test("timestamps: whatever parses as a wall time names that exact calendar date and time (no roll-over); no trap")
  func timestamps() {
    var random = SeededGenerator(seed: Fuzz.seed)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let seeds = ["2023-02-28T23:59:59-06:00", "2024-02-29 00:00", "2023-12-31T12:00:00.123Z", "2023-02-30T10:00:00", "2023-06-15T24:00"]
    let cases = Fuzz.cases(default: 15_000)
    var parsedCount = 0
    for n in 0..<cases {
      let bytes: [UInt8]
      if n % 2 == 0 {
        bytes = Array(Fuzz.mutate(Array(seeds[n % seeds.count].utf8), using: &random).prefix(60))
      } else {
        // Digit-shaped: every field random in a range a little wider than valid.
        let text = String(
          format: "%04d-%02d-%02dT%02d:%02d:%02d", [0, 1_999, 2_000, 2_023, 2_024, 2_100].randomElement(using: &random)!,
          Int.random(in: 0...13, using: &random),
          Int.random(in: 0...32, using: &random), Int.random(in: 0...24, using: &random), Int.random(in: 0...60, using: &random),
          Int.random(in: 0...60, using: &random))
        bytes = Array(text.utf8)
      }
      guard case .local(let wall)? = bytes.withUnsafeBufferPointer({ ParsedTimestamp($0) }) else { continue }
      parsedCount += 1
      // The digits of the text must be the calendar fields of the parsed instant.
      let digits = bytes.drop(while: { $0 == 0x20 }).prefix(19).map { Int($0) - 0x30 }
      func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + digits[$1] } }
      // Foundation's Gregorian calendar is Julian before October 1582; the oracle holds after.
      guard number(0..<4) >= 1600 else { continue }
      let date = Date(timeIntervalSince1970: wall.rounded(.down))
      let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
      let expected = [number(0..<4), number(5..<7), number(8..<10), number(11..<13), number(14..<16)]
      let got = [c.year!, c.month!, c.day!, c.hour!, c.minute!]
      #expect(got == expected, "seed \(Fuzz.seed) case \(n): '\(String(decoding: bytes, as: UTF8.self))' read as \(got)")
      if got != expected { break }
    }
    #expect(parsedCount > cases / 10)
    print("timestamp fuzz: \(cases) cases, \(parsedCount) wall times")
  }

  static let geoJSONSeed = """
    {"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"ward":"1","name":"A \\"q\\" \\u00e9"},"geometry":{"type":"Polygon","coordinates":[[[-87.7,41.9],[-87.6,41.9],[-87.6,42.0],[-87.7,42.0],[-87.7,41.9]],[[-87.68,41.92],[-87.66,41.92],[-87.66,41.94],[-87.68,41.92]]]}},
    {"type":"Feature","properties":{"ward":2.0,"x":null},"geometry":{"type":"MultiPolygon","coordinates":[[[[-87.6,41.9],[-87.5,41.9],[-87.5,42.0],[-87.6,41.9]]],[[[1e2,2E-3],[3,4],[5,6]]]]}}
    ]}
    """

  @Test("GeoJSON: mutated documents are read or refused with a ReadError, never a trap, in bounded time")
  func geoJSON() {
    var random = SeededGenerator(seed: Fuzz.seed)
    let seed = Array(Self.geoJSONSeed.utf8)
    let cases = Fuzz.cases(default: 2_000)
    var read = 0
    var slowest = 0.0
    for n in 0..<cases {
      let input = Fuzz.mutate(seed, using: &random)
      let seconds = Fuzz.timed {
        if (try? GeoJSON.readFeatures(input)) != nil { read += 1 }
      }
      slowest = max(slowest, seconds)
      #expect(seconds < Self.caseLimitSeconds, "seed \(Fuzz.seed) case \(n) took \(seconds) s")
    }
    #expect(read > 0)
    print("GeoJSON fuzz: \(cases) cases, \(read) read, slowest \(slowest) s")
  }

  @Test("fuzz-found: deep nesting and a broken surrogate pair are JSON errors, not stack overflows or traps")
  func jsonTraps() {
    let deep = Array(repeating: UInt8(ascii: "["), count: 200_000)
    #expect(throws: GeoJSON.ReadError.self) { try GeoJSON.readFeatures(deep) }
    let surrogate = Array(#"{"type":"FeatureCollection","features":[],"p":"\uD800\u0041"}"#.utf8)
    #expect((try? GeoJSON.readFeatures(surrogate))?.isEmpty == true)
  }
}
