import Foundation
import TestSupport
import XCTest

/// Issue 13 from the command line: `check` thresholds per scope and empty scopes, every
/// problem of a run reported at once, CSV cells that Excel would run as formulas.
final class TrustCheckCLITests: XCTestCase {
    let scopes = ["--catalogs", "Tests/Fixtures/check-scopes/Catalogs", "--mappings", "Tests/Fixtures/check-scopes/Mappings",
                  "--config", "Tests/Fixtures/check/no-thresholds.yaml"]

    /// The defect: `--min-mapped 95%` passed while a target stood lower (any target 100%).
    func testPlainMinMappedFailsOnATarget() throws {
        let run = try self.run(["check"] + scopes + ["--min-mapped", "70%"])
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("PASS min-mapped — any target: 100.0% ≥ 70.0% (4 of 4 items)"), run.stdout)
        XCTAssertTrue(run.stdout.contains("PASS min-mapped — target scopes-a (対策A): 75.0% ≥ 70.0% (3 of 4 items)"), run.stdout)
        XCTAssertTrue(run.stdout.contains("FAIL min-mapped — target scopes-b (対策B): 25.0% < 70.0% (1 of 4 items)"), run.stdout)
        // Scoped on the command line.
        XCTAssertEqual(try self.run(["check"] + scopes + ["--min-mapped", "any=100%", "--min-mapped", "scopes-b=25%"]).status, 0)
        XCTAssertEqual(try self.run(["check"] + scopes + ["--min-mapped", "scopes-a,LV1=100%"]).status, 0)
        let lv1 = try self.run(["check"] + scopes + ["--min-mapped", "LV1=50%", "--format", "github"])
        XCTAssertEqual(lv1.status, 1)
        XCTAssertTrue(lv1.stdout.contains("scopes: min-mapped[LV1] — target scopes-b (対策B), LV1: 0.0%25 < 50.0%25 (2 items in scope)"), lv1.stdout)
        // A catalog no mapping targets: a config error, not a silent pass.
        let typo = try self.run(["check"] + scopes + ["--min-mapped", "scopes-c=10%"])
        XCTAssertEqual(typo.status, 65)
        XCTAssertTrue(typo.stderr.contains("threshold min-mapped[scopes-c]: no mapping has target catalog 'scopes-c'"), typo.stderr)
        let bad = try self.run(["check"] + scopes + ["--min-mapped", "LV1,LV2=10%"])
        XCTAssertEqual(bad.status, 64)
    }

    /// The defect: `check --level 1` on a catalog without levels passed with "n/a (0 items)".
    func testEmptyLevelScopeFails() throws {
        let run = try self.run(["check", "--catalogs", "Catalogs", "--mappings", "Mappings", "--config", "Tests/Fixtures/check/no-thresholds.yaml",
                                "--min-reviewed", "100%", "--level", "1"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stdout.contains("FAIL min-reviewed — any target: no items in scope (the source catalog has no item of LV1); an empty scope fails"), run.stdout)
        let json = try self.run(["check"] + scopes + ["--min-reviewed", "LV3=50%", "--format", "json"])
        XCTAssertEqual(json.status, 1)
        XCTAssertTrue(json.stdout.contains("\"actual\": null"), json.stdout)
    }

    /// The config file takes scoped keys, and the shipped totsugo-check.yaml passes.
    func testConfigScopesAndShippedConfig() throws {
        let folder = TestPaths.temporaryFolder()
        try "min-mapped[any]: 100%\nmin-mapped[scopes-b]: 30%\n".write(toFile: folder + "/c.yaml", atomically: true, encoding: .utf8)
        let run = try self.run(["check", "--catalogs", "Tests/Fixtures/check-scopes/Catalogs", "--mappings", "Tests/Fixtures/check-scopes/Mappings", "--config", folder + "/c.yaml"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.contains("FAIL min-mapped[scopes-b] — target scopes-b (対策B): 25.0% < 30.0%"), run.stdout)
        let shipped = try self.run(["check", "--config", "totsugo-check.yaml"])
        XCTAssertEqual(shipped.status, 0, shipped.stdout + shipped.stderr)
    }

    /// The defect: a broken catalog hid the resolution errors of the mappings until it was
    /// fixed. Now one run says both, and the mapping naming the broken catalog says why.
    func testEveryProblemInOneRun() throws {
        let folder = TestPaths.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/Catalogs", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/Mappings", withIntermediateDirectories: true)
        for name in ["source.txt", "target-a.txt"] {
            try FileManager.default.copyItem(atPath: TestPaths.fixture("check-scopes/Catalogs/" + name), toPath: folder + "/Catalogs/" + name)
        }
        try "<catalog><unclosed>\n".write(toFile: folder + "/Catalogs/broken.xml", atomically: true, encoding: .utf8)
        try """
        mapping:
          id: m
          source: scopes-source
          targets: [scopes-a, scopes-broken]
        entries:
          - item: "１"
            targets:
              - ref: scopes-broken:1
                relationship: equal
          - item: "９８，１０２"
            targets:
              - ref: scopes-a:1
                relationship: equal

        """.write(toFile: folder + "/Mappings/m.yaml", atomically: true, encoding: .utf8)
        let run = try self.run(["validate", folder + "/Catalogs", folder + "/Mappings"])
        XCTAssertEqual(run.status, 65)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.contains("broken.xml:") && $0.contains("error:") }, run.stderr)
        XCTAssertTrue(lines.contains { $0.hasSuffix("m.yaml:1:1: error: target catalog 'scopes-broken' is not among the loaded catalogs; 1 catalog file(s) failed to parse (\(folder)/Catalogs/broken.xml): if it is one of them, fix it first; references to it are not checked until it loads") }, run.stderr)
        XCTAssertTrue(lines.contains { $0.contains("m.yaml:10:") && $0.contains("unknown item '９８，１０２' (read as '98,102') in catalog 'scopes-source'") }, run.stderr)
        XCTAssertFalse(run.stderr.contains("scopes-broken:1"), "no error per reference to the missing catalog")
    }

    /// OWASP CSV injection: a cell Excel would run as a formula gets a `'` in front.
    func testCSVFormulaCellsNeutralised() throws {
        let folder = TestPaths.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/Catalogs", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/Mappings", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestPaths.fixture("check-scopes/Catalogs/target-a.txt"), toPath: folder + "/Catalogs/target-a.txt")
        try """
        ---
        id: hostile
        title: '=HYPERLINK("http://x","y")'
        short-title: '@SUM(1+1)'
        publisher: totsugo tests
        version: 1.0
        levels: 項目
        completeness: complete (test fixture)
        source: Written for the test suite.
        ---

        # 1 | -1+2
        =HYPERLINK("http://x","y")

        # 2 | 普通の見出し a-b
        +cmd|' /C calc'!A0

        """.write(toFile: folder + "/Catalogs/hostile.txt", atomically: true, encoding: .utf8)
        try """
        mapping:
          id: hostile
          source: hostile
          targets: [scopes-a]
        entries:
          - item: "1"
            targets:
              - ref: scopes-a:1
                relationship: equal
                note: '-note'

        """.write(toFile: folder + "/Mappings/hostile.yaml", atomically: true, encoding: .utf8)
        let run = try self.run(["build", "--catalogs", folder + "/Catalogs", "--mappings", folder + "/Mappings", "--out", folder + "/Out", "--format", "csv"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let csv = String(decoding: FileManager.default.contents(atPath: folder + "/Out/hostile.csv") ?? Data(), as: UTF8.self)
        XCTAssertTrue(csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), csv)
        XCTAssertTrue(csv.contains("\r\n1 -1+2,"), "a cell starting with a digit is not a formula: \(csv)")
        XCTAssertTrue(csv.contains("'+cmd|"), csv)
        XCTAssertTrue(csv.contains("普通の見出し a-b"), csv)
        XCTAssertFalse(csv.contains("'普通"), csv)
    }
}
