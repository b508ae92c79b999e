import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoPipeline
import XCTest

/// `review import`, second pass on memory (issue 19): the mapping file is made once as bytes
/// (`MappingYAMLWriter.bytes`, no String beside them) and its comment block is read from the
/// old file's bytes without decoding and splitting the whole file. Both must give what the
/// String forms gave, byte for byte.
final class ReviewImportReadBackTests: XCTestCase {
    func testBytesAreTheTextsUTF8() throws {
        let path = TestPaths.fixture("review/Mappings/review-sample.yaml")
        let input = try InputFile.read(path)
        let mapping = try MappingYAMLParser().parse(input)
        let comments = MappingYAMLWriter.leadingComment(of: input.text)
        XCTAssertFalse(comments.isEmpty, "the sample has a comment block")
        let bytes = MappingYAMLWriter.bytes(mapping, leadingComment: comments, order: nil)
        XCTAssertEqual(bytes, Array(MappingYAMLWriter.text(mapping, leadingComment: comments, order: nil).utf8))
        XCTAssertTrue(String(decoding: bytes, as: UTF8.self).contains("\n  - item: \"1.2\"\n    targets:\n      - ref: \"review-target:1-2\"\n"))
        // The canonical file writes itself again unchanged.
        let again = try MappingYAMLParser().parse(try InputFile.decode(bytes, path: path))
        XCTAssertEqual(MappingYAMLWriter.bytes(again, leadingComment: comments), bytes)
        // A mapping with no entries.
        var empty = mapping
        empty.entries = []
        empty.unreviewed = []
        let none = MappingYAMLWriter.bytes(empty)
        XCTAssertTrue(String(decoding: none, as: UTF8.self).hasSuffix("\nentries: []\n"))
        XCTAssertEqual(none, Array(MappingYAMLWriter.text(empty).utf8))
    }

    func testTheCommentBlockFromBytesIsTheOneFromText() {
        let cases: [(String, [String])] = [
            ("# 一行目\n#二行目\n\n  # 字下げ\nmapping:\n  id: m\n# not this\n", ["# 一行目", "#二行目", "", "  # 字下げ"]),
            ("mapping:\n  id: m\n", []),
            ("\n\n# after blank lines\n\nentries: []\n", ["", "", "# after blank lines"]),
            ("# only comments\n# and no key", ["# only comments", "# and no key"]),
            ("\u{3000}# 全角空白の後\nmapping: {}\n", ["\u{3000}# 全角空白の後"]),
            // CR LF (a file saved on Windows): the same lines, without their CR. The String form
            // once split only at a "\n" Character, which a CR LF is not, and took the whole
            // file for its comment block.
            ("# crlf\r\n# two\r\nmapping:\r\n  id: m\r\n", ["# crlf", "# two"]),
            ("# mixed\r\n\r\n# lf\nentries: []\r\n", ["# mixed", "", "# lf"]),
            ("", []),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(MappingYAMLWriter.leadingComment(of: Array(text.utf8)), MappingYAMLWriter.leadingComment(of: text), text)
            XCTAssertEqual(MappingYAMLWriter.leadingComment(of: Array(text.utf8)), expected, text)
        }
    }
}
