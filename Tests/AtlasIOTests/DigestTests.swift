import AtlasIO
import AtlasTestSupport
import Foundation
import Testing

@Suite("SHA-256 through libcrypto")
struct DigestTests {
  @Test("FIPS 180-2 examples: \"abc\", the empty message, and a file streamed in blocks")
  func known() throws {
    #expect(sha256Hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(sha256Hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    // One million 'a' (FIPS 180-2 appendix B.3), written to a file read in 1 MiB blocks.
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("a.bin").path
    try Data(repeating: UInt8(ascii: "a"), count: 1_000_000).write(to: URL(fileURLWithPath: path))
    #expect(try sha256Hex(ofFile: path) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    #expect(throws: FileIOError.self) { try sha256Hex(ofFile: directory.appendingPathComponent("missing").path) }
  }
}
