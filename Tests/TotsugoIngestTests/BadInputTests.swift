import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import XCTest

/// Every class of bad input gives `path:line:col: error: message` diagnostics.
final class BadInputTests: XCTestCase {
    func diagnostics(_ relative: String) -> [Diagnostic] {
        let result = InputLoader().load([TestPaths.fixture(relative)])
        XCTAssertTrue(result.catalogs.isEmpty && result.mappings.isEmpty, "\(relative) must not load")
        return result.diagnostics
    }

    func assertError(_ relative: String, line: Int, contains text: String, file: StaticString = #filePath, at callLine: UInt = #line) {
        let found = diagnostics(relative)
        XCTAssertFalse(found.isEmpty, file: file, line: callLine)
        guard let first = found.first else { return }
        XCTAssertEqual(first.severity, .error, file: file, line: callLine)
        XCTAssertEqual(first.location.line, line, "\(first)", file: file, line: callLine)
        XCTAssertTrue(first.message.contains(text), "\(first)", file: file, line: callLine)
        XCTAssertTrue(first.description.hasPrefix("\(TestPaths.fixture(relative)):\(line):\(first.location.column): error: "), first.description, file: file, line: callLine)
    }

    func testMalformedXML() { assertError("bad/malformed.xml", line: 4, contains: "mismatch") }

    func testSchemaViolation() { assertError("bad/xsd-violation.xml", line: 5, contains: "publisher") }

    func testEmptyFile() { assertError("bad/empty.xml", line: 1, contains: "file is empty") }

    func testDuplicateItemIDs() { assertError("bad/duplicate-ids.txt", line: 10, contains: "duplicate item id '1' (first defined at") }

    func testExternalEntityIsNeverRead() {
        assertError("bad/xxe.xml", line: 2, contains: "DOCTYPE declarations are not allowed")
        XCTAssertFalse(diagnostics("bad/xxe.xml").contains { $0.message.contains("root:") }, "/etc/passwd content must not leak")
    }

    func testBillionLaughsFailsFast() {
        let start = Date()
        assertError("bad/billion-laughs.xml", line: 2, contains: "DOCTYPE declarations are not allowed")
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "must be rejected before any expansion")
    }

    func testExternalDTDIsNeverFetched() { assertError("bad/external-dtd.xml", line: 2, contains: "DOCTYPE declarations are not allowed") }

    func testYAMLSyntaxError() { assertError("bad/syntax-error.yaml", line: 5, contains: "YAML syntax error") }

    /// The mapping schema never walks an aliased list deeper than its own shape, so a bomb is
    /// rejected by shape; the node budget is the second line of defence (next test).
    func testYAMLAliasBombIsRejectedQuickly() {
        let start = Date()
        let found = diagnostics("bad/alias-bomb.yaml")
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertTrue(found.map(\.description).contains("\(TestPaths.fixture("bad/alias-bomb.yaml")):6:10: error: 'title' must be a single value"), "\(found)")
        XCTAssertLessThan(found.count, 20, "errors do not multiply with the aliases")
    }

    func testYAMLNodeBudgetStopsExpansion() throws {
        var yaml = "mapping:\n  id: m\n  source: s\n  targets: [t]\nentries:\n"
        for i in 0..<50 { yaml += "  - {item: \"\(i)\", targets: []}\n" }
        let input = try InputFile.decode(Array(yaml.utf8), path: "m.yaml")
        XCTAssertNoThrow(try MappingYAMLParser().parse(input))
        XCTAssertThrowsError(try MappingYAMLParser(nodeBudget: 100).parse(input)) { error in
            let diagnostic = (error as! DiagnosticError).diagnostics.last!
            XCTAssertTrue(diagnostic.message.contains("too many YAML nodes"), "\(diagnostic)")
        }
    }

    func testUnknownRelationshipSuggestsNearest() {
        assertError("bad/unknown-relationship.yaml", line: 9, contains: "unknown relationship 'intersect-with' (did you mean 'intersects-with'?)")
    }

    func testInvalidUTF8ReportsPosition() {
        let bytes = Array("---\nid: x\ntitle: ab".utf8) + [0xE3, 0x81] + Array("\n".utf8)
        XCTAssertThrowsError(try InputFile.decode(bytes, path: "bad.txt")) { error in
            let diagnostic = (error as! DiagnosticError).diagnostics[0]
            XCTAssertEqual(diagnostic.location, SourceLocation(file: "bad.txt", line: 3, column: 10))
            XCTAssertTrue(diagnostic.message.contains("invalid UTF-8"), diagnostic.message)
        }
        XCTAssertThrowsError(try InputFile.decode([0x61, 0xC0, 0x80], path: "overlong.txt"), "overlong encodings are invalid")
        XCTAssertThrowsError(try InputFile.decode([0xED, 0xA0, 0x80], path: "surrogate.txt"), "surrogates are invalid")
        XCTAssertNoThrow(try InputFile.decode(Array("ｶﾞ漢字😀".utf8), path: "ok.txt"))
    }

    func testUTF8BOMIsAccepted() throws {
        let input = try InputFile.decode([0xEF, 0xBB, 0xBF] + Array("a".utf8), path: "bom.txt")
        XCTAssertEqual(input.text, "a")
    }

    func testMissingFileIsMissingInput() {
        let result = InputLoader().load(["/nonexistent/totsugo"])
        XCTAssertTrue(result.missingInput)
        XCTAssertEqual(result.diagnostics.first?.description, "/nonexistent/totsugo:1:1: error: no such file or folder")
    }

    func testTextFormatErrorsArePositioned() throws {
        let cases: [(String, Int, String)] = [
            ("---\nid: x\n---\n", 1, "front matter lacks 'title'"),
            ("---\nid: x\ntitle: t\nshort-title: s\npublisher: p\nversion: 1\ncompleteness: c\ncolour: red\n---\n", 8, "unknown front matter key 'colour'"),
            ("---\nid: x\ntitle: t\nshort-title: s\npublisher: p\nversion: 1\ncompleteness: c\n---\n# 1 | a\n### 2 | b\n", 10, "levels cannot be skipped"),
            ("---\nid: x\ntitle: t\nshort-title: s\npublisher: p\nversion: 1\ncompleteness: c\n---\n# 1 | a\n@lvl: LV1\n", 10, "unknown attribute '@lvl'"),
            ("---\nid: x\ntitle: t\nshort-title: s\npublisher: p\nversion: 1\ncompleteness: c\n---\n# 1 | a\n@level: LV9\n", 10, "unknown level 'LV9'"),
            ("---\nid: x\ntitle: t\nshort-title: s\npublisher: p\nversion: 1\ncompleteness: c\n---\n# no number\n", 9, "neither a number nor an id"),
        ]
        for (text, line, message) in cases {
            XCTAssertThrowsError(try CatalogTextParser().parse(InputFile.decode(Array(text.utf8), path: "c.txt"))) { error in
                let diagnostic = (error as! DiagnosticError).diagnostics[0]
                XCTAssertEqual(diagnostic.location.line, line, "\(diagnostic)")
                XCTAssertTrue(diagnostic.message.contains(message), "\(diagnostic)")
            }
        }
    }

    func testMappingErrorsArePositioned() throws {
        let header = "mapping:\n  id: m\n  source: s\n  targets: [t]\nentries:\n"
        let cases: [(String, Int, Int, String)] = [
            ("  - item: a\n    targets: []\n    proposl: x\n", 8, 5, "unknown key 'proposl' in an entry (did you mean 'proposal'?)"),
            ("  - item: a\n", 6, 5, "an entry lacks 'targets'"),
            ("  - item: a\n    targets:\n      - ref: t:1\n        relationship: equal\n        strength: 11\n", 10, 19, "strength must be a whole number from 0 to 10"),
            ("  - item: a\n    targets:\n      - ref: t\n        relationship: equal\n", 8, 14, "names a whole catalog"),
            ("  - item: a\n    targets:\n      - ref: t:1\n        relationship: equal\n        rationale: vibes\n", 10, 20, "unknown rationale 'vibes'"),
        ]
        for (body, line, column, message) in cases {
            XCTAssertThrowsError(try MappingYAMLParser().parse(InputFile.decode(Array((header + body).utf8), path: "m.yaml"))) { error in
                let diagnostic = (error as! DiagnosticError).diagnostics[0]
                XCTAssertEqual(diagnostic.location, SourceLocation(file: "m.yaml", line: line, column: column), "\(diagnostic)")
                XCTAssertTrue(diagnostic.message.contains(message), "\(diagnostic)")
            }
        }
    }
}
