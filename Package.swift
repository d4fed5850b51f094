// swift-tools-version: 6.1
// dirauth: directory-backed authentication (crtauth-compatible SSH-key login and
// ungleich-otp-compatible TOTP service tokens) over LDAP.
import PackageDescription

/// Settings every target shares: Swift 6 mode, explicit `any`, and imports that
/// must be marked `public` where a type leaks into the API.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "dirauth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dirauthd", targets: ["dirauthd"]),
        .executable(name: "dirauth", targets: ["dirauth"]),
        .library(name: "DirAuthMiddleware", targets: ["DirAuthMiddleware"]),
        .library(name: "DirAuthClient", targets: ["DirAuthClient"]),
        .library(name: "LDAPClient", targets: ["LDAPClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // MARK: C and wire layers
        .systemLibrary(
            name: "CLDAP",
            pkgConfig: "ldap",
            providers: [.apt(["libldap2-dev"])]
        ),
        .target(
            name: "LDAPClient",
            dependencies: [
                "CLDAP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSHKeys",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSHAgent",
            dependencies: [
                "SSHKeys",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // MARK: Pure protocol cores
        .target(
            name: "CRTAuth",
            dependencies: [
                "SSHKeys",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "OTP",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Caching",
            swiftSettings: strictSettings
        ),
        // MARK: Ports and adapters
        .target(
            name: "Directory",
            dependencies: [
                "LDAPClient", "SSHKeys", "OTP", "Caching",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // MARK: Application layer (no HTTP, no LDAP)
        .target(
            name: "DirAuthCore",
            dependencies: [
                "CRTAuth", "OTP", "Directory", "Caching", "SSHKeys",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // MARK: The HTTP contract: wire models and the OpenAPI document
        .target(
            name: "DirAuthAPI",
            resources: [.embedInCode("openapi.yaml")],
            swiftSettings: strictSettings
        ),
        // MARK: HTTP edge
        .target(
            name: "DirAuthServer",
            dependencies: [
                "DirAuthCore", "DirAuthAPI", "DirAuthMiddleware",
                "CRTAuth", "OTP", "Directory", "Caching", "SSHKeys", "LDAPClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DirAuthMiddleware",
            dependencies: [
                "CRTAuth", "OTP", "DirAuthAPI", "DirAuthClient", "Caching",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DirAuthClient",
            dependencies: [
                "CRTAuth", "SSHAgent", "SSHKeys", "OTP", "DirAuthAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // MARK: Executables
        .executableTarget(
            name: "dirauthd",
            dependencies: [
                "DirAuthServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "dirauth",
            dependencies: [
                "DirAuthClient", "DirAuthAPI", "SSHAgent", "SSHKeys", "OTP", "CRTAuth",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "dirauth-bench",
            dependencies: [
                "CRTAuth", "SSHKeys", "OTP", "LDAPClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // MARK: Fuzzing (Fuzz/README.md): with `-Xswiftc -DDIRAUTH_FUZZ -Xswiftc -sanitize=fuzzer`
        // these are libFuzzer binaries; in the ordinary build they replay corpus files.
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport", swiftSettings: strictSettings),
        .executableTarget(name: "FuzzCRTAuth", dependencies: ["FuzzSupport", "CRTAuth"], path: "Fuzz/FuzzCRTAuth", swiftSettings: strictSettings),
        .executableTarget(name: "FuzzSSHKeys", dependencies: ["FuzzSupport", "SSHKeys"], path: "Fuzz/FuzzSSHKeys", swiftSettings: strictSettings),
        .executableTarget(name: "FuzzOTP", dependencies: ["FuzzSupport", "OTP"], path: "Fuzz/FuzzOTP", swiftSettings: strictSettings),
        .executableTarget(name: "FuzzLDAP", dependencies: ["FuzzSupport", "LDAPClient"], path: "Fuzz/FuzzLDAP", swiftSettings: strictSettings),
        .executableTarget(name: "FuzzAPI", dependencies: ["FuzzSupport", "DirAuthAPI"], path: "Fuzz/FuzzAPI", swiftSettings: strictSettings),
        // MARK: Tests
        .testTarget(name: "LDAPClientTests", dependencies: ["LDAPClient", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "SSHKeysTests",
            dependencies: [
                "SSHKeys", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSHAgentTests",
            dependencies: [
                "SSHAgent", "SSHKeys", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CRTAuthTests",
            dependencies: [
                "CRTAuth", "SSHKeys", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("Vectors")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "OTPTests", dependencies: ["OTP"], swiftSettings: strictSettings),
        .testTarget(name: "CachingTests", dependencies: ["Caching", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "DirectoryTests", dependencies: ["Directory", "LDAPClient", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "DirAuthCoreTests",
            dependencies: [
                "DirAuthCore", "TestSupport", "CRTAuth", "SSHKeys", "OTP", "Directory",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DirAuthServerTests",
            dependencies: [
                "DirAuthServer", "DirAuthCore", "DirAuthAPI", "DirAuthMiddleware", "DirAuthClient", "TestSupport", "CRTAuth", "SSHKeys", "OTP",
                "Directory", "LDAPClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DirAuthClientTests",
            dependencies: [
                "DirAuthClient", "DirAuthAPI", "dirauth", "TestSupport", "SSHAgent", "SSHKeys", "CRTAuth", "OTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DirAuthMiddlewareTests",
            dependencies: [
                "DirAuthMiddleware", "DirAuthClient", "TestSupport", "CRTAuth", "OTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: ["Directory", "SSHKeys", "CRTAuth", "OTP", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
    ]
)
