import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import XCTest

/// The レビュー sheet is written with its texts straight from the cells (no table of distinct
/// texts, no index per text cell) and its rows read twice, not four times (at 100k the four
/// reads of 339,011 rows cost ≈ 2 s of CPU); the review rows are held compactly.
final class ReviewSheetPassesTests: XCTestCase {
    /// Counts how often each row's cells are read.
    final class Reads: @unchecked Sendable {
        var perRow: [Int: Int] = [:]
    }

    struct CountedCells: XLSXCells {
        let sheet: XLSXSheet
        let reads: Reads
        var rowCount: Int { sheet.rowCount }
        var columnCount: Int { sheet.columnCount }
        func forEachCell(inRow row: Int, _ body: (XLSXSheet.Cell) -> Void) {
            reads.perRow[row, default: 0] += 1
            sheet.forEachCell(inRow: row, body)
        }
    }

    /// Repeated texts, texts that need xml:space, lines, numbers, styled empty cells, an empty
    /// text and one over Excel's cell limit.
    func sheet() -> XLSXSheet {
        var sheet = XLSXSheet(name: "レビュー")
        sheet.widths = [10, 6, 8, 12]
        sheet.rows = [
            [.text("見出し", .columnHeader), .text(" 前後に空白 "), .number(3), .text("改行\nのある文で列より長い")],
            [.text("二行\nの文"), XLSXSheet.Cell(value: .lines(["一", "二", "三"]), style: .body), .empty(.editable), .text("見出し", .columnHeader)],
            [.text(String(repeating: "長", count: 40_000)), .text(""), .empty(), .number(0.25, .editableNumber)],
            [XLSXSheet.Cell(value: .lines(["ひとつ"]), style: .body), .text("末尾の空白 "), .text("<&>\"")],
            [],
        ]
        return sheet
    }

    func bytes<Cells>(_ part: XLSXSheetPart<Cells>) -> [UInt8] {
        var part = part, out: [UInt8] = []
        while part.produce(into: &out) {}
        return out
    }

    func testDirectInlineTextsAreTheBytesOfTheIndexedInlineTexts() {
        let sheet = sheet()
        let indexed = XLSXSheetXML(sheet: sheet, cells: sheet, selected: true)
        var strings = XLSXSharedStrings(), indexedCuts: [XLSXTruncation] = []
        let indexes = indexed.indexTexts(strings: &strings, truncations: &indexedCuts)
        let expected = indexed.part(textIndexes: indexes, inline: XLSXInlineTexts(strings))

        var directCuts: [XLSXTruncation] = []
        let direct = XLSXSheetXML(sheet: sheet, cells: sheet, selected: true).directInlinePart(truncations: &directCuts)
        XCTAssertEqual(direct.count, expected.count)
        XCTAssertEqual(bytes(direct), bytes(expected))
        XCTAssertEqual(bytes(direct).count, direct.count, "the announced length is the length made")
        XCTAssertEqual(directCuts.map(\.cell), ["A3"])
        XCTAssertEqual(directCuts.map(\.length), [40_000])
        XCTAssertEqual(directCuts.map(\.cell), indexedCuts.map(\.cell))
        XCTAssertEqual(direct.heights, expected.heights)
        let xml = String(decoding: bytes(direct), as: UTF8.self)
        XCTAssertTrue(xml.contains("<is><t xml:space=\"preserve\"> 前後に空白 </t></is>"), xml)
        XCTAssertTrue(xml.contains("<is><t xml:space=\"preserve\">一\n二\n三</t></is>"), xml)
        XCTAssertTrue(xml.contains("以下省略: 全40000文字"), "the cut text is written")
    }

    func testEachRowIsReadTwice() {
        let reads = Reads()
        let cells = CountedCells(sheet: sheet(), reads: reads)
        var cuts: [XLSXTruncation] = []
        let part = XLSXSheetXML(sheet: sheet(), cells: cells, selected: true).directInlinePart(truncations: &cuts)
        XCTAssertEqual(reads.perRow, [0: 1, 1: 1, 2: 1, 3: 1, 4: 1], "one read measures the rows")
        _ = bytes(part)
        XCTAssertEqual(reads.perRow, [0: 2, 1: 2, 2: 2, 3: 2, 4: 2], "one more writes them")
    }

    func artifact(suggestions: Int) throws -> ReviewArtifact {
        let result = InputLoader().load([TestPaths.fixture("review/Catalogs"), TestPaths.fixture("review/Mappings")])
        XCTAssertEqual(result.diagnostics.filter { $0.severity == .error }, [])
        let resolved = try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
        return ReviewArtifact(resolved: resolved, rows: ReviewRows(resolved, suggestions: suggestions))
    }

    /// A review row is held as a few numbers (its kind, its item, which link or candidate, where
    /// its target is), not as a `Row` of every field; the rows read back as before.
    func testReviewRowsAreHeldCompactly() throws {
        XCTAssertLessThanOrEqual(MemoryLayout<ReviewRows.Slot>.stride, 16)
        let artifact = try artifact(suggestions: 3)
        let rows = artifact.rows
        XCTAssertEqual(rows.rows.count, rows.slots.count)
        XCTAssertEqual(rows.suggested, rows.rows.filter { $0.suggestion != nil }.count)
        XCTAssertGreaterThan(rows.suggested, 0)
        // Every item row, then its links, rejected candidates and suggestions.
        let item12 = rows.rows.filter { $0.item == "1.2" }
        XCTAssertEqual(item12.map(\.kind), [.item, .link, .candidate, .candidate])
        XCTAssertEqual(item12[1].target?.description, "review-target:1-2")
        XCTAssertEqual(item12[2].status, .rejected)
        // Where the review rows say a target is, the target catalog holds that item.
        for (index, slot) in rows.slots.enumerated() where slot.target >= 0 {
            let target = try XCTUnwrap(rows.rows[index].target)
            let catalog = artifact.resolved.targets[Int(slot.catalog)]
            XCTAssertEqual(catalog.catalog.id, target.catalog)
            XCTAssertEqual(catalog.position(of: try XCTUnwrap(target.item)), Int(slot.target))
        }
    }

    /// The workbook's レビュー sheet reads each review row twice.
    func testTheReviewSheetReadsEachReviewRowTwice() throws {
        let artifact = try artifact(suggestions: 3)
        let cells = ReviewSheetCells(artifact)
        let reads = Reads()
        var model = ReviewWorkbookEmitter().reviewSheet(artifact)
        for row in 0..<cells.rowCount {
            var cellsOfRow: [XLSXSheet.Cell] = []
            cells.forEachCell(inRow: row) { cellsOfRow.append($0) }
            XCTAssertEqual(cellsOfRow.count, 18)
            model.rows.append(cellsOfRow)
        }
        var cuts: [XLSXTruncation] = []
        let part = XLSXSheetXML(sheet: model, cells: CountedCells(sheet: model, reads: reads), selected: true)
            .directInlinePart(truncations: &cuts)
        let written = bytes(part)
        XCTAssertEqual(Set(reads.perRow.values), [2])
        XCTAssertEqual(reads.perRow.count, artifact.rows.rows.count + 1)
        let reader = try WorkbookReader(try ReviewWorkbookEmitter().render(artifact))
        XCTAssertEqual(Array(try XCTUnwrap(reader.parts["xl/worksheets/sheet1.xml"])), written)
    }
}
