@testable import TotsugoIngest
import TestSupport
import TotsugoCore
import XCTest

/// Issue 15, "less typing in mappings": `defaults:` in the header, `relationship` /
/// `rationale` / `strength` on an entry for its links, the one-line link form, and entries
/// marked `status: todo` (unreviewed). Each case is read both ways (the streamed pass and Yams'
/// tree) and must give the same result.
final class MappingDefaultsTests: XCTestCase {
    enum Way: CaseIterable { case onePass, yams }

    func read(_ text: String, _ way: Way) -> Result<Mapping, DiagnosticError> {
        var parser = MappingYAMLParser()
        parser.streaming = way == .onePass
        do {
            return .success(try parser.parse(try InputFile.decode(Array(text.utf8), path: "m.yaml")))
        } catch {
            return .failure(error)
        }
    }

    /// The mapping, read the same both ways.
    func mapping(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Mapping {
        let results = Way.allCases.map { read(text, $0) }
        guard case .success(let streamed) = results[0], case .success(let tree) = results[1] else {
            XCTFail("not read: \(results)", file: file, line: line)
            throw XCTSkip()
        }
        XCTAssertEqual(streamed, tree, "the streamed reader and Yams' tree differ", file: file, line: line)
        return streamed
    }

    /// The diagnostics, the same both ways.
    func diagnostics(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let found = Way.allCases.map { way -> [String] in
            switch read(text, way) {
            case .success: XCTFail("\(way): read without error", file: file, line: line); return []
            case .failure(let error): return error.diagnostics.map(\.description)
            }
        }
        XCTAssertEqual(found[0], found[1], "the streamed reader and Yams' tree differ", file: file, line: line)
        return found[0]
    }

    /// (catalog:item, relationship, rationale, strength) of each link of each entry.
    func links(_ mapping: Mapping) -> [[String]] {
        mapping.entries.map { entry in
            entry.links.map { "\($0.target) \($0.relationship.rawValue) \($0.rationale?.rawValue ?? "-") \($0.strength.map(String.init) ?? "-")" }
        }
    }

    static let header = "mapping:\n  id: m\n  source: s\n  targets: [t, u]\n"

    func testHeaderDefaultsFillOneLineAndLongLinks() throws {
        let mapping = try mapping("""
        mapping:
          id: m
          source: s
          targets: [t, u]
          defaults:
            relationship: intersects-with
            rationale: semantic
            strength: 5
        entries:
          - item: "1"
            targets:
              - t:3/1/1.1
              - ref: t:2
              - ref: t:4
                relationship: subset-of
                rationale: functional
                strength: 8
              - ref: u
                relationship: no-relationship
        """)
        XCTAssertEqual(links(mapping), [[
            "t:3/1/1.1 intersects-with semantic 5",
            "t:2 intersects-with semantic 5",
            "t:4 subset-of functional 8",
            "u no-relationship - -",  // rationale and strength defaults do not apply to no-relationship
        ]])
        XCTAssertEqual(mapping.entries[0].links[0].location?.description, "m.yaml:12:9")
        XCTAssertTrue(mapping.unreviewed.isEmpty)
    }

    func testEntryDefaultsOverrideHeaderAndLinkOverridesEntry() throws {
        let mapping = try mapping(Self.header + """
          defaults: {relationship: intersects-with, rationale: semantic}
        entries:
          - item: "1"
            relationship: equal
            strength: 9
            targets: [t:1, "t:2", {ref: t:3, relationship: superset-of, strength: 10}]
          - item: "2"
            rationale: syntactic
            targets:
              - t:5
          - item: "3"
            relationship: no-relationship
            targets: [u]
        """)
        XCTAssertEqual(links(mapping), [
            ["t:1 equal semantic 9", "t:2 equal semantic 9", "t:3 superset-of semantic 10"],
            ["t:5 intersects-with syntactic -"],
            ["u no-relationship - -"],
        ])
    }

    func testOneLineLinkWithoutAnyRelationshipIsAnErrorAtItsPosition() {
        XCTAssertEqual(diagnostics(Self.header + """
        entries:
          - item: "1"
            targets:
              - t:1
              - ref: t:2
                rationale: semantic
          - item: "2"
            relationship: equal
            targets: [t:3]
        """), [
            "m.yaml:8:9: error: link 't:1' has no relationship; write one on the link (relationship: …), on its entry, or under 'defaults:' in the 'mapping' header (expected one of equal, equivalent-to, subset-of, superset-of, intersects-with, no-relationship)",
            "m.yaml:9:14: error: link 't:2' has no relationship; write one on the link (relationship: …), on its entry, or under 'defaults:' in the 'mapping' header (expected one of equal, equivalent-to, subset-of, superset-of, intersects-with, no-relationship)",
        ])
    }

    func testDefaultsInTheHeaderAfterTheEntriesStillApply() throws {
        // The streamed reader reads entries before it sees a header written after them.
        let mapping = try mapping("""
        entries:
          - item: "1"
            targets: [t:1]
        mapping:
          id: m
          source: s
          targets: [t]
          defaults:
            relationship: equal
        """)
        XCTAssertEqual(links(mapping), [["t:1 equal - -"]])
    }

    func testWrongAndEmptyDefaultsAreErrorsAtTheirKeysAndNotRepeatedPerLink() {
        XCTAssertEqual(diagnostics(Self.header + """
          defaults:
            relationship: intersect
            strength: 11
            colour: red
        entries:
          - item: "1"
            targets: [t:1, t:2]
          - item: "2"
            relationship:
            rationale: semantics
            targets: [t:3]
          - item: "3"
            targets:
              -
              - ""
              - ":x"
              - t
        """), [
            "m.yaml:8:5: error: unknown key 'colour' in 'defaults'; allowed: relationship, rationale, strength",
            "m.yaml:6:19: error: unknown relationship 'intersect'; expected one of equal, equivalent-to, subset-of, superset-of, intersects-with, no-relationship",
            "m.yaml:7:15: error: strength must be a whole number from 0 to 10 (NIST IR 8477), not '11'",
            "m.yaml:13:5: error: 'relationship' in an entry is empty; expected one of equal, equivalent-to, subset-of, superset-of, intersects-with, no-relationship",
            "m.yaml:14:16: error: unknown rationale 'semantics' (expected syntactic, semantic or functional)",
            "m.yaml:18:8: error: a link in 'targets' is empty; write 'catalog-id:item-id' (or a mapping with 'ref' and 'relationship'), or remove the item",
            "m.yaml:19:9: error: a link in 'targets' is empty; write 'catalog-id:item-id' (or a mapping with 'ref' and 'relationship'), or remove the item",
            "m.yaml:20:9: error: a one-line link must be 'catalog-id:item-id', not ':x'",
            // t:1, t:2, t:3 and t take the header's relationship, which is wrong: said once, at its key.
        ])
    }

    func testAOneLineWholeCatalogNeedsNoRelationship() throws {
        XCTAssertEqual(diagnostics(Self.header + """
          defaults: {relationship: equal}
        entries:
          - item: "1"
            targets: [u]
        """), ["m.yaml:8:15: error: 'u' names a whole catalog; that is only allowed with relationship no-relationship"])
        let mapping = try mapping(Self.header + """
          defaults: {relationship: equal}
        entries:
          - item: "1"
            targets: [t:1, {ref: u, relationship: no-relationship}]
        """)
        XCTAssertEqual(links(mapping), [["t:1 equal - -", "u no-relationship - -"]])
    }

    func testTodoEntriesAreUnreviewedNotEntries() throws {
        let mapping = try mapping(Self.header + """
        entries:
          - item: "1"   # はじめに
            status: todo
          - item: 2/(1)
            status: todo
            note: "担当: 山田"
          - item: "3"
            targets: []
        """)
        XCTAssertEqual(mapping.entries.map(\.item), ["3"])
        XCTAssertEqual(mapping.unreviewed.map(\.item), ["1", "2/(1)"])
        XCTAssertEqual(mapping.unreviewed.map { $0.location?.description ?? "" }, ["m.yaml:6:11", "m.yaml:8:11"])
    }

    func testTodoEntryWithTargetsOrAWrongStatusIsAnError() {
        XCTAssertEqual(diagnostics(Self.header + """
        entries:
          - item: "1"
            status: todo
            targets: [t:1]
            proposal: x
          - item: "2"
            status: done
            targets: []
          - item: "3"
          - item: "4"
            status: todo
        """), [
            "m.yaml:8:5: error: an entry marked 'status: todo' is not reviewed yet, so its 'targets' would be ignored; delete 'status: todo' once the item is reviewed",
            "m.yaml:9:5: error: an entry marked 'status: todo' is not reviewed yet, so its 'proposal' would be ignored; delete 'status: todo' once the item is reviewed",
            "m.yaml:11:13: error: unknown entry status 'done'; the only entry status is 'todo' (not reviewed yet): remove 'status' once the entry is reviewed",
            "m.yaml:13:5: error: an entry lacks 'targets' (write 'status: todo' for an item not reviewed yet)",
        ])
    }

    /// The complete example of docs/mapping-yaml.md reads as documented.
    func testTheDocumentedCompleteExample() throws {
        let doc = try String(contentsOf: TestPaths.root.appendingPathComponent("docs/mapping-yaml.md"), encoding: .utf8)
        let section = try XCTUnwrap(doc.range(of: "## Complete example"))
        let rest = doc[section.upperBound...]
        let start = try XCTUnwrap(rest.range(of: "```yaml\n"))
        let end = try XCTUnwrap(rest[start.upperBound...].range(of: "```"))
        let mapping = try mapping(String(rest[start.upperBound..<end.lowerBound]))
        XCTAssertEqual(mapping.entries.map(\.item), ["1", "2/(1)", "2/(2)", "2/(3)", "2/(4)"])
        XCTAssertEqual(links(mapping), [
            [],
            ["ipa-3.1-appendix5:3/1/1.1 intersects-with semantic 6"],
            ["ipa-3.1-appendix3:25 intersects-with functional 5", "ipa-3.1-appendix8 no-relationship - -"],
            ["ipa-3.1-appendix5:3/1/1.1 intersects-with semantic -", "ipa-3.1-appendix3:25 intersects-with semantic -"],
            ["ipa-3.1-main:3/3.1 subset-of semantic 7", "ipa-3.1-appendix3:26 subset-of semantic 7"],
        ])
        XCTAssertEqual(mapping.unreviewed.map(\.item), ["2/(5)"])
    }
}
