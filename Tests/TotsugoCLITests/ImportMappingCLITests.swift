import Foundation
import TestSupport
import XCTest

/// `totsugo import mapping` as a user runs it: exit codes, what it prints, the help example.
final class ImportMappingCLITests: XCTestCase {
    let recipe = "Tests/Fixtures/import/criteria-xref.recipe.yaml"

    func testExitCodesAndWhatIsPrinted() throws {
        let out = TestPaths.temporaryFolder() + "/criteria-xref.yaml"
        let ok = try run(["import", "mapping", "Tests/Fixtures/import/criteria-xref.xlsx", "--recipe", recipe,
                          "--catalogs", "Tests/Fixtures/import/catalogs", "--out", out, "--date", "2026-11-30"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "wrote \(out): 6 entries (1 with no counterpart) and 16 link(s) from 8 row(s); 1 row(s) not reviewed (no entry)\n")
        let validate = try run(["validate", "Tests/Fixtures/import/catalogs", out])
        XCTAssertEqual(validate.status, 0, validate.stderr)

        let badOut = TestPaths.temporaryFolder() + "/x.yaml"
        let bad = try run(["import", "mapping", "Tests/Fixtures/bad/import-xref-mistakes.xlsx", "--recipe", recipe,
                           "--catalogs", "Tests/Fixtures/import/catalogs", "--out", badOut])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stderr.hasPrefix("Tests/Fixtures/bad/import-xref-mistakes.xlsx:評価基準!D9: error: 'B.1.1' matches no pattern of this column ('A[.]{n}.{n}', '{n}.{n}')\n"), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("3 errors; nothing was written."), bad.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: badOut))
        XCTAssertEqual(bad.stdout, "")

        let missing = try run(["import", "mapping", "Tests/Fixtures/import/criteria-xref.xlsx", "--recipe", "Tests/Fixtures/import/nothing.yaml"])
        XCTAssertEqual(missing.status, 66, missing.stderr)

        let date = try run(["import", "mapping", "Tests/Fixtures/import/criteria-xref.xlsx", "--recipe", recipe, "--date", "30.11.2026"])
        XCTAssertEqual(date.status, 64)
        XCTAssertTrue(date.stderr.contains("--date must be a date YYYY-MM-DD"), date.stderr)
    }

    func testHelpShowsTheMappingExample() throws {
        let help = try run(["import", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("totsugo import mapping criteria-xref.xlsx --recipe criteria-xref.recipe.yaml"), help.stdout)
        XCTAssertTrue(help.stdout.contains("relationship: intersects-with"), help.stdout)
        let own = try run(["import", "mapping", "--help"])
        XCTAssertEqual(own.status, 0)
        XCTAssertTrue(own.stdout.contains("'targets: []'"), own.stdout)
    }
}
