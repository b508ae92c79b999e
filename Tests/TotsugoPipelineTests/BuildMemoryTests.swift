import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// The default build's memory (issue 19, BENCHMARKS.md "Default build memory"): the 逆引き that
/// the workbook and the HTML report both show is made once, by the first of them to ask, and
/// freed when the last has done with it, not held from the 突合表 to the end of the run.
final class BuildReverseHandoffTests: XCTestCase {
    func resolvedFixture() throws -> ResolvedMapping {
        let loaded = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        XCTAssertEqual(loaded.diagnostics, [])
        return try Resolver(catalogs: loaded.catalogs).resolve(try XCTUnwrap(loaded.mappings.first))
    }

    func testSharedReverseIsMadeAtFirstUseAndFreedAfterTheLast() throws {
        let resolved = try resolvedFixture()
        let expected = ReverseView(resolved)
        XCTAssertFalse(expected.lines.isEmpty)
        let artifact = TableArtifact(table: CrossReferenceTable(resolved), resolved: resolved, coverage: Coverage(resolved), reverseUsers: 2)
        XCTAssertFalse(artifact.holdsReverse, "not made with the 突合表")
        let first = artifact.withReverse { view in
            XCTAssertTrue(artifact.holdsReverse, "held while lent")
            return view
        }
        XCTAssertEqual(first, expected)
        XCTAssertTrue(artifact.holdsReverse, "kept for the second format")
        let second = artifact.withReverse { $0 }
        XCTAssertEqual(second, expected)
        XCTAssertFalse(artifact.holdsReverse, "freed after the last format")
    }

    func testReverseOfOneFormatIsNeverHeld() throws {
        let resolved = try resolvedFixture()
        let artifact = TableArtifact(table: CrossReferenceTable(resolved), resolved: resolved, coverage: Coverage(resolved), reverseUsers: 1)
        XCTAssertEqual(artifact.withReverse { $0 }, ReverseView(resolved))
        XCTAssertFalse(artifact.holdsReverse)
    }

    /// The default build (the 逆引き shared by the workbook and the report) writes the same bytes
    /// as each format built alone (each making its own).
    func testSharedReverseGivesTheSameFilesAsEachFormatAlone() throws {
        let folder = try fixtureWorkspace()
        _ = try build(folder, diagnostics: DiagnosticLog())
        let together = try contents(folder + "/Output")
        for name in ["xlsx", "html"] {
            let alone = try fixtureWorkspace()
            let format = try XCTUnwrap(OutputFormats.table.format(named: name))
            _ = try build(alone, formats: [format], diagnostics: DiagnosticLog())
            let file = "industry-to-target.\(name)"
            let bytes = try XCTUnwrap(try contents(alone + "/Output")[file])
            XCTAssertEqual(together[file], bytes, file)
            XCTAssertTrue(bytes.count > 1000)
        }
    }
}
