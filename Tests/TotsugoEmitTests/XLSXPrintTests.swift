import Foundation
@testable import TotsugoEmit
@testable import TotsugoMatch
import XCTest

/// How the 突合表 prints (paper, fit to width, page order, print titles, page breaks at group
/// starts) and which of its columns and cells are written empty or hidden, read from the
/// sheet XML and workbook.xml of the package.
final class XLSXPrintTests: XCTestCase {
    typealias Cell = CrossReferenceTable.Cell

    /// `text` repeated to `count` characters (wide characters: two width units each).
    func long(_ text: String, _ count: Int) -> String { String(String(repeating: text, count: count).prefix(count)) }

    /// A table of an industry group (項目, 記載内容), `targets` target groups (項目, 記載内容,
    /// 関係) and, with `proposal`, the 反映案 group; every column filled to its width's cap.
    func table(targets: Int, proposal: Bool = false, rows: Int = 3, short: Bool = false) -> CrossReferenceTable {
        var groups = [CrossReferenceTable.Group(title: "業界セキュリティガイドラインの記載項目（試験用）", columns: ["項目", "記載内容"])]
        for k in 0..<targets { groups.append(.init(title: "付録\(k + 1)", columns: ["項目", "記載内容", "関係"])) }
        if proposal { groups.append(.init(title: CrossReferenceTable.proposalGroup, columns: ["反映案", "反映先", "備考"])) }
        let label = short ? "一" : long("項目の見出し", 15), prose = short ? "本文" : long("手順を定めて記録を残す", 30)
        var tableRows: [CrossReferenceTable.Row] = []
        for r in 0..<rows {
            var cells: [Cell] = [.text("\(r + 1) \(label)"), .text(prose)]
            for _ in 0..<targets { cells += [.text(label), .text(prose), .text(short ? "対応" : long("一部対応（意味上）", 15))] }
            if proposal { cells += [.text(prose), .text(label), .text(prose)] }
            tableRows.append(.init(itemID: "\(r + 1)", levels: [], cells: cells))
        }
        return CrossReferenceTable(title: "突合表: 試験", groups: groups, rows: tableRows)
    }

    /// The 突合表's sheet XML and workbook.xml of a workbook holding only `table`.
    func parts(_ table: CrossReferenceTable) throws -> (sheet: String, workbook: String, book: WorkbookReader) {
        var (zip, _) = XLSXEmitter().package(table: table, named: "突合表", others: [], title: table.title,
                                             timestamp: "2000-01-01T00:00:00Z")
        let book = try WorkbookReader(try zip.takeData())
        let text = { (name: String) in String(decoding: book.parts[name] ?? Data(), as: UTF8.self) }
        return (text("xl/worksheets/sheet1.xml"), text("xl/workbook.xml"), book)
    }

    func element(_ name: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(name) ") ?? xml.range(of: "<\(name)>") else { return nil }
        let rest = xml[start.lowerBound...]
        return rest.range(of: ">").map { String(rest[..<$0.upperBound]) }
    }

    func testNarrowTablePrintsOneA4PageWideDownThenOver() throws {
        let (sheet, workbook, _) = try parts(table(targets: 1, short: true))
        XCTAssertEqual(element("pageSetup", in: sheet),
                       "<pageSetup paperSize=\"9\" scale=\"100\" fitToWidth=\"1\" fitToHeight=\"0\" pageOrder=\"downThenOver\" orientation=\"landscape\"/>")
        XCTAssertTrue(sheet.contains("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"), "Excel reads fitToWidth only with fitToPage")
        XCTAssertFalse(sheet.contains("<colBreaks"))
        // Only the two header rows repeat: a repeated item column would cut the merged group title.
        XCTAssertTrue(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'突合表'!$1:$2</definedName>"), workbook)
        XCTAssertTrue(sheet.contains("<oddHeader>&amp;C突合表: 試験</oddHeader><oddFooter>&amp;C&amp;P / &amp;N</oddFooter>"))
    }

    func testMiddleTablePrintsOneA3PageWide() throws {
        // 項目 22 + 記載内容 48 + 2 × (22 + 48 + 22) characters ≈ 548 mm: under 70 % on A4, 69 % on A3.
        let (sheet, workbook, _) = try parts(table(targets: 2))
        XCTAssertEqual(element("pageSetup", in: sheet),
                       "<pageSetup paperSize=\"8\" scale=\"100\" fitToWidth=\"1\" fitToHeight=\"0\" pageOrder=\"downThenOver\" orientation=\"landscape\"/>")
        XCTAssertTrue(workbook.contains("'突合表'!$1:$2</definedName>"))
        XCTAssertFalse(sheet.contains("<colBreaks"))
    }

    func testWideTableBreaksPagesAtGroupStartsWithTheIndustryGroupRepeated() throws {
        // 4 target groups and the 反映案: one page wide it would print at about 32 %.
        let (sheet, workbook, book) = try parts(table(targets: 4, proposal: true))
        XCTAssertEqual(element("pageSetup", in: sheet),
                       "<pageSetup paperSize=\"8\" scale=\"93\" pageOrder=\"downThenOver\" orientation=\"landscape\"/>")
        XCTAssertTrue(sheet.contains("<sheetPr><pageSetUpPr fitToPage=\"0\"/></sheetPr>"), "manual breaks are ignored when fitting")
        // Groups start at columns 3, 6, 9, 12, 15; a page holds the industry group and one target group.
        XCTAssertTrue(sheet.contains("<colBreaks count=\"4\" manualBreakCount=\"4\"><brk id=\"5\" max=\"1048575\" man=\"1\"/>"
                                     + "<brk id=\"8\" max=\"1048575\" man=\"1\"/><brk id=\"11\" max=\"1048575\" man=\"1\"/>"
                                     + "<brk id=\"14\" max=\"1048575\" man=\"1\"/></colBreaks></worksheet>"), sheet)
        // The whole industry group repeats, so its merged title A1:B1 prints whole on every page.
        XCTAssertTrue(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'突合表'!$A:$B,'突合表'!$1:$2</definedName>"), workbook)
        XCTAssertTrue(try book.sheet("突合表").merges.contains("A1:B1"))
    }

    func testPrintPlanKeepsGroupsTogetherAndScalesToTheWidestPage() {
        // Widths in characters: industry 22+48, targets 22+48+22 (×4), proposal 48+22+48.
        let widths: [Double] = [22, 48] + Array([[22.0, 48, 22], [22, 48, 22], [22, 48, 22], [22, 48, 22]].joined()) + [48, 22, 48]
        let plan = XLSXTableSheet.printPlan(widths: widths, hidden: [], groupSizes: [2, 3, 3, 3, 3, 3])
        XCTAssertEqual(plan, .init(paper: .a3, fitToWidth: false, scale: 93, breaks: [6, 9, 12, 15], titleColumns: 1...2))
        // Hidden columns take no room: with three target groups hidden the rest fits A3 at 60 % or more.
        let narrower = XLSXTableSheet.printPlan(widths: widths, hidden: Set(6...14), groupSizes: [2, 3, 3, 3, 3, 3])
        XCTAssertEqual(narrower, .init(paper: .a3, fitToWidth: true, scale: 100, breaks: [], titleColumns: nil))
        // Wider groups: the scale shrinks so the industry group and the widest group share a page.
        let wide = XLSXTableSheet.printPlan(widths: [48, 48] + Array(repeating: 48, count: 12), hidden: [], groupSizes: [2, 6, 6])
        XCTAssertEqual(wide.scale, 46)
        XCTAssertEqual(wide.breaks, [9])
    }

    func testColumnsEmptyInEveryRowAreHiddenAndBlankCellsWrittenEmpty() throws {
        var table = table(targets: 1, proposal: true, short: true)
        // 備考 (column 8) holds only blanks and line breaks; 反映先 (column 7) one real text.
        let blanks: [Cell] = [.text(""), .text("\n\n"), .lines([" ", "\u{3000}\n"])]
        for r in table.rows.indices {
            table.rows[r].cells[7] = blanks[r]
            table.rows[r].cells[6] = r == 1 ? .text("第3章") : .text("\n")
        }
        let (sheet, _, book) = try parts(table)
        XCTAssertTrue(sheet.contains("<col min=\"8\" max=\"8\" width=\"24\" hidden=\"1\" customWidth=\"1\"/>"), sheet)
        XCTAssertFalse(sheet.contains("<col min=\"7\" max=\"7\" width=\"8\" hidden"), "反映先 has a text")
        XCTAssertEqual(sheet.components(separatedBy: "hidden=\"1\"").count - 1, 1, "only 備考 is hidden")
        let read = try book.sheet("突合表")
        for row in 3...5 {
            XCTAssertEqual(read.value("H\(row)") ?? "", "", "H\(row) blank")
            XCTAssertEqual(read.style("H\(row)"), XLSXStyle.body.rawValue, "H\(row) keeps its border")
        }
        XCTAssertEqual(read.value("G3") ?? "", "", "a cell of only a line break is empty")
        XCTAssertEqual(read.value("G4"), "第3章")
        // Written as `<c s="3"/>`: no value, no shared string.
        XCTAssertTrue(sheet.contains("<c r=\"H3\" s=\"3\"/>") || sheet.contains("<c s=\"3\"/></row>"), sheet)
        let blank = try book.sharedStrings().filter(XLSXTableSheet.isBlank)
        XCTAssertEqual(blank, [], "no blank text among the shared strings")
    }

    func testHiddenColumnsTakeNoRoomInTheHeaderRowHeights() throws {
        // A group of one shown and one hidden column: the title wraps in the shown width only.
        let groups = [CrossReferenceTable.Group(title: "業界", columns: ["項目"]),
                      .init(title: long("とても長い対象の題名", 20), columns: ["項目", "備考"])]
        let rows = (1...2).map { CrossReferenceTable.Row(itemID: "\($0)", levels: [], cells: [.text("\($0)"), .text("A"), .text("")]) }
        let table = CrossReferenceTable(title: "t", groups: groups, rows: rows)
        let layout = XLSXTableSheet(table: table).sheet(named: "突合表")
        XCTAssertEqual(layout.hiddenColumns, [3])
        let heights = XLSXRowHeights(layout)
        // 20 wide characters = 40 units in a column 8 units wide (7 of room): 6 lines.
        XCTAssertEqual(heights.height(ofRow: 0, XLSXTableCells(table: table)), 6 * XLSXRowHeights.lineHeight + XLSXRowHeights.padding)
    }

    func testTableWithoutRowsHidesNothing() throws {
        let empty = CrossReferenceTable(title: "t", groups: [.init(title: "業界", columns: ["項目", "記載内容"])], rows: [])
        XCTAssertEqual(XLSXTableSheet(table: empty).columns().hidden, [])
    }
}
