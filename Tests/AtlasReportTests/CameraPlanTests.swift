import AtlasPlan
import AtlasStore
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasReport

/// `plan cameras` on the shared synthetic atlas (ReportFixture).
@Suite("Camera plan on an atlas")
struct CameraPlanTests {
  /// Residents outside reach as the atlas has them: residents × (1 − coverage share), read
  /// straight from its `metrics` table.
  static func atlasOutside(_ ward: String) throws -> Double {
    let residents = try #require(try ReportFixture.figure("wards-2023", ward, "population", "population"))
    let reach = try #require(try ReportFixture.figure("wards-2023", ward, "cameras", "coverage_share"))
    return residents.value * (1 - reach.value)
  }

  @Test("before equals the atlas's residents outside reach, ward by ward and for the city")
  func beforeEqualsAtlas() throws {
    let model = try ReportFixture.run.model
    let plan = try CameraPlan.make(model: model, wards: ["1", "24"], objective: .residents, budget: 5, restoreFirst: false, pieces: nil)
    #expect(plan.scope == ["1", "24"])
    for (a, ward) in plan.instance.areas.enumerated() {
      let placed = plan.instance.cellCentres.indices.filter { Int(plan.instance.cellArea[$0]) == a }.reduce(0) { $0 + plan.instance.residents[$1] }
      let expected = try Self.atlasOutside(ward.id)
      #expect(expected > 1_000)
      #expect(abs(placed + plan.instance.unplaced[a] - expected) < 1e-6 * expected, "ward \(ward.id)")
    }
    #expect(abs(plan.total.outsideBefore - (try Self.atlasOutside("1") + Self.atlasOutside("24"))) < 1e-6)
    // After = before − what the sites newly reach, each resident once.
    #expect(abs(plan.total.outsideAfter - (plan.total.outsideBefore - plan.sites.last!.cumulativeResidents)) < 1e-6)
    #expect(plan.sites.count == 5)
    #expect(plan.sites.allSatisfy { ["1", "24"].contains($0.ward) && $0.beat != "—" })

    let city = try CameraPlan.make(model: model, wards: [], objective: .residents, budget: 3, restoreFirst: false, pieces: nil)
    let wards = model.areas("wards-2023").map(\.id)
    #expect(city.cityWide && city.scope.count == 50)
    #expect(abs(city.total.outsideBefore - (try wards.reduce(0) { $0 + (try Self.atlasOutside($1)) })) < 1e-3)
  }

  @Test("reruns give byte-identical files and page; the files say synthetic")
  func byteIdentical() throws {
    let model = try ReportFixture.run.model
    func files() throws -> [String: [UInt8]] {
      let plan = try CameraPlan.make(model: model, wards: ["24"], objective: .equity, budget: 8, restoreFirst: true, pieces: nil)
      let directory = try TestData.temporaryDirectory()
      defer { try? FileManager.default.removeItem(at: directory) }
      var out: [String: [UInt8]] = [:]
      for path in try plan.writeFiles(to: directory) {
        out[(path as NSString).lastPathComponent] = Array(FileManager.default.contents(atPath: path)!)
      }
      let pdf = directory.appendingPathComponent(CameraPlanReport.fileName("24")).path
      try PDFRenderer().render(try CameraPlanReport(model: model, plan: plan).wardDocument(), to: pdf)
      out["pdf"] = Array(FileManager.default.contents(atPath: pdf)!)
      let pages = try pdfPages(pdf)
      #expect(pages.count == 1)
      #expect(pages[0].contains("SYNTHETIC DATA"))
      #expect(pages[0].contains("Ward 24: the next 8 cameras"))
      return out
    }
    let first = try files()
    let second = try files()
    #expect(first.keys.sorted() == ["pdf", "sites.csv", "sites.geojson", "summary.csv"])
    #expect(first == second)
    let csv = String(decoding: first["sites.csv"]!, as: UTF8.self).split(separator: "\n")
    #expect(csv.count == 9)
    #expect(csv.dropFirst().allSatisfy { $0.hasSuffix(",synthetic") })
    // --restore-first: the cameras that are down come first.
    let kinds = csv.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[1] }
    #expect(kinds.first == "restore")
    #expect(!kinds.drop { $0 == "restore" }.contains("restore"))
    #expect(String(decoding: first["sites.geojson"]!, as: UTF8.self).contains("\"data_origin\":\"synthetic\""))
  }

  @Test("cameras.pdf carries the 50-camera city page with before and after")
  func cityPage() throws {
    let path = try #require(try ReportFixture.run.written[.cameras]?.first)
    let text = try pdfPages(path).joined(separator: "\n")
    #expect(text.contains("With 50 more cameras placed by a plan"))
    let model = try ReportFixture.run.model
    let plan = try CameraPlan.make(model: model, wards: [], objective: .residents, budget: 50, restoreFirst: false, pieces: nil)
    let flat = text.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
    #expect(flat.contains("residents outside reach fall from \(Format.integer(plan.total.outsideBefore))"))
    #expect(flat.contains("to \(Format.integer(plan.total.outsideAfter))"))
    #expect(plan.total.outsideAfter < plan.total.outsideBefore)
  }

  @Test("errors name the flag or the atlas and say what to do")
  func errors() throws {
    let model = try ReportFixture.run.model
    #expect(throws: ReportError.self) {
      try CameraPlan.make(model: model, wards: ["99"], objective: .residents, budget: 5, restoreFirst: false, pieces: nil)
    }
    do {
      _ = try CameraPlan.make(model: model, wards: ["99"], objective: .residents, budget: 5, restoreFirst: false, pieces: nil)
    } catch let error as ReportError {
      #expect(error.path == "--ward 99")
      #expect(error.message.contains("give a ward number"))
    }
    do {
      _ = try CameraPlan.make(model: model, wards: [], objective: .residents, budget: 0, restoreFirst: false, pieces: nil)
      Issue.record("budget 0 accepted")
    } catch let error as ReportError {
      #expect(error.path == "--budget")
    }
    var atlas = try EditedAtlas.fixture()
    atlas.delete("cameras") { _ in true }
    let path = try atlas.write()
    let edited = try ReportModel.load(atlas: path)
    do {
      try CameraPlan.check(model: edited, wards: ["3"], objective: .residents)
      Issue.record("an atlas without cameras accepted")
    } catch let error as ReportError {
      #expect(error.path == path)
      #expect(error.message.contains("rerun analyze with --cameras"))
    }
  }

  @Test("the command: flags refused with what to do, unknown ward before any work")
  func command() throws {
    let run = try ReportFixture.run
    let out = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    func plan(_ arguments: [String]) throws -> (status: Int32, output: String) {
      try runTool(try equityAtlasBinary(), ["plan", "cameras", "--atlas", run.atlasPath, "--out", out.path] + arguments)
    }
    let zero = try plan(["--budget", "0"])
    #expect(zero.status != 0 && zero.output.contains("--budget must be at least 1"))
    let huge = try plan(["--budget", "1000000"])
    #expect(huge.status != 0 && huge.output.contains("Give a smaller budget"))
    let objective = try plan(["--budget", "5", "--objective", "fairness"])
    #expect(objective.status != 0 && objective.output.contains("--objective is one of residents, calls, equity"))
    let ward = try plan(["--budget", "5", "--ward", "51"])
    #expect(ward.status != 0 && ward.output.contains("--ward 51: no such ward"))
    #expect(((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).isEmpty)
    let help = try runTool(try equityAtlasBinary(), ["plan", "cameras", "--help"])
    let flat = help.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(flat.contains("w_g = 1 + (o_g − o_min) / (o_max − o_min)"))
    #expect(help.output.contains("--restore-first"))
  }
}
