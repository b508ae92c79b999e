import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// Issue 17: review state in CI (`check --min-confirmed`), the canonical YAML (`format`), and
/// the review workbook's round trip (`review export` / `review import`).
final class ReviewWorkbookTests: XCTestCase {
    let catalogs = TestPaths.fixture("review/Catalogs")
    let mappingFile = TestPaths.fixture("review/Mappings/review-sample.yaml")
    let noThresholds = TestPaths.fixture("check/no-thresholds.yaml")

    // MARK: check --min-confirmed

    func check(_ rules: [ThresholdRule]) -> (CommandFailure?, String) {
        let out = TestPaths.temporaryFolder() + "/report.txt"
        let request = Pipeline.CheckRequest(catalogs: catalogs, mappings: TestPaths.fixture("review/Mappings"), config: noThresholds,
                                            rules: rules, format: OutputFormats.check.format(named: "text")!, destination: .file(out))
        let result = failure { () throws(CommandFailure) in try Pipeline.check(request, diagnostics: DiagnosticLog()) }
        return (result, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
    }

    func testMinConfirmedCountsConfirmedLinksNotEntries() {
        // 2 links (1.1 confirmed, 1.2 not); 3 of 5 items reviewed.
        let (passed, report) = check([ThresholdRule(.confirmed, 0.5)])
        XCTAssertNil(passed, report)
        XCTAssertTrue(report.contains("PASS min-confirmed — target review-target (対策集): 50.0% ≥ 50.0% (1 of 2 links)"), report)
        let (failed, failedReport) = check([ThresholdRule(.confirmed, 0.6), ThresholdRule(.reviewed, 0.6)])
        XCTAssertEqual(failed, .checkFailed)
        XCTAssertTrue(failedReport.contains("FAIL min-confirmed — target review-target (対策集): 50.0% < 60.0% (1 of 2 links)"), failedReport)
        XCTAssertTrue(failedReport.contains("PASS min-reviewed — target review-target (対策集): 60.0% ≥ 60.0% (3 of 5 items)"), failedReport)
        // LV2 items (2.1 todo, 2.3 no counterpart) have no link: an empty scope fails.
        let level = ThresholdScope(target: .every, level: .lv2)
        let (empty, emptyReport) = check([ThresholdRule(.confirmed, 0.1, scope: level)])
        XCTAssertEqual(empty, .checkFailed)
        XCTAssertTrue(emptyReport.contains("FAIL min-confirmed[LV2] — target review-target (対策集), LV2: no links in scope"), emptyReport)
    }

    // MARK: format

    func testFormatWritesTheCanonicalFormAndCheckSaysWhichFilesAreNot() throws {
        let folder = TestPaths.temporaryFolder()
        let file = folder + "/m.yaml"
        try """
        # 先頭のコメントは残る
        mapping:
          id: review-sample
          source: review-industry
          targets: [review-target]
          defaults: {relationship: intersects-with, rationale: semantic}
        entries:
          # この注記は消える
          - item: 1.2
            targets: [review-target:1-2]
            rejected: [review-target:2-3]
          - item: "1.1"
            relationship: equal-to
            targets:
              - {ref: "review-target:1-1", review: confirmed, date: 2026-11-30}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let checked = try Pipeline.format(FormatRequest(files: [file], check: true), diagnostics: DiagnosticLog())
        XCTAssertEqual(checked.changed, [file])
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("# 先頭のコメントは残る\nmapping:\n  id: review-sample\n"), true)
        _ = try Pipeline.format(FormatRequest(files: [file]), diagnostics: DiagnosticLog())
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), """
        # 先頭のコメントは残る
        mapping:
          id: "review-sample"
          source: "review-industry"
          targets: ["review-target"]
          status: draft
          reviewer: ""

        entries:
          - item: "1.2"
            targets:
              - ref: "review-target:1-2"
                relationship: intersects-with
                rationale: semantic
            rejected:
              - ref: "review-target:2-3"

          - item: "1.1"
            targets:
              - ref: "review-target:1-1"
                relationship: equal
                rationale: semantic
                review: confirmed
                date: "2026-11-30"

        """)
        let again = try Pipeline.format(FormatRequest(files: [file], check: true), diagnostics: DiagnosticLog())
        XCTAssertEqual(again.changed, [])
        // The fixture is canonical already.
        XCTAssertEqual(try Pipeline.format(FormatRequest(files: [mappingFile], check: true), diagnostics: DiagnosticLog()).changed, [])
    }

    func testFormatOfABadFileWritesNothing() throws {
        let folder = TestPaths.temporaryFolder()
        let good = folder + "/good.yaml", bad = folder + "/bad.yaml"
        try FileManager.default.copyItem(atPath: TestPaths.fixture("bad/review-format-bad-date.yaml"), toPath: bad)
        try "mapping: {id: g, source: s, targets: [t]}\nentries: []\n".write(toFile: good, atomically: true, encoding: .utf8)
        let log = DiagnosticLog()
        XCTAssertEqual(failure { () throws(CommandFailure) in try Pipeline.format(FormatRequest(files: [good, bad]), diagnostics: log) }, .badInput)
        XCTAssertEqual(log.lines, ["\(bad):10:15: error: date must be a calendar date written YYYY-MM-DD (e.g. 2026-11-30), not '2026/11/31'"])
        XCTAssertEqual(try String(contentsOfFile: good, encoding: .utf8), "mapping: {id: g, source: s, targets: [t]}\nentries: []\n")
    }

    // MARK: review export / import

    /// A copy of the review fixture (catalogs and the mapping) in a temporary folder.
    func workspace() throws -> (folder: String, mapping: String, catalogs: String) {
        let folder = TestPaths.temporaryFolder()
        for name in ["Catalogs", "Mappings"] {
            try FileManager.default.copyItem(atPath: TestPaths.fixture("review/\(name)"), toPath: folder + "/" + name)
        }
        return (folder, folder + "/Mappings/review-sample.yaml", folder + "/Catalogs")
    }

    func importing(_ workbook: String, into mapping: String, catalogs: String, log: DiagnosticLog = DiagnosticLog()) -> CommandFailure? {
        failure { () throws(CommandFailure) in
            try Pipeline.reviewImport(ReviewImportRequest(workbook: workbook, mapping: mapping, catalogs: catalogs), diagnostics: log)
        }
    }

    func testExportThenImportWithNoEditsIsByteIdentical() throws {
        let (folder, mapping, catalogs) = try workspace()
        let before = try String(contentsOfFile: mapping, encoding: .utf8)
        let out = folder + "/review.xlsx"
        let exported = try Pipeline.reviewExport(ReviewExportRequest(mapping: mapping, catalogs: catalogs, out: out), diagnostics: DiagnosticLog())
        XCTAssertEqual(exported.rows.rows.filter { $0.kind == .item }.map(\.item), ["1.1", "1.2", "2.1", "2.2", "2.3"])
        XCTAssertGreaterThan(exported.rows.suggested, 0)
        XCTAssertNil(importing(out, into: mapping, catalogs: catalogs))
        XCTAssertEqual(try String(contentsOfFile: mapping, encoding: .utf8), before)
        // The same bytes each time (fixed zip times, no clock).
        let again = folder + "/again.xlsx"
        _ = try Pipeline.reviewExport(ReviewExportRequest(mapping: mapping, catalogs: catalogs, out: again), diagnostics: DiagnosticLog())
        XCTAssertEqual(FileManager.default.contents(atPath: out), FileManager.default.contents(atPath: again))
    }

    func testShippedMappingsRoundTripToTheirCanonicalForm() throws {
        for name in ["nikkenren-2023", "ipa-appendix5-iso27002", "jama-japia"] {
            let folder = TestPaths.temporaryFolder()
            let mapping = folder + "/\(name).yaml"
            try FileManager.default.copyItem(atPath: TestPaths.root.appendingPathComponent("Mappings/\(name).yaml").path, toPath: mapping)
            let catalogs = TestPaths.root.appendingPathComponent("Catalogs").path
            _ = try Pipeline.format(FormatRequest(files: [mapping]), diagnostics: DiagnosticLog())
            let canonical = try String(contentsOfFile: mapping, encoding: .utf8)
            let out = folder + "/review.xlsx"
            _ = try Pipeline.reviewExport(ReviewExportRequest(mapping: mapping, catalogs: catalogs, out: out, suggestions: 3), diagnostics: DiagnosticLog())
            let log = DiagnosticLog()
            XCTAssertNil(importing(out, into: mapping, catalogs: catalogs, log: log), "\(name): \(log.text)")
            XCTAssertEqual(try String(contentsOfFile: mapping, encoding: .utf8), canonical, name)
        }
    }

    func testWorkbookResavedByLibreOfficeImportsUnchanged() throws {
        let (_, mapping, catalogs) = try workspace()
        let before = try String(contentsOfFile: mapping, encoding: .utf8)
        let log = DiagnosticLog()
        XCTAssertNil(importing(TestPaths.fixture("review/review-sample.lo.xlsx"), into: mapping, catalogs: catalogs, log: log), log.text)
        XCTAssertEqual(try String(contentsOfFile: mapping, encoding: .utf8), before)
    }

    /// Tests/Fixtures/review/make-workbooks.py edits the export with openpyxl: a suggestion
    /// accepted, one rejected, a relationship changed and confirmed, a note added, a row added.
    static let edited = """
    # レビューのテスト用マッピング（our own words; Tests/Fixtures/review）
    mapping:
      id: "review-sample"
      title: "業界R × 対策集"
      source: "review-industry"
      targets: ["review-target"]
      status: draft
      reviewer: ""

    entries:
      - item: "1.1"
        targets:
          - ref: "review-target:1-1"
            relationship: equivalent-to
            rationale: semantic
            strength: 8
            note: "任命と役割の文書化。再確認済み。"
            review: confirmed
            reviewer: "佐藤"
            date: "2026-11-20"
        note: "責任者の節。"

      - item: "1.2"
        targets:
          - ref: "review-target:1-2"
            relationship: intersects-with
            rationale: semantic
            strength: 6
            review: confirmed
            reviewer: "田中"
            date: "2026-12-01"
        rejected:
          - ref: "review-target:2-3"
            reviewer: "佐藤"
            date: "2026-11-20"
            note: "廃棄の話ではない。"

      - item: "2.1"
        targets:
          - ref: "review-target:2-1"
            relationship: subset-of
            review: confirmed
          - ref: "review-target:2"
            relationship: intersects-with
            note: "情報資産の章全体にかかる。"
        rejected:
          - ref: "review-target:2-3"
            note: "持ち出しではなく廃棄の話。"

      - item: "2.2"
        targets:
          - ref: "review-target:2-2"
            relationship: equal
            rationale: syntactic
            strength: 9
            review: confirmed
            reviewer: "田中"
            date: "2026-12-01"

      - item: "2.3"
        targets: []
        proposal: "付録の事故対応の章に、発注者への報告の連絡網を業界独自項目として置く。"
        placement: "review-target:3"

    """

    func testEditedWorkbookIsApplied() throws {
        for workbook in ["review-edited.xlsx", "review-edited.lo.xlsx"] {
            let (_, mapping, catalogs) = try workspace()
            let log = DiagnosticLog()
            XCTAssertNil(importing(TestPaths.fixture("review/\(workbook)"), into: mapping, catalogs: catalogs, log: log), log.text)
            XCTAssertEqual(try String(contentsOfFile: mapping, encoding: .utf8), Self.edited, workbook)
            // The rejected candidate is not suggested again.
            let resolved = try Pipeline.validate([catalogs, mapping], fallbackCatalogs: catalogs, diagnostics: DiagnosticLog()).resolved[0]
            let rows = ReviewRows(resolved).rows.filter { $0.item == "2.1" && $0.kind == .candidate }
            XCTAssertEqual(rows.filter { $0.suggestion != nil }.map { $0.target?.description }.contains("review-target:2-3"), false)
            XCTAssertEqual(rows.filter { $0.status == .rejected }.map { $0.target?.description }, ["review-target:2-3"])
        }
    }

    func testEveryBadCellIsAnErrorAtItsAddressAndNothingIsWritten() throws {
        let (_, mapping, catalogs) = try workspace()
        let before = try String(contentsOfFile: mapping, encoding: .utf8)
        let workbook = TestPaths.fixture("bad/review-broken-cells.xlsx")
        let log = DiagnosticLog()
        XCTAssertEqual(importing(workbook, into: mapping, catalogs: catalogs, log: log), .badInput)
        XCTAssertEqual(log.lines, [
            "\(workbook):レビュー!I6: error: unknown relationship '一部' (did you mean 一部に相当?); choose one of the list: 同等、同趣旨、一部に相当、包含、一部重複、対応なし",
            "\(workbook):レビュー!K6: error: strength must be a whole number from 0 to 10, not '11'",
            "\(workbook):レビュー!F10: error: unknown item '9-9' in catalog 'review-target'",
            "\(workbook):レビュー!I13: error: the row is 確認済 but has no 関係; choose one from the list (or mark the row 却下)",
            "\(workbook):レビュー!N13: error: date must be a calendar date such as 2026-11-30 (or 2026/11/30), not '12月1日'",
            "\(workbook):レビュー!L14: error: unknown status '済'; expected 未確認, 確認済 or 却下",
        ])
        XCTAssertEqual(try String(contentsOfFile: mapping, encoding: .utf8), before)
    }
}
