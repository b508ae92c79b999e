import Foundation
import TestSupport
import XCTest

/// `totsugo regulation` run as a user would, on the regulation fixture: option parsing, exit
/// codes, stdout. In-process: RegulationPipelineTests.
final class RegulationCLITests: XCTestCase {
    var inputs: [String] {
        ["--catalogs", TestPaths.fixture("regulation/Catalogs"), "--mappings", TestPaths.fixture("regulation/Mappings"),
         "--base", "fixture-base"]
    }

    /// `--level`/`--split` reach the variants, and stdout lists what was written; the files,
    /// their bytes and skipped mappings in-process: RegulationPipelineTests.
    func testPrintsWhatItWroteAndSkipped() throws {
        let out = TestPaths.temporaryFolder()
        let result = try run(["regulation"] + inputs + ["--out", out, "--level", "1", "--split", "management,technical"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(names, [
            "fixture-regulation.regulation.lv1.management.docx", "fixture-regulation.regulation.lv1.management.html",
            "fixture-regulation.regulation.lv1.management.md", "fixture-regulation.regulation.lv1.technical.docx",
            "fixture-regulation.regulation.lv1.technical.html", "fixture-regulation.regulation.lv1.technical.md",
        ])
        XCTAssertEqual(result.stdout.split(separator: "\n").map(String.init).sorted(), names.map { "wrote \(out)/\($0)" })
        let skipped = TestPaths.temporaryFolder()
        let none = try run(["regulation", "--catalogs", TestPaths.fixture("regulation/Catalogs"),
                            "--mappings", TestPaths.fixture("regulation/Mappings"), "--out", skipped])
        XCTAssertEqual(none.status, 0)
        XCTAssertTrue(none.stdout.contains("skipped fixture-regulation: its targets do not include ipa-3.1-appendix5"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: skipped), [])
    }

    func testBadOptionsAreUsageErrors() throws {
        // A level is the source catalog's: `--level 4` is refused once the catalogs are read (65,
        // naming the catalog's levels), as a catalog may declare four (level-names).
        let level4 = try run(["regulation"] + inputs + ["--level", "4"])
        XCTAssertEqual(level4.status, 65)
        XCTAssertTrue(level4.stderr.contains("has levels LV1 / LV2 / LV3 (name one, or give its position 1–3)"), level4.stderr)
        XCTAssertEqual(try run(["regulation"] + inputs + ["--level", " "]).status, 64)
        XCTAssertEqual(try run(["regulation"] + inputs + ["--format", "pdf"]).status, 64)
        XCTAssertEqual(try run(["regulation"] + inputs + ["--split", ","]).status, 64)
    }
}
