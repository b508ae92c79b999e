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
        XCTAssertEqual(html.matches(of: /<td class="(gs )?gap">#N\/A<\/td>/).count, 14 + ReverseView(try resolvedFixture()).uncited.count * 2)
        XCTAssertEqual(html.matches(of: /<td class="(gs )?unreviewed">（未突合）<\/td>/).count, 8)
        XCTAssertTrue(html.contains("<tr data-levels=\"LV1\" data-gaps=\"0\" data-gap-groups=\"\">"), "unreviewed LV1 row carries its level")
        XCTAssertTrue(html.contains("<option value=\"LV1\">LV1</option><option value=\"LV2\">LV2</option>"))
        XCTAssertTrue(html.contains("<input type=\"search\" id=\"q\""))
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
