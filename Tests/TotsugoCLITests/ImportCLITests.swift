import Foundation
import TestSupport
import XCTest

/// `totsugo import catalog` as a user runs it: exit codes, what it prints, and the help that
/// shows the two examples of docs/import.md.
final class ImportCLITests: XCTestCase {
    func testImportWritesACatalogThatValidates() throws {
        let folder = TestPaths.temporaryFolder()
        let out = folder + "/checksheet.txt"
        let run = try run(["import", "catalog", "Tests/Fixtures/import/checksheet.xlsx", "--recipe", "Tests/Fixtures/import/checksheet.recipe.yaml",
                           "--out", out, "--date", "2026-11-30"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "wrote \(out): 7 item(s) from 10 row(s) and 6 heading(s) from the hierarchy columns\n")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(text.contains("\n### 1 | 守るべき情報と守り方を一枚の方針にまとめ、経営者が承認している\n@id: 1\n@level: LV1\n"), text)
        let validate = try self.run(["validate", out])
        XCTAssertEqual(validate.status, 0, validate.stderr)
    }

    func testExitCodes() throws {
        let bad = try run(["import", "catalog", "Tests/Fixtures/bad/import-checksheet-mistakes.xlsx",
                           "--recipe", "Tests/Fixtures/import/checksheet.recipe.yaml", "--out", TestPaths.temporaryFolder() + "/x.txt"])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stderr.hasPrefix("Tests/Fixtures/bad/import-checksheet-mistakes.xlsx:チェックシート!C7: error: duplicate id '3': first at Tests/Fixtures/bad/import-checksheet-mistakes.xlsx:チェックシート!C6\n"), bad.stderr)
        XCTAssertEqual(bad.stdout, "")

        let missing = try run(["import", "catalog", "Tests/Fixtures/import/nothing.csv", "--recipe", "Tests/Fixtures/import/criteria.recipe.yaml"])
        XCTAssertEqual(missing.status, 66, missing.stderr)

        let date = try run(["import", "catalog", "Tests/Fixtures/import/criteria.csv", "--recipe", "Tests/Fixtures/import/criteria.recipe.yaml", "--date", "30.11.2026"])
        XCTAssertEqual(date.status, 64)
        XCTAssertTrue(date.stderr.contains("--date must be a date YYYY-MM-DD"), date.stderr)
    }

    func testHelpShowsBothExamples() throws {
        let help = try run(["import", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("totsugo import catalog checksheet.xlsx --recipe checksheet.recipe.yaml"), help.stdout)
        XCTAssertTrue(help.stdout.contains("totsugo import catalog criteria.csv --recipe criteria.recipe.yaml"), help.stdout)
        XCTAssertTrue(help.stdout.contains("hierarchy-columns: [大項目, 中項目]"), help.stdout)
        XCTAssertTrue(help.stdout.contains("id-pattern: 1-1-1"), help.stdout)
    }
}
