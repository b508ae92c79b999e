import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoIngest
import XCTest

/// Reading OSCAL JSON (docs/oscal.md): the positioned JSON parser, a real NIST catalog, and
/// hostile files, each problem at its file:line:col.
final class OSCALImportTests: XCTestCase {
    func parse(_ text: String, limits: PositionedJSON.Limits = .init()) -> Diagnostic? {
        do {
            _ = try PositionedJSON.parse(Array(text.utf8), file: "t.json", limits: limits)
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    func testPositionedJSONKeepsLinesAndColumnsInCharacters() throws {
        let json = try PositionedJSON.parse(Array("{\n  \"名前\": \"値\", \"n\": [1, -2.5e3, true, null]\n}\n".utf8), file: "t.json")
        guard case .object(let members) = json.value else { return XCTFail("not an object") }
        XCTAssertEqual(members.map(\.key), ["名前", "n"])
        XCTAssertEqual([members[0].keyLine, members[0].keyColumn, members[0].value.column], [2, 3, 9])
        XCTAssertEqual([members[1].keyLine, members[1].keyColumn], [2, 14])
        guard case .array(let values) = members[1].value.value, case .number(let number) = values[1].value else { return XCTFail("not an array") }
        XCTAssertEqual(number, "-2.5e3")
        XCTAssertEqual(values[3].column, 37)
    }

    func testPositionedJSONRefusesWhatJSONIsNot() {
        XCTAssertEqual(parse("{\"a\": 1,}")?.description, "t.json:1:9: error: a ',' before '}' (JSON allows no trailing comma)")
        XCTAssertEqual(parse("[1,]")?.description, "t.json:1:4: error: a ',' before ']' (JSON allows no trailing comma)")
        XCTAssertEqual(parse("{\"a\": 1,\n \"a\": 2}")?.description, "t.json:2:2: error: 'a' is given twice in this object (first at line 1)")
        XCTAssertEqual(parse("\"\\ud800x\"")?.description, "t.json:1:8: error: a lone surrogate \\ud800 is not a character")
        XCTAssertEqual(parse("\"a\nb\"")?.description, "t.json:1:3: error: a control character (U+A) inside a string must be escaped")
        XCTAssertEqual(parse("{} x")?.description, "t.json:1:4: error: unexpected text after the JSON value")
        XCTAssertEqual(parse("01")?.description, "t.json:1:2: error: unexpected text after the JSON value")
        XCTAssertEqual(parse("NaN")?.description, "t.json:1:1: error: a JSON value was expected")
        XCTAssertEqual(parse("[[[[1]]]]", limits: .init(maxDepth: 3))?.description, "t.json:1:4: error: JSON nested deeper than 3 levels")
        XCTAssertEqual(parse("[1, 2, 3]", limits: .init(maxValues: 3))?.description, "t.json:1:8: error: more than 3 JSON values")
    }

    /// A minified file is one long line: columns are counted once, not from the line start for
    /// every value (which was quadratic).
    func testPositionedJSONOnOneLongLineIsLinear() throws {
        let text = "[" + Array(repeating: "\"値\"", count: 200_000).joined(separator: ",") + "]"
        let start = Date()
        let json = try PositionedJSON.parse(Array(text.utf8), file: "t.json")
        guard case .array(let values) = json.value else { return XCTFail("not an array") }
        XCTAssertEqual(values.last?.column, 2 + 199_999 * 4)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30, "generous: quadratic counting took minutes")
    }

    /// NIST SP 800-53 rev5 LOW baseline (oscal-content, OSCAL 1.1.2), groups at and ps: groups and
    /// controls as items, enhancements as children, statements as text, the rest reported.
    func testRealNISTCatalog() throws {
        let path = TestPaths.fixture("oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.at-ps.json")
        let document = try OSCALJSONReader().read(InputFile.read(path), limits: .default)
        guard case .catalog(let catalog) = document.content else { return XCTFail("not a catalog") }
        XCTAssertEqual(catalog.id, "nist_sp-800-53_rev5_low-baseline-resolved-profile_catalog.at-ps")
        XCTAssertEqual(catalog.title, "NIST Special Publication 800-53 Revision 5.1.1 LOW IMPACT BASELINE")
        XCTAssertEqual(catalog.version, "5.1.1+u4")
        XCTAssertEqual(catalog.publisher, "Joint Task Force, Transformation Initiative")
        XCTAssertEqual(catalog.items.map(\.id), ["at", "ps"])
        XCTAssertEqual(catalog.items[0].heading, "Awareness and Training")
        XCTAssertEqual(catalog.items[0].children.map(\.id), ["at-1", "at-2", "at-3", "at-4"])
        XCTAssertEqual(catalog.allItems.count, 2 + 13 + 1)
        let at2 = catalog.items[0].children[1]
        XCTAssertEqual([at2.number, at2.heading], ["AT-2", "Literacy Training and Awareness"])
        XCTAssertEqual(at2.children.map(\.id), ["at-2.2"])
        XCTAssertEqual(at2.children[0].number, "AT-2(2)")
        let text = try XCTUnwrap(at2.text)
        XCTAssertTrue(text.hasPrefix("a. Provide security and privacy literacy training to system users (including managers, senior executives, and contractors):\n1. As part of initial training"), text)
        XCTAssertEqual(catalog.provenance, ["OSCAL catalog NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.at-ps.json: NIST Special Publication 800-53 Revision 5.1.1 LOW IMPACT BASELINE, version 5.1.1+u4"])
        // Nothing dropped silently: each kind not imported is one warning with its count and first place.
        let warnings = document.warnings.map(\.description)
        XCTAssertTrue(warnings.contains("\(path):79:13: warning: control.params: not imported (totsugo's model has no place for it); 12 occurrences in this file, the first here"), warnings.joined(separator: "\n"))
        XCTAssertTrue(warnings.contains { $0.contains("part 'guidance': not imported") && $0.contains("14 occurrences") }, warnings.joined(separator: "\n"))
    }

    func read(_ fixture: String) -> [String] {
        do {
            _ = try OSCALJSONReader().read(InputFile.read(TestPaths.fixture(fixture)), limits: .default)
            XCTFail("\(fixture) was read without errors")
            return []
        } catch {
            // In position order, as the command line prints them.
            return error.diagnostics.filter { $0.severity == .error }
                .sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
                .map { $0.description.replacingOccurrences(of: TestPaths.fixture("") + "/", with: "") }
        }
    }

    func testMappingCollectionMistakesAreAllReportedAtTheirPlace() {
        XCTAssertEqual(read("bad/oscal-mapping-mistakes.json"), [
            "bad/oscal-mapping-mistakes.json:13:17: error: provenance status 'final' is not one of complete, deprecated, draft, not-complete, superseded",
            "bad/oscal-mapping-mistakes.json:15:7: error: unknown field 'reviewer' in provenance (OSCAL 1.2 defines: confidence-score, coverage, links, mapping-description, matching-rationale, method, props, remarks, responsible-parties, status)",
            "bad/oscal-mapping-mistakes.json:21:57: error: target-resource href '#0f0e0d0c-0b0a-4909-8807-060504030201' names no resource in back-matter",
            "bad/oscal-mapping-mistakes.json:25:29: error: relationship 'equal' is not one of equal-to, equivalent-to, intersects-with, no-relationship, subset-of, superset-of",
            "bad/oscal-mapping-mistakes.json:26:35: error: matching-rationale 'semantics' is not one of syntactic, semantic, functional",
            "bad/oscal-mapping-mistakes.json:29:24: error: strength '11' is not a whole number 0–10 (NIST IR 8477)",
            "bad/oscal-mapping-mistakes.json:31:11: error: a map with 2 sources and 1 targets: a totsugo link relates one source item to one target item (the relationship holds between the sets, not between each pair); write one map per pair the relationship holds for",
            "bad/oscal-mapping-mistakes.json:36:13: error: unknown field 'relation' in map (OSCAL 1.2 defines: confidence-score, coverage, links, matching-rationale, ns, props, qualifiers, relationship, remarks, sources, targets, uuid)",
        ])
    }

    func testCatalogMistakes() {
        XCTAssertEqual(read("bad/oscal-catalog-mistakes.json"), [
            "bad/oscal-catalog-mistakes.json:13:7: error: duplicate item id 'c-1' (first defined at bad/oscal-catalog-mistakes.json:12:7)",
            "bad/oscal-catalog-mistakes.json:14:7: error: unknown level 'LV9' (expected LV1, LV2 or LV3; a catalog with levels of its own declares them with level-names)",
            "bad/oscal-catalog-mistakes.json:16:40: error: unknown field 'controlls' in control (OSCAL 1.2 defines: class, controls, id, links, params, parts, props, title)",
        ])
        XCTAssertEqual(read("bad/oscal-trailing-comma.json"), ["bad/oscal-trailing-comma.json:6:5: error: a ',' before '}' (JSON allows no trailing comma)"])
    }

    func testNotAnOSCALDocument() throws {
        let path = TestPaths.temporaryFolder() + "/profile.json"
        try Data("{\"profile\": {}}".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try OSCALJSONReader().read(InputFile.read(path), limits: .default)) { error in
            XCTAssertEqual((error as? DiagnosticError)?.diagnostics.map(\.message),
                           ["an OSCAL document for totsugo holds one catalog or one mapping-collection (found 'profile')"])
        }
    }

    func testRegistryReadsJSONAsOSCAL() {
        guard case .document(let reader)? = InputReaders.reader(for: "x/NIST.json") else { return XCTFail("no reader for .json") }
        XCTAssertTrue(reader is OSCALJSONReader)
        XCTAssertTrue(InputReaders.knownExtensions.hasSuffix(".json for OSCAL catalogs and mapping collections"), InputReaders.knownExtensions)
    }
}
