import Foundation
import TestSupport
import XCTest

/// `totsugo review export|import|measure` and `totsugo format` as a user runs them: exit codes,
/// what is printed, and the workbook as openpyxl reads it (when the system python3 has it).
final class ReviewCLITests: XCTestCase {
    func reviewFolder() throws -> String {
        let folder = TestPaths.temporaryFolder()
        for name in ["Catalogs", "Mappings"] {
            try FileManager.default.copyItem(atPath: TestPaths.fixture("review/\(name)"), toPath: folder + "/" + name)
        }
        return folder
    }

    func testExportImportAndTheirExitCodes() throws {
        let folder = try reviewFolder()
        let exported = try run(["review", "export", "Mappings/review-sample.yaml", "--out", "r.xlsx"], in: folder)
        XCTAssertEqual(exported.status, 0, exported.stderr)
        XCTAssertEqual(exported.stdout, "wrote r.xlsx: 5 items, 2 links, 8 suggestions\n")
        let imported = try run(["review", "import", "r.xlsx", "--mapping", "Mappings/review-sample.yaml"], in: folder)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(imported.stdout, "wrote Mappings/review-sample.yaml: 3 reviewed entries, 2 links (1 confirmed), 1 rejected candidates\n")

        let broken = try run(["review", "import", TestPaths.fixture("bad/review-broken-cells.xlsx"), "--mapping", "Mappings/review-sample.yaml"], in: folder)
        XCTAssertEqual(broken.status, 65)
        XCTAssertTrue(broken.stderr.contains("review-broken-cells.xlsx:レビュー!I6: error: unknown relationship '一部' (did you mean 一部に相当?)"), broken.stderr)
        XCTAssertTrue(broken.stderr.hasSuffix("6 errors; nothing was written.\n"), broken.stderr)

        XCTAssertEqual(try run(["review", "import", "missing.xlsx", "--mapping", "Mappings/review-sample.yaml"], in: folder).status, 66)
        XCTAssertEqual(try run(["review", "export", "Mappings/nothing.yaml"], in: folder).status, 66)
    }

    func testFormatCheckExitsOneForAFileNotInCanonicalForm() throws {
        let folder = try reviewFolder()
        XCTAssertEqual(try run(["format", "--check", "Mappings/review-sample.yaml"], in: folder).status, 0)
        try "mapping: {id: m, source: review-industry, targets: [review-target]}\nentries: []\n"
            .write(toFile: folder + "/Mappings/m.yaml", atomically: true, encoding: .utf8)
        let checked = try run(["format", "--check", "Mappings/m.yaml"], in: folder)
        XCTAssertEqual(checked.status, 1)
        XCTAssertEqual(checked.stdout, "not canonical: Mappings/m.yaml\n")
        XCTAssertEqual(try run(["format", "Mappings/m.yaml"], in: folder).status, 0)
        XCTAssertEqual(try run(["format", "--check", "Mappings/m.yaml"], in: folder).status, 0)
    }

    func testMeasurePrintsTheScores() throws {
        let measured = try run(["review", "measure", "Mappings/jama-japia.yaml"])
        XCTAssertEqual(measured.status, 0, measured.stderr)
        XCTAssertTrue(measured.stdout.hasPrefix("jama-japia: 220 links, 30% hidden (seed 1)\n  TF-IDF 2–3-gram + evidence: precision@1 0.700 (50 items), recall@5 0.809 (68 hidden links)\n"), measured.stdout)
    }

    /// The drop-downs, frozen header and filter as openpyxl reads them.
    func testOpenpyxlReadsTheValidations() throws {
        let python = "/usr/bin/python3"
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "import openpyxl"]
        guard FileManager.default.isExecutableFile(atPath: python), (try? probe.run()) != nil else { throw XCTSkip("no system python3") }
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else { throw XCTSkip("python3-openpyxl is not installed") }
        let folder = try reviewFolder()
        XCTAssertEqual(try run(["review", "export", "Mappings/review-sample.yaml", "--out", "r.xlsx"], in: folder).status, 0)
        let script = """
        import openpyxl
        ws = openpyxl.load_workbook('r.xlsx')['レビュー']
        print(ws.freeze_panes, ws.auto_filter.ref)
        for dv in ws.data_validations.dataValidation:
            print(dv.type, dv.sqref, dv.formula1, dv.formula2)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(text, """
        C2 A1:R17
        list E2:E217 "項目,対応,候補" None
        list I2:I217 "同等（equal）,同趣旨（equivalent-to）,一部に相当（subset-of）,包含（superset-of）,一部重複（intersects-with）,対応なし（no-relationship）" None
        list J2:J217 "文言上（syntactic）,意味上（semantic）,機能上（functional）" None
        whole K2:K217 0 10
        list L2:L217 "未確認,確認済,却下" None

        """)
    }
}
