import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// Issue 19: `diff` reports its phases with counts (the executable shows them on a terminal, as
/// for `build`): items read, pairs compared and made, mappings checked, the file written.
final class DiffProgressTests: XCTestCase {
    func testDiffReportsItemsReadPairsComparedAndTheFileWritten() throws {
        let old = TestPaths.fixture("diff/old.txt"), new = TestPaths.fixture("diff/new.xml")
        let out = TestPaths.temporaryFolder() + "/diff.json"
        let log = DiagnosticLog()
        let result = try Pipeline.diff(Pipeline.DiffRequest(old: old, new: new, mappings: TestPaths.fixture("diff/mappings"),
                                                            format: OutputFormats.diff.format(named: "json")!, destination: .file(out)),
                                       diagnostics: log)
        let diff = result.diff
        let loaded = InputLoader().load([old, new])
        let items = loaded.catalogs.reduce(0) { $0 + $1.allItems.count }
        XCTAssertEqual(items, diff.old.orderedIDs.count + diff.new.orderedIDs.count)
        XCTAssertGreaterThan(diff.comparedPairs, 0)
        let stale = StaleEntries.find(in: InputLoader().load([TestPaths.fixture("diff/mappings")]).mappings.sorted { $0.id < $1.id }, diff: diff)
        XCTAssertEqual(log.progressSteps, [
            ProgressStep("read", counts: [.init(2, "catalog"), .init(items, "item")]),
            ProgressStep("paired", counts: [.init(diff.comparedPairs, "comparison"), .init(diff.pairs.count, "pair"),
                                            .init(diff.added.count, "added item"), .init(diff.removed.count, "removed item")]),
            ProgressStep("checked", counts: [.init(2, "mapping"), .init(stale.count, "stale reference")]),
            ProgressStep("wrote", out, counts: [.init(diff.pairs.count + diff.added.count + diff.removed.count, "item")]),
        ])
        XCTAssertEqual(diff.added.count, 2)
        XCTAssertEqual(diff.removed.count, 1)
        XCTAssertEqual(stale.count, 4)
        XCTAssertEqual(log.diagnostics, [], "progress is not a diagnostic")
    }

    func testAnUnchangedCatalogComparesNoPair() throws {
        let log = DiagnosticLog()
        _ = try Pipeline.diff(Pipeline.DiffRequest(old: TestPaths.fixture("diff/old.txt"), new: TestPaths.fixture("diff/old.txt"),
                                                   format: OutputFormats.diff.format(named: "json")!, destination: .file("/dev/null")),
                              diagnostics: log)
        XCTAssertEqual(log.progressSteps.map(\.phase), ["read", "paired", "wrote"])
        XCTAssertEqual(log.progressSteps[1].counts.first, .init(0, "comparison"), "an unchanged catalog pairs every item by id")
    }
}
