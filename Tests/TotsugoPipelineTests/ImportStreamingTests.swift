import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoPipeline
import XCTest

/// `import catalog` with less held at once (issue 19): the read-back check keeps no items, the
/// importer remembers cells by row and column. What is written, what the import returns and
/// every diagnostic at its cell stay as they were.
final class ImportStreamingTests: XCTestCase {
    let bad = TestPaths.fixture("bad")

    func importing(_ source: String, recipe: String, xml: Bool = false)
        -> (result: Pipeline.ImportedCatalog?, failure: CommandFailure?, log: DiagnosticLog, out: String) {
        let out = TestPaths.temporaryFolder() + (xml ? "/imported.xml" : "/imported.txt")
        let log = DiagnosticLog()
        var result: Pipeline.ImportedCatalog?
        let failure = failure { () throws(CommandFailure) in
            result = try Pipeline.importCatalog(Pipeline.ImportCatalogRequest(source: source, recipe: recipe,
                                                                              destination: .file(out), date: "2026-11-30"), diagnostics: log)
        }
        return (result, failure, log, out)
    }

    /// The text and the catalog the import returns are what was written and what reads back.
    func testTheReturnedTextAndCatalogAreTheWrittenFile() throws {
        let folder = TestPaths.fixture("import")
        let run = importing(folder + "/checksheet.xlsx", recipe: folder + "/checksheet.recipe.yaml")
        XCTAssertNil(run.failure, run.log.text)
        let result = try XCTUnwrap(run.result)
        let written = try XCTUnwrap(FileManager.default.contents(atPath: run.out))
        XCTAssertEqual(Array(written), result.bytes)
        XCTAssertEqual(result.text, String(decoding: written, as: UTF8.self))
        let read = try CatalogTextParser().parse(InputFile.read(run.out))
        XCTAssertEqual(result.catalog, read)
        XCTAssertEqual(result.catalog.allItems.count, result.itemsImported + result.headingsMade)
        XCTAssertEqual(result.catalog.allItems.first?.location?.file, run.out)
    }

    /// Reading without keeping the items gives the same diagnostics, and no items.
    func testReadingWithoutKeepingItemsReportsTheSame() throws {
        let good = "---\nid: c\ntitle: T\nshort-title: T\npublisher: P\nversion: 1\ncompleteness: 全部。\n---\n\n# 1 | 一\n\n## 1 | 二\n"
        let kept = try CatalogTextParser().parse(InputFile.decode(Array(good.utf8), path: "c.txt"))
        let dropped = try CatalogTextParser().parse(InputFile.decode(Array(good.utf8), path: "c.txt"), keepingItems: false)
        XCTAssertEqual(kept.allItems.map(\.id), ["1", "1/1"])
        XCTAssertEqual(dropped.items, [])
        XCTAssertEqual(dropped.id, kept.id)
        XCTAssertEqual(dropped.completeness, kept.completeness)

        let bad = good + "\n# 1 | 三つめ\n\n### 9 | 飛んだ階層\n@level: LV9\n"
        func errors(_ keeping: Bool) -> [String] {
            do {
                _ = try CatalogTextParser().parse(InputFile.decode(Array(bad.utf8), path: "c.txt"), keepingItems: keeping)
                return []
            } catch {
                return error.diagnostics.map(\.description)
            }
        }
        XCTAssertFalse(errors(true).isEmpty)
        XCTAssertEqual(errors(false), errors(true))
    }

    /// A heading made from a hierarchy cell whose id a row already has: at the hierarchy cell,
    /// naming the row's id cell; a duplicate id names the first one's cell.
    func testHeadingClashAndDuplicateNameTheirCells() {
        let source = bad + "/import-stream-heading-clash.csv"
        let run = importing(source, recipe: bad + "/import-stream-tree.recipe.yaml")
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.lines, [
            "\(source):2:3: error: the heading made from '組織' would have id '組織', which the row at \(source):5:1 already has",
            "\(source):6:1: error: duplicate id '2': first at \(source):3:1",
        ])
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.out))

        let deeper = bad + "/import-stream-heading-clash-depth2.csv"
        let second = importing(deeper, recipe: bad + "/import-stream-tree.recipe.yaml")
        XCTAssertEqual(second.log.lines, [
            "\(deeper):2:6: error: the heading made from '方針' would have id '組織/方針', which the row at \(deeper):3:1 already has",
        ])
    }

    func testABarInAHierarchyCellIsAnErrorAtThatCell() {
        let source = bad + "/import-stream-bar-heading.csv"
        let run = importing(source, recipe: bad + "/import-stream-tree.recipe.yaml")
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.lines, [
            "\(source):2:3: error: a heading made from a hierarchy cell cannot hold ' | ' (it would be read as a number): '組織 | 方針'",
        ])
    }

    func testACycleAndAMissingParentAreErrorsAtTheHierarchyCells() {
        let source = bad + "/import-stream-cycle.csv"
        let run = importing(source, recipe: bad + "/import-stream-parents.recipe.yaml")
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.lines, [
            "\(source):3:3: error: 'A' as the parent makes a cycle of items",
            "\(source):4:3: error: the parent named in this hierarchy cell, 'z', is not an item of the table; no item is made up for it (add its row, or for hierarchy-columns say 'headings: from-columns')",
        ])
    }
}
