import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
@testable import TotsugoPipeline
@testable import TotsugoTable
import XCTest

/// `import catalog` of a .docx writes each item's text as soon as its provisions are complete
/// (the next item's heading, or the end) and drops the item, so the items are never all held;
/// the front matter, whose counts are known only at the end, is put before them. The text
/// must be the one the whole tree rendered (pre-order, depth by nesting), and the fingerprints
/// must come in the order the catalog parser closes the items (children before their parent).
final class DocxImportStreamTests: XCTestCase {
    let file = "rules.docx"
    var ordinal = 0

    func recipe() -> ImportRecipe {
        let here = SourceLocation(file: "command line")
        var recipe = ImportRecipe()
        recipe.id = .init("stream-rules", at: here)
        recipe.title = .init("流し込みの規程", at: here)
        recipe.publisher = .init("記入例", at: here)
        recipe.version = .init("1", at: here)
        return recipe
    }

    /// A heading at `level` (0 = 見出し 1), numbered `label` with the counters `path`, or unnumbered.
    func heading(_ text: String, level: Int, label: String? = nil, path: [Int] = []) -> WordDocument.Block {
        ordinal += 1
        return .paragraph(WordDocument.Paragraph(text: text, headingLevel: level, label: label, isBullet: false, numberPath: path,
                                                 listLevel: 0, ordinal: ordinal, location: SourceLocation(file: file, line: ordinal)))
    }

    func body(_ text: String) -> WordDocument.Block {
        ordinal += 1
        return .paragraph(WordDocument.Paragraph(text: text, headingLevel: nil, label: nil, isBullet: false, numberPath: [],
                                                 listLevel: 0, ordinal: ordinal, location: SourceLocation(file: file, line: ordinal)))
    }

    func table(_ rows: [[String]]) -> WordDocument.Block {
        ordinal += 1
        return .table(WordDocument.Table(rows: rows, headerRows: 1, location: SourceLocation(file: file, line: ordinal)))
    }

    func testAnItemIsWrittenAndDroppedWhenTheNextHeadingArrives() {
        var importer = DocumentImporter(file: file, recipe: recipe())
        XCTAssertTrue(importer.begin())
        importer.add(heading("総則", level: 0, label: "第1章", path: [1]))
        importer.add(body("この規程は社内の情報の扱いを定める。"))
        importer.add(body("対象は全ての部署とする。"))
        XCTAssertEqual(importer.textWritten, "", "the item still takes provisions: nothing of it is written yet")
        XCTAssertEqual(importer.provisionsHeld, 2)

        importer.add(heading("用語", level: 1, label: "1.1", path: [1, 1]))
        XCTAssertEqual(importer.textWritten, """

            # 第1章 | 総則
            @id: 1
            @provisions:
            この規程は社内の情報の扱いを定める。
            対象は全ての部署とする。

            """, "a child's heading completes its parent's provisions")
        XCTAssertEqual(importer.provisionsHeld, 0, "the written item's provisions are dropped")
        XCTAssertEqual(importer.headingsOpen, 2)

        importer.add(table([["語", "意味"], ["資産", "守る対象"]]))
        importer.add(heading("体制", level: 0, label: "第2章", path: [2]))
        XCTAssertEqual(importer.headingsOpen, 1, "a heading at a higher level closes the section and its chapter")
        XCTAssertEqual(importer.provisionsHeld, 0)
        XCTAssertTrue(importer.textWritten.hasSuffix("""

            ## 1.1 | 用語
            @id: 1.1
            @provisions:
            | 語 | 意味 |
            |---|---|
            | 資産 | 守る対象 |

            """), importer.textWritten)
        XCTAssertFalse(importer.textWritten.contains("体制"), "the last item waits for its provisions")
    }

    /// Level jumps, an unnumbered heading, an empty heading, two duplicate ids (one naming the
    /// first heading made, one a later one), a paragraph before the first heading: the whole text
    /// exactly, the front matter's counts first, and the text reads back item by item.
    func testTheWholeTextIsTheTreeInDocumentOrderWithTheCountsFirst() throws {
        var importer = DocumentImporter(file: file, recipe: recipe())
        XCTAssertTrue(importer.begin())
        importer.add(body("前書き"))
        importer.add(heading("総則", level: 0, label: "第1章", path: [1]))
        importer.add(heading("目的", level: 2, label: "(1)", path: [1, 0, 1]))  // two levels down
        importer.add(body("目的を書く。"))
        importer.add(heading("範囲", level: 1, label: "1.1", path: [1, 1]))  // back up one: a sibling of (1)
        importer.add(heading("補足", level: 2))  // unnumbered: p1 under 1.1
        importer.add(body("補足を書く。"))
        importer.add(heading("  ", level: 1, label: "1.2", path: [1, 2]))  // empty: no item, its provisions go on
        importer.add(body("空の見出しの後。"))
        importer.add(heading("附則", level: 0, label: "第1章", path: [1]))  // restarted: id 1 again
        importer.add(table([["項目", "値"], ["施行日", "別に定める"]]))
        let result = try XCTUnwrap(importer.finish())
        XCTAssertEqual(importer.diagnostics.map(\.description), [
            "rules.docx:1:1: warning: \"前書き\" comes before the first heading: it belongs to no item and is not imported",
            "rules.docx:5:1: warning: the heading \"範囲\" computes the number '1.1' (id 1.1), as paragraph 3 (\"目的\") does; it gets the id 1.1-2. Check the numbering in Word (a restarted or second list?)",
            "rules.docx:8:1: warning: an empty heading with the number 1.2; it makes no item (its number still counts, as in Word)",
            "rules.docx:10:1: warning: the heading \"附則\" computes the number '第1章' (id 1), as paragraph 2 (\"総則\") does; it gets the id 1-2. Check the numbering in Word (a restarted or second list?)",
        ])
        XCTAssertEqual(result.fingerprints.map { "\($0.depth) \($0.id)" }, ["2 1.1", "3 1.1-2.p1", "2 1.1-2", "1 1", "1 1-2"])
        var result2 = result
        let text = String(decoding: importer.render(&result2, provenance: "取り込み元: rules.docx"), as: UTF8.self)
        XCTAssertEqual(text, """
            ---
            id: stream-rules
            title: 流し込みの規程
            short-title: 流し込みの規程
            publisher: 記入例
            version: 1
            completeness: 文書の段落10件・表1件を読み、見出し5件を項目として、その間の本文・箇条書き・表を各項目の規定として取り込んだ（最初の見出しより前の1件は取り込んでいない）。
            source: 取り込み元: rules.docx
            ---

            # 第1章 | 総則
            @id: 1

            ## (1) | 目的
            @id: 1.1
            @provisions:
            目的を書く。

            ## 1.1 | 範囲
            @id: 1.1-2

            ### 補足
            @id: 1.1-2.p1
            @provisions:
            補足を書く。
            空の見出しの後。

            # 第1章 | 附則
            @id: 1-2
            @provisions:
            | 項目 | 値 |
            |---|---|
            | 施行日 | 別に定める |

            """)
        var check = DocumentImporter.ReadBackCheck(result.fingerprints)
        _ = try CatalogTextParser().parse(InputFile.decode(Array(text.utf8), path: "rules.txt"), keepingItems: false,
                                          eachItem: { check.check($0, depth: $1) })
        XCTAssertNil(check.finish())
        XCTAssertEqual(check.next, 5)
    }

    /// No headings: nothing is written and the error is the one before.
    func testADocumentWithoutHeadingsIsRefused() {
        var importer = DocumentImporter(file: file, recipe: recipe())
        importer.begin()
        importer.add(body("見出しのない文書"))
        XCTAssertNil(importer.finish())
        XCTAssertEqual(importer.textWritten, "")
        XCTAssertEqual(importer.diagnostics.last?.description,
                       "rules.docx:1:1: error: the document has no headings (paragraphs in a heading style such as 見出し 1 / Heading 1, or with an outline level), so there are no items to import")
    }
}
