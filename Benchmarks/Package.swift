// swift-tools-version:6.1
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its directory (here the repository's checkout
// directory, whatever it is called), not after its manifest's `name`.
let atlas = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

// The benchmark suite is its own package so that package-benchmark (and its malloc interposer)
// never enters the main package's dependency graph. It depends on the main package by path.
// package-benchmark is named by its current address, ordo-one/benchmark: under the old one
// (ordo-one/package-benchmark) 1.38 prints a deprecation warning on every run. Its
// `MallocInterposer` trait, named explicitly, leaves out the default `RuntimeInterposer` trait and
// with it the swift-runtime-interposer dependency.
let package = Package(
  name: "EquityAtlasBenchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(path: ".."),
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
  ],
  targets: [
    .target(name: "BenchmarkInput", dependencies: [.product(name: "AtlasIO", package: atlas)]),
    .executableTarget(name: "make-points", dependencies: ["BenchmarkInput"]),
    .executableTarget(
      name: "JoinBenchmarks",
      dependencies: [
        "BenchmarkInput",
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "AtlasGeometry", package: atlas),
        .product(name: "AtlasIO", package: atlas),
        .product(name: "AtlasSpatial", package: atlas),
        .product(name: "AtlasPipeline", package: atlas),
      ],
      path: "Benchmarks/JoinBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "ReportBenchmarks",
      dependencies: [
        "BenchmarkInput",
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "AtlasIO", package: atlas),
        .product(name: "AtlasPipeline", package: atlas),
        .product(name: "AtlasSynthetic", package: atlas),
        .product(name: "AtlasReport", package: atlas),
      ],
      path: "Benchmarks/ReportBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "AnalyzeBenchmarks",
      dependencies: [
        "BenchmarkInput",
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "AtlasGeometry", package: atlas),
        .product(name: "AtlasIO", package: atlas),
        .product(name: "AtlasProjection", package: atlas),
        .product(name: "AtlasSpatial", package: atlas),
        .product(name: "AtlasPipeline", package: atlas),
        .product(name: "AtlasSynthetic", package: atlas),
      ],
      path: "Benchmarks/AnalyzeBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "PlanBenchmarks",
      dependencies: [
        "BenchmarkInput",
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "AtlasGeometry", package: atlas),
        .product(name: "AtlasIO", package: atlas),
        .product(name: "AtlasProjection", package: atlas),
        .product(name: "AtlasPipeline", package: atlas),
        .product(name: "AtlasPlan", package: atlas),
        .product(name: "AtlasReport", package: atlas),
        .product(name: "AtlasSynthetic", package: atlas),
      ],
      path: "Benchmarks/PlanBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
  ]
)
