import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import XCTest

/// The regulation's model at 100,000 provisions: provisions read without spare room or
/// second copies of their text, and the document's blocks handed to the md and html emitters
/// one at a time instead of as one array (BENCHMARKS.md, "The .docx import and regulation,
/// second pass").
final class RegulationMemoryTests: XCTestCase {
    let here = SourceLocation(file: "t.txt", line: 3)

    func read(_ lines: [String]) -> (blocks: [ProvisionBlock], diagnostics: [Diagnostic]) {
        var reader = ProvisionText.Reader()
        for line in lines { reader.line(line, at: here) }
        return (reader.finish(), reader.diagnostics)
    }

    func testProvisionsAreKeptWithoutSpareRoom() {
        let staff = (1...8).map { ["担当\($0)", "記録する"] }
        let (blocks, diagnostics) = read(["本文一。", "- ● 一つ目", "- ● 二つ目", "| 役職 | 役割 |", "|---|---|"]
            + staff.map { "| \($0[0]) | \($0[1]) |" } + ["", "本文二。"])
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(blocks.count, 5)
        // Grown by appends, the arrays had room for 8 blocks and 16 rows. A trimmed array's
        // capacity is what malloc gave (glibc may hand out a free chunk up to 31 bytes larger,
        // depending on what was freed before): a block is 56 bytes, a row 8.
        XCTAssertLessThanOrEqual(blocks.capacity, blocks.count + 1, "an array grown by appends keeps spare room")
        guard case .table(let table) = blocks[3] else { return XCTFail("\(blocks[3])") }
        XCTAssertEqual(table.rows, [["役職", "役割"]] + staff)
        XCTAssertEqual(table.headerRows, 1)
        XCTAssertLessThanOrEqual(table.rows.capacity, table.rows.count + 3, "grown by appends: room for 16")
    }

    /// Lines without a backslash are taken as they are; with one, escapes are decoded. Both
    /// read the same marks and texts as before the fast path.
    func testListItemsAndBodyWithAndWithoutEscapes() {
        let (blocks, diagnostics) = read([
            "- ● 社内の機器 と 記録媒体",
            "  + (1) 番号付き\\n二行目",
            "- a\\ b 印にスペース",
            "+ ア. 末尾に空白 ",
            "\\- 横棒で始まる本文",
            "本文に \\\\ 円記号",
            "本文の途中の - 横棒と | 縦棒",
        ])
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(blocks.map { $0.withoutLocation }, [
            .paragraph(ProvisionParagraph(kind: .bullet(marker: "●", depth: 0), text: "社内の機器 と 記録媒体")),
            .paragraph(ProvisionParagraph(kind: .numbered(label: "(1)", depth: 1), text: "番号付き\n二行目")),
            .paragraph(ProvisionParagraph(kind: .bullet(marker: "a b", depth: 0), text: "印にスペース")),
            .paragraph(ProvisionParagraph(kind: .numbered(label: "ア.", depth: 0), text: "末尾に空白 ")),
            .paragraph(ProvisionParagraph(text: "- 横棒で始まる本文")),
            .paragraph(ProvisionParagraph(text: "本文に \\ 円記号")),
            .paragraph(ProvisionParagraph(text: "本文の途中の - 横棒と | 縦棒")),
        ])
        XCTAssertEqual(blocks.first?.line, here.line)
        // A list item with no text after its mark is still an error at its line.
        XCTAssertEqual(read(["- ●"]).diagnostics.map(\.description),
                       ["t.txt:3:1: error: a list item is '- mark text' or '+ label text'; this one has no text after its mark"])
    }

    func testBlocksComeOneAtATimeInReadingOrder() throws {
        let document = try RegulationFixture.document()
        var seen: [RegulationDocument.Block] = []
        document.forEachBlock { seen.append($0) }
        XCTAssertFalse(seen.isEmpty)
        func kind(_ block: RegulationDocument.Block) -> String {
            switch block {
            case let .heading(depth, text, _): "h\(depth) \(text)"
            case .text: "text"
            case .provisions: "provisions"
            case .annotation: "annotation"
            case .revision: "revision"
            case let .industryHeading(depth, _): "industry h\(depth)"
            case .industryBody: "industry body"
            }
        }
        XCTAssertEqual(Array(seen.prefix(4).map(kind)), ["h1 第1章 組織", "text", "h2 1.委員会", "text"])
        XCTAssertEqual(document.outline(maxDepth: 1).map(\.text), seen.compactMap { block in
            switch block {
            case let .heading(1, text, _): text
            case let .industryHeading(1, item): RegulationDocument.industryHeading(item)
            default: nil
            }
        })
    }
}

extension ProvisionBlock {
    var withoutLocation: ProvisionBlock {
        switch self {
        case .paragraph(var paragraph): paragraph.line = nil; return .paragraph(paragraph)
        case .table(var table): table.line = nil; return .table(table)
        }
    }
}
