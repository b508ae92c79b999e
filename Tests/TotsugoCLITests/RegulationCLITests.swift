import Foundation
import TestSupport
import XCTest

/// `totsugo regulation` run as a user would, on the regulation fixture.
final class RegulationCLITests: XCTestCase {
    var inputs: [String] {
        ["--catalogs", TestPaths.fixture("regulation/Catalogs"), "--mappings", TestPaths.fixture("regulation/Mappings"),
         "--base", "fixture-base"]
    }

    func testWritesEveryFormatAndSplitPartWithVariantNames() throws {
        let out = TestPaths.temporaryFolder()
        let result = try run(["regulation"] + inputs + ["--out", out, "--level", "1", "--split", "management,technical"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(names, [
            "fixture-regulation.regulation.lv1.management.docx", "fixture-regulation.regulation.lv1.management.html",
            "fixture-regulation.regulation.lv1.management.md", "fixture-regulation.regulation.lv1.technical.docx",
            "fixture-regulation.regulation.lv1.technical.html", "fixture-regulation.regulation.lv1.technical.md",
        ])
    }

    func testSameInputsSameBytes() throws {
        let a = TestPaths.temporaryFolder(), b = TestPaths.temporaryFolder()
        XCTAssertEqual(try run(["regulation"] + inputs + ["--out", a, "--format", "docx", "--date", "2024-06-01"]).status, 0)
        XCTAssertEqual(try run(["regulation"] + inputs + ["--out", b, "--format", "docx", "--date", "2024-06-01"]).status, 0)
        let name = "/fixture-regulation.regulation.docx"
        XCTAssertNotNil(FileManager.default.contents(atPath: a + name))
        XCTAssertEqual(FileManager.default.contents(atPath: a + name), FileManager.default.contents(atPath: b + name))
    }

    func testBadOptionsAreUsageErrors() throws {
        XCTAssertEqual(try run(["regulation"] + inputs + ["--level", "4"]).status, 64)
        XCTAssertEqual(try run(["regulation"] + inputs + ["--format", "pdf"]).status, 64)
        XCTAssertEqual(try run(["regulation"] + inputs + ["--split", ","]).status, 64)
    }

    func testNoMappingOnTheBaseWritesNothing() throws {
        let out = TestPaths.temporaryFolder()
        let result = try run(["regulation", "--catalogs", TestPaths.fixture("regulation/Catalogs"),
                              "--mappings", TestPaths.fixture("regulation/Mappings"), "--out", out])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("skipped fixture-regulation: its targets do not include ipa-3.1-appendix5"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), [])
    }
}
