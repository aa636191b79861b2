import AtlasGeometry
import AtlasReport
import AtlasStatistics
import AtlasStore
import Foundation

/// Writes the static web atlas into a folder that works offline (from a USB stick, from
/// `file://`): everything the page loads is inside the folder.
///
///     index.html, app.js, style.css
///     leaflet/leaflet.js, leaflet.css, images/, LICENSE.txt   (Debian libjs-leaflet)
///     data/site.js                                            provenance, layer list
///     data/<table>.js                                         one per layer: arcs and figures
///
/// The data are scripts that assign to `window.EquityAtlasData` (a page opened from `file://`
/// may not fetch local JSON). Each file is written under a temporary name and renamed.
public struct SiteJob {
  public static let leafletDirectory = "/usr/share/javascript/leaflet"
  public static let leafletLicence = "/usr/share/doc/libjs-leaflet/copyright"
  /// The metric the map opens with: the ward reports' city map.
  public static let defaultMetric = "calls_P1_call_to_dispatch_p90_seconds"

  public let model: ReportModel
  public let output: URL
  /// Where Leaflet is read from (Debian's libjs-leaflet layout).
  public var leaflet = URL(fileURLWithPath: SiteJob.leafletDirectory, isDirectory: true)
  public var leafletLicence = URL(fileURLWithPath: SiteJob.leafletLicence)
  /// The folder of `equity-atlas report` output whose PDFs the panel links to when they exist
  /// at build time: by default `reports` beside the site folder (as `demo` lays them out).
  public var reports: URL

  public init(model: ReportModel, output: URL) {
    self.model = model
    self.output = output.standardizedFileURL
    self.reports = self.output.deletingLastPathComponent().appendingPathComponent("reports", isDirectory: true)
  }

  public struct LayerSummary: Sendable {
    public var id: String
    public var areas: Int
    public var verticesBefore: Int
    public var verticesAfter: Int
    public var bytes: Int
    public var reports: Int
  }

  public struct Summary: Sendable {
    public var files: [String]
    public var bytes: Int
    public var layers: [LayerSummary]
    /// Layers of the atlas left out, each with the reason.
    public var skipped: [String]
  }

  /// The layers the site can show, in the picker's order, and the reasons for those it cannot.
  public func layers() -> (ids: [String], skipped: [String]) {
    var ids: [String] = []
    var skipped: [String] = []
    for (id, _, _) in SiteLayer.titles where model.layers[id] != nil || model.layerProblems[id] != nil {
      if let problem = model.layerProblems[id] { skipped.append("\(id): \(problem)") } else { ids.append(id) }
    }
    for id in model.metricColumns.keys.sorted() where !SiteLayer.titles.contains(where: { $0.id == id }) {
      skipped.append("\(id): not a layer the site draws (it shows \(SiteLayer.titles.map(\.id).joined(separator: ", ")))")
    }
    return (ids, skipped)
  }

  /// Checks everything, then writes the site.
  /// - Throws: `ReportError` naming the file: Leaflet missing (with the package to install),
  ///   no drawable layer, a file that cannot be written.
  public func run(progress: (String) -> Void = { _ in }) throws -> Summary {
    let script = leaflet.appendingPathComponent("leaflet.min.js")
    let css = leaflet.appendingPathComponent("leaflet.css")
    for file in [script, css, leafletLicence] where !FileManager.default.fileExists(atPath: file.path) {
      throw ReportError(
        path: file.path,
        message: "not found: the site copies Leaflet from Debian's libjs-leaflet package; "
          + "install it (apt-get install libjs-leaflet) and rerun")
    }
    let (ids, skipped) = layers()
    guard !ids.isEmpty else {
      throw ReportError(
        path: model.atlasPath,
        message: "no layer the site can draw: "
          + (skipped.isEmpty ? "the atlas has none of \(SiteLayer.titles.map(\.id).joined(separator: ", "))" : skipped.joined(separator: "; ")))
    }
    let leafletScript = try read(script)
    let leafletCSS = try read(css)
    let licence = try read(leafletLicence)
    let images =
      (try? FileManager.default.contentsOfDirectory(atPath: leaflet.appendingPathComponent("images").path))?.filter { $0.hasSuffix(".png") }.sorted()
      ?? []

    var files: [String] = []
    var bytes = 0
    func write(_ content: [UInt8], _ relative: String) throws {
      let url = output.appendingPathComponent(relative)
      try makeDirectory(url.deletingLastPathComponent())
      try AtomicFile.write(content, to: url.path)
      files.append(url.path)
      bytes += content.count
    }

    var summaries: [LayerSummary] = []
    var layerList: [JSONValue] = []
    var scripts: [String] = []
    for id in ids {
      progress("simplifying \(id)")
      var layer = SiteLayer(model: model, layer: id)
      var reportCount = 0
      if id == "wards-2023" {
        for area in model.areas(id) {
          let pdf = reports.appendingPathComponent("wards").appendingPathComponent(WardReport.fileName(area.id))
          if FileManager.default.fileExists(atPath: pdf.path) {
            layer.reports[area.id] = relativePath(pdf)
            reportCount += 1
          }
        }
      }
      if id == "police-districts" || id == "police-beats" {
        let pdf = reports.appendingPathComponent("districts.pdf")
        if FileManager.default.fileExists(atPath: pdf.path) { layer.layerReport = relativePath(pdf) }
      }
      let file = id.replacingOccurrences(of: "-", with: "_") + ".js"
      let content =
        Array("(window.EquityAtlasData = window.EquityAtlasData || { layers: {} }).layers[\"\(id)\"] = ".utf8)
        + layer.json().serialized() + Array(";\n".utf8)
      progress("writing data/\(file)")
      try write(content, "data/" + file)
      summaries.append(
        LayerSummary(
          id: id, areas: model.areas(id).count, verticesBefore: layer.topology.vertexCount.before, verticesAfter: layer.topology.vertexCount.after,
          bytes: content.count, reports: reportCount))
      layerList.append(
        .object([
          ("id", .string(id)), ("title", .string(layer.title)), ("file", .string(file)), ("count", .number(Double(model.areas(id).count))),
        ]))
      if scripts.isEmpty { scripts.append("<script src=\"data/\(file)\"></script>") }
    }
    let meta =
      Array("(window.EquityAtlasData = window.EquityAtlasData || { layers: {} }).meta = ".utf8)
      + metadata(layers: layerList, leafletVersion: Self.version(of: leafletScript)).serialized() + Array(";\n".utf8)
    try write(meta, "data/site.js")
    try write(Array(PageScript.text.utf8), "app.js")
    try write(Array(PageFiles.css.utf8), "style.css")
    let html = PageFiles.html.replacingOccurrences(
      of: "DATA_SCRIPTS", with: (["<script src=\"data/site.js\"></script>"] + scripts).joined(separator: "\n"))
    try write(Array(html.utf8), "index.html")
    try write(Self.withoutSourceMap(leafletScript), "leaflet/leaflet.js")
    try write(Self.withoutSourceMap(leafletCSS), "leaflet/leaflet.css")
    try write(licence, "leaflet/LICENSE.txt")
    for image in images { try write(try read(leaflet.appendingPathComponent("images").appendingPathComponent(image)), "leaflet/images/" + image) }
    return Summary(files: files, bytes: bytes, layers: summaries, skipped: skipped)
  }

  /// Provenance and the page's texts (`data/site.js`).
  func metadata(layers: [JSONValue], leafletVersion: String?) -> JSONValue {
    func pairs(_ rows: [(String, String)]) -> JSONValue { .array(rows.map { .array([.string($0.0), .string($0.1)]) }) }
    let minimum = Int(model.suppression.minimumCount)
    let seed = model.syntheticSeed.map { " (seed \($0))" } ?? ""
    let period = model.runInfo.first { $0.key == "period_start" }.map { start in
      "Period: \(start.value) to \(model.runInfo.first { $0.key == "period_end_exclusive" }?.value ?? "?") (end exclusive)."
    }
    var run: [(String, String)] = [("atlas", (model.atlasPath as NSString).lastPathComponent), ("tool version", model.toolVersion)]
    run += model.runInfo.filter { $0.key != "tool_version" }.map { ($0.key, $0.value) }
    if let seed = model.syntheticSeed { run.append(("synthetic seed", seed)) }
    if let projection = model.projection { run.append(("projection", projection)) }
    let about = [
      model.isSynthetic
        ? "These figures come from SYNTHETIC inputs\(seed): generated for demonstration, not real City of Chicago records."
        : "These figures come from the inputs listed below, as analysed by equity-atlas \(model.toolVersion).",
      "Built by `equity-atlas site` from the same atlas as the PDF reports and the CSV exports, with the same figures and the same small-cell rule."
        + (period.map { " " + $0 } ?? ""),
      "Each area is compared with the rest of the city (every other area of the layer pooled). "
        + "Ratios are area ÷ rest with a 95% interval (\(model.parameters.first { $0.key == ManifestParameter.ratioInterval }?.value ?? "as recorded by analyze")).",
      "Boundaries are simplified for the screen (vertices within \(Int((SiteLayer.tolerance * 111_000).rounded())) m of the line dropped, "
        + "shared borders simplified once so neighbours stay joined); the figures were computed on the full boundaries.",
    ]
    let software = [
      "Map drawn with Leaflet\(leafletVersion.map { " " + $0 } ?? "") from Debian's libjs-leaflet package (BSD 2-clause licence: "
        + "<a href=\"leaflet/LICENSE.txt\">leaflet/LICENSE.txt</a>). No map tiles, fonts or scripts are loaded from outside this folder.",
      "Each fleet zone's share of an area is not on this page; it is in the CSV exports (`equity-atlas report exports`).",
    ]
    return .object([
      ("synthetic", .bool(model.isSynthetic)),
      ("banner", .string("SYNTHETIC DATA\(seed) — generated for demonstration, not real City of Chicago records")),
      ("layers", .array(layers)),
      ("defaultMetric", .string(Self.defaultMetric)),
      (
        "restNote",
        .string(
          "Rest of city: every other area pooled. Its medians and 90th percentiles come from the comparison ratios (rest = area ÷ ratio); "
            + "shares are pooled over calls, cameras or square miles; distances are population-weighted means.")
      ),
      (
        "suppression",
        .string(
          "Small cells: a count of 1–\(minimum - 1) calls or residents, and any statistic from fewer than \(minimum) calls, is withheld "
            + "and shown as “\(Format.suppressed)”. “—”: no figure; “\(Format.notAvailable)”: the atlas holds a value that is not a number.")
      ),
      ("about", .array(about.map(JSONValue.string))),
      ("run", pairs(run)),
      ("inputs", pairs(model.inputs.map { ($0.path, $0.sha256) })),
      ("parameters", pairs(model.parameters.map { ($0.key, $0.value) })),
      ("accounting", .array(model.accounting.map { .array([.string($0.file), .string($0.outcome), .string(Format.integer(Double($0.rows)))]) })),
      (
        "boundaries",
        .array(
          model.boundaries.map {
            .array([
              .string($0.layer), .string("\($0.title) (\($0.dataset))"),
              .string($0.vintage + ($0.verified == false ? "; the file read differs from the verified copy" : "")),
            ])
          })
      ),
      ("notices", .array(model.notices.map(JSONValue.string))),
      ("software", .array(software.map(JSONValue.string))),
    ])
  }

  /// `file` relative to the site folder (`../reports/wards/ward-01.pdf`).
  func relativePath(_ file: URL) -> String {
    let from = output.pathComponents
    let to = file.standardizedFileURL.pathComponents
    var common = 0
    while common < min(from.count, to.count), from[common] == to[common] { common += 1 }
    return (Array(repeating: "..", count: from.count - common) + to[common...]).joined(separator: "/")
  }

  func read(_ url: URL) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw ReportError(path: url.path, message: "cannot be read; check its permissions and rerun")
    }
    return Array(data)
  }

  func makeDirectory(_ url: URL) throws {
    do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
      // Say which part of the path is in the way, or the system's reason.
      var part = url
      while part.path != "/" {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: part.path, isDirectory: &isDirectory), !isDirectory.boolValue {
          throw ReportError(path: part.path, message: "is a file, not a folder; choose another --out for the site")
        }
        part.deleteLastPathComponent()
      }
      let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
      let reason =
        underlying?.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(underlying!.code))) : (error as NSError).localizedDescription
      throw ReportError(path: url.path, message: "cannot be created (\(reason)); check the path and its permissions or choose another --out")
    }
  }

  /// "1.6.0" from the banner of leaflet.js.
  static func version(of script: [UInt8]) -> String? {
    let head = String(decoding: script.prefix(4_000), as: UTF8.self)
    guard
      let range = head.range(of: #"version="[0-9.]+""#, options: .regularExpression)
        ?? head.range(of: #"Leaflet [0-9.]+"#, options: .regularExpression)
    else {
      let tail = String(decoding: script.suffix(4_000), as: UTF8.self)
      return tail.range(of: #"version="[0-9.]+""#, options: .regularExpression).map { String(tail[$0].dropFirst(9).dropLast()) }
    }
    let text = head[range]
    return text.hasPrefix("version") ? String(text.dropFirst(9).dropLast()) : String(text.dropFirst(8))
  }

  /// The file without its `sourceMappingURL` comment (the map is not copied, and a browser
  /// must not look for it).
  static func withoutSourceMap(_ bytes: [UInt8]) -> [UInt8] {
    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.components(separatedBy: "\n").map { line -> String in
      guard let range = line.range(of: "sourceMappingURL=") else { return line }
      let start = line.range(of: line.hasPrefix("/*") || line.contains("/*#") ? "/*#" : "//#")?.lowerBound ?? range.lowerBound
      return String(line[..<start])
    }
    return Array(lines.joined(separator: "\n").utf8)
  }
}
