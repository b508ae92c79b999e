import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoIngest
@testable import TotsugoMatch
import XCTest

/// The default build's memory (issue 19, BENCHMARKS.md "Default build memory"): the 出典 sheet
/// counts the mapping's links entry by entry instead of from a flat array of every link (a
/// transient 40 MiB at 100k items). The counts it shows must not change.
final class BuildMemoryTests: XCTestCase {
    func testSourcesSheetCountsConfirmedLinksOfEveryEntry() throws {
        let loaded = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        XCTAssertEqual(loaded.diagnostics, [])
        var mapping = try XCTUnwrap(loaded.mappings.first)
        // The fixture's mapping: 4 links over three entries (the first has none); one confirmed
        // in each of the entries that have links.
        XCTAssertEqual(mapping.entries.map(\.links.count), [0, 2, 2])
        mapping.entries[1].links[0].review = .confirmed
        mapping.entries[2].links[1].review = .confirmed
        let resolved = try Resolver(catalogs: loaded.catalogs).resolve(mapping)
        let output = try XLSXEmitter().render(CrossReferenceTable(resolved), resolved: resolved, coverage: Coverage(resolved))
        let sheet = try WorkbookReader(output.bytes).sheet("出典")
        XCTAssertEqual(sheet.value("A6"), "確認済みの対応")
        XCTAssertEqual(sheet.value("B6"), "2 / 4 件（残りは担当者の確認を待つ候補）")
    }
}
