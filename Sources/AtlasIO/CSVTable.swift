import Foundation

/// A small CSV file read whole: header and rows of text, each row with its line number.
///
/// For inputs of thousands of rows (census tables, camera lists, analysts' tables); the join
/// streams instead.
public struct CSVTable: Sendable {
  public struct Row: Sendable {
    /// Line on which the record starts (the header is line 1).
    public var line: Int
    public var fields: [String]
    /// Why the record is not a good row (unterminated or stray quote over several lines, a quote
    /// that swallowed whole records, short or long row), in the words `CSVRecordInfo.problem`
    /// uses; nil for a good row. Consumers reject
    /// a row that has one, with this reason.
    public var problem: CSVRecordProblem?

    public init(line: Int, fields: [String], problem: CSVRecordProblem? = nil) {
      self.line = line
      self.fields = fields
      self.problem = problem
    }
  }

  public var path: String
  public var header: [String]
  public var rows: [Row]

  /// - Throws: `FileIOError` if the file cannot be read, has no header, or names a column twice.
  public init(contentsOf path: String) throws {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw FileIOError(path: path, reason: "cannot read (\(error.localizedDescription))")
    }
    try self.init(bytes: Array(data), path: path)
  }

  public init(bytes input: [UInt8], path: String) throws {
    self.path = path
    var bytes = input
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    var header: [String] = []
    var rows: [Row] = []
    bytes.withUnsafeBufferPointer { buffer in
      var scanner = CSVScanner(buffer)
      var fields: [CSVFieldRange] = []
      var line = 1
      var first = true
      while let record = scanner.next(into: &fields) {
        let texts = fields.map { scanner.string($0) }
        let recordLine = line + scanner.blankLines
        if first {
          header = texts
          first = false
        } else {
          let problem = record.problem(expectedFieldCount: header.count, firstLine: recordLine, fields: fields, in: buffer)
          rows.append(Row(line: recordLine, fields: texts, problem: problem))
        }
        line += record.lineBreaks
      }
    }
    guard !header.isEmpty else { throw FileIOError(path: path, reason: "empty file (no header row)") }
    if let duplicate = Self.duplicateName(in: header) {
      throw FileIOError(path: path, reason: Self.duplicateHeaderReason(duplicate, header: header))
    }
    self.header = header
    self.rows = rows
  }

  /// The first column name that occurs twice in a header (compared ignoring case, as columns
  /// are looked up), or nil.
  public static func duplicateName(in header: [String]) -> String? {
    var seen: Set<String> = []
    for name in header where !seen.insert(name.lowercased()).inserted { return name }
    return nil
  }

  /// The error text for a header that names a column twice.
  public static func duplicateHeaderReason(_ name: String, header: [String]) -> String {
    let positions = header.indices.filter { header[$0].lowercased() == name.lowercased() }.map { String($0 + 1) }
    return "the header names column '\(name)' more than once (columns \(positions.joined(separator: ", "))); "
      + "rename or remove the duplicate so it is clear which one to read"
  }

  /// Index of the column named `name` (exact match first, then case-insensitive).
  public func column(_ name: String) -> Int? {
    header.firstIndex(of: name) ?? header.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }
  }
}
