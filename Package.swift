// swift-tools-version: 6.2
import PackageDescription

/// Same upcoming features as Hummingbird itself: explicit `any`, imports visible only where written,
/// and imports internal unless marked `public`.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// Products of the packages below, by what they are for.
let postgres = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")
let connectionPool = Target.Dependency.product(name: "_ConnectionPoolModule", package: "postgres-nio")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let tls = Target.Dependency.product(name: "NIOSSL", package: "swift-nio-ssl")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let hummingbirdTesting = Target.Dependency.product(name: "HummingbirdTesting", package: "hummingbird")
let openAPIRuntime = Target.Dependency.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")
let openAPIHummingbird = Target.Dependency.product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let asyncAlgorithms = Target.Dependency.product(name: "AsyncAlgorithms", package: "swift-async-algorithms")
let mustache = Target.Dependency.product(name: "Mustache", package: "swift-mustache")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let httpClient = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let bcrypt = Target.Dependency.product(name: "HummingbirdBcrypt", package: "hummingbird-auth")

/// A module of ours (README's Architecture shows how they depend on each other).
func module(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .target(name: name, dependencies: dependencies, swiftSettings: swiftSettings)
}

/// The tests of a module: real PostgreSQL through ParkDeskTestSupport.
func tests(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: dependencies, swiftSettings: swiftSettings)
}

let package = Package(
    name: "parkdesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parkdesk", targets: ["parkdesk"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
    ],
    targets: [
        module("ParkDeskCore", []),
        // libxlsxwriter from Debian's packages, for the report's workbook (issue 34)
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        module("ParkDeskWorkbook", ["ParkDeskCore", "CXlsxWriter"]),
        module("ParkDeskStore", ["ParkDeskCore", postgres, connectionPool, logging, crypto, tls, metrics]),
        module("ParkDeskIntake", ["ParkDeskCore", "ParkDeskStore", metrics]),
        module("ParkDeskCluster", ["ParkDeskStore", logging, lifecycle]),
        module("ParkDeskMedia", ["ParkDeskCore", "ParkDeskStore", crypto, logging]),
        module("ParkDeskNotify", ["ParkDeskCore", "ParkDeskStore", httpClient, crypto, logging, lifecycle]),
        module("ParkDeskSeed", ["ParkDeskCore", "ParkDeskStore", "ParkDeskMedia", logging]),
        .target(
            name: "ParkDeskOpenAPI",
            dependencies: [openAPIRuntime, httpTypes],
            resources: [.copy("openapi.yaml")],
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .target(
            name: "ParkDeskWeb",
            dependencies: [
                "ParkDeskCore", "ParkDeskStore", "ParkDeskMedia", "ParkDeskHTTP", "ParkDeskIntake", hummingbird,
                mustache,
                crypto, logging,
            ],
            resources: [.copy("Templates"), .copy("Assets")],
            swiftSettings: swiftSettings
        ),
        module("ParkDeskHTTP", [hummingbird, mustache, crypto, httpTypes]),
        .target(
            name: "ParkDeskConsole",
            dependencies: [
                "ParkDeskCore", "ParkDeskStore", "ParkDeskHTTP", "ParkDeskMedia", "ParkDeskWorkbook", hummingbird,
                mustache,
                crypto, bcrypt,
                logging, lifecycle, httpTypes,
            ],
            resources: [.copy("Templates"), .copy("Assets")],
            swiftSettings: swiftSettings
        ),
        module(
            "ParkDeskAPI",
            [
                "ParkDeskCore", "ParkDeskStore", "ParkDeskOpenAPI", "ParkDeskHTTP", "ParkDeskIntake", "ParkDeskMedia",
                "ParkDeskWorkbook", hummingbird,
                openAPIRuntime, openAPIHummingbird, httpTypes, crypto, yams, asyncAlgorithms, metrics, logging,
            ]),
        module(
            "ParkDeskApp",
            [
                "ParkDeskCore", "ParkDeskStore", "ParkDeskHTTP", "ParkDeskIntake", "ParkDeskAPI", "ParkDeskWeb",
                "ParkDeskConsole", "ParkDeskMedia", "ParkDeskNotify", hummingbird, httpTypes, lifecycle, crypto,
                prometheus,
                metrics,
            ]),
        module(
            "ParkDeskCLI",
            [
                "ParkDeskCore", "ParkDeskStore", "ParkDeskCluster", "ParkDeskSeed", "ParkDeskApp", "ParkDeskMedia",
                "ParkDeskNotify", "ParkDeskWorkbook", argumentParser,
                hummingbird, lifecycle, prometheus, metrics,
            ]),
        .executableTarget(name: "parkdesk", dependencies: ["ParkDeskCLI"], swiftSettings: swiftSettings),
        module(
            "ParkDeskTestSupport",
            ["ParkDeskStore", "ParkDeskCluster", "ParkDeskSeed", postgres, logging, hummingbird]),
        tests("ParkDeskCoreTests", ["ParkDeskCore"]),
        tests("ParkDeskStoreTests", ["ParkDeskStore", "ParkDeskSeed", "ParkDeskTestSupport", "ParkDeskCore"]),
        tests("ParkDeskClusterTests", ["ParkDeskCluster", "ParkDeskStore", "ParkDeskTestSupport", "ParkDeskCore"]),
        tests("ParkDeskSeedTests", ["ParkDeskSeed", "ParkDeskStore", "ParkDeskTestSupport", "ParkDeskCore", postgres]),
        tests(
            "ParkDeskMediaTests", ["ParkDeskMedia", "ParkDeskStore", "ParkDeskTestSupport", "ParkDeskCore", postgres]),
        tests(
            "ParkDeskAPITests",
            [
                "ParkDeskApp", "ParkDeskAPI", "ParkDeskHTTP", "ParkDeskWeb", "ParkDeskConsole", "ParkDeskNotify",
                "ParkDeskOpenAPI",
                "ParkDeskSeed", "ParkDeskStore", "ParkDeskTestSupport",
                "ParkDeskCore", hummingbirdTesting, httpTypes, yams, openAPIRuntime,
            ]),
        tests("ParkDeskWebTests", ["ParkDeskWeb", "ParkDeskHTTP", "ParkDeskCore"]),
        tests(
            "ParkDeskNotifyTests",
            [
                "ParkDeskNotify", "ParkDeskStore", "ParkDeskCore", "ParkDeskSeed", "ParkDeskTestSupport", postgres,
                crypto,
            ]),
        tests(
            "ParkDeskCLITests",
            [
                "ParkDeskCLI", "ParkDeskStore", "ParkDeskCluster", "ParkDeskSeed", "ParkDeskTestSupport",
                "ParkDeskCore", argumentParser, postgres,
            ]),
    ]
)
