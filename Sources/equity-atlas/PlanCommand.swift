import ArgumentParser
import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasPlan
import AtlasProjection
import AtlasReport
import Foundation

struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Plan deployments from an atlas written by analyze.",
    subcommands: [PlanCamerasCommand.self]
  )
}

struct PlanCamerasCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cameras",
    abstract: "Where the next N new or restored cameras bring the most residents (or calls) into reach.",
    discussion: """
      A maximal covering location problem over the chosen wards (all wards without --ward). \
      Candidate sites are the centres of a 250 ft grid (EPSG:3435, aligned on multiples of \
      250 ft) inside the wards, and every camera that is down there (measured uptime below the \
      atlas's uptime_threshold): restoring one costs one unit of budget, like a new camera. A \
      site reaches the cells whose centre lies within the atlas's camera_radius_feet of it; a \
      resident counts once however many sites reach them.

      Demand: each ward's residents outside reach as the atlas estimates them (residents × (1 − \
      the ward's share in reach); per group residents × group share × (1 − share in reach)) are \
      spread over the ward's cells outside reach by the finest population weights the atlas \
      used (the population_method of its manifest, recomputed from --data: tract × precinct \
      pieces for dasymetric, tracts for area). The plan's "before" therefore equals the \
      atlas's figures ward by ward and group by group. 911 calls outside reach (the ward's \
      calls × (1 − share in reach)) are spread like the residents.

      Objectives: residents (newly in reach), calls (911 calls newly in reach), equity \
      (residents newly in reach, each weighted by w_g = 1 + (o_g − o_min) / (o_max − o_min), \
      where o_g is the share of the resident's group outside reach in scope before the plan, \
      o_min the smallest such share (the best-served group, weight 1) and o_max the largest \
      (the worst-served group, weight 2); groups of fewer than 11 residents are left out and \
      weigh 1).

      Solver: lazy greedy, within (1 − 1/e) of the optimum, plus an upper bound on the optimum \
      (the tightest of the online bound, greedy value + the N largest marginal gains, at every \
      step, and value ÷ (1 − 1/e)); every plan states its gap (bound − value) ÷ bound. \
      --restore-first takes the cameras that are down first (greedy among them), then new sites.

      Writes into --out: sites.csv and sites.geojson (rank, new or restore, ward, beat, \
      residents newly in reach in all and by group, calls, cumulative coverage), summary.csv \
      (before and after by group, value, bound, gap), and with --ward a one-page \
      ward-NN-plan.pdf per ward (each ward planned on its own with the whole budget; with two \
      or more wards each gets its own subdirectory ward-W/). The same atlas and flags give \
      byte-identical files.

      Example:
        equity-atlas plan cameras --atlas out/demo/atlas.gpkg --data ../shared/data \\
          --budget 10 --ward 24 --objective equity --out out/plan-24
      """
  )

  @Option(name: .long, help: ArgumentHelp("The atlas written by analyze (with its cameras table).", valueName: "atlas.gpkg"))
  var atlas: String

  @OptionGroup var dataOptions: DataOptions

  @Option(name: .long, help: ArgumentHelp("How many new or restored cameras to place (1…10000).", valueName: "n"))
  var budget: Int

  @Option(
    name: .long, help: ArgumentHelp("A ward to plan for (repeatable); each gets its own plan and page. Default: the whole city.", valueName: "w"))
  var ward: [String] = []

  @Option(name: .long, help: ArgumentHelp("residents, calls or equity (see above).", valueName: "objective"))
  var objective: String = PlanObjective.residents.rawValue

  @Flag(name: .customLong("restore-first"), help: "Rank the cameras that are down before any new site.")
  var restoreFirst = false

  @Option(name: .long, help: ArgumentHelp("Directory for the plan's files (created if missing).", valueName: "dir"))
  var out: String

  static let maximumBudget = 10_000

  func validate() throws {
    guard PlanObjective(rawValue: objective) != nil else {
      throw ValidationError("--objective is one of \(PlanObjective.allCases.map(\.rawValue).joined(separator: ", ")), not '\(objective)'")
    }
    guard budget >= 1 else { throw ValidationError("--budget must be at least 1 (got \(budget)): the number of new or restored cameras to place") }
    guard budget <= Self.maximumBudget else {
      throw ValidationError("--budget \(budget) is more than \(Self.maximumBudget) cameras; the city has about 4,500 today. Give a smaller budget")
    }
    try checkAtlasPath(atlas)
  }

  func run() throws {
    let started = Date()
    let model = try ReportModel.load(atlas: atlas)
    for notice in model.notices { warn(notice) }
    var seen = Set<String>()
    let wards = ward.filter { seen.insert(Int($0).map(String.init) ?? $0).inserted }
    let scopes: [[String]] = wards.isEmpty ? [[]] : wards.map { [$0] }
    let goal = PlanObjective(rawValue: objective)!
    // Every ward and the atlas are checked before the population weights are read.
    for scope in scopes { try CameraPlan.check(model: model, wards: scope, objective: goal) }
    let data = try DataDirectory.resolve(dataOptions.data)
    let pieces = try Self.populationPieces(model: model, data: data) { warn($0) }
    let output = URL(fileURLWithPath: out, isDirectory: true)
    var plans: [CameraPlan] = []
    for scope in scopes {
      plans.append(
        try CameraPlan.make(
          model: model, wards: scope, objective: goal, budget: budget, restoreFirst: restoreFirst, pieces: pieces))
    }
    var written: [String] = []
    for plan in plans {
      let directory = wards.count > 1 ? output.appendingPathComponent("ward-" + plan.scope[0]) : output
      written += try plan.writeFiles(to: directory)
      if !plan.cityWide {
        let path = directory.appendingPathComponent(CameraPlanReport.fileName(plan.scope[0])).path
        try PDFRenderer().render(try CameraPlanReport(model: model, plan: plan).wardDocument(), to: path)
        written.append(path)
      }
      for note in plan.notes { print("note: \(note)") }
      let scope = plan.cityWide ? "the city" : "ward \(plan.scope[0])"
      print(
        "\(scope): \(plan.sites.count) site\(plan.sites.count == 1 ? "" : "s") (\(plan.sites.filter { $0.kind == "restore" }.count) restored); residents outside reach "
          + "\(Self.integer(plan.total.outsideBefore)) → \(Self.integer(plan.total.outsideAfter)); group gap "
          + String(format: "%.1f → %.1f points; ", plan.gapBefore * 100, plan.gapAfter * 100)
          + String(format: "objective %.1f, bound %.1f, gap %.2f%%", plan.solution.value, plan.solution.upperBound, plan.solution.gap * 100))
    }
    if model.isSynthetic { print("SYNTHETIC atlas: every file says so (data_origin, the PDF pages).") }
    print(ReportJob.summary(written))
    print(String(format: "wrote %d file%@ to %@ in %.1f s", written.count, written.count == 1 ? "" : "s", out, Date().timeIntervalSince(started)))
  }

  static func integer(_ v: Double) -> String {
    let f = NumberFormatter()
    f.numberStyle = .decimal
    f.maximumFractionDigits = 0
    f.locale = Locale(identifier: "en_US")
    return f.string(from: NSNumber(value: v.rounded())) ?? String(Int(v.rounded()))
  }

  /// The finest population weights the atlas used: its manifest's population_method, read
  /// again from the data directory (tract × precinct pieces, or tracts).
  static func populationPieces(model: ReportModel, data: DataDirectory, warn: (String) -> Void) throws -> [PopulationPiece] {
    let recorded = model.parameters.first { $0.key == "population_method" }?.value
    let method: PopulationMethod
    if let recorded, let m = PopulationMethod(manifestDescription: recorded) {
      method = m
    } else {
      method = .preferred(in: data)
      warn("the atlas's manifest records no population_method: using \(method.rawValue) weights from \(data.url.path)")
    }
    let toFeet = try Transformer<WGS84LonLat, IllinoisEastFtUS>()
    let source = try Demographics.readSource(from: data, method: method) { try toFeet.transform($0, to: IllinoisEastFtUS.self) }
    return source.tracts.indices.map { t in
      PopulationPiece(polygons: source.tracts[t], counts: source.counts.mapValues { $0[t] })
    }
  }

  func warn(_ line: String) {
    FileHandle.standardError.write(Data(("warning: " + line + "\n").utf8))
  }
}
