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
/// `_` for `-`, as in the GeoPackage). Files are replaced atomically: each is written to
/// `<name>.partial-<uuid>` beside it and renamed, so a failure or a kill never leaves a
/// half-written file under the final name (leftover `.partial-` files of killed runs are
/// removed by the next run). Check `ReportModel.missingRequirement(for:)` before running a
/// kind: a report whose layer is absent fails only after the earlier kinds were written.
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
  /// - Throws: `ReportError` naming the layer the report needs, or the file that could not be
  ///   written and why in words.
  public func run(_ kind: ReportKind, progress: @escaping @Sendable (Int, Int, String) -> Void = { _, _, _ in }) throws -> [String] {
    if let problem = model.missingRequirement(for: kind) { throw ReportError(path: model.atlasPath, message: problem) }
    try AtomicFile.makeDirectory(output)
    Self.removeStalePartials(in: output)
    switch kind {
    case .wards: return try renderWards(progress: progress)
    case .districts:
      let path = output.appendingPathComponent("districts.pdf").path
      try render(try DistrictReport(model: model).document(), to: path)
      progress(1, 1, path)
      return [path]
    case .cameras:
      let path = output.appendingPathComponent("cameras.pdf").path
      var report = CameraReport(model: model)
      try render(report.document(), to: path)
      progress(1, 1, path)
      return [path]
    case .exports:
      let directory = output.appendingPathComponent("exports")
      try AtomicFile.makeDirectory(directory)
      Self.removeStalePartials(in: directory)
      let layers = model.layers.keys.sorted()
      var paths: [String] = []
      for (k, layer) in layers.enumerated() {
        paths += try LayerExport(model: model, layer: layer).write(to: directory)
        progress(k + 1, layers.count, paths.last ?? "")
      }
      return paths + (try IndexExport(model: model).write(to: directory))
    }
  }

  /// Every ward's PDF, rendered on `threads` threads (each with its own cairo surface and
  /// pango layout).
  func renderWards(progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> [String] {
    let directory = output.appendingPathComponent("wards")
    try AtomicFile.makeDirectory(directory)
    Self.removeStalePartials(in: directory)
    let wards = model.areas(WardReport.layer).map(\.id)
    let paths = wards.map { directory.appendingPathComponent(WardReport.fileName($0)).path }
    let queue = WorkQueue(count: wards.count)
    let model = model
    DispatchQueue.concurrentPerform(iterations: max(1, min(threads, wards.count))) { _ in
      while let k = queue.next() {
        do {
          var report = try WardReport(model: model, wardID: wards[k])
          try render(report.document(), to: paths[k])
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

extension ReportJob {
  /// One line per directory: its files, the first and last of a long list with the count, so
  /// "ward-01.pdf … ward-50.pdf" never stands for fewer files than were written.
  public static func summary(_ paths: [String]) -> String {
    var order: [String] = []
    var byDirectory: [String: [String]] = [:]
    for path in paths {
      let directory = (path as NSString).deletingLastPathComponent
      if byDirectory[directory] == nil { order.append(directory) }
      byDirectory[directory, default: []].append((path as NSString).lastPathComponent)
    }
    return order.map { directory in
      let names = byDirectory[directory]!
      let list = names.count > 3 ? "\(names.count) files, \(names.first!) … \(names.last!)" : names.joined(separator: ", ")
      return "  \(directory)/: \(list)"
    }.joined(separator: "\n")
  }

  /// Renders one PDF (atomically, see `PDFRenderer.render`), failures in words.
  func render(_ document: Document, to path: String) throws {
    do { try renderer.render(document, to: path) } catch { throw FileProblem.writing(path, error) }
  }

  /// Removes `*.partial-<uuid>` files that a killed earlier run left in `directory` (only
  /// names this module writes: a report or export name, `.partial-`, a UUID).
  static func removeStalePartials(in directory: URL) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
    for name in names {
      guard let range = name.range(of: ".partial-"), UUID(uuidString: String(name[range.upperBound...])) != nil,
        [".pdf", ".csv", ".geojson"].contains(where: { name[..<range.lowerBound].hasSuffix($0) })
      else { continue }
      try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
    }
  }
}

extension ReportKind {
  /// The layers a report cannot be made without (the exports need at least one layer). The
  /// district report needs the beats for its map and for the beats-within-districts split.
  public var requiredLayers: [String] {
    switch self {
    case .wards: return [WardReport.layer]
    case .districts: return [DistrictReport.layer, DistrictReport.beats]
    case .cameras: return [CameraReport.wards]
    case .exports: return []
    }
  }

  /// The files a report makes, for messages: "wards/ward-NN.pdf", "districts.pdf", ….
  public var files: String {
    switch self {
    case .wards: return "wards/ward-NN.pdf"
    case .districts: return "districts.pdf"
    case .cameras: return "cameras.pdf"
    case .exports: return "exports/"
    }
  }
}

extension ReportModel {
  /// Why `kind` cannot be made from this atlas (a layer it needs is absent or damaged, with
  /// the `analyze` that would produce it), or nil when it can.
  public func missingRequirement(for kind: ReportKind) -> String? {
    let present = layers.keys.filter { !areas($0).isEmpty }.sorted()
    if kind == .exports {
      if present.isEmpty { return "the exports need at least one layer with areas; the atlas has none: rerun `equity-atlas analyze`" }
      if let (layer, problem) = layerProblems.sorted(by: { $0.key < $1.key }).first {
        return "the exports cover every layer, and \(layer) is damaged: \(problem); rerun `equity-atlas analyze`"
      }
      return nil
    }
    for layer in kind.requiredLayers {
      if let problem = layerProblems[layer] {
        return "\(kind.files) needs layer \(layer), which is damaged: \(problem); rerun `equity-atlas analyze`"
      }
    }
    let absent = kind.requiredLayers.filter { areas($0).isEmpty }
    guard !absent.isEmpty else { return nil }
    let wanted = Set(present + absent).sorted().joined(separator: ",")
    return "\(kind.files) needs layer\(absent.count == 1 ? "" : "s") \(absent.joined(separator: " and ")), which the atlas does not have "
      + "(it has \(present.isEmpty ? "no layer" : present.joined(separator: ", "))); rerun `equity-atlas analyze --layers \(wanted)`"
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
