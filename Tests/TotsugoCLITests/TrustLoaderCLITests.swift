import Foundation
import TestSupport
import XCTest

/// Issue 13 ("Trust"), the loader end to end: a FIFO among the catalogs fails instead of
/// hanging the build (a process with a watchdog, so a hang fails the test instead of stalling
/// the suite). Linked and empty input folders: TrustPipelineTests.
final class TrustLoaderCLITests: XCTestCase {
    /// Runs `totsugo`, killing it after `limit` seconds (a hang must fail the test, not stall it).
    func run(_ arguments: [String], in directory: String, limit: TimeInterval) throws -> CLIRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: totsugoBinary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let start = Date()
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: watchdog)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return CLIRun(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self), seconds: Date().timeIntervalSince(start))
    }

    func testFIFOAmongCatalogsFailsInsteadOfHanging() throws {
        let folder = try fixtureWorkspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        XCTAssertEqual(mkfifo(folder + "/Catalogs/pipe.xml", 0o600), 0)
        let result = try run(["build"], in: folder, limit: 60)
        XCTAssertEqual(result.status, 66, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("Catalogs/pipe.xml:1:1: error: is a FIFO (named pipe), not a regular file"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
    }
}
