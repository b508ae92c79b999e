import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoPipeline
import XCTest

/// `build` and `validate` in-process on the fixture workspace: the files written, goldens,
/// determinism, and what bad input reports (formerly CLITests, through the binary).
final class BuildPipelineTests: XCTestCase {
    func testBuildWritesGoldenOutputsDeterministically() throws {
        let folder = try fixtureWorkspace()
        let log = DiagnosticLog()
        let first = try build(folder, diagnostics: log)
        XCTAssertEqual(log.diagnostics, [])
        XCTAssertEqual(first.paths, ["csv", "md", "xlsx", "html"].map { folder + "/Output/industry-to-target.\($0)" }, "all four formats by default")
        XCTAssertEqual(first.mappingCount, 1)
        let output = try contents(folder + "/Output")
        XCTAssertEqual(output.keys.sorted(), ["industry-to-target.csv", "industry-to-target.html", "industry-to-target.md", "industry-to-target.xlsx"])
        assertGolden(Array(try XCTUnwrap(output["industry-to-target.csv"])), "workspace/industry-to-target.csv")
        assertGolden(Array(try XCTUnwrap(output["industry-to-target.md"])), "workspace/industry-to-target.md")
        XCTAssertEqual(try build(folder, diagnostics: DiagnosticLog()), first)
        XCTAssertEqual(try contents(folder + "/Output"), output, "a second run is byte-identical")
    }

    func testHostileXMLIsBadInputAndWritesNothing() throws {
        for name in ["xxe.xml", "billion-laughs.xml", "external-dtd.xml", "malformed.xml"] {
            let folder = try fixtureWorkspace()
            try FileManager.default.copyItem(atPath: TestPaths.fixture("bad/\(name)"), toPath: folder + "/Catalogs/\(name)")
            let log = DiagnosticLog()
            XCTAssertEqual(failure { () throws(CommandFailure) in try build(folder, diagnostics: log) }, .badInput, name)
            XCTAssertTrue(log.text.hasPrefix(folder + "/Catalogs/\(name):"), log.text)
            XCTAssertFalse(log.errors.isEmpty, name)
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"), "nothing written for \(name)")
        }
    }

    func testValidate() throws {
        let folder = try fixtureWorkspace()
        let log = DiagnosticLog()
        let workspace = try validate(folder, diagnostics: log)
        XCTAssertEqual(log.diagnostics, [])
        XCTAssertEqual(workspace.catalogs.count, 3)
        XCTAssertEqual(workspace.resolved.count, 1)
        let mappingOnly = DiagnosticLog()
        let resolved = try Pipeline.validate([folder + "/Mappings/industry.yaml"], fallbackCatalogs: folder + "/Catalogs", diagnostics: mappingOnly)
        XCTAssertEqual(mappingOnly.errors, [], "resolves against the fallback catalogs")
        XCTAssertEqual(resolved.resolved.map(\.mapping.id), ["industry-to-target"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"), "validate writes nothing")
        let bad = DiagnosticLog()
        XCTAssertEqual(failure { () throws(CommandFailure) in
            try Pipeline.validate([TestPaths.fixture("bad/duplicate-ids.txt")], fallbackCatalogs: folder + "/Catalogs", diagnostics: bad)
        }, .badInput)
        XCTAssertFalse(bad.errors.isEmpty)
    }
}
