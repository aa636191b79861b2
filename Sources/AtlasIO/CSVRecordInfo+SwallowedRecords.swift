extension CSVRecordInfo {
  /// Why this record cannot be a row of a table with `expectedFieldCount` columns, or nil:
  /// the scanner's own verdict (`problem(expectedFieldCount:firstLine:)`), then a stray quote
  /// that swallowed whole records (`CSVRecordProblem.Kind.swallowedRecords`).
  ///
  /// A quoted field that holds whole lines with a record's worth of separators is a stray
  /// quote that swallowed records even when the merged record happens to have the right number
  /// of fields: legitimate multi-line text (notes, addresses) does not carry a full row of commas
  /// on each of its lines. `fields` are the record's fields as the scanner gave them, `bytes` the
  /// buffer they index.
  ///
  /// - Complexity: O(1) for a record on one line; otherwise O(bytes of its quoted fields).
  public func problem(
    expectedFieldCount: Int, firstLine: Int, fields: [CSVFieldRange], in bytes: UnsafeBufferPointer<UInt8>
  ) -> CSVRecordProblem? {
    if let problem = problem(expectedFieldCount: expectedFieldCount, firstLine: firstLine) { return problem }
    guard physicalLines > 1 else { return nil }
    let swallowed = Self.recordLikeLines(in: fields, of: bytes, fieldsPerRecord: expectedFieldCount)
    guard swallowed > 0 else { return nil }
    return CSVRecordProblem(
      kind: .swallowedRecords,
      message: "\(lineRange(firstLine: firstLine)) (\(physicalLines) physical lines) read as one record; "
        + "\(swallowed) swallowed line(s) have a full row of fields")
  }

  /// Lines inside quoted fields that lie wholly between two line breaks and hold at least
  /// `fieldsPerRecord − 1` commas: whole records a stray quote swallowed.
  public static func recordLikeLines(in fields: [CSVFieldRange], of bytes: UnsafeBufferPointer<UInt8>, fieldsPerRecord: Int) -> Int {
    guard fieldsPerRecord > 1 else { return 0 }
    var found = 0
    for field in fields where field.quoted {
      var commas = 0
      var sawBreak = false
      for k in field.start..<field.end {
        switch bytes[k] {
        case 0x2C: commas += 1
        case 0x0A where k > field.start && bytes[k - 1] == 0x0D: break  // the LF of a CRLF
        case 0x0A, 0x0D:
          if sawBreak, commas >= fieldsPerRecord - 1 { found += 1 }
          sawBreak = true
          commas = 0
        default: break
        }
      }
    }
    return found
  }
}
