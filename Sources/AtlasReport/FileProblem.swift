import Foundation

/// Failures of the file system in sentences a reader can act on ("the disk is full; free
/// space and rerun"), from POSIX `errno` values, Foundation's `CocoaError` codes (640 is
/// "out of space") and their underlying POSIX errors. The one funnel for them in the reports.
enum FileProblem {
  /// What went wrong, in words: "the disk is full", "permission denied", ….
  static func reason(_ error: Error) -> String {
    if let code = posixCode(error) { return phrase(code).what }
    if let error = error as? ReportError { return error.message }
    return "\(error)"
  }

  /// The error of writing `path`, as "PATH: cannot be written: the disk is full; free space
  /// and rerun". Errors that are already `ReportError`s pass through; a cairo failure that
  /// carries no `errno` is explained from the state of the directory (full disk, no write
  /// permission) when that tells, else with cairo's own words.
  static func writing(_ path: String, _ error: Error, diagnosed: Int32? = nil) -> ReportError {
    if let error = error as? ReportError { return error }
    let code = posixCode(error) ?? diagnosed ?? diagnosedCode(near: path)
    guard let code else { return ReportError(path: path, message: "cannot be written (\(error)); check the disk and rerun") }
    let (what, advice) = phrase(code)
    return ReportError(path: path, message: "cannot be written: \(what); \(advice)")
  }

  /// The POSIX error behind a Foundation or POSIX error, if there is one.
  static func posixCode(_ error: Error) -> Int32? {
    if let error = error as? POSIXError { return error.code.rawValue }
    let ns = error as NSError
    if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? Error, let code = posixCode(underlying) { return code }
    guard ns.domain == NSCocoaErrorDomain else { return nil }
    switch CocoaError.Code(rawValue: ns.code) {
    case .fileWriteOutOfSpace: return ENOSPC
    case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
    case .fileWriteVolumeReadOnly: return EROFS
    case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
    case .fileWriteFileExists: return EEXIST
    default: return nil
    }
  }

  /// For errors without an errno (cairo's "error while writing to output stream"): a full
  /// disk (less than 1 MiB left) or an unwritable directory where `path` goes, when the file
  /// system says so. Call it before removing the failed temporary file.
  static func diagnosedCode(near path: String) -> Int32? {
    let directory = (path as NSString).deletingLastPathComponent
    var stats = statvfs()
    if statvfs(directory.isEmpty ? "." : directory, &stats) == 0, Double(stats.f_bavail) * Double(stats.f_frsize) < 1_048_576 { return ENOSPC }
    if access(directory.isEmpty ? "." : directory, W_OK) != 0 { return errno }
    return nil
  }

  static func phrase(_ code: Int32) -> (what: String, advice: String) {
    switch code {
    case ENOSPC: return ("the disk is full", "free space and rerun")
    case EDQUOT: return ("the disk quota is used up", "free space and rerun")
    case EACCES, EPERM: return ("permission denied", "choose an --out directory you can write to")
    case EROFS: return ("the file system is read-only", "choose another --out directory")
    case ENOENT: return ("a directory on its path does not exist", "check the path")
    case ENOTDIR: return ("a part of its path is a file, not a directory", "check the path or choose another --out")
    case EISDIR: return ("a directory of that name is in the way", "remove it or choose another --out")
    case EEXIST: return ("a file of that name is in the way", "remove it or choose another --out")
    case EIO: return ("the disk reported an input/output error", "check the disk and rerun")
    default: return (String(cString: strerror(code)), "check the disk and the path, then rerun")
    }
  }
}

/// Writes a whole file or nothing: the bytes go to `<path>.partial-<uuid>` in the same
/// directory, are flushed, and the file is renamed over `path`; on any failure the temporary
/// file is removed and `path` keeps its previous content.
public enum AtomicFile {
  /// - Throws: `ReportError` in words (see `FileProblem`).
  public static func write(_ bytes: [UInt8], to path: String) throws {
    let temporary = path + ".partial-" + UUID().uuidString
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw FileProblem.writing(path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
    var failure: Int32?
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        offset += written
      }
    }
    if failure == nil, fsync(descriptor) != 0 { failure = errno }
    if close(descriptor) != 0, failure == nil { failure = errno }
    if failure == nil, rename(temporary, path) != 0 { failure = errno }
    if let failure {
      unlink(temporary)
      throw FileProblem.writing(path, POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO))
    }
  }

  /// Creates a directory (and its parents) for output.
  /// - Throws: `ReportError` in words.
  static func makeDirectory(_ url: URL) throws {
    do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
      throw ReportError(
        path: url.path,
        message: "cannot be created as the output directory: \(FileProblem.reason(error)); "
          + FileProblem.phrase(FileProblem.posixCode(error) ?? EIO).advice)
    }
  }
}
