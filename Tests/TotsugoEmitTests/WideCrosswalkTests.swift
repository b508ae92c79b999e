import Foundation
import TestSupport
@testable import TotsugoEmit
import TotsugoIngest
@testable import TotsugoMatch
import XCTest

/// The 突合表 workbook of a crosswalk against a dozen frameworks (issue 19): each target's
/// 記載内容 is a column outline group, so a reader hides one framework's texts with its 「−」
/// button or all of them with the outline's 「1」, and keeps every framework's items and 関係.
final class WideCrosswalkTests: XCTestCase {
    typealias Cell = CrossReferenceTable.Cell

    /// An industry group (章, 項目, 記載内容, レベル), `targets` frameworks (章, 項目, 記載内容,
    /// 関係; the second also 備考) and the 反映案 group, three rows of short texts.
    func crosswalk(targets: Int) -> CrossReferenceTable {
        var groups = [CrossReferenceTable.Group(title: "業界セキュリティガイドラインの記載項目（試験用）",
                                                columns: ["章", "項目", CrossReferenceTable.targetText, "レベル"])]
        for k in 0..<targets {
            let notes = k == 1 ? [CrossReferenceTable.noteColumn] : []
            groups.append(.init(title: "枠組\(k + 1)", columns: ["章", "項目", CrossReferenceTable.targetText, "関係"] + notes))
        }
        groups.append(.init(title: CrossReferenceTable.proposalGroup, columns: ["反映案", "反映先", CrossReferenceTable.noteColumn]))
        let rows = (1...3).map { r in
            var cells: [Cell] = [.text("1 組織"), .text("1.\(r) 台帳"), .text("台帳を作って見直す"), .text("LV1")]
            for k in 0..<targets {
                cells += r == 2 ? [.gap, .gap, .gap, .gap] : [.text("\(k + 1) 管理"), .text("\(k + 1).\(r) 記録"), .text("記録を残す"), .text("同等")]
                if k == 1 { cells.append(.text(r == 1 ? "読み替え" : "")) }
            }
            cells += [.text("当社は台帳を定める。"), .text("第2章"), .text("")]
            return CrossReferenceTable.Row(itemID: "1/1.\(r)", levels: [], cells: cells)
        }
        return CrossReferenceTable(title: "突合表: 試験", groups: groups, rows: rows)
    }

    /// The 突合表's sheet XML of a workbook holding only `table`, and the workbook read back.
    func sheetXML(_ table: CrossReferenceTable) throws -> (xml: String, book: WorkbookReader) {
        var (zip, _) = XLSXEmitter().package(table: table, named: "突合表", others: [], title: table.title,
                                             timestamp: "2000-01-01T00:00:00Z")
        let book = try WorkbookReader(try zip.takeData())
        return (String(decoding: book.parts["xl/worksheets/sheet1.xml"] ?? Data(), as: UTF8.self), book)
    }

    /// Per `<col>` element: its column (min = max here) and its outline level (0 when none).
    func outlineLevels(_ xml: String) -> [Int: Int] {
        var levels: [Int: Int] = [:]
        for element in xml.components(separatedBy: "<col ").dropFirst() {
            let attributes = " " + String(element.prefix { $0 != ">" })
            func value(_ name: String) -> String? {
                guard let start = attributes.range(of: " \(name)=\"") else { return nil }
                return String(attributes[start.upperBound...].prefix { $0 != "\"" })
            }
            guard let column = value("min").flatMap(Int.init) else { continue }
            XCTAssertEqual(value("max"), String(column), "one column per <col>")
            levels[column] = value("outlineLevel").flatMap(Int.init) ?? 0
        }
        return levels
    }

    func testEveryTargetsTextIsAColumnOutlineGroupOfLevelOne() throws {
        let table = crosswalk(targets: 12)
        let (xml, _) = try sheetXML(table)
        // Industry A–D; 枠組1 E–H; 枠組2 I–M (with 備考); 枠組3 from N, 4 columns each; 反映案 last.
        var expected: Set<Int> = [7, 11]
        for k in 2..<12 { expected.insert(14 + 4 * (k - 2) + 2) }
        let levels = outlineLevels(xml)
        XCTAssertEqual(levels.count, table.columnCount, "a <col> for every column")
        XCTAssertEqual(Set(levels.filter { $0.value == 1 }.keys), expected)
        XCTAssertEqual(Set(levels.filter { $0.value > 1 }.keys), [], "one level only")
        XCTAssertEqual(levels[3], 0, "the industry 記載内容 stays out of the outline")
        // Each outlined column is the 記載内容 of a target group, read back from row 2.
        let headings = table.groups.flatMap(\.columns)
        for column in expected { XCTAssertEqual(headings[column - 1], CrossReferenceTable.targetText, "column \(column)") }
        let proposalStart = table.columnCount - 2
        for column in proposalStart...table.columnCount { XCTAssertEqual(levels[column], 0, "反映案 column \(column)") }
    }

    /// A target whose 記載内容 is blank in every row: its column is hidden, and it is left out of
    /// the outline (a group of only hidden columns shows as collapsed, a 「+」 over nothing).
    func testAHiddenBlankTextColumnIsNotOutlined() throws {
        var table = crosswalk(targets: 3)
        let blankText = 4 + 4 + 5 + 2 // 枠組3's 記載内容 (0-based: after industry, 枠組1, 枠組2 with 備考)
        XCTAssertEqual(table.groups.flatMap(\.columns)[blankText], CrossReferenceTable.targetText)
        table.rows = table.rows.map { row in
            var row = row
            row.cells[blankText] = .text("")
            return row
        }
        let (xml, _) = try sheetXML(table)
        XCTAssertTrue(xml.contains("<col min=\"\(blankText + 1)\" max=\"\(blankText + 1)\""), xml)
        let element = xml.components(separatedBy: "<col min=\"\(blankText + 1)\"")[1].prefix { $0 != ">" }
        XCTAssertTrue(element.contains("hidden=\"1\""), "blank in every row: hidden (\(element))")
        let levels = outlineLevels(xml)
        XCTAssertEqual(levels[blankText + 1], 0, "hidden: not outlined")
        XCTAssertEqual(Set(levels.filter { $0.value == 1 }.keys), [7, 11], "the other targets' texts still are")
    }

    func testOutlineLevelIsAnnouncedInSheetFormatPrBeforeTheColumns() throws {
        let (xml, _) = try sheetXML(crosswalk(targets: 12))
        // Excel draws the outline bar only for the levels sheetFormatPr announces; the schema
        // (CT_Worksheet) puts sheetFormatPr before cols.
        XCTAssertTrue(xml.contains("<sheetFormatPr defaultRowHeight=\"13.5\" outlineLevelCol=\"1\"/><cols>"), xml)
        XCTAssertTrue(xml.contains("<col min=\"7\" max=\"7\" width=\"24\" customWidth=\"1\" outlineLevel=\"1\"/>"), xml)
    }

    func testOutlineKeepsPanesFilterAndPrintTitles() throws {
        let table = crosswalk(targets: 12)
        let (xml, book) = try sheetXML(table)
        // The industry item columns (章, 項目) and both header rows stay frozen.
        XCTAssertTrue(xml.contains("<pane xSplit=\"2\" ySplit=\"2\" topLeftCell=\"C3\" activePane=\"bottomRight\" state=\"frozen\"/>"), xml)
        let last = XLSXCellRef.cell(row: 5, column: table.columnCount)
        XCTAssertTrue(xml.contains("<autoFilter ref=\"A2:\(last)\"/>"), xml)
        let workbook = String(decoding: book.parts["xl/workbook.xml"] ?? Data(), as: UTF8.self)
        XCTAssertTrue(workbook.contains("'突合表'!$1:$2</definedName>"), workbook)
        // Each framework's title is in row 1 over its own columns.
        let sheet = try book.sheet("突合表")
        XCTAssertEqual(sheet.value("E1"), "枠組1")
        XCTAssertEqual(sheet.value("I1"), "枠組2")
        XCTAssertEqual(sheet.value("N1"), "枠組3")
        XCTAssertTrue(sheet.merges.contains("N1:Q1"), "\(sheet.merges)")
    }

    func testATableWithoutTargetGroupsHasNoOutline() throws {
        let table = CrossReferenceTable(title: "t", groups: [.init(title: "業界", columns: ["項目", CrossReferenceTable.targetText])],
                                        rows: [.init(itemID: "1", levels: [], cells: [.text("1"), .text("本文")])])
        let (xml, _) = try sheetXML(table)
        XCTAssertTrue(xml.contains("<sheetFormatPr defaultRowHeight=\"13.5\"/>"), xml)
        XCTAssertFalse(xml.contains("outlineLevel"), xml)
    }

    // MARK: Markdown

    func markdown(_ table: CrossReferenceTable) throws -> String {
        let result = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        XCTAssertEqual(result.diagnostics, [])
        let resolved = try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
        return String(decoding: MarkdownEmitter().render(table, resolved: resolved, coverage: Coverage(resolved)), as: UTF8.self)
    }

    /// The lines of the table under `heading` (up to the next blank line).
    func tableLines(after heading: String, in text: String) -> [String] {
        guard let start = text.range(of: heading + "\n\n") else { return [] }
        return Array(text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }.map(String.init))
    }

    func testMarkdownAgainstADozenTargetsIsOneTablePerGroupHeadedByTheIndustryItem() throws {
        let text = try markdown(crosswalk(targets: 12))
        XCTAssertTrue(text.contains("対象が多いため、対象ごとに表を分けています（各表の左の列は業界側の項目）。"), text)
        // The industry group whole, then each framework and the 反映案, every row in each.
        let industry = tableLines(after: "### 業界セキュリティガイドラインの記載項目（試験用）", in: text)
        XCTAssertEqual(industry.first, "| 業界セキュリティガイドラインの記載項目（試験用）: 章 | 業界セキュリティガイドラインの記載項目（試験用）: 項目 | "
                       + "業界セキュリティガイドラインの記載項目（試験用）: 記載内容 | 業界セキュリティガイドラインの記載項目（試験用）: レベル |")
        XCTAssertEqual(industry.count, 5, "header, rule, 3 rows")
        guard industry.count == 5 else { return }
        XCTAssertEqual(industry[2], "| 1 組織 | 1.1 台帳 | 台帳を作って見直す | LV1 |")
        let second = tableLines(after: "### 枠組2", in: text)
        XCTAssertEqual(second.count, 5)
        guard second.count == 5 else { return }
        XCTAssertEqual(second[0], "| 業界セキュリティガイドラインの記載項目（試験用）: 章 | 業界セキュリティガイドラインの記載項目（試験用）: 項目 | "
                       + "業界セキュリティガイドラインの記載項目（試験用）: レベル | 枠組2: 章 | 枠組2: 項目 | 枠組2: 記載内容 | 枠組2: 関係 | 枠組2: 備考 |")
        XCTAssertEqual(second[1], "|---|---|---|---|---|---|---|---|")
        XCTAssertEqual(second[2], "| 1 組織 | 1.1 台帳 | LV1 | 2 管理 | 2.1 記録 | 記録を残す | 同等 | 読み替え |")
        XCTAssertEqual(second[3], "| 1 組織 | 1.2 台帳 | LV1 | **#N/A** | **#N/A** | **#N/A** | **#N/A** |  |")
        XCTAssertEqual(tableLines(after: "### 枠組12", in: text).last, "| 1 組織 | 1.3 台帳 | LV1 | 12 管理 | 12.3 記録 | 記録を残す | 同等 |")
        XCTAssertEqual(tableLines(after: "### " + CrossReferenceTable.proposalGroup, in: text).dropFirst(2).first,
                       "| 1 組織 | 1.1 台帳 | LV1 | 当社は台帳を定める。 | 第2章 |  |")
        XCTAssertEqual(text.components(separatedBy: "\n### ").count - 1, 14, "industry, 12 targets, 反映案")
    }

    func testMarkdownUpToFourTargetsStaysOneTable() throws {
        let text = try markdown(crosswalk(targets: 4))
        XCTAssertFalse(text.contains("### "), text)
        XCTAssertFalse(text.contains("対象ごとに表を分けています"))
        XCTAssertTrue(text.contains("| 1 組織 | 1.1 台帳 | 台帳を作って見直す | LV1 | 1 管理 | 1.1 記録 | 記録を残す | 同等 | 2 管理 |"), text)
    }
}
