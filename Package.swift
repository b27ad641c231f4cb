// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "sluice",
    products: [
        .executable(name: "sluice", targets: ["sluice"]),
        .library(name: "SluiceCore", targets: ["SluiceCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The system's ICU (Debian: libicu-dev), found by pkg-config. Only CICUShim uses it.
        .systemLibrary(
            name: "CICU",
            pkgConfig: "icu-i18n",
            providers: [.apt(["libicu-dev", "pkg-config"])]
        ),
        // The few ICU calls sluice needs, behind a C header that includes no ICU header.
        .target(
            name: "CICUShim",
            dependencies: ["CICU"]
        ),
        // Byte-scanning kernels for the hot loops, in C for the processor's vector instructions.
        .target(name: "CByteScan"),
        // The system's zlib (Debian: zlib1g-dev), found by pkg-config: gzip inputs and outputs.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev", "pkg-config"])]
        ),
        // All of sluice's logic: input, Unicode, rules, matching, cleaning, walking.
        .target(
            name: "SluiceCore",
            dependencies: ["CByteScan", "CICUShim", "CZlib"],
            swiftSettings: [
                // The hot loops own their buffers; the runtime's exclusivity bookkeeping costs
                // about a tenth of the run. Debug builds (and so the tests) keep the checks.
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
            ]
        ),
        // The command line: parses options and wires SluiceCore's parts together.
        .executableTarget(
            name: "sluice",
            dependencies: [
                "SluiceCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SluiceCoreTests",
            dependencies: ["SluiceCore"]
        ),
    ],
    cxxLanguageStandard: .cxx17
)
