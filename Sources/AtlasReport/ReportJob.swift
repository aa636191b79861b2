import Foundation

/// The reports and exports `equity-atlas report` makes from one atlas.
public enum ReportKind: String, CaseIterable, Sendable {
  /// `wards/ward-NN.pdf`, one per ward.
  case wards
  /// `districts.pdf`, the 22 police districts side by side.
  case districts
  /// `cameras.pdf`, camera gaps and where to deploy next.
  case cameras
  /// `exports/<layer>.csv` and `.geojson` for every layer, every metric.
  case exports
}

/// Renders reports from a `ReportModel` into a directory.
///
/// Layout of the directory: `wards/ward-01.pdf` … `wards/ward-50.pdf`, `districts.pdf`,
/// `cameras.pdf`, `exports/<table>.csv` and `exports/<table>.geojson` (table = layer id with
/// `_` for `-`, as in the GeoPackage). Files are replaced atomically.
public struct ReportJob: Sendable {
  public var model: ReportModel
  public var output: URL
  public var renderer: PDFRenderer
  /// Threads rendering ward PDFs at once (default: the active processor count).
  public var threads: Int

  public init(model: ReportModel, output: URL, renderer: PDFRenderer = PDFRenderer()) {
    self.model = model
    self.output = output
    self.renderer = renderer
    threads = ProcessInfo.processInfo.activeProcessorCount
  }

  /// Makes one kind of output; returns the paths written, in a fixed order.
  /// - Parameter progress: called with (done, total, last file) after each file, from any
  ///   thread.
  public func run(_ kind: ReportKind, progress: @escaping @Sendable (Int, Int, String) -> Void = { _, _, _ in }) throws -> [String] {
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    switch kind {
    case .wards: return try renderWards(progress: progress)
    case .districts:
      let path = output.appendingPathComponent("districts.pdf").path
      try renderer.render(try DistrictReport(model: model).document(), to: path)
      progress(1, 1, path)
      return [path]
    case .cameras:
      let path = output.appendingPathComponent("cameras.pdf").path
      var report = CameraReport(model: model)
      try renderer.render(report.document(), to: path)
      progress(1, 1, path)
      return [path]
    case .exports:
      let directory = output.appendingPathComponent("exports")
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let layers = model.layers.keys.sorted()
      var paths: [String] = []
      for (k, layer) in layers.enumerated() {
        paths += try LayerExport(model: model, layer: layer).write(to: directory)
        progress(k + 1, layers.count, paths.last ?? "")
      }
      return paths
    }
  }

  /// Every ward's PDF, rendered on `threads` threads (each with its own cairo surface and
  /// pango layout).
  func renderWards(progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> [String] {
    let directory = output.appendingPathComponent("wards")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let wards = model.areas(WardReport.layer).map(\.id)
    guard !wards.isEmpty else { throw ReportError(path: model.atlasPath, message: "no \(WardReport.layer) layer in the atlas") }
    let paths = wards.map { directory.appendingPathComponent(WardReport.fileName($0)).path }
    let queue = WorkQueue(count: wards.count)
    let model = model, renderer = renderer
    DispatchQueue.concurrentPerform(iterations: max(1, min(threads, wards.count))) { _ in
      while let k = queue.next() {
        do {
          var report = try WardReport(model: model, wardID: wards[k])
          try renderer.render(report.document(), to: paths[k])
          queue.finished { progress($0, wards.count, paths[k]) }
        } catch {
          queue.fail(error)
        }
      }
    }
    if let error = queue.error { throw error }
    return paths
  }
}

/// Hands out indexes to worker threads and collects the first error.
final class WorkQueue: @unchecked Sendable {
  private let lock = NSLock()
  private var nextIndex = 0
  private var done = 0
  private let count: Int
  private(set) var error: Error?

  init(count: Int) { self.count = count }

  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard error == nil, nextIndex < count else { return nil }
    nextIndex += 1
    return nextIndex - 1
  }

  /// Counts a finished item and reports the count, under the lock.
  func finished(_ report: (Int) -> Void) {
    lock.lock()
    defer { lock.unlock() }
    done += 1
    report(done)
  }

  func fail(_ error: Error) {
    lock.lock()
    defer { lock.unlock() }
    if self.error == nil { self.error = error }
  }
}
