import AtlasGeometry

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One field of a CSV record: a byte range inside the scanned buffer.
///
/// For a quoted field the range excludes the surrounding quotes and still holds doubled
/// quotes (`""`) as they are; `CSVScanner.string(_:)` unescapes them.
public struct CSVFieldRange: Hashable, Sendable {
  public var start: Int
  public var end: Int
  public var quoted: Bool
  public init(start: Int, end: Int, quoted: Bool) {
    self.start = start
    self.end = end
    self.quoted = quoted
  }

  public var isEmpty: Bool { start == end }
}

/// Where a record sits in the scanned buffer and what the scanner noticed about it.
public struct CSVRecordInfo: Hashable, Sendable {
  /// Byte range of the record, without its line terminator.
  public var start: Int
  public var end: Int
  /// Line breaks the record spans, its own terminator included (so line numbers can be kept).
  public var lineBreaks: Int
  /// Fields in the record.
  public var fieldCount: Int
  /// A quote that does not follow RFC 4180 (text after a closing quote), or a quoted field
  /// still open at the end of the input.
  public var malformedQuotes: Bool
  /// The input ended inside a quoted field.
  public var unterminatedQuote: Bool
  /// Line breaks inside quoted fields (0 for a record on one physical line).
  public var quotedLineBreaks: Int
  /// The first quoted field that holds a line break: the lines (offsets from the record's first
  /// line) on which its opening and closing quotes stand. Nil when no quoted field spans lines.
  public var multiLineField: CSVLineSpan?

  /// Physical lines the record occupies, its terminator aside.
  public var physicalLines: Int { quotedLineBreaks + 1 }
}

/// Lines counted from a record's first line (0 = the line the record starts on).
public struct CSVLineSpan: Hashable, Sendable {
  public var first: Int
  public var last: Int
  public init(first: Int, last: Int) {
    self.first = first
    self.last = last
  }
}

/// Why a record cannot be read as one row of a table: the words every command uses.
public struct CSVRecordProblem: Hashable, Sendable, CustomStringConvertible {
  public enum Kind: Hashable, Sendable {
    /// The input ends inside a quoted field.
    case unterminatedQuote
    /// A quoted field runs over line ends and has text after its closing quote: almost surely a
    /// stray quote that swallowed the lines up to the next quote.
    case malformedQuote
    /// A quoted field runs over line ends that hold whole records (a full row of separators
    /// each): a stray quote swallowed them, even if the merged record has the right width.
    case swallowedRecords
    case shortRow
    case longRow
  }

  public var kind: Kind
  /// The reason in words, with the line range when the record spans several lines.
  public var message: String
  public var description: String { message }

  /// The kind in words without line numbers or counts: one accounting outcome per kind, with
  /// `message` as the example.
  public var reason: String {
    switch kind {
    case .unterminatedQuote: return "unterminated quoted field"
    case .malformedQuote: return "a stray quote: a quoted field runs over line ends and closes badly"
    case .swallowedRecords: return "a stray quote: a quoted field swallowed lines that look like records"
    case .shortRow: return "short row"
    case .longRow: return "long row"
    }
  }
}

extension CSVRecordInfo {
  /// The physical lines of the record as text: `line 7` or `lines 3–6`.
  public func lineRange(firstLine: Int) -> String {
    physicalLines > 1 ? "lines \(firstLine)–\(firstLine + physicalLines - 1)" : "line \(firstLine)"
  }

  /// Why this record cannot be a row of a table with `expectedFieldCount` columns, or nil when
  /// it can. `firstLine` is the physical line the record starts on (the header is line 1).
  ///
  /// In order: the input ends inside quotes; a quoted field spans lines and has text after its
  /// closing quote; too few fields; too many. A record whose quoted field spans lines names the
  /// line range it swallowed, so the reader can see which lines it absorbed. Text after a
  /// closing quote on a single line is not a problem by itself (the field keeps it).
  public func problem(expectedFieldCount: Int, firstLine: Int) -> CSVRecordProblem? {
    let span = multiLineField.map { (firstLine + $0.first, firstLine + $0.last) }
    let where_ = physicalLines > 1 ? lineRange(firstLine: firstLine) + ": " : ""
    if unterminatedQuote {
      guard let span else { return CSVRecordProblem(kind: .unterminatedQuote, message: "unterminated quoted field (the file ends inside quotes)") }
      return CSVRecordProblem(
        kind: .unterminatedQuote,
        message: "\(where_)unterminated quoted field: a quote opened on line \(span.0) is never closed, "
          + "so the \(physicalLines) lines to the end of the file were read as one record")
    }
    if malformedQuotes, let span {
      return CSVRecordProblem(
        kind: .malformedQuote,
        message: "\(where_)a quoted field opened on line \(span.0) runs to line \(span.1) and has text after its closing quote "
          + "(a stray quote?); the \(physicalLines) lines were read as one record")
    }
    let note = span.map { " (a quoted field opened on line \($0.0) runs to line \($0.1))" } ?? ""
    if fieldCount < expectedFieldCount {
      return CSVRecordProblem(kind: .shortRow, message: "\(where_)short row: \(fieldCount) of \(expectedFieldCount) fields\(note)")
    }
    if fieldCount > expectedFieldCount {
      return CSVRecordProblem(kind: .longRow, message: "\(where_)long row: \(fieldCount) fields, header has \(expectedFieldCount)\(note)")
    }
    return nil
  }
}

/// Splits a buffer of whole CSV records into fields.
///
/// Rules (RFC 4180, read as Python's `csv` module and most spreadsheet exports do):
/// - `,` separates fields; a record ends at a line end: LF, CRLF or a lone CR (old Mac / Excel
///   exports), so a CR-only file is read line by line, never as one giant record.
/// - A field that *starts* with `"` is quoted: it runs to the next single `"`; `""` inside is an
///   escaped quote, and commas and line ends inside are data.
/// - A `"` anywhere else (inside an unquoted field) is a literal character.
/// - Text after a closing quote is kept in the field up to the next `,` or line end, and the
///   record is flagged (`malformedQuotes`); `CSVRecordInfo.problem` decides whether that is
///   fatal for the record.
///
/// `CSVChunkReader.lastRecordBoundary` applies exactly these rules to find where chunks may
/// end. Works on borrowed bytes; never copies a field. Blank lines are skipped and counted.
/// - Complexity: O(n) in the bytes scanned.
public struct CSVScanner {
  public let bytes: UnsafeBufferPointer<UInt8>
  public private(set) var position: Int
  /// Empty lines passed over so far (they are not records).
  public private(set) var blankLines = 0

  public init(_ bytes: UnsafeBufferPointer<UInt8>, startingAt position: Int = 0) {
    self.bytes = bytes
    self.position = position
  }

  /// Scans the next record into `fields` (cleared first); nil at the end of the buffer.
  public mutating func next(into fields: inout [CSVFieldRange]) -> CSVRecordInfo? {
    fields.removeAll(keepingCapacity: true)
    let n = bytes.count
    guard let base = bytes.baseAddress else { return nil }
    while position < n {
      let c = base[position]
      if c == 0x0A {
        blankLines += 1
        position += 1
      } else if c == 0x0D {
        blankLines += 1
        position += position + 1 < n && base[position + 1] == 0x0A ? 2 : 1
      } else {
        break
      }
    }
    guard position < n else { return nil }
    let recordStart = position
    var i = position
    var quotedBreaks = 0
    var multiLine: CSVLineSpan?
    var malformed = false
    var unterminated = false
    while true {
      if i < n, base[i] == 0x22 {
        // Quoted field.
        let contentStart = i + 1
        let openLine = quotedBreaks
        var j = contentStart
        var closed = -1
        while j < n {
          let c = base[j]
          if c == 0x22 {
            if j + 1 < n, base[j + 1] == 0x22 {
              j += 2
              continue
            }
            closed = j
            break
          }
          if c == 0x0A || (c == 0x0D && !(j + 1 < n && base[j + 1] == 0x0A)) { quotedBreaks += 1 }
          j += 1
        }
        if closed < 0 {
          // The input ends inside quotes. Its final line end, if any, is read as the record's
          // terminator (the file's last newline), not as data.
          var end = n
          if end > contentStart, base[end - 1] == 0x0A || base[end - 1] == 0x0D {
            end -= end - 1 > contentStart && base[end - 1] == 0x0A && base[end - 2] == 0x0D ? 2 : 1
            quotedBreaks -= 1
          }
          if multiLine == nil, quotedBreaks > openLine { multiLine = CSVLineSpan(first: openLine, last: quotedBreaks) }
          fields.append(CSVFieldRange(start: contentStart, end: end, quoted: true))
          malformed = true
          unterminated = true
          i = end
          break
        }
        if multiLine == nil, quotedBreaks > openLine { multiLine = CSVLineSpan(first: openLine, last: quotedBreaks) }
        fields.append(CSVFieldRange(start: contentStart, end: closed, quoted: true))
        i = closed + 1
        if i < n, base[i] != 0x2C, base[i] != 0x0A, base[i] != 0x0D {
          // Text after the closing quote: keep it in the field (quotes in it are literal), flag the record.
          malformed = true
          while i < n, base[i] != 0x2C, base[i] != 0x0A, base[i] != 0x0D { i += 1 }
          fields[fields.count - 1].end = i
        }
      } else {
        var j = i
        while j < n {
          let c = base[j]
          if c == 0x2C || c == 0x0A || c == 0x0D { break }
          j += 1
        }
        fields.append(CSVFieldRange(start: i, end: j, quoted: false))
        i = j
      }
      if i < n, base[i] == 0x2C {
        i += 1
        continue
      }
      break
    }
    // End of record: at a line end (LF, CRLF or CR), or the end of the buffer.
    let recordEnd = i
    var lineBreaks = quotedBreaks
    if i < n {
      lineBreaks += 1
      i = unterminated ? n : i + (base[i] == 0x0D && i + 1 < n && base[i + 1] == 0x0A ? 2 : 1)
    }
    position = i
    return CSVRecordInfo(
      start: recordStart, end: recordEnd, lineBreaks: lineBreaks, fieldCount: fields.count, malformedQuotes: malformed,
      unterminatedQuote: unterminated, quotedLineBreaks: quotedBreaks, multiLineField: multiLine)
  }

  /// Where the last complete record of `bytes` ends, by the scanner's own rules, reading from
  /// a record start: the index just past its line end, and the line ends before that index
  /// (inside quoted fields too, a CRLF counting once). Nil when no record is complete.
  ///
  /// The quoting state changes only at quotes, so the pass jumps from quote to quote (`memchr`):
  /// in unquoted text a `"` opens a quoted field only at a field start (first byte, or after
  /// `,`, LF or CR), elsewhere it is a literal character, exactly as in `next(into:)`; a quoted
  /// field ends at a `"` not followed by another. The boundary is then the last line end in
  /// unquoted text. Bytes that could change meaning with more input are never taken as a
  /// boundary: a CR at the very end (the first half of a CRLF?) and a `"` at the very end of a
  /// quoted field (the first half of a `""`?).
  /// - Complexity: O(n); the quote jumps and the line-end count run at memory speed.
  public static func lastRecordBoundary(in bytes: UnsafeBufferPointer<UInt8>) -> (end: Int, lineBreaks: Int)? {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
    let n = bytes.count
    func nextQuote(from i: Int) -> Int? {
      guard i < n, let hit = memchr(base + i, 0x22, n - i) else { return nil }
      return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
    // 1. The unquoted runs [start, end), in order.
    var runs: [(start: Int, end: Int)] = []
    var runStart = 0
    var i = 0
    var openToTheEnd = false
    while let q = nextQuote(from: i) {
      if q > 0 {
        let previous = base[q - 1]
        if previous != 0x2C && previous != 0x0A && previous != 0x0D {
          i = q + 1  // a literal quote inside unquoted text
          continue
        }
      }
      runs.append((runStart, q))
      var j = q + 1
      var closed = -1
      while let c = nextQuote(from: j) {
        guard c + 1 < n else { break }  // `"` at the very end: closing or half of `""`?
        if base[c + 1] == 0x22 {
          j = c + 2
          continue
        }
        closed = c
        break
      }
      guard closed >= 0 else {
        openToTheEnd = true
        break
      }
      i = closed + 1
      runStart = i
    }
    if !openToTheEnd { runs.append((runStart, n)) }
    // 2. The last line end in unquoted text.
    var end = -1
    search: for run in runs.reversed() {
      var k = run.end - 1
      while k >= run.start {
        let c = base[k]
        if c == 0x0A {
          end = k + 1
          break search
        }
        if c == 0x0D, k + 1 < n {
          end = base[k + 1] == 0x0A ? k + 2 : k + 1
          break search
        }
        k -= 1
      }
    }
    guard end > 0 else { return nil }
    // 3. Line ends before it: every LF, and every CR not followed by LF.
    var lineBreaks = 0
    for k in 0..<end where base[k] == 0x0A { lineBreaks += 1 }
    if memchr(base, 0x0D, end) != nil {
      for k in 0..<end where base[k] == 0x0D && (k + 1 == n || base[k + 1] != 0x0A) { lineBreaks += 1 }
    }
    return (end, lineBreaks)
  }

  /// The field's text, with doubled quotes unescaped.
  public func string(_ field: CSVFieldRange) -> String {
    let raw = UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
    guard field.quoted, raw.contains(0x22) else { return String(decoding: raw, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var k = 0
    while k < raw.count {
      out.append(raw[k])
      k += raw[k] == 0x22 && k + 1 < raw.count && raw[k + 1] == 0x22 ? 2 : 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The field parsed as a decimal number, ignoring surrounding spaces; nil when empty or not a
  /// number. `nan` and `inf` parse (to non-finite values) so callers can say so.
  public func number(_ field: CSVFieldRange) -> Double? {
    var s = field.start
    var e = field.end
    while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
    while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
    guard s < e else { return nil }
    return parseDecimal(UnsafeBufferPointer(rebasing: bytes[s..<e]))
  }

  /// Whether the field holds nothing but spaces.
  public func isBlank(_ field: CSVFieldRange) -> Bool {
    var s = field.start
    while s < field.end, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
    return s == field.end
  }
}
