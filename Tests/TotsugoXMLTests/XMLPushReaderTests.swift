import TotsugoXML
import XCTest

final class XMLPushReaderTests: XCTestCase {
    /// Records events as text: `<name a=…>`, `</>`, and character data.
    final class Recorder: XMLReaderDelegate {
        var events: [String] = []
        func startElement(_ element: XMLReader.Element) { events.append("<\(element.name) r=\(element.attribute("r") ?? "-")>") }
        func endElement() { events.append("</>") }
        func characters(_ text: UnsafeBufferPointer<UInt8>) {
            let piece = String(decoding: text, as: UTF8.self)
            if let last = events.last, last.hasPrefix("'") {
                events[events.count - 1] = String(last.dropLast()) + piece + "'"
            } else {
                events.append("'\(piece)'")
            }
        }
    }

    private func read(_ xml: String, pieceSize: Int) throws -> [String] {
        let recorder = Recorder()
        let reader = try XMLPushReader(file: "s.xml", delegate: recorder)
        let bytes = Array(xml.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + pieceSize, bytes.count)
            try bytes[start..<end].withUnsafeBytes { try reader.push($0) }
            start = end
        }
        try reader.finish()
        return recorder.events
    }

    func testSameEventsWhateverThePieces() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><row r=\"1\"><c r=\"A1\"><v>共通&amp;&#x41;</v></c></row>"
        let expected = ["<row r=1>", "<c r=A1>", "<v r=->", "'共通&A'", "</>", "</>", "</>"]
        XCTAssertEqual(try read(xml, pieceSize: 1 << 16), expected)
        XCTAssertEqual(try read(xml, pieceSize: 1), expected, "split inside multi-byte characters and references")
    }

    func testDoctypeRefused() {
        XCTAssertThrowsError(try read("<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY e \"x\">]><r>&e;</r>", pieceSize: 7)) { error in
            let issues = (error as? XMLFailure)?.issues ?? []
            XCTAssertEqual(issues.count, 1)
            XCTAssertEqual(issues.first?.line, 2)
            XCTAssertTrue(issues.first?.message.hasPrefix("DOCTYPE declarations are not allowed") == true, "\(issues)")
        }
    }

    func testMalformedAndTruncatedFail() {
        XCTAssertThrowsError(try read("<r><a></r>", pieceSize: 3))
        XCTAssertThrowsError(try read("<r><a>text", pieceSize: 100), "a truncated document fails at finish")
    }
}
