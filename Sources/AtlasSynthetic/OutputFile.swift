import AtlasIO
import Foundation

/// A file written through a buffer into `NAME.partial` and renamed into place when complete, so
/// that a failed run never leaves a truncated file under the contract's name.
///
/// CSV rows are built field by field: `field`, `coordinate`, `timestamp` append one value and
/// the separator; `endRow()` ends the record. Text is quoted only when it holds a comma, a
/// quote or a line break (RFC 4180).
final class OutputFile {
  let name: String
  private let finalPath: String
  private let partialPath: String
  private let writer: BufferedFileWriter
  private var buffer: [UInt8] = []
  private var atRowStart = true
  private(set) var rows = 0
  private(set) var bytes = 0
  private static let flushThreshold = 1 << 20

  init(directory: URL, name: String) throws {
    self.name = name
    finalPath = directory.appendingPathComponent(name).path
    partialPath = finalPath + ".partial"
    writer = try BufferedFileWriter(path: partialPath)
    buffer.reserveCapacity(Self.flushThreshold + 4096)
  }

  private func separate() {
    if !atRowStart { buffer.append(UInt8(ascii: ",")) }
    atRowStart = false
  }

  /// Appends one text field.
  func field(_ text: String) {
    separate()
    let utf8 = text.utf8
    if utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
      buffer.append(0x22)
      for b in utf8 {
        if b == 0x22 { buffer.append(0x22) }
        buffer.append(b)
      }
      buffer.append(0x22)
    } else {
      buffer.append(contentsOf: utf8)
    }
  }

  /// Appends an empty field.
  func empty() { separate() }

  /// Appends a number with exactly six decimals (≈ 0.1 m in degrees), e.g. `-87.627356`.
  func coordinate(_ value: Double) {
    separate()
    Self.appendSixDecimals(value, to: &buffer)
  }

  /// Appends a finite number rounded to six decimals, all six written.
  static func appendSixDecimals(_ value: Double, to out: inout [UInt8]) {
    let scaled = Int64((value * 1_000_000).rounded())
    if scaled < 0 { out.append(UInt8(ascii: "-")) }
    let magnitude = scaled.magnitude
    out.append(contentsOf: String(magnitude / 1_000_000).utf8)
    out.append(UInt8(ascii: "."))
    var fraction = magnitude % 1_000_000
    var digits = [UInt8](repeating: 0x30, count: 6)
    for k in stride(from: 5, through: 0, by: -1) {
      digits[k] = UInt8(0x30 + fraction % 10)
      fraction /= 10
    }
    out.append(contentsOf: digits)
  }

  /// Appends an instant as local ISO 8601 time with its UTC offset.
  func timestamp(_ t: Int64, clock: LocalClock) {
    separate()
    clock.appendTimestamp(t, to: &buffer)
  }

  /// Appends a calendar day (days since 1970-01-01) as `YYYY-MM-DD`.
  func day(_ days: Int64) {
    separate()
    let (y, m, d) = ParsedTimestamp.civil(fromDays: Int(days))
    LocalClock.appendDate(year: y, month: m, day: d, to: &buffer)
  }

  /// Ends a record (CRLF-free: one `\n`).
  func endRow() throws {
    buffer.append(0x0A)
    atRowStart = true
    rows += 1
    if buffer.count >= Self.flushThreshold { try flush() }
  }

  /// Writes a header row (not counted in `rows`).
  func header(_ names: [String]) throws {
    for n in names { field(n) }
    try endRow()
    rows -= 1
  }

  /// Appends raw bytes (a whole JSON document).
  func raw(_ bytes: [UInt8]) throws {
    buffer.append(contentsOf: bytes)
    if buffer.count >= Self.flushThreshold { try flush() }
  }

  private func flush() throws {
    try writer.write(buffer)
    bytes += buffer.count
    buffer.removeAll(keepingCapacity: true)
  }

  /// Flushes, syncs and renames the file into place. `rows` is then the count of records (or
  /// of features, set by the caller through `count`).
  func finish(rows count: Int? = nil) throws -> WrittenFile {
    try flush()
    try writer.synchronize()
    if rename(partialPath, finalPath) != 0 {
      throw FileIOError(path: finalPath, reason: "rename from \(partialPath) failed: \(String(cString: strerror(errno)))")
    }
    return WrittenFile(name: name, path: finalPath, rows: count ?? rows, bytes: bytes)
  }
}

/// One file a run wrote: its contract name, where it is, how many records (CSV rows, GeoJSON
/// features) and bytes it holds.
public struct WrittenFile: Hashable, Sendable {
  public var name: String
  public var path: String
  public var rows: Int
  public var bytes: Int
}
