import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoIngest
@testable import TotsugoMatch
import XCTest
#if canImport(zlib)
import zlib
#else
import CZlib
#endif

/// The HTML report at scale (issue 19): the rows as embedded data the page renders a page at a
/// time, only the first page as HTML.
final class HTMLScaleTests: XCTestCase {
    func fixture() throws -> (table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage, reverse: ReverseView) {
        let result = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        XCTAssertEqual(result.diagnostics, [])
        let resolved = try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
        return (CrossReferenceTable(resolved), resolved, Coverage(resolved), ReverseView(resolved))
    }

    func html(_ f: (table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage, reverse: ReverseView),
              table: CrossReferenceTable? = nil, deflateAbove: Int = HTMLReportData.deflateAbove) -> String {
        String(decoding: HTMLReportEmitter().render(table ?? f.table, resolved: f.resolved, coverage: f.coverage, reverse: f.reverse,
                                                    deflateAbove: deflateAbove), as: UTF8.self)
    }

    /// The plain JSON data block of a page.
    func plainData(_ html: String) throws -> [String: Any] {
        let open = "<script type=\"application/json\" id=\"report-data\">"
        let start = try XCTUnwrap(html.range(of: open)).upperBound
        let end = try XCTUnwrap(html.range(of: "</script>", range: start..<html.endIndex)).lowerBound
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(html[start..<end].utf8)) as? [String: Any])
    }

    /// Every row of the 突合表 decoded from the data the way the page's script reads it: one
    /// (kind, text) per cell.
    func decodeRows(_ data: [String: Any]) throws -> [(levels: String, cells: [(kind: String, text: String)])] {
        let s = try XCTUnwrap(data["s"] as? [String])
        let t = try XCTUnwrap(data["t"] as? [[Int]])
        let xref = try XCTUnwrap(data["xref"] as? [String: Any])
        let widths = try XCTUnwrap(xref["groups"] as? [Int])
        let targets = Set(try XCTUnwrap(xref["targets"] as? [Int]))
        func cell(_ value: Any) throws -> (String, String) {
            if let n = value as? Int {
                return n == -1 ? ("gap", "#N/A") : n == -2 ? ("unreviewed", "（未突合）") : ("text", s[n])
            }
            if let text = value as? String { return ("text", text) }
            if let lines = value as? [String] { return ("text", lines.joined(separator: "\n")) }
            return ("text", try XCTUnwrap(value as? [Int]).map { s[$0] }.joined(separator: "\n"))
        }
        return try XCTUnwrap(xref["rows"] as? [[Any]]).map { row in
            var cells: [(kind: String, text: String)] = []
            for (g, width) in widths.enumerated() {
                let value = row[1 + g]
                if let n = value as? Int, n < 0 {
                    cells += Array(repeating: try cell(n), count: width)
                } else if let object = value as? [String: Any] {
                    cells += try XCTUnwrap(object["c"] as? [Any]).map(cell)
                } else if targets.contains(g) {
                    let pairs = try XCTUnwrap(value as? [Int])
                    for c in 0..<width {
                        let lines = stride(from: 0, to: pairs.count, by: 2).map { c < width - 1 ? s[t[pairs[$0]][c]] : s[pairs[$0 + 1]] }
                        cells.append(("text", lines.joined(separator: "\n")))
                    }
                } else {
                    cells += try XCTUnwrap(value as? [Any]).map(cell)
                }
            }
            return (s[try XCTUnwrap(row[0] as? Int)], cells)
        }
    }

    func kind(_ cell: CrossReferenceTable.Cell) -> String {
        cell.kind == .gap ? "gap" : cell.kind == .unreviewed ? "unreviewed" : "text"
    }

    func testEveryCellRoundTripsThroughTheData() throws {
        let f = try fixture()
        let rows = try decodeRows(try plainData(html(f)))
        XCTAssertEqual(rows.count, f.table.rows.count)
        for (row, decoded) in zip(f.table.rows, rows) {
            XCTAssertEqual(decoded.levels, row.levels.map(\.description).joined(separator: " "))
            XCTAssertEqual(decoded.cells.map(\.text), row.cells.map(\.text), row.itemID)
            XCTAssertEqual(decoded.cells.map(\.kind), row.cells.map(kind), row.itemID)
        }
        XCTAssertTrue(f.table.rows.contains { $0.cells.contains { $0.storedLines != nil } }, "the fixture has cells of several links")
    }

    func testReverseRoundTripsThroughTheData() throws {
        let f = try fixture()
        let data = try plainData(html(f))
        let s = try XCTUnwrap(data["rs"] as? [String], "the 逆引き's own texts")
        let rows = try XCTUnwrap((data["reverse"] as? [String: Any])?["rows"] as? [[Any]])
        XCTAssertEqual(rows.count, f.reverse.lines.count)
        for (line, row) in zip(f.reverse.lines, rows) {
            XCTAssertEqual((row[0] as? Int).map { s[$0] }, line.targetTitle)
            XCTAssertEqual((row[1] as? Int).map { s[$0] }, line.itemLabel)
            XCTAssertEqual((row[2] as? Int).map { s[$0] }, line.itemText)
            let below = try XCTUnwrap(row[3] as? Int)
            XCTAssertEqual(below >= 0 ? s[below] : nil, line.citations.isEmpty && line.citationsBelow > 0 ? ReverseView.citedBelowText(line.citationsBelow) : nil)
            XCTAssertEqual((row[4] as? [Int])?.map { s[$0] }, line.citations.map(\.sourceLabel))
            XCTAssertEqual((row[5] as? [Int])?.map { s[$0] }, line.citations.map(\.relationship))
        }
        XCTAssertTrue(f.reverse.lines.contains(where: \.isGap) && f.reverse.lines.contains { !$0.citations.isEmpty })
    }

    func testScriptEndAndCommentInsideDataAreEscaped() throws {
        let f = try fixture()
        let hostile = ["</script><script>alert(1)</script>", "<!-- <script>", "</SCRIPT >", "a\\\"b\u{7}\u{85}\u{FFFF}\r\nc"]
        var table = f.table
        for (k, text) in hostile.enumerated() { table.rows[k].cells[1] = .text(text) }
        table.rows[0].cells[0] = .lines(["</script>", "<!--x-->"])
        let page = html(f, table: table)
        let start = try XCTUnwrap(page.range(of: "id=\"report-data\">")).upperBound
        let data = String(page[start..<(try XCTUnwrap(page.range(of: "</script>", range: start..<page.endIndex)).lowerBound)])
        XCTAssertFalse(data.lowercased().contains("</script"))
        XCTAssertFalse(data.contains("<!--"))
        XCTAssertFalse(data.contains("<"), "every < of the data is \\u003c")
        XCTAssertEqual(page.components(separatedBy: "<script").count - 1, 2, "the data block and the report's script, nothing else")
        let rows = try decodeRows(try plainData(page))
        XCTAssertEqual(rows[0].cells[0].text, "</script>\n<!--x-->")
        XCTAssertEqual(rows[0].cells[1].text, hostile[0])
        XCTAssertEqual(rows[1].cells[1].text, hostile[1])
        XCTAssertEqual(rows[2].cells[1].text, hostile[2])
        XCTAssertEqual(rows[3].cells[1].text, "a\\\"b\u{FFFD}\u{FFFD}\u{FFFD}\r\nc", "as the HTML cells show them (XMLText.escape)")
    }

    func testLargeTableWritesTheFirstPageAndAllRowsAsData() throws {
        let f = try fixture()
        var table = f.table
        let model = table.rows
        table.rows = (0..<1_000).map { k in
            var row = model[k % model.count]
            row.itemID = "r\(k)"
            row.cells[0] = .text("行 \(k)")
            return row
        }
        let page = html(f, table: table)
        XCTAssertEqual(page.matches(of: /<tr data-levels="/).count, HTMLReportEmitter.firstRows, "first page as HTML")
        XCTAssertTrue(page.contains("行 199<"))
        XCTAssertFalse(page.contains("行 200<"), "later rows only in the data")
        XCTAssertTrue(page.contains("<span id=\"count\" aria-live=\"polite\">1000 / 1000 行を表示</span>"))
        XCTAssertTrue(page.contains("<p class=\"note partial\" id=\"xref-note\">全 1000 行のうち 1–200 行目を表示しています。"))
        XCTAssertTrue(page.contains("<span class=\"pager noprint\" id=\"xref-pager\" hidden>"))
        let rows = try decodeRows(try plainData(page))
        XCTAssertEqual(rows.map { $0.cells[0].text }, (0..<1_000).map { "行 \($0)" })
        XCTAssertEqual(rows[999].cells.map(\.text), table.rows[999].cells.map(\.text))
    }

    func testPerTargetGapFiltersAndTheirDataAttributes() throws {
        let f = try fixture()
        let page = html(f)
        let section = HTMLTableSection(table: f.table)
        XCTAssertEqual(section.targetGroups.map(\.index), [1, 2], "付録T and 付録S; neither the industry side nor the 反映案")
        for group in section.targetGroups {
            XCTAssertTrue(page.contains("<input type=\"checkbox\" class=\"gaps-in\" id=\"gaps-g\(group.index)\" data-group=\"\(group.index)\"> \(group.title)</label>"), group.title)
        }
        // data-gap-groups of each row names exactly the groups whose cells are #N/A.
        let widths = f.table.groups.map(\.columns.count)
        let attributes = page.matches(of: /data-gaps="(\d+)" data-gap-groups="([\d ]*)"/).map { (Int($0.1)!, String($0.2)) }
        XCTAssertEqual(attributes.count, f.table.rows.count)
        for (row, attribute) in zip(f.table.rows, attributes) {
            var start = 0
            var groups: [Int] = []
            for (g, width) in widths.enumerated() {
                if row.cells[start..<start + width].contains(where: { $0.kind == .gap }) { groups.append(g) }
                start += width
            }
            XCTAssertEqual(attribute.0, row.cells.filter { $0.kind == .gap }.count)
            XCTAssertEqual(attribute.1, groups.map(String.init).joined(separator: " "), row.itemID)
        }
        XCTAssertTrue(attributes.contains { $0.1 == "1" } && attributes.contains { $0.1 == "2" } || attributes.contains { $0.1 == "1 2" },
                      "the fixture has rows with #N/A in a target")
    }

    func testLargeDataIsDeflatedInPiecesThatInflateToTheDocument() throws {
        let f = try fixture()
        let data = HTMLReportData(table: f.table, reverse: f.reverse)
        let elements = String(decoding: data.scriptElements(deflateAbove: 0, pieceSize: 700), as: UTF8.self)
        let pieces = elements.matches(of: /<script type="application\/octet-stream" class="report-data-z" data-encoding="deflate-raw base64">([A-Za-z0-9+\/=]*)<\/script>/)
            .map { String($0.1) }
        XCTAssertEqual(pieces.count, (data.json.count + 699) / 700)
        XCTAssertEqual(try pieces.flatMap { try inflateRaw(try XCTUnwrap(Data(base64Encoded: $0))) }, data.json)
        XCTAssertEqual(data.scriptElements(deflateAbove: 0, pieceSize: 700), data.scriptElements(deflateAbove: 0, pieceSize: 700), "deterministic")
        let page = html(f, deflateAbove: 0)
        XCTAssertFalse(page.contains("id=\"report-data\""))
        XCTAssertTrue(page.contains("DecompressionStream(\"deflate-raw\")"))
    }

    func testBase64() {
        for text in ["", "f", "fo", "foo", "foob", "fooba", "foobar", "日本語の記載"] {
            XCTAssertEqual(String(decoding: Base64.encode(Array(text.utf8)), as: UTF8.self), Data(text.utf8).base64EncodedString())
        }
    }
}
