import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoMatch
import XCTest

final class RegulationTextEmitterTests: XCTestCase {
    func testMarkdownGolden() throws {
        assertGolden(RegulationMarkdownEmitter().render(try RegulationFixture.document(date: "2024-06-01")),
                     "regulation/fixture-regulation.regulation.md")
        assertGolden(RegulationMarkdownEmitter().render(try RegulationFixture.document(level: .lv1, part: "technical")),
                     "regulation/fixture-regulation.regulation.lv1.technical.md")
    }

    func testHTMLGolden() throws {
        assertGolden(RegulationHTMLEmitter().render(try RegulationFixture.document(date: "2024-06-01")),
                     "regulation/fixture-regulation.regulation.html")
    }

    func testMarkdownEscapesInputText() throws {
        let text = String(decoding: RegulationMarkdownEmitter().render(try RegulationFixture.document()), as: UTF8.self)
        XCTAssertTrue(text.contains("> パスワードは&lt;8文字&gt;以上 &amp; \\*記号\\* を含める。  \n> 二行目の修正案。"))
        XCTAssertFalse(text.contains("<8文字>"))
    }

    func testHTMLIsSelfContainedAndEscaped() throws {
        let text = String(decoding: RegulationHTMLEmitter().render(try RegulationFixture.document()), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("<!DOCTYPE html>\n<html lang=\"ja\">"))
        XCTAssertTrue(text.contains("パスワードは&lt;8文字&gt;以上 &amp; *記号* を含める。<br>\n二行目の修正案。"))
        XCTAssertTrue(text.contains("@page { size: A4;"))
        for external in ["<link", "<script", "src=", "http://", "https://", "@import"] {
            XCTAssertFalse(text.contains(external), "not self-contained: \(external)")
        }
        // Annotation directly under its section heading, industry-only item in its own section.
        XCTAssertTrue(text.contains("<h3>1.委員会</h3>\n<p>テスト用の節本文（委員会）。</p>\n<aside class=\"annotation\">"))
        XCTAssertEqual(text.components(separatedBy: "<section class=\"industry-only\">").count - 1, 3)
    }

    func testSameDocumentGivesSameBytes() throws {
        let a = try RegulationFixture.document()
        let b = try RegulationFixture.document()
        XCTAssertEqual(RegulationMarkdownEmitter().render(a), RegulationMarkdownEmitter().render(b))
        XCTAssertEqual(RegulationHTMLEmitter().render(a), RegulationHTMLEmitter().render(b))
    }
}
