import AtlasGeometry
import AtlasIO
import AtlasProjection
import AtlasSpatial
import Foundation

/// Options of one streaming join.
public struct JoinConfiguration: Sendable {
  public var inputPath: String
  /// `-` for standard output.
  public var outputPath: String
  public var lonColumn: String?
  public var latColumn: String?
  /// CRS of the input coordinates; reprojected to WGS 84 with PROJ when it is not WGS 84.
  public var crs: CRS = .wgs84
  /// Worker threads; defaults to the number of cores.
  public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
  /// Bytes per chunk handed to a worker.
  public var chunkSize: Int = 2 << 20

  public init(inputPath: String, outputPath: String) {
    self.inputPath = inputPath
    self.outputPath = outputPath
  }
}

/// Streams a CSV of points through a `JoinEngine`: every record, in input order, with all its
/// columns, plus one column per layer (the area id) and `join_status` (`ok`, `outside`, or
/// `rejected: <reason>`).
///
/// Work is split into chunks of whole records (`CSVChunkReader`); each round hands one chunk to
/// each worker thread, then writes the outputs in order. Memory is bounded by
/// `threads × chunkSize`, whatever the input size.
public struct JoinJob {
  public var configuration: JoinConfiguration
  public var engine: JoinEngine

  public init(configuration: JoinConfiguration, engine: JoinEngine) {
    self.configuration = configuration
    self.engine = engine
  }

  /// Runs the join. `progress` receives (bytes read, file size) after each round.
  ///
  /// - Throws: `JoinError` for an unusable header, `FileIOError` for I/O failures,
  ///   `ProjectionError` when the input CRS has no operation to WGS 84.
  public func run(progress: ((Int, Int?) -> Void)? = nil) throws -> JoinAccounting {
    let reader = try CSVChunkReader(path: configuration.inputPath)
    guard var chunk = try reader.nextChunk(targetSize: configuration.chunkSize) else {
      throw JoinError.emptyInput(path: configuration.inputPath)
    }
    // The header is the first record; it is copied through verbatim.
    var header: [String] = []
    var headerBytes: [UInt8] = []
    var headerLength = 0
    var headerLineBreaks = 0
    chunk.withUnsafeBufferPointer { bytes in
      var scanner = CSVScanner(bytes)
      var fields: [CSVFieldRange] = []
      guard let record = scanner.next(into: &fields) else { return }
      header = fields.map { scanner.string($0) }
      headerBytes = Array(bytes[record.start..<record.end])
      headerLength = scanner.position
      headerLineBreaks = record.lineBreaks + scanner.blankLines
    }
    guard !header.isEmpty else { throw JoinError.emptyInput(path: configuration.inputPath) }
    let columns = try CoordinateColumns.find(
      in: header, xName: configuration.lonColumn, yName: configuration.latColumn, crs: configuration.crs)
    for name in engine.layerIDs + ["join_status"] where header.contains(name) { throw JoinError.columnCollision(name) }

    let writer = try BufferedFileWriter(path: configuration.outputPath)
    headerBytes += Array(("," + engine.layerIDs.map(csvEscaped).joined(separator: ",") + ",join_status\n").utf8)
    try writer.write(headerBytes)
    chunk.removeFirst(headerLength)

    let threads = max(1, configuration.threads)
    let workers = try (0..<threads).map { _ in
      try ChunkWorker(engine: engine, columns: columns, headerCount: header.count, crs: configuration.crs)
    }
    var accounting = JoinAccounting(layerIDs: engine.layerIDs)
    var nextLine = 1 + headerLineBreaks
    var nextRow = 1
    var round: [[UInt8]] = [chunk]
    while !round.isEmpty {
      while round.count < threads, let more = try reader.nextChunk(targetSize: configuration.chunkSize) {
        round.append(more)
      }
      let results = UnsafeMutableBufferPointer<ChunkResult>.allocate(capacity: round.count)
      defer {
        results.deinitialize()
        results.deallocate()
      }
      let slots = SendableBuffer(results)
      let chunks = round
      DispatchQueue.concurrentPerform(iterations: chunks.count) { i in
        (slots.base + i).initialize(to: workers[i].process(chunks[i]))
      }
      for i in 0..<round.count {
        var result = results[i]
        for e in result.accounting.examples.indices {
          result.accounting.examples[e].line += nextLine - 1
          result.accounting.examples[e].row += nextRow - 1
        }
        try writer.write(result.output)
        accounting.merge(result.accounting)
        nextLine += result.lineBreaks
        nextRow += result.accounting.rowsRead
      }
      progress?(reader.bytesRead, reader.fileSize)
      round = []
      if let next = try reader.nextChunk(targetSize: configuration.chunkSize) { round.append(next) }
    }
    assert(accounting.isConsistent, "join accounting does not add up")
    return accounting
  }
}

/// The result buffer of one round, shared with the workers; each writes only its own slot.
private struct SendableBuffer: @unchecked Sendable {
  let base: UnsafeMutablePointer<ChunkResult>
  init(_ buffer: UnsafeMutableBufferPointer<ChunkResult>) { base = buffer.baseAddress! }
}

struct ChunkResult {
  var output: [UInt8]
  var accounting: JoinAccounting
  /// Line breaks in the chunk, for numbering the lines of the next one.
  var lineBreaks: Int
}

func csvEscaped(_ text: String) -> String {
  guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
  return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
