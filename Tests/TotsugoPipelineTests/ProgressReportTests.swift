import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// Progress of the long commands besides `build` (issue 19): `regulation`, `check`, `import
/// catalog` / `import mapping` and `review export` / `review import` report their steps with
/// counts through the sink; piped, the binary prints nothing more on stderr than before.
final class ProgressReportTests: XCTestCase {
    func testRegulationReportsInputsEachDocumentAndEachFileWithSectionsAndProvisions() throws {
        let out = TestPaths.temporaryFolder()
        let log = DiagnosticLog()
        let request = RegulationRequest(catalogs: TestPaths.fixture("regulation/Catalogs"), mappings: TestPaths.fixture("regulation/Mappings"),
                                        out: out, variants: [RegulationOptions(baseCatalog: "fixture-base")])
        _ = try Pipeline.regulation(request, diagnostics: log)
        // fixture-base: 3 chapters and 4 sections, no provisions of its own.
        let counts: [ProgressStep.Count] = [.init(7, "section"), .init(0, "provision")]
        XCTAssertEqual(log.progressSteps, [
            ProgressStep("read", counts: [.init(3, "catalog"), .init(20, "item"), .init(1, "mapping")]),
            ProgressStep("document", "fixture-regulation.regulation", counts: counts),
            ProgressStep("wrote", "fixture-regulation.regulation.docx", counts: counts),
            ProgressStep("wrote", "fixture-regulation.regulation.md", counts: counts),
            ProgressStep("wrote", "fixture-regulation.regulation.html", counts: counts),
        ])
        XCTAssertEqual(log.errors, [])
    }

    func testRegulationSplitReportsOneDocumentPerPart() throws {
        let out = TestPaths.temporaryFolder()
        let log = DiagnosticLog()
        let variants = ["management", "technical"].map { tag in
            RegulationOptions(baseCatalog: "fixture-base", part: RegulationOptions.Part(tag: tag, allTags: ["management", "technical"]))
        }
        let request = RegulationRequest(catalogs: TestPaths.fixture("regulation/Catalogs"), mappings: TestPaths.fixture("regulation/Mappings"),
                                        out: out, formats: [OutputFormats.regulation.format(named: "md")!], variants: variants)
        _ = try Pipeline.regulation(request, diagnostics: log)
        let documents = log.progressSteps.filter { $0.phase == "document" }.map(\.subject)
        XCTAssertEqual(documents, ["fixture-regulation.regulation.management", "fixture-regulation.regulation.technical"])
        XCTAssertEqual(log.progressSteps.filter { $0.phase == "wrote" }.map(\.subject), documents.map { $0 + ".md" })
    }

    func testBuildSaysHowManyPartsTheWorkbookZipped() throws {
        let folder = try fixtureWorkspace()
        let log = DiagnosticLog()
        _ = try Pipeline.build(BuildRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings", out: folder + "/Output"),
                               diagnostics: log)
        let wrote = Dictionary(uniqueKeysWithValues: log.progressSteps.filter { $0.phase == "wrote" }.map { ($0.subject, $0.counts) })
        let rows = try XCTUnwrap(wrote["industry-to-target.csv"]?.first)
        // [Content_Types].xml, _rels/.rels, docProps/core.xml and app.xml, xl/_rels/workbook.xml.rels,
        // xl/styles.xml, xl/sharedStrings.xml, the four worksheets, xl/workbook.xml.
        XCTAssertEqual(wrote["industry-to-target.xlsx"], [rows, .init(12, "part")])
        XCTAssertEqual(wrote["industry-to-target.md"], [rows], "only a package has parts")
    }

    func testCheckReportsCoverageAndTheReportWritten() throws {
        let folder = try fixtureWorkspace()
        let log = DiagnosticLog()
        let request = Pipeline.CheckRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings",
                                            config: TestPaths.fixture("check/no-thresholds.yaml"),
                                            format: OutputFormats.check.format(named: "md")!, destination: .file(folder + "/coverage.md"))
        _ = try Pipeline.check(request, diagnostics: log)
        let steps = log.progressSteps
        XCTAssertEqual(steps.map(\.phase), ["read", "coverage", "wrote"])
        XCTAssertEqual(steps[1], ProgressStep("coverage", counts: [.init(1, "mapping"), .init(0, "threshold")]))
        XCTAssertEqual(steps[2], ProgressStep("wrote", folder + "/coverage.md", counts: [.init(1, "mapping")]))
    }

    func testImportCatalogReportsRowsReadItemsMadeAndTheFile() throws {
        let folder = TestPaths.fixture("import")
        let out = TestPaths.temporaryFolder() + "/imported.txt"
        let log = DiagnosticLog()
        let imported = try Pipeline.importCatalog(
            Pipeline.ImportCatalogRequest(source: folder + "/checksheet.xlsx", recipe: folder + "/checksheet.recipe.yaml",
                                          destination: .file(out), date: "2026-11-30"), diagnostics: log)
        XCTAssertGreaterThan(imported.itemsImported, 0)
        XCTAssertEqual(log.progressSteps, [
            ProgressStep("read", folder + "/checksheet.xlsx", counts: [.init(imported.rowsRead, "row")]),
            ProgressStep("catalog", "sample-checksheet", counts: [.init(imported.itemsImported, "item"), .init(imported.headingsMade, "heading")]),
            ProgressStep("wrote", out, counts: [.init(imported.itemsImported, "item")]),
        ])
    }

    func testImportMappingReportsRowsEntriesLinksAndTheFile() throws {
        let folder = TestPaths.fixture("import")
        let out = TestPaths.temporaryFolder() + "/imported.yaml"
        let log = DiagnosticLog()
        let imported = try Pipeline.importMapping(
            Pipeline.ImportMappingRequest(source: folder + "/criteria-xref.xlsx", recipe: folder + "/criteria-xref.recipe.yaml",
                                          destination: .file(out), date: "2026-11-30", catalogs: [folder + "/catalogs"]), diagnostics: log)
        XCTAssertGreaterThan(imported.links, 0)
        XCTAssertEqual(log.progressSteps, [
            ProgressStep("read", folder + "/criteria-xref.xlsx", counts: [.init(imported.rowsRead, "row")]),
            ProgressStep("mapping", imported.mapping.id, counts: [.init(imported.entries, "entry"), .init(imported.links, "link")]),
            ProgressStep("wrote", out, counts: [.init(imported.entries, "entry")]),
        ])
    }

    func testReviewExportAndImportReportRowsAndTheFiles() throws {
        let folder = TestPaths.temporaryFolder()
        for name in ["Catalogs", "Mappings"] {
            try FileManager.default.copyItem(atPath: TestPaths.fixture("review/\(name)"), toPath: folder + "/" + name)
        }
        let mapping = folder + "/Mappings/review-sample.yaml", workbook = folder + "/review.xlsx"
        let exportLog = DiagnosticLog()
        let exported = try Pipeline.reviewExport(ReviewExportRequest(mapping: mapping, catalogs: folder + "/Catalogs", out: workbook),
                                                 diagnostics: exportLog)
        let rows = exported.rows.rows.count
        XCTAssertEqual(exportLog.progressSteps.map(\.phase), ["read", "review rows", "wrote"])
        XCTAssertEqual(exportLog.progressSteps[1], ProgressStep("review rows", "review-sample",
                                                                counts: [.init(rows, "row"), .init(exported.rows.suggested, "suggestion")]))
        XCTAssertEqual(exportLog.progressSteps[2], ProgressStep("wrote", workbook, counts: [.init(rows, "row")]))

        let importLog = DiagnosticLog()
        let imported = try Pipeline.reviewImport(ReviewImportRequest(workbook: workbook, mapping: mapping, catalogs: folder + "/Catalogs"),
                                                 diagnostics: importLog)
        let entries = imported.mapping.entries.count, links = imported.mapping.entries.reduce(0) { $0 + $1.links.count }
        XCTAssertEqual(importLog.progressSteps.map(\.phase), ["read", "read", "mapping", "wrote"])
        XCTAssertEqual(importLog.progressSteps[1].subject, workbook)
        XCTAssertEqual(importLog.progressSteps[1].counts.map(\.unit), ["row"])
        XCTAssertGreaterThanOrEqual(importLog.progressSteps[1].counts[0].value, rows, "the sheet's rows, header included")
        XCTAssertEqual(importLog.progressSteps[2], ProgressStep("mapping", "review-sample", counts: [.init(entries, "entry"), .init(links, "link")]))
        XCTAssertEqual(importLog.progressSteps[3], ProgressStep("wrote", mapping, counts: [.init(entries, "entry")]))
    }

    // MARK: the binary, piped

    /// Runs the binary with stdout and stderr into files (not a terminal) and the progress delay
    /// at 0; returns (status, stdout, stderr).
    func runPiped(_ arguments: [String], in folder: String) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProgressTests.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        for key in ["CI", "TERM", "TOTSUGO_PROGRESS", "TOTSUGO_TRACE"] { environment[key] = nil }
        environment["TOTSUGO_PROGRESS_AFTER"] = "0"
        process.environment = environment
        let stdoutPath = folder + "/.stdout", stderrPath = folder + "/.stderr"
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOfFile: stdoutPath, encoding: .utf8),
                try String(contentsOfFile: stderrPath, encoding: .utf8))
    }

    func testPipedRegulationCheckAndReviewExportPrintNothingOnStderr() throws {
        guard FileManager.default.isExecutableFile(atPath: ProgressTests.binary) else { throw XCTSkip("no totsugo binary built") }
        let folder = TestPaths.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestPaths.fixture("regulation/Catalogs"), toPath: folder + "/Catalogs")
        try FileManager.default.copyItem(atPath: TestPaths.fixture("regulation/Mappings"), toPath: folder + "/Mappings")
        let (status, stdout, stderr) = try runPiped(["regulation", "--base", "fixture-base", "--format", "docx,md,html"], in: folder)
        XCTAssertEqual(status, 0, stderr)
        XCTAssertEqual(stderr, "", "piped stderr holds no progress")
        XCTAssertEqual(stdout, ["docx", "html", "md"].map { "wrote Output/fixture-regulation.regulation.\($0)\n" }.joined())

        let workspace = try fixtureWorkspace()
        let (checkStatus, _, checkStderr) = try runPiped(["check", "--out", "coverage.md"], in: workspace)
        XCTAssertEqual(checkStatus, 0, checkStderr)
        XCTAssertEqual(checkStderr, "")

        let review = TestPaths.temporaryFolder()
        for name in ["Catalogs", "Mappings"] {
            try FileManager.default.copyItem(atPath: TestPaths.fixture("review/\(name)"), toPath: review + "/" + name)
        }
        let (reviewStatus, _, reviewStderr) = try runPiped(["review", "export", "Mappings/review-sample.yaml", "--out", "r.xlsx"], in: review)
        XCTAssertEqual(reviewStatus, 0, reviewStderr)
        XCTAssertEqual(reviewStderr, "")
    }
}
