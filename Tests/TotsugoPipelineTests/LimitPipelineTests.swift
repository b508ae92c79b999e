import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoPipeline
import XCTest

/// Hostile input classes and the input limits, in-process: `.badInput` with a positioned
/// `file:line:col: error:` first, within seconds, nothing written (formerly LimitCLITests).
/// Large files are made at test time in a temporary folder.
final class LimitPipelineTests: XCTestCase {
    /// Runs `command`, then checks it failed with bad input, fast, and that the first
    /// diagnostic in printed order starts with `prefix`.
    func assertBadInput(_ log: DiagnosticLog, startsWith prefix: String, file: StaticString = #filePath, line: UInt = #line,
                        _ command: () throws(CommandFailure) -> Void) {
        let start = Date()
        let result = failure(of: command)
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(result, .badInput, log.text, file: file, line: line)
        XCTAssertTrue(log.text.hasPrefix(prefix), log.text, file: file, line: line)
        XCTAssertFalse(log.errors.isEmpty, "nothing was written: an error says why", file: file, line: line)
        XCTAssertLessThan(seconds, 10, "must fail fast", file: file, line: line)
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
        let log = DiagnosticLog()
        assertBadInput(log, startsWith: folder + "/Catalogs/huge.txt:1:1: error: file is larger than the input limit of 67108864 bytes (104857600 bytes)") {
            () throws(CommandFailure) in _ = try build(folder, diagnostics: log)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
    }

    func testMaxInputBytes() throws {
        let folder = try fixtureWorkspace()
        XCTAssertNil(failure { () throws(CommandFailure) in try validate(folder, diagnostics: DiagnosticLog()) })
        let log = DiagnosticLog()
        assertBadInput(log, startsWith: folder + "/Catalogs/industry.txt:1:1: error: file is larger than the input limit of 200 bytes") {
            () throws(CommandFailure) in _ = try validate(folder, limits: InputLimits(maxInputBytes: 200), diagnostics: log)
        }
    }

    func testMaxItems() throws {
        let folder = try fixtureWorkspace()
        let log = DiagnosticLog()
        assertBadInput(log, startsWith: folder + "/Catalogs/industry.txt:17:1: error: catalog has more than 2 items; raise the limit with --max-items") {
            () throws(CommandFailure) in _ = try build(folder, limits: InputLimits(maxItems: 2), diagnostics: log)
        }
        XCTAssertTrue(log.text.contains(folder + "/Catalogs/target.xml:18:1: error: catalog has more than 2 items"), log.text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
        XCTAssertNil(failure { () throws(CommandFailure) in try build(folder, limits: InputLimits(maxItems: 5), diagnostics: DiagnosticLog()) })
    }

    func testMaxDepth() throws {
        let folder = try fixtureWorkspace()
        let log = DiagnosticLog()
        assertBadInput(log, startsWith: folder + "/Catalogs/industry.txt:17:1: error: items are nested deeper than 1 levels") {
            () throws(CommandFailure) in _ = try validate(folder, limits: InputLimits(maxDepth: 1), diagnostics: log)
        }
    }

    func testMaxYAMLNodes() throws {
        let folder = try fixtureWorkspace()
        let log = DiagnosticLog()
        assertBadInput(log, startsWith: folder + "/Mappings/industry.yaml:") {
            () throws(CommandFailure) in _ = try build(folder, limits: InputLimits(maxYAMLNodes: 10), diagnostics: log)
        }
        // Counted while the file is composed (issue 13), before the reader's count of aliases.
        XCTAssertTrue(log.text.contains("error: too many YAML nodes: more than 10 in this file; the limit is 10 nodes (--max-yaml-nodes)"), log.text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
    }

    /// 100,000 nested elements stop at libxml2's depth limit.
    func testExtremeXMLNestingIsBadInput() throws {
        let folder = try fixtureWorkspace()
        let depth = 100_000
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog xmlns=\"urn:totsugo:catalog:1\" id=\"deep\">\n"
            + String(repeating: "<item>", count: depth) + String(repeating: "</item>", count: depth) + "</catalog>\n"
        try Data(xml.utf8).write(to: URL(fileURLWithPath: folder + "/Catalogs/deep.xml"))
        let log = DiagnosticLog()
        assertBadInput(log, startsWith: folder + "/Catalogs/deep.xml:3:") { () throws(CommandFailure) in _ = try build(folder, diagnostics: log) }
        XCTAssertTrue(log.text.contains("Excessive depth in document"), log.text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
    }

    /// Thousands of levels of structured-text headings stop at the depth limit.
    func testExtremeTextNestingIsBadInput() throws {
        let folder = try fixtureWorkspace()
        var text = "---\nid: deep\ntitle: t\nshort-title: s\npublisher: p\nversion: 1\ncompleteness: c\n---\n"
        for level in 1...3_000 { text += String(repeating: "#", count: level) + " \(level) | h\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/Catalogs/deep.txt"))
        let log = DiagnosticLog()
        assertBadInput(log, startsWith: folder + "/Catalogs/deep.txt:41:1: error: items are nested deeper than 32 levels") {
            () throws(CommandFailure) in _ = try build(folder, diagnostics: log)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
    }

    /// `[[[[…` two hundred thousand deep stops at libyaml's nesting limit.
    func testExtremeYAMLNestingIsBadInput() throws {
        let folder = try fixtureWorkspace()
        let depth = 200_000
        let yaml = "mapping:\n  id: deep\n  source: industry\n  targets: [target]\n  title: "
            + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\nentries: []\n"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: folder + "/Mappings/deep.yaml"))
        let log = DiagnosticLog()
        assertBadInput(log, startsWith: folder + "/Mappings/deep.yaml:5:") { () throws(CommandFailure) in _ = try build(folder, diagnostics: log) }
        XCTAssertTrue(log.text.contains("nesting level"), log.text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
    }
}
