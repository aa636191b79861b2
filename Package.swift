// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way, tier by tier: C shims → AtlasGeometry → AtlasSpatial, AtlasProjection,
// AtlasVector, AtlasStatistics → AtlasIO, AtlasStore → AtlasPipeline, AtlasSynthetic, AtlasReport
// (→ AtlasSite) → the executable; no module imports a sibling of its tier. Each C library is
// imported by exactly one Swift module, so C types never appear in a public API. Test targets
// depend on what they import (and on the executable when they run it).
let package = Package(
  name: "EquityAtlas",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "equity-atlas", targets: ["equity-atlas"]),
    .library(name: "AtlasGeometry", targets: ["AtlasGeometry"]),
    .library(name: "AtlasSpatial", targets: ["AtlasSpatial"]),
    .library(name: "AtlasProjection", targets: ["AtlasProjection"]),
    .library(name: "AtlasVector", targets: ["AtlasVector"]),
    .library(name: "AtlasStatistics", targets: ["AtlasStatistics"]),
    .library(name: "AtlasIO", targets: ["AtlasIO"]),
    .library(name: "AtlasStore", targets: ["AtlasStore"]),
    .library(name: "AtlasPipeline", targets: ["AtlasPipeline"]),
    .library(name: "AtlasSynthetic", targets: ["AtlasSynthetic"]),
    .library(name: "AtlasReport", targets: ["AtlasReport"]),
    .library(name: "AtlasSite", targets: ["AtlasSite"]),
    .library(name: "AtlasPlan", targets: ["AtlasPlan"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
  ],
  targets: [
    .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
    .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
    .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
    .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    .systemLibrary(name: "CCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev"])]),

    .target(name: "AtlasGeometry"),
    .target(name: "AtlasSpatial", dependencies: ["AtlasGeometry", "CGEOS"]),
    .target(name: "AtlasProjection", dependencies: ["AtlasGeometry", "CPROJ"]),
    .target(name: "AtlasVector", dependencies: ["AtlasGeometry", "CGDAL"]),
    .target(name: "AtlasStatistics"),
    .target(
      name: "AtlasBoundaries",
      path: "Boundaries",
      exclude: ["README.md"],
      resources: [.copy("manifest.json")]
    ),
    .target(
      name: "AtlasIO",
      dependencies: ["AtlasGeometry", "AtlasBoundaries", "CCrypto"]
    ),
    .target(
      name: "AtlasPipeline",
      dependencies: [
        "AtlasGeometry", "AtlasSpatial", "AtlasProjection", "AtlasVector", "AtlasIO", "AtlasStatistics", "AtlasStore",
        .product(name: "Yams", package: "Yams"),
      ]
    ),
    .target(name: "AtlasStore", dependencies: ["AtlasGeometry", .product(name: "GRDB", package: "GRDB.swift")]),
    .target(name: "AtlasSynthetic", dependencies: ["AtlasGeometry", "AtlasIO", "AtlasSpatial", "AtlasStatistics"]),
    .target(
      name: "AtlasReport", dependencies: ["AtlasGeometry", "AtlasIO", "AtlasStore", "AtlasStatistics", "AtlasPlan", "AtlasProjection", "CCairo"]),
    .target(name: "AtlasPlan", dependencies: ["AtlasGeometry"]),
    .target(name: "AtlasSite", dependencies: ["AtlasGeometry", "AtlasIO", "AtlasReport", "AtlasStatistics", "AtlasStore"]),
    .executableTarget(
      name: "equity-atlas",
      dependencies: [
        "AtlasPipeline",
        "AtlasSynthetic",
        "AtlasStatistics",
        "AtlasReport",
        "AtlasSite",
        "AtlasPlan",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    .target(name: "AtlasTestSupport", dependencies: ["AtlasGeometry", "AtlasIO", "AtlasSpatial", "AtlasStatistics"], path: "Tests/AtlasTestSupport"),
    .testTarget(name: "AtlasGeometryTests", dependencies: ["AtlasGeometry", "AtlasTestSupport"]),
    .testTarget(name: "AtlasSpatialTests", dependencies: ["AtlasSpatial", "AtlasTestSupport"]),
    .testTarget(name: "AtlasProjectionTests", dependencies: ["AtlasProjection"]),
    .testTarget(name: "AtlasStatisticsTests", dependencies: ["AtlasStatistics"]),
    .testTarget(name: "AtlasIOTests", dependencies: ["AtlasIO", "AtlasTestSupport"]),
    .testTarget(name: "AtlasVectorTests", dependencies: ["AtlasVector", "AtlasTestSupport"]),
    .testTarget(name: "AtlasStoreTests", dependencies: ["AtlasStore", "AtlasTestSupport"]),
    .testTarget(name: "EquityAtlasCLITests", dependencies: ["equity-atlas", "AtlasTestSupport"]),
    .testTarget(name: "AtlasPipelineTests", dependencies: ["AtlasPipeline", "AtlasTestSupport"]),
    .testTarget(name: "AtlasSyntheticTests", dependencies: ["AtlasSynthetic", "AtlasPipeline", "AtlasSpatial", "AtlasTestSupport"]),
    .testTarget(name: "AtlasPlanTests", dependencies: ["AtlasPlan", "AtlasGeometry"]),
    .testTarget(
      name: "AtlasReportTests", dependencies: ["AtlasReport", "AtlasPlan", "AtlasPipeline", "AtlasSynthetic", "AtlasTestSupport", "equity-atlas"]),
    .testTarget(
      name: "AtlasSiteTests",
      dependencies: ["AtlasSite", "AtlasReport", "AtlasStore", "AtlasPipeline", "AtlasSynthetic", "AtlasTestSupport", "equity-atlas"],
      exclude: ["browser"]),
  ]
)
