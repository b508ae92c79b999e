import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoIngest
@testable import TotsugoMatch
import XCTest

final class HTMLReportTests: XCTestCase {
    func render() throws -> String {
        let result = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        XCTAssertEqual(result.diagnostics, [])
        let resolved = try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
        let bytes = HTMLReportEmitter().render(CrossReferenceTable(resolved), resolved: resolved, coverage: Coverage(resolved))
        return String(decoding: bytes, as: UTF8.self)
    }

    func testGolden() throws {
        assertGolden(Array(try render().utf8), "report/industry-to-target.html")
    }

    func testByteIdenticalAcrossRenders() throws {
        XCTAssertEqual(try render(), try render())
    }

    func testSelfContained() throws {
        let html = try render()
        for pattern in ["<link", " src=", "@import", "url("] {
            XCTAssertFalse(html.contains(pattern), pattern)
        }
        let urls = html.matches(of: /https?:\/\/[^"\s]*/).map { String($0.0) }
        XCTAssertEqual(Set(urls), ["http://www.w3.org/2000/svg"], "only the SVG namespace, which loads nothing")
        XCTAssertTrue(html.contains("default-src 'none'"), "CSP forbids network loads")
        XCTAssertTrue(html.contains("<script>") && html.contains("<style>"), "script and style are inline")
    }

    func testGroupedHeadersAndGaps() throws {
        let html = try render()
        // 業界 (章, 項目, 記載内容, レベル), 付録T (大項目, 中項目, 記載内容, 関係), 付録S (3), 反映案 (3).
        let spans = html.matches(of: /<th scope="colgroup" colspan="(\d+)"/).map { Int($0.1)! }
        XCTAssertEqual(spans, [4, 4, 3, 3])
        XCTAssertEqual(html.matches(of: /<th scope="col"/).count, 14)
        XCTAssertEqual(html.matches(of: /<td class="(gs )?gap( c\d+)?( tt)?">#N\/A<\/td>/).count, 14 + ReverseView(try resolvedFixture()).uncited.count * 2)
        XCTAssertEqual(html.matches(of: /<td class="(gs )?unreviewed c\d+( tt)?">（未突合）<\/td>/).count, 8)
        XCTAssertTrue(html.contains("<tr data-levels=\"LV1\" data-gaps=\"0\" data-gap-groups=\"\">"), "unreviewed LV1 row carries its level")
        XCTAssertTrue(html.contains("<option value=\"LV1\">LV1</option><option value=\"LV2\">LV2</option>"))
        XCTAssertTrue(html.contains("<input type=\"search\" id=\"q\""))
    }

    /// Against many targets the reader picks the groups shown and can leave out their 記載内容:
    /// every header and cell carries its group (`c<g>`), and only the targets' 記載内容 are `tt`.
    func testColumnPickerMarksGroupsAndTargetTexts() throws {
        let html = try render()
        let columns = html.matches(of: /<th scope="col" class="([^"]*)">([^<]*)<\/th>/).map { (String($0.1), String($0.2)) }
        XCTAssertEqual(columns.count, 14)
        let groups = columns.map { column in column.0.split(separator: " ").first { $0.hasPrefix("c") }.map(String.init) }
        XCTAssertEqual(groups, ["c0", "c0", "c0", "c0", "c1", "c1", "c1", "c1", "c2", "c2", "c2", "c3", "c3", "c3"])
        let texts = columns.enumerated().filter { $0.element.0.split(separator: " ").contains("tt") }.map(\.offset)
        XCTAssertEqual(texts, [6, 9], "the two targets' 記載内容, not the industry item's or the 反映案 group's")
        XCTAssertTrue(columns[6].1 == "記載内容" && columns[2].1 == "記載内容")
        XCTAssertEqual(html.matches(of: /<th scope="colgroup" colspan="\d+" class="g[01] c(\d+)"/).map { Int($0.1)! }, [0, 1, 2, 3])
        let picker = try XCTUnwrap(html.firstMatch(of: /<details class="pick">.*?<\/details>/)).0
        XCTAssertEqual(picker.matches(of: /class="show-g" data-group="(\d+)" checked/).map { Int($0.1)! }, [1, 2])
        XCTAssertTrue(picker.contains("id=\"show-text\" checked> 対象の記載内容"))
        // Every cell of a written row names its group.
        let row = try XCTUnwrap(html.firstMatch(of: /<tr data-levels="[^"]*" data-gaps="\d+" data-gap-groups="[^"]*">(.*?)<\/tr>/)).1
        XCTAssertEqual(row.matches(of: /<td class="[^"]*\bc(\d+)\b[^"]*">/).map { Int($0.1)! }, groups.map { Int($0!.dropFirst())! })
    }

    func testCoverageChartIsInlineSVG() throws {
        let html = try render()
        XCTAssertTrue(html.contains("<svg id=\"chart-target\""))
        XCTAssertTrue(html.contains("<svg id=\"chart-level\""))
        // 付録T, all levels: 1 mapped, 2 #N/A, 1 unreviewed of 4 → bars of 105, 210, 105.
        XCTAssertTrue(html.contains("<rect class=\"mapped\" x=\"130.0\" y=\"32\" width=\"105.0\" height=\"18\"><title>付録T 対応あり: 1 / 4</title></rect>"))
        XCTAssertTrue(html.contains("<title>付録T 対応なし（#N/A）: 2 / 4</title>"))
        XCTAssertTrue(html.contains("25.0%（1/4）"))
        XCTAssertTrue(html.contains("@media print"))
    }

    func testEscapesAllText() {
        let table = CrossReferenceTable(title: "<script>alert(1)</script>",
                                        groups: [.init(title: "a&b", columns: ["\"q\""])],
                                        rows: [.init(itemID: "1", levels: [], cells: [.text("<img src=x onerror=alert(1)>\n'次'")])])
        let html = HTMLTableSection(table: table).html
        XCTAssertFalse(html.contains("<img"))
        XCTAssertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;<br>&#39;次&#39;"))
        XCTAssertTrue(html.contains("a&amp;b"))
        XCTAssertTrue(html.contains("&quot;q&quot;"))
        XCTAssertEqual(HTMLText.escape("\u{7}"), "\u{FFFD}")
        XCTAssertEqual(HTMLText.oneDecimal(100.0 / 3), "33.3")
    }

    func resolvedFixture() throws -> ResolvedMapping {
        let result = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        return try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
    }
}
