import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoTable
import XCTest

/// `WordDocument.read` hands each block over as it is read (what `import catalog` uses, so a
/// large document's paragraphs are never all held): the same blocks and warnings as
/// `WordDocument(path:)`, and the same errors for hostile packages.
final class DocxStreamingTests: XCTestCase {
    func testSameBlocksAndWarningsAsTheWholeDocument() throws {
        for name in ["regulation-word.docx", "regulation-libreoffice.docx", "regulation-restarted.docx"] {
            let path = TestPaths.fixture("docx/\(name)")
            let whole = try WordDocument(path: path, file: name)
            var streamed: [WordDocument.Block] = []
            let warnings = try WordDocument.read(path: path, file: name) { streamed.append($0) }
            XCTAssertGreaterThan(streamed.count, 5, name)
            XCTAssertEqual(streamed, whole.blocks, name)
            XCTAssertEqual(warnings, whole.warnings, name)
        }
    }

    func testSameErrorsForHostilePackages() {
        for name in ["docx-zip-bomb.docx", "docx-zip-slip.docx", "docx-doctype.docx"] {
            let path = TestPaths.fixture("bad/\(name)")
            var whole = "no error", streamed = "no error"
            var blocks = 0
            do throws(DiagnosticError) { _ = try WordDocument(path: path, file: name) } catch { whole = "\(error.diagnostics)" }
            do throws(DiagnosticError) { _ = try WordDocument.read(path: path, file: name) { _ in blocks += 1 } } catch { streamed = "\(error.diagnostics)" }
            XCTAssertNotEqual(whole, "no error", name)
            XCTAssertEqual(streamed, whole, name)
        }
    }

    /// The quote in warnings, computed without Foundation's search: the same text as before
    /// (newlines as spaces, cut after 24 characters).
    func testQuoteAsBefore() {
        func before(_ text: String) -> String {
            let shown = text.replacingOccurrences(of: "\n", with: " ")
            let quoted = shown.count > 24 ? String(shown.prefix(24)) + "…" : shown
            return quoted.isEmpty ? "an empty paragraph" : "\"\(quoted)\""
        }
        let texts = ["", "短い", String(repeating: "あ", count: 24), String(repeating: "あ", count: 25),
                     "第1条\n本規程は、情報資産を守るために定める。\n以上", "a\r\nb", "\r\n" + String(repeating: "x", count: 30),
                     String(repeating: "が", count: 23) + "\u{3099}\u{3099}", "行1\n行2"]
        for text in texts {
            XCTAssertEqual(WordDocument.quote(text), before(text), text.debugDescription)
        }
        XCTAssertEqual(WordDocument.quote(String(repeating: "い", count: 30)), "\"" + String(repeating: "い", count: 24) + "…\"")
    }
}
