internal import CCrypto
import Foundation

/// SHA-256 with OpenSSL's EVP digest interface (libcrypto, which Debian ships with every
/// system): one owner per `EVP_MD_CTX`, freed in `deinit`; every return code checked.
final class SHA256Digest {
  private let context: OpaquePointer

  init() {
    // EVP_MD_CTX_new returns NULL only when memory is exhausted; EVP_DigestInit_ex returns 1
    // on success.
    guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
      fatalError("libcrypto could not set up a SHA-256 digest (out of memory)")
    }
    self.context = context
  }

  deinit { EVP_MD_CTX_free(context) }

  func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    // EVP_DigestUpdate returns 1 on success; SHA-256 has no failure mode for valid input.
    precondition(EVP_DigestUpdate(context, base, bytes.count) == 1, "EVP_DigestUpdate failed")
  }

  /// The digest as lowercase hex.
  func finalHex() -> String {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    precondition(EVP_DigestFinal_ex(context, &digest, &length) == 1 && length == 32, "EVP_DigestFinal_ex failed")
    return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
  }
}

/// SHA-256 of a file, streamed in 1 MiB blocks, as lowercase hex.
public func sha256Hex(ofFile path: String) throws -> String {
  guard let handle = FileHandle(forReadingAtPath: path) else {
    throw FileIOError(path: path, reason: "cannot open for reading")
  }
  defer { try? handle.close() }
  let digest = SHA256Digest()
  while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { block.withUnsafeBytes { digest.update($0) } }
  return digest.finalHex()
}

/// SHA-256 of bytes in memory, as lowercase hex.
public func sha256Hex(of bytes: [UInt8]) -> String {
  let digest = SHA256Digest()
  bytes.withUnsafeBytes { digest.update($0) }
  return digest.finalHex()
}
