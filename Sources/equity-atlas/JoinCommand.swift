import ArgumentParser
import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasSpatial
import Foundation

struct JoinCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "join",
    abstract: "Assign every point of a CSV to one area per boundary layer.",
    discussion: """
      Streams POINTS.csv and writes every record, in input order and with all its columns, plus
      one column per layer holding the area id (ward number, beat number, …) and `join_status`:
        ok                every layer has an area for the point
        outside           valid coordinates outside every area of some layer
        rejected: REASON  missing, non-numeric, NaN, zero, out-of-range or swapped coordinates,
                          short or long rows, an unterminated quote, a stray quote that
                          swallowed several lines (named by their line range)
      Coordinates come from columns named Longitude/Latitude, lon/lat, lng, x/y or
      x_coordinate/y_coordinate, or from --lon-column/--lat-column. They are WGS 84 unless --crs
      says otherwise (e.g. --crs EPSG:3435 for the City's State Plane feet), and are then
      reprojected with PROJ.

      Points on a boundary follow CPD General Order G01-04: boundaries run down street
      centre-lines and a point on one goes to the area on its south/east side. With
      --tolerance-feet N, points within N feet of a boundary count as on it.

      The run prints an accounting table; rows read always equal ok + outside + rejected.
      LF, CRLF and a lone CR all end lines. A header naming a column twice, --out naming the
      input itself, and --tolerance-feet above 500 are refused. The output is written to a
      temporary file beside OUT.csv and renamed into place only when the join succeeds.

      Example:
        equity-atlas join crimes.csv --data ../shared/data --layers wards-2023,police-beats --out joined.csv
      """
  )

  @Argument(help: ArgumentHelp("CSV file of points.", valueName: "points.csv"))
  var input: String

  @OptionGroup var dataOptions: DataOptions

  @Option(name: .long, help: "Comma-separated layer ids (see `boundaries list`).")
  var layers: String = "wards-2023,police-districts,police-beats,community-areas"

  @Option(name: .long, help: ArgumentHelp("Output CSV, or - for standard output.", valueName: "out.csv"))
  var out: String

  @Option(name: .customLong("lon-column"), help: "Column holding longitude (or easting).")
  var lonColumn: String?

  @Option(name: .customLong("lat-column"), help: "Column holding latitude (or northing).")
  var latColumn: String?

  @Option(name: .long, help: "CRS of the input coordinates, e.g. EPSG:3435.")
  var crs: String = "EPSG:4326"

  @Option(name: .customLong("boundary-rule"), help: "south-east (CPD G01-04) or none (plain covers: first area in layer order).")
  var boundaryRule: BoundaryRuleName = .southEast

  @Option(
    name: .customLong("tolerance-feet"), parsing: .unconditional,
    help: "With the south-east rule: treat points within this many feet (0–\(Int(PolygonIndex.maximumToleranceFeet))) of a boundary as on it.")
  var toleranceFeet: Double = JoinDefaults.toleranceFeet

  @Option(name: .long, parsing: .unconditional, help: "Worker threads (default: one per core).")
  var threads: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(name: .long, help: "Print only the accounting table.")
  var quiet = false

  func validate() throws {
    guard CRS(parsing: crs) != nil else { throw ValidationError("--crs must look like EPSG:3435, not '\(crs)'") }
    guard toleranceFeet >= 0, toleranceFeet.isFinite else { throw ValidationError("--tolerance-feet must be a distance ≥ 0, not \(toleranceFeet)") }
    guard toleranceFeet <= PolygonIndex.maximumToleranceFeet else {
      throw ValidationError(
        "--tolerance-feet \(toleranceFeet) is too large: at most \(Int(PolygonIndex.maximumToleranceFeet)) ft "
          + "(the index's memory grows with the square of the tolerance; the tolerance is meant for street half-widths and GPS error)")
    }
    guard threads >= 1 else { throw ValidationError("--threads must be at least 1, not \(threads)") }
    let names = layerIDs
    if let twice = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
      throw ValidationError("--layers names '\(twice)' twice; name each layer once")
    }
    do { try JoinJob.checkOutput(out, isNot: input) } catch { throw ValidationError(error.description) }
    if boundaryRule == .none && toleranceFeet > 0 && toleranceFeet != JoinDefaults.toleranceFeet {
      throw ValidationError("--tolerance-feet applies to the south-east rule only")
    }
  }

  var layerIDs: [String] { layers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

  func run() throws {
    let started = Date()
    let manifest = try BoundaryManifest.bundled()
    let data = try DataDirectory.resolve(dataOptions.data)
    guard !layerIDs.isEmpty else { throw ValidationError("--layers names no layer") }
    let rule: BoundaryRule = boundaryRule == .none ? .none : .southEast(toleranceFeet: toleranceFeet)
    let engine = try JoinEngine.load(layerIDs: layerIDs, from: data, manifest: manifest, rule: rule)
    // The table goes to standard error when the joined rows go to standard output.
    let report: (String) -> Void = out == "-" ? { FileHandle.standardError.write(Data(($0 + "\n").utf8)) } : { print($0) }
    // A repaired boundary is said even with --quiet: it changes which area a point can fall in.
    for layer in engine.layers {
      for repair in engine.repairs[layer.id] ?? [] { FileHandle.standardError.write(Data("warning: \(layer.id) \(repair)\n".utf8)) }
    }
    if !quiet {
      for (layer, index) in zip(engine.layers, engine.indexes) {
        let grid = index.gridSize
        report("layer \(layer.id): \(layer.areas.count) areas, grid \(grid.columns)×\(grid.rows), \(index.boundaryCellCount) boundary cells")
      }
      report("boundary rule: \(rule.summary)")
    }
    var configuration = JoinConfiguration(inputPath: input, outputPath: out)
    configuration.lonColumn = lonColumn
    configuration.latColumn = latColumn
    configuration.crs = CRS(parsing: crs)!
    configuration.threads = threads
    let progress = ProgressLine(label: "joining")
    let accounting = try JoinJob(configuration: configuration, engine: engine).run { read, total in
      progress.update(done: read, total: total)
    }
    progress.finish()
    report(accounting.table())
    if !quiet {
      report(String(format: "%.2f s", Date().timeIntervalSince(started)))
    }
  }
}

enum BoundaryRuleName: String, ExpressibleByArgument, CaseIterable {
  case southEast = "south-east"
  case none
}

extension BoundaryRule {
  var summary: String {
    switch self {
    case .none: return "none (plain covers; a point on a boundary goes to the first area in layer order)"
    case .southEast(let t) where t > 0: return "south-east (CPD G01-04), points within \(t) ft of a boundary count as on it"
    case .southEast: return "south-east (CPD G01-04), exact boundaries"
    }
  }
}
