import AtlasGeometry
import AtlasIO
import AtlasProjection
import AtlasSpatial
import Foundation

/// Joins one chunk of whole CSV records: parse and check coordinates, reproject if needed,
/// locate in every layer, and format the output rows.
///
/// One worker per thread: it owns its scratch buffers and its PROJ transformer, so `process`
/// must not run concurrently on the same instance.
final class ChunkWorker: @unchecked Sendable {
  let engine: JoinEngine
  let columns: CoordinateColumns
  let headerCount: Int
  let transformer: CoordinateOperation?
  /// Per layer, per area: the id as CSV bytes preceded by a comma.
  let areaCells: [[[UInt8]]]
  let validator: CoordinateValidator

  private var fields: [CSVFieldRange] = []
  private var records: [Record] = []
  private var xs: [Double] = []
  private var ys: [Double] = []
  /// Per layer, the location of every record of the chunk.
  private var locations: [[PointLocation]]

  struct Record {
    var start: Int
    var end: Int
    /// Commas to add so that a short row keeps the header's column count.
    var padding: Int
    /// The input ended inside this record's quoted field: close it in the output.
    var closeQuote: Bool
    var line: Int
    /// Physical lines the record spans.
    var lines: Int
    var rejection: (RejectReason, String)?
  }

  init(engine: JoinEngine, columns: CoordinateColumns, headerCount: Int, crs: CRS) throws {
    self.engine = engine
    self.columns = columns
    self.headerCount = headerCount
    self.transformer = crs == .wgs84 ? nil : try CoordinateOperation(from: crs, to: .wgs84)
    self.validator = CoordinateValidator(xName: columns.xName, yName: columns.yName, extent: engine.extent, geographic: crs == .wgs84)
    self.areaCells = engine.layers.map { layer in layer.areas.map { Array(("," + csvEscaped($0.id)).utf8) } }
    self.locations = Array(repeating: [], count: engine.indexes.count)
  }

  /// Joins one chunk whose first byte is on physical line `firstLine` of the input.
  func process(_ chunk: [UInt8], firstLine: Int) -> ChunkResult {
    var accounting = JoinAccounting(layerIDs: engine.layerIDs)
    var output: [UInt8] = []
    output.reserveCapacity(chunk.count + chunk.count / 3)
    chunk.withUnsafeBufferPointer { bytes in
      parse(bytes, firstLine: firstLine, accounting: &accounting)
      if let transformer { reproject(with: transformer) }
      for (l, index) in engine.indexes.enumerated() { index.locate(lons: xs, lats: ys, into: &locations[l]) }
      emit(bytes, into: &output, accounting: &accounting)
    }
    return ChunkResult(output: output, accounting: accounting)
  }

  // MARK: Pass 1: records, fields, coordinates

  private func parse(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, accounting: inout JoinAccounting) {
    records.removeAll(keepingCapacity: true)
    xs.removeAll(keepingCapacity: true)
    ys.removeAll(keepingCapacity: true)
    var scanner = CSVScanner(bytes)
    var consumed = 0
    while let info = scanner.next(into: &fields) {
      let line = firstLine + consumed + scanner.blankLines
      consumed += info.lineBreaks
      var record = Record(
        start: info.start, end: info.end, padding: 0, closeQuote: info.unterminatedQuote, line: line, lines: info.physicalLines,
        rejection: nil)
      var x = Double.nan
      var y = Double.nan
      // The common case, a clean record of the header's width, needs no further look.
      let clean = info.fieldCount == headerCount && !info.malformedQuotes && info.quotedLineBreaks == 0
      if !clean, let problem = info.problem(expectedFieldCount: headerCount, firstLine: line, fields: fields, in: bytes) {
        switch problem.kind {
        case .unterminatedQuote:
          record.rejection = (.unterminatedQuote, problem.message)
          record.padding = max(headerCount - fields.count, 0)
        case .malformedQuote:
          record.rejection = (.strayQuote, problem.message)
          record.padding = max(headerCount - fields.count, 0)
          if fields.count > headerCount { record.end = Self.end(of: fields[headerCount - 1], in: bytes) }
        case .swallowedRecords:
          record.rejection = (.swallowedRecords, problem.message)
        case .shortRow:
          record.padding = headerCount - fields.count
          record.rejection = (.shortRow, problem.message)
        case .longRow:
          record.end = Self.end(of: fields[headerCount - 1], in: bytes)
          record.rejection = (.longRow, problem.message + " (extra fields not copied)")
        }
      } else {
        if info.malformedQuotes { accounting.strayQuoteRecords += 1 }
        (x, y, record.rejection) = validator.check(scanner, fields[columns.x], fields[columns.y])
      }
      records.append(record)
      xs.append(x)
      ys.append(y)
    }
    accounting.blankLines = scanner.blankLines
  }

  /// Where a field ends in the input, its closing quote included (a field with text after its
  /// closing quote already ends after that text).
  private static func end(of field: CSVFieldRange, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    field.quoted && field.end < bytes.count && bytes[field.end] == 0x22 ? field.end + 1 : field.end
  }

  // MARK: Pass 2: reprojection (non-WGS 84 input)

  private func reproject(with transformer: CoordinateOperation) {
    let originalX = xs
    let originalY = ys
    do { try transformer.transform(xs: &xs, ys: &ys) } catch {
      // The batch call failed as a whole: no row of the chunk has a position.
      for i in records.indices {
        xs[i] = .nan
        ys[i] = .nan
        if records[i].rejection == nil { records[i].rejection = (.projectionFailed, "\(error)") }
      }
      return
    }
    for i in records.indices where records[i].rejection == nil {
      if !xs[i].isFinite || !ys[i].isFinite {
        records[i].rejection = (.projectionFailed, "PROJ cannot transform (\(originalX[i]), \(originalY[i])) from \(transformer.source) to WGS 84")
      } else if !engine.extent.contains(x: xs[i], y: ys[i]) {
        // The same operation on the exchanged pair (file CRS in, WGS 84 out).
        let swapped: (x: Double, y: Double)
        do { swapped = try transformer.transform(x: originalY[i], y: originalX[i]) } catch {
          records[i].rejection = (.projectionFailed, "\(error)")
          continue
        }
        if engine.extent.contains(x: swapped.x, y: swapped.y) {
          records[i].rejection = (
            .swappedCoordinates, "swapped coordinates: \(columns.xName) \(originalX[i]), \(columns.yName) \(originalY[i]) look exchanged"
          )
        }
      }
    }
  }

  // MARK: Pass 3: locate and write

  private static let okTail = Array(",ok\n".utf8)
  private static let outsideTail = Array(",outside\n".utf8)

  private func emit(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], accounting: inout JoinAccounting) {
    let layerCount = engine.indexes.count
    for (i, record) in records.enumerated() {
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[record.start..<record.end]))
      if record.closeQuote { output.append(0x22) }
      for _ in 0..<record.padding { output.append(0x2C) }
      accounting.rowsRead += 1
      if let (reason, detail) = record.rejection {
        for _ in 0..<layerCount { output.append(0x2C) }
        output.append(0x2C)
        output.append(contentsOf: Array(csvEscaped("rejected: " + detail).utf8))
        output.append(0x0A)
        accounting.rejected[reason, default: 0] += 1
        if record.lines > 1 {
          accounting.multiLineRejections += 1
          accounting.multiLineRejectedLines += record.lines
        }
        if accounting.examples.lazy.filter({ $0.reason == reason }).count < JoinAccounting.examplesPerReason {
          accounting.examples.append(Rejection(reason: reason, detail: detail, line: record.line, lines: record.lines, row: i + 1))
        }
        continue
      }
      var allInside = true
      for l in 0..<layerCount {
        let location = locations[l][i]
        if location.isOutside {
          allInside = false
          accounting.layers[l].outside += 1
          output.append(0x2C)
        } else {
          accounting.layers[l].inside[Int(location.kind.rawValue)] += 1
          output.append(contentsOf: areaCells[l][Int(location.area)])
        }
      }
      if allInside {
        accounting.ok += 1
        output.append(contentsOf: Self.okTail)
      } else {
        accounting.outside += 1
        output.append(contentsOf: Self.outsideTail)
      }
    }
  }
}
