import Foundation
import TestSupport
@testable import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import XCTest
#if canImport(zlib)
import zlib
#else
import CZlib
#endif

/// The report's data kept small while it is made (issue 19, peak memory): long texts of the
/// table are written into the JSON only when it is deflated, the rows in chunks that are freed
/// once deflated. The bytes must be those of the document written at once.
final class HTMLReportMemoryTests: XCTestCase {
    /// Texts with every character the JSON string escapes or replaces, long enough to be kept
    /// as texts, with plain bytes around them.
    let texts = [
        "委託先との契約において「記録」を確認する。\n改行と\tタブ、\"引用符\"と\\、<script> の前。",
        "制御文字\u{01}と\u{7F}と\u{85}と\u{FFFE}と\u{FFFF}、それに ＜全角＞ と \r 復帰。末尾の文字まで十分に長い。",
        "短い",
        String(repeating: "長い記載内容の繰り返し。", count: 40),
    ]

    func direct(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        JSONText.append(text, to: &out)
        return out
    }

    func testEscapedCountIsTheLengthWritten() {
        for text in texts + ["", "\u{C2}", "a\u{EF}", "\u{FFFD}"] {
            let count = Array(text.utf8).withUnsafeBufferPointer { JSONText.escapedCount($0) }
            XCTAssertEqual(count, direct(text).count, text)
        }
    }

    func testChunkWithTextsReadsAsTheBytesWrittenAtOnce() {
        var plain: [UInt8] = []
        var expected: [UInt8] = []
        var kept = JSONChunk.Texts()
        for (k, text) in texts.enumerated() {
            let around = Array("[\(k),".utf8)
            plain += around
            expected += around
            if text.utf8.count >= JSONChunk.Texts.shortest, kept.add(text, at: plain.count) {
                expected += direct(text)
            } else {
                plain += direct(text)
                expected += direct(text)
            }
            plain += Array("]".utf8)
            expected += Array("]".utf8)
        }
        XCTAssertEqual(kept.strings.count, 3, "the long texts are kept as texts")
        let chunk = JSONChunk(plain, texts: kept)
        XCTAssertEqual(chunk.count, expected.count)
        XCTAssertEqual(chunk.bytes(), expected)
        // Any range, also one that starts or ends inside a text.
        for lower in stride(from: 0, through: expected.count, by: 7) {
            for upper in stride(from: lower, through: expected.count, by: 13) {
                var out: [UInt8] = []
                chunk.append(lower..<upper, to: &out)
                XCTAssertEqual(out, Array(expected[lower..<upper]), "\(lower)..<\(upper)")
            }
        }
    }

    func testSmallChunksMakeTheSameDocumentAndPieces() throws {
        let loaded = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        XCTAssertEqual(loaded.diagnostics, [])
        let resolved = try Resolver(catalogs: loaded.catalogs).resolve(try XCTUnwrap(loaded.mappings.first))
        let f = (table: CrossReferenceTable(resolved), reverse: ReverseView(resolved))
        let whole = HTMLReportData(table: f.table, reverse: f.reverse)
        let chunked = HTMLReportData(table: f.table, reverse: f.reverse, chunkSize: 64)
        XCTAssertEqual(chunked.json, whole.json)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(chunked.json)))
        for pieceSize in [97, 700, 1 << 20] {
            let elements = chunked.scriptElements(deflateAbove: 0, pieceSize: pieceSize)
            XCTAssertEqual(elements, whole.scriptElements(deflateAbove: 0, pieceSize: pieceSize))
            let pieces = String(decoding: elements, as: UTF8.self)
                .matches(of: /<script type="application\/octet-stream" class="report-data-z" data-encoding="deflate-raw base64">([A-Za-z0-9+\/=]*)<\/script>/)
                .map { String($0.1) }
            XCTAssertEqual(pieces.count, (whole.json.count + pieceSize - 1) / pieceSize)
            XCTAssertEqual(try pieces.flatMap { try inflateRaw(try XCTUnwrap(Data(base64Encoded: $0))) }, whole.json)
        }
        XCTAssertEqual(String(decoding: chunked.scriptElements(), as: UTF8.self),
                       #"<script type="application/json" id="report-data">"# + String(decoding: whole.json, as: UTF8.self) + "</script>\n")
    }
}
