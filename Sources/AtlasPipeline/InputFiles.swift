import Foundation

/// The service input files of one `analyze` run, by kind: named one by one (`--calls`,
/// `--cameras`, …), found in an inputs directory under the names `synth` writes, or both.
///
/// Every file in the inputs directory is either used or named in `ignored` with the reason, so
/// a misnamed file (`Calls.csv`, `coverage.json`) is never skipped without a word.
public struct InputFiles: Sendable, Equatable {
  public var calls: String?
  /// How to read the calls; nil: recognised from the header (`CallProfile.detect`).
  public var callProfile: CallProfile?
  public var cameras: [String] = []
  /// Outages, or daily uptime, for the cameras.
  public var cameraLog: String?
  public var coverage: [String] = []
  public var fleetZones: String?
  public var fleetBases: String?
  /// The profile given for a file other than the calls (`--cameras FILE@PROFILE`, …), by path.
  public var profiles: [String: InputProfile] = [:]
  /// Files found but not used, each with the reason (printed and stored in the atlas).
  public var ignored: [(file: String, reason: String)] = []

  public init() {}

  public static func == (lhs: InputFiles, rhs: InputFiles) -> Bool {
    lhs.calls == rhs.calls && lhs.callProfile == rhs.callProfile && lhs.profiles == rhs.profiles && lhs.cameras == rhs.cameras
      && lhs.cameraLog == rhs.cameraLog && lhs.coverage == rhs.coverage
      && lhs.fleetZones == rhs.fleetZones && lhs.fleetBases == rhs.fleetBases
      && lhs.ignored.elementsEqual(rhs.ignored) { $0 == $1 }
  }

  public var all: [String] {
    [calls].compactMap { $0 } + cameras + [cameraLog].compactMap { $0 } + coverage + [fleetZones, fleetBases].compactMap { $0 }
  }

  public var isEmpty: Bool { all.isEmpty }

  /// Files not read as inputs, said as such: `synth`'s record of what it injected.
  static let notInputs: [String: String] = [
    ServiceInputs.truthFile: "the synthetic generator's record of injected disparities, not an input",
    "manifest.json": "a run manifest, not an input",
  ]

  /// Adds the files of `directory` named as in `ServiceInputs`; reports every other file.
  ///
  /// - Throws: `InputFilesError` when the directory cannot be listed, or holds both an outage
  ///   log and a daily uptime file (they measure the same thing; keep one).
  public mutating func addDirectory(_ directory: String) throws {
    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
      throw InputFilesError(message: "--inputs \(directory): cannot list the directory (\(error.localizedDescription))")
    }
    func path(_ name: String) -> String { URL(fileURLWithPath: directory).appendingPathComponent(name).path }
    let known: [String] = [
      ServiceInputs.Calls.file, ServiceInputs.Cameras.file, ServiceInputs.CameraOutages.file, ServiceInputs.CameraUptimeDaily.file,
      ServiceInputs.Coverage.file, ServiceInputs.FleetZones.file, ServiceInputs.FleetBases.file,
    ]
    if names.contains(ServiceInputs.CameraOutages.file), names.contains(ServiceInputs.CameraUptimeDaily.file) {
      throw InputFilesError(
        message: "\(directory) holds both \(ServiceInputs.CameraOutages.file) and \(ServiceInputs.CameraUptimeDaily.file): "
          + "both measure camera uptime and the tool will not choose between them; move one out, or name one with --camera-log")
    }
    for name in names {
      let full = path(name)
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
      switch name {
      case ServiceInputs.Calls.file: try set(&calls, full, flag: "--calls")
      case ServiceInputs.Cameras.file: cameras.append(full)
      case ServiceInputs.CameraOutages.file, ServiceInputs.CameraUptimeDaily.file: try set(&cameraLog, full, flag: "--camera-log")
      case ServiceInputs.Coverage.file: coverage.append(full)
      case ServiceInputs.FleetZones.file: try set(&fleetZones, full, flag: "--fleet-zones")
      case ServiceInputs.FleetBases.file: try set(&fleetBases, full, flag: "--fleet-bases")
      default:
        if name.hasPrefix(".") { continue }
        if let reason = Self.notInputs[name] {
          ignored.append((full, reason))
        } else if isDirectory.boolValue {
          ignored.append((full, "a directory; inputs are read from files directly in --inputs"))
        } else if let match = known.first(where: { $0.lowercased() == name.lowercased() || Self.stem($0) == Self.stem(name).lowercased() }) {
          ignored.append((full, "not an input name analyze knows; did you mean \(match)? Rename it, or name it with its flag"))
        } else {
          ignored.append((full, "not an input name analyze knows (\(known.joined(separator: ", "))); name it with its flag"))
        }
      }
    }
  }

  private static func stem(_ name: String) -> String { String(name.split(separator: ".").first ?? "").lowercased() }

  private func set(_ slot: inout String?, _ file: String, flag: String) throws {
    if let existing = slot, existing != file {
      throw InputFilesError(message: "two files for \(flag): \(existing) and \(file); give one")
    }
    slot = file
  }

  /// Checks every named file exists and is a regular file, and that a camera log comes with an
  /// inventory.
  public func validate() throws {
    for file in all {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
        throw InputFilesError(message: "\(file): no such file")
      }
      guard !isDirectory.boolValue else { throw InputFilesError(message: "\(file) is a directory, not an input file") }
    }
    if let cameraLog, cameras.isEmpty, !Self.isActivityLog(cameraLog) {
      throw InputFilesError(
        message: "\(cameraLog): a camera log needs the camera inventory it refers to; give it with --cameras (or cameras.csv in --inputs)")
    }
    // A violations export may serve as inventory and log at once.
    let roles = all.filter { $0 != cameraLog || !cameras.contains($0) }
    let duplicates = Dictionary(grouping: roles.map { URL(fileURLWithPath: $0).standardizedFileURL.path }, by: { $0 }).filter { $1.count > 1 }
    if let (file, _) = duplicates.first { throw InputFilesError(message: "\(file) is given twice") }
  }
}

extension InputFiles {
  /// Whether a camera log is a violations export, which lists its own cameras.
  static func isActivityLog(_ path: String) -> Bool {
    (try? CallProfile.header(of: path)).map(CameraActivityLog.matches) ?? false
  }

  /// The inventories to read: those given, else an activity log's own cameras.
  public var inventories: [String] {
    if cameras.isEmpty, let cameraLog, Self.isActivityLog(cameraLog) { return [cameraLog] }
    return cameras
  }
}

public struct InputFilesError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}
