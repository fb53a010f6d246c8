// swift-tools-version:6.2
import PackageDescription

// Targets are in layers: the C shims of the system libraries, FactoryCore (every rule and all
// persistence), the two shells (Server, Consoles), and the one `factory` executable.
// Server-only dependencies stay out of FactoryCore so a kiosk never links an HTTP stack.

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// A released kiosk (and gateway) is a fixed-address executable: built with `--static-swift-stdlib` (as
/// scripts/kiosk-latency and scripts/bench build), only the pages of the Swift runtime and
/// Foundation it runs are resident, and its start neither reads 3 MB of relocations nor dirties
/// the pages they patch. Shared libraries, heap and stack stay randomised.
let leanKiosk = ["-Xclang-linker", "-no-pie"]

let package = Package(
    name: "isocom-factory",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "factory", targets: ["factory"]),
        .executable(name: "factory-kiosk", targets: ["factory-kiosk"]),
        .executable(name: "factory-gateway", targets: ["factory-gateway"]),
        .library(name: "FactoryCore", targets: ["FactoryCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq"),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .systemLibrary(name: "CQRencode", path: "Sources/CQRencode"),
        .systemLibrary(name: "CXLSXWriter", path: "Sources/CXLSXWriter"),
        .systemLibrary(name: "CHaru", path: "Sources/CHaru"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib"),

        // Every rule and all persistence.
        .target(
            name: "FactoryCore",
            dependencies: [
                "CSQLite",
                "CLibPQ",
                "CXLSXWriter",
                "CHaru",
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: strict
        ),

        // Shells.
        .target(
            name: "Server",
            dependencies: [
                "FactoryCore",
                "ScaleGateway",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("OpenAPI/openapi.json")],
            swiftSettings: strict
        ),
        .target(name: "Consoles", dependencies: ["FactoryCore", "CNcurses", "CQRencode"], swiftSettings: strict),
        // What the box beside a scale does with the indicator's bytes: frames, formats, when a
        // load has settled. No database, no HTTP: small enough for the gateway's own binary.
        .target(name: "ScaleGateway", dependencies: ["CSQLite", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),

        // What both executables parse: where the data lives, and the kiosk command.
        .target(
            name: "FactoryCommandLine",
            dependencies: ["FactoryCore", "Consoles", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "factory",
            dependencies: [
                "FactoryCore",
                "Server",
                "Consoles",
                "FactoryCommandLine",
                "FakeBitrix24",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The kiosks without the server: what a thin terminal runs (`factory kiosk` hands over to it).
        .executableTarget(
            name: "factory-kiosk",
            dependencies: ["FactoryCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict,
            linkerSettings: [.unsafeFlags(leanKiosk, .when(configuration: .release))]
        ),

        // The box beside a scale: serial port to signed readings, nothing lost on the way.
        .executableTarget(
            name: "factory-gateway",
            dependencies: [
                "ScaleGateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict,
            linkerSettings: [.unsafeFlags(leanKiosk, .when(configuration: .release))]
        ),

        // Speed measurements over the real services: `swift run -c release factory-bench`.
        .executableTarget(
            name: "factory-bench",
            dependencies: ["FactoryCore"],
            path: "Benchmarks/FactoryBenchmarks",
            swiftSettings: strict
        ),

        // The UAT plant and a fresh database per test, shared by the test targets.
        .target(
            name: "FactoryTestSupport",
            dependencies: ["FactoryCore"],
            path: "Tests/FactoryTestSupport",
            swiftSettings: strict
        ),
        // A Bitrix24 portal in one process, speaking its wire format, for tests and the demo.
        .target(
            name: "FakeBitrix24",
            dependencies: ["FactoryCore", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strict
        ),
        // Load on the real HTTP server: `swift build -c release --product factory-loadgen`.
        .executableTarget(
            name: "factory-loadgen",
            dependencies: [
                "FactoryCore", "Server",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Benchmarks/LoadGenerator",
            swiftSettings: strict
        ),

        .testTarget(
            name: "FactoryCoreTests",
            dependencies: ["FactoryCore", "FactoryTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "FactoryCore", "FactoryTestSupport", "FakeBitrix24",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ConsolesTests",
            dependencies: ["Consoles", "FactoryCore"],
            // Golden screens are read from the checkout by path, not bundled.
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        .testTarget(name: "ScaleGatewayTests", dependencies: ["ScaleGateway"], swiftSettings: strict),
        // Runs the built `factory` binary as a person at the console would.
        .testTarget(
            name: "FactoryCLITests",
            dependencies: ["FactoryCore", "FactoryTestSupport", "ScaleGateway"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
