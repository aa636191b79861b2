import Crypto
import Foundation

/// SHA-256 of a file, streamed in 1 MiB blocks, as lowercase hex.
public func sha256Hex(ofFile path: String) throws -> String {
  guard let handle = FileHandle(forReadingAtPath: path) else {
    throw FileIOError(path: path, reason: "cannot open for reading")
  }
  defer { try? handle.close() }
  var hasher = SHA256()
  while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { hasher.update(data: block) }
  return hasher.finalize().map { String(format: "%02x", $0) }.joined()
}

/// SHA-256 of bytes in memory, as lowercase hex.
public func sha256Hex(of bytes: [UInt8]) -> String {
  SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}
