import ArgumentParser
import AtlasIO
import AtlasPipeline
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

struct BoundariesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "boundaries",
    abstract: "List the boundary layers, or fetch them from the City of Chicago Data Portal.",
    subcommands: [List.self, Fetch.self],
    defaultSubcommand: List.self
  )

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show every registered layer and whether the data directory holds a valid copy.",
      discussion: """
        A layer is valid when its file parses, has the expected numbers of features and areas, \
        and every polygon passes GEOS validation (invalid polygons are repaired with \
        GEOSMakeValid and reported). `sha256` says whether the file is byte-identical to the \
        copy the project was verified against.
        """
    )
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
      let manifest = try BoundaryManifest.bundled()
      let data = try DataDirectory.resolve(dataOptions.data)
      print("data directory: \(data.url.path)\n")
      var problems = 0
      for spec in manifest.layers {
        print("\(spec.id)  \(spec.title) — dataset \(spec.dataset), in force \(spec.vintage.from) to \(spec.vintage.to ?? "now")")
        print("    \(spec.path)")
        let status = BoundaryStatus.check(spec, in: data)
        if !status.isUsable { problems += 1 }
        print("    \(status.summary)")
        for repair in status.repairs { print("      repaired: \(repair)") }
      }
      if problems > 0 {
        print("\n\(problems) layer(s) missing or invalid; `equity-atlas boundaries fetch --data \(data.url.path)` downloads them.")
        throw ExitCode(1)
      }
    }
  }

  struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Download the boundary layers from their official URLs into a data directory.",
      discussion: """
        Needs internet access to data.cityofchicago.org. Each file is written atomically and then \
        checked like `boundaries list` does. Without a connection the command fails and says so; \
        copy the files listed in Boundaries/manifest.json into the data directory instead.
        """
    )
    @OptionGroup var dataOptions: DataOptions
    @Option(name: .long, parsing: .upToNextOption, help: "Layer ids to fetch (default: all).")
    var layers: [String] = []
    @Option(name: .long, help: "Seconds to wait for each download.")
    var timeout: Double = 60

    func run() throws {
      let manifest = try BoundaryManifest.bundled()
      let data = try DataDirectory.resolve(dataOptions.data)
      let specs = layers.isEmpty ? manifest.layers : try manifest.layers(named: layers)
      for spec in specs {
        print("fetching \(spec.id) from \(spec.url) …")
        let body: Data
        do { body = try download(spec.url, timeout: timeout) } catch {
          throw DownloadFailure(
            message: "cannot download \(spec.id) from \(spec.url): \(error.localizedDescription)\n"
              + "This machine may be offline. Copy the file into \(data.file(spec.path).path) by hand instead.")
        }
        let destination = data.file(spec.path)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try body.write(to: destination, options: .atomic)
        let status = BoundaryStatus.check(spec, in: data)
        print("    \(status.summary)")
      }
    }

    private func download(_ address: String, timeout: Double) throws -> Data {
      guard let url = URL(string: address) else { throw URLError(.badURL) }
      var request = URLRequest(url: url)
      request.timeoutInterval = timeout
      let box = DownloadBox()
      let done = DispatchSemaphore(value: 0)
      URLSession.shared.dataTask(with: request) { data, response, error in
        if let error {
          box.result = .failure(error)
        } else if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
          box.result = .failure(URLError(.badServerResponse, userInfo: [NSLocalizedDescriptionKey: "HTTP \(http.statusCode)"]))
        } else {
          box.result = .success(data ?? Data())
        }
        done.signal()
      }.resume()
      done.wait()
      return try box.result!.get()
    }
  }
}

/// A download that failed: not a usage mistake, so no usage text and exit code 1.
private struct DownloadFailure: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

private final class DownloadBox: @unchecked Sendable {
  var result: Result<Data, Error>?
}
