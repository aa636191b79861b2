import AtlasIO
import AtlasTestSupport
import Foundation
import Testing

@Suite("CSV scanning")
struct CSVScannerTests {
  /// All records of a text, each as its unescaped fields.
  func records(_ text: String) -> [[String]] {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
      var scanner = CSVScanner(buffer)
      var fields: [CSVFieldRange] = []
      var out: [[String]] = []
      while scanner.next(into: &fields) != nil { out.append(fields.map { scanner.string($0) }) }
      return out
    }
  }

  @Test("hand-derived: commas, doubled quotes and line breaks inside quotes")
  func quoting() {
    let text = "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,last\n"
    #expect(records(text) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["plain", "", "last"]])
  }

  @Test("hand-derived: CRLF line ends, a final record without a line break, blank lines skipped")
  func lineEnds() {
    let text = "a,b\r\n1,2\r\n\r\n\n3,\"4\"\r\n5,6"
    #expect(records(text) == [["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]])
  }

  @Test("record info: line breaks spanned, stray and unterminated quotes")
  func recordInfo() {
    let bytes = Array("a,\"b\nc\"\nx\"y,1\n\"open,2\n".utf8)
    bytes.withUnsafeBufferPointer { buffer in
      var scanner = CSVScanner(buffer)
      var fields: [CSVFieldRange] = []
      let first = scanner.next(into: &fields)
      #expect(first?.lineBreaks == 2)
      #expect(first?.malformedQuotes == false)
      let second = scanner.next(into: &fields)
      // A quote inside an unquoted field is data (RFC 4180 is silent; every common reader keeps it).
      #expect(second?.malformedQuotes == false)
      #expect(fields.map { scanner.string($0) } == ["x\"y", "1"])
      let third = scanner.next(into: &fields)
      #expect(third?.unterminatedQuote == true)
      #expect(fields.map { scanner.string($0) } == ["open,2"])  // the final newline ends the record
      #expect(scanner.next(into: &fields) == nil)
    }
  }

  @Test("text after a closing quote is kept in the field and flagged")
  func strayQuote() {
    let bytes = Array("\"ab\"cd,2\n".utf8)
    bytes.withUnsafeBufferPointer { buffer in
      var scanner = CSVScanner(buffer)
      var fields: [CSVFieldRange] = []
      let info = scanner.next(into: &fields)
      #expect(info?.malformedQuotes == true)
      #expect(fields.count == 2)
      #expect(scanner.string(fields[1]) == "2")
    }
  }

  @Test("numbers: spaces trimmed, quoted numbers read, text and blanks refused")
  func numbers() {
    let bytes = Array(" -87.5 ,\"41.25\",abc,,nan\n".utf8)
    bytes.withUnsafeBufferPointer { buffer in
      var scanner = CSVScanner(buffer)
      var fields: [CSVFieldRange] = []
      _ = scanner.next(into: &fields)
      #expect(scanner.number(fields[0]) == -87.5)
      #expect(scanner.number(fields[1]) == 41.25)
      #expect(scanner.number(fields[2]) == nil)
      #expect(scanner.number(fields[3]) == nil)
      #expect(scanner.isBlank(fields[3]))
      #expect(scanner.number(fields[4])?.isNaN == true)
    }
  }
}

@Suite("CSV chunk reading")
struct CSVChunkReaderTests {
  /// A file full of the hard cases: quoted line breaks, doubled quotes, a BOM.
  func trickyFile(rows: Int) -> String {
    var text = "\u{FEFF}id,name,note\n"
    for i in 0..<rows {
      switch i % 4 {
      case 0: text += "\(i),plain,x\n"
      case 1: text += "\(i),\"with, comma\",\"quote \"\"q\"\"\"\n"
      case 2: text += "\(i),\"multi\nline\nname\",y\n"
      default: text += "\(i),\"\"\"\",\"\n\"\n"
      }
    }
    return text
  }

  @Test("chunks end on record boundaries whatever the chunk size; the BOM is dropped", arguments: [7, 64, 1000, 1 << 20])
  func boundaries(chunkSize: Int) throws {
    let text = trickyFile(rows: 300)
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("tricky.csv").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    let reader = try CSVChunkReader(path: path)
    var joined: [UInt8] = []
    var recordCount = 0
    while let chunk = try reader.nextChunk(targetSize: chunkSize) {
      chunk.withUnsafeBufferPointer { buffer in
        var scanner = CSVScanner(buffer)
        var fields: [CSVFieldRange] = []
        while let info = scanner.next(into: &fields) {
          #expect(!info.unterminatedQuote, "chunk of size \(chunkSize) split a quoted field")
          #expect(fields.count == 3)
          recordCount += 1
        }
      }
      joined += chunk
    }
    #expect(joined == Array(text.utf8.dropFirst(3)))
    #expect(recordCount == 301)
  }

  @Test("CSVTable reads the whole file with line numbers")
  func table() throws {
    let table = try CSVTable(bytes: Array(trickyFile(rows: 4).utf8), path: "tricky.csv")
    #expect(table.header == ["id", "name", "note"])
    #expect(table.rows.map(\.line) == [2, 3, 4, 7])
    #expect(table.rows[2].fields[1] == "multi\nline\nname")
    #expect(table.rows[3].fields == ["3", "\"", "\n"])
    #expect(table.column("NAME") == 1)
  }
}
