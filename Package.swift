// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "totsugo",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "totsugo", targets: ["totsugo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // SHA-256 of imported files (their provenance); Foundation on Linux has no CryptoKit.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // libxml2 through pkg-config (Debian: libxml2-dev). Never FoundationXML.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // The system zlib (Debian: zlib1g-dev): the HTML report's deflated data pieces.
        .systemLibrary(name: "CTotsugoZlib", providers: [.apt(["zlib1g-dev"])]),
        // A small Swift layer over libxml2: safe parsing, XSD validation, element access.
        .target(name: "TotsugoXML", dependencies: ["CLibXML2"]),
        // The model (catalog, item, mapping, relationship, diagnostics). No I/O.
        .target(name: "TotsugoCore"),
        // Every thread, priority, background release and the allocator setting (package access only).
        .target(name: "TotsugoScheduler"),
        // Parsers: catalog XML, catalog structured text, mapping YAML.
        .target(name: "TotsugoIngest", dependencies: ["TotsugoCore", "TotsugoScheduler", "TotsugoXML", "Yams"]),
        // Tables users hold (CSV/TSV in any Japanese encoding, xlsx sheets) read into rows of cells.
        .target(name: "TotsugoTable", dependencies: ["TotsugoCore", "TotsugoIngest", "TotsugoXML", "ZIPFoundation"]),
        // Resolution, alignment rows, gaps, coverage.
        .target(name: "TotsugoMatch", dependencies: ["TotsugoCore", "TotsugoScheduler"]),
        // One small type per output format, plus atomic output writing.
        .target(name: "TotsugoEmit", dependencies: ["TotsugoCore", "TotsugoScheduler", "TotsugoMatch", "ZIPFoundation", "CTotsugoZlib", .product(name: "Crypto", package: "swift-crypto")]),
        // The pipeline: inputs → workspace → resolved mappings → artifacts, one function per command.
        .target(name: "TotsugoPipeline", dependencies: ["TotsugoCore", "TotsugoScheduler", "TotsugoIngest", "TotsugoMatch", "TotsugoEmit", "TotsugoTable", "Yams", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "totsugo",
            dependencies: [
                "TotsugoCore", "TotsugoIngest", "TotsugoMatch", "TotsugoEmit", "TotsugoPipeline", "TotsugoTable",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer entry point for the parsers (make fuzz); a reproducer runner in ordinary builds.
        .executableTarget(name: "totsugo-fuzz", dependencies: ["TotsugoCore", "TotsugoIngest"], path: "Fuzz/Sources/totsugo-fuzz"),
        .target(name: "TestSupport", dependencies: ["TotsugoCore"], path: "Tests/TestSupport"),
        .testTarget(name: "TotsugoXMLTests", dependencies: ["TotsugoXML", "TestSupport"]),
        .testTarget(name: "TotsugoCoreTests", dependencies: ["TotsugoCore", "TestSupport"]),
        .testTarget(name: "TotsugoIngestTests", dependencies: ["TotsugoCore", "TotsugoIngest", "TestSupport"]),
        .testTarget(name: "TotsugoMatchTests", dependencies: ["TotsugoCore", "TotsugoMatch", "TotsugoIngest", "TestSupport"]),
        .testTarget(name: "TotsugoEmitTests", dependencies: ["TotsugoCore", "TotsugoMatch", "TotsugoEmit", "TotsugoIngest", "TestSupport", "ZIPFoundation"]),
        .testTarget(name: "TotsugoPipelineTests", dependencies: ["TotsugoCore", "TotsugoEmit", "TotsugoIngest", "TotsugoMatch", "TotsugoPipeline", "TotsugoTable", "TestSupport"]),
        .testTarget(name: "TotsugoTableTests", dependencies: ["TotsugoCore", "TotsugoTable", "TestSupport"]),
        .testTarget(name: "TotsugoCLITests", dependencies: ["TestSupport"]),
    ]
)
