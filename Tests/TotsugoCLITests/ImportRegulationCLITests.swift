import Foundation
import TestSupport
import XCTest

/// `totsugo import catalog 規程.docx` as a user runs it: what it prints, the warnings naming
/// paragraphs, exit codes, and a catalog that `validate` reads.
final class ImportRegulationCLITests: XCTestCase {
    let arguments = ["--id", "sample-regulation", "--title", "情報セキュリティ管理規程（記入例）", "--publisher", "記入例", "--version", "1"]

    func testImportWritesACatalogWithProvisionsThatValidates() throws {
        let out = TestPaths.temporaryFolder() + "/regulation.txt"
        let run = try run(["import", "catalog", "Tests/Fixtures/docx/regulation-libreoffice.docx", "--out", out, "--date", "2026-11-30"] + arguments)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "wrote \(out): 11 item(s) from 36 paragraph(s)\n")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 6, run.stderr)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("Tests/Fixtures/docx/regulation-libreoffice.docx:paragraph ") && $0.contains(": warning: ") }, run.stderr)
        // In document order (sorted by paragraph, not as text).
        XCTAssertEqual(lines.map { $0.split(separator: ":")[1] }, ["paragraph 1", "paragraph 6", "paragraph 25", "paragraph 25", "paragraph 25", "paragraph 40"])
        let text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(text.contains("\n## 2.1 | 体制\n@id: 2.1\n@provisions:\n情報セキュリティのための体制と、各役職の役割は次の表のとおりとする。\n| 役職名 | 役割と責任 |\n|---|---|\n"), text)
        let validate = try self.run(["validate", out])
        XCTAssertEqual(validate.status, 0, validate.stderr)
    }

    func testHelpShowsTheDocumentExample() throws {
        let help = try run(["import", "catalog", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("totsugo import catalog 規程.docx --id my-rules"), help.stdout)
        XCTAssertTrue(help.stdout.contains("or a regulation document: .docx"), help.stdout)
    }

    func testExitCodes() throws {
        for name in ["docx-zip-slip", "docx-doctype", "docx-zip-bomb"] {
            let bad = try run(["import", "catalog", "Tests/Fixtures/bad/\(name).docx", "--out", TestPaths.temporaryFolder() + "/x.txt"] + arguments)
            XCTAssertEqual(bad.status, 65, name)
            XCTAssertTrue(bad.stderr.hasPrefix("Tests/Fixtures/bad/\(name).docx"), bad.stderr)
            XCTAssertTrue(bad.stderr.contains(": error: "), bad.stderr)
        }
        let missing = try run(["import", "catalog", "Tests/Fixtures/docx/nothing.docx"] + arguments)
        XCTAssertEqual(missing.status, 66, missing.stderr)
        let noID = try run(["import", "catalog", "Tests/Fixtures/docx/regulation-word.docx", "--title", "t", "--publisher", "p", "--version", "1"])
        XCTAssertEqual(noID.status, 65)
        XCTAssertTrue(noID.stderr.contains("command line:1:1: error: the catalog's id is not given"), noID.stderr)
    }
}
