import TotsugoCore
import TotsugoMatch
import XCTest

final class CrossReferenceTableTests: XCTestCase {
    func testLayoutFollowsTable3() throws {
        let table = CrossReferenceTable(try WorkspaceFixture.resolved())
        XCTAssertEqual(table.groups.map(\.title), ["業界セキュリティガイドラインの記載項目（業界）", "付録T", "付録S", "業界サンプル規程への反映案"])
        XCTAssertEqual(table.groups[2].columns, ["診断項目", "記載内容", "関係"], "the level is the path: no 項目 repeating it")
        XCTAssertEqual(table.groups[0].columns, ["章", "項目", "記載内容", "レベル"])
        XCTAssertEqual(table.groups[1].columns, ["大項目", "中項目", "記載内容", "関係"])
        XCTAssertEqual(table.groups[3].columns, ["反映案", "反映先", "備考"])
        XCTAssertEqual(table.rows.map(\.itemID), ["1", "2/(1)", "2/(2)", "2/(3)"], "inner item 2 has no entry: no row")
        for row in table.rows { XCTAssertEqual(row.cells.count, table.columnCount) }
    }

    func testReviewedWithoutCounterpartIsNAInEveryCellOfTheGroup() throws {
        let table = CrossReferenceTable(try WorkspaceFixture.resolved())
        let row = table.rows[0]
        XCTAssertEqual(row.cells[0].text, "1.はじめに")
        XCTAssertEqual(row.cells[2].text, "改訂の趣旨。")
        XCTAssertTrue(row.cells[4...10].allSatisfy { $0 == .gap }, "both target groups are #N/A")
        XCTAssertEqual(row.cells[11], .text(""), "no proposal")
        XCTAssertEqual(row.cells[13].text, "reviewed: no counterpart #N/A")
    }

    func testSeveralTargetsShareACellInCatalogOrder() throws {
        let table = CrossReferenceTable(try WorkspaceFixture.resolved())
        let row = table.rows[1]
        XCTAssertEqual(row.cells[0].text, "2.対策")
        XCTAssertEqual(row.cells[1].text, "(1)守るべき情報")
        XCTAssertEqual(row.cells[4].text, "3.情報資産管理\n3.情報資産管理")
        XCTAssertEqual(row.cells[5].text, "1.情報資産の管理\n2.持ち出し", "3/1 before 3/2 although the YAML lists 3/2 first")
        XCTAssertEqual(row.cells[6].text, "台帳で管理する。\n")
        XCTAssertEqual(row.cells[7].text, "一部に相当（意味上・強度 7/10）\n一部重複")
        XCTAssertTrue(row.cells[8...10].allSatisfy { $0 == .gap })
        XCTAssertEqual(row.cells[11].text, "守るべき情報を台帳に記載する。")
        XCTAssertEqual(row.cells[12].text, "付録T 3.情報資産管理/1.情報資産の管理")
    }

    func testNoRelationshipLinkIsAGapAndOtherGroupsStillMatch() throws {
        let table = CrossReferenceTable(try WorkspaceFixture.resolved())
        let row = table.rows[2]
        XCTAssertEqual(row.cells[3].text, "LV2")
        XCTAssertTrue(row.cells[4...7].allSatisfy { $0 == .gap }, "no-relationship to 付録T")
        XCTAssertEqual(row.cells[8].text, "25.ルール化")
        XCTAssertEqual(row.cells[10].text, "同等")
    }

    func testUnreviewedItemIsMarkedNotGap() throws {
        let table = CrossReferenceTable(try WorkspaceFixture.resolved())
        let row = table.rows[3]
        XCTAssertEqual(row.cells[1].text, "(3)未確認の項目")
        XCTAssertTrue(row.cells[4...11].allSatisfy { $0 == .unreviewed })
        XCTAssertEqual(row.cells[12...13].map(\.text), ["", ""])
    }

    func testCoverage() throws {
        let coverage = Coverage(try WorkspaceFixture.resolved())
        func count(_ target: String?, _ level: Level?) -> Coverage.Count? {
            coverage.lines.first { $0.target == target && $0.level == level }?.count
        }
        XCTAssertEqual(count("target", nil), Coverage.Count(items: 4, mapped: 1, fullyCovered: 0, noCounterpart: 2, unreviewed: 1))
        XCTAssertEqual(count("second", nil), Coverage.Count(items: 4, mapped: 1, fullyCovered: 1, noCounterpart: 2, unreviewed: 1))
        XCTAssertEqual(count(nil, nil), Coverage.Count(items: 4, mapped: 2, fullyCovered: 1, noCounterpart: 1, unreviewed: 1))
        XCTAssertEqual(count(nil, .lv1), Coverage.Count(items: 1, mapped: 0, fullyCovered: 0, noCounterpart: 0, unreviewed: 1))
        XCTAssertEqual(count(nil, .lv2)?.mapped, 1)
        XCTAssertEqual(count("target", nil)?.mappedPercent, 25)
    }
}
