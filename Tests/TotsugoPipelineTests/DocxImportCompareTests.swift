import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
@testable import TotsugoPipeline
import XCTest

/// `import catalog` of a .docx checks that the text it writes reads back as the items it made,
/// comparing each item read back with a fingerprint of the item made (the items themselves are
/// freed first). A difference is a bug of ours, so the tests make one through the seam that
/// alters the text before it is read back, and check the message names the item and the field.
final class DocxImportCompareTests: XCTestCase {
    func request(_ out: String) -> Pipeline.ImportCatalogRequest {
        let here = SourceLocation(file: "command line")
        var recipe = ImportRecipe()
        recipe.id = .init("sample-regulation", at: here)
        recipe.title = .init("情報セキュリティ管理規程（記入例）", at: here)
        recipe.publisher = .init("記入例", at: here)
        recipe.version = .init("1", at: here)
        return Pipeline.ImportCatalogRequest(source: TestPaths.fixture("docx/regulation-word.docx"), overrides: recipe,
                                             destination: .file(out), date: "2026-11-30")
    }

    /// Imports the Word fixture with `alter` applied to the lines of the text before it is read
    /// back; the failure, the errors reported, and whether a file was written.
    func importing(alter: @escaping (inout [String]) -> Void) -> (failure: CommandFailure?, errors: [String], written: Bool) {
        let out = TestPaths.temporaryFolder() + "/regulation.txt"
        let log = DiagnosticLog()
        let request = request(out)
        let failure = failure { () throws(CommandFailure) in
            try Pipeline.importDocument(request, recipe: request.overrides, diagnostics: log) { bytes in
                var lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
                alter(&lines)
                bytes = Array(lines.joined(separator: "\n").utf8)
            }
        }
        return (failure, log.diagnostics.filter { $0.severity == .error }.map(\.description), FileManager.default.fileExists(atPath: out))
    }

    /// The line index of `@id: <id>` in the text.
    func idLine(_ id: String, in lines: [String]) -> Int { lines.firstIndex(of: "@id: \(id)")! }

    let readsBackDifferently = CommandFailure.internalError("the imported catalog reads back differently from the document (a bug: please report it with the document)")

    func testUnalteredTextReadsBackAndIsWritten() {
        let run = importing { _ in }
        XCTAssertNil(run.failure)
        XCTAssertEqual(run.errors, [])
        XCTAssertTrue(run.written)
    }

    func testAChangedHeadingIsNamedWithItsItem() {
        let run = importing { lines in
            let heading = self.idLine("2.1", in: lines) - 1
            lines[heading] += "（改）"
        }
        XCTAssertEqual(run.failure, readsBackDifferently)
        XCTAssertEqual(run.errors.count, 1)
        XCTAssertTrue(run.errors[0].hasSuffix("error: the item 2.1 reads back with a different heading ('体制（改）')"), run.errors[0])
        XCTAssertFalse(run.written, "nothing is written when the read-back differs")
    }

    func testAChangedProvisionIsNamedWithItsItem() {
        let run = importing { lines in
            let index = lines.firstIndex { $0.contains("取引先から預かった図面") }!
            lines[index] = lines[index].replacingOccurrences(of: "図面", with: "書類")
        }
        XCTAssertEqual(run.failure, readsBackDifferently)
        XCTAssertEqual(run.errors.count, 1)
        XCTAssertTrue(run.errors[0].hasSuffix("error: the item 1.2 reads back with different provisions (paragraph texts, list marks or table cells)"), run.errors[0])
    }

    func testAProvisionDroppedIsCounted() {
        let run = importing { lines in
            lines.remove(at: lines.firstIndex { $0.contains("取引先から預かった図面") }!)
        }
        XCTAssertEqual(run.failure, readsBackDifferently)
        XCTAssertTrue(run.errors.first?.hasSuffix("error: the item 1.2 reads back with 4 provisions, not 5") ?? false, "\(run.errors)")
    }

    func testAChangedNumberIsNamed() {
        let run = importing { lines in
            let heading = self.idLine("3.1", in: lines) - 1
            lines[heading] = lines[heading].replacingOccurrences(of: "3.1 | ", with: "3-1 | ")
        }
        XCTAssertEqual(run.failure, readsBackDifferently)
        XCTAssertTrue(run.errors.first?.hasSuffix("error: the item 3.1 reads back with a different number ('3-1')") ?? false, "\(run.errors)")
    }

    func testAnItemMissingFromTheTextIsNamed() {
        let run = importing { lines in
            // The last chapter (3, with 3.1 and 3.2), from its heading to the end.
            lines.removeSubrange((self.idLine("3", in: lines) - 1)...)
        }
        XCTAssertEqual(run.failure, readsBackDifferently)
        XCTAssertEqual(run.errors.count, 1)
        XCTAssertTrue(run.errors[0].hasSuffix("error: the item 3.1 was made from the document but does not read back (3 items missing)"), run.errors[0])
    }

    func testAnItemMovedUnderAnotherIsNamed() {
        let run = importing { lines in
            let heading = self.idLine("2.2", in: lines) - 1
            lines[heading] = "#" + lines[heading]  // one level deeper: a child of 2.1 (its @id kept)
        }
        XCTAssertEqual(run.failure, readsBackDifferently)
        XCTAssertEqual(run.errors.count, 1)
        XCTAssertTrue(run.errors[0].hasSuffix("error: the item 2.2 reads back where the item 2.1 was made (an item out of place, or one missing)"), run.errors[0])
    }

    /// The parser hands over each item as it closes it: children before their parent, with
    /// its depth, and (not keeping items) without its children.
    func testParserHandsItemsOverChildrenFirst() throws {
        let text = """
        ---
        id: t
        title: T
        short-title: T
        completeness: テスト用
        publisher: P
        version: 1
        ---

        # 1 | 章
        ## 1 | 節
        @provisions:
        本文。
        ## 2 | 節二
        # 2 | 章二

        """
        var seen: [String] = []
        let catalog = try CatalogTextParser().parse(InputFile.decode(Array(text.utf8), path: "t.txt"), keepingItems: false, eachItem: { item, depth in
            seen.append("\(depth) \(item.id) \(item.children.count) \(item.provisions.count)")
        })
        XCTAssertEqual(seen, ["2 1/1 0 1", "2 1/2 0 0", "1 1 0 0", "1 2 0 0"])
        XCTAssertEqual(catalog.items.count, 0)
    }
}
