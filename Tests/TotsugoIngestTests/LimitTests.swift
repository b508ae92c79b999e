import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import XCTest

/// Resource limits (README "Limits"): every hostile class fails with a positioned error,
/// quickly, without building the hostile structure. Large inputs are generated into a
/// temporary folder at test time, never committed. Time bounds are generous sanity checks.
final class LimitTests: XCTestCase {
    static let header = """
        ---
        id: x
        title: t
        short-title: s
        publisher: p
        version: 1
        completeness: c
        ---

        """
    static let xmlHeader = """
        <?xml version="1.0" encoding="UTF-8"?>
        <catalog xmlns="urn:totsugo:catalog:1" id="x">
          <title>t</title><short-title>s</short-title><publisher>p</publisher><version>1</version>
          <completeness>c</completeness>

        """

    func input(_ text: String, path: String) throws -> InputFile {
        try InputFile.decode(Array(text.utf8), path: path)
    }

    func errors(_ body: () throws -> Any) -> [Diagnostic] {
        do {
            _ = try body()
            XCTFail("expected an error")
            return []
        } catch let error as DiagnosticError {
            XCTAssertEqual(error.kind, .badInput)
            XCTAssertTrue(error.diagnostics.allSatisfy { $0.severity == .error })
            return error.diagnostics
        } catch {
            XCTFail("unexpected error \(error)")
            return []
        }
    }

    func assertQuick(_ start: Date, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThan(Date().timeIntervalSince(start), 10, "must fail fast", file: file, line: line)
    }

    // MARK: nesting

    /// 100,000 nested elements: libxml2's own depth limit (256; XML_PARSE_HUGE is never set)
    /// stops the parse with a positioned error before any tree is built.
    func testXMLExtremeNestingStopsAtLibxml2DepthLimit() throws {
        let depth = 100_000
        let xml = Self.xmlHeader + String(repeating: "<item number=\"1\"><heading>h</heading>", count: depth)
            + String(repeating: "</item>", count: depth) + "</catalog>\n"
        let start = Date()
        let found = errors { try CatalogXMLParser().parse(input(xml, path: "deep.xml")) }
        assertQuick(start)
        XCTAssertLessThanOrEqual(found.count, 60, "errors are capped")
        let first = try XCTUnwrap(found.first)
        XCTAssertTrue(first.message.contains("Excessive depth"), "\(first)")
        XCTAssertEqual(first.location.file, "deep.xml")
        XCTAssertEqual(first.location.line, 5)
    }

    /// Within libxml2's limit but deeper than any real catalog: the item depth limit.
    func testXMLItemDepthLimit() throws {
        let depth = 40
        var xml = Self.xmlHeader
        for level in 1...depth { xml += "<item number=\"\(level)\"><heading>h</heading>\n" }
        xml += String(repeating: "</item>", count: depth) + "</catalog>\n"
        let found = errors { try CatalogXMLParser().parse(input(xml, path: "deep.xml")) }
        XCTAssertEqual(found.map(\.description),
                       ["deep.xml:\(4 + InputLimits.defaultMaxDepth + 1):1: error: items are nested deeper than 32 levels; raise the limit with --max-depth if this is intended"])
        XCTAssertNoThrow(try CatalogXMLParser(limits: InputLimits(maxDepth: depth)).parse(input(xml, path: "deep.xml")))
    }

    func testTextItemDepthLimit() throws {
        var text = Self.header
        for level in 1...40 { text += String(repeating: "#", count: level) + " \(level) | h\n" }
        let found = errors { try CatalogTextParser().parse(input(text, path: "deep.txt")) }
        XCTAssertEqual(found.map(\.description),
                       ["deep.txt:\(8 + 33):1: error: items are nested deeper than 32 levels; raise the limit with --max-depth if this is intended"])
        XCTAssertNoThrow(try CatalogTextParser(limits: InputLimits(maxDepth: 40)).parse(input(text, path: "deep.txt")))
    }

    /// A heading of 1,000,000 `#` marks is one bad line, not a million levels.
    func testTextHugeHeadingMarkIsOneError() throws {
        let text = Self.header + "# 1 | a\n" + String(repeating: "#", count: 1_000_000) + " 2 | b\n"
        let start = Date()
        let found = errors { try CatalogTextParser().parse(input(text, path: "marks.txt")) }
        assertQuick(start)
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].message.contains("levels cannot be skipped"), "\(found[0])")
    }

    /// libyaml's nesting limit (1000) stops `[[[[…` before Yams builds a tree.
    func testYAMLExtremeNesting() throws {
        let depth = 200_000
        let yaml = "mapping:\n  id: m\n  source: s\n  targets: [t]\n  title: " + String(repeating: "[", count: depth)
            + String(repeating: "]", count: depth) + "\nentries: []\n"
        let start = Date()
        let found = errors { try MappingYAMLParser().parse(input(yaml, path: "deep.yaml")) }
        assertQuick(start)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found[0].location.line, 5)
        XCTAssertTrue(found[0].message.contains("nesting level"), "\(found[0])")
    }

    // MARK: item count

    func testTooManyItemsInText() throws {
        var text = Self.header
        for number in 1...11 { text += "# \(number) | h\n" }
        let found = errors { try CatalogTextParser(limits: InputLimits(maxItems: 10)).parse(input(text, path: "many.txt")) }
        XCTAssertEqual(found.map(\.description),
                       ["many.txt:19:1: error: catalog has more than 10 items; raise the limit with --max-items if this is intended"])
        XCTAssertNoThrow(try CatalogTextParser(limits: InputLimits(maxItems: 11)).parse(input(text, path: "many.txt")))
    }

    func testTooManyItemsInXML() throws {
        var xml = Self.xmlHeader
        for number in 1...11 { xml += "<item number=\"\(number)\"><heading>h</heading></item>\n" }
        xml += "</catalog>\n"
        let found = errors { try CatalogXMLParser(limits: InputLimits(maxItems: 10)).parse(input(xml, path: "many.xml")) }
        XCTAssertEqual(found.map(\.description),
                       ["many.xml:15:1: error: catalog has more than 10 items; raise the limit with --max-items if this is intended"])
    }

    /// The default limit stops a catalog of one-line headings at the first one past it.
    func testDefaultItemLimitOnOneLineHeadings() throws {
        let text = Self.header + (1...(InputLimits.defaultMaxItems + 1)).map { "# \($0) | h\n" }.joined()
        let start = Date()
        let found = errors { try CatalogTextParser().parse(input(text, path: "many.txt")) }
        assertQuick(start)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found[0].location.line, 9 + InputLimits.defaultMaxItems)
    }

    // MARK: errors per file

    func testTextErrorFloodIsCapped() throws {
        let text = Self.header + "# 1 | a\n" + String(repeating: "### bad\n", count: 100_000)
        let found = errors { try CatalogTextParser().parse(input(text, path: "flood.txt")) }
        XCTAssertEqual(found.count, InputLimits.maxDiagnosticsPerFile + 1)
        XCTAssertEqual(found.last?.message, "too many errors (200); stopped reading this file")
    }

    func testDuplicateIDFloodIsCapped() throws {
        var xml = Self.xmlHeader
        for _ in 0..<5_000 { xml += "<item number=\"1\"><heading>h</heading></item>\n" }
        xml += "</catalog>\n"
        let found = errors { try CatalogXMLParser().parse(input(xml, path: "dups.xml")) }
        XCTAssertEqual(found.count, InputLimits.maxDiagnosticsPerFile + 1)
        XCTAssertTrue(found[0].message.contains("duplicate item id '1'"), "\(found[0])")
    }

    func testYAMLErrorFloodIsCapped() throws {
        var yaml = "mapping:\n  id: m\n  source: s\n  targets: [t]\nentries:\n"
        for i in 0..<10_000 { yaml += "  - {item: \"\(i)\", targets: [], colour: red}\n" }
        let found = errors { try MappingYAMLParser().parse(input(yaml, path: "flood.yaml")) }
        XCTAssertLessThanOrEqual(found.count, InputLimits.maxDiagnosticsPerFile + 1)
        XCTAssertEqual(found.last?.message, "too many errors (200); stopped reading this file")
    }

    // MARK: size

    /// An over-size file is refused from its size alone: nothing of it is read.
    func testOverSizeFileIsRefusedBeforeReading() throws {
        let path = TestPaths.temporaryFolder() + "/big.txt"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 1 << 40)  // a sparse terabyte
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let start = Date()
        XCTAssertThrowsError(try InputFile.read(path)) { error in
            let diagnostic = (error as! DiagnosticError).diagnostics[0]
            XCTAssertEqual(diagnostic.description,
                           "\(path):1:1: error: file is larger than the input limit of 67108864 bytes (1099511627776 bytes); raise the limit with --max-input-bytes if this is intended")
        }
        assertQuick(start)
    }

    func testSizeLimitIsConfigurable() throws {
        let path = TestPaths.temporaryFolder() + "/small.txt"
        try Data((Self.header + "# 1 | a\n").utf8).write(to: URL(fileURLWithPath: path))
        let loaded = InputLoader(limits: InputLimits(maxInputBytes: 50)).load([path])
        XCTAssertEqual(loaded.catalogs.count, 0)
        XCTAssertTrue(loaded.diagnostics.first?.message.contains("input limit of 50 bytes") ?? false, "\(loaded.diagnostics)")
        XCTAssertEqual(InputLoader().load([path]).catalogs.count, 1)
    }

    /// A single 9 MB line (under the size limit) is read in linear time.
    func testLongSingleLineUnderTheLimit() throws {
        let text = Self.header + "# 1 | a\n" + String(repeating: "あ", count: 3_000_000)
        let start = Date()
        let catalog = try CatalogTextParser().parse(input(text, path: "long.txt"))
        assertQuick(start)
        XCTAssertEqual(catalog.items.first?.text?.utf8.count, 9_000_000)
    }

    // MARK: YAML nodes

    func testYAMLNodeLimitComesFromInputLimits() throws {
        var yaml = "mapping:\n  id: m\n  source: s\n  targets: [t]\nentries:\n"
        for i in 0..<50 { yaml += "  - {item: \"\(i)\", targets: []}\n" }
        let path = TestPaths.temporaryFolder() + "/m.yaml"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(InputLoader().load([path]).mappings.count, 1)
        let limited = InputLoader(limits: InputLimits(maxYAMLNodes: 100)).load([path])
        XCTAssertEqual(limited.mappings.count, 0)
        XCTAssertTrue(limited.diagnostics.last?.message.contains("the limit is 100 nodes (--max-yaml-nodes)") ?? false, "\(limited.diagnostics)")
    }

    /// Found by `make fuzz`: an alias bomb used as a mapping KEY. Yams hashes every key to check
    /// for duplicates, through the whole expansion (9^9 leaves here), inside `Yams.compose` and
    /// before the reader's budget. Mapping files are composed from libyaml's events, where a key
    /// must be a single value: the alias of a list is refused at its position.
    func testYAMLAliasBombAsMappingKeyFailsFast() throws {
        var bomb = "&a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]"
        for (level, previous) in zip("bcdefghi", "abcdefgh") {
            bomb = "&\(level) [\(bomb)" + String(repeating: ",*\(previous)", count: 8) + "]"
        }
        let yaml = "mapping:\n  id: m\n  source: s\n  targets: [t]\n  title: \(bomb)\nentries:\n  - {*i : x}\n"
        let start = Date()
        let found = errors { try MappingYAMLParser().parse(input(yaml, path: "keys.yaml")) }
        assertQuick(start)
        XCTAssertEqual(found.map(\.description),
                       ["keys.yaml:7:6: error: a mapping key must be a single value, not a list or mapping"])
        // The fuzzer's own reproducer (committed in the seed corpus) is bounded too.
        let reproducer = TestPaths.root.appendingPathComponent("Fuzz/corpus/yaml/crash-alias-key-hash-timeout.yaml").path
        let again = Date()
        _ = InputLoader().load([reproducer])
        assertQuick(again)
    }

    /// The fixture bomb, with the node check as the only defence: entries that are all one
    /// aliased entry with an aliased list of 10,000 links stop at the budget.
    func testYAMLAliasFanOutStopsAtTheBudget() throws {
        var yaml = "mapping:\n  id: m\n  source: s\n  targets: [t]\n"
        yaml += "  title: &l [" + Array(repeating: "{ref: \"t:1\", relationship: equal}", count: 10_000).joined(separator: ",") + "]\n"
        yaml += "  status: &e {item: a, targets: *l}\n"
        yaml += "entries: [" + Array(repeating: "*e", count: 10_000).joined(separator: ",") + "]\n"
        let start = Date()
        let found = errors { try MappingYAMLParser(nodeBudget: 200_000).parse(input(yaml, path: "fan.yaml")) }
        assertQuick(start)
        XCTAssertTrue(found.contains { $0.message.contains("too many YAML nodes") }, "\(found.prefix(3))")
    }
}
