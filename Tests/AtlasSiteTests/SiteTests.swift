import AtlasGeometry
import AtlasReport
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasSite

@Suite("web atlas: files, figures, topology", .serialized)
struct SiteTests {
  @Test("the folder holds the page, Leaflet with its licence and one data script per layer, under 15 MB, and loads nothing from outside")
  func structure() throws {
    let run = try SiteFixture.run
    let files =
      ["index.html", "app.js", "style.css", "leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/LICENSE.txt", "data/site.js"]
      + ["wards_2023", "community_areas", "police_districts", "police_beats"].map { "data/\($0).js" }
    for file in files { #expect(FileManager.default.fileExists(atPath: run.site.appendingPathComponent(file).path), "\(file)") }
    #expect(run.summary.layers.map(\.id) == ["wards-2023", "community-areas", "police-districts", "police-beats"])
    #expect(run.summary.skipped.isEmpty)

    var total = 0
    let enumerator = FileManager.default.enumerator(at: run.site, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
      let values = try url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
      guard values.isRegularFile == true else { continue }
      total += values.fileSize ?? 0
      #expect(!url.lastPathComponent.contains(".partial-"), "\(url.path)")
    }
    #expect(total == run.summary.bytes)
    #expect(total < 15_000_000, "\(total) bytes")

    // Every src/href of the page is a file inside the folder; no sourceMappingURL left to chase.
    let html = try String(contentsOf: run.site.appendingPathComponent("index.html"), encoding: .utf8)
    let references =
      html.components(separatedBy: "src=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
      + html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
    #expect(references.count >= 6)
    for reference in references where reference != "#main" {
      #expect(!reference.contains(":") && !reference.hasPrefix("/"), "\(reference)")
      #expect(FileManager.default.fileExists(atPath: run.site.appendingPathComponent(String(reference)).path), "\(reference)")
    }
    for file in ["leaflet/leaflet.js", "leaflet/leaflet.css", "app.js", "style.css"] {
      let text = try String(contentsOf: run.site.appendingPathComponent(file), encoding: .utf8)
      #expect(!text.contains("sourceMappingURL"), "\(file)")
      #expect(!text.contains("@import") && !text.contains("url(http"), "\(file)")
    }
    let licence = try String(contentsOf: run.site.appendingPathComponent("leaflet/LICENSE.txt"), encoding: .utf8)
    #expect(licence.contains("BSD-2-clause"))
  }

  @Test("every ward is in the data with the atlas's figures; a ward's panel links to its PDF")
  func wards() throws {
    let data = try SiteFixture.layerData("wards-2023")
    let areas = try #require(data["areas"]?.arrayValue)
    #expect(areas.compactMap { $0["id"]?.stringValue } == (1...50).map(String.init))
    let metrics = try #require(data["metrics"]?.arrayValue).compactMap { $0["key"]?.stringValue }
    let column = try #require(metrics.firstIndex(of: "calls_P1_call_to_dispatch_p90_seconds"))
    for ward in ["3", "27", "50"] {
      let area = try #require(areas.first { $0["id"]?.stringValue == ward })
      let stored = try #require(try SiteFixture.figure("wards-2023", ward, "calls", "call_to_dispatch_p90_seconds", "P1"))
      #expect(area["values"]?.arrayValue?[column].numberValue == stored.value, "ward \(ward)")
      #expect(area["name"]?.stringValue == "Ward \(ward)")
      #expect(area["report"]?.stringValue == "../reports/wards/" + WardReport.fileName(ward))
      // The ratio with its interval, as stored in comparisons.
      let ratio = try #require(area["ratios"]?.arrayValue?[column].arrayValue)
      let comparison = try #require(
        try SiteFixture.run.model.callComparison("wards-2023", ward, interval: .callToDispatch, stratum: "P1", statistic: .ratioP90))
      #expect(ratio.map(\.numberValue) == [comparison.value, comparison.ciLow, comparison.ciHigh])
      // The rest of the city's figure is the area's own ÷ its ratio, as in the PDF.
      #expect(area["rest"]?.arrayValue?[column].numberValue.map { abs($0 - stored.value / comparison.value) < 1e-4 * stored.value } == true)
    }
    let completeness = try #require(data["metrics"]?.arrayValue?[column]["completeness"]?.stringValue)
    #expect(completeness == "calls_P1_completeness_dispatched")
  }

  @Test("figures from fewer than 11 calls are \"<11\" in the data, the others are the atlas's numbers")
  func withheld() throws {
    let data = try SiteFixture.layerData("police-beats")
    let keys = try #require(data["metrics"]?.arrayValue).compactMap { $0["key"]?.stringValue }
    let column = try #require(keys.firstIndex(of: "calls_P1_call_to_on_scene_p50_seconds"))
    var withheld = 0
    var shown = 0
    for area in data["areas"]?.arrayValue ?? [] {
      let id = try #require(area["id"]?.stringValue)
      let value = try #require(area["values"]?.arrayValue?[column])
      guard let stored = try SiteFixture.figure("police-beats", id, "calls", "call_to_on_scene_p50_seconds", "P1") else {
        #expect(value == .null, "beat \(id)")
        continue
      }
      if stored.n > 0 && stored.n < 11 {
        #expect(value == .string("<11"), "beat \(id): n \(stored.n)")
        #expect(area["ratios"]?.arrayValue?[column] == .string("<11") || area["ratios"]?.arrayValue?[column] == .null, "beat \(id)")
        withheld += 1
      } else {
        #expect(value.numberValue == stored.value, "beat \(id)")
        shown += 1
      }
    }
    #expect(withheld > 0 && shown > 0, "withheld \(withheld), shown \(shown)")
  }

  @Test("simplified wards keep their shared borders: the vertices two neighbours keep on their border are the same on both sides")
  func topology() throws {
    let run = try SiteFixture.run
    let drawn = SiteFixture.drawnRings(try SiteFixture.layerData("wards-2023"))
    var original: [String: Set<Topology.Point>] = [:]
    for area in run.model.areas("wards-2023") {
      original[area.id] = Set(area.polygons.flatMap(\.rings).flatMap { Topology.quantised($0) })
    }
    var kept: [String: Set<Topology.Point>] = [:]
    for (id, rings) in drawn {
      for ring in rings {
        #expect(ring.count >= 4 && ring.first == ring.last, "ward \(id): ring of \(ring.count) vertices, closed \(ring.first == ring.last)")
      }
      kept[id] = Set(rings.joined())
      #expect(kept[id]!.isSubset(of: original[id]!), "ward \(id) gained vertices")
    }
    #expect(drawn.count == 50)
    var neighbours = 0
    let ids = original.keys.sorted { Int($0)! < Int($1)! }
    for (k, a) in ids.enumerated() {
      for b in ids[(k + 1)...] {
        let border = original[a]!.intersection(original[b]!)
        guard border.count >= 3 else { continue }
        neighbours += 1
        let keptByA = kept[a]!.intersection(border)
        let keptByB = kept[b]!.intersection(border)
        #expect(keptByA == keptByB, "wards \(a) and \(b): \(keptByA.symmetricDifference(keptByB).count) border vertices kept on one side only")
        #expect(keptByA.count >= 2, "wards \(a) and \(b)")
      }
    }
    #expect(neighbours > 100, "\(neighbours) neighbouring pairs")
    let layer = try #require(run.summary.layers.first { $0.id == "wards-2023" })
    #expect(layer.verticesAfter < layer.verticesBefore / 4, "\(layer.verticesBefore) → \(layer.verticesAfter)")
  }

  @Test("two squares with a shared wiggly edge: the wiggle below the tolerance goes on both sides, the one above stays on both")
  func sharedEdge() {
    let s = 1e-3
    let y0 = 41.9
    let x0 = -87.7
    func p(_ x: Double, _ y: Double) -> Position<WGS84LonLat> { Position(x: x0 + x, y: y0 + y) }
    // The shared edge x = s from y = 0 to y = s: a 1e-5 wiggle (below the tolerance: dropped) and
    // a 2e-4 deep notch (kept, corners and all).
    let edge = [p(s, 0), p(s + 1e-5, 0.2 * s), p(s, 0.6 * s), p(s + 2e-4, 0.6 * s), p(s + 2e-4, 0.8 * s), p(s, 0.8 * s), p(s, s)]
    let left = Polygon(exterior: Ring([p(0, 0)] + edge + [p(0, s), p(0, 0)]))
    let right = Polygon(exterior: Ring(edge.reversed() + [p(2 * s, 0), p(2 * s, s), p(s, s)]))
    let topology = Topology([[left], [right]], tolerance: 4e-5)
    let a = Set(topology.rings(ofArea: 0).joined().joined())
    let b = Set(topology.rings(ofArea: 1).joined().joined())
    func q(_ x: Double, _ y: Double) -> Topology.Point {
      Topology.Point(x: Int(((x0 + x) * Topology.scale).rounded()), y: Int(((y0 + y) * Topology.scale).rounded()))
    }
    #expect(a.intersection(b) == [q(s, 0), q(s, 0.6 * s), q(s + 2e-4, 0.6 * s), q(s + 2e-4, 0.8 * s), q(s, 0.8 * s), q(s, s)])
    #expect(!a.contains(q(s + 1e-5, 0.2 * s)) && !b.contains(q(s + 1e-5, 0.2 * s)))
    #expect(a.contains(q(0, 0)) && b.contains(q(2 * s, s)))
    // Three arcs: the shared one and each square's outer one.
    #expect(topology.arcs.count == 3)
  }

  @Test("without Leaflet the site is refused with the package to install, and nothing is written")
  func leafletMissing() throws {
    let run = try SiteFixture.run
    let out = try TestData.temporaryDirectory().appendingPathComponent("site")
    var job = SiteJob(model: run.model, output: out)
    job.leaflet = URL(fileURLWithPath: "/nonexistent/leaflet", isDirectory: true)
    #expect {
      try job.run()
    } throws: { error in
      let text = "\(error)"
      return text.contains("/nonexistent/leaflet/leaflet.min.js") && text.contains("apt-get install libjs-leaflet")
    }
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }
}
