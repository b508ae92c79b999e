@testable import TotsugoIngest
import TestSupport
import TotsugoCore
import XCTest

/// `review import` checks the mapping it writes by reading it back with
/// `parse(_:keepingEntries: false)`: every entry is read and checked, none is kept (at 100k a
/// second whole mapping was the top of the import's peak). The diagnostics must be the ones the
/// full read gives, including those that wait for the header (a link with no relationship,
/// which takes the header's default, may come before the header).
final class MappingReadBackTests: XCTestCase {
    func read(_ bytes: [UInt8], keeping: Bool, path: String = "m.yaml") -> Result<Mapping, DiagnosticError> {
        do {
            return .success(try MappingYAMLParser().parse(try InputFile.decode(bytes, path: path), keepingEntries: keeping))
        } catch {
            return .failure(error)
        }
    }

    /// The diagnostics of both reads, which must be the same.
    func diagnostics(_ bytes: [UInt8], path: String = "m.yaml", file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let found = [true, false].map { keeping -> [String] in
            switch read(bytes, keeping: keeping, path: path) {
            case .success: XCTFail("keeping \(keeping): read without error", file: file, line: line); return []
            case .failure(let error): return error.diagnostics.map(\.description)
            }
        }
        XCTAssertEqual(found[0], found[1], "dropping the entries changed the diagnostics", file: file, line: line)
        return found[1]
    }

    func testEveryBadEntryIsStillReportedWhenEntriesAreDropped() throws {
        let path = TestPaths.fixture("bad/readback-dropped-entries-still-checked.yaml")
        let bytes = try InputFile.readBytes(path)
        // The entries' own problems as each is read, then those that waited for the header.
        let relationships = "expected one of equal, equivalent-to, subset-of, superset-of, intersects-with, no-relationship"
        XCTAssertEqual(diagnostics(bytes, path: path), [
            "\(path):23:23: error: unknown relationship 'intersects-wit' (did you mean 'intersects-with'?); \(relationships)",
            "\(path):30:5: error: an entry marked 'status: todo' is not reviewed yet, so its 'targets' would be ignored; "
                + "delete 'status: todo' once the item is reviewed",
            "\(path):36:19: error: strength must be a whole number from 0 to 10 (NIST IR 8477), not '11'",
            "\(path):11:9: error: link 't:a-2' has no relationship; write one on the link (relationship: …), on its entry, "
                + "or under 'defaults:' in the 'mapping' header (\(relationships))",
            "\(path):18:9: error: 't' names a whole catalog; that is only allowed with relationship no-relationship",
        ])
    }

    /// The header's default relationship, read after the entries, still reaches the links
    /// that waited for it; the mapping comes back without entries.
    func testADefaultAfterTheEntriesStillResolvesTheirLinks() throws {
        let text = """
        entries:
          - item: "1.1"
            targets: ["t:a-1", "t:a-2"]

          - item: "1.2"
            status: todo

        mapping:
          id: "m"
          source: "s"
          targets: ["t"]
          defaults:
            relationship: subset-of

        """
        let kept = try read(Array(text.utf8), keeping: true).get()
        XCTAssertEqual(kept.entries.map { $0.links.map(\.relationship) }, [[.subsetOf, .subsetOf]])
        XCTAssertEqual(kept.unreviewed.map(\.item), ["1.2"])
        let dropped = try read(Array(text.utf8), keeping: false).get()
        XCTAssertEqual(dropped.entries, [])
        XCTAssertEqual(dropped.unreviewed, [])
        XCTAssertEqual(dropped.id, "m")
        XCTAssertEqual(dropped.targets, ["t"])
    }

    /// What stops the whole file (a key given twice in an entry, a syntax error) is found the
    /// same way.
    func testAKeyGivenTwiceInAnEntryStopsTheReadBack() {
        let text = """
        mapping:
          id: "m"
          source: "s"
          targets: ["t"]
        entries:
          - item: "1.1"
            targets: []
          - item: "1.2"
            targets: []
            item: "1.3"

        """
        XCTAssertEqual(diagnostics(Array(text.utf8)), ["m.yaml:10:5: error: duplicate key 'item' (first at line 8, column 5)"])
    }
}
