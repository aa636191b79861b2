#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading or writing a file failed.
public struct FileIOError: Error, CustomStringConvertible, Equatable {
  public var path: String
  public var reason: String
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }
  public var description: String { "\(path): \(reason)" }

  static func errno(_ path: String, _ action: String) -> FileIOError {
    FileIOError(path: path, reason: "\(action) failed: \(String(cString: strerror(Glibc.errno)))")
  }
}

/// Reads a CSV file in chunks that each end on a record boundary, so chunks can be scanned
/// independently (in parallel) with `CSVScanner`.
///
/// A line break ends a record only outside quotes. Since every `"` toggles the quoting state
/// (an escaped `""` toggles it twice), the state at a byte is the parity of the quotes before
/// it: a chunk ends at the last line break preceded by an even number of quotes. A leading
/// UTF-8 byte-order mark is dropped. Memory stays bounded by the chunk size (plus the longest
/// record).
public final class CSVChunkReader {
  public let path: String
  private let descriptor: Int32
  private var pending: [UInt8] = []
  private var atEndOfFile = false
  private var startOfFile = true

  /// Bytes read so far (for progress).
  public private(set) var bytesRead = 0

  public init(path: String) throws {
    self.path = path
    descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw FileIOError.errno(path, "open") }
  }

  deinit { close(descriptor) }

  /// Size of the file in bytes, if it is a regular file.
  public var fileSize: Int? {
    var info = stat()
    guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(info.st_size)
  }

  /// The next chunk of whole records, about `targetSize` bytes (more if one record is longer);
  /// nil when the file is exhausted. The last chunk may end without a line break.
  public func nextChunk(targetSize: Int = 4 << 20) throws -> [UInt8]? {
    var buffer = pending
    pending = []
    var want = targetSize
    while true {
      while buffer.count < want && !atEndOfFile { try fill(&buffer, upTo: want) }
      if startOfFile {
        startOfFile = false
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { buffer.removeFirst(3) }
      }
      if atEndOfFile { return buffer.isEmpty ? nil : buffer }
      if let split = Self.lastRecordBoundary(in: buffer) {
        pending = Array(buffer[(split + 1)...])
        buffer.removeLast(buffer.count - split - 1)
        return buffer
      }
      want = max(want * 2, buffer.count * 2)
    }
  }

  private func fill(_ buffer: inout [UInt8], upTo want: Int) throws {
    let old = buffer.count
    let request = max(want - old, 64 << 10)
    buffer.append(contentsOf: repeatElement(0, count: request))
    let got = buffer.withUnsafeMutableBytes { raw -> Int in
      var n: Int
      repeat { n = read(descriptor, raw.baseAddress! + old, request) } while n < 0 && errno == EINTR
      return n
    }
    guard got >= 0 else {
      buffer.removeLast(request)
      throw FileIOError.errno(path, "read")
    }
    buffer.removeLast(request - got)
    bytesRead += got
    if got == 0 { atEndOfFile = true }
  }

  /// Index of the last line break outside quotes, or nil.
  static func lastRecordBoundary(in buffer: [UInt8]) -> Int? {
    buffer.withUnsafeBufferPointer { bytes -> Int? in
      var quotes = 0
      for b in bytes where b == 0x22 { quotes += 1 }
      var quotesAfter = 0
      var i = bytes.count - 1
      while i >= 0 {
        let b = bytes[i]
        if b == 0x0A, (quotes - quotesAfter) & 1 == 0 { return i }
        if b == 0x22 { quotesAfter += 1 }
        i -= 1
      }
      return nil
    }
  }
}

/// Writes bytes to a file through a large buffer.
public final class BufferedFileWriter {
  public let path: String
  private let descriptor: Int32
  private let ownsDescriptor: Bool

  /// Creates or truncates `path` (permissions 0644); `-` writes to standard output.
  public init(path: String) throws {
    self.path = path
    if path == "-" {
      descriptor = STDOUT_FILENO
      ownsDescriptor = false
    } else {
      descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      ownsDescriptor = true
      guard descriptor >= 0 else { throw FileIOError.errno(path, "open for writing") }
    }
  }

  deinit { if ownsDescriptor { close(descriptor) } }

  public func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          throw FileIOError.errno(path, "write")
        }
        offset += n
      }
    }
  }

  /// Flushes the file to disk (before an atomic rename).
  public func synchronize() throws {
    guard ownsDescriptor else { return }
    guard fsync(descriptor) == 0 else { throw FileIOError.errno(path, "fsync") }
  }
}
