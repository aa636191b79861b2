import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasSpatial
import AtlasTestSupport
import Foundation
import Testing

/// The streaming join on mutated point files: every record counted exactly once, the same answer
/// at any chunk size and thread count, one output record per input record.
@Suite("Fuzz: join accounting")
struct JoinFuzzTests {
  /// A points file with every quoting and line-end case, coordinates in and around the tiling.
  func seedFile(_ random: inout SeededGenerator) -> [UInt8] {
    var text = "id,desc,longitude,latitude\n"
    for i in 0..<40 {
      let lon = Double.random(in: -87.72 ... -87.66, using: &random)
      let lat = Double.random(in: 41.86...41.91, using: &random)
      switch i % 5 {
      case 0: text += "\(i),\"quoted, comma\",\(lon),\(lat)\n"
      case 1: text += "\(i),\"two\nlines\",\(lon),\(lat)\r\n"
      case 2: text += "\(i),plain,\"\(lon)\",\(lat)\r"
      case 3: text += "\(i),say \"\"x\"\",\(lon),\(lat)\n"
      default: text += "\(i),,\(lon),\(lat)\n"
      }
    }
    return Array(text.utf8)
  }

  /// Records after the header in `bytes`, as the scanner reads the whole file.
  func dataRecords(_ bytes: [UInt8]) -> Int {
    var count = -1
    var body = bytes
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
    body.withUnsafeBufferPointer { buffer in
      var scanner = CSVScanner(buffer)
      var fields: [CSVFieldRange] = []
      while scanner.next(into: &fields) != nil { count += 1 }
    }
    return max(count, 0)
  }

  @Test("rows read = ok + outside + rejected = the file's records; chunk size and threads change nothing; no trap")
  func accounting() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("in.csv").path
    let output = directory.appendingPathComponent("out.csv").path
    let engine = try JoinEngine(layers: [squareTiling(columns: 3, rows: 3)], rule: .southEastExact)
    var random = SeededGenerator(seed: Fuzz.seed)
    let cases = Fuzz.cases(default: 120)
    var joined = 0
    for n in 0..<cases {
      let bytes = Fuzz.mutate(seedFile(&random), using: &random)
      try Data(bytes).write(to: URL(fileURLWithPath: input))
      var whole = JoinConfiguration(inputPath: input, outputPath: output)
      whole.threads = 1
      guard let reference = try? JoinJob(configuration: whole, engine: engine).run() else { continue }  // header refused
      let referenceOutput = try Data(contentsOf: URL(fileURLWithPath: output))
      var chunked = whole
      chunked.threads = Int.random(in: 1...3, using: &random)
      chunked.chunkSize = Int.random(in: 1...512, using: &random)
      var accounting = reference
      let seconds = try Fuzz.timed { accounting = try JoinJob(configuration: chunked, engine: engine).run() }
      #expect(seconds < 2, "seed \(Fuzz.seed) case \(n) took \(seconds) s")
      let context = "seed \(Fuzz.seed) case \(n)"
      #expect(accounting.isConsistent, "\(context)")
      #expect(accounting.rowsRead == dataRecords(bytes), "\(context)")
      #expect(accounting == reference, "\(context): chunk size \(chunked.chunkSize), \(chunked.threads) threads")
      let chunkedOutput = try Data(contentsOf: URL(fileURLWithPath: output))
      #expect(chunkedOutput == referenceOutput, "\(context)")
      #expect(dataRecords(Array(chunkedOutput)) == accounting.rowsRead, "\(context): the output has one record per input record")
      if accounting != reference || chunkedOutput != referenceOutput { break }
      joined += 1
    }
    #expect(joined > cases / 2)
    print("join fuzz: \(cases) cases, \(joined) joined, seed \(Fuzz.seed)")
  }
}
