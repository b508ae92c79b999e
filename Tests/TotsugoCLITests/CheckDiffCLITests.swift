import Foundation
import TestSupport
import XCTest

/// `totsugo check` and `totsugo diff` through the binary, run from the package root: exit codes
/// (1, 64, 65, 66, 73), what goes to stdout (reports, `--format github` annotations of bad input),
/// the format taken from `--out`'s extension, `--fail-on-changes`. In-process: CheckDiffPipelineTests.
final class CheckDiffCLITests: XCTestCase {
    /// The fixture folders, and a config without thresholds so the repository's own
    /// totsugo-check.yaml (found in the working directory) does not apply.
    let folders = ["--catalogs", "Tests/Fixtures/check/Catalogs", "--mappings", "Tests/Fixtures/check/Mappings",
                   "--config", "Tests/Fixtures/check/no-thresholds.yaml"]

    /// Exit 1 (a threshold not met) and the report on stdout; thresholds, levels and every
    /// format in-process: CheckDiffPipelineTests.
    func testCheckFailureExits1() throws {
        XCTAssertEqual(try run(["check"] + folders + ["--min-reviewed", "0.6"]).status, 0)
        let failed = try run(["check"] + folders + ["--min-reviewed", "0.95"])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.stdout.contains("FAIL min-reviewed — target check-target (対策集): 66.7% < 95.0%"), failed.stdout)
        XCTAssertEqual(try run(["check"] + folders + ["--min-reviewed", "100%", "--level", "LV2"]).status, 1, "--level parsed")
    }

    /// `--out` writes the report atomically, in the format of its extension, whether or not
    /// the thresholds are met; the exit code still says.
    func testCheckOutFile() throws {
        let folder = TestPaths.temporaryFolder()
        let failed = try run(["check"] + folders + ["--min-reviewed", "0.95", "--out", folder + "/coverage.md"])
        XCTAssertEqual(failed.status, 1, failed.stderr)
        let markdown = String(decoding: FileManager.default.contents(atPath: folder + "/coverage.md") ?? Data(), as: UTF8.self)
        XCTAssertTrue(markdown.hasPrefix("# カバレッジ報告"), markdown)
        XCTAssertTrue(markdown.contains("- **不合格** 突合済みの割合（min-reviewed） — 対策集（`check-target`）: 66.7% < 95.0%"), markdown)
        let json = try run(["check"] + folders + ["--out", folder + "/coverage.json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: folder + "/coverage.json") ?? Data()))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), ["coverage.json", "coverage.md"], "no temporary file left")
        XCTAssertEqual(try run(["check"] + folders + ["--out", "/proc/no-such-folder/coverage.md"]).status, 73)
    }

    func testCheckBadDataExits65WithAnnotations() throws {
        let bad = try run(["check", "--catalogs", "Tests/Fixtures/check/Catalogs", "--mappings", "Tests/Fixtures/check/bad", "--format", "github"])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stdout.contains("::error file=Tests/Fixtures/check/bad/unknown-item.yaml,line=8,"), bad.stdout)
        XCTAssertTrue(bad.stderr.contains("unknown item '9'"), bad.stderr)
        XCTAssertEqual(try run(["check", "--catalogs", "no-such-folder", "--mappings", "Tests/Fixtures/check/Mappings"]).status, 66)
        XCTAssertEqual(try run(["check"] + folders + ["--min-reviewed", "95"]).status, 64, "95 is neither a fraction nor 95%")
    }

    /// `--fail-on-changes` (the executable's) and the format taken from `--out`'s extension;
    /// the diff itself, stale entries and failures in-process: CheckDiffPipelineTests.
    func testDiffFailOnChangesAndOutputFile() throws {
        let diff = try run(["diff", "Tests/Fixtures/diff/old.txt", "Tests/Fixtures/diff/new.xml", "--mappings", "Tests/Fixtures/diff/mappings"])
        XCTAssertEqual(diff.status, 0)
        XCTAssertTrue(diff.stdout.contains("Tests/Fixtures/diff/mappings/demo.yaml:12:11: demo-to-target entry 2/2.1"), diff.stdout)
        XCTAssertEqual(try run(["diff", "Tests/Fixtures/diff/old.txt", "Tests/Fixtures/diff/new.xml", "--fail-on-changes"]).status, 1)
        XCTAssertEqual(try run(["diff", "Tests/Fixtures/diff/old.txt", "Tests/Fixtures/diff/old.txt", "--fail-on-changes"]).status, 0)

        let folder = TestPaths.temporaryFolder()
        let written = try run(["diff", "Tests/Fixtures/diff/old.txt", "Tests/Fixtures/diff/new.xml", "--out", folder + "/d.html"])
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertEqual(written.stdout, "wrote \(folder)/d.html\n")
        let html = String(decoding: FileManager.default.contents(atPath: folder + "/d.html") ?? Data(), as: UTF8.self)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), "format taken from the --out extension")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["d.html"], "no temporary file left")
    }
}
