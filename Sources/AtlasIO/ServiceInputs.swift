/// File names and columns of the service inputs that `synth` writes and `analyze` reads: the
/// contract between them, and what a department's own extracts must look like.
///
/// Every file made from synthetic data says so: CSV files carry a `data_origin` column whose
/// value is `synthetic`, GeoJSON files a top-level `"data_origin": "synthetic"` member and the
/// same property on every feature, and `truth.json` holds the injected disparities.
public enum ServiceInputs {
  /// The marker column / property.
  public static let originField = "data_origin"
  public static let syntheticOrigin = "synthetic"

  /// OEMC CAD extract: one row per dispatched event.
  ///
  /// Times are Chicago local time, ISO 8601: `2023-11-05T01:50:00-05:00` (with the UTC offset,
  /// unambiguous) or `2023-11-05 01:50:00` (without; resolved with America/Chicago rules, an
  /// ambiguous fall-back time taking the offset that keeps the event's stages in order).
  /// Empty means the stage was not recorded. Location is `longitude`/`latitude` (WGS 84), or
  /// only `beat` when the location is missing.
  public enum Calls {
    public static let file = "calls.csv"
    public static let eventID = "event_id"
    /// CPD priority code: `1A`…`1C` Immediate, `2A`…`2D` Rapid, `3A`…`3D` Routine.
    public static let priority = "priority_code"
    public static let callType = "call_type"
    public static let received = "received_at"
    public static let dispatched = "dispatched_at"
    public static let enRoute = "en_route_at"
    public static let onScene = "on_scene_at"
    public static let cleared = "cleared_at"
    public static let longitude = "longitude"
    public static let latitude = "latitude"
    public static let beat = "beat"
  }

  /// Camera inventory: one row per camera.
  public enum Cameras {
    public static let file = "cameras.csv"
    public static let cameraID = "camera_id"
    /// `POD`, `PTZ`, `speed` or `red-light`.
    public static let type = "type"
    /// `YYYY-MM-DD`.
    public static let installDate = "install_date"
    public static let longitude = "longitude"
    public static let latitude = "latitude"
  }

  /// Camera status log as intervals: one row per outage (`status` = `down`) from `start` to
  /// `end` (ISO 8601 local time as for calls). A camera with no row was up all period.
  public enum CameraOutages {
    public static let file = "camera_outages.csv"
    public static let cameraID = "camera_id"
    public static let status = "status"
    public static let start = "start"
    public static let end = "end"
  }

  /// Alternative camera log: the share of each day a camera was up.
  public enum CameraUptimeDaily {
    public static let file = "camera_uptime_daily.csv"
    public static let cameraID = "camera_id"
    /// `YYYY-MM-DD`.
    public static let date = "date"
    /// 0…1.
    public static let uptimeFraction = "uptime_fraction"
  }

  /// Cellular coverage polygons (GeoJSON, WGS 84), as in FCC Broadband Data Collection mobile
  /// coverage files: one (multi)polygon per provider × technology × environment.
  public enum Coverage {
    public static let file = "coverage.geojson"
    public static let provider = "provider"
    /// `4G LTE 5/1`, `5G-NR 7/1` or `5G-NR 35/3` (minimum download/upload Mbps).
    public static let technology = "technology"
    /// `outdoor-stationary` or `in-vehicle`.
    public static let environment = "environment"
  }

  /// Fleet service delivery zones (GeoJSON, WGS 84): one (multi)polygon per zone.
  public enum FleetZones {
    public static let file = "fleet_zones.geojson"
    public static let zoneID = "zone_id"
    /// `police` or `fire`.
    public static let service = "service"
    public static let baseID = "base_id"
  }

  /// Fleet bases (police and fire stations): one row per base.
  public enum FleetBases {
    public static let file = "fleet_bases.csv"
    public static let baseID = "base_id"
    public static let service = "service"
    public static let name = "name"
    public static let longitude = "longitude"
    public static let latitude = "latitude"
  }

  /// The injected disparities and generator parameters (JSON), written by `synth`.
  public static let truthFile = "truth.json"
}
