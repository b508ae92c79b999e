@testable import TotsugoIngest
import Yams
import XCTest

/// The event composer reads the plain case exactly as Yams' node tree does, and hands
/// everything else (errors, anchors, aliases, tags, repeated keys, several documents) to Yams.
final class YAMLEventComposerTests: XCTestCase {
    func testPlainDocumentReadsAsYamsDoes() throws {
        let text = "mapping:\n  id: m\n  note: ~\n  empty:\n  quoted: 'null'\nentries:\n  - item: \"1\"\n    targets: []\n  - {item: 2, targets: [a, b]}\n"
        let fast = try XCTUnwrap(YAMLEventComposer.compose(text))
        let yams = try XCTUnwrap(Yams.compose(yaml: text, .basic))
        XCTAssertEqual(describe(fast), describe(yams))
    }

    /// Anchors, aliases and tags are composed too (tags ignored, as the reader reads text).
    func testAnchorsAliasesAndTagsReadAsYamsDoes() throws {
        for text in ["a: &x 1\nb: *x\n", "a: !!str 1\n", "a: &s [1, {b: 2}]\nc: *s\nd: !!map {e: ~}\n"] {
            let fast = try XCTUnwrap(YAMLEventComposer.compose(text), text)
            let yams = try XCTUnwrap(Yams.compose(yaml: text, .basic), text)
            XCTAssertEqual(describe(fast), describe(yams), text)
        }
    }

    /// Everything else is a positioned diagnostic of the composer's own (no Yams fallback).
    func testErrorsAreDiagnostics() {
        for text in ["a: 1\na: 2\n", "a: [1\n", "--- 1\n--- 2\n", "", "? [a]\n: 1\n", "a: *x\n"] {
            let composed = YAMLEventComposer.composed(Array(text.utf8))
            XCTAssertNil(composed.root, text)
            XCTAssertNotNil(composed.diagnostic, text)
        }
    }

    /// Shape, positions, text and null-ness, depth first.
    func describe<N: YAMLReadable>(_ node: N) -> String {
        var out = "\(node.line ?? 0):\(node.column ?? 0) "
        if let pairs = node.pairs {
            out += "{" + pairs.map { describe($0.0) + "=" + describe($0.1) }.joined(separator: ",") + "}"
        } else if let items = node.items {
            out += "[" + items.map(describe).joined(separator: ",") + "]"
        } else {
            out += "\(node.isScalar) \(node.isNull) \(node.text ?? "-")"
        }
        return out
    }
}

/// Reading entries while they are composed gives the same mapping, and the same diagnostics in
/// the same order, as reading the whole tree.
final class MappingStreamingTests: XCTestCase {
    func parse(_ text: String, streaming: Bool) -> String {
        var parser = MappingYAMLParser()
        parser.streaming = streaming
        do {
            let input = try InputFile.decode(Array(text.utf8), path: "m.yaml")
            return "\(try parser.parse(input))"
        } catch {
            return error.diagnostics.map(\.description).joined(separator: "\n")
        }
    }

    func testStreamedEqualsTree() {
        let header = "mapping:\n  id: m\n  title: T\n  source: s\n  targets: [t]\n"
        let entries = "entries:\n  - item: \"1\"\n    targets:\n      - ref: t:1\n        relationship: subset-of\n"
            + "  - item: 2\n    targets: []\n    proposal: 反映案\n"
        let badEntries = "entries:\n  - item: 3\n    targets:\n      - ref: t:1\n        relationship: sameish\n"
            + "  - item: 4\n    colour: red\n    targets: []\n  - 5\n"
        let cases = [
            header + entries,
            entries + header,                                     // entries before the header
            header + badEntries,                                  // entry errors only
            "mapping:\n  id: m\n  source: s\n  targets: []\n  title: [x]\n  reviewer: {a: 1}\n  status: odd\n" + badEntries,
            badEntries + "mapping:\n  id: m\n  source: s\n  targets: [t]\n  title: [x]\n",
            badEntries,                                           // no header: the tree reader stops before the entries
            header + "entries: 5\n",
            header + "entries:\n",
            header + "entries: []\nextra: 1\n",
            header + badEntries + "entries: []\n",                // repeated key: Yams
        ]
        for text in cases {
            XCTAssertEqual(parse(text, streaming: true), parse(text, streaming: false), text)
        }
        XCTAssertTrue(parse(cases[3], streaming: true).contains("sameish"))
        XCTAssertTrue(parse(cases[0], streaming: true).contains("反映案"))
    }
}
