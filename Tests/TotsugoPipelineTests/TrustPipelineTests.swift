import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// Issue 13 ("Trust") in-process: `check` thresholds per scope and empty scopes, every problem
/// of a run reported at once, CSV cells Excel would run as formulas, linked and empty input
/// folders, mapping ids that would write outside the output folder, empty relationships
/// (formerly TrustCheckCLITests, TrustLoaderCLITests, TrustMappingCLITests).
final class TrustPipelineTests: XCTestCase {
    let scopes = (catalogs: TestPaths.fixture("check-scopes/Catalogs"), mappings: TestPaths.fixture("check-scopes/Mappings"))

    /// A threshold as `--min-mapped SCOPE=R` gives it.
    func mapped(_ scope: String, _ value: Double) throws -> ThresholdRule {
        ThresholdRule(.mapped, value, scope: try ThresholdScope.parse(scope).get())
    }

    /// Runs `check` on the check-scopes fixture with its report written to a file.
    func check(_ rules: [ThresholdRule], catalogs: String? = nil, mappings: String? = nil, level: Level? = nil,
               config: String = TestPaths.fixture("check/no-thresholds.yaml"), format: String = "text",
               log: DiagnosticLog = DiagnosticLog()) -> (failure: CommandFailure?, report: String) {
        let out = TestPaths.temporaryFolder() + "/report." + format
        let request = Pipeline.CheckRequest(catalogs: catalogs ?? scopes.catalogs, mappings: mappings ?? scopes.mappings, config: config,
                                            rules: rules, level: level, format: OutputFormats.check.format(named: format)!, destination: .file(out))
        let result = failure { () throws(CommandFailure) in try Pipeline.check(request, diagnostics: log) }
        return (result, text(at: out))
    }

    /// The defect: `--min-mapped 95%` passed while a target stood lower (any target 100%).
    func testPlainMinMappedFailsOnATarget() throws {
        let run = check([ThresholdRule(.mapped, 0.7)])
        XCTAssertEqual(run.failure, .checkFailed, run.report)
        XCTAssertTrue(run.report.contains("PASS min-mapped — any target: 100.0% ≥ 70.0% (4 of 4 items)"), run.report)
        XCTAssertTrue(run.report.contains("PASS min-mapped — target scopes-a (対策A): 75.0% ≥ 70.0% (3 of 4 items)"), run.report)
        XCTAssertTrue(run.report.contains("FAIL min-mapped — target scopes-b (対策B): 25.0% < 70.0% (1 of 4 items)"), run.report)
        // Scoped thresholds.
        XCTAssertNil(check([try mapped("any", 1.0), try mapped("scopes-b", 0.25)]).failure)
        XCTAssertNil(check([try mapped("scopes-a,LV1", 1.0)]).failure)
        let lv1 = check([try mapped("LV1", 0.5)], format: "github")
        XCTAssertEqual(lv1.failure, .checkFailed)
        XCTAssertTrue(lv1.report.contains("scopes: min-mapped[LV1] — target scopes-b (対策B), LV1: 0.0%25 < 50.0%25 (2 items in scope)"), lv1.report)
        // A catalog no mapping targets: a config error, not a silent pass.
        let log = DiagnosticLog()
        XCTAssertEqual(check([try mapped("scopes-c", 0.1)], log: log).failure, .badInput)
        XCTAssertTrue(log.text.contains("threshold min-mapped[scopes-c]: no mapping has target catalog 'scopes-c'"), log.text)
        XCTAssertThrowsError(try ThresholdScope.parse("LV1,LV2").get(), "two levels in one scope")
    }

    /// The defect: `check --level 1` on a catalog without levels passed with "n/a (0 items)".
    func testEmptyLevelScopeFails() throws {
        let root = TestPaths.root.path
        let run = check([ThresholdRule(.reviewed, 1.0)], catalogs: root + "/Catalogs", mappings: root + "/Mappings", level: .lv1)
        XCTAssertEqual(run.failure, .checkFailed, run.report)
        XCTAssertTrue(run.report.contains("FAIL min-reviewed — any target: no items in scope (the source catalog has no item of LV1); an empty scope fails"), run.report)
        let json = check([ThresholdRule(.reviewed, 0.5, scope: try ThresholdScope.parse("LV3").get())], format: "json")
        XCTAssertEqual(json.failure, .checkFailed)
        XCTAssertTrue(json.report.contains("\"actual\": null"), json.report)
    }

    /// The config file takes scoped keys.
    func testConfigScopes() throws {
        let folder = TestPaths.temporaryFolder()
        try "min-mapped[any]: 100%\nmin-mapped[scopes-b]: 30%\n".write(toFile: folder + "/c.yaml", atomically: true, encoding: .utf8)
        let run = check([], config: folder + "/c.yaml")
        XCTAssertEqual(run.failure, .checkFailed)
        XCTAssertTrue(run.report.contains("FAIL min-mapped[scopes-b] — target scopes-b (対策B): 25.0% < 30.0%"), run.report)
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
        let log = DiagnosticLog()
        XCTAssertEqual(failure { () throws(CommandFailure) in try validate(folder, diagnostics: log) }, .badInput)
        let lines = log.lines
        XCTAssertTrue(lines.contains { $0.contains("broken.xml:") && $0.contains("error:") }, log.text)
        XCTAssertTrue(lines.contains { $0.hasSuffix("m.yaml:1:1: error: target catalog 'scopes-broken' is not among the loaded catalogs; 1 catalog file(s) failed to parse (\(folder)/Catalogs/broken.xml): if it is one of them, fix it first; references to it are not checked until it loads") }, log.text)
        XCTAssertTrue(lines.contains { $0.contains("m.yaml:10:") && $0.contains("unknown item '９８，１０２' (read as '98,102') in catalog 'scopes-source'") }, log.text)
        XCTAssertFalse(log.text.contains("scopes-broken:1"), "no error per reference to the missing catalog")
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
        let log = DiagnosticLog()
        let written = try build(folder, formats: [OutputFormats.table.format(named: "csv")!], diagnostics: log)
        XCTAssertEqual(log.errors, [])
        XCTAssertEqual(written.paths, [folder + "/Output/hostile.csv"])
        let csv = text(at: folder + "/Output/hostile.csv")
        XCTAssertTrue(csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), csv)
        XCTAssertTrue(csv.contains("\r\n1 -1+2,"), "a cell starting with a digit is not a formula: \(csv)")
        XCTAssertTrue(csv.contains("'+cmd|"), csv)
        XCTAssertTrue(csv.contains("普通の見出し a-b"), csv)
        XCTAssertFalse(csv.contains("'普通"), csv)
    }

    func testLinkedCatalogFolderIsValidated() throws {
        let folder = try fixtureWorkspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.moveItem(atPath: folder + "/Catalogs", toPath: folder + "/shared-catalogs")
        try FileManager.default.createSymbolicLink(atPath: folder + "/Catalogs", withDestinationPath: "shared-catalogs")
        let log = DiagnosticLog()
        let workspace = try validate(folder, diagnostics: log)
        XCTAssertEqual(log.diagnostics, [])
        XCTAssertEqual(workspace.catalogs.count, 3)
        XCTAssertEqual(workspace.resolved.count, 1)
    }

    func testEmptyWorkspaceIsAnError() throws {
        let folder = TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["Catalogs", "Mappings"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + name, withIntermediateDirectories: true)
        }
        try Data("not an input".utf8).write(to: URL(fileURLWithPath: folder + "/Catalogs/README.md"))
        let expected = "\(folder)/Catalogs:1:1: error: no catalogs and no mappings found in \(folder)/Catalogs, \(folder)/Mappings"
        let validated = DiagnosticLog()
        XCTAssertEqual(failure { () throws(CommandFailure) in try validate(folder, diagnostics: validated) }, .missingInput)
        XCTAssertTrue(validated.text.hasPrefix(expected), validated.text)
        let built = DiagnosticLog()
        XCTAssertEqual(failure { () throws(CommandFailure) in try build(folder, diagnostics: built) }, .missingInput)
        XCTAssertTrue(built.text.hasPrefix(expected), built.text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
    }

    /// The fixture workspace with one replacement in its mapping.
    func workspace(replacing old: String, with new: String) throws -> String {
        let folder = try fixtureWorkspace()
        let path = folder + "/Mappings/industry.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains(old), old)
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
        return folder
    }

    /// A mapping id that would write outside the output folder (or a hidden file) is refused
    /// at load, and nothing is written anywhere.
    func testIDOutsideTheOutputFolderIsRefused() throws {
        for (id, problem) in [("./../pwned", "it starts with '.'"), ("a/../../x", "it contains '/'"), ("\"\"", "is empty")] {
            let folder = try workspace(replacing: "id: industry-to-target", with: "id: \(id)")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let commands: [(String, (DiagnosticLog) throws(CommandFailure) -> Void)] = [
                ("build", { log throws(CommandFailure) in _ = try self.build(folder, diagnostics: log) }),
                ("regulation", { log throws(CommandFailure) in
                    _ = try Pipeline.regulation(RegulationRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings", out: folder + "/Output"),
                                                diagnostics: log)
                }),
            ]
            for (command, run) in commands {
                let log = DiagnosticLog()
                XCTAssertEqual(failure { () throws(CommandFailure) in try run(log) }, .badInput, "\(id) \(command): \(log.text)")
                XCTAssertTrue(log.text.hasPrefix(folder + "/Mappings/industry.yaml:2:"), log.text)
                XCTAssertTrue(log.text.contains(problem), log.text)
                let written = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                XCTAssertEqual(written, ["Catalogs", "Mappings"], "\(id) \(command): nothing written")
            }
        }
    }

    func testEmptyRelationshipFailsTheBuild() throws {
        let folder = try workspace(replacing: "relationship: intersects-with", with: "relationship:")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let log = DiagnosticLog()
        XCTAssertEqual(failure { () throws(CommandFailure) in try build(folder, diagnostics: log) }, .badInput, log.text)
        XCTAssertTrue(log.text.hasPrefix(folder + "/Mappings/industry.yaml:15:9: error: 'relationship' in a target is empty;"), log.text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
    }
}
