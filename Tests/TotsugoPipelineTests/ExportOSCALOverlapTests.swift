import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoPipeline
import XCTest

/// `export oscal` writes each catalog's document while the mappings are still read, and a
/// collection's `mappings` entries after the first on another core (spilled, then copied in
/// order): the files must be the bytes of the documents made one after another, every run,
/// and a load that fails must leave nothing behind.
final class ExportOSCALOverlapTests: XCTestCase {
    func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The shipped catalogs and mappings (jama-japia has 4 `mappings` entries, nikkenren-2023 3),
    /// exported ten times: every file equals the document rendered from the model in one piece.
    func testOverlappedExportGivesTheDocumentsBytes() throws {
        let root = TestPaths.root.path
        let log = DiagnosticLog()
        let workspace = try Workspace.load([root + "/Catalogs", root + "/Mappings"], diagnostics: log)
        let export = OSCALExport(date: "2026-11-30")
        let byID = Dictionary(workspace.catalogs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var expected: [String: [UInt8]] = [:]
        for catalog in workspace.catalogs { expected[OSCALExport.catalogFileName(catalog.id)] = export.catalog(catalog).document.rendered() }
        for resolved in workspace.resolved {
            expected[OSCALExport.mappingFileName(resolved.mapping.id)] = export.mapping(resolved.mapping, catalogs: byID).document.rendered()
        }
        XCTAssertEqual(expected.count, 13)
        let folder = TestPaths.temporaryFolder()
        for run in 1...10 {
            let out = "\(folder)/run-\(run)"
            _ = try Pipeline.exportOSCAL(ExportOSCALRequest(catalogs: root + "/Catalogs", mappings: root + "/Mappings", out: out, date: "2026-11-30"),
                                         diagnostics: DiagnosticLog())
            let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
            XCTAssertEqual(names, expected.keys.sorted(), "run \(run): only the documents, no spill or staging left")
            for (name, bytes) in expected {
                XCTAssertEqual(FileManager.default.contents(atPath: "\(out)/\(name)").map { [UInt8]($0) }, bytes, "run \(run): \(name)")
            }
        }
    }

    /// A mapping with an error, read after its catalogs were written: the export fails with the
    /// mapping's error and the output folder it would have made is not there.
    func testFailedLoadLeavesNoOutput() throws {
        let folder = TestPaths.temporaryFolder()
        try write("""
            ---
            id: overlap-cat
            title: 重なり試験の目録
            short-title: 重なり
            publisher: tests
            version: 1
            completeness: fixture
            ---
            # 1. | 一つ目の項目
            # 2. | 二つ目の項目
            """, folder + "/Catalogs/overlap-cat.txt")
        try write("""
            mapping:
              id: overlap-map
              source: overlap-cat
              targets: [overlap-cat]
            entries:
              - item: "1"
                targets:
                  - ref: overlap-cat:9
                    relationship: equal
            """, folder + "/Mappings/overlap-map.yaml")
        let out = folder + "/out"
        let log = DiagnosticLog()
        XCTAssertThrowsError(try Pipeline.exportOSCAL(ExportOSCALRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings", out: out,
                                                                         date: "2026-11-30"), diagnostics: log)) { error in
            XCTAssertEqual(error as? CommandFailure, .badInput)
        }
        XCTAssertTrue(log.diagnostics.contains { $0.severity == .error && $0.location.file.hasSuffix("overlap-map.yaml") },
                      log.diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "the folder made for the early catalog documents is removed")
    }

    /// Two catalog files with one id: both documents were started before the ids were checked;
    /// the load fails with the duplicate and an existing output folder keeps only what it held.
    func testDuplicateCatalogIDsLeaveTheFolderAsItWas() throws {
        let folder = TestPaths.temporaryFolder()
        for name in ["a", "b"] {
            try write("""
                ---
                id: overlap-twice
                title: 同じ識別子の目録 \(name)
                short-title: 同じ
                publisher: tests
                version: 1
                completeness: fixture
                ---
                # 1. | 項目
                """, folder + "/Catalogs/\(name).txt")
        }
        try write("kept", folder + "/out/kept.txt")
        let log = DiagnosticLog()
        XCTAssertThrowsError(try Pipeline.exportOSCAL(ExportOSCALRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Catalogs", out: folder + "/out",
                                                                         date: "2026-11-30"), diagnostics: log))
        XCTAssertTrue(log.diagnostics.contains { $0.message.contains("duplicate catalog id 'overlap-twice'") },
                      log.diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder + "/out"), ["kept.txt"])
    }
    /// Maps of one name keep their uuids: the name, then the name with " 2", " 3"… (the names
    /// are no longer collected per map). The loader refuses both ways to get there (an item
    /// linked twice, a second entry for an item), so the model is changed after the load.
    func testRepeatedMapNamesKeepTheirUUIDs() throws {
        let folder = TestPaths.temporaryFolder()
        try write("""
            ---
            id: overlap-src
            title: 元の目録
            short-title: 元
            publisher: tests
            version: 1
            completeness: fixture
            ---
            # 1. | 一つ目の項目
            """, folder + "/Catalogs/overlap-src.txt")
        try write("""
            ---
            id: overlap-dst
            title: 先の目録
            short-title: 先
            publisher: tests
            version: 1
            completeness: fixture
            ---
            # 1. | 先の一つ目
            # 2. | 先の二つ目
            """, folder + "/Catalogs/overlap-dst.txt")
        try write("""
            mapping:
              id: overlap-dup
              source: overlap-src
              targets: [overlap-dst]
            entries:
              - item: "1"
                targets:
                  - ref: overlap-dst:2
                    relationship: equal
                  - ref: overlap-dst:1
                    relationship: superset-of
            """, folder + "/Mappings/overlap-dup.yaml")
        let workspace = try Workspace.load([folder + "/Catalogs", folder + "/Mappings"], diagnostics: DiagnosticLog())
        let catalogs = Dictionary(uniqueKeysWithValues: workspace.catalogs.map { ($0.id, $0) })
        var mapping = try XCTUnwrap(workspace.resolved.first).mapping
        let twice = mapping.entries[0].links[0]
        mapping.entries[0].links.insert(twice, at: 1)
        let name = "mapping overlap-dup map 1 overlap-dst:2"
        let other = NameUUID.v5("mapping overlap-dup map 1 overlap-dst:1")
        func uuids(_ mapping: Mapping) throws -> [String?] {
            let bytes = OSCALExport(date: "2026-11-30").mapping(mapping, catalogs: catalogs).document.rendered()
            let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            let collection = try XCTUnwrap(root["mapping-collection"] as? [String: Any])
            let maps = try XCTUnwrap(((collection["mappings"] as? [[String: Any]])?.first)?["maps"] as? [[String: Any]])
            return maps.map { $0["uuid"] as? String }
        }
        // Within one entry.
        XCTAssertEqual(try uuids(mapping), [NameUUID.v5(name), NameUUID.v5(name + " 2"), other])
        // And a second entry for the item.
        var second = mapping.entries[0]
        second.links = [twice]
        mapping.entries.append(second)
        XCTAssertEqual(try uuids(mapping), [NameUUID.v5(name), NameUUID.v5(name + " 2"), other, NameUUID.v5(name + " 3")])
    }
}
