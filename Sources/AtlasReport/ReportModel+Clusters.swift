import AtlasStore

extension ReportModel {
  /// A row of `local_clusters`: one area's local indicator of one metric.
  public struct LocalClusterRecord: Hashable, Sendable {
    public var layer, areaID, family, metric, stratum: String
    /// `local_moran` or `gi_star`.
    public var statistic: String
    public var value: Double
    public var pValue: Double
    public var qValue: Double
    /// `high-high`, `low-low`, `high-low`, `low-high`, `hot spot`, `cold spot`,
    /// `not significant` or `no neighbours`.
    public var cluster: String
  }

  /// A row of `spatial_autocorrelation`: global Moran's I of one metric across one layer.
  public struct GlobalAutocorrelation: Hashable, Sendable {
    public var layer, family, metric, stratum: String
    public var value: Double
    public var expected: Double
    public var z: Double
    public var pValue: Double
    public var permutations: Int
  }

  /// The identity of one local indicator of one metric (a group of `local_clusters` rows).
  public struct LocalClusterColumn: Hashable, Sendable {
    public var family, metric, stratum, statistic: String
  }

  /// The spatial statistics an atlas holds (both empty for an atlas without the tables).
  public struct SpatialTables: Sendable {
    var local: [String: LocalClusterRecord] = [:]
    /// Per layer, the local indicators in the order `local_clusters` first lists them.
    var localColumns: [String: [LocalClusterColumn]] = [:]
    var global: [String: GlobalAutocorrelation] = [:]

    static func key(_ parts: String...) -> String { parts.joined(separator: "\u{1F}") }

    /// Reads `local_clusters` and `spatial_autocorrelation` when present; rows with a missing
    /// field or a value that is not a finite number are skipped (the map then shows the area
    /// as without a cluster).
    static func read(_ reader: GeoPackageReader, tables: Set<String>) throws -> SpatialTables {
      var result = SpatialTables()
      if tables.contains("local_clusters") {
        var seen: Set<String> = []
        for row in try reader.rows(of: "local_clusters").sorted(by: { ($0["id"]?.doubleValue ?? 0) < ($1["id"]?.doubleValue ?? 0) }) {
          guard let layer = row["layer"]?.textValue, let area = row["area_id"]?.textValue, let family = row["family"]?.textValue,
            let metric = row["metric"]?.textValue, let stratum = row["stratum"]?.textValue, let statistic = row["statistic"]?.textValue,
            let value = row["value"]?.doubleValue, let p = row["p_value"]?.doubleValue, let q = row["q_value"]?.doubleValue,
            let cluster = row["cluster"]?.textValue, value.isFinite, p.isFinite, q.isFinite
          else { continue }
          if seen.insert(key(layer, family, metric, stratum, statistic)).inserted {
            result.localColumns[layer, default: []].append(LocalClusterColumn(family: family, metric: metric, stratum: stratum, statistic: statistic))
          }
          result.local[key(layer, area, family, metric, stratum, statistic)] = LocalClusterRecord(
            layer: layer, areaID: area, family: family, metric: metric, stratum: stratum, statistic: statistic, value: value, pValue: p,
            qValue: q, cluster: cluster)
        }
      }
      if tables.contains("spatial_autocorrelation") {
        for row in try reader.rows(of: "spatial_autocorrelation") {
          guard let layer = row["layer"]?.textValue, let family = row["family"]?.textValue, let metric = row["metric"]?.textValue,
            let stratum = row["stratum"]?.textValue, row["statistic"]?.textValue == "moran_i", let value = row["value"]?.doubleValue,
            let expected = row["expected"]?.doubleValue, let z = row["z"]?.doubleValue, let p = row["p_value"]?.doubleValue,
            let permutations = row["permutations"]?.doubleValue, [value, expected, z, p].allSatisfy(\.isFinite),
            let b = Int(exactly: permutations)
          else { continue }
          result.global[key(layer, family, metric, stratum)] = GlobalAutocorrelation(
            layer: layer, family: family, metric: metric, stratum: stratum, value: value, expected: expected, z: z, pValue: p, permutations: b)
        }
      }
      return result
    }
  }

  /// One area's local indicator (`local_moran` or `gi_star`) of a metric, or nil.
  public func localCluster(
    _ layer: String, _ area: String, _ family: String, _ metric: String, _ stratum: String, statistic: String
  ) -> LocalClusterRecord? {
    spatial.local[SpatialTables.key(layer, area, family, metric, stratum, statistic)]
  }

  /// The local indicators stored for a layer, in stored order (empty without clusters).
  public func localClusterColumns(_ layer: String) -> [LocalClusterColumn] {
    spatial.localColumns[layer] ?? []
  }

  /// Global Moran's I of a metric across a layer, or nil.
  public func globalMoran(_ layer: String, _ family: String, _ metric: String, _ stratum: String) -> GlobalAutocorrelation? {
    spatial.global[SpatialTables.key(layer, family, metric, stratum)]
  }
}
