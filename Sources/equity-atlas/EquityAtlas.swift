import ArgumentParser

@main
struct EquityAtlas: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "equity-atlas",
    abstract: "Measure whether public-safety services reach every part of Chicago equally.",
    discussion: """
      Boundary layers (wards, police districts and beats, community areas, census tracts) come \
      from a data directory laid out as Boundaries/manifest.json says: pass --data DIR or set \
      EQUITY_ATLAS_DATA. Start with `equity-atlas boundaries list --data DIR`.
      """,
    subcommands: [
      BoundariesCommand.self, InspectCommand.self, JoinCommand.self, AnalyzeCommand.self, IndexCommand.self, SynthCommand.self, ReportCommand.self,
      CompareCommand.self, PlanCommand.self, SiteCommand.self, DemoCommand.self,
    ]
  )
}

/// The data directory option shared by every command that reads boundaries.
struct DataOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Data directory holding boundaries/, census/, points/ (default: $EQUITY_ATLAS_DATA).", valueName: "dir"))
  var data: String?
}
