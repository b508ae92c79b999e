import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import XCTest

/// What the outputs say for partial catalogs: the （カタログ未収録） cell in every table format,
/// and coverage stated against the declared total as well as against what is held.
final class PartialCatalogEmitTests: XCTestCase {
    static func text(_ id: String, extra: String, items: String) -> String {
        "---\nid: \(id)\ntitle: \(id) の題\nshort-title: \(id)略\npublisher: P\nversion: 1\nlevels: 項目\ncompleteness: 一部\n\(extra)---\n\(items)"
    }

    static func resolved(sourceExtra: String = "extent: partial\ntotal-items: 10\n") throws -> ResolvedMapping {
        let texts = [
            text("industry", extra: sourceExtra, items: "# No.1 | 一\n@level: LV1\n# No.2 | 二\n@level: LV1\n# No.3 | 三\n@level: LV2\n"),
            text("part", extra: "extent: partial\n", items: "# 1. | 章一\n# 2. | 章二\n"),
        ]
        let catalogs = try texts.enumerated().map { k, text in try CatalogTextParser().parse(try InputFile.decode(Array(text.utf8), path: "c\(k).txt")) }
        let yaml = """
            mapping:
              id: m
              source: industry
              targets: [part]
            entries:
              - item: "1"
                targets:
                  - ref: part:No.9
                    relationship: intersects-with
              - item: "2"
                targets:
                  - ref: part:2
                    relationship: equal
              - item: "3"
                targets: []

            """
        let mapping = try MappingYAMLParser().parse(InputFile.decode(Array(yaml.utf8), path: "m.yaml"))
        return try Resolver(catalogs: catalogs).resolve(mapping)
    }

    static let unheld = "No.9（カタログ未収録）"

    func testUnheldCellInEveryTableFormat() throws {
        let resolved = try Self.resolved()
        XCTAssertEqual(resolved.warnings.count, 1)
        let table = CrossReferenceTable(resolved)
        let coverage = Coverage(resolved)
        let csv = String(decoding: CSVEmitter().render(table), as: UTF8.self)
        XCTAssertTrue(csv.contains(Self.unheld), csv)
        let md = String(decoding: MarkdownEmitter().render(table, resolved: resolved, coverage: coverage), as: UTF8.self)
        XCTAssertTrue(md.contains("| \(Self.unheld) |"), md)
        let html = String(decoding: HTMLReportEmitter().render(table, resolved: resolved, coverage: coverage), as: UTF8.self)
        XCTAssertTrue(html.contains(">\(Self.unheld)<"), "the cell holds the mark")
        let book = try WorkbookReader(try XLSXEmitter().render(table, resolved: resolved, coverage: coverage).bytes)
        let sheet = try XCTUnwrap(book.sheets.first)
        XCTAssertTrue(sheet.cells.values.contains { $0.value == Self.unheld }, "\(sheet.name)")
    }

    func testCoverageAgainstTheDeclaredTotalInMarkdownHTMLAndXLSX() throws {
        let resolved = try Self.resolved()
        let table = CrossReferenceTable(resolved)
        let coverage = Coverage(resolved)
        let note = "業界側（industry略）のカタログは一部のみ収録: 収録 3／全 10 項目。「対応率（収録分）」は収録した項目に対する割合、「対応率（全 10 項目に対する）」はガイドライン全体の 10 項目に対する割合（レベル別の全数は申告されていないため、全レベルの行のみ）。"
        let md = String(decoding: MarkdownEmitter().render(table, resolved: resolved, coverage: coverage), as: UTF8.self)
        XCTAssertTrue(md.contains(note + "\n\n| 対象 | レベル | 項目数 | 対応あり | うち完全に対応 | 対応なし（#N/A） | 未突合 | 対応率（収録分） | 対応率（全 10 項目に対する） |\n"), md)
        XCTAssertTrue(md.contains("| part略 | 全レベル | 3 | 2 | 1 | 1 | 0 | 66.7% | 20.0% |\n"), md)
        XCTAssertTrue(md.contains("| part略 | LV1 | 2 | 2 | 1 | 0 | 0 | 100.0% | ― |\n"), "per level: no total declared, none invented")

        let html = String(decoding: HTMLReportEmitter().render(table, resolved: resolved, coverage: coverage), as: UTF8.self)
        XCTAssertTrue(html.contains("<p class=\"note\" id=\"coverage-extent\">\(note)</p>"))
        XCTAssertTrue(html.contains("<th>対応率（全 10 項目に対する）</th>"))
        XCTAssertTrue(html.contains("<td class=\"num\">66.7%</td><td class=\"num\">20.0%</td></tr>"))

        let book = try WorkbookReader(try XLSXEmitter().render(table, resolved: resolved, coverage: coverage).bytes)
        let sheet = try book.sheet("カバレッジ")
        XCTAssertEqual(sheet.value("H1"), "対応率（収録分）")
        XCTAssertEqual(sheet.value("I1"), "対応率（全 10 項目に対する）")
        XCTAssertEqual(sheet.value("I2"), "0.2")
        XCTAssertEqual(sheet.value("I3"), "―")
        XCTAssertEqual(sheet.autoFilter, "A1:I7", "the filter covers the table, not the note")
        XCTAssertEqual(sheet.value("A9"), note)
    }

    func testPartialWithoutTotalStatesOnlyWhatIsHeld() throws {
        let resolved = try Self.resolved(sourceExtra: "extent: partial\n")
        let md = String(decoding: MarkdownEmitter().render(CrossReferenceTable(resolved), resolved: resolved, coverage: Coverage(resolved)), as: UTF8.self)
        XCTAssertTrue(md.contains("業界側（industry略）のカタログは一部のみ収録: 収録 3 項目（全体の項目数は未申告）。"), md)
        XCTAssertTrue(md.contains("| 未突合 | 対応率（収録分） |\n"), "no column of a total that is not declared")
    }

    func testCompleteSourceKeepsTodaysCoverage() throws {
        let resolved = try Self.resolved(sourceExtra: "")
        let md = String(decoding: MarkdownEmitter().render(CrossReferenceTable(resolved), resolved: resolved, coverage: Coverage(resolved)), as: UTF8.self)
        XCTAssertTrue(md.contains("## カバレッジ\n\n| 対象 | レベル | 項目数 | 対応あり | うち完全に対応 | 対応なし（#N/A） | 未突合 | 対応率 |\n"), md)
        XCTAssertFalse(md.contains("一部のみ収録"))
    }

    func testCheckReportsStateBothDenominatorsAndThresholdsUseWhatIsHeld() throws {
        let report = CheckReport([try Self.resolved()], thresholds: CheckThresholds(minMapped: 0.5))
        XCTAssertTrue(report.passed, "66.7% of the held items passes a 50% floor (20% of the total would not)")
        let text = String(decoding: CheckTextEmitter().render(report), as: UTF8.self)
        XCTAssertTrue(text.contains("  source catalog is partial: 3 of 10 items held, mapped 20.0% of all 10 (any target); shares and thresholds are of the items held\n"), text)
        let md = String(decoding: CheckMarkdownEmitter().render(report), as: UTF8.self)
        XCTAssertTrue(md.contains("収録 3／全 10 項目"), md)
        XCTAssertTrue(md.contains("基準の判定は収録した項目に対する割合（対応率（収録分））で行う。"), md)
        let json = String(decoding: CheckJSONEmitter().render(report), as: UTF8.self)
        XCTAssertTrue(json.contains("\"source-extent\": {\n        \"extent\": \"partial\",\n        \"held-items\": 3,\n        \"total-items\": 10\n      }"), json)
        XCTAssertTrue(json.contains("\"mapped-ratio-of-total\": 0.2,"), json)
    }
}
