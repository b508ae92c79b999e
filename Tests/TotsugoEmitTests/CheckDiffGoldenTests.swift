import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import XCTest

/// Golden files for every `check` and `diff` format, from Tests/Fixtures/check and /diff.
/// Paths in the output are made relative to the package root so the goldens are portable.
final class CheckDiffGoldenTests: XCTestCase {
    func load(_ relative: String) -> InputLoader.Result {
        let result = InputLoader().load([TestPaths.fixture(relative)])
        XCTAssertEqual(result.diagnostics, [])
        return result
    }

    func relative(_ bytes: [UInt8]) -> [UInt8] {
        Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: TestPaths.root.path + "/", with: "").utf8)
    }

    func report(_ thresholds: CheckThresholds) throws -> CheckReport {
        let resolver = Resolver(catalogs: load("check/Catalogs").catalogs)
        let resolved = try load("check/Mappings").mappings.map { mapping throws(DiagnosticError) in try resolver.resolve(mapping) }
        return CheckReport(resolved, thresholds: thresholds)
    }

    /// Fails min-reviewed (66.7% < 95%), passes min-mapped (50% ≥ 50%).
    var failing: CheckThresholds { CheckThresholds(minReviewed: 0.95, minMapped: 0.5) }

    func testCheckText() throws {
        assertGolden(relative(CheckTextEmitter().render(try report(failing))), "check/failing.txt")
        assertGolden(relative(CheckTextEmitter().render(try report(CheckThresholds(minReviewed: 1, level: .lv1)))), "check/level1.txt")
    }

    func testCheckMarkdown() throws {
        assertGolden(relative(CheckMarkdownEmitter().render(try report(failing))), "check/failing.md")
        assertGolden(relative(CheckMarkdownEmitter().render(try report(CheckThresholds(minReviewed: 1, level: .lv1)))), "check/level1.md")
    }

    func testCheckJSON() throws {
        assertGolden(relative(CheckJSONEmitter().render(try report(failing))), "check/failing.json")
    }

    func testCheckJUnit() throws {
        assertGolden(relative(CheckJUnitEmitter().render(try report(CheckThresholds(minReviewed: 0.95, level: .lv2)))), "check/level2.junit.xml")
    }

    func testCheckGitHub() throws {
        assertGolden(relative(CheckGitHubEmitter().render(try report(failing))), "check/failing.github.txt")
        let diagnostics = [Diagnostic.error(SourceLocation(file: "M/a,b.yaml", line: 3, column: 7), "50% off\nnext line")]
        XCTAssertEqual(String(decoding: CheckGitHubEmitter().render(diagnostics), as: UTF8.self),
                       "::error file=M/a%2Cb.yaml,line=3,col=7::50%25 off%0Anext line\n")
    }

    var diff: CatalogDiff { CatalogDiff(old: load("diff/old.txt").catalogs[0], new: load("diff/new.xml").catalogs[0]) }
    var stale: [StaleEntry] { StaleEntries.find(in: load("diff/mappings").mappings, diff: diff) }

    func testDiffText() {
        assertGolden(relative(DiffTextEmitter().render(diff, stale: stale)), "diff/demo.txt")
    }

    func testDiffMarkdown() {
        assertGolden(relative(DiffMarkdownEmitter().render(diff, stale: stale)), "diff/demo.md")
    }

    func testDiffHTML() {
        let html = relative(DiffHTMLEmitter().render(diff, stale: stale))
        assertGolden(html, "diff/demo.html")
        let text = String(decoding: html, as: UTF8.self)
        XCTAssertFalse(text.contains("<script"), "self-contained, no scripts")
        XCTAssertFalse(text.contains("http"), "no external resources")
    }

    func testDiffJSON() {
        assertGolden(relative(DiffJSONEmitter().render(diff, stale: stale)), "diff/demo.json")
        assertGolden(relative(DiffJSONEmitter().render(diff, stale: nil)), "diff/demo-no-mappings.json")
    }

    func testHTMLEscapesCatalogText() {
        let item = CatalogItem(id: "1", number: "1", heading: "<script>alert('x')</script> & co", text: "a < b")
        let changed = CatalogItem(id: "1", number: "1", heading: "<b>bold</b>", text: "a > b")
        let old = Catalog(id: "x", title: "T<", shortTitle: "t", publisher: "p", version: "1", completeness: "c", items: [item])
        let new = Catalog(id: "x", title: "T>", shortTitle: "t", publisher: "p", version: "2", completeness: "c", items: [changed])
        let html = String(decoding: DiffHTMLEmitter().render(CatalogDiff(old: old, new: new), stale: nil), as: UTF8.self)
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("<b>bold"))
        XCTAssertTrue(html.contains("&lt;script&gt;") || html.contains("&lt;"))
    }
}
