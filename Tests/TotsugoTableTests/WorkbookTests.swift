import Foundation
import TestSupport
import TotsugoCore
import TotsugoTable
import XCTest

/// The xlsx reader, on workbooks as LibreOffice and openpyxl write them (Tests/Fixtures/tables/
/// xlsx, made by make_fixtures.py there) and on hostile packages (Tests/Fixtures/bad/xlsx-*).
final class WorkbookTests: XCTestCase {
    private func open(_ name: String, limits: WorkbookLimits = WorkbookLimits()) throws -> Workbook {
        try Workbook(path: TestPaths.fixture("tables/xlsx/\(name)"), file: name, limits: limits)
    }

    private func cells(_ table: Table) -> [Int: [String]] {
        Dictionary(uniqueKeysWithValues: table.rows.map { ($0.number, $0.cells) })
    }

    /// The first diagnostic of a read that must fail.
    private func failure(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            try body()
            XCTFail("expected a DiagnosticError", file: file, line: line)
        } catch let error as DiagnosticError {
            XCTAssertEqual(error.kind, .badInput, file: file, line: line)
            return error.diagnostics.first?.description ?? ""
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
        return ""
    }

    func testLibreOfficeCheckSheet() throws {
        let workbook = try open("checksheet-libreoffice.xlsx")
        XCTAssertEqual(workbook.sheetNames, ["チェックシート", "集計", "メモ"])
        let table = try workbook.table(sheet: "チェックシート")
        XCTAssertEqual(table.file, "checksheet-libreoffice.xlsx")
        XCTAssertEqual(table.sheet, "チェックシート")
        XCTAssertEqual(table.rows.map(\.number), [1, 2, 3, 4, 5, 7], "the empty row 6 is left out; numbers stay the sheet's")
        let rows = cells(table)
        // Two header rows with merged cells: each merged value fills its whole range.
        XCTAssertEqual(rows[1], ["No.", "大項目", "対策", "対策", "レベル", "参照"])
        XCTAssertEqual(rows[2], ["No.", "大項目", "項目", "確認内容", "レベル", "ISO/IEC 27001"])
        // Ids as numbers read without ".0"; the merged 大項目 B3:B4 applies to row 4 too.
        XCTAssertEqual(rows[3], ["1", "組織の体制", "責任者を決める", "担当者の名前を記録している", "Lv1", "A.5.2"])
        XCTAssertEqual(rows[4], ["2", "組織の体制", "連絡先を共有する", "緊急時の連絡網がある", "Lv2", "A.5.24, A.5.26"])
        // Rich-text runs joined; an error value (=NA()) as written.
        XCTAssertEqual(rows[5], ["10", "機器の管理", "台帳を作る", "台帳を年1回見直す", "Lv1", "#N/A"])
        // A missing cell is ""; a string formula's result; a boolean; fractions in shortest form.
        XCTAssertEqual(rows[7], ["2.5", "", "台帳を作る（写）", "TRUE", "0.1", "1234567.125"])
        XCTAssertEqual(table.location(row: table.rows[5], column: 5).description, "checksheet-libreoffice.xlsx:チェックシート!F7")
    }

    func testOtherSheetsByName() throws {
        let workbook = try open("checksheet-libreoffice.xlsx")
        XCTAssertEqual(try workbook.table(sheet: "集計").rows, [Table.Row(number: 1, cells: ["合計", "13"])])
        XCTAssertEqual(try workbook.table(sheet: "メモ").rows, [Table.Row(number: 3, cells: ["", "空行の後の覚え書き"])])
        XCTAssertEqual(try workbook.table().sheet, "チェックシート", "no name: the first sheet")
        XCTAssertEqual(failure { _ = try workbook.table(sheet: "評価") },
                       "checksheet-libreoffice.xlsx:1:1: error: no sheet '評価'; sheets: 'チェックシート', '集計', 'メモ'")
    }

    func testOpenpyxlInlineStrings() throws {
        let workbook = try open("openpyxl-direct.xlsx")
        XCTAssertEqual(workbook.sheetNames, ["対策一覧", "別表"])
        let rows = cells(try workbook.table(sheet: "対策一覧"))
        XCTAssertEqual(rows[1], ["番号", "分類", "分類", "説明"])
        XCTAssertEqual(rows[2], ["番号", "大", "小", "説明"])
        XCTAssertEqual(rows[3], ["1", "入退室", "鍵", "鍵の貸出を記録する"])
        XCTAssertEqual(rows[4], ["2", "入退室", "来訪者", "来訪者に名札を渡す"])
        XCTAssertEqual(rows[5], ["10", "端末", "更新", "月に一度更新を確かめる"])
        XCTAssertEqual(rows[6], ["3", "1e-07", "123456789012", "TRUE", "FALSE", "-4.75"])
        XCTAssertEqual(try workbook.table(sheet: "別表").rows, [Table.Row(number: 3, cells: ["", "", "離れた一つのセル"])])
    }

    func testPhoneticReadingsSkipped() throws {
        let rows = cells(try open("phonetic-inline.xlsx").table(sheet: "読み仮名"))
        // <rPh> readings (キョウツウ, ミナオ, テジュン) are not part of the text; runs are joined.
        XCTAssertEqual(rows[1], ["共通", "見直し手順", "", "一行目\r\n二行目 & _x0041_"])
        // Inline rich text without its reading; cells without r follow the previous cell.
        XCTAssertEqual(rows[3], ["", "手順 の確認", "#REF!", "式の結果"])
        // A row without r follows the previous row; number forms.
        XCTAssertEqual(rows[4], ["42", "1.5e+20", "0", "3.0000000000000004"])
    }

    func testNumberForms() {
        let cases: [(String, String)] = [("1", "1"), ("10", "10"), ("1.0", "1"), ("1E2", "100"), ("-3", "-3"), ("0.1", "0.1"),
                                         ("2.5", "2.5"), ("1e-07", "1e-07"), ("-0", "0"), ("007", "7"), ("45292", "45292")]
        for (raw, expected) in cases {
            let xml = "<row r=\"1\"><c r=\"A1\"><v>\(raw)</v></c></row>"
            XCTAssertEqual(Self.sheetValue(xml), expected, raw)
        }
    }

    /// Reads one hand-written row through a minimal package made in memory.
    private static func sheetValue(_ rowsXML: String) -> String? {
        let bytes = MiniPackage.xlsx(sheet: "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(rowsXML)</sheetData></worksheet>")
        return try? Workbook(bytes: bytes, file: "n.xlsx").table().rows.first?.cells.first
    }

    // MARK: hostile packages

    private func bad(_ name: String, limits: WorkbookLimits = WorkbookLimits(), sheet: String? = nil) -> String {
        failure { _ = try Workbook(path: TestPaths.fixture("bad/\(name)"), file: name, limits: limits).table(sheet: sheet) }
    }

    func testZipSlipNameRefused() {
        XCTAssertEqual(bad("xlsx-zip-slip.xlsx"),
                       "xlsx-zip-slip.xlsx:1:1: error: the package holds an entry named \"../../evil.xml\" (a path leaving the package); refusing it")
    }

    func testZipBombStopsAtTheRatio() {
        XCTAssertEqual(bad("xlsx-zip-bomb.xlsx"), "xlsx-zip-bomb.xlsx/xl/worksheets/sheet1.xml:1:1: error: the part inflates to 71303319 bytes from 207707 (more than 250 times); a zip bomb?")
        // With the ratio allowed, the part size limit holds it.
        let message = bad("xlsx-zip-bomb.xlsx", limits: WorkbookLimits(maxPartBytes: 8 << 20, maxCompressionRatio: 100_000))
        XCTAssertTrue(message.hasSuffix("error: the part inflates to 71303319 bytes, over the limit of 8388608"), message)
    }

    func testLyingHeaderCaughtWhileInflating() {
        // The sheet's headers claim 1000 bytes; the inflated bytes are counted, not believed.
        XCTAssertEqual(bad("xlsx-lying-size.xlsx"), "xlsx-lying-size.xlsx/xl/worksheets/sheet1.xml:1:1: error: the part inflates to "
            + "more than 10289152 bytes from 40873 (more than 250 times; its header said 1000); a zip bomb?")
        let message = bad("xlsx-lying-size.xlsx", limits: WorkbookLimits(maxPartBytes: 2 << 20, maxCompressionRatio: 100_000))
        XCTAssertTrue(message.hasSuffix("error: the part inflates to more than 2097152 bytes (the limit); a zip bomb?"), message)
    }

    func testEntryCountLimit() {
        let message = failure { _ = try self.open("checksheet-libreoffice.xlsx", limits: WorkbookLimits(maxEntries: 5)) }
        XCTAssertEqual(message, "checksheet-libreoffice.xlsx:1:1: error: the package has more than 5 entries; not a workbook this tool reads")
    }

    func testFileSizeLimit() {
        let message = failure { _ = try self.open("checksheet-libreoffice.xlsx", limits: WorkbookLimits(maxFileBytes: 1000)) }
        XCTAssertEqual(message, "checksheet-libreoffice.xlsx:1:1: error: the workbook is 8036 bytes, over the limit of 1000")
    }

    func testDoctypeInsideThePackageRefused() {
        let message = bad("xlsx-doctype.xlsx")
        XCTAssertTrue(message.hasPrefix("xlsx-doctype.xlsx/xl/worksheets/sheet1.xml:2:1: error: DOCTYPE declarations are not allowed"), message)
    }

    func testMissingWorkbookPart() {
        XCTAssertEqual(bad("xlsx-no-workbook.xlsx"), "xlsx-no-workbook.xlsx:1:1: error: the package has no workbook part (xl/workbook.xml); not an xlsx workbook")
    }

    func testMissingSheetPart() throws {
        XCTAssertEqual(bad("xlsx-missing-sheet-part.xlsx", sheet: "消えた表"),
                       "xlsx-missing-sheet-part.xlsx/xl/workbook.xml:2:1: error: sheet '消えた表' is stored in xl/worksheets/sheet2.xml, which the package does not hold")
        // The sheet that is there still reads.
        let workbook = try Workbook(path: TestPaths.fixture("bad/xlsx-missing-sheet-part.xlsx"))
        XCTAssertEqual(try workbook.table(sheet: "表").rows.first?.cells, ["共通", "見直し手順", "", "一行目\r\n二行目 & _x0041_"])
    }

    func testMillionRowsAgainstTheRowAndCellLimits() {
        let generous = 100_000
        XCTAssertEqual(bad("xlsx-million-rows.xlsx", limits: WorkbookLimits(maxCompressionRatio: generous, maxRows: 100_000)),
                       "xlsx-million-rows.xlsx:百万行!A100001: error: the sheet has more than 100000 rows (the limit); raise it if this is intended")
        XCTAssertEqual(bad("xlsx-million-rows.xlsx", limits: WorkbookLimits(maxCompressionRatio: generous, maxCells: 50_000)),
                       "xlsx-million-rows.xlsx:百万行!A50001: error: the sheet has more than 50000 cells (the limit); raise it if this is intended")
    }

    func testHugeMergedRangeStopsAtTheCellLimit() {
        XCTAssertEqual(bad("xlsx-huge-merge.xlsx"),
                       "xlsx-huge-merge.xlsx:表!A1: error: merged range A1:XFD1048576 takes the sheet over 20000000 cells (the limit)")
    }

    func testNotAZip() {
        let message = failure { _ = try Workbook(bytes: Array("No.,大項目\n".utf8), file: "c.xlsx") }
        XCTAssertEqual(message, "c.xlsx:1:1: error: not an xlsx workbook (not a zip package); save it from Excel or LibreOffice as .xlsx")
    }

    func testBadCellsReportedAtTheCell() {
        let bytes = MiniPackage.xlsx(sheet: "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            + "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>9</v></c><c r=\"C2\"><v>abc</v></c></row></sheetData></worksheet>")
        do {
            _ = try Workbook(bytes: bytes, file: "m.xlsx").table()
            XCTFail("expected errors")
        } catch {
            XCTAssertEqual(error.diagnostics.map(\.description), [
                "m.xlsx:Sheet1!B2: error: shared string 9 does not exist (the table holds 0)",
                "m.xlsx:Sheet1!C2: error: number cell holds 'abc', which is not a number",
            ])
        }
    }
}

/// A minimal stored (uncompressed) zip holding a one-sheet workbook, written here so the tests
/// need no zip library: [Content_Types].xml, xl/workbook.xml, its rels and the sheet.
enum MiniPackage {
    static func xlsx(sheet: String) -> [UInt8] {
        let parts: [(String, String)] = [
            ("xl/workbook.xml", "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        var out: [UInt8] = [], central: [UInt8] = []
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        for (name, text) in parts {
            let data = Array(text.utf8), path = Array(name.utf8), crc = crc32(data), offset = out.count
            let common = le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc) + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(path.count) + le16(0)
            out += le32(0x0403_4B50) + common + path + data
            central += le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(offset)) + path
        }
        let start = out.count
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(parts.count) + le16(parts.count) + le32(UInt32(central.count)) + le32(UInt32(start)) + le16(0)
        return out
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
