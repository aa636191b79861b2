/// Why an input row could not be joined. Every rejected row carries one, with its details in
/// the row's `join_status`.
public enum RejectReason: String, Hashable, Sendable, CaseIterable, Comparable {
  case shortRow = "short row"
  case longRow = "long row"
  case unterminatedQuote = "unterminated quoted field"
  /// A quoted field runs over line ends and has text after its closing quote.
  case strayQuote = "stray quote across lines"
  /// A quoted field swallowed whole lines that look like records (the words of
  /// `CSVRecordProblem.Kind.swallowedRecords`, which every reader of CSV uses).
  case swallowedRecords = "a stray quote: a quoted field swallowed lines that look like records"
  case missingCoordinate = "missing coordinate"
  case notANumber = "non-numeric coordinate"
  case nonFinite = "NaN or infinite coordinate"
  case zeroCoordinates = "zero coordinates"
  case outOfRange = "coordinate out of range"
  case swappedCoordinates = "swapped coordinates"
  case projectionFailed = "projection failed"

  public static func < (lhs: RejectReason, rhs: RejectReason) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// One rejected row: where it is in the file and why.
public struct Rejection: Hashable, Sendable, CustomStringConvertible {
  public var reason: RejectReason
  /// The reason in words, with the offending values (what `join_status` says after `rejected: `).
  public var detail: String
  /// Physical line where the record starts (the header is line 1).
  public var line: Int
  /// Physical lines the record spans (more than 1 when a quoted field holds line breaks).
  public var lines: Int
  /// 1-based data row (records after the header).
  public var row: Int

  public init(reason: RejectReason, detail: String, line: Int, lines: Int = 1, row: Int) {
    self.reason = reason
    self.detail = detail
    self.line = line
    self.lines = lines
    self.row = row
  }

  /// `line 7 (row 6): short row: …`; a record over several lines names them in its detail:
  /// `row 1, lines 2–5: a quoted field …`.
  public var description: String { lines > 1 ? "row \(row), \(detail)" : "line \(line) (row \(row)): \(detail)" }
}
