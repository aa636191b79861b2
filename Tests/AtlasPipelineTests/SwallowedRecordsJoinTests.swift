import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasTestSupport
import Foundation
import Testing

/// `join` rejects a quote that swallowed whole records for the reason `CSVTable` and the calls
/// reader give (the heuristic lives in AtlasIO, `CSVRecordInfo.recordLikeLines`).
@Suite("Join: a quote that swallowed whole records")
struct SwallowedRecordsJoinTests {
  /// Line 3 opens a quote that line 6 closes properly; lines 4 and 5 are whole records.
  static let fixture =
    "id,desc,longitude,latitude\n1,ok,-87.695,41.895\n2,\"broken,-87.675,41.875\n3,plain,-87.675,41.875\n4,plain,-87.675,41.875\n5,end\",-87.685,41.885\n6,plain,-87.695,41.895\n"

  @Test("hand-derived: the 4-field record over lines 3–6 is rejected, not joined; every chunk size agrees")
  func rejected() throws {
    let table = try CSVTable(bytes: Array(Self.fixture.utf8), path: "in.csv")
    let expected = try #require(table.rows[1].problem)
    for chunkSize in [16, 40, 1 << 20] {
      let (accounting, output, _) = try JoinJobTests().runJoin(Self.fixture, layers: [squareTiling(columns: 3, rows: 3)]) { $0.chunkSize = chunkSize }
      #expect(accounting.rowsRead == 3)
      #expect(accounting.ok == 2)
      #expect(accounting.rejected == [.swallowedRecords: 1])
      #expect(RejectReason.swallowedRecords.rawValue == expected.reason)
      #expect(accounting.multiLineRejectedLines == 4)
      #expect(output.rows.map { $0.fields.last! } == ["ok", "rejected: " + expected.message, "ok"])
      #expect(accounting.examples.map(\.description) == ["row 2, " + expected.message])
    }
  }
}
