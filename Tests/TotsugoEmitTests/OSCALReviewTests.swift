import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoIngest
import XCTest

/// A link's review state (confirmed, reviewer, date) leaves in OSCAL as props of its map (never
/// fields of `provenance`, which the schema refuses) and comes back as it was.
final class OSCALReviewTests: XCTestCase {
    let export = OSCALExport(date: "2026-11-30")

    func testReviewStateRoundTripsThroughMapProps() throws {
        let loaded = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        XCTAssertEqual(loaded.diagnostics, [])
        let catalogs = Dictionary(uniqueKeysWithValues: loaded.catalogs.map { ($0.id, $0) })
        var mapping = try XCTUnwrap(loaded.mappings.first)
        let entry = try XCTUnwrap(mapping.entries.firstIndex { $0.links.contains { $0.target.item != nil } })
        let link = try XCTUnwrap(mapping.entries[entry].links.firstIndex { $0.target.item != nil })
        mapping.entries[entry].links[link].review = .confirmed
        mapping.entries[entry].links[link].reviewer = "山田 花子"
        mapping.entries[entry].links[link].date = "2026-11-20"

        let bytes = export.mapping(mapping, catalogs: catalogs).document.rendered()
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.contains("\"name\": \"review\""), "review prop written")
        XCTAssertTrue(text.contains("山田 花子") && text.contains("2026-11-20"))
        let path = TestPaths.temporaryFolder() + "/" + OSCALExport.mappingFileName(mapping.id)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let document = try OSCALJSONReader().read(InputFile.read(path), limits: .default)
        XCTAssertEqual(document.warnings, [])
        guard case .mapping(let read) = document.content else { return XCTFail("not a mapping") }
        let readLink = try XCTUnwrap(read.entries.first { $0.item == mapping.entries[entry].item }?.links
            .first { $0.target == mapping.entries[entry].links[link].target })
        XCTAssertEqual(readLink.review, .confirmed)
        XCTAssertEqual(readLink.reviewer, "山田 花子")
        XCTAssertEqual(readLink.date, "2026-11-20")
        // Every other link stays unconfirmed, with no review props written for it.
        XCTAssertEqual(read.entries.flatMap(\.links).filter { $0.review == .confirmed }.count, 1)
        XCTAssertEqual(export.mapping(read, catalogs: catalogs).document.rendered(), bytes, "export → import → export")
    }

    func testAReviewPropThatIsNotAStateIsAnError() throws {
        let loaded = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        let catalogs = Dictionary(uniqueKeysWithValues: loaded.catalogs.map { ($0.id, $0) })
        var mapping = try XCTUnwrap(loaded.mappings.first)
        let entry = try XCTUnwrap(mapping.entries.firstIndex { $0.links.contains { $0.target.item != nil } })
        let link = try XCTUnwrap(mapping.entries[entry].links.firstIndex { $0.target.item != nil })
        mapping.entries[entry].links[link].review = .confirmed
        mapping.entries[entry].links[link].date = "2026-11-20"
        var text = String(decoding: export.mapping(mapping, catalogs: catalogs).document.rendered(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"value\": \"confirmed\"", with: "\"value\": \"rejected\"")
            .replacingOccurrences(of: "\"value\": \"2026-11-20\"", with: "\"value\": \"2026-02-30\"")
        let path = TestPaths.temporaryFolder() + "/" + OSCALExport.mappingFileName(mapping.id)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try OSCALJSONReader().read(InputFile.read(path), limits: .default)) { error in
            let messages = ((error as? DiagnosticError)?.diagnostics ?? []).map(\.message)
            XCTAssertTrue(messages.contains { $0.contains("review 'rejected' is not a link's review state") }, "\(messages)")
            XCTAssertTrue(messages.contains { $0.contains("review-date '2026-02-30' is not a calendar date") }, "\(messages)")
        }
    }
}
