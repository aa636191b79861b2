import AtlasGeometry
import AtlasIO
import AtlasProjection
import AtlasSpatial
import AtlasStore

/// One kind of service input (911 calls, cameras, cellular coverage, fleet zones) and the
/// per-area figures made from it.
///
/// A new family is one type conforming to this protocol and one entry in
/// `MetricFamilies.registered`; `AnalyzeJob` runs every registered family whose inputs are
/// present, in registry order, and stores what they add. CONTRIBUTING.md walks through adding one.
protocol MetricFamily: Sendable {
  /// The value of `metrics.family` for the family's figures.
  var name: AtlasFamily { get }
  /// Whether this run has the family's inputs.
  func isPresent(in inputs: InputFiles) -> Bool
  /// Checks made before any layer is loaded. A family may settle the analysis period here, or
  /// refuse a run that cannot have one. Default: nothing.
  func prepare(_ configuration: AnalyzeConfiguration, period: inout AnalysisPeriod?, zone: LocalTimeZone) throws
  /// Reads the family's files, accounts every row, and adds the per-area figures, comparisons,
  /// files read and manifest parameters to `output`.
  func analyze(_ context: AnalysisContext, into output: inout AnalysisOutput) throws
  /// Coverage-like figures (higher is better) whose exposure by population group is reported,
  /// as (metric, stratum). Default: none.
  var exposureMetrics: [(metric: String, stratum: String)] { get }
}

extension MetricFamily {
  func prepare(_ configuration: AnalyzeConfiguration, period: inout AnalysisPeriod?, zone: LocalTimeZone) throws {}
  var exposureMetrics: [(metric: String, stratum: String)] { [] }
}

/// The metric families `analyze` knows, in the order they run: calls first, because their span
/// is the analysis period the camera uptime is measured over.
enum MetricFamilies {
  static let registered: [any MetricFamily] = [CallFamily(), CameraFamily(), CellularFamily(), FleetFamily()]

  /// The registered families with inputs in this run.
  static func present(in inputs: InputFiles) -> [any MetricFamily] {
    registered.filter { $0.isPresent(in: inputs) }
  }
}

/// What every family reads: the run's options and zone, and the layers loaded, projected to
/// feet, overlaid and populated.
struct AnalysisContext {
  var configuration: AnalyzeConfiguration
  var zone: LocalTimeZone
  var engine: JoinEngine
  var manifest: BoundaryManifest
  var toFeet: Transformer<WGS84LonLat, IllinoisEastFtUS>
  /// Per layer (in `engine.layers` order), the overlay of its areas in feet.
  var overlays: [Overlay<IllinoisEastFtUS>]
  /// Per layer id, the residents of each area.
  var population: [String: Demographics]
  var progress: (String) -> Void

  /// Per layer, each area's square miles.
  var squareMiles: [[Double]] { overlays.map { $0.targetAreas.map { $0 / AnalyzeJob.squareFeetPerSquareMile } } }
  /// Per layer, each area's residents.
  var populations: [[Double]] { engine.layers.map { population[$0.id]!.population } }

  /// Index in `engine.layers` of the layer with `role`, if it is analysed.
  func layerIndex(_ role: LayerRole) -> Int? {
    manifest.layer(role, among: engine.layerIDs).flatMap { spec in engine.layerIDs.firstIndex(of: spec.id) }
  }

  /// Every point of `longitudes`/`latitudes` located in every layer (−1: outside).
  func assign(longitudes: [Double], latitudes: [Double]) -> AreaAssignment {
    var assignment = AreaAssignment(layerIDs: engine.layerIDs, areaIDs: engine.layers.map { $0.areas.map(\.id) }, areas: [])
    var locations: [PointLocation] = []
    for index in engine.indexes {
      index.locate(lons: longitudes, lats: latitudes, into: &locations)
      assignment.areas.append(locations.map(\.area))
    }
    return assignment
  }
}

/// What the families add to a run, gathered for the atlas and the manifest.
struct AnalysisOutput {
  /// The analysis period: `--period`, else set by the first family that has one.
  var period: AnalysisPeriod?
  var metrics: [AreaMetric] = []
  var comparisons: [AreaComparison] = []
  /// The 95% intervals of the areas' response-time quantiles (`QuantileIntervals`).
  var quantileIntervals: [QuantileInterval] = []
  /// Bootstrap intervals of the disparities indices, concentration and dissimilarity rows.
  var indexIntervals = IndexIntervals.Result()
  var accountings: [InputAccounting] = []
  /// Every file read, in order, for the manifest's hashes.
  var inputFiles: [String] = []
  /// Manifest parameters describing how the families computed their figures.
  var parameters: [String: String] = [:]
  /// Whether any input was synthetic (then every output says so).
  var isSynthetic = false
  /// The cameras as analysed, for the atlas's `cameras` table.
  var cameras: CameraTable?
}
