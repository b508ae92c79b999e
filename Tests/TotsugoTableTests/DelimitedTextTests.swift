import Foundation
import TestSupport
import TotsugoCore
import TotsugoTable
import XCTest

final class DelimitedTextTests: XCTestCase {
    // MARK: - Helpers

    private func parse(_ text: String, file: String = "t.csv", _ options: DelimitedText.Options = .init()) throws -> DelimitedTable {
        try DelimitedText.parse(Array(text.utf8), file: file, options: options)
    }

    private func cells(_ result: DelimitedTable) -> [[String]] { result.table.rows.map(\.cells) }

    private func starts(_ row: Table.Row) -> [String] { row.starts.map { "\($0.line):\($0.column)" } }

    /// The one diagnostic of a failed read, as printed.
    private func failure(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try body()
            XCTFail("expected an error", file: file, line: line)
            return ""
        } catch let error as DiagnosticError {
            XCTAssertEqual(error.diagnostics.count, 1, file: file, line: line)
            return error.diagnostics.map(\.description).joined(separator: "\n")
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return ""
        }
    }

    private func fixture(_ name: String) -> String { TestPaths.fixture("tables/csv/" + name) }

    /// The check sheet (Tests/Fixtures/tables/csv/checksheet.xlsx) as every producer saved it.
    private let checkSheet: [[String]] = [
        ["番号", "項目", "確認内容", "備考"],
        ["1-1", "鍵の管理", "合鍵は①の金庫にしまう", "髙田さんが担当"],
        ["1-2", "入退室", "受付で名前を書く\n退室の時刻も書く", "9:00\u{FF5E}17:30"],
        ["2-1", "来客", "名札を渡す, 帰りに回収する", "札に\"来客\"と書く"],
        ["2-2", "", "机の上に書類を残さない", "㈱の封筒は別の箱"],
        ["3", "廃棄", "紙は細断してから捨てる", ""],
    ]

    // MARK: - Files as producers write them

    func testLibreOfficeUTF8() throws {
        let result = try DelimitedText.read(fixture("checksheet-lo-utf8.csv"))
        XCTAssertEqual(cells(result), checkSheet)
        XCTAssertEqual(result.encoding, .utf8)
        XCTAssertFalse(result.byteOrderMark)
        XCTAssertEqual(result.delimiter, .comma)
        XCTAssertEqual(result.table.file, fixture("checksheet-lo-utf8.csv"))
        XCTAssertNil(result.table.sheet)
        let rows = result.table.rows
        XCTAssertEqual(rows.map(\.number), [1, 2, 3, 5, 6, 7])
        XCTAssertEqual(starts(rows[0]), ["1:1", "1:6", "1:11", "1:18"])
        XCTAssertEqual(starts(rows[1]), ["2:1", "2:7", "2:14", "2:28"])
        // The third cell spans lines 3–4; the fourth starts on line 4.
        XCTAssertEqual(starts(rows[2]), ["3:1", "3:7", "3:13", "4:11"])
        XCTAssertEqual(starts(rows[4]), ["6:1", "6:7", "6:8", "6:22"])
        XCTAssertEqual(starts(rows[5]), ["7:1", "7:3", "7:8", "7:22"])
        XCTAssertEqual(result.table.location(row: rows[2], column: 3).description, fixture("checksheet-lo-utf8.csv") + ":4:11")
    }

    func testEveryProducerReadsTheSame() throws {
        let expected: [(String, TextEncoding, Bool, Delimiter)] = [
            ("checksheet-lo-utf8.csv", .utf8, false, .comma),
            ("checksheet-lo-utf16.txt", .utf16LE, true, .tab),
            ("checksheet-lo-cp932.csv", .cp932, false, .comma),
            ("checksheet-excel-utf8-bom.csv", .utf8, true, .comma),
            ("checksheet-excel-cp932.csv", .cp932, false, .comma),
            ("checksheet-cr.csv", .utf8, false, .comma),
        ]
        for (name, encoding, bom, delimiter) in expected {
            let result = try DelimitedText.read(fixture(name))
            XCTAssertEqual(cells(result), checkSheet, name)
            XCTAssertEqual(result.table.rows.map(\.number), [1, 2, 3, 5, 6, 7], name)
            XCTAssertEqual(result.encoding, encoding, name)
            XCTAssertEqual(result.byteOrderMark, bom, name)
            XCTAssertEqual(result.delimiter, delimiter, name)
            // Named encodings read the same.
            XCTAssertEqual(cells(try DelimitedText.read(fixture(name), options: .init(encoding: encoding))), checkSheet, name)
        }
        // Minimal quoting (as Excel writes): cells start where the text does.
        let excel = try DelimitedText.read(fixture("checksheet-excel-cp932.csv"))
        XCTAssertEqual(starts(excel.table.rows[1]), ["2:1", "2:5", "2:10", "2:22"])
        XCTAssertEqual(starts(excel.table.rows[5]), ["7:1", "7:3", "7:6", "7:18"])
    }

    func testDeterministic() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: fixture("checksheet-excel-cp932.csv"))))
        let first = try DelimitedText.parse(bytes, file: "a.csv")
        let second = try DelimitedText.parse(bytes, file: "a.csv")
        XCTAssertEqual(first, second)
    }

    // MARK: - Encodings

    func testCP932ExtensionsAndMicrosoftMappings() throws {
        // ① ～ 髙 ㈱ ⅰ № － ∥ ￢ \ ~ ｶ, as Japanese Excel writes them.
        let bytes: [UInt8] = [0x87, 0x40, 0x81, 0x60, 0xFB, 0xFC, 0x87, 0x8A, 0xFA, 0x40, 0x87, 0x82,
                              0x81, 0x7C, 0x81, 0x61, 0x81, 0xCA, 0x5C, 0x7E, 0xB6]
        let result = try DelimitedText.parse(bytes, file: "x.csv")
        XCTAssertEqual(result.encoding, .cp932)
        XCTAssertEqual(result.table.rows[0].cells[0].unicodeScalars.map(\.value),
                       [0x2460, 0xFF5E, 0x9AD9, 0x3231, 0x2170, 0x2116, 0xFF0D, 0x2225, 0xFFE2, 0x5C, 0x7E, 0xFF76])
        XCTAssertEqual(try TextDecoding.decode(bytes, file: "x.csv", encoding: .cp932).text, "①～髙㈱ⅰ№－∥￢\\~ｶ")
    }

    func testNeitherUTF8NorCP932IsAnErrorAtTheFirstBadByte() {
        // CP932 text (あい) then 0x85 0x40, unassigned in CP932 and not UTF-8: reads furthest as CP932.
        let cp932Like: [UInt8] = Array("a,b\nc,".utf8) + [0x82, 0xA0, 0x82, 0xA2, 0x85, 0x40]
        let message = failure { try DelimitedText.parse(cp932Like, file: "x.csv") }
        XCTAssertTrue(message.hasPrefix("x.csv:2:5: error: the text is neither UTF-8 nor CP932 (Shift_JIS): it reads as CP932 up to the invalid byte 0x85 here (offset 10); as UTF-8 it fails at 2:3 (byte 0x82)"), message)
        // UTF-8 text (あ) then a lone 0xFF: reads furthest as UTF-8.
        let utf8Like: [UInt8] = Array("id,名前\n1,あ".utf8) + [0xFF]
        let second = failure { try DelimitedText.parse(utf8Like, file: "y.csv") }
        XCTAssertTrue(second.hasPrefix("y.csv:2:4: error: the text is neither UTF-8 nor CP932 (Shift_JIS): it reads as UTF-8 up to the invalid byte 0xFF here (offset 15); as CP932 it fails at "), second)
        XCTAssertEqual(failure { try DelimitedText.read(TestPaths.fixture("bad/table-csv-neither-utf8-nor-cp932.csv")) }.components(separatedBy: ": error:")[0],
                       TestPaths.fixture("bad/table-csv-neither-utf8-nor-cp932.csv") + ":3:7")
    }

    func testAForcedEncodingThatDoesNotFitIsAnError() throws {
        let cp932 = Array(try Data(contentsOf: URL(fileURLWithPath: fixture("checksheet-excel-cp932.csv"))))
        let asUTF8 = failure { try DelimitedText.parse(cp932, file: "s.csv", options: .init(encoding: .utf8)) }
        XCTAssertTrue(asUTF8.hasPrefix("s.csv:1:1: error: invalid UTF-8 (byte 0x94 at offset 0); the file is not UTF-8"), asUTF8)
        let utf8 = Array(try Data(contentsOf: URL(fileURLWithPath: fixture("checksheet-lo-utf8.csv"))))
        // `"番号","項` in UTF-8 reads as CP932 (E7 95, AA, E5 8F, B7, …, E9 A0) up to 0x85 (the
        // last byte of 項), which no CP932 character starts with.
        let asCP932 = failure { try DelimitedText.parse(utf8, file: "u.csv", options: .init(encoding: .cp932)) }
        XCTAssertTrue(asCP932.hasPrefix("u.csv:1:10: error: invalid CP932 (Shift_JIS) (byte 0x85 at offset 12)"), asCP932)
        let bom = Array(try Data(contentsOf: URL(fileURLWithPath: fixture("checksheet-excel-utf8-bom.csv"))))
        XCTAssertEqual(failure { try DelimitedText.parse(bom, file: "b.csv", options: .init(encoding: .cp932)) },
                       "b.csv:1:1: error: the file starts with a UTF-8 byte order mark, but its encoding was given as CP932 (Shift_JIS); leave the encoding to be detected, or name UTF-8")
        let utf16 = Array(try Data(contentsOf: URL(fileURLWithPath: fixture("checksheet-lo-utf16.txt"))))
        XCTAssertTrue(failure { try DelimitedText.parse(utf16, file: "w.txt", options: .init(encoding: .utf16BE)) }
            .hasPrefix("w.txt:1:1: error: the file starts with a UTF-16LE byte order mark, but its encoding was given as UTF-16BE"))
        XCTAssertTrue(failure { try DelimitedText.parse(utf16, file: "w.txt", options: .init(encoding: .utf8)) }
            .hasPrefix("w.txt:1:1: error: the file starts with a UTF-16LE byte order mark, but its encoding was given as UTF-8"))
    }

    func testUTF16() throws {
        func utf16(_ text: String, bigEndian: Bool, bom: Bool = true) -> [UInt8] {
            var out: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
            for unit in text.utf16 { out += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            return out
        }
        let text = "番号\t名前\r\n1\t\"𠮷野\r\n屋\"\r\n"
        for bigEndian in [false, true] {
            let result = try DelimitedText.parse(utf16(text, bigEndian: bigEndian), file: "u.txt")
            XCTAssertEqual(cells(result), [["番号", "名前"], ["1", "𠮷野\n屋"]])
            XCTAssertEqual(result.encoding, bigEndian ? .utf16BE : .utf16LE)
            XCTAssertEqual(result.delimiter, .tab)
            // Without a byte order mark only when named.
            XCTAssertEqual(cells(try DelimitedText.parse(utf16(text, bigEndian: bigEndian, bom: false), file: "u.txt",
                                                         options: .init(encoding: bigEndian ? .utf16BE : .utf16LE))), cells(result))
        }
        // Without a byte order mark and not named: NUL characters, with a hint.
        let noBOM = failure { try DelimitedText.parse(utf16("ab\tc", bigEndian: false, bom: false), file: "n.txt") }
        XCTAssertEqual(noBOM, "n.txt:1:2: error: NUL character in the text (read as UTF-8); if this is UTF-16 text without a byte order mark, name its encoding (utf-16le or utf-16be)")
        XCTAssertEqual(failure { try DelimitedText.parse(utf16("a\nb", bigEndian: false) + [0x41], file: "o.txt") },
                       "o.txt:2:2: error: invalid UTF-16LE: the text ends in the middle of a character (odd number of bytes) at offset 8")
        XCTAssertEqual(failure { try DelimitedText.parse([0xFF, 0xFE, 0x41, 0x00, 0x3D, 0xD8, 0x41, 0x00], file: "s.txt") },
                       "s.txt:1:2: error: invalid UTF-16LE: a high surrogate without its low surrogate at offset 4")
        XCTAssertEqual(failure { try DelimitedText.parse([0xFE, 0xFF, 0xDC, 0x00], file: "s.txt") },
                       "s.txt:1:1: error: invalid UTF-16BE: a low surrogate without its high surrogate at offset 2")
    }

    func testUTF8ErrorsAndNUL() {
        XCTAssertEqual(failure { try DelimitedText.parse(Array("a,b\nあい,".utf8) + [0xC0, 0x80], file: "x.csv", options: .init(encoding: .utf8)) },
                       "x.csv:2:4: error: invalid UTF-8 (byte 0xC0 at offset 11); the file is not UTF-8: name its encoding (e.g. cp932 for a CSV saved by Japanese Excel), or save it as UTF-8")
        XCTAssertEqual(failure { try DelimitedText.parse(Array("a,b\nc,\u{0}".utf8), file: "z.csv", options: .init(encoding: .utf8)) },
                       "z.csv:2:3: error: NUL character in the text (read as UTF-8); a text table holds no NUL characters (is this a binary file?)")
    }

    func testEncodingNames() {
        XCTAssertEqual(["auto", "UTF-8", "utf8", "cp932", "Shift_JIS", "sjis", "Windows-31J", "utf-16", "UTF-16LE", "utf_16be"].map { TextEncoding(name: $0) },
                       [.auto, .utf8, .utf8, .cp932, .cp932, .cp932, .cp932, .utf16LE, .utf16LE, .utf16BE])
        XCTAssertNil(TextEncoding(name: "latin1"))
        XCTAssertEqual(["auto", "comma", ",", "tab", "semicolon"].map { Delimiter(name: $0) }, [.auto, .comma, .comma, .tab, .semicolon])
        XCTAssertNil(Delimiter(name: "pipe"))
    }

    // MARK: - Quoting and line ends

    func testQuoting() throws {
        let result = try parse("\"a,b\",\"say \"\"hi\"\"\",\"\"\r\n5\" disk,ab\"c\"\", \"x\"\n\"line1\r\nline2\rline3\nend\",z")
        XCTAssertEqual(cells(result), [["a,b", "say \"hi\"", ""], ["5\" disk", "ab\"c\"\"", " \"x\""], ["line1\nline2\nline3\nend", "z"]])
        XCTAssertEqual(result.table.rows.map(\.number), [1, 2, 3])
        XCTAssertEqual(starts(result.table.rows[1]), ["2:1", "2:9", "2:16"])
        XCTAssertEqual(starts(result.table.rows[2]), ["3:1", "6:6"])
    }

    func testTextAfterAClosingQuoteIsAnError() {
        XCTAssertEqual(failure { try parse("a,b\nc,\"say \"hi\" now\",d\n") },
                       "t.csv:2:9: error: text after the closing quote of the quoted cell that starts at 2:3; a quote inside a quoted cell is written as two quotes (\"\")")
    }

    func testUnterminatedQuotedCellIsAnErrorAtItsStart() {
        XCTAssertEqual(failure { try parse("番号,内容\n1,\"複数行の\n説明,2\n3,x\n") },
                       "t.csv:2:3: error: this quoted cell is never closed: no closing quote (\") before the end of the file; a quote inside a quoted cell is written as two quotes (\"\")")
        let path = TestPaths.fixture("bad/table-csv-unterminated-quote.csv")
        XCTAssertEqual(failure { try DelimitedText.read(path) }.components(separatedBy: ": error:")[0], path + ":3:8")
    }

    func testLineEndsBlankLinesAndTheEnd() throws {
        for text in ["a,b\r\n\r\nc,d\r\n", "a,b\n\nc,d\n", "a,b\r\rc,d\r", "a,b\n\r\nc,d"] {
            let result = try parse(text)
            XCTAssertEqual(cells(result), [["a", "b"], [""], ["c", "d"]], text.debugDescription)
            XCTAssertEqual(result.table.rows.map(\.number), [1, 2, 3], text.debugDescription)
            XCTAssertEqual(starts(result.table.rows[2]), ["3:1", "3:3"], text.debugDescription)
        }
        // Trailing delimiters are empty cells; only the last line end is not a row.
        XCTAssertEqual(cells(try parse("a,\n,\n\n")), [["a", ""], ["", ""], [""]])
        XCTAssertEqual(failure { try parse("") }, "t.csv:1:1: error: the file is empty: it holds no rows")
        XCTAssertEqual(failure { try DelimitedText.parse([0xEF, 0xBB, 0xBF], file: "e.csv") }, "e.csv:1:1: error: the file is empty: it holds no rows")
    }

    func testColumnsCountCharacters() throws {
        // が written as か + combining mark is one character; 𠮷 (outside the BMP) is one.
        let result = try parse("か\u{3099}𠮷,x,\"é\",y\n")
        XCTAssertEqual(starts(result.table.rows[0]), ["1:1", "1:4", "1:6", "1:10"])
        // A cell starts one character after the cells and delimiters before it on its line, each
        // counted as Swift counts characters (half-width ﾞ joins ｶ; a flag, joined emoji and
        // Hangul jamo are one each; a cell's leading variation selector does not join the comma).
        let line = "ｶﾞ①～髙㈱,🇯🇵,👨‍👩‍👧,\u{1100}\u{1161}\u{11A8},e\u{301}x,\u{FE0F}漢字\u{E0100},ａ"
        let row = try parse(line + "\n").table.rows[0]
        var column = 1
        for (index, cell) in row.cells.enumerated() {
            XCTAssertEqual(row.starts[index].column, column, cell)
            column += cell.count + 1
        }
        XCTAssertEqual(starts(row), ["1:1", "1:7", "1:9", "1:11", "1:13", "1:16", "1:20"])
    }

    // MARK: - Delimiters

    func testDelimiterDetection() throws {
        XCTAssertEqual(try parse("a\tb,c\n", file: "x.tsv").delimiter, .tab)
        XCTAssertEqual(try parse("a\tb,c\n", file: "x.csv").delimiter, .comma)
        XCTAssertEqual(try parse("a\tb\n", file: "x.csv").delimiter, .tab)
        XCTAssertEqual(try parse("a,b\n", file: "x.txt").delimiter, .comma)
        XCTAssertEqual(try parse("one\ntwo\n", file: "x.txt").delimiter, .tab)
        XCTAssertEqual(try parse("one\ntwo\n", file: "x").delimiter, .comma)
        // Quoted commas do not count.
        XCTAssertEqual(try parse("\"a,b\"\tc\n", file: "x").delimiter, .tab)
        XCTAssertEqual(cells(try parse("a;b,c\n", file: "x.csv", .init(delimiter: .semicolon))), [["a", "b,c"]])
        XCTAssertEqual(cells(try parse("a\tb,c\n", file: "x.tsv", .init(delimiter: .comma))), [["a\tb", "c"]])
    }

    // MARK: - Limits

    func testLimits() throws {
        XCTAssertEqual(failure { try parse("a,b\n", .init(maxInputBytes: 3)) },
                       "t.csv:1:1: error: file is larger than the input limit of 3 bytes (4 bytes); raise the limit with --max-input-bytes if this is intended")
        let path = fixture("checksheet-lo-utf8.csv")
        XCTAssertEqual(failure { try DelimitedText.read(path, options: .init(maxInputBytes: 100)) },
                       path + ":1:1: error: file is larger than the input limit of 100 bytes (410 bytes); raise the limit with --max-input-bytes if this is intended")
        XCTAssertEqual(cells(try parse("a\nb\n", .init(maxRows: 2))), [["a"], ["b"]])
        XCTAssertEqual(failure { try parse("a\n\"b\nc\"\nd\n", .init(maxRows: 2)) },
                       "t.csv:4:1: error: the table has more than 2 rows (the limit for one table); raise the row limit if this is intended")
        XCTAssertEqual(failure { try parse("a,b\nc,d,e\n", .init(maxColumns: 2)) },
                       "t.csv:2:5: error: the row has more than 2 cells (the limit for one row); raise the column limit if this is intended")
        XCTAssertEqual(failure { try parse("a,b\nc,d\n", .init(maxCells: 3)) },
                       "t.csv:2:3: error: the table has more than 3 cells (the limit for one table); raise the cell limit if this is intended")
        XCTAssertEqual(cells(try parse("あいう,\"x\"\"y\"\n", .init(maxCellLength: 3))), [["あいう", "x\"y"]])
        XCTAssertEqual(failure { try parse("ok,\"あいうえ\"\n", .init(maxCellLength: 3)) },
                       "t.csv:1:4: error: this cell is 4 characters long, more than the limit of 3 for one cell (is a quote not closed where it should be?); raise the cell length limit if this is intended")
    }

    func testMissingAndSpecialFiles() {
        do {
            _ = try DelimitedText.read("/nonexistent/t.csv")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.kind, .missingInput)
            XCTAssertEqual(error.diagnostics.map(\.description), ["/nonexistent/t.csv:1:1: error: no such file"])
        }
        let folder = failure { try DelimitedText.read(TestPaths.fixture("tables/csv")) }
        XCTAssertTrue(folder.hasPrefix(TestPaths.fixture("tables/csv") + ":1:1: error: is a folder, not a file"), folder)
    }
}
