import AtlasIO
import AtlasTestSupport
import Foundation
import Testing

/// A stray quote that swallows whole records with, by chance, the right field count: every
/// CSV reader (`CSVTable`, the calls reader, `join`) rejects it with the same reason.
@Suite("CSV: a quote that swallowed whole records")
struct SwallowedRecordsTests {
  /// Line 3 opens a quote that line 6 closes properly; lines 4 and 5 are whole records, so the
  /// merged record has the header's 4 fields.
  static let fixture =
    "id,desc,longitude,latitude\n1,ok,-87.695,41.895\n2,\"broken,-87.675,41.875\n3,plain,-87.675,41.875\n4,plain,-87.675,41.875\n5,end\",-87.685,41.885\n6,plain,-87.695,41.895\n"

  @Test("hand-derived: lines 3–6 read as one 4-field record; lines 4 and 5 carry 3 commas each → 2 swallowed lines")
  func csvTable() throws {
    let table = try CSVTable(bytes: Array(Self.fixture.utf8), path: "in.csv")
    #expect(table.rows.map(\.line) == [2, 3, 7])
    #expect(table.rows[1].fields.count == 4)
    #expect(table.rows[0].problem == nil && table.rows[2].problem == nil)
    let problem = try #require(table.rows[1].problem)
    #expect(problem.kind == .swallowedRecords)
    #expect(problem.reason == "a stray quote: a quoted field swallowed lines that look like records")
    #expect(problem.message == "lines 3–6 (4 physical lines) read as one record; 2 swallowed line(s) have a full row of fields")
  }

  @Test("legitimate multi-line text (an address over two lines, CRLF inside) is not a swallowed record")
  func multiLineText() throws {
    let text = "id,desc,longitude,latitude\r\n1,\"100 N STATE ST\r\nCHICAGO, IL\",-87.695,41.895\r\n2,\"a\nb\nc\",-87.6,41.8\r\n"
    let table = try CSVTable(bytes: Array(text.utf8), path: "in.csv")
    #expect(table.rows.count == 2)
    #expect(table.rows.allSatisfy { $0.problem == nil })
  }

  @Test("hand-derived: record-like lines count only whole lines between breaks with ≥ width−1 commas; CRLF is one break")
  func recordLikeLines() {
    func count(_ field: String, width: Int) -> Int {
      let bytes = Array(("\"" + field + "\"").utf8)
      return bytes.withUnsafeBufferPointer {
        CSVRecordInfo.recordLikeLines(in: [CSVFieldRange(start: 1, end: bytes.count - 1, quoted: true)], of: $0, fieldsPerRecord: width)
      }
    }
    #expect(count("x\n1,2,3\n4,5,6\ny", width: 3) == 2)
    #expect(count("x\r\n1,2,3\r\n4,5\r\ny", width: 3) == 1)
    #expect(count("1,2,3\n4,5,6", width: 3) == 0)  // first and last segments are not whole lines
    #expect(count("x\n\n\ny", width: 1) == 0)  // a one-column table has no separators to tell by
  }
}
