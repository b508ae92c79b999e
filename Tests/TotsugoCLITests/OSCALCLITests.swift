import Foundation
import TestSupport
import XCTest

/// `totsugo export oscal` and OSCAL files as inputs, as a user runs them, on the shipped
/// Catalogs/ and Mappings/.
final class OSCALCLITests: XCTestCase {
    func files(_ folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            result[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return result
    }

    /// Export, then export again from the exported files: the same bytes; and the 突合表 built
    /// from the OSCAL files is the one built from the YAML.
    func testShippedDataRoundTripsAndBuildsTheSameTable() throws {
        let folder = TestPaths.temporaryFolder()
        let first = try run(["export", "oscal", "--out", folder + "/oscal", "--date", "2026-11-30"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stderr, "")
        XCTAssertTrue(first.stdout.contains("wrote \(folder)/oscal/jama-japia.mapping.oscal.json\n"), first.stdout)
        XCTAssertTrue(first.stdout.contains("wrote \(folder)/oscal/ipa-3.1-appendix5.catalog.oscal.json\n"), first.stdout)
        let exported = try files(folder + "/oscal")
        // 10 catalogs (threats.txt among them) and 3 mappings.
        XCTAssertEqual(exported.count, 13)

        // Catalogs and mappings in folders of their own, as Catalogs/ and Mappings/ are.
        for kind in ["catalog", "mapping"] {
            try FileManager.default.createDirectory(atPath: "\(folder)/\(kind)s", withIntermediateDirectories: true)
            for name in exported.keys where name.hasSuffix(".\(kind).oscal.json") {
                try FileManager.default.copyItem(atPath: "\(folder)/oscal/\(name)", toPath: "\(folder)/\(kind)s/\(name)")
            }
        }
        let again = try run(["export", "oscal", "--catalogs", folder + "/catalogs", "--mappings", folder + "/mappings",
                             "--out", folder + "/again", "--date", "2026-11-30"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try files(folder + "/again"), exported, "export → import → export must give the same bytes")

        let yaml = try run(["build", "--out", folder + "/from-yaml", "--format", "csv,md,html"])
        XCTAssertEqual(yaml.status, 0, yaml.stderr)
        let oscal = try run(["build", "--catalogs", folder + "/catalogs", "--mappings", folder + "/mappings",
                             "--out", folder + "/from-oscal", "--format", "csv,md,html"])
        XCTAssertEqual(oscal.status, 0, oscal.stderr)
        XCTAssertEqual(oscal.stderr, "", "OSCAL files totsugo wrote hold nothing it cannot read back")
        let fromYAML = try files(folder + "/from-yaml"), fromOSCAL = try files(folder + "/from-oscal")
        XCTAssertEqual(fromYAML.count, 9)
        for (name, data) in fromYAML {
            XCTAssertEqual(fromOSCAL[name], data, name)
        }
    }

    /// An id-ref to no item of the catalog is an error at its place (the resolver checks the
    /// items the collection names against the catalogs read).
    func testUnresolvedIDRefIsAnErrorAtItsPlace() throws {
        let folder = TestPaths.temporaryFolder()
        XCTAssertEqual(try run(["export", "oscal", "--catalogs", "Tests/Fixtures/workspace/Catalogs", "--mappings", "Tests/Fixtures/workspace/Mappings",
                                "--out", folder, "--date", "2026-11-30"]).status, 0)
        let path = folder + "/industry-to-target.mapping.oscal.json"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"id-ref\": \"_3_2\"", with: "\"id-ref\": \"_3_9\"")
            .replacingOccurrences(of: "\"value\": \"3/2\"", with: "\"value\": \"3/9\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("\"id-ref\": \"_3_9\"") }! + 1
        let validate = try run(["validate", "--catalogs", "Tests/Fixtures/workspace/Catalogs", path])
        XCTAssertEqual(validate.status, 65)
        XCTAssertTrue(validate.stderr.contains("\(path):\(line - 2):"), validate.stderr)
        XCTAssertTrue(validate.stderr.contains("'3/9'"), validate.stderr)
    }

    func testExitCodes() throws {
        let bad = try run(["validate", "Tests/Fixtures/bad/oscal-mapping-mistakes.json"])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stderr.hasPrefix("Tests/Fixtures/bad/oscal-mapping-mistakes.json:13:17: error: provenance status 'final' is not one of"), bad.stderr)

        let date = try run(["export", "oscal", "--out", TestPaths.temporaryFolder(), "--date", "30.11.2026"])
        XCTAssertEqual(date.status, 64)
        XCTAssertTrue(date.stderr.contains("--date must be a date YYYY-MM-DD"), date.stderr)

        let missing = try run(["export", "oscal", "--catalogs", "Tests/Fixtures/nothing", "--out", TestPaths.temporaryFolder(), "--date", "2026-11-30"])
        XCTAssertEqual(missing.status, 66, missing.stderr)

        // A mapping totsugo cannot write as OSCAL (no link to an item at all): nothing is written.
        let folder = TestPaths.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/m", withIntermediateDirectories: true)
        try """
        mapping:
          id: empty
          source: industry
          targets: [target]
          status: draft
        entries:
          - item: "1"
            targets: []
        """.write(toFile: folder + "/m/empty.yaml", atomically: true, encoding: .utf8)
        let empty = try run(["export", "oscal", "--catalogs", "Tests/Fixtures/workspace/Catalogs", "--mappings", folder + "/m",
                             "--out", folder + "/out", "--date", "2026-11-30"])
        XCTAssertEqual(empty.status, 65, empty.stderr)
        XCTAssertTrue(empty.stderr.contains("\(folder)/m/empty.yaml:1:1: error: mapping 'empty' has no link to an item: an OSCAL mapping collection needs at least one map"), empty.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/out/industry.catalog.oscal.json"))
    }

    /// The real NIST catalog reads in a build as a target: a mapping onto SP 800-53 controls.
    func testMappingOntoTheNISTCatalog() throws {
        let folder = TestPaths.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/c", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestPaths.fixture("oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.at-ps.json"),
                                         toPath: folder + "/c/sp800-53-low.json")
        try FileManager.default.copyItem(atPath: TestPaths.fixture("workspace/Catalogs/industry.txt"), toPath: folder + "/c/industry.txt")
        try """
        mapping:
          id: industry-nist
          source: industry
          targets: [sp800-53-low]
          status: draft
        entries:
          - item: 2/(1)
            targets:
              - {ref: "sp800-53-low:at-2", relationship: intersects-with, rationale: semantic, strength: 3}
        """.write(toFile: folder + "/m.yaml", atomically: true, encoding: .utf8)
        let build = try run(["build", "--catalogs", folder + "/c", "--mappings", folder + "/m.yaml", "--out", folder + "/out", "--format", "csv"])
        XCTAssertEqual(build.status, 0, build.stderr)
        XCTAssertTrue(build.stderr.contains("warning: control.params: not imported"), build.stderr)
        let csv = try String(contentsOfFile: folder + "/out/industry-nist.csv", encoding: .utf8)
        XCTAssertTrue(csv.contains("AT-2 Literacy Training and Awareness"), csv)
    }
}
