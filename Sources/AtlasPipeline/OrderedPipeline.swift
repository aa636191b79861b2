import AtlasIO
import Foundation

/// Shares one chunk reader and one writer among worker threads: chunks are numbered as they
/// are read (with the physical line each starts on, from the reader), and outputs are written
/// strictly in that order, with row numbers of rejected records made absolute as they are
/// written.
final class OrderedPipeline: @unchecked Sendable {
  private let reader: CSVChunkReader
  private let writer: BufferedFileWriter
  private let chunkSize: Int
  private let maxPending: Int
  private let progress: ((Int, Int?) -> Void)?
  private let condition = NSCondition()

  // Guarded by `condition`.
  private var firstChunk: (bytes: [UInt8], line: Int)?
  private var nextToRead = 0
  private var nextToWrite = 0
  private var finished: [Int: ChunkResult] = [:]
  private var exhausted = false
  private var failure: Error?
  private var accounting: JoinAccounting
  private var nextRow = 1

  init(
    reader: CSVChunkReader, writer: BufferedFileWriter, chunkSize: Int, firstChunk: [UInt8], layerIDs: [String],
    firstLine: Int, maxPending: Int, progress: ((Int, Int?) -> Void)?
  ) {
    self.reader = reader
    self.writer = writer
    self.chunkSize = chunkSize
    self.firstChunk = (firstChunk, firstLine)
    self.accounting = JoinAccounting(layerIDs: layerIDs)
    self.maxPending = maxPending
    self.progress = progress
  }

  /// Run by each worker thread until the input is exhausted or something failed.
  func work(with worker: ChunkWorker) {
    while let (sequence, chunk, line) = take() {
      let result = worker.process(chunk, firstLine: line)
      deliver(result, sequence: sequence)
    }
  }

  /// The merged accounting, or the first error any thread met.
  func result() throws -> JoinAccounting {
    condition.lock()
    defer { condition.unlock() }
    if let failure { throw failure }
    return accounting
  }

  private func take() -> (Int, [UInt8], Int)? {
    condition.lock()
    defer { condition.unlock() }
    while failure == nil && !exhausted && nextToRead - nextToWrite >= maxPending { condition.wait() }
    guard failure == nil, !exhausted else { return nil }
    let chunk: [UInt8]?
    let line: Int
    if let first = firstChunk {
      (chunk, line) = first
      firstChunk = nil
    } else {
      do { chunk = try reader.nextChunk(targetSize: chunkSize) } catch {
        fail(error)
        return nil
      }
      line = reader.lastChunkFirstLine
    }
    guard let chunk else {
      exhausted = true
      condition.broadcast()
      return nil
    }
    defer { nextToRead += 1 }
    return (nextToRead, chunk, line)
  }

  private func deliver(_ result: ChunkResult, sequence: Int) {
    condition.lock()
    defer { condition.unlock() }
    finished[sequence] = result
    while failure == nil, var ready = finished.removeValue(forKey: nextToWrite) {
      for e in ready.accounting.examples.indices { ready.accounting.examples[e].row += nextRow - 1 }
      do { try writer.write(ready.output) } catch {
        fail(error)
        return
      }
      accounting.merge(ready.accounting)
      nextRow += ready.accounting.rowsRead
      nextToWrite += 1
      progress?(reader.bytesRead, reader.fileSize)
    }
    condition.broadcast()
  }

  private func fail(_ error: Error) {
    if failure == nil { failure = error }
    condition.broadcast()
  }
}
