@testable import TotsugoIngest
import XCTest

/// Where a mapping file is cut in two (`YAMLSequenceSplit`), and that reading it in two halves
/// at once gives what one pass gives: the same mapping with the same positions, or (when
/// anything is wrong) the same diagnostics.
final class MappingHalvesTests: XCTestCase {
    static let header = "mapping:\n  id: m\n  title: T\n  source: s\n  targets: [t, u]\n"

    /// `count` entries with links, block scalars, quoted text and comments, items at `indent`.
    static func entries(_ count: Int, indent: Int = 2) -> String {
        let pad = String(repeating: " ", count: indent)
        var out = "entries:\n"
        for number in 1...count {
            out += "\(pad)- item: \"\(number)\"\n"
            out += "\(pad)  targets:\n"
            out += "\(pad)  - ref: t:\(number % 7)\n\(pad)    relationship: subset-of\n"
            out += "\(pad)  - {ref: 'u:\(number % 5)', relationship: intersects-with, strength: 6}\n"
            if number % 3 == 0 { out += "\(pad)  proposal: |\n\(pad)    - 反映案 \(number)\n\n\(pad)    # 本文\n" }
            if number % 4 == 0 { out += "# comment\n\n" }
            if number % 5 == 0 { out += "\(pad)  note: \"引用 \(number)\"\n" }
        }
        return out
    }

    func cut(_ text: String, minimum: Int = 0) -> (offset: Int, line: Int)? {
        Array(text.utf8).withUnsafeBufferPointer { YAMLSequenceSplit.find($0, key: "entries", minimumBytes: minimum) }
    }

    func testCutIsAnItemNearTheMiddle() throws {
        for indent in [0, 2, 4] {
            let text = Self.header + Self.entries(40, indent: indent)
            let found = try XCTUnwrap(cut(text), "indent \(indent)")
            let bytes = Array(text.utf8)
            XCTAssertGreaterThanOrEqual(found.offset, bytes.count / 2)
            XCTAssertEqual(Array(bytes[found.offset..<found.offset + indent + 2]), Array((String(repeating: " ", count: indent) + "- ").utf8))
            XCTAssertEqual(bytes[..<found.offset].filter { $0 == 0x0A }.count + 1, found.line)
            XCTAssertEqual(bytes[found.offset - 1], 0x0A)
        }
        let crlf = (Self.header + Self.entries(40)).replacingOccurrences(of: "\n", with: "\r\n")
        XCTAssertNotNil(cut(crlf))
    }

    func testOtherLayoutsAreNotCut() {
        let body = Self.entries(40)
        let items = String(body.dropFirst("entries:\n".count))
        XCTAssertNil(cut(Self.header + body, minimum: 1 << 20), "small file")
        XCTAssertNil(cut(Self.header + body + "extra: 1\n"), "a key after the entries")
        XCTAssertNil(cut(Self.header + body + "...\n"), "document end")
        XCTAssertNil(cut(Self.header + "entries: [\n" + items + "]\n"), "a flow sequence")
        XCTAssertNil(cut(Self.header + "entries:\n\t- item: 1\n" + items), "a tab")
        XCTAssertNil(cut(Self.header + body.replacingOccurrences(of: "  - item: \"30\"", with: "  x: 1\n  - item: \"30\"")),
                     "a line at the items' indentation that is not an item")
        XCTAssertNil(cut(Self.header), "no entries")
        XCTAssertNotNil(cut(Self.header + "entries:   # the rows\n" + items))
    }

    func parse(_ text: String, halves: Bool, budget: Int = YAMLNodeReader.defaultBudget) -> String {
        var parser = MappingYAMLParser(nodeBudget: budget)
        parser.halvesMinimumBytes = halves ? 0 : .max
        do {
            let input = try InputFile.decode(Array(text.utf8), path: "m.yaml")
            let mapping = try parser.parse(input)
            let locations = mapping.entries.map { entry in
                String(describing: entry.location) + entry.links.map { String(describing: $0.location) }.joined()
            }
            return "\(mapping)" + locations.joined()
        } catch {
            return error.diagnostics.map(\.description).joined(separator: "\n")
        }
    }

    func testHalvesReadAsOnePass() {
        let good = Self.header + Self.entries(60)
        let lines = good.components(separatedBy: "\n")
        let middle = lines.count / 2
        func replacing(line: Int, with text: String) -> String {
            var copy = lines
            copy[line] = text
            return copy.joined(separator: "\n")
        }
        let cases = [
            good,
            Self.header + Self.entries(60, indent: 0),
            good.replacingOccurrences(of: "\n", with: "\r\n"),
            replacing(line: 12, with: "    colour: red"),                       // an error in the first half
            replacing(line: lines.count - 8, with: "    colour: red"),           // one in the second
            replacing(line: middle, with: "  - item: \"x\n  - item: y\""),      // a quoted text across lines
            replacing(line: middle, with: "  - item: [a,\n  - b]"),              // a flow sequence across lines
            Self.entries(60) + Self.header,                                      // header after: not cut
            "mapping:\n  id: m\n  source: s\n  targets: []\n" + Self.entries(60), // a header error
        ]
        for (index, text) in cases.enumerated() {
            XCTAssertEqual(parse(text, halves: true), parse(text, halves: false), "case \(index)")
        }
        XCTAssertTrue(parse(cases[0], halves: true).contains("反映案 60"))
        // The good files were read in halves; the others in one pass.
        var parser = MappingYAMLParser()
        parser.halvesMinimumBytes = 0
        for (index, text) in cases.enumerated() {
            let halves = parser.readInHalves(try! InputFile.decode(Array(text.utf8), path: "m.yaml"))
            XCTAssertEqual(halves != nil, index < 3, "case \(index)")
        }
        XCTAssertTrue(parse(cases[4], halves: true).contains("colour"))
    }

    /// Each half within the node budget but not both: one pass reports it.
    func testBudgetCountsBothHalves() {
        let text = Self.header + Self.entries(60)
        var onePass = MappingYAMLParser()
        onePass.halvesMinimumBytes = .max
        let input = try! InputFile.decode(Array(text.utf8), path: "m.yaml")
        XCTAssertNoThrow(try onePass.parse(input))
        // Just under what the whole file needs, well over what either half needs.
        var needed = 0
        for budget in stride(from: 400, to: 4_000, by: 10) where parse(text, halves: false, budget: budget).hasPrefix("Mapping") {
            needed = budget
            break
        }
        XCTAssertGreaterThan(needed, 400)
        let tight = needed - 10
        XCTAssertTrue(parse(text, halves: true, budget: tight).contains("too many YAML nodes"))
        XCTAssertEqual(parse(text, halves: true, budget: tight), parse(text, halves: false, budget: tight))
    }
}
