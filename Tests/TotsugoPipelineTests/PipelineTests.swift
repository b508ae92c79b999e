import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// The commands run in-process, as the executable runs them, on real inputs.
final class PipelineTests: XCTestCase {
    private func workspace() throws -> String {
        let folder = TestPaths.temporaryFolder()
        for name in ["Catalogs", "Mappings"] {
            try FileManager.default.copyItem(atPath: TestPaths.fixture("workspace/\(name)"), toPath: folder + "/" + name)
        }
        return folder
    }

    func testBuildWritesEveryFormatOfEveryMapping() throws {
        let folder = try workspace()
        let log = DiagnosticLog()
        let written = try Pipeline.build(BuildRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings", out: folder + "/Output"),
                                         diagnostics: log)
        XCTAssertEqual(written.mappingCount, 1)
        XCTAssertEqual(written.paths.map { ($0 as NSString).lastPathComponent },
                       ["industry-to-target.csv", "industry-to-target.md", "industry-to-target.xlsx", "industry-to-target.html"])
        XCTAssertEqual(log.errors, [])
        assertGolden(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/Output/industry-to-target.csv"))), "workspace/industry-to-target.csv")
    }

    func testBadInputReportsEveryProblemAndWritesNothing() throws {
        let folder = try workspace()
        try "mapping:\n  id: x\n  source: industry\n  targets: [target]\nentries:\n  - item: nope\n    targets: []\n"
            .write(toFile: folder + "/Mappings/second.yaml", atomically: false, encoding: .utf8)
        try "not a catalog <".write(toFile: folder + "/Catalogs/broken.xml", atomically: false, encoding: .utf8)
        let log = DiagnosticLog()
        XCTAssertThrowsError(try Pipeline.build(BuildRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings", out: folder + "/Output"),
                                                diagnostics: log)) { error in
            XCTAssertEqual(error as? CommandFailure, .badInput)
        }
        let files = Set(log.errors.map { ($0.location.file as NSString).lastPathComponent })
        XCTAssertEqual(files, ["broken.xml", "second.yaml"], "parse and resolution errors of one run together: \(log.errors)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
    }

    func testFormatsComeFromOneRegistry() throws {
        XCTAssertEqual(OutputFormats.table.names, ["csv", "md", "xlsx", "html"])
        XCTAssertEqual(try OutputFormats.table.parse("markdown, CSV,md").map(\.name), ["md", "csv"])
        XCTAssertThrowsError(try OutputFormats.table.parse("pdf")) { error in
            XCTAssertEqual("\(error)", "unknown format 'pdf'; known: csv, md, xlsx, html")
        }
        XCTAssertEqual(OutputFormats.regulation.names, ["docx", "md", "html"])
        XCTAssertEqual(OutputFormats.check.format(named: "xml")?.name, "junit")
        XCTAssertEqual(OutputFormats.diff.format(named: "htm")?.name, "html")
    }

    func testCheckWritesTheReportAndFailsBelowAThreshold() throws {
        let folder = try workspace()
        let log = DiagnosticLog()
        let request = Pipeline.CheckRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings",
                                            rules: [ThresholdRule(.mapped, 1.0)],
                                            format: OutputFormats.check.format(named: "json")!, destination: .file(folder + "/c.json"))
        XCTAssertThrowsError(try Pipeline.check(request, diagnostics: log)) { error in
            XCTAssertEqual(error as? CommandFailure, .checkFailed)
        }
        let json = try String(contentsOfFile: folder + "/c.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"passed\" : false") || json.contains("\"passed\": false"), json)
    }

    func testRegulationSkipsMappingsWithoutTheBase() throws {
        let folder = try workspace()
        let result = try Pipeline.regulation(RegulationRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings", out: folder + "/Output"),
                                             diagnostics: DiagnosticLog())
        XCTAssertEqual(result.skipped, ["industry-to-target"])
        XCTAssertEqual(result.written, [])
    }
}

final class ReportDestinationTests: XCTestCase {
    /// `--out /dev/null` is written through, never replaced by a file.
    func testDeviceIsWrittenThrough() throws {
        let folder = TestPaths.temporaryFolder()
        for name in ["Catalogs", "Mappings"] {
            try FileManager.default.copyItem(atPath: TestPaths.fixture("workspace/\(name)"), toPath: folder + "/" + name)
        }
        let request = Pipeline.CheckRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings",
                                            format: OutputFormats.check.format(named: "md")!, destination: .file("/dev/null"))
        _ = try? Pipeline.check(request, diagnostics: DiagnosticLog())
        var info = stat()
        XCTAssertEqual(stat("/dev/null", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "/dev/null is still a device")
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: "/dev").contains { $0.hasPrefix(".totsugo-run-") })
    }
}
