// swift-tools-version: 6.2
import PackageDescription

/// Same upcoming features as Hummingbird itself: explicit `any`, imports visible only where written,
/// and imports internal unless marked `public`.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "parkdesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parkdesk", targets: ["parkdesk"]),
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
    ],
    targets: [
        .target(
            name: "ParkDeskCore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ParkDeskStore",
            dependencies: [
                "ParkDeskCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ParkDeskCluster",
            dependencies: [
                "ParkDeskStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ParkDeskSeed",
            dependencies: [
                "ParkDeskCore",
                "ParkDeskStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ParkDeskOpenAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("openapi.yaml")],
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .target(
            name: "ParkDeskAPI",
            dependencies: [
                "ParkDeskCore",
                "ParkDeskStore",
                "ParkDeskOpenAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ParkDeskCLI",
            dependencies: [
                "ParkDeskCore",
                "ParkDeskStore",
                "ParkDeskCluster",
                "ParkDeskSeed",
                "ParkDeskAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "parkdesk",
            dependencies: ["ParkDeskCLI"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ParkDeskTestSupport",
            dependencies: [
                "ParkDeskStore",
                "ParkDeskCluster",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParkDeskCoreTests",
            dependencies: ["ParkDeskCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParkDeskStoreTests",
            dependencies: ["ParkDeskStore", "ParkDeskSeed", "ParkDeskTestSupport", "ParkDeskCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParkDeskClusterTests",
            dependencies: ["ParkDeskCluster", "ParkDeskSeed", "ParkDeskStore", "ParkDeskTestSupport", "ParkDeskCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParkDeskAPITests",
            dependencies: [
                "ParkDeskAPI", "ParkDeskOpenAPI", "ParkDeskSeed", "ParkDeskStore", "ParkDeskTestSupport", "ParkDeskCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParkDeskCLITests",
            dependencies: [
                "ParkDeskCLI", "ParkDeskStore", "ParkDeskCluster", "ParkDeskSeed", "ParkDeskTestSupport", "ParkDeskCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
