import ArgumentParser
import Foundation

/// Checks an atlas given on the command line before any work: it must exist and be the
/// `atlas.gpkg` file, not the directory analyze wrote it into (then the error names the file to
/// give). `name` is how the command calls it: `--atlas`, `BEFORE`, `AFTER`.
func checkAtlasPath(_ path: String, name: String = "--atlas") throws {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
    throw ValidationError("\(name) \(path) does not exist; give the atlas.gpkg analyze wrote")
  }
  guard !isDirectory.boolValue else {
    let file = (path as NSString).appendingPathComponent("atlas.gpkg")
    throw ValidationError("\(name) \(path) is a directory; give the atlas.gpkg file analyze wrote into it (\(name == "--atlas" ? "--atlas " : "")\(file))")
  }
}
