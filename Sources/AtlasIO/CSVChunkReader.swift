import Foundation

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
/// A chunk ends after the last record that is complete in the bytes read, found by
/// `CSVScanner.lastRecordBoundary` with the scanner's own rules (a quote inside an unquoted
/// field is literal; LF, CRLF and lone CR end lines), so scanning the chunks one after another
/// yields exactly the records of scanning the whole file. A leading UTF-8 byte-order mark is
/// dropped. Memory stays bounded by the chunk size plus the longest record (a quote that is
/// never closed makes the rest of the file one record).
public final class CSVChunkReader {
  public let path: String
  private let descriptor: Int32
  private var pending: [UInt8] = []
  private var atEndOfFile = false
  private var startOfFile = true
  private var nextLine = 1

  /// The physical line (1-based, the file's first line is 1) on which the chunk last returned
  /// by `nextChunk` starts.
  public private(set) var lastChunkFirstLine = 1

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
      // At the start, at least the three bytes a byte-order mark takes.
      let needed = startOfFile ? max(want, 3) : want
      while buffer.count < needed && !atEndOfFile { try fill(&buffer, upTo: needed) }
      if startOfFile {
        startOfFile = false
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { buffer.removeFirst(3) }
      }
      if atEndOfFile {
        lastChunkFirstLine = nextLine
        return buffer.isEmpty ? nil : buffer
      }
      if let split = buffer.withUnsafeBufferPointer({ CSVScanner.lastRecordBoundary(in: $0) }) {
        pending = Array(buffer[split.end...])
        buffer.removeLast(buffer.count - split.end)
        lastChunkFirstLine = nextLine
        nextLine += split.lineBreaks
        return buffer
      }
      want = max(want * 2, buffer.count * 2)
    }
  }

  /// Reads up to `want - buffer.count` more bytes (at least 64 KiB unless `want` is smaller, and
  /// no more than the rest of a regular file plus one byte, so a small file costs no large
  /// buffer). Sets `atEndOfFile` when a read returns nothing.
  private func fill(_ buffer: inout [UInt8], upTo want: Int) throws {
    let old = buffer.count
    var request = max(want - old, min(want, 64 << 10))
    if let size = fileSize { request = min(request, max(size - bytesRead, 0) + 1) }
    var failed = false
    var got = 0
    buffer = [UInt8](unsafeUninitializedCapacity: old + request) { target, count in
      _ = target.initialize(fromContentsOf: buffer)
      var n: Int
      repeat { n = read(descriptor, target.baseAddress! + old, request) } while n < 0 && errno == EINTR
      failed = n < 0
      got = max(n, 0)
      count = old + got
    }
    guard !failed else { throw FileIOError.errno(path, "read") }
    bytesRead += got
    if got == 0 { atEndOfFile = true }
  }
}

/// Writes bytes to a file through a large buffer.
public final class BufferedFileWriter {
  public let path: String
  private let descriptor: Int32
  private let ownsDescriptor: Bool

  /// Creates or truncates `path` (permissions 0644); `-` writes to standard output. With
  /// `exclusive`, fails if `path` already exists.
  public init(path: String, exclusive: Bool = false) throws {
    self.path = path
    if path == "-" {
      descriptor = STDOUT_FILENO
      ownsDescriptor = false
    } else {
      descriptor = open(path, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC), 0o644)
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

/// Whether two paths name the same file (same device and inode, through any path, hard link or
/// symbolic link). False when either does not exist.
public func isSameFile(_ a: String, _ b: String) -> Bool {
  var sa = stat()
  var sb = stat()
  guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
}

/// An output file that appears complete or not at all.
///
/// The bytes go to `.NAME.partial-PID` in the same directory; `commit()` flushes it to disk
/// (fsync) and renames it over `NAME`, so a failure or a kill at any moment leaves any previous
/// `NAME` untouched. Without `commit()` (an error, or the object dropped) the temporary file is
/// removed. Temporary files of earlier runs that were killed (their process no longer exists) are
/// removed when the next output of the same name is opened.
///
/// Standard output (`-`) and existing non-regular files (`/dev/null`, a FIFO) are written in
/// place: there is nothing to rename.
public final class AtomicOutputFile {
  /// Where the output ends up.
  public let path: String
  /// The temporary file, nil when writing in place.
  public let temporaryPath: String?
  public let writer: BufferedFileWriter
  private var finished = false

  /// The name prefix of this output's temporary files: `.NAME.partial-`.
  public static func partialPrefix(for name: String) -> String { ".\(name).partial-" }

  /// - Throws: `FileIOError` naming `path` when it is a directory or its directory cannot take
  ///   a new file.
  public init(path: String) throws {
    self.path = path
    var info = stat()
    let exists = path != "-" && stat(path, &info) == 0
    if exists, (info.st_mode & S_IFMT) == S_IFDIR {
      throw FileIOError(path: path, reason: "is a directory; give a file name for the output")
    }
    if exists, access(path, W_OK) != 0 {
      // Renaming over it would work, but the file says it is not to be written.
      throw FileIOError.errno(path, "open for writing")
    }
    if path == "-" || (exists && (info.st_mode & S_IFMT) != S_IFREG) {
      temporaryPath = nil
      writer = try BufferedFileWriter(path: path)
      return
    }
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    let prefix = Self.partialPrefix(for: url.lastPathComponent)
    Self.removeStalePartials(in: directory, prefix: prefix)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(prefix + String(getpid())).path
    unlink(temporary)  // our own PID: a leftover of an earlier process that had it
    do { writer = try BufferedFileWriter(path: temporary, exclusive: true) } catch let error as FileIOError {
      throw FileIOError(path: path, reason: "cannot create the temporary output \(temporary) (\(error.reason))")
    }
    temporaryPath = temporary
  }

  deinit { if !finished { discard() } }

  /// Flushes the output to disk and moves it into place.
  public func commit() throws {
    guard !finished else { return }
    guard let temporaryPath else {
      finished = true
      return
    }
    do {
      try writer.synchronize()
      guard rename(temporaryPath, path) == 0 else { throw FileIOError.errno(path, "rename of \(temporaryPath) to the output") }
    } catch {
      discard()
      throw error
    }
    finished = true
    // Make the rename itself durable.
    let directory = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY)
    if directory >= 0 {
      _ = fsync(directory)
      close(directory)
    }
  }

  /// Removes the temporary file (a failed run); the previous output stays as it was.
  public func discard() {
    finished = true
    if let temporaryPath { unlink(temporaryPath) }
  }

  /// Removes `prefix + PID` files whose process is gone (killed runs); files of running
  /// processes (a concurrent run) are left alone.
  static func removeStalePartials(in directory: String, prefix: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for name in names where name.hasPrefix(prefix) {
      guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
    }
  }
}
