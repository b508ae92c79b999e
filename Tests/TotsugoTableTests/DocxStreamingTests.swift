import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoTable
import XCTest

/// The warnings' quote, now made without Foundation's search. (`WordDocument(path:)` is built
/// on `WordDocument.read`, the streamed reading `import catalog` uses, so DocumentReaderTests'
/// assertions on blocks, warnings and hostile packages cover that path; comparing the two here
/// could not fail.)
final class DocxStreamingTests: XCTestCase {
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
