// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Steward",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "steward", targets: ["steward"]),
        .executable(name: "posthog-sim", targets: ["posthog-sim"]),
        .library(name: "StewardKit", targets: ["StewardKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .target(name: "PCRE2", dependencies: ["CPCRE2"]),
        .systemLibrary(name: "CMalloc"),
        .target(
            name: "StewardCore",
            dependencies: ["PCRE2", "CMalloc", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "StewardReports", dependencies: ["StewardCore", "StewardHistory"]),
        .target(name: "PostHogAPI", dependencies: ["StewardCore"]),
        .target(
            name: "StewardHistory",
            dependencies: [
                "StewardCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(name: "StewardKit", dependencies: ["StewardCore", "StewardReports", "PostHogAPI", "StewardHistory"]),
        .executableTarget(
            name: "steward",
            dependencies: [
                "StewardKit",
                "StewardReports",
                "StewardHistory",
                "PostHogAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "StewardTestSupport", dependencies: ["StewardCore"]),
        // The simulator imitates PostHog; it never imports Steward's modules, so it cannot drift towards them.
        .target(name: "PostHogSimulator", dependencies: [.product(name: "FlyingFox", package: "FlyingFox")]),
        .executableTarget(
            name: "posthog-sim",
            dependencies: ["PostHogSimulator", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "steward-bench",
            dependencies: ["StewardKit", "StewardHistory", "StewardTestSupport"],
            path: "Benchmarks/steward-bench"
        ),
        .testTarget(name: "PCRE2Tests", dependencies: ["PCRE2"]),
        .testTarget(name: "StewardCoreTests", dependencies: ["StewardCore", "StewardTestSupport"]),
        .testTarget(
            name: "StewardReportsTests", dependencies: ["StewardReports", "StewardHistory", "StewardTestSupport"], exclude: ["Golden"]),
        .testTarget(
            name: "StewardHistoryTests",
            dependencies: ["StewardHistory", "StewardTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "StewardKitTests",
            dependencies: ["StewardKit", "StewardHistory", "StewardReports", "StewardTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "StewardCLITests", dependencies: ["steward", "StewardTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "PostHogSimulatorTests", dependencies: ["PostHogSimulator", "posthog-sim"]),
        .testTarget(name: "PostHogAPITests", dependencies: ["PostHogAPI", "StewardTestSupport"]),
        .testTarget(
            name: "SecurityTests",
            dependencies: ["StewardKit", "StewardHistory", "PostHogAPI", "StewardTestSupport", "steward", "posthog-sim"]
        ),
        .testTarget(
            name: "FetchIntegrationTests",
            dependencies: [
                "StewardKit", "StewardHistory", "PostHogAPI", "PostHogSimulator", "StewardTestSupport", "steward", "posthog-sim",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
