import Foundation
import TestSupport
import XCTest

/// What one run of the `totsugo` binary printed and returned.
struct CLIRun {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Wall time of the run (for generous "fails fast" bounds only).
    var seconds: TimeInterval
}

/// The binary next to the test bundle (same build folder), else .build/debug.
let totsugoBinary: String = {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("totsugo").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    for candidate in Bundle.allBundles.map({ $0.bundleURL.deletingLastPathComponent().appendingPathComponent("totsugo").path })
    where FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    return TestPaths.root.appendingPathComponent(".build/debug/totsugo").path
}()

extension XCTestCase {
    /// Runs `totsugo` as a user would, in `directory` (the package root by default).
    func run(_ arguments: [String], in directory: String? = nil) throws -> CLIRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: totsugoBinary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? TestPaths.root.path)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let start = Date()
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIRun(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self), seconds: Date().timeIntervalSince(start))
    }

    /// A copy of the fixture workspace (Tests/Fixtures/workspace) in a temporary folder.
    func fixtureWorkspace() throws -> String {
        let folder = TestPaths.temporaryFolder()
        for name in ["Catalogs", "Mappings"] {
            try FileManager.default.copyItem(atPath: TestPaths.fixture("workspace/\(name)"), toPath: folder + "/" + name)
        }
        return folder
    }
}
