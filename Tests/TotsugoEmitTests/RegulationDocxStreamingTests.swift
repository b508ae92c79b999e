import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoMatch
import XCTest

/// The regulation .docx's word/document.xml and comments.xml are never held whole: written once
/// into unlinked temporary files, then read back a chunk at a time while the zip deflates them
/// (`ZipPackage.add(_:spilled:)`). The md and HTML are written a block at a time.
final class RegulationDocxStreamingTests: XCTestCase {
    /// The fixture's sections repeated until document.xml is well over the zip's 1 MiB chunk
    /// (so the part is read back from its spill in several chunks).
    private func large(_ style: RegulationDocument.AnnotationStyle, copies: Int = 300) throws -> RegulationDocument {
        var document = try RegulationFixture.document()
        document.annotationStyle = style
        document.sections = Array(repeating: document.sections, count: copies).flatMap { $0 }
        return document
    }

    private func onePass(_ document: RegulationDocument) -> (xml: String, comments: String) {
        var writer = RegulationDOCXEmitter.Writer(document: document)
        var xml = "", comments = ""
        writer.documentXML({ xml += $0 }, comments: { comments += $0 })
        return (xml, comments)
    }

    func testTheBodyIsReadBackInPieces() throws {
        let expected = Array(onePass(try large(.inline)).xml.utf8)
        XCTAssertGreaterThan(expected.count, 2 << 20)
        let spill = try SpillFile(directory: FileManager.default.temporaryDirectory.path)
        try spill.append(Array(expected[..<1000]))
        try spill.append(Array(expected[1000...]))
        XCTAssertEqual(spill.written, expected.count)
        var made: [UInt8] = []
        while made.count < expected.count {
            made += try spill.data(at: made.count, count: min(1 << 20, expected.count - made.count))
        }
        XCTAssertEqual(made, expected)
        XCTAssertThrowsError(try spill.data(at: expected.count - 10, count: 11), "past the end")
    }

    func testMarkdownAndHTMLWrittenAsRendered() throws {
        let document = try large(.inline, copies: 800)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulation-stream-\(getpid())").path
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let md = folder + "/r.md", html = folder + "/r.html"
        var file = try OutputFile(path: md)
        _ = try RegulationMarkdownEmitter().write(document, to: &file)
        try file.close()
        var page = try OutputFile(path: html)
        _ = try RegulationHTMLEmitter().write(document, to: &page)
        try page.close()
        let expectedMD = RegulationMarkdownEmitter().render(document)
        XCTAssertGreaterThan(expectedMD.count, 2 << 20, "more than the 1 MiB buffer")
        XCTAssertEqual(Array(try XCTUnwrap(FileManager.default.contents(atPath: md))), expectedMD)
        XCTAssertEqual(Array(try XCTUnwrap(FileManager.default.contents(atPath: html))), RegulationHTMLEmitter().render(document))
    }

    func testCommentsOfTheZipMatchTheBody() throws {
        let document = try large(.comments)
        let reader = try DOCXReader(try RegulationDOCXEmitter().render(document))
        let body = try XCTUnwrap(reader.parts["word/document.xml"])
        let comments = try XCTUnwrap(reader.parts["word/comments.xml"])
        let expected = onePass(document)
        XCTAssertEqual(body, expected.xml)
        XCTAssertEqual(comments, expected.comments)
        let referenced = Set(DOCXReader.between(body, "<w:commentReference w:id=\"", "\""))
        let defined = Set(DOCXReader.between(comments, "<w:comment w:id=\"", "\""))
        XCTAssertGreaterThan(referenced.count, 300)
        XCTAssertEqual(referenced, defined)
        XCTAssertTrue(body.hasSuffix("<w:cols w:space=\"425\"/></w:sectPr></w:body></w:document>"))
    }
}
