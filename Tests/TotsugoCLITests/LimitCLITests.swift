import Foundation
import TestSupport
import XCTest

/// The limit flags through the binary: parsed, checked (exit 64), listed in --help and handed to
/// the loader (exit 65 with `file:line:col: error:` and "nothing was written"). The hostile
/// input classes themselves are tested in-process: LimitPipelineTests.
final class LimitCLITests: XCTestCase {
    func assertBadInput(_ result: CLIRun, startsWith prefix: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 65, result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix(prefix), result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains("nothing was written"), result.stderr, file: file, line: line)
        XCTAssertLessThan(result.seconds, 10, "must fail fast", file: file, line: line)
    }

    /// Each limit flag reaches the loader (exit 65, the limit's message first, "nothing was
    /// written"). The limits themselves and the hostile inputs: LimitPipelineTests.
    func testLimitFlagsReachTheLoader() throws {
        let folder = try fixtureWorkspace()
        XCTAssertEqual(try run(["validate", "Catalogs", "Mappings"], in: folder).status, 0)
        assertBadInput(try run(["validate", "Catalogs", "Mappings", "--max-input-bytes", "200"], in: folder),
                       startsWith: "Catalogs/industry.txt:1:1: error: file is larger than the input limit of 200 bytes")
        assertBadInput(try run(["build", "--max-items", "2"], in: folder),
                       startsWith: "Catalogs/industry.txt:17:1: error: catalog has more than 2 items; raise the limit with --max-items")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
        assertBadInput(try run(["validate", "Catalogs", "Mappings", "--max-depth", "1"], in: folder),
                       startsWith: "Catalogs/industry.txt:17:1: error: items are nested deeper than 1 levels")
        let nodes = try run(["build", "--max-yaml-nodes", "10"], in: folder)
        assertBadInput(nodes, startsWith: "Mappings/industry.yaml:")
        XCTAssertTrue(nodes.stderr.contains("the limit is 10 nodes (--max-yaml-nodes)"), nodes.stderr)
        XCTAssertEqual(try run(["build", "--max-items", "5"], in: folder).status, 0)
    }

    func testLimitFlagsMustBePositive() throws {
        let result = try run(["build", "--max-items", "0"], in: try fixtureWorkspace())
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("--max-items must be a positive whole number"), result.stderr)
    }

    func testHelpListsTheLimits() throws {
        for command in ["build", "validate"] {
            let help = try run([command, "--help"], in: try fixtureWorkspace())
            for flag in ["--max-input-bytes", "--max-items", "--max-depth", "--max-yaml-nodes"] {
                XCTAssertTrue(help.stdout.contains(flag), "\(command) --help lacks \(flag)")
            }
        }
    }
}
