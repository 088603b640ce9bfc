// swift-tools-version: 6.0
import PackageDescription

// Release builds put each of our functions in its own section, and the executable's link places the functions
// everyday commands run first and together (Sources/promptdeck/link-order.txt, written by scripts/link-order
// from callgrind traces). The kernel reads code in 64 KB runs around each page touched; with a run's functions
// spread over 20 MB of text, `promptdeck run` kept 11 MB of it resident, packed together 6 MB: about 4 MiB
// less for every command and 5 MiB less for the playground. Dependencies keep their own flags (SwiftPM gives
// a manifest no say in them), so only our code moves. A stale list loses part of the gain, never a build.
let ownFunctionsInSections: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-function-sections"], .when(configuration: .release))
]
let linkOrder = Context.packageDirectory + "/Sources/promptdeck/link-order.txt"

let package = Package(
    name: "PromptDeck",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "promptdeck", targets: ["promptdeck"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // MARK: C shims (only the transport imports CCurl; only the terminal imports CNcursesw)
        // libcurl is opened with dlopen on first use (Sources/CCurl/include/pd_curl.h says why).
        .target(name: "CCurl"),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // ICU's data for static links: the part PromptDeck uses (scripts/icu-data writes it and says why).
        .target(
            name: "CICUData", exclude: ["icudata.dat"],
            cSettings: [.define("PD_ICU_DATA_FILE", to: "\"\(Context.packageDirectory)/Sources/CICUData/icudata.dat\"")]
        ),

        // MARK: Layers (dependencies point down)
        .target(
            name: "PromptDeckCore",
            dependencies: [
                "CCurl",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: ownFunctionsInSections
        ),
        .target(
            name: "PromptDeckTUI", dependencies: ["PromptDeckCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: ownFunctionsInSections),
        .target(
            name: "PromptDeckRuntime", dependencies: ["PromptDeckCore", "PromptDeckTUI"],
            swiftSettings: ownFunctionsInSections),
        .target(
            name: "PromptDeckTerminal",
            dependencies: ["PromptDeckCore", "PromptDeckTUI", "PromptDeckRuntime", "CNcursesw"],
            swiftSettings: ownFunctionsInSections),

        // MARK: Executable (wiring only)
        .executableTarget(
            name: "promptdeck",
            dependencies: [
                "PromptDeckCore", "PromptDeckTUI", "PromptDeckRuntime", "PromptDeckTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .target(name: "CICUData", condition: .when(platforms: [.linux])),
            ],
            exclude: ["link-order.txt"],
            swiftSettings: ownFunctionsInSections,
            // lld packs the executable's ~90,000 relative relocations into a few KB (DT_RELR, glibc 2.36+)
            // instead of gold's 2.2 MB table, which the loader read whole at every start: about 2 MiB less
            // resident memory for every command, and 2.3 MB off the binary. The toolchain ships ld.lld.
            linkerSettings: [
                .unsafeFlags(
                    ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(platforms: [.linux])),
                // Release links: the function order (see the top of this file), and no exported symbols: the
                // static stdlib's link arguments export every symbol of our own objects (-export-dynamic);
                // nothing looks them up, and the loader kept their 1.2 MB table resident (1 MiB less RSS).
                .unsafeFlags(
                    [
                        "-Xlinker", "--symbol-ordering-file", "-Xlinker", linkOrder,
                        "-Xlinker", "--no-warn-symbol-ordering", "-Xlinker", "--no-export-dynamic",
                    ], .when(platforms: [.linux], configuration: .release)),
            ]
        ),

        // MARK: Tests
        .target(name: "PromptDeckTestSupport", dependencies: ["PromptDeckCore"]),
        .testTarget(
            name: "PromptDeckCoreTests",
            dependencies: ["PromptDeckCore", "PromptDeckTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "PromptDeckTUITests", dependencies: ["PromptDeckTUI", "PromptDeckTestSupport"], exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "PromptDeckRuntimeTests",
            dependencies: ["PromptDeckRuntime", "PromptDeckTUI", "PromptDeckCore", "PromptDeckTestSupport"]
        ),
        .testTarget(
            name: "PromptDeckEndToEndTests",
            dependencies: ["PromptDeckCore", "PromptDeckTestSupport"],
            exclude: ["Snapshots"]
        ),
    ]
)
