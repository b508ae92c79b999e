import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// `check` and `diff` in-process: thresholds, report contents in every format, config files,
/// report files, and how bad or missing inputs fail (formerly CheckDiffCLITests).
final class CheckDiffPipelineTests: XCTestCase {
    let catalogs = TestPaths.fixture("check/Catalogs")
    let mappings = TestPaths.fixture("check/Mappings")
    /// A config without thresholds, so only the rules a test gives apply.
    let noThresholds = TestPaths.fixture("check/no-thresholds.yaml")

    /// Runs `check` with its report written to a file; returns how it ended and the report.
    func check(_ rules: [ThresholdRule] = [], level: String? = nil, config: String? = nil, format: String = "text",
               log: DiagnosticLog = DiagnosticLog()) -> (failure: CommandFailure?, report: String) {
        let out = TestPaths.temporaryFolder() + "/report." + format
        let request = Pipeline.CheckRequest(catalogs: catalogs, mappings: mappings, config: config ?? noThresholds, rules: rules,
                                            level: level.flatMap(Level.init(parsing:)),
                                            format: OutputFormats.check.format(named: format)!, destination: .file(out))
        let result = failure { () throws(CommandFailure) in try Pipeline.check(request, diagnostics: log) }
        return (result, text(at: out))
    }

    func testCheckPassesAndFailsOnThresholds() throws {
        XCTAssertNil(check([ThresholdRule(.reviewed, 0.6)]).failure)
        let failed = check([ThresholdRule(.reviewed, 0.95)])
        XCTAssertEqual(failed.failure, .checkFailed)
        XCTAssertTrue(failed.report.contains("FAIL min-reviewed — target check-target (対策集): 66.7% < 95.0%"), failed.report)
        XCTAssertNil(check([ThresholdRule(.reviewed, 1.0)], level: "1").failure)
        XCTAssertEqual(check([ThresholdRule(.reviewed, 1.0)], level: "LV2").failure, .checkFailed)
    }

    func testCheckFormats() throws {
        let json = check([ThresholdRule(.mapped, 0.9)], format: "json")
        XCTAssertEqual(json.failure, .checkFailed)
        let object = try JSONSerialization.jsonObject(with: Data(json.report.utf8)) as? [String: Any]
        XCTAssertEqual(object?["passed"] as? Bool, false)
        let junit = check(format: "junit")
        XCTAssertNil(junit.failure)
        XCTAssertTrue(junit.report.contains("<failure type=\"unreviewed\""), junit.report)
        let github = check([ThresholdRule(.reviewed, 0.95)], format: "github")
        XCTAssertEqual(github.failure, .checkFailed)
        XCTAssertTrue(github.report.hasPrefix("::error file=\(mappings)/industry.yaml,line=3,"), github.report)
    }

    /// The report file is written atomically whether or not the thresholds are met.
    func testCheckOutFile() throws {
        let folder = TestPaths.temporaryFolder()
        func run(_ rules: [ThresholdRule], _ format: String, to out: String) -> CommandFailure? {
            let request = Pipeline.CheckRequest(catalogs: catalogs, mappings: mappings, config: noThresholds, rules: rules,
                                                format: OutputFormats.check.format(named: format)!, destination: .file(out))
            return failure { () throws(CommandFailure) in try Pipeline.check(request, diagnostics: DiagnosticLog()) }
        }
        XCTAssertEqual(run([ThresholdRule(.reviewed, 0.95)], "md", to: folder + "/coverage.md"), .checkFailed)
        let markdown = text(at: folder + "/coverage.md")
        XCTAssertTrue(markdown.hasPrefix("# カバレッジ報告"), markdown)
        XCTAssertTrue(markdown.contains("- **不合格** 突合済みの割合（min-reviewed） — 対策集（`check-target`）: 66.7% < 95.0%"), markdown)
        XCTAssertNil(run([], "json", to: folder + "/coverage.json"))
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: folder + "/coverage.json") ?? Data()))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), ["coverage.json", "coverage.md"], "no temporary file left")
        guard case .cannotWrite = run([], "md", to: "/proc/no-such-folder/coverage.md") else {
            return XCTFail("a report that cannot be written is .cannotWrite")
        }
    }

    func testCheckConfigFile() throws {
        // The fixture config asks for 60% reviewed and 50% mapped: both met.
        let config = TestPaths.fixture("check/totsugo-check.yaml")
        XCTAssertNil(check(config: config).failure)
        // Rules given override the config.
        XCTAssertEqual(check([ThresholdRule(.mapped, 0.6)], config: config).failure, .checkFailed)
        let bad = DiagnosticLog()
        XCTAssertEqual(check(config: TestPaths.fixture("check/bad-config.yaml"), log: bad).failure, .badInput)
        XCTAssertTrue(bad.text.contains(TestPaths.fixture("check/bad-config.yaml") + ":1:1: error: min-reviewed"), bad.text)
        let missing = DiagnosticLog()
        XCTAssertEqual(check(config: TestPaths.temporaryFolder() + "/no-such.yaml", log: missing).failure, .missingInput)
        XCTAssertFalse(missing.errors.isEmpty)
    }

    func testCheckBadDataIsBadInput() throws {
        let log = DiagnosticLog()
        let bad = Pipeline.CheckRequest(catalogs: catalogs, mappings: TestPaths.fixture("check/bad"), config: noThresholds,
                                        format: OutputFormats.check.format(named: "github")!, destination: .file(TestPaths.temporaryFolder() + "/c.txt"))
        XCTAssertEqual(failure { () throws(CommandFailure) in try Pipeline.check(bad, diagnostics: log) }, .badInput)
        XCTAssertTrue(log.errors.contains { $0.location.file == TestPaths.fixture("check/bad/unknown-item.yaml") && $0.location.line == 8
            && $0.message.contains("unknown item '9'") }, log.text)
        let missing = Pipeline.CheckRequest(catalogs: TestPaths.temporaryFolder() + "/no-such-folder", mappings: mappings, config: noThresholds,
                                            format: OutputFormats.check.format(named: "text")!, destination: .file(TestPaths.temporaryFolder() + "/c.txt"))
        XCTAssertEqual(failure { () throws(CommandFailure) in try Pipeline.check(missing, diagnostics: DiagnosticLog()) }, .missingInput)
    }

    /// Runs `diff`; returns how it ended, the diff and the report.
    func diff(_ old: String, _ new: String, mappings: String? = nil, format: String = "text", out: String? = nil,
              log: DiagnosticLog = DiagnosticLog()) -> (failure: CommandFailure?, changed: Bool?, report: String) {
        let path = out ?? TestPaths.temporaryFolder() + "/diff." + format
        let request = Pipeline.DiffRequest(old: old, new: new, mappings: mappings, format: OutputFormats.diff.format(named: format)!,
                                           destination: .file(path))
        var changed: Bool?
        let result = failure { () throws(CommandFailure) in changed = try Pipeline.diff(request, diagnostics: log).diff.hasChanges }
        return (result, changed, text(at: path))
    }

    func testDiffResultsFailuresAndOutputFile() throws {
        let old = TestPaths.fixture("diff/old.txt"), new = TestPaths.fixture("diff/new.xml")
        let stale = diff(old, new, mappings: TestPaths.fixture("diff/mappings"))
        XCTAssertNil(stale.failure)
        XCTAssertTrue(stale.report.contains(TestPaths.fixture("diff/mappings") + "/demo.yaml:12:11: demo-to-target entry 2/2.1"), stale.report)
        XCTAssertEqual(diff(old, new).changed, true)
        XCTAssertEqual(diff(old, old).changed, false)
        XCTAssertEqual(diff(old, TestPaths.temporaryFolder() + "/no-such.txt").failure, .missingInput)
        let malformed = DiagnosticLog()
        XCTAssertEqual(diff(old, TestPaths.fixture("bad/malformed.xml"), log: malformed).failure, .badInput)
        XCTAssertFalse(malformed.errors.isEmpty)
        let notACatalog = DiagnosticLog()
        XCTAssertEqual(diff(old, TestPaths.fixture("diff/mappings/demo.yaml"), log: notACatalog).failure, .badInput)
        XCTAssertTrue(notACatalog.text.contains("expected one catalog file (.xml or .txt), found 0 catalog(s) and 1 mapping(s)"), notACatalog.text)

        let folder = TestPaths.temporaryFolder()
        let html = diff(old, new, format: "html", out: folder + "/d.html")
        XCTAssertNil(html.failure)
        XCTAssertTrue(html.report.hasPrefix("<!DOCTYPE html>"), html.report)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["d.html"], "no temporary file left")
    }
}
