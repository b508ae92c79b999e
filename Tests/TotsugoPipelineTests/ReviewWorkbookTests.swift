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
}
