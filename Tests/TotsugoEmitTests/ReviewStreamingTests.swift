import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import XCTest

/// Issue 19: the review workbook's レビュー sheet is written from the review rows as the sheet
/// XML reads them, never as a sheet model of every row (at 100k the model of 339,011 rows was
/// most of `review export`'s peak RSS).
final class ReviewStreamingTests: XCTestCase {
    func artifact(suggestions: Int = 3) throws -> ReviewArtifact {
        let result = InputLoader().load([TestPaths.fixture("review/Catalogs"), TestPaths.fixture("review/Mappings")])
        XCTAssertEqual(result.diagnostics.filter { $0.severity == .error }, [])
        let resolved = try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
        return ReviewArtifact(resolved: resolved, rows: ReviewRows(resolved, suggestions: suggestions))
    }

    func testTheReviewSheetLayoutHoldsNoRowsAndItsCellsComeFromTheReviewRows() throws {
        let artifact = try artifact()
        let layout = ReviewWorkbookEmitter().reviewSheet(artifact)
        XCTAssertTrue(layout.rows.isEmpty, "the layout carries no cells")
        // The filter and the drop-down lists still cover every row (and 200 spare ones).
        let count = artifact.rows.rows.count + 1
        XCTAssertEqual(layout.autoFilter, XLSXSheet.Range(top: 1, left: 1, bottom: count, right: 18))
        XCTAssertEqual(layout.validations.first?.range, XLSXSheet.Range(top: 2, left: 5, bottom: count + 200, right: 5))

        let cells = ReviewSheetCells(artifact)
        XCTAssertEqual(cells.rowCount, count)
        XCTAssertEqual(cells.columnCount, 18)
        func texts(_ row: Int) -> [String] {
            var out: [String] = []
            cells.forEachCell(inRow: row) { cell in
                switch cell.value {
                case .text(let text): out.append(text)
                case .number(let number): out.append(String(Int(number)))
                case .lines(let lines): out.append(lines.joined(separator: "\n"))
                case .empty: out.append("")
                }
            }
            return out
        }
        XCTAssertEqual(texts(0), ReviewColumns.Column.allCases.map(\.heading))
        // The link 1.1 → 1-1 as the mapping has it (row 2 is the item's own row).
        let link = texts(2)
        XCTAssertEqual(link[0], "1.1")
        XCTAssertEqual(link[4], "対応")
        XCTAssertEqual(link[5], "review-target:1-1")
        XCTAssertTrue(link[6].hasPrefix("［"), link[6])
        XCTAssertEqual(link[10], "8")
        XCTAssertEqual(link[11], "確認済")
        XCTAssertEqual(link[12], "佐藤")
        XCTAssertEqual(link[13], "2026-11-20")
        XCTAssertEqual(link[14], "任命と役割の文書化。")
        // A suggested candidate says why it was suggested.
        let suggested = try XCTUnwrap(artifact.rows.rows.firstIndex { $0.suggestion != nil })
        XCTAssertTrue(texts(suggested + 1)[17].hasPrefix("類似度 "), texts(suggested + 1)[17])
    }

    /// The streamed sheet is byte for byte the sheet a model of every row gives.
    func testTheStreamedSheetIsTheSheetOfTheWholeModel() throws {
        for suggestions in [0, 3] {
            let artifact = try artifact(suggestions: suggestions)
            let cells = ReviewSheetCells(artifact)
            var model = ReviewWorkbookEmitter().reviewSheet(artifact)
            for row in 0..<cells.rowCount {
                var cellsOfRow: [XLSXSheet.Cell] = []
                cells.forEachCell(inRow: row) { cellsOfRow.append($0) }
                model.rows.append(cellsOfRow)
            }
            var whole = XLSXSmallSheet(model, selected: true).part
            var expected: [UInt8] = []
            while whole.produce(into: &expected) {}

            let workbook = try ReviewWorkbookEmitter().render(artifact)
            let reader = try WorkbookReader(workbook)
            let written = try XCTUnwrap(reader.parts["xl/worksheets/sheet1.xml"])
            XCTAssertEqual(Array(written), expected, "suggestions \(suggestions)")
            XCTAssertEqual(reader.sheets.map(\.name), ["レビュー", "説明"])
            XCTAssertEqual(reader.sheets[0].value("F3"), "review-target:1-1")
        }
    }

    /// Defect found comparing exports: the suggestions of the shipped jama-japia mapping named a
    /// different 対応済みの項目 from run to run when several linked items scored the same (No.13,
    /// No.14 and No.15 share a heading), so `review export` wrote different bytes each time.
    /// The earliest linked item in the mapping's order is named.
    func testEqualEvidenceNamesTheEarliestLinkedItem() throws {
        let root = TestPaths.root.path
        let result = InputLoader().load([root + "/Catalogs", root + "/Mappings/jama-japia.yaml"])
        let mapping = try XCTUnwrap(result.mappings.first { $0.id == "jama-japia" })
        let resolved = try Resolver(catalogs: result.catalogs).resolve(mapping)
        let twins = ["13", "14", "15"]
        var checked = 0
        for row in ReviewRows(resolved, suggestions: 5).rows {
            guard let via = row.suggestion?.via, twins.contains(via.item) else { continue }
            XCTAssertEqual(via.item, twins.first { $0 != row.item }, "\(row.item) → \(row.target?.description ?? "")")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 0)
    }
}
