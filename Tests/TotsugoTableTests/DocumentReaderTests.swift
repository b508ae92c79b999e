import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoTable
import XCTest

/// The .docx reader on documents as Word writes them (Tests/Fixtures/docx/make_fixtures.py),
/// as LibreOffice resaves them, and on hostile packages (Tests/Fixtures/bad/docx-*).
final class DocumentReaderTests: XCTestCase {
    private func open(_ name: String) throws -> WordDocument {
        try WordDocument(path: TestPaths.fixture("docx/\(name)"), file: name)
    }

    private func paragraphs(_ document: WordDocument) -> [WordDocument.Paragraph] {
        document.blocks.compactMap { if case .paragraph(let p) = $0 { p } else { nil } }
    }

    private func failure(_ name: String) -> String {
        do throws(DiagnosticError) {
            _ = try WordDocument(path: TestPaths.fixture("bad/\(name)"), file: name)
            return "no error"
        } catch {
            return error.diagnostics.map(\.description).joined(separator: "\n")
        }
    }

    func testHeadingsAndNumbersAsWordShowsThem() throws {
        let document = try open("regulation-word.docx")
        let headings = paragraphs(document).filter { $0.headingLevel != nil }
        // 第%1章 (heading 1 by its style's numPr), %1.%2 (a style named 見出し 2),
        // （%3） full-width (a style based on heading 3, linked to level 2).
        XCTAssertEqual(headings.map { "\($0.headingLevel!) \($0.label ?? "-") \($0.text)" }, [
            "0 第1章 総則", "1 1.1 目的", "1 1.2 適用範囲",
            "0 第2章 組織と責任", "1 2.1 体制", "1 2.2 見直し", "2 （１） 定期の見直し", "2 （２） 臨時の見直し",
            "0 第3章 日常の対策", "1 3.1 パスワード", "1 3.2 持ち出し",
        ])
        XCTAssertEqual(headings[6].numberPath, [2, 2, 1])
        // The title (style Title) is body text, not a heading.
        XCTAssertEqual(paragraphs(document).first?.text, "情報セキュリティ管理規程（記入例）")
        XCTAssertNil(paragraphs(document).first?.headingLevel)
    }

    func testListsBulletsAndRestartedNumbering() throws {
        let document = try open("regulation-word.docx")
        let listed = paragraphs(document).filter { $0.headingLevel == nil && $0.label != nil }
        XCTAssertEqual(listed.map { "\($0.isBullet ? "•" : "#")\($0.listLevel) \($0.label!) \($0.text)" }, [
            "•0 ● 社内で作成した文書及び電子データ", "•0 ● 取引先から預かった図面", "•1 ・ 紙に印刷したもの", "•0 ● 業務に使う機器",
            "#0 ア. 他人に教えない。", "#0 イ. 推測されやすいものを使わない。", "#1 (イ) 誕生日", "#1 (ロ) 電話番号", "#2 ① 数字だけのもの",
            // A second w:num of the same list with a startOverride starts again at ア.
            "#0 ア. 所属長の許可を得る。", "#0 イ. 持ち出し記録に記入する。",
            // japaneseCounting with the level text "%1　": the trailing space is not part of the number.
            "#0 一 所属長", "#0 二 情報セキュリティ担当者",
        ])
    }

    func testTableWithHeaderRowAndMergedCells() throws {
        let document = try open("regulation-word.docx")
        let tables = document.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }
        XCTAssertEqual(tables.count, 1)
        XCTAssertEqual(tables[0].headerRows, 1)
        XCTAssertEqual(tables[0].rows, [
            ["役職名", "役割と責任"],
            ["情報セキュリティ責任者", "規程の整備と見直しを統括し、○○部長がこれにあたる。"],
            ["情報セキュリティ担当者", "日々の点検を行い、その結果を記録する。"],
            ["", "事故の報告を受け、責任者に伝える。"],       // vMerge continued: text in the first cell only
            ["担当者は毎年○月に指名する。", ""],             // gridSpan 2
        ])
    }

    func testTrackedChangesCommentsFootnotesAndTextBoxesAreReadAndReported() throws {
        let document = try open("regulation-word.docx")
        let texts = paragraphs(document).map(\.text)
        // Insertion read as accepted, deletion left out.
        XCTAssertTrue(texts.contains("責任者は、毎年○月に本規程を見直す。必要に応じて臨時の見直しも行う。"), "\(texts)")
        XCTAssertFalse(texts.joined().contains("口頭で伝える"))
        // The text box: once (mc:Choice read, mc:Fallback not), right after its anchor paragraph.
        let box = "（注）持ち出しの記録は一年間保存する。"
        XCTAssertEqual(texts.filter { $0 == box }.count, 1)
        let anchor = try XCTUnwrap(texts.firstIndex(of: "機器や記録媒体を社外に持ち出すときは、次の手順による。"))
        XCTAssertEqual(texts[anchor + 1], box)
        // Each warning is at its paragraph (Word writes the body on one line of XML).
        XCTAssertEqual(document.warnings.map(\.description), [
            "regulation-word.docx:paragraph 6: warning: \"この規程は、当社の役員及び従業員（派遣社員を含む…\" has footnote 1, not imported: \"派遣社員の扱いは契約書による。\"",
            "regulation-word.docx:paragraph 25: warning: \"責任者は、毎年○月に本規程を見直す。必要に応じて…\" holds a tracked insertion, read as accepted: \"必要に応じて臨時の見直しも行う。\"",
            "regulation-word.docx:paragraph 25: warning: \"責任者は、毎年○月に本規程を見直す。必要に応じて…\" holds a tracked deletion, left out (read as accepted): \"見直しの結果は口頭で伝える。\"",
            "regulation-word.docx:paragraph 25: warning: \"責任者は、毎年○月に本規程を見直す。必要に応じて…\" has a comment by 審査担当, not imported: \"臨時の見直しの条件を決めておくこと。\"",
            "regulation-word.docx:paragraph 40: warning: \"（注）持ち出しの記録は一年間保存する。\" is in a text box; read as a paragraph after paragraph 39 (\"機器や記録媒体を社外に持ち出すときは、次の手順に…\")",
        ])
    }

    func testLibreOfficeResaveReadsTheSameHeadingsAndNumbers() throws {
        let word = try open("regulation-word.docx")
        let office = try open("regulation-libreoffice.docx")
        func shown(_ document: WordDocument) -> [String] {
            paragraphs(document).filter { !$0.text.isEmpty }
                .map { "\($0.headingLevel.map(String.init) ?? "-") \(Normalization.text($0.label ?? "")) \($0.numberPath) \($0.text)" }
        }
        XCTAssertEqual(shown(office), shown(word))
        // LibreOffice writes Word's ● bullet as a Wingdings private-use character; read as ●.
        XCTAssertTrue(paragraphs(office).contains { $0.isBullet && $0.label == "●" })
    }

    func testNumberFormats() {
        let f = NumberingCounter.format
        XCTAssertEqual([1, 2, 10, 11, 20, 105].map { f($0, "japaneseCounting") }, ["一", "二", "十", "十一", "二十", "百五"])
        XCTAssertEqual(f(11, "taiwaneseCountingThousand"), "十一")
        XCTAssertEqual([1, 2, 12].map { f($0, "decimalFullWidth") }, ["１", "２", "１２"])
        XCTAssertEqual([1, 2, 6, 46, 47].map { f($0, "aiueoFullWidth") }, ["ア", "イ", "カ", "ン", "ア"])
        XCTAssertEqual(f(2, "aiueo"), "ｲ")
        XCTAssertEqual([1, 2, 3, 4].map { f($0, "irohaFullWidth") }, ["イ", "ロ", "ハ", "ニ"])
        XCTAssertEqual([1, 20, 21, 50, 51].map { f($0, "decimalEnclosedCircle") }, ["①", "⑳", "㉑", "㊿", "51"])
        XCTAssertEqual([1, 27].map { f($0, "upperLetter") }, ["A", "AA"])
        XCTAssertEqual(f(14, "lowerRoman"), "xiv")
        XCTAssertEqual(f(3, "none"), "")
        XCTAssertEqual(f(7, "somethingNew"), "7")
    }

    private func numbering(_ levels: [Int: WordNumbering.Level], instances: [String: WordNumbering.Instance] = [:]) -> NumberingCounter {
        var numbering = WordNumbering()
        numbering.abstracts["0"] = WordNumbering.Abstract(levels: levels)
        numbering.instances = instances.isEmpty ? ["1": WordNumbering.Instance(abstract: "0")] : instances
        return NumberingCounter(numbering: numbering)
    }

    func testLevelTextsStartsRestartsAndLegalNumbers() {
        var counter = numbering([
            0: WordNumbering.Level(start: 1, format: "japaneseCounting", text: "第%1章"),
            1: WordNumbering.Level(start: 5, format: "decimal", text: "%1.%2", legal: true),
            2: WordNumbering.Level(start: 1, format: "decimal", text: "(%3)", restart: 0),
        ])
        func next(_ level: Int) -> String { counter.next(numID: "1", ilvl: level)?.label ?? "nil" }
        XCTAssertEqual([next(0), next(1), next(1), next(2), next(2), next(0), next(1), next(2)],
                       ["第一章", "1.5", "1.6", "(1)", "(2)", "第二章", "2.5", "(3)"])  // isLgl: 1.5 not 一.5; lvlRestart 0: (3)
        XCTAssertNil(counter.next(numID: "7", ilvl: 0))

        // Two instances of one list continue it; the one with a startOverride restarts it.
        var shared = numbering([0: WordNumbering.Level(start: 1, format: "aiueoFullWidth", text: "%1.")], instances: [
            "1": WordNumbering.Instance(abstract: "0"),
            "2": WordNumbering.Instance(abstract: "0"),
            "3": WordNumbering.Instance(abstract: "0", startOverrides: [0: 1]),
        ])
        let labels = ["1", "1", "2", "3", "3"].map { shared.next(numID: $0, ilvl: 0)?.label ?? "nil" }
        XCTAssertEqual(labels, ["ア.", "イ.", "ウ.", "ア.", "イ."])
    }

    func testHeadingStyleNames() {
        XCTAssertEqual(["heading 1", "Heading 2", "見出し 3", "見出し１", "Title", "見出し"].map { WordStyles.headingLevel(named: $0) },
                       [0, 1, 2, 0, nil, nil])
    }

    func testHostilePackagesAreRefused() {
        XCTAssertEqual(failure("docx-zip-slip.docx"),
                       "docx-zip-slip.docx:1:1: error: the package holds an entry named \"../../evil.xml\" (a path leaving the package); refusing it")
        XCTAssertTrue(failure("docx-doctype.docx").hasPrefix("docx-doctype.docx/word/document.xml:2:1: error: DOCTYPE declarations are not allowed"),
                      failure("docx-doctype.docx"))
        XCTAssertTrue(failure("docx-zip-bomb.docx").hasPrefix("docx-zip-bomb.docx/word/document.xml:1:1: error: the part inflates to 67109769 bytes from"),
                      failure("docx-zip-bomb.docx"))
        do throws(DiagnosticError) {
            _ = try WordDocument(bytes: Array("not a zip".utf8), file: "x.docx")
            XCTFail("read")
        } catch {
            XCTAssertEqual(error.diagnostics.map(\.description), ["x.docx:1:1: error: not a docx document (not a zip package); save it from Word or LibreOffice as .docx"])
        }
    }

    func testParagraphLimit() {
        XCTAssertThrowsError(try WordDocument(path: TestPaths.fixture("docx/regulation-word.docx"), file: "r.docx",
                                              limits: DocumentLimits(maxParagraphs: 10))) { error in
            XCTAssertEqual((error as? DiagnosticError)?.diagnostics.first?.message, "the document has more than 10 paragraphs (the limit)")
        }
    }
}
