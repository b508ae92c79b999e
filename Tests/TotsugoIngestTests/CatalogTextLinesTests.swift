@testable import TotsugoIngest
import XCTest

final class CatalogTextLinesTests: XCTestCase {
    /// The byte split gives the lines the Character split gave (and its one extra CR strip).
    func testByteSplitEqualsCharacterSplit() {
        let pieces = ["a", "突合", "\n", "\r\n", "\r", "\r\r\n", "\n\r", "é", "e\u{301}", "#", " "]
        var texts: [String] = [""]
        for a in pieces { for b in pieces { for c in pieces { texts.append(a + b + c) } } }
        for text in texts {
            let old = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
                .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
            XCTAssertEqual(CatalogTextParser.lines(Array(text.utf8)), old, text.debugDescription)
        }
    }
}
