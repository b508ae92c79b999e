import Foundation
import TestSupport
import XCTest

/// Hostile input classes and the limit flags, end to end: exit 65 with `file:line:col: error:`
/// within seconds, nothing written. Large files are made at test time in a temporary folder.
final class LimitCLITests: XCTestCase {
    func assertBadInput(_ result: CLIRun, startsWith prefix: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 65, result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix(prefix), result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains("nothing was written"), result.stderr, file: file, line: line)
        XCTAssertLessThan(result.seconds, 10, "must fail fast", file: file, line: line)
    }

    /// A 100 MB structured-text catalog that is one single line.
    func testHundredMegabyteSingleLineIsRefused() throws {
        let folder = try fixtureWorkspace()
        let path = folder + "/Catalogs/huge.txt"
        let line = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        for _ in 0..<100 { handle.write(line) }
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try run(["build"], in: folder)
        assertBadInput(result, startsWith: "Catalogs/huge.txt:1:1: error: file is larger than the input limit of 67108864 bytes (104857600 bytes)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
    }

    func testMaxInputBytesFlag() throws {
        let folder = try fixtureWorkspace()
        XCTAssertEqual(try run(["validate", "Catalogs", "Mappings"], in: folder).status, 0)
        let result = try run(["validate", "Catalogs", "Mappings", "--max-input-bytes", "200"], in: folder)
        assertBadInput(result, startsWith: "Catalogs/industry.txt:1:1: error: file is larger than the input limit of 200 bytes")
    }

    func testMaxItemsFlag() throws {
        let folder = try fixtureWorkspace()
        let result = try run(["build", "--max-items", "2"], in: folder)
        assertBadInput(result, startsWith: "Catalogs/industry.txt:17:1: error: catalog has more than 2 items; raise the limit with --max-items")
        XCTAssertTrue(result.stderr.contains("Catalogs/target.xml:18:1: error: catalog has more than 2 items"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
        XCTAssertEqual(try run(["build", "--max-items", "5"], in: folder).status, 0)
    }

    func testMaxDepthFlag() throws {
        let folder = try fixtureWorkspace()
        let result = try run(["validate", "Catalogs", "Mappings", "--max-depth", "1"], in: folder)
        assertBadInput(result, startsWith: "Catalogs/industry.txt:17:1: error: items are nested deeper than 1 levels")
    }

    func testMaxYAMLNodesFlag() throws {
        let folder = try fixtureWorkspace()
        let result = try run(["build", "--max-yaml-nodes", "10"], in: folder)
        assertBadInput(result, startsWith: "Mappings/industry.yaml:")
        // Counted while the file is composed (issue 13), before the reader's count of aliases.
        XCTAssertTrue(result.stderr.contains("error: too many YAML nodes: more than 10 in this file; the limit is 10 nodes (--max-yaml-nodes)"), result.stderr)
    }

    func testLimitFlagsMustBePositive() throws {
        let result = try run(["build", "--max-items", "0"], in: try fixtureWorkspace())
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("--max-items must be a positive whole number"), result.stderr)
    }

    /// 100,000 nested elements stop at libxml2's depth limit.
    func testExtremeXMLNestingExits65() throws {
        let folder = try fixtureWorkspace()
        let depth = 100_000
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog xmlns=\"urn:totsugo:catalog:1\" id=\"deep\">\n"
            + String(repeating: "<item>", count: depth) + String(repeating: "</item>", count: depth) + "</catalog>\n"
        try Data(xml.utf8).write(to: URL(fileURLWithPath: folder + "/Catalogs/deep.xml"))
        let result = try run(["build"], in: folder)
        assertBadInput(result, startsWith: "Catalogs/deep.xml:3:")
        XCTAssertTrue(result.stderr.contains("Excessive depth in document"), result.stderr)
    }

    /// Thousands of levels of structured-text headings stop at the depth limit.
    func testExtremeTextNestingExits65() throws {
        let folder = try fixtureWorkspace()
        var text = "---\nid: deep\ntitle: t\nshort-title: s\npublisher: p\nversion: 1\ncompleteness: c\n---\n"
        for level in 1...3_000 { text += String(repeating: "#", count: level) + " \(level) | h\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/Catalogs/deep.txt"))
        let result = try run(["build"], in: folder)
        assertBadInput(result, startsWith: "Catalogs/deep.txt:41:1: error: items are nested deeper than 32 levels")
    }

    /// `[[[[…` two hundred thousand deep stops at libyaml's nesting limit.
    func testExtremeYAMLNestingExits65() throws {
        let folder = try fixtureWorkspace()
        let depth = 200_000
        let yaml = "mapping:\n  id: deep\n  source: industry\n  targets: [target]\n  title: "
            + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\nentries: []\n"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: folder + "/Mappings/deep.yaml"))
        let result = try run(["build"], in: folder)
        assertBadInput(result, startsWith: "Mappings/deep.yaml:5:")
        XCTAssertTrue(result.stderr.contains("nesting level"), result.stderr)
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
