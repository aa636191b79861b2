import AtlasGeometry

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
  /// A quote that does not follow RFC 4180 (text after a closing quote), or a quoted field
  /// still open at the end of the input.
  public var malformedQuotes: Bool
  /// The input ended inside a quoted field.
  public var unterminatedQuote: Bool
}

/// Splits a buffer of whole CSV records (RFC 4180: `,` separators, `"` quoting with `""` as an
/// escaped quote, LF or CRLF line ends, line breaks allowed inside quotes) into fields.
///
/// Works on borrowed bytes; never copies a field. Blank lines are skipped and counted.
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
      if base[position] == 0x0A {
        blankLines += 1
        position += 1
      } else if base[position] == 0x0D, position + 1 < n, base[position + 1] == 0x0A {
        blankLines += 1
        position += 2
      } else {
        break
      }
    }
    guard position < n else { return nil }
    let recordStart = position
    var i = position
    var lineBreaks = 0
    var malformed = false
    var unterminated = false
    while true {
      if i < n, base[i] == 0x22 {
        // Quoted field.
        let contentStart = i + 1
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
          if c == 0x0A { lineBreaks += 1 }
          j += 1
        }
        if closed < 0 {
          fields.append(CSVFieldRange(start: contentStart, end: n, quoted: true))
          malformed = true
          unterminated = true
          i = n
          break
        }
        fields.append(CSVFieldRange(start: contentStart, end: closed, quoted: true))
        i = closed + 1
        if i < n, base[i] != 0x2C, base[i] != 0x0A, !(base[i] == 0x0D && i + 1 < n && base[i + 1] == 0x0A) {
          // Text after the closing quote: keep it in the field, flag the record.
          malformed = true
          while i < n, base[i] != 0x2C, base[i] != 0x0A { i += 1 }
          fields[fields.count - 1].end = i
          if base[i - 1] == 0x0D, i < n, base[i] == 0x0A { fields[fields.count - 1].end = i - 1 }
        }
      } else {
        var j = i
        while j < n {
          let c = base[j]
          if c == 0x2C || c == 0x0A { break }
          j += 1
        }
        var end = j
        if j < n, base[j] == 0x0A, end > i, base[end - 1] == 0x0D { end -= 1 }
        if j == n, end > i, base[end - 1] == 0x0D { end -= 1 }
        fields.append(CSVFieldRange(start: i, end: end, quoted: false))
        i = j
      }
      if i < n, base[i] == 0x2C {
        i += 1
        continue
      }
      // End of record: at a line break, or the end of the buffer.
      var recordEnd = i
      if i < n {
        if recordEnd > recordStart, base[recordEnd - 1] == 0x0D { recordEnd -= 1 }
        lineBreaks += 1
        i += 1
      } else if recordEnd > recordStart, base[recordEnd - 1] == 0x0D {
        recordEnd -= 1
      }
      position = i
      return CSVRecordInfo(
        start: recordStart, end: recordEnd, lineBreaks: lineBreaks, malformedQuotes: malformed, unterminatedQuote: unterminated)
    }
    position = i
    return CSVRecordInfo(start: recordStart, end: n, lineBreaks: lineBreaks, malformedQuotes: malformed, unterminatedQuote: unterminated)
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
    var s = field.start, e = field.end
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

