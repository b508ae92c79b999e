import Foundation
import TestSupport
import XCTest

/// Exit codes and files of `totsugo check` and `totsugo diff`, run from the package root.
final class CheckDiffCLITests: XCTestCase {
    /// The fixture folders, and a config without thresholds so the repository's own
    /// totsugo-check.yaml (found in the working directory) does not apply.
    let folders = ["--catalogs", "Tests/Fixtures/check/Catalogs", "--mappings", "Tests/Fixtures/check/Mappings",
                   "--config", "Tests/Fixtures/check/no-thresholds.yaml"]

    func testCheckPassesAndFailsOnThresholds() throws {
        XCTAssertEqual(try run(["check"] + folders + ["--min-reviewed", "0.6"]).status, 0)
        let failed = try run(["check"] + folders + ["--min-reviewed", "0.95"])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.stdout.contains("FAIL min-reviewed — target check-target (対策集): 66.7% < 95.0%"), failed.stdout)
        XCTAssertEqual(try run(["check"] + folders + ["--min-reviewed", "100%", "--level", "1"]).status, 0)
        XCTAssertEqual(try run(["check"] + folders + ["--min-reviewed", "100%", "--level", "LV2"]).status, 1)
    }

    func testCheckFormats() throws {
        let json = try run(["check"] + folders + ["--min-mapped", "0.9", "--format", "json"])
        XCTAssertEqual(json.status, 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(object?["passed"] as? Bool, false)
        let junit = try run(["check"] + folders + ["--format", "junit"])
        XCTAssertEqual(junit.status, 0)
        XCTAssertTrue(junit.stdout.contains("<failure type=\"unreviewed\""))
        let github = try run(["check"] + folders + ["--min-reviewed", "0.95", "--format", "github"])
        XCTAssertEqual(github.status, 1)
        XCTAssertTrue(github.stdout.hasPrefix("::error file=Tests/Fixtures/check/Mappings/industry.yaml,line=3,"), github.stdout)
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

    func testCheckConfigFile() throws {
        // The fixture config asks for 60% reviewed and 50% mapped: both met.
        let fixtureFolders = Array(folders.dropLast(2))
        XCTAssertEqual(try run(["check"] + fixtureFolders + ["--config", "Tests/Fixtures/check/totsugo-check.yaml"]).status, 0)
        // Options override the config.
        XCTAssertEqual(try run(["check"] + fixtureFolders + ["--config", "Tests/Fixtures/check/totsugo-check.yaml", "--min-mapped", "0.6"]).status, 1)
        let bad = try run(["check"] + fixtureFolders + ["--config", "Tests/Fixtures/check/bad-config.yaml"])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stderr.contains("Tests/Fixtures/check/bad-config.yaml:1:1: error: min-reviewed"), bad.stderr)
        XCTAssertEqual(try run(["check"] + Array(folders.dropLast(2)) + ["--config", "no-such.yaml"]).status, 66)
    }

    func testCheckBadDataExits65WithAnnotations() throws {
        let bad = try run(["check", "--catalogs", "Tests/Fixtures/check/Catalogs", "--mappings", "Tests/Fixtures/check/bad", "--format", "github"])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stdout.contains("::error file=Tests/Fixtures/check/bad/unknown-item.yaml,line=8,"), bad.stdout)
        XCTAssertTrue(bad.stderr.contains("unknown item '9'"), bad.stderr)
        XCTAssertEqual(try run(["check", "--catalogs", "no-such-folder", "--mappings", "Tests/Fixtures/check/Mappings"]).status, 66)
        XCTAssertEqual(try run(["check"] + folders + ["--min-reviewed", "95"]).status, 64, "95 is neither a fraction nor 95%")
    }

    func testDiffExitCodesAndOutputFile() throws {
        let diff = try run(["diff", "Tests/Fixtures/diff/old.txt", "Tests/Fixtures/diff/new.xml", "--mappings", "Tests/Fixtures/diff/mappings"])
        XCTAssertEqual(diff.status, 0)
        XCTAssertTrue(diff.stdout.contains("Tests/Fixtures/diff/mappings/demo.yaml:12:11: demo-to-target entry 2/2.1"), diff.stdout)
        XCTAssertEqual(try run(["diff", "Tests/Fixtures/diff/old.txt", "Tests/Fixtures/diff/new.xml", "--fail-on-changes"]).status, 1)
        XCTAssertEqual(try run(["diff", "Tests/Fixtures/diff/old.txt", "Tests/Fixtures/diff/old.txt", "--fail-on-changes"]).status, 0)
        XCTAssertEqual(try run(["diff", "Tests/Fixtures/diff/old.txt", "no-such.txt"]).status, 66)
        XCTAssertEqual(try run(["diff", "Tests/Fixtures/diff/old.txt", "Tests/Fixtures/bad/malformed.xml"]).status, 65)
        XCTAssertEqual(try run(["diff", "Tests/Fixtures/diff/old.txt", "Tests/Fixtures/diff/mappings/demo.yaml"]).status, 65)

        let folder = TestPaths.temporaryFolder()
        let written = try run(["diff", "Tests/Fixtures/diff/old.txt", "Tests/Fixtures/diff/new.xml", "--out", folder + "/d.html"])
        XCTAssertEqual(written.status, 0, written.stderr)
        let html = String(decoding: FileManager.default.contents(atPath: folder + "/d.html") ?? Data(), as: UTF8.self)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), "format taken from the --out extension")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["d.html"], "no temporary file left")
    }
}
