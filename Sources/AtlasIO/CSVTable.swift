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
  }

  public var path: String
  public var header: [String]
  public var rows: [Row]

  /// - Throws: `FileIOError` if the file cannot be read or has no header.
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
        if first {
          header = texts
          first = false
        } else {
          rows.append(Row(line: line + scanner.blankLines, fields: texts))
        }
        line += record.lineBreaks
      }
    }
    guard !header.isEmpty else { throw FileIOError(path: path, reason: "empty file (no header row)") }
    self.header = header
    self.rows = rows
  }

  /// Index of the column named `name` (exact match first, then case-insensitive).
  public func column(_ name: String) -> Int? {
    header.firstIndex(of: name) ?? header.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }
  }
}
