import Foundation
import TestSupport
import TotsugoCore
import TotsugoMatch
import TotsugoPipeline
import TotsugoTable
import XCTest

/// Issue 19: `review import` reads the レビュー sheet's rows as they stream out of the workbook
/// instead of holding the sheet as a table (at 100k the table of 339,011 rows was most of the
/// import's peak RSS). A sheet whose rows cannot stream (merged cells) is still read whole, and
/// every error keeps its cell.
final class ReviewImportMemoryTests: XCTestCase {
    let fixtures = TestPaths.fixture("review")

    func workspace() throws -> (mapping: String, catalogs: String) {
        let folder = TestPaths.temporaryFolder()
        for name in ["Catalogs", "Mappings"] {
            try FileManager.default.copyItem(atPath: fixtures + "/" + name, toPath: folder + "/" + name)
        }
        return (folder + "/Mappings/review-sample.yaml", folder + "/Catalogs")
    }

    func importing(_ workbook: String, log: DiagnosticLog) throws -> (CommandFailure?, before: String, after: String) {
        let (mapping, catalogs) = try workspace()
        let before = try String(contentsOfFile: mapping, encoding: .utf8)
        let result = failure { () throws(CommandFailure) in
            try Pipeline.reviewImport(ReviewImportRequest(workbook: workbook, mapping: mapping, catalogs: catalogs), diagnostics: log)
        }
        return (result, before, try String(contentsOfFile: mapping, encoding: .utf8))
    }

    func testRowsStreamAsTheTableHoldsThem() throws {
        for name in ["review-sample.lo.xlsx", "review-edited.xlsx", "review-edited.lo.xlsx"] {
            let workbook = try Workbook(path: fixtures + "/" + name)
            var streamed: [Table.Row] = []
            XCTAssertTrue(try workbook.forEachRow(sheet: ReviewColumns.sheetName) { streamed.append($0) }, name)
            let table = try workbook.table(sheet: ReviewColumns.sheetName)
            XCTAssertEqual(streamed, table.rows, name)
            XCTAssertGreaterThan(streamed.count, 10, name)
        }
    }

    func testMergedCellsAreReadWholeAndFillEveryRowOfTheMerge() throws {
        let path = fixtures + "/review-merged-reviewer.lo.xlsx"
        let workbook = try Workbook(path: path)
        var streamed = 0
        // The merge (M6:M7, N6:N7, after the rows) fills rows already given: not streamable.
        XCTAssertFalse(try workbook.forEachRow(sheet: ReviewColumns.sheetName) { _ in streamed += 1 })
        XCTAssertGreaterThan(streamed, 0)
        let row7 = try XCTUnwrap(try workbook.table(sheet: ReviewColumns.sheetName).rows.first { $0.number == 7 })
        XCTAssertEqual(Array(row7.cells[11...13]), ["却下", "田中", "2026-12-02"])

        let log = DiagnosticLog()
        let (result, _, after) = try importing(path, log: log)
        XCTAssertNil(result, log.text)
        // The name and date typed once into the merged cells apply to the link and to the
        // rejected candidate below it (the rejection's earlier reviewer is replaced).
        XCTAssertTrue(after.contains("""
              - item: "1.2"
                targets:
                  - ref: "review-target:1-2"
                    relationship: subset-of
                    rationale: semantic
                    strength: 6
                    review: confirmed
                    reviewer: "田中"
                    date: "2026-12-02"
                rejected:
                  - ref: "review-target:2-3"
                    reviewer: "田中"
                    date: "2026-12-02"
                    note: "廃棄の話ではない。"

            """), after)
    }

    /// An item whose own row was deleted is reported at the first row naming it, even when that
    /// row is one not read (a mistyped 行の種類) and the item's rows read later.
    func testAnItemWithoutItsRowIsReportedAtTheFirstRowNamingIt() throws {
        let workbook = TestPaths.fixture("bad/review-unknown-kind-before-first-row.xlsx")
        let log = DiagnosticLog()
        let (result, before, after) = try importing(workbook, log: log)
        XCTAssertEqual(result, .badInput)
        XCTAssertEqual(log.lines, [
            "\(workbook):レビュー!A9: error: item '２．１' has rows but no 項目 row of its own; put the item's row back (行の種類 項目)",
            "\(workbook):レビュー!E9: error: unknown row kind '候' (did you mean 候補?); expected 項目, 対応 or 候補",
        ])
        XCTAssertEqual(after, before)
    }
}
