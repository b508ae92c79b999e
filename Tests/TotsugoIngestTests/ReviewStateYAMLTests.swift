@testable import TotsugoIngest
import TotsugoCore
import XCTest

/// Issue 17: review state in the mapping YAML: `review`, `reviewer`, `date` on a link, and an
/// entry's `rejected` candidates. Read both ways (the streamed pass and Yams' tree).
final class ReviewStateYAMLTests: XCTestCase {
    func read(_ text: String, streaming: Bool) -> Result<Mapping, DiagnosticError> {
        var parser = MappingYAMLParser()
        parser.streaming = streaming
        do {
            return .success(try parser.parse(try InputFile.decode(Array(text.utf8), path: "m.yaml")))
        } catch {
            return .failure(error)
        }
    }

    func mapping(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Mapping {
        guard case .success(let one) = read(text, streaming: true), case .success(let tree) = read(text, streaming: false) else {
            XCTFail("not read: \(read(text, streaming: true))", file: file, line: line)
            throw XCTSkip()
        }
        XCTAssertEqual(one, tree, file: file, line: line)
        return one
    }

    func errors(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let found = [true, false].map { streaming -> [String] in
            switch read(text, streaming: streaming) {
            case .success: XCTFail("read without error", file: file, line: line); return []
            case .failure(let error): return error.diagnostics.map(\.description)
            }
        }
        XCTAssertEqual(found[0], found[1], file: file, line: line)
        return found[0]
    }

    static let header = "mapping:\n  id: m\n  source: s\n  targets: [t]\nentries:\n"

    func testLinkReviewStateAndRejectedCandidatesAreRead() throws {
        let m = try mapping(Self.header + """
          - item: "1"
            targets:
              - ref: t:a
                relationship: intersects-with
                review: confirmed
                reviewer: 佐藤
                date: 2026-11-30
              - ref: t:b
                relationship: subset-of
            rejected:
              - ref: t:c
                reviewer: 佐藤
                date: "2026-11-29"
                note: 教育の話
              - t:d
          - item: "2"
            status: todo
            rejected: [t:e]
        """)
        let links = m.entries[0].links
        XCTAssertEqual(links.map(\.review), [.confirmed, .unconfirmed])
        XCTAssertEqual(links[0].reviewer, "佐藤")
        XCTAssertEqual(links[0].date, "2026-11-30")
        XCTAssertNil(links[1].reviewer)
        XCTAssertEqual(m.entries[0].rejected.map(\.target.description), ["t:c", "t:d"])
        XCTAssertEqual(m.entries[0].rejected[0].note, "教育の話")
        XCTAssertEqual(m.entries[0].rejected[0].date, "2026-11-29")
        XCTAssertEqual(m.unreviewed.map { $0.rejected.map(\.target.description) }, [["t:e"]])
    }

    func testBadReviewValuesAreErrorsAtTheirPosition() {
        let found = errors(Self.header + """
          - item: "1"
            targets:
              - ref: t:a
                relationship: equal
                review: confirmd
              - ref: t:b
                relationship: equal
                review: rejected
              - ref: t:c
                relationship: equal
                date: 2026-02-30
            rejected:
              - ""
              - ref: t
        """)
        XCTAssertEqual(found, [
            "m.yaml:10:17: error: unknown review status 'confirmd' (did you mean 'confirmed'?); expected unconfirmed (未確認) or confirmed (確認済)",
            "m.yaml:13:17: error: a rejected candidate is not a link: move 't:b' from 'targets' to the entry's 'rejected:' list",
            "m.yaml:16:15: error: date must be a calendar date written YYYY-MM-DD (e.g. 2026-11-30), not '2026-02-30'",
            "m.yaml:18:9: error: a rejected candidate is empty; write 'catalog-id:item-id', or remove the item",
            "m.yaml:19:14: error: 'ref' of a rejected candidate must be 'catalog-id:item-id'",
        ])
    }

    func testReviewDates() {
        XCTAssertTrue(ReviewDate.isValid("2024-02-29"))
        XCTAssertFalse(ReviewDate.isValid("2023-02-29"))
        XCTAssertFalse(ReviewDate.isValid("2026-13-01"))
        XCTAssertFalse(ReviewDate.isValid("2026/11/30"))
        XCTAssertFalse(ReviewDate.isValid("２０２６-11-30"))
    }
}
