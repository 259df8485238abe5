// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Steward",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "steward", targets: ["steward"]),
        .library(name: "StewardKit", targets: ["StewardKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .target(name: "PCRE2", dependencies: ["CPCRE2"]),
        .target(
            name: "StewardCore",
            dependencies: ["PCRE2", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "StewardReports", dependencies: ["StewardCore"]),
        .target(name: "StewardKit", dependencies: ["StewardCore", "StewardReports"]),
        .executableTarget(
            name: "steward",
            dependencies: [
                "StewardKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "StewardTestSupport", dependencies: ["StewardCore"]),
        .executableTarget(
            name: "steward-bench",
            dependencies: ["StewardKit", "StewardTestSupport"],
            path: "Benchmarks/steward-bench"
        ),
        .testTarget(name: "PCRE2Tests", dependencies: ["PCRE2"]),
        .testTarget(name: "StewardCoreTests", dependencies: ["StewardCore", "StewardTestSupport"]),
        .testTarget(name: "StewardReportsTests", dependencies: ["StewardReports", "StewardTestSupport"]),
        .testTarget(name: "StewardKitTests", dependencies: ["StewardKit", "StewardTestSupport"]),
        .testTarget(name: "StewardCLITests", dependencies: ["steward", "StewardTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
