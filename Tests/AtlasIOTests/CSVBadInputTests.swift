import AtlasGeometry
import AtlasIO
import AtlasTestSupport
import Foundation
import Testing

/// CSV reading rules for bad input (issue 8), each from a hand-made fixture.
@Suite("CSV: line ends, stray quotes, record problems")
struct CSVBadInputTests {
  func records(_ text: String) -> [ReadRecord] { wholeFileRecords(Array(text.utf8)) }

  @Test("hand-derived: a lone CR ends a line like LF and CRLF, in and out of quotes; line numbers count it")
  func lineEnds() {
    let read = records("a,b\r1,2\r\n3,\"x\ry\"\n\r5,6")
    #expect(read.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "x\ry"], ["5", "6"]])
    #expect(read.map(\.line) == [1, 2, 3, 6])
  }

  @Test("hand-derived: a quote inside an unquoted field is literal, and the chunk split agrees")
  func literalQuote() throws {
    // The old parity split counted the quote in `5"` and split inside the next record.
    let text = "id,size\n1,5\"\n2,\"a\nb\"\n3,x\n"
    #expect(records(text).map(\.fields) == [["id", "size"], ["1", "5\""], ["2", "a\nb"], ["3", "x"]])
    let bytes = Array(text.utf8)
    let boundary = bytes.withUnsafeBufferPointer { CSVScanner.lastRecordBoundary(in: UnsafeBufferPointer(rebasing: $0[0..<19])) }
    // Within the first 19 bytes the last complete record is `1,5"`, ending at byte 13 after 2 lines.
    #expect(boundary?.end == 13)
    #expect(boundary?.lineBreaks == 2)
  }

  @Test("the chunk split never cuts a CRLF or a doubled quote at the end of the bytes read")
  func ambiguousEnds() {
    func boundary(_ text: String) -> Int? { Array(text.utf8).withUnsafeBufferPointer { CSVScanner.lastRecordBoundary(in: $0)?.end } }
    #expect(boundary("a\r\nb\r") == 3)
    #expect(boundary("a\nb,\"x\"") == 2)
    #expect(boundary("a\n\"x\r") == 2)
    #expect(boundary("a,\"\n\"\"") == nil)
    #expect(boundary("a\rb\r\n") == 5)
  }

  @Test("chunk reader: chunks start on the physical line it reports, for CR, CRLF and quoted line ends")
  func chunkLines() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("lines.csv").path
    try Data("h\r1\r\n\"2\r2\"\n3333333\n".utf8).write(to: URL(fileURLWithPath: path))
    let reader = try CSVChunkReader(path: path)
    var starts: [Int] = []
    var chunks: [String] = []
    while let chunk = try reader.nextChunk(targetSize: 1) {
      starts.append(reader.lastChunkFirstLine)
      chunks.append(String(decoding: chunk, as: UTF8.self))
    }
    #expect(chunks == ["h\r", "1\r\n", "\"2\r2\"\n", "3333333\n"])
    #expect(starts == [1, 2, 3, 5])
  }

  @Test("problem(): the words for each kind of bad record, with the line range when it spans lines")
  func problems() {
    let read = records("a,b,c\n1,\"x\ny\"z,3\n1,2\n1,2,3,4\n\"p\nq\",2\n1,\"open\nmore\n")
    #expect(
      read.map(\.problem) == [
        nil,
        "lines 2–3: a quoted field opened on line 2 runs to line 3 and has text after its closing quote (a stray quote?); the 2 lines were read as one record",
        "short row: 2 of 3 fields",
        "long row: 4 fields, header has 3",
        "lines 6–7: short row: 2 of 3 fields (a quoted field opened on line 6 runs to line 7)",
        "lines 8–9: unterminated quoted field: a quote opened on line 8 is never closed, so the 2 lines to the end of the file were read as one record",
      ])
    #expect(records("a\n\"x\"y\n").last?.problem == nil, "text after a closing quote on one line is kept")
    #expect(records("a,b\n1,\"x\n").last?.problem == "unterminated quoted field (the file ends inside quotes)")
  }

  @Test("CSVTable: each row carries its problem; a duplicated header name is an error naming it and the file")
  func table() throws {
    let table = try CSVTable(bytes: Array("id,v\r1,2\r3\r".utf8), path: "t.csv")
    #expect(table.rows.map(\.fields) == [["1", "2"], ["3"]])
    #expect(table.rows.map(\.line) == [2, 3])
    #expect(table.rows.map(\.problem?.kind) == [nil, .shortRow])
    #expect(
      throws: FileIOError(
        path: "cams.csv",
        reason: "the header names column 'ID' more than once (columns 1, 3); rename or remove the duplicate so it is clear which one to read")
    ) {
      try CSVTable(bytes: Array("id,lon,ID\n1,2,3\n".utf8), path: "cams.csv")
    }
  }

  @Test("numbers (J23/J24): strtod leniencies are not numbers; plain decimals, nan and inf are")
  func numbers() {
    func parse(_ text: String) -> Double? { Array(text.utf8).withUnsafeBufferPointer { parseDecimal($0) } }
    for text in ["-0x1.5e9999999999ap+6", "0x10", "41.85\u{0}", "nan(0x1)", "1e", "-", ".", "1_000", "1,5", " 1", "infinit"] {
      #expect(parse(text) == nil, "\(text)")
    }
    #expect(parse("-87.65") == -87.65)
    #expect(parse("1.2345678901234567890e1") == 12.345678901234567)
    #expect(parse("1e400") == .infinity)
    #expect(parse("-Infinity") == -.infinity)
    #expect(parse("NaN")?.isNaN == true)
  }

  @Test("timestamps (A13/A14): impossible dates and times are refused, real ones read")
  func timestamps() {
    func parse(_ text: String) -> ParsedTimestamp? { Array(text.utf8).withUnsafeBufferPointer { ParsedTimestamp($0) } }
    for text in [
      "2023-02-30T10:00:00-06:00", "2023-02-29T00:00", "2023-04-31T00:00", "2023-13-01T00:00", "0000-00-00T00:00",
      "0000-01-01T00:00", "2023-06-15T24:00", "2023-06-15T24:00:00", "2023-06-15T23:60", "2023-06-15T23:59:60",
    ] {
      #expect(parse(text) == nil, "\(text)")
    }
    // 2024 is a leap year; 2000 is (divisible by 400); 1900 is not.
    let day = 86_400.0
    #expect(parse("2024-02-29T00:00") == .local(Double(ParsedTimestamp.daysFromCivil(year: 2024, month: 2, day: 29)) * day))
    #expect(parse("2000-02-29T00:00") != nil)
    #expect(parse("1900-02-29T00:00") == nil)
    #expect(parse("2023-12-31T23:59:59Z") == .instant(Double(ParsedTimestamp.daysFromCivil(year: 2024, month: 1, day: 1)) * day - 1))
  }
}
