import BenchmarkInput
import Foundation

// make-points [COUNT] [--output PATH] [--force]
//
// Writes the benchmark input (see `BenchmarkPoints`) and prints its path. COUNT is 2m (the
// default), 10m, or a number of points. An existing file is kept unless --force is given.
let usage = "usage: make-points [2m|10m|COUNT] [--output PATH] [--force]"
var count = 2_000_000
var output: String?
var force = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
  switch argument {
  case "--output", "-o":
    guard let path = arguments.popFirst() else { FileHandle.standardError.write(Data((usage + "\n").utf8)); exit(64) }
    output = path
  case "--force": force = true
  case "-h", "--help":
    print(usage)
    exit(0)
  default:
    let lowered = argument.lowercased().replacingOccurrences(of: "_", with: "")
    if lowered.hasSuffix("m"), let millions = Int(lowered.dropLast()), millions > 0 {
      count = millions * 1_000_000
    } else if let n = Int(lowered), n > 0 {
      count = n
    } else {
      FileHandle.standardError.write(Data("make-points: unexpected argument '\(argument)'\n\(usage)\n".utf8))
      exit(64)
    }
  }
}
do {
  let path = output ?? BenchmarkPoints.defaultPath(count: count)
  if force, FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
  let start = ContinuousClock.now
  let (written, created) = try BenchmarkPoints.ensureCSV(count: count, path: path)
  let seconds = (ContinuousClock.now - start) / .seconds(1)
  FileHandle.standardError.write(Data((created
    ? "make-points: wrote \(count) points in \(String(format: "%.1f", seconds)) s\n"
    : "make-points: kept existing \(written)\n").utf8))
  print(written)
} catch {
  FileHandle.standardError.write(Data("make-points: \(error)\n".utf8))
  exit(1)
}
