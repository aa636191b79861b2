/// Why an input row could not be joined. Every rejected row carries one, with its details in
/// the row's `join_status`.
public enum RejectReason: String, Hashable, Sendable, CaseIterable, Comparable {
  case shortRow = "short row"
  case longRow = "long row"
  case unterminatedQuote = "unterminated quoted field"
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
  /// 1-based data row (records after the header).
  public var row: Int

  public var description: String { "line \(line) (row \(row)): \(detail)" }
}
