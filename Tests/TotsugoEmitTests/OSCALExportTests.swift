import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import XCTest

/// OSCAL export (docs/oscal.md): what the documents hold, their determinism, the round trip
/// through the OSCAL reader, and validity against the OSCAL 1.2.2 JSON Schemas.
final class OSCALExportTests: XCTestCase {
    let export = OSCALExport(date: "2026-11-30")

    func workspace(_ relative: String = "workspace") throws -> (catalogs: [String: Catalog], mapping: Mapping) {
        let result = InputLoader().load([TestPaths.fixture("\(relative)/Catalogs"), TestPaths.fixture("\(relative)/Mappings")])
        XCTAssertEqual(result.diagnostics, [])
        return (Dictionary(uniqueKeysWithValues: result.catalogs.map { ($0.id, $0) }), try XCTUnwrap(result.mappings.first))
    }

    func text(_ document: OrderedJSON) -> String { String(decoding: document.rendered(), as: UTF8.self) }

    func json(_ document: OrderedJSON) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(document.rendered())) as? [String: Any])
    }

    /// RFC 9562 appendix A.4: the version 5 UUID of www.example.com in the DNS namespace.
    func testNameUUIDIsRFCVersion5() {
        XCTAssertEqual(NameUUID.v5("www.example.com", namespace: "6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "2ed6657d-e927-568b-95e1-2665a8aea6a2")
        // The project's uuid namespace is the v5 uuid of its prop namespace in the URL namespace.
        XCTAssertEqual(NameUUID.v5(OSCAL.namespace, namespace: "6ba7b811-9dad-11d1-80b4-00c04fd430c8"), OSCAL.uuidNamespace)
    }

    func testCatalogHoldsItemsLevelsTextAndProvenance() throws {
        let (catalogs, _) = try workspace()
        let (document, diagnostics) = export.catalog(try XCTUnwrap(catalogs["industry"]))
        XCTAssertEqual(diagnostics, [])
        let catalog = try XCTUnwrap(try json(document)["catalog"] as? [String: Any])
        let metadata = try XCTUnwrap(catalog["metadata"] as? [String: Any])
        XCTAssertEqual(metadata["oscal-version"] as? String, "1.2.1")
        XCTAssertEqual(metadata["last-modified"] as? String, "2026-11-30T00:00:00Z")
        XCTAssertEqual(metadata["version"] as? String, "2.0")
        let controls = try XCTUnwrap(catalog["controls"] as? [[String: Any]])
        XCTAssertEqual(controls.map { $0["id"] as? String }, ["_1", "_2"])
        // `1` is no OSCAL token: the control id is `_1`, the item id travels in a prop.
        XCTAssertEqual(controls[0]["title"] as? String, "はじめに")
        XCTAssertEqual(controls[0]["props"] as? [[String: String]], [
            ["name": "label", "value": "1."],
            ["name": "item-id", "ns": "urn:totsugo:oscal", "value": "1"],
        ])
        XCTAssertEqual(controls[0]["parts"] as? [[String: String]], [["id": "_1_smt", "name": "statement", "prose": "改訂の趣旨。"]])
        let children = try XCTUnwrap(controls[1]["controls"] as? [[String: Any]])
        XCTAssertEqual(children.map { $0["id"] as? String }, ["_2__1_", "_2__2_", "_2__3_"])
        XCTAssertEqual(children[1]["props"] as? [[String: String]], [
            ["name": "label", "value": "(2)"],
            ["name": "item-id", "ns": "urn:totsugo:oscal", "value": "2/(2)"],
            ["name": "level", "ns": "urn:totsugo:oscal", "value": "LV2"],
        ])
        let resources = try XCTUnwrap((catalog["back-matter"] as? [String: Any])?["resources"] as? [[String: Any]])
        XCTAssertEqual(resources.map { $0["description"] as? String }, ["Written for the test suite."])
    }

    func testMappingCollectionMapsLinksEntriesAndGaps() throws {
        let (catalogs, mapping) = try workspace()
        let (document, diagnostics) = export.mapping(mapping, catalogs: catalogs)
        XCTAssertEqual(diagnostics, [])
        let collection = try XCTUnwrap(try json(document)["mapping-collection"] as? [String: Any])
        let provenance = try XCTUnwrap(collection["provenance"] as? [String: Any])
        XCTAssertEqual(provenance["method"] as? String, "human")
        XCTAssertEqual(provenance["status"] as? String, "draft")
        XCTAssertEqual(provenance["matching-rationale"] as? String, "semantic")
        XCTAssertNil(provenance["reviewer"], "review fields never go into provenance itself (the schema forbids them)")
        let mappings = try XCTUnwrap(collection["mappings"] as? [[String: Any]])
        XCTAssertEqual(mappings.count, 2, "one mapping per target catalog with maps")
        let maps = mappings.flatMap { ($0["maps"] as? [[String: Any]]) ?? [] }
        XCTAssertEqual(maps.map { $0["relationship"] as? String }, ["intersects-with", "subset-of", "equal-to"])
        // `equal-to` as read (our `equal`) with no rationale stays equal-to; the unstated rationale is a prop.
        let equal = maps[2]
        XCTAssertNil(equal["matching-rationale"])
        let equalProps = try XCTUnwrap(equal["props"] as? [[String: String]])
        XCTAssertEqual(equalProps, [["name": "rationale", "ns": "urn:totsugo:oscal", "value": "unstated"]])
        // Strength and rationale of the subset-of link.
        XCTAssertEqual(maps[1]["matching-rationale"] as? String, "semantic")
        XCTAssertEqual(maps[1]["props"] as? [[String: String]], [["name": "strength", "ns": "urn:totsugo:oscal", "value": "7"]])
        // The proposal (two lines) is a back-matter text the source prop names.
        let source = try XCTUnwrap((maps[2]["sources"] as? [[String: Any]])?.first)
        let proposal = try XCTUnwrap((source["props"] as? [[String: String]])?.first { $0["name"] == "proposal" }?["value"])
        XCTAssertTrue(proposal.hasPrefix("#"), proposal)
        let resources = try XCTUnwrap((collection["back-matter"] as? [String: Any])?["resources"] as? [[String: Any]])
        let held = try XCTUnwrap(resources.first { ($0["uuid"] as? String) == String(proposal.dropFirst()) })
        XCTAssertEqual(held["description"] as? String, "ルールを定める。\n\"引用\" を含む, カンマ付き。")
        // The entry without links and the link to a whole catalog: grouped props on the first mapping.
        let groups = try XCTUnwrap(mappings[0]["props"] as? [[String: String]])
        XCTAssertEqual(groups.map { "\($0["group"]!) \($0["name"]!)=\($0["value"]!)" }, [
            "entry-1 reviewed-item=1", "entry-1 entry-note=reviewed: no counterpart #N/A",
            "entry-3 reviewed-item=2/(2)", "entry-3 no-relationship-item=target",
        ])
        // Gap summaries: items no map reaches.
        let gap = try XCTUnwrap(mappings[0]["source-gap-summary"] as? [String: Any])
        XCTAssertEqual((gap["unmapped-controls"] as? [[String: Any]])?.first?["with-ids"] as? [String], ["_1", "_2", "_2__2_", "_2__3_"])
    }

    /// A value starting with `#` would read as a reference to the back matter, and one with a
    /// line break is no prop value: both are held in back-matter resources, and read back.
    func testPropTextsAPropCannotHoldAreHeldInBackMatter() throws {
        var catalog = Catalog(id: "c", title: "C", shortTitle: "#1 短い", publisher: "二行の\n発行者", version: "1", completeness: "")
        catalog.items = [CatalogItem(id: "a", number: "1", heading: "A")]
        let bytes = export.catalog(catalog).document.rendered()
        let rendered = String(decoding: bytes, as: UTF8.self)
        XCTAssertFalse(rendered.contains("\"value\": \"#1 短い\""), rendered)
        XCTAssertTrue(rendered.contains("\"description\": \"#1 短い\""), rendered)
        XCTAssertTrue(rendered.contains("\"description\": \"二行の\\n発行者\""), rendered)
        let path = TestPaths.temporaryFolder() + "/c.catalog.oscal.json"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        guard case .catalog(let read) = try OSCALJSONReader().read(InputFile.read(path), limits: .default).content else { return XCTFail("not a catalog") }
        XCTAssertEqual(read.shortTitle, "#1 短い")
        XCTAssertEqual(read.publisher, "二行の\n発行者")
        XCTAssertEqual(export.catalog(read).document.rendered(), bytes)
    }

    func testOurEqualWithASemanticRationaleIsEquivalentToWithAProp() throws {
        let problems = OSCALExport.Problems(file: "m.yaml", document: "mapping m")
        let link = MappingLink(target: ItemReference(catalog: "t", item: "1"), relationship: .equal, rationale: .semantic, strength: 10)
        XCTAssertEqual(OSCAL.relationshipWord(.equal, rationale: .semantic).word, "equivalent-to")
        XCTAssertEqual(OSCAL.relationshipWord(.equal, rationale: .syntactic).word, "equal-to")
        XCTAssertEqual(OSCAL.relationshipWord(.equivalentTo, rationale: .syntactic).word, "equivalent-to")
        let props = OSCALExport.linkProps(link, problems).map { String(decoding: $0.rendered(), as: UTF8.self) }
        XCTAssertEqual(props.count, 2)
        XCTAssertTrue(props[0].contains("\"strength\"") && props[0].contains("\"10\""), props[0])
        XCTAssertTrue(props[1].contains("\"relationship\"") && props[1].contains("\"equal\""), props[1])
    }

    /// Export → read → export gives the same bytes, and the model read back equals the one written.
    func testRoundTripIsByteIdentical() throws {
        let (catalogs, mapping) = try workspace()
        let folder = TestPaths.temporaryFolder()
        var catalogsRead: [String: Catalog] = [:]
        for (id, catalog) in catalogs {
            let bytes = export.catalog(catalog).document.rendered()
            let path = folder + "/" + OSCALExport.catalogFileName(id)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            guard case .catalog(let read) = try OSCALJSONReader().read(InputFile.read(path), limits: .default).content else { return XCTFail("not a catalog") }
            XCTAssertEqual(export.catalog(read).document.rendered(), bytes, id)
            XCTAssertEqual(read.withoutLocations().items, catalog.withoutLocations().items, id)
            catalogsRead[id] = read
        }
        let bytes = export.mapping(mapping, catalogs: catalogs).document.rendered()
        let path = folder + "/" + OSCALExport.mappingFileName(mapping.id)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let document = try OSCALJSONReader().read(InputFile.read(path), limits: .default)
        XCTAssertEqual(document.warnings, [])
        guard case .mapping(let read) = document.content else { return XCTFail("not a mapping") }
        XCTAssertEqual(export.mapping(read, catalogs: catalogsRead).document.rendered(), bytes)
        XCTAssertEqual(read.targets, mapping.targets)
        let proposal = read.entries.first { $0.item == "2/(2)" }?.proposal
        XCTAssertEqual(proposal, mapping.entries.first { $0.item == "2/(2)" }?.proposal)
        // The same 突合表 from the mapping read back.
        let original = try Resolver(catalogs: Array(catalogs.values)).resolve(mapping)
        let again = try Resolver(catalogs: Array(catalogsRead.values)).resolve(read)
        XCTAssertEqual(CrossReferenceTable(again).rows.map(\.cells), CrossReferenceTable(original).rows.map(\.cells))
    }

    /// Every export of the shipped catalogs and mappings is valid against the OSCAL 1.2.2 JSON
    /// Schemas (Tests/Fixtures/oscal/schema), checked with python3-jsonschema.
    func testShippedExportsAreValidOSCAL() throws {
        let result = InputLoader().load([TestPaths.root.appendingPathComponent("Catalogs").path, TestPaths.root.appendingPathComponent("Mappings").path])
        XCTAssertFalse(result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics)")
        let catalogs = Dictionary(uniqueKeysWithValues: result.catalogs.map { ($0.id, $0) })
        let folder = TestPaths.temporaryFolder()
        var paths: [String] = []
        for catalog in result.catalogs {
            let (document, diagnostics) = export.catalog(catalog)
            XCTAssertEqual(diagnostics, [], catalog.id)
            paths.append(folder + "/" + OSCALExport.catalogFileName(catalog.id))
            try Data(document.rendered()).write(to: URL(fileURLWithPath: paths.last!))
        }
        for mapping in result.mappings {
            let (document, diagnostics) = export.mapping(mapping, catalogs: catalogs)
            XCTAssertEqual(diagnostics, [], mapping.id)
            paths.append(folder + "/" + OSCALExport.mappingFileName(mapping.id))
            try Data(document.rendered()).write(to: URL(fileURLWithPath: paths.last!))
        }
        // The workspace fixture too (texts in the back matter, a whole-catalog link).
        let (fixtureCatalogs, fixtureMapping) = try workspace()
        paths.append(folder + "/fixture.mapping.oscal.json")
        try Data(export.mapping(fixtureMapping, catalogs: fixtureCatalogs).document.rendered()).write(to: URL(fileURLWithPath: paths.last!))
        let (status, output) = try schemaCheck(paths)
        XCTAssertEqual(status, 0, output)
        XCTAssertEqual(output.components(separatedBy: "\n").filter { $0.hasPrefix("valid OSCAL") }.count, paths.count, output)
    }

    /// The schema check fails as it should on what the mapping model forbids (a review field
    /// in provenance, a map without uuid): the check can fail.
    func testSchemaCheckRejectsReviewFieldsInProvenance() throws {
        let (catalogs, mapping) = try workspace()
        var text = String(decoding: export.mapping(mapping, catalogs: catalogs).document.rendered(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"method\": \"human\",", with: "\"method\": \"human\", \"reviewer\": \"someone\",")
        let path = TestPaths.temporaryFolder() + "/bad.json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let (status, output) = try schemaCheck([path])
        XCTAssertEqual(status, 1, output)
        XCTAssertTrue(output.contains("'reviewer' was unexpected"), output)
    }

    /// Runs Tests/verify/verify_oscal_schema.py (python3 with jsonschema and regex: Debian
    /// python3-jsonschema, python3-regex) under `timeout`, at most 120 s.
    func schemaCheck(_ paths: [String]) throws -> (Int32, String) {
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["120", python, TestPaths.root.appendingPathComponent("Tests/verify/verify_oscal_schema.py").path] + paths
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        XCTAssertNotEqual(process.terminationStatus, 124, "the schema check took more than 120 s")
        if process.terminationStatus == 2 {
            XCTFail("the schema check cannot run: \(output) (apt-get install python3-jsonschema python3-regex; .ci/run does)")
        }
        return (process.terminationStatus, output)
    }
}
