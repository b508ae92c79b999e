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

    func testEverythingElseFallsBackToYams() {
        for text in ["a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\na: 2\n", "a: [1\n", "--- 1\n--- 2\n", "", "? [a]\n: 1\n"] {
            XCTAssertNil(YAMLEventComposer.compose(text), text)
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
