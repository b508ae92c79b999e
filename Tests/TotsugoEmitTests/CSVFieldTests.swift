import TestSupport
@testable import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import XCTest

/// The word-at-a-time field writer against the byte-by-byte rule it replaced, and cells of
/// several lines against the same lines joined.
final class CSVFieldTests: XCTestCase {
    /// The rule as first written: quote when `"`, `,`, CR or LF occur; CRLF and lone LF become
    /// CRLF, `"` doubled, everything else as is.
    func reference(_ field: String) -> [UInt8] {
        let bytes = Array(field.utf8)
        guard bytes.contains(where: { $0 == 0x22 || $0 == 0x2C || $0 == 0x0D || $0 == 0x0A }) else { return bytes }
        var out: [UInt8] = [0x22]
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A: out += [0x0D, 0x0A]; i += 1
            case 0x0A: out += [0x0D, 0x0A]
            case 0x22: out += [0x22, 0x22]
            default: out.append(bytes[i])
            }
            i += 1
        }
        return out + [0x22]
    }

    func testFieldsAndLineCells() {
        let pieces = ["a", "突合表の項目", "\"", ",", "\r", "\n", "\r\n", "abcdefgh", "x,y", "12345678901234567"]
        var texts: [String] = [""]
        for a in pieces { for b in pieces { for c in pieces { texts.append(a + b + c) } } }
        for text in texts {
            var out: [UInt8] = []
            CSVEmitter.appendField(text, to: &out)
            XCTAssertEqual(out, reference(text), text.debugDescription)
        }
        for (k, first) in texts.enumerated() where k % 7 == 0 {
            for second in texts[(k % 13)...].prefix(40) {
                let lines = [first, second, "末尾\r"]
                var out: [UInt8] = []
                CSVEmitter.appendCell(.lines(lines), to: &out)
                var joined: [UInt8] = []
                CSVEmitter.appendField(lines.joined(separator: "\n"), to: &joined)
                XCTAssertEqual(out, joined, lines.debugDescription)
            }
        }
    }
}

final class LineCellRenderingTests: XCTestCase {
    /// CSV and Markdown render a cell of several lines exactly as the same text joined.
    func testLineCellsRenderAsJoinedText() throws {
        let result = TotsugoIngest.InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        let resolved = try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
        let coverage = Coverage(resolved)
        let samples: [[String]] = [["a", "b|c"], ["x\r", "\ny", "z\r"], ["突合\\", "", "表\r\n"], ["\"q\"", "1,2"]]
        let group = CrossReferenceTable.Group(title: "g", columns: ["c"])
        let stored = CrossReferenceTable(title: "t", groups: [group],
                                         rows: samples.map { .init(itemID: "i", levels: [], cells: [.lines($0)]) })
        let joined = CrossReferenceTable(title: "t", groups: [group],
                                         rows: samples.map { .init(itemID: "i", levels: [], cells: [.text($0.joined(separator: "\n"))]) })
        XCTAssertNotNil(stored.rows[1].cells[0].storedLines)
        XCTAssertEqual(CSVEmitter().render(stored), CSVEmitter().render(joined))
        XCTAssertEqual(MarkdownEmitter().render(stored, resolved: resolved, coverage: coverage),
                       MarkdownEmitter().render(joined, resolved: resolved, coverage: coverage))
    }
}
