import Foundation

/// A seeded fuzzing budget and input mutator shared by the fuzz suites.
///
/// The short run (part of `swift test`) uses each suite's default case count; a long run sets
/// `EQUITY_ATLAS_FUZZ_CASES` (cases per suite), e.g.
/// `EQUITY_ATLAS_FUZZ_CASES=1000000 swift test -c release --filter Fuzz`. The seed is
/// `EQUITY_ATLAS_FUZZ_SEED` (default 1), and every failure message names the seed and the case,
/// so a failure can be replayed.
public enum Fuzz {
  /// Cases to run: `EQUITY_ATLAS_FUZZ_CASES` when set, else `defaultCases`.
  public static func cases(default defaultCases: Int) -> Int {
    ProcessInfo.processInfo.environment["EQUITY_ATLAS_FUZZ_CASES"].flatMap { Int($0) }.map { max($0, 1) } ?? defaultCases
  }

  public static var seed: UInt64 {
    ProcessInfo.processInfo.environment["EQUITY_ATLAS_FUZZ_SEED"].flatMap { UInt64($0) } ?? 1
  }

  /// Bytes that break parsers: quotes, line ends, separators, NUL, a BOM, high bytes.
  public static let hostileBytes: [UInt8] = [0x22, 0x22, 0x0D, 0x0A, 0x2C, 0x00, 0xEF, 0xBB, 0xBF, 0xFF, 0x20, 0x09, 0x5C, 0x5B, 0x7B]

  /// One to four random mutations of `input`: bit flips, inserted hostile bytes (alone, as a
  /// BOM, CRLF or `""`), deletions, truncation, duplicated ranges, and huge fields (plain, or
  /// quoted with line breaks).
  public static func mutate(_ input: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
    var bytes = input
    for _ in 0..<Int.random(in: 1...4, using: &random) {
      let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
      switch Int.random(in: 0..<9, using: &random) {
      case 0 where !bytes.isEmpty:
        let i = min(position, bytes.count - 1)
        bytes[i] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
      case 1, 2:
        bytes.insert(hostileBytes.randomElement(using: &random)!, at: position)
      case 3:
        let sequences: [[UInt8]] = [[0xEF, 0xBB, 0xBF], [0x0D, 0x0A], [0x22, 0x22], [0x0D], [0x22, 0x0A, 0x22], [0x00, 0x00]]
        bytes.insert(contentsOf: sequences.randomElement(using: &random)!, at: position)
      case 4 where !bytes.isEmpty:
        let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
        bytes.removeSubrange(min(position, end)..<end)
      case 5:
        bytes.removeLast(bytes.count - min(bytes.count, position))
      case 6 where !bytes.isEmpty:
        let start = min(position, bytes.count - 1)
        let end = min(bytes.count, start + Int.random(in: 1...64, using: &random))
        bytes.insert(contentsOf: bytes[start..<end], at: Int.random(in: 0...bytes.count, using: &random))
      case 7:
        let length = Int.random(in: 1_000...20_000, using: &random)
        if Bool.random(using: &random) {
          bytes.insert(contentsOf: repeatElement(UInt8(ascii: "x"), count: length), at: position)
        } else {
          var field: [UInt8] = [0x22]
          for k in 0..<length { field.append(k % 97 == 0 ? 0x0A : UInt8(ascii: "y")) }
          field.append(0x22)
          bytes.insert(contentsOf: field, at: position)
        }
      default:
        bytes.replaceSubrange(
          min(position, bytes.count)..<min(position, bytes.count), with: [UInt8.random(in: 0...255, using: &random)])
      }
    }
    return bytes
  }

  /// Runs `body` and returns its duration in seconds.
  public static func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }
}
