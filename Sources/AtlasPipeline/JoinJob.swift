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
/// Work is split into chunks of whole records (`CSVChunkReader`). Each worker thread takes the
/// next chunk, joins it, and hands the output to `OrderedPipeline`, which writes outputs in
/// input order; reading, joining and writing overlap. At most `2 × threads` chunks are in
/// flight, so memory is bounded whatever the input size.
public struct JoinJob {
  public var configuration: JoinConfiguration
  public var engine: JoinEngine

  public init(configuration: JoinConfiguration, engine: JoinEngine) {
    self.configuration = configuration
    self.engine = engine
  }

  /// Refuses an output that is the input file itself (same device and inode, whatever the
  /// path, hard link or symbolic link): writing it would destroy the rows still to be read.
  public static func checkOutput(_ outputPath: String, isNot inputPath: String) throws(JoinError) {
    if outputPath != "-", isSameFile(outputPath, inputPath) { throw .outputIsInput(output: outputPath, input: inputPath) }
  }

  /// Runs the join. `progress` receives (bytes read, file size) after each round.
  ///
  /// The output appears only when the join succeeds: it is written to a temporary file beside
  /// it and renamed into place (`AtomicOutputFile`), so a failure or a kill leaves any previous
  /// output as it was.
  ///
  /// - Throws: `JoinError` for an unusable header or an output that is the input, `FileIOError`
  ///   for I/O failures, `ProjectionError` when the input CRS has no operation to WGS 84.
  public func run(progress: ((Int, Int?) -> Void)? = nil) throws -> JoinAccounting {
    try Self.checkOutput(configuration.outputPath, isNot: configuration.inputPath)
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
    if let duplicate = CSVTable.duplicateName(in: header) {
      throw JoinError.duplicateColumn(path: configuration.inputPath, reason: CSVTable.duplicateHeaderReason(duplicate, header: header))
    }
    let columns = try CoordinateColumns.find(
      in: header, xName: configuration.lonColumn, yName: configuration.latColumn, crs: configuration.crs)
    for name in engine.layerIDs + ["join_status"] where header.contains(name) { throw JoinError.columnCollision(name) }

    let output = try AtomicOutputFile(path: configuration.outputPath)
    let writer = output.writer
    headerBytes += Array(("," + engine.layerIDs.map(csvEscaped).joined(separator: ",") + ",join_status\n").utf8)
    try writer.write(headerBytes)
    chunk.removeFirst(headerLength)

    let threads = max(1, configuration.threads)
    let workers = try (0..<threads).map { _ in
      try ChunkWorker(engine: engine, columns: columns, headerCount: header.count, crs: configuration.crs)
    }
    let pipeline = OrderedPipeline(
      reader: reader, writer: writer, chunkSize: configuration.chunkSize, firstChunk: chunk,
      layerIDs: engine.layerIDs, firstLine: 1 + headerLineBreaks, maxPending: 2 * threads, progress: progress)
    DispatchQueue.concurrentPerform(iterations: threads) { i in pipeline.work(with: workers[i]) }
    let accounting = try pipeline.result()
    assert(accounting.isConsistent, "join accounting does not add up")
    try output.commit()
    return accounting
  }
}

struct ChunkResult {
  var output: [UInt8]
  var accounting: JoinAccounting
}

/// The text as one CSV field: quoted when it holds a comma, a quote or a line end. Checked on
/// the UTF-8 bytes: as Characters, a CRLF is one grapheme equal to neither "\r" nor "\n".
func csvEscaped(_ text: String) -> String {
  guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
  return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
