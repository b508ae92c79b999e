import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoMatch
import XCTest

/// The regulation .docx written without the document's block list or its comments in memory:
/// document.xml and comments.xml each go into an unlinked spill file as the walk over the
/// blocks makes them, and the zip reads both back a chunk at a time
/// (`RegulationDOCXEmitter.package(_:spills:)`). The package is the one made in memory.
final class RegulationDOCXStreamTests: XCTestCase {
    /// The adopt fixture (comments, tracked insertions, bullet and numbered lists, a table)
    /// repeated until both spilled parts pass their buffers several times.
    private func large(_ style: RegulationDocument.AnnotationStyle = .comments, copies: Int = 300) throws -> RegulationDocument {
        var document = try RegulationCommentsTests.document(style: style)
        document.sections = Array(repeating: document.sections, count: copies).flatMap { $0 }
        return document
    }

    private func folder(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A spill file on /dev/full: every write fails with ENOSPC, as on a full disk.
    private func fullDisk() throws -> SpillFile {
        let fd = open("/dev/full", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw XCTSkip("no /dev/full here") }
        return SpillFile(descriptor: fd, directory: "/dev")
    }

    func testSpilledAndInMemoryPackagesAreByteIdentical() throws {
        for style in RegulationDocument.AnnotationStyle.allCases {
            let document = try large(style)
            let inMemory = try RegulationDOCXEmitter().render(document)
            let reader = try DOCXReader(inMemory)
            let body = try XCTUnwrap(reader.parts["word/document.xml"])
            for element in ["<w:numPr>", "<w:tbl>", "<w:ind w:left=\"420\" w:hanging=\"420\"/>"] {
                XCTAssertTrue(body.contains(element), "\(style): \(element)")
            }

            let folder = try folder("regulation-docx-stream")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let spills = try RegulationDOCXEmitter.Spills(directory: folder)
            var zip = try RegulationDOCXEmitter().package(document, spills: spills)
            try zip.write(to: folder + "/r.docx")
            XCTAssertEqual(Array(try XCTUnwrap(FileManager.default.contents(atPath: folder + "/r.docx"))), inMemory, "\(style)")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["r.docx"], "the spills are unlinked")
            XCTAssertEqual(spills.body.written, body.utf8.count, "document.xml went into its spill")
            XCTAssertGreaterThan(spills.body.written, 2 << 20)

            if style == .comments {
                let comments = try XCTUnwrap(reader.parts["word/comments.xml"])
                XCTAssertTrue(body.contains("<w:ins w:id=\""), "tracked insertions")
                XCTAssertEqual(DOCXReader.between(comments, "<w:comment w:id=\"", "\"").count, 6 * 300)
                XCTAssertEqual(spills.comments.written, comments.utf8.count, "comments.xml went into its spill")
                XCTAssertGreaterThan(spills.comments.written, 2 << 18, "more than the comments' buffer")
                XCTAssertTrue(comments.hasSuffix("</w:comment></w:comments>"))
            } else {
                XCTAssertNil(reader.parts["word/comments.xml"], "inline: no comments part")
                XCTAssertFalse(try XCTUnwrap(reader.parts["[Content_Types].xml"]).contains("comments"))
            }
        }
    }

    /// Through `write(_:to:)` the parts spill into the file's own folder (inside the output
    /// folder), the output is the package held in memory byte for byte and nothing else is left
    /// in the folder; a document without comments has no comments part either way.
    func testWrittenFileEqualsTheDocumentInMemory() throws {
        for document in [try large(copies: 40), try RegulationFixture.document()] {
            let folder = try folder("regulation-docx-write")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            var file = try OutputFile(path: folder + "/r.docx")
            _ = try RegulationDOCXEmitter().write(document, to: &file)
            try file.close()
            XCTAssertEqual(Array(try XCTUnwrap(FileManager.default.contents(atPath: folder + "/r.docx"))),
                           try RegulationDOCXEmitter().render(document))
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["r.docx"])
        }
    }

    /// A write error of the comments' spill (a full disk) is the render's error, not a
    /// package with a short or missing comments part; likewise the body's.
    func testAWriteErrorOfEitherSpillIsThrown() throws {
        let folder = try folder("regulation-docx-full")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let document = try large()
        let cases: [(String, RegulationDOCXEmitter.Spills)] = [
            ("comments", .init(body: try SpillFile(directory: folder), comments: try fullDisk())),
            ("body", .init(body: try fullDisk(), comments: try SpillFile(directory: folder))),
        ]
        for (name, spills) in cases {
            XCTAssertThrowsError(try RegulationDOCXEmitter().package(document, spills: spills), name) { error in
                let failure = error as? OutputWriter.Failure
                XCTAssertEqual(failure?.reason, "cannot write a temporary file: \(String(cString: strerror(ENOSPC)))", "\(name): \(error)")
            }
        }
        // A document whose comments fit the buffer: the error comes at the last write.
        let small = try RegulationCommentsTests.document()
        XCTAssertThrowsError(try RegulationDOCXEmitter().package(small, spills: .init(body: try SpillFile(directory: folder), comments: try fullDisk()))) { error in
            XCTAssertTrue("\(error)".contains(String(cString: strerror(ENOSPC))), "\(error)")
        }
    }

    /// A spill that cannot be read back (it ended early) fails the zip with that error.
    func testAReadErrorOfASpillIsThrown() throws {
        let folder = try folder("regulation-docx-short")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spill = try SpillFile(directory: folder)
        try spill.append(Array(repeating: UInt8(ascii: "a"), count: 100))
        // Claims 100 bytes; a second handle on /dev/null reads none of them.
        let empty = SpillFile(descriptor: open("/dev/null", O_RDWR | O_CLOEXEC), directory: folder)
        try empty.append(Array(repeating: UInt8(ascii: "a"), count: 100))
        for (file, fails) in [(spill, false), (empty, true)] {
            var zip = ZipPackage()
            zip.add("a.txt", spilled: file)
            if fails {
                XCTAssertThrowsError(try zip.takeData()) { error in
                    XCTAssertEqual((error as? OutputWriter.Failure)?.reason, "cannot read a temporary file: it ended early", "\(error)")
                }
            } else {
                XCTAssertNoThrow(try zip.takeData())
            }
        }
    }
}
