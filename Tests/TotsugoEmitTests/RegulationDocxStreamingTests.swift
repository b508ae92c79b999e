import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoMatch
import XCTest

/// The regulation .docx's word/document.xml is made piece by piece while the zip deflates it
/// (`RegulationDOCXEmitter.DocumentPart`), after a pass that only counts its bytes: both passes
/// must make the same XML (same comment and revision ids), and no piece may be the whole part.
final class RegulationDocxStreamingTests: XCTestCase {
    /// The fixture's sections repeated until document.xml is well over the zip's 1 MiB chunk
    /// (so the part goes through the producer thread, not the small-part path).
    private func large(_ style: RegulationDocument.AnnotationStyle) throws -> RegulationDocument {
        var document = try RegulationFixture.document()
        document.annotationStyle = style
        document.sections = Array(repeating: document.sections, count: 300).flatMap { $0 }
        return document
    }

    private func onePass(_ document: RegulationDocument) -> (xml: String, comments: String) {
        var writer = RegulationDOCXEmitter.Writer(document: document, blocks: document.blocks)
        var xml = ""
        writer.documentXML { xml += $0 }
        return (xml, writer.commentsXML())
    }

    func testPiecesMakeTheSameXMLAsOnePass() throws {
        for style in RegulationDocument.AnnotationStyle.allCases {
            let document = try large(style)
            let expected = onePass(document).xml
            XCTAssertGreaterThan(expected.utf8.count, 2 << 20, "\(style)")
            var part = RegulationDOCXEmitter.DocumentPart(writer: .init(document: document, blocks: document.blocks),
                                                          count: expected.utf8.count)
            var made: [UInt8] = []
            var pieces = 0
            var more = true
            while more {
                let before = made.count
                more = part.produce(into: &made)
                pieces += 1
                XCTAssertLessThan(made.count - before, 1 << 20, "a piece of \(style) is not the whole part")
            }
            XCTAssertGreaterThan(pieces, 20, "\(style)")
            XCTAssertEqual(made.count, part.count, "\(style)")
            XCTAssertEqual(String(decoding: made, as: UTF8.self), expected, "\(style)")
        }
    }

    func testCommentsOfTheZipMatchTheBody() throws {
        let document = try large(.comments)
        let reader = try DOCXReader(try RegulationDOCXEmitter().render(document))
        let body = try XCTUnwrap(reader.parts["word/document.xml"])
        let comments = try XCTUnwrap(reader.parts["word/comments.xml"])
        XCTAssertEqual(body, onePass(document).xml)
        XCTAssertEqual(comments, onePass(document).comments)
        let referenced = Set(DOCXReader.between(body, "<w:commentReference w:id=\"", "\""))
        let defined = Set(DOCXReader.between(comments, "<w:comment w:id=\"", "\""))
        XCTAssertGreaterThan(referenced.count, 300)
        XCTAssertEqual(referenced, defined)
        XCTAssertTrue(body.hasSuffix("<w:cols w:space=\"425\"/></w:sectPr></w:body></w:document>"))
    }
}
