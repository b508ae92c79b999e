import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoIngest
@testable import TotsugoMatch
import XCTest
import ZIPFoundation

final class XLSXEmitterTests: XCTestCase {
    func resolved() throws -> ResolvedMapping {
        let result = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        XCTAssertEqual(result.diagnostics, [])
        return try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
    }

    func render() throws -> (XLSXEmitter.Output, CrossReferenceTable, Coverage, ResolvedMapping) {
        let resolved = try resolved()
        let table = CrossReferenceTable(resolved)
        let coverage = Coverage(resolved)
        return (try XLSXEmitter().render(table, resolved: resolved, coverage: coverage), table, coverage, resolved)
    }

    /// A workbook holding only the 突合表 of `table`.
    func tableOnly(_ table: CrossReferenceTable) throws -> XLSXEmitter.Output {
        var (zip, warnings) = XLSXEmitter().package(table: table, named: "突合表", others: [], title: table.title,
                                                    timestamp: "2000-01-01T00:00:00Z")
        return XLSXEmitter.Output(bytes: try zip.takeData(), warnings: warnings().map { "sheet \($0.sheet) cell \($0.cell): \($0.message)" })
    }

    func testPackageHasTheSheetsAndParts() throws {
        let (output, _, _, _) = try render()
        let book = try WorkbookReader(output.bytes)
        XCTAssertEqual(book.sheets.map(\.name), ["突合表", "カバレッジ", "逆引き", "出典"])
        XCTAssertEqual(book.partOrder.first, "[Content_Types].xml")
        for part in ["_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/styles.xml", "xl/sharedStrings.xml"] {
            XCTAssertNotNil(book.parts[part], part)
        }
        XCTAssertEqual(output.warnings, [])
        // The 突合表's texts are shared strings; the small sheets' are inline strings.
        let part = { (name: String) in String(decoding: book.parts[name] ?? Data(), as: UTF8.self) }
        XCTAssertTrue(part("xl/worksheets/sheet1.xml").contains(" t=\"s\"><v>"))
        for sheet in 2...4 {
            XCTAssertFalse(part("xl/worksheets/sheet\(sheet).xml").contains(" t=\"s\""), "sheet\(sheet)")
            XCTAssertTrue(part("xl/worksheets/sheet\(sheet).xml").contains(" t=\"inlineStr\"><is><t"), "sheet\(sheet)")
        }
        XCTAssertFalse(part("xl/sharedStrings.xml").contains("引用する業界項目"), "a heading of 逆引き only")
    }

    func testHeaderGroupsAreMergedBoldAndFilled() throws {
        let (output, table, _, _) = try render()
        let book = try WorkbookReader(output.bytes)
        let sheet = try book.sheet("突合表")
        var column = 1
        var expectedMerges: [String] = []
        for group in table.groups {
            let first = XLSXCellRef.cell(row: 1, column: column)
            XCTAssertEqual(sheet.value(first), group.title)
            let font = book.font(of: sheet.style(first))
            XCTAssertTrue(font.bold, "group header \(first) bold")
            XCTAssertNotNil(book.fill(of: sheet.style(first)), "group header \(first) filled")
            for (offset, name) in group.columns.enumerated() {
                XCTAssertEqual(sheet.value(XLSXCellRef.cell(row: 2, column: column + offset)), name)
                XCTAssertTrue(book.font(of: sheet.style(XLSXCellRef.cell(row: 2, column: column + offset))).bold)
            }
            if group.columns.count > 1 {
                expectedMerges.append(XLSXCellRef.range(top: 1, left: column, bottom: 1, right: column + group.columns.count - 1))
            }
            column += group.columns.count
        }
        XCTAssertEqual(sheet.merges, expectedMerges)
        // The fixture: 業界 (章, 項目, 記載内容, レベル) A1:D1, 付録T E1:H1, 付録S I1:K1, 反映案 L1:N1.
        XCTAssertEqual(sheet.merges, ["A1:D1", "E1:H1", "I1:K1", "L1:N1"])
        XCTAssertEqual(sheet.value("E1"), "付録T")
        XCTAssertEqual(sheet.value("L1"), "業界サンプル規程への反映案")
    }

    func testFrozenPanesFilterAndPrintSetup() throws {
        let (output, table, _, _) = try render()
        let book = try WorkbookReader(output.bytes)
        let sheet = try book.sheet("突合表")
        XCTAssertEqual(sheet.pane["state"], "frozen")
        XCTAssertEqual(sheet.pane["ySplit"], "2", "both header rows frozen")
        XCTAssertEqual(sheet.pane["xSplit"], "2", "item columns 章 and 項目 frozen")
        XCTAssertEqual(sheet.pane["topLeftCell"], "C3")
        let lastRow = table.rows.count + 2
        XCTAssertEqual(sheet.autoFilter, "A2:N\(lastRow)")
        XCTAssertEqual(sheet.pageSetup["paperSize"], "8", "A3, one page wide: 14 columns are too wide for A4 (XLSXPrintTests)")
        XCTAssertEqual(sheet.pageSetup["orientation"], "landscape")
        let titles = book.definedNames.first { $0.name == "_xlnm.Print_Titles" && $0.localSheetId == "0" }
        XCTAssertEqual(titles?.value, "'突合表'!$1:$2", "one A3 page wide: only the header rows repeat")
        let filter = book.definedNames.first { $0.name == "_xlnm._FilterDatabase" && $0.localSheetId == "0" }
        XCTAssertEqual(filter?.value, "'突合表'!$A$2:$N$\(lastRow)")
        // Body cells wrap and align to the top; widths are set for every column.
        XCTAssertTrue(book.formats[sheet.style("C3")].wrap)
        XCTAssertEqual(book.formats[sheet.style("C3")].vertical, "top")
        XCTAssertEqual(sheet.widths.count, table.columnCount)
        XCTAssertGreaterThanOrEqual(sheet.widths[3] ?? 0, 24, "記載内容 gets at least the prose width")
    }

    func testGapsAreFlaggedByStyleAndConditionalFormat() throws {
        let (output, table, _, _) = try render()
        let book = try WorkbookReader(output.bytes)
        let sheet = try book.sheet("突合表")
        var gaps = 0, unreviewed = 0
        for (r, row) in table.rows.enumerated() {
            for (c, cell) in row.cells.enumerated() {
                let ref = XLSXCellRef.cell(row: r + 3, column: c + 1)
                XCTAssertEqual(sheet.value(ref) ?? "", cell.text, ref)
                let font = book.font(of: sheet.style(ref))
                switch cell.kind {
                case .gap:
                    gaps += 1
                    XCTAssertEqual(sheet.value(ref), "#N/A")
                    XCTAssertTrue(font.bold, ref)
                    XCTAssertEqual(font.color, "FF9C0006", ref)
                    XCTAssertEqual(book.fill(of: sheet.style(ref)), "FFFFC7CE", ref)
                case .unreviewed:
                    unreviewed += 1
                    XCTAssertTrue(font.italic, ref)
                case .text:
                    XCTAssertNil(book.fill(of: sheet.style(ref)), "\(ref) plain text is not filled")
                }
            }
        }
        XCTAssertEqual(gaps, 14, "fixture: row 1 all 7 target cells, rows 2 and 3 one group each")
        XCTAssertEqual(unreviewed, 8)
        let rule = try XCTUnwrap(sheet.conditionalFormats.first)
        XCTAssertEqual(rule.sqref, "A3:N\(table.rows.count + 2)")
        XCTAssertEqual(rule.type, "expression")
        XCTAssertEqual(rule.formula, "IF(ISERROR(A3),ISNA(A3),A3=\"#N/A\")")
        XCTAssertEqual(book.dxfFills[Int(rule.dxfId ?? "") ?? -1], "FFFFC7CE")
    }

    func testCoverageSheetNumbers() throws {
        let (output, _, coverage, _) = try render()
        let sheet = try WorkbookReader(output.bytes).sheet("カバレッジ")
        XCTAssertEqual((1...8).map { sheet.value(XLSXCellRef.cell(row: 1, column: $0)) },
                       ["対象", "レベル", "項目数", "対応あり", "うち完全に対応", "対応なし（#N/A）", "未突合", "対応率"])
        XCTAssertEqual(coverage.lines.count, 9)
        for (index, line) in coverage.lines.enumerated() {
            let r = index + 2
            let c = line.count
            XCTAssertEqual(sheet.value("A\(r)"), line.targetTitle)
            XCTAssertEqual(sheet.value("B\(r)"), line.level?.description ?? "全レベル")
            XCTAssertEqual(["C", "D", "E", "F", "G"].map { sheet.value("\($0)\(r)") },
                           [c.items, c.mapped, c.fullyCovered, c.noCounterpart, c.unreviewed].map(String.init))
            XCTAssertEqual(Double(sheet.value("H\(r)") ?? "") ?? -1, c.mappedPercent / 100, accuracy: 1e-12)
        }
        // The fixture's numbers, as in the Markdown golden: 付録T all levels 4 items, 1 mapped, 2 #N/A, 1 unreviewed.
        XCTAssertEqual(["A2", "B2", "C2", "D2", "E2", "F2", "G2", "H2"].map { sheet.value($0) },
                       ["付録T", "全レベル", "4", "1", "0", "2", "1", "0.25"])
        XCTAssertEqual(["A8", "B8", "C8", "D8", "F8", "G8", "H8"].map { sheet.value($0) },
                       ["いずれか", "全レベル", "4", "2", "1", "1", "0.5"])
        XCTAssertEqual(sheet.pane["ySplit"], "1")
        XCTAssertEqual(sheet.autoFilter, "A1:H10")
    }

    func testReverseSheetListsEveryTargetItem() throws {
        let (output, _, _, resolved) = try render()
        let sheet = try WorkbookReader(output.bytes).sheet("逆引き")
        let view = ReverseView(resolved)
        XCTAssertEqual(view.lines.count, resolved.targets.map(\.items.count).reduce(0, +))
        for (index, line) in view.lines.enumerated() {
            let r = index + 2
            XCTAssertEqual(sheet.value("B\(r)"), line.itemLabel)
            if line.isGap {
                XCTAssertEqual(sheet.value("D\(r)"), "#N/A", "uncited \(line.itemLabel)")
                XCTAssertEqual(sheet.value("F\(r)"), "0")
            } else if line.citations.isEmpty {
                XCTAssertEqual(sheet.value("D\(r)"), "（下位の項目で引用 \(line.citationsBelow) 件）", line.itemLabel)
                XCTAssertEqual(sheet.value("F\(r)"), "0")
            }
        }
        let cited = try XCTUnwrap(view.lines.first { $0.targetID == "target" && $0.itemID == "3/1" })
        XCTAssertEqual(cited.citations.map(\.sourceID), ["2/(1)"])
        XCTAssertEqual(cited.citations.first?.relationship, "一部に相当（意味上・強度 7/10）")
        let second = try XCTUnwrap(view.lines.first { $0.targetID == "second" && $0.itemID == "25" })
        XCTAssertEqual(second.citations.map(\.sourceID), ["2/(2)"])
        XCTAssertFalse(view.uncited.isEmpty)
        XCTAssertTrue(sheet.conditionalFormats.contains { $0.type == "expression" })
    }

    func testSourcesSheetShowsProvenance() throws {
        let (output, _, _, resolved) = try render()
        let sheet = try WorkbookReader(output.bytes).sheet("出典")
        let values = Set(sheet.cells.values.map(\.value))
        for index in [resolved.source] + resolved.targets {
            XCTAssertTrue(values.contains(index.catalog.title), index.catalog.title)
            XCTAssertTrue(values.contains(index.catalog.completeness), index.catalog.completeness)
        }
        XCTAssertTrue(values.contains("industry-to-target"))
    }

    func testJapaneseFontInStyles() throws {
        let (output, _, _, _) = try render()
        let book = try WorkbookReader(output.bytes)
        XCTAssertFalse(book.fonts.isEmpty)
        for font in book.fonts {
            XCTAssertEqual(font.name, "游ゴシック")
            XCTAssertEqual(font.charset, "128", "Shift_JIS charset marks the font as Japanese")
        }
    }

    func testByteIdenticalAcrossRenders() throws {
        let first = try render().0.bytes
        let second = try render().0.bytes
        XCTAssertEqual(first, second)
        let book = try WorkbookReader(first)
        let core = String(decoding: try XCTUnwrap(book.parts["docProps/core.xml"]), as: UTF8.self)
        XCTAssertTrue(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:created>"), core)
        let archive = try Archive(data: Data(first), accessMode: .read)
        let dates = Set(archive.map { $0.fileAttributes[.modificationDate] as? Date })
        XCTAssertEqual(dates.count, 1, "every part has the same fixed time")
    }

    func testTimestampComesFromCatalogDates() {
        XCTAssertEqual(InputDate.w3c("2023-02"), "2023-02-01")
        XCTAssertEqual(InputDate.w3c("2023"), "2023-01-01")
        XCTAssertEqual(InputDate.w3c("2023-2-5"), "2023-02-05")
        XCTAssertNil(InputDate.w3c("令和5年"))
        XCTAssertNil(InputDate.w3c(nil))
    }

    func testOverlongCellIsCutWithMarkerAndWarning() throws {
        let long = String(repeating: "情報", count: 20_000) + "😀"
        let table = CrossReferenceTable(title: "t", groups: [.init(title: "g", columns: ["項目", "記載内容"])],
                                        rows: [.init(itemID: "1", levels: [], cells: [.text("1"), .text(long)])])
        let output = try tableOnly(table)
        XCTAssertEqual(output.warnings.count, 1)
        XCTAssertTrue(output.warnings[0].contains("B3"), output.warnings[0])
        XCTAssertTrue(output.warnings[0].contains("40002"), output.warnings[0])
        let value = try XCTUnwrap(try WorkbookReader(output.bytes).sheet("突合表").value("B3"))
        XCTAssertLessThanOrEqual(value.utf16.count, XLSXText.cellLimit)
        XCTAssertTrue(value.hasPrefix("情報情報"))
        XCTAssertTrue(value.hasSuffix("Excel のセル上限 32767 文字を超えるため切り詰め］"), String(value.suffix(60)))
        XCTAssertNil(XLSXText.truncatedForCell("短い"))
        // Never splits a surrogate pair.
        let emoji = String(repeating: "😀", count: 20_000)
        let cut = try XCTUnwrap(XLSXText.truncatedForCell(emoji))
        XCTAssertEqual(cut.unicodeScalars.filter { $0.value >= 0xD800 && $0.value <= 0xDFFF }.count, 0)
        XCTAssertLessThanOrEqual(cut.utf16.count, XLSXText.cellLimit)
    }

    func testTextIsEscapedAndRoundTrips() throws {
        let text = "a<b>&\"c\" 'd' \u{1}e _x0041_ 改行\n次"
        let table = CrossReferenceTable(title: "<&>", groups: [.init(title: "g&<", columns: ["項目"])],
                                        rows: [.init(itemID: "1", levels: [], cells: [.text(text)])])
        let output = try tableOnly(table)
        let book = try WorkbookReader(output.bytes)
        let sheet = try book.sheet("突合表")
        XCTAssertEqual(sheet.value("A1"), "g&<")
        XCTAssertEqual(sheet.value("A3"), text)
        XCTAssertEqual(XLSXText.escape("_x0041_"), "_x005F_x0041_")
        XCTAssertEqual(XLSXText.escape("\u{1}"), "_x0001_")
    }

    func testSheetNamesFollowExcelRules() {
        XCTAssertEqual(XLSXSheetName.make("突合表", avoiding: []), "突合表")
        let long = XLSXSheetName.make(String(repeating: "長", count: 40), avoiding: [])
        XCTAssertEqual(long.count, 31)
        XCTAssertEqual(XLSXSheetName.make("a/b:c*d?[e]\\", avoiding: []), "a_b_c_d__e__")
        XCTAssertEqual(XLSXSheetName.make("'x'", avoiding: []), "x")
        XCTAssertEqual(XLSXSheetName.make("Sheet", avoiding: ["sheet"]), "Sheet (2)")
        let dup = XLSXSheetName.make(String(repeating: "長", count: 40), avoiding: [long])
        XCTAssertEqual(dup.count, 31)
        XCTAssertTrue(dup.hasSuffix(" (2)"))
    }

    func testColumnLetters() {
        XCTAssertEqual(XLSXCellRef.column(1), "A")
        XCTAssertEqual(XLSXCellRef.column(26), "Z")
        XCTAssertEqual(XLSXCellRef.column(27), "AA")
        XCTAssertEqual(XLSXCellRef.column(702), "ZZ")
        XCTAssertEqual(XLSXCellRef.column(703), "AAA")
        XCTAssertEqual(XLSXCellRef.range(top: 2, left: 1, bottom: 8, right: 27), "A2:AA8")
        XCTAssertEqual(XLSXCellRef.quotedSheet("it's"), "'it''s'")
    }

    func testRowHeightsFollowWrappedLines() throws {
        XCTAssertEqual(XLSXRowHeights.wrappedLines("短い", width: 10), 1)
        XCTAssertEqual(XLSXRowHeights.wrappedLines(String(repeating: "情", count: 10), width: 11), 2, "20 units in 10")
        XCTAssertEqual(XLSXRowHeights.wrappedLines("a\nb\nc", width: 10), 3)
        let (output, _, _, _) = try render()
        let sheet = String(decoding: try XCTUnwrap(try WorkbookReader(output.bytes).parts["xl/worksheets/sheet1.xml"]), as: UTF8.self)
        XCTAssertTrue(sheet.contains("<row r=\"4\" ht=\""), "the two-link row gets a height")
    }

    func testSharedStringsProducerGivesTheSameBytesAsTheWholePart() {
        var strings = XLSXSharedStrings()
        for index in 0..<3_000 {
            _ = strings.index(of: index % 7 == 0 ? " 先頭<&>\n\(index) " : "項目\(index % 1_000)_x00Ab_\u{1}")
        }
        XCTAssertEqual(strings.texts.count, 1_000 + 429)
        XCTAssertEqual(strings.uses, 3_000)
        let whole = strings.xml
        var producer = strings.takeProducer()
        XCTAssertEqual(producer.count, whole.count)
        var made: [UInt8] = []
        while producer.produce(into: &made) {}
        XCTAssertEqual(made, whole)
    }

    func testSharedStringsAreKeyedByBytes() {
        var strings = XLSXSharedStrings()
        let texts = ["", "a", "あ", "#N/A", "（未突合）", String(repeating: "情報", count: 100), "abcdefgh", "abcdefgi"]
        for text in texts + texts.reversed() { _ = strings.index(of: text) }
        XCTAssertEqual(strings.texts.map(\.joined), texts, "each distinct text once, in first-use order")
        for (index, text) in texts.enumerated() { XCTAssertEqual(strings.index(of: text), index) }
        // Many texts: the table grows (rehashes) and still finds every one.
        for number in 0..<50_000 { _ = strings.index(of: "項目 \(number)") }
        XCTAssertEqual(strings.index(of: "項目 12345"), texts.count + 12_345)
        XCTAssertEqual(strings.texts.count, texts.count + 50_000)
    }

    /// Texts indexed in a table of their own and appended get the indexes (and the part the
    /// bytes) they get when indexed after the others in one table.
    func testAppendedStringsAreIndexedAsIfAddedInOrder() {
        let first = ["共通", "a", "情報\n資産", "b"], second = ["c", "共通", "c", "b", "新規", "情報\n資産", "d"]
        var together = XLSXSharedStrings()
        let expected = (first + second).map { together.index(of: $0) }
        var strings = XLSXSharedStrings(), other = XLSXSharedStrings()
        let head = first.map { strings.index(of: $0) }
        let local = second.map { other.index(of: .lines($0.components(separatedBy: "\n"))) }
        let moved = strings.append(other)
        XCTAssertEqual(head + local.map { Int(moved[$0]) }, expected)
        XCTAssertEqual(strings.uses, together.uses)
        XCTAssertEqual(strings.xml, together.xml)
    }

    /// A cell's lines are one text with the joined text, whatever the pieces: same index, same
    /// entry bytes, same hash wherever the pieces end.
    func testLinesAreTheJoinedText() {
        var strings = XLSXSharedStrings()
        let joined = "第1部 経営者編/重要7項目\n第2部 実践編_x0041_&\n末尾 "
        XCTAssertEqual(strings.index(of: .lines(["第1部 経営者編/重要7項目", "第2部 実践編_x0041_&", "末尾 "])), 0)
        XCTAssertEqual(strings.index(of: joined), 0)
        XCTAssertEqual(strings.index(of: .lines(["第1部 経営者編/重要7項目\n第2部 実践編_x0041_&", "末尾 "])), 0)
        XCTAssertEqual(strings.index(of: .lines(["第1部 経営者編/重要7項目", "第2部 実践編_x0041_&", "末尾"])), 1)
        XCTAssertEqual(strings.index(of: .lines(["a", "b"])), 2)
        XCTAssertEqual(strings.index(of: "a\nb"), 2)
        XCTAssertEqual(strings.index(of: .lines(["", "a"])), 3)
        XCTAssertEqual(strings.index(of: "\na"), 3)
        var single = XLSXSharedStrings()
        for text in [joined, joined, joined, "第1部 経営者編/重要7項目\n第2部 実践編_x0041_&\n末尾", "a\nb", "a\nb", "\na", "\na"] {
            _ = single.index(of: text)
        }
        XCTAssertEqual(strings.xml, single.xml)
        let bytes = Array(joined.utf8)
        let whole = bytes.withUnsafeBufferPointer { XLSXSharedStrings.hash($0) }
        for cut in 0...bytes.count {
            var hasher = XLSXSharedStrings.ByteHasher()
            bytes.withUnsafeBufferPointer {
                hasher.feed(UnsafeBufferPointer(rebasing: $0[0..<cut]))
                hasher.feed(UnsafeBufferPointer(rebasing: $0[cut...]))
            }
            XCTAssertEqual(hasher.finish(), whole, "cut at \(cut)")
        }
        XCTAssertEqual(XLSXText.widestLine(lines: ["情報", "abcde", ""]), XLSXText.widestLine("情報\nabcde\n"))
        XCTAssertEqual(XLSXRowHeights.wrappedLines(lines: [String(repeating: "情", count: 30), "a", ""], width: 12),
                       XLSXRowHeights.wrappedLines(String(repeating: "情", count: 30) + "\na\n", width: 12))
        XCTAssertEqual(XLSXRowHeights.wrappedLines(lines: ["a\r", "b"], width: 12), XLSXRowHeights.wrappedLines("a\r\nb", width: 12))
    }

    /// `xml:space="preserve"` is decided from the bytes as the String would decide it.
    func testPreserveMatchesCharacterWhitespace() {
        let samples = ["", " ", "a", "a ", " a", "情報", "情報\u{3000}", "\u{3000}情報", "a\nb", "a\r\n", "\t", "x\u{0600} ",
                       "e\u{301}", " \u{301}", "情報 \u{301}", "a\u{85}", "\u{2028}x", "x\u{A0}", "。", "ｱ", "😀", "a😀 "]
        for text in samples {
            let expected = text.first?.isWhitespace == true || text.last?.isWhitespace == true || text.utf8.contains(0x0A)
            var copy = text
            let got = copy.withUTF8 { XLSXSharedStrings.needsPreserve($0, text) }
            XCTAssertEqual(got, expected, text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
        }
    }

    func testEscapeFastPathMatchesTheByteRules() {
        // Long runs of multi-byte text around every special byte, at every alignment.
        for special in ["&", "<", ">", "\"", "_x0041_", "\u{1}", "\u{FFFE}", "\u{FFFF}", "（", "\n", "ｱ"] {
            for offset in 0..<18 {
                let text = offset < 9
                    ? String(repeating: "情", count: offset) + special + String(repeating: "報", count: 9 - offset)
                    : String(repeating: "a1 ", count: offset - 9) + special + String(repeating: "z9", count: 18 - offset) + "\u{1F}~\u{7F}"
                var expected = ""
                for scalar in text.unicodeScalars {
                    switch scalar {
                    case "&": expected += "&amp;"
                    case "<": expected += "&lt;"
                    case ">": expected += "&gt;"
                    case "\"": expected += "&quot;"
                    case "\u{1}": expected += "_x0001_"
                    case "\u{1F}": expected += "_x001F_"
                    case "\u{FFFE}": expected += "_xFFFE_"
                    case "\u{FFFF}": expected += "_xFFFF_"
                    default: expected.unicodeScalars.append(scalar)
                    }
                }
                if special == "_x0041_" { expected = expected.replacingOccurrences(of: "_x0041_", with: "_x005F_x0041_") }
                XCTAssertEqual(XLSXText.escape(text), expected, "\(special) at \(offset)")
                var counter = XLSXByteCount()
                counter.appendEscaped(text)
                XCTAssertEqual(counter.count, expected.utf8.count)
            }
        }
    }

    /// The eight-byte test says "maybe" exactly when one of the bytes is one `escape` looks at.
    func testEscapeWordTestIsExact() {
        func special(_ byte: UInt8) -> Bool { byte < 0x20 || [0x22, 0x26, 0x3C, 0x3E, 0x5F, 0xEF].contains(byte) }
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x25, 0x26, 0x27, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
                                    0x5E, 0x5F, 0x60, 0x7F, 0x80, 0x81, 0xBF, 0xE3, 0xEE, 0xEF, 0xF0, 0xFF, 0x41, 0x61]
        for round in 0..<40_000 {
            var bytes = (0..<8).map { _ in interesting.randomElement(using: &generator)! }
            if round % 3 == 0 { bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) } }
            let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
            XCTAssertEqual(XLSXBytes.mayNeedEscaping(word), bytes.contains(where: special), "\(bytes)")
        }
    }

    func testLineWidthsFastPathsMatchTextColumns() {
        var scalars: [Unicode.Scalar] = []
        for value in Array(0x2FF0...0x3100) + Array(0x4DB0...0x4E10) + Array(0x4FF0...0x5010) + Array(0x9FF0...0xA010) + [0x41, 0xE9, 0xFF01, 0x1F600, 0x20000] {
            if let scalar = Unicode.Scalar(value), value != 0x0A, value != 0x0D { scalars.append(scalar) }
        }
        for scalar in scalars {
            let text = "a" + String(scalar) + "b"
            XCTAssertEqual(XLSXText.widestLine(text), TextColumns.width(text), String(scalar.value, radix: 16))
        }
    }

    /// A table large enough that its parts go through the producer thread: every value, style
    /// and height read back as the table has them.
    func testLargeTableRoundTrips() throws {
        let groups: [CrossReferenceTable.Group] = [.init(title: "業界", columns: ["章", "項目", "記載内容"]),
                                                   .init(title: "付録", columns: ["項目", "記載内容", "関係"])]
        var rows: [CrossReferenceTable.Row] = []
        for number in 0..<10_000 {
            let text = String(repeating: "情報セキュリティ対策\(number)", count: 1 + number % 9)
            let target: [CrossReferenceTable.Cell] = number % 5 == 0 ? [.gap, .gap, .gap]
                : number % 7 == 0 ? [.unreviewed, .unreviewed, .unreviewed]
                : number % 2 == 0 ? [.text("\(number % 300)\n\(number % 11)"), .text(text + "\n" + text), .text("subset-of (semantic, 7)")]
                : [.lines(["\(number % 300)", "\(number % 11)"]), .lines([text, text]), .text("subset-of (semantic, 7)")]
            rows.append(.init(itemID: "\(number)", levels: [], cells: [.text("第\(number / 100)章"), .text("\(number)"), .text(text)] + target))
        }
        let table = CrossReferenceTable(title: "大きい表", groups: groups, rows: rows)
        // Indexed in two halves (as the workbook does): the indexes and shared strings of one pass.
        let xml = XLSXSheetXML(sheet: XLSXTableSheet(table: table).sheet(named: "突合表", widths: []), cells: XLSXTableCells(table: table), selected: true)
        var onePass = XLSXSharedStrings(), first = XLSXSharedStrings(), second = XLSXSharedStrings(), cut: [XLSXTruncation] = []
        let all = xml.indexTexts(strings: &onePass, truncations: &cut)
        let middle = table.rows.count / 2
        let head = xml.indexTexts(strings: &first, truncations: &cut, rows: 0..<middle)
        let tail = xml.indexTexts(strings: &second, truncations: &cut, rows: middle..<table.rows.count + 2)
        let moved = first.append(second)
        XCTAssertEqual(head + tail.map { moved[Int($0)] }, all)
        XCTAssertEqual(first.xml, onePass.xml)
        let output = try tableOnly(table)
        let book = try WorkbookReader(output.bytes)
        XCTAssertGreaterThan(try XCTUnwrap(book.parts["xl/sharedStrings.xml"]).count, 1 << 20)
        XCTAssertGreaterThan(try XCTUnwrap(book.parts["xl/worksheets/sheet1.xml"]).count, 1 << 20)
        let sheet = try book.sheet("突合表")
        XCTAssertEqual(sheet.value("A1"), "業界")
        XCTAssertEqual(sheet.value("D1"), "付録")
        XCTAssertEqual(sheet.value("F2"), "関係")
        for (r, row) in table.rows.enumerated() {
            for (c, cell) in row.cells.enumerated() {
                let ref = XLSXCellRef.cell(row: r + 3, column: c + 1)
                XCTAssertEqual(sheet.value(ref), cell.text, ref)
                let style: XLSXStyle = cell.kind == .gap ? .gap : cell.kind == .unreviewed ? .unreviewed : .body
                XCTAssertEqual(sheet.style(ref), style.rawValue, ref)
            }
        }
        // Heights as the estimate gives them, row by row.
        let layout = XLSXTableSheet(table: table).sheet(named: "突合表")
        let estimate = XLSXRowHeights(layout)
        let cells = XLSXTableCells(table: table)
        let part = String(decoding: try XCTUnwrap(book.parts["xl/worksheets/sheet1.xml"]), as: UTF8.self)
        var expected = ""
        for row in 0..<cells.rowCount {
            expected += "<row r=\"\(row + 1)\""
            if let height = estimate.height(ofRow: row, cells) { expected += " ht=\"\(Int(height))\" customHeight=\"1\"" }
            expected += ">"
        }
        let found = part.components(separatedBy: "<row ").dropFirst().map { "<row " + $0.prefix { $0 != ">" } + ">" }.joined()
        XCTAssertEqual(found, expected)
        // Same bytes written to a file.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("totsugo-large-\(getpid()).xlsx").path
        defer { unlink(path) }
        var (zip, _) = XLSXEmitter().package(table: table, named: "突合表", others: [], title: table.title,
                                             timestamp: "2000-01-01T00:00:00Z")
        try zip.write(to: path)
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: path))), output.bytes)
    }

    func testWriteToPathGivesTheRenderedBytes() throws {
        let resolved = try resolved()
        let table = CrossReferenceTable(resolved)
        let coverage = Coverage(resolved)
        let rendered = try XLSXEmitter().render(table, resolved: resolved, coverage: coverage)
        let folder = TestPaths.temporaryFolder()
        let staging = try OutputWriter(folder: folder).staging()
        let warnings = try staging.addFile(name: "t.xlsx") { file in
            try XLSXEmitter().write(TableArtifact(table: table, resolved: resolved, coverage: coverage), to: &file)
        }
        _ = try staging.commit()
        XCTAssertEqual(warnings.map { "sheet \($0.location.cell!.replacingOccurrences(of: "!", with: " cell ")): \($0.message)" }, rendered.warnings)
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/t.xlsx"))), rendered.bytes)
    }

    /// A producer that makes a different length than it announced fails the package.
    func testProducedPartOfTheWrongLengthFails() {
        struct Liar: ZipPartProducer {
            var count: Int
            var made = 0
            var actual: Int
            mutating func produce(into out: inout [UInt8]) -> Bool {
                let step = min(4096, actual - made)
                out += Array(repeating: 0x41, count: step)
                made += step
                return made < actual
            }
        }
        for (announced, actual) in [(10, 12), (12, 10), (3 << 20, 3 << 20 + 5), (3 << 20, 3 << 20 - 5)] {
            var zip = ZipPackage()
            zip.add("a.txt") { Liar(count: announced, actual: actual) }
            XCTAssertThrowsError(try zip.takeData(), "\(announced) announced, \(actual) made")
        }
        var zip = ZipPackage()
        zip.add("a.txt") { Liar(count: 3 << 20, actual: 3 << 20) }
        XCTAssertNoThrow(try zip.takeData())
    }
}
