import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoPipeline
import XCTest

/// `import catalog` into a file writes the catalog's text a piece at a time into its staged file
/// in the output folder, frees the importer's items, then reads the staged file back as a
/// catalog before the run commits (BENCHMARKS.md, "Import memory, third pass"). The bytes are
/// those of the text made whole (what standard output and `--out /dev/null` still get), a text
/// that does not read back leaves the folder as it was, and a workbook's rows stream into the
/// importer with their diagnostics at the same cells.
final class ImportTextStreamTests: XCTestCase {
    static let rows = 20_000

    /// A UTF-8 check sheet of `rows` data rows under two hierarchy columns, with a multi-line
    /// 説明: its text is several times `OutputFile.chunkSize` (1 MiB), so it is written in pieces.
    func sheet() -> (path: String, recipe: String) {
        let folder = TestPaths.temporaryFolder()
        var text = "大項目,中項目,No.,要求事項,説明,レベル\n"
        for n in 1...Self.rows {
            let big = n % 1000 == 1 ? "第\(n / 1000 + 1)章 備え" : ""
            let mid = n % 100 == 1 ? "第\(n / 100 + 1)節 決めごと" : ""
            text += "\(big),\(mid),\(n),点検する項目その\(n),\"記録を残すこと（\(n)）\n# 見出しに見える行も本文\",LV\(n % 3 + 1)\n"
        }
        let path = folder + "/pieces.csv"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        let recipe = folder + "/pieces.recipe.yaml"
        try? """
        id: pieces-sheet
        title: 分けて書く試験用チェックシート（架空）
        publisher: 試験用の団体（架空）
        version: 1
        id-column: No.
        title-column: 要求事項
        text-column: 説明
        level-column: レベル
        hierarchy-columns: [大項目, 中項目]
        headings: from-columns

        """.write(toFile: recipe, atomically: true, encoding: .utf8)
        return (path, recipe)
    }

    struct Run {
        var result: Pipeline.ImportedCatalog?
        var failure: CommandFailure?
        var log: DiagnosticLog
    }

    func importing(_ source: String, recipe: String?, to destination: ReportDestination,
                   afterStaging: (@Sendable (String) -> Void)? = nil) -> Run {
        let log = DiagnosticLog()
        var request = Pipeline.ImportCatalogRequest(source: source, recipe: recipe, destination: destination, date: "2026-11-30")
        request.afterStaging = afterStaging
        var result: Pipeline.ImportedCatalog?
        let failure = failure { () throws(CommandFailure) in result = try Pipeline.importCatalog(request, diagnostics: log) }
        return Run(result: result, failure: failure, log: log)
    }

    /// What the staged file held when it was read back, and where it was.
    final class Staged: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [(path: String, bytes: Data?)] = []
        func record(_ path: String) { lock.withLock { seen.append((path, FileManager.default.contents(atPath: path))) } }
        var all: [(path: String, bytes: Data?)] { lock.withLock { seen } }
    }

    func testTheFileWrittenInPiecesIsTheTextMadeWholeAndWasStagedInTheOutputFolder() throws {
        let table = sheet()
        let whole = importing(table.path, recipe: table.recipe, to: .file("/dev/null"))
        XCTAssertNil(whole.failure, whole.log.text)
        let expected = try XCTUnwrap(whole.result).bytes
        XCTAssertGreaterThan(expected.count, 2 << 20, "several pieces of OutputFile.chunkSize")

        let folder = TestPaths.temporaryFolder() + "/out"
        let out = folder + "/pieces.txt"
        let staged = Staged()
        let run = importing(table.path, recipe: table.recipe, to: .file(out), afterStaging: { staged.record($0) })
        XCTAssertNil(run.failure, run.log.text)
        let result = try XCTUnwrap(run.result)
        XCTAssertEqual(result.written, out)
        XCTAssertEqual(Array(try XCTUnwrap(FileManager.default.contents(atPath: out))), expected)
        XCTAssertEqual(result.bytes, expected, "the bytes returned are the file read back")

        // The whole text was in the staged file, inside the output folder, before the commit.
        XCTAssertEqual(staged.all.count, 1)
        let first = try XCTUnwrap(staged.all.first)
        XCTAssertTrue(first.path.hasPrefix(folder + "/.totsugo-run-"), first.path)
        XCTAssertTrue(first.path.hasSuffix("/pieces.txt"), first.path)
        XCTAssertEqual(first.bytes.map(Array.init), expected)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["pieces.txt"])

        // What the text says: counts, headings, an escaped body line, the last item.
        let text = result.text
        XCTAssertTrue(text.contains("completeness: 表の20001行を読み、20000行を項目として取り込んだ（ほかに見出し行1行）。階層列の値から見出し項目220件を作成。\n"),
                      String(text.prefix(800)))
        XCTAssertTrue(text.hasSuffix("\n### 20000 | 点検する項目その20000\n@id: 20000\n@level: LV3\n\n記録を残すこと（20000）\n\\# 見出しに見える行も本文\n"),
                      String(text.suffix(300)))
        XCTAssertEqual(result.catalog.id, "pieces-sheet")
        XCTAssertEqual(run.log.progressSteps.map(\.phase), ["read", "catalog", "wrote"])
        XCTAssertEqual(run.log.progressSteps.map { $0.counts.map(\.value) }, [[20001], [20000, 220], [20000]])
    }

    func testATextThatDoesNotReadBackLeavesTheFolderAsItWas() throws {
        let table = sheet()
        let folder = TestPaths.temporaryFolder()
        let out = folder + "/pieces.txt"
        _ = FileManager.default.createFile(atPath: out, contents: Data("前の版\n".utf8))
        let staged = Staged()
        // The seam breaks the staged text (a byte that is not UTF-8 at its end) before it is read back.
        let run = importing(table.path, recipe: table.recipe, to: .file(out), afterStaging: { path in
            let handle = FileHandle(forWritingAtPath: path)!
            handle.seekToEndOfFile()
            handle.write(Data([0x0A, 0xFF, 0x0A]))
            handle.closeFile()
            staged.record(path)
        })
        guard case .internalError(let message)? = run.failure else { return XCTFail("\(String(describing: run.failure)) \(run.log.text)") }
        XCTAssertTrue(message.hasPrefix("the imported catalog does not read back"), message)
        XCTAssertNil(run.result)
        let size = try XCTUnwrap(staged.all.first?.bytes).count
        let lines = try XCTUnwrap(staged.all.first?.bytes).filter { $0 == 0x0A }.count
        XCTAssertEqual(run.log.diagnostics.map(\.description), [
            "\(out):\(lines):1: error: invalid UTF-8 (byte 0xFF at offset \(size - 2)); save the file as UTF-8",
        ])
        // Nothing of the run is left: the old file as it was, no staging folder.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["pieces.txt"])
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "前の版\n")
        XCTAssertEqual(run.log.progressSteps.map(\.phase), ["read"])

        // A folder the run would have made is not left behind either.
        let fresh = TestPaths.temporaryFolder() + "/new-folder"
        let again = importing(table.path, recipe: table.recipe, to: .file(fresh + "/pieces.txt"), afterStaging: { path in
            let handle = FileHandle(forWritingAtPath: path)!
            handle.truncateFile(atOffset: 0)
            handle.closeFile()
        })
        XCTAssertEqual(again.failure, .internalError("the imported catalog does not read back (a bug: please report it with the table)"))
        XCTAssertEqual(again.log.diagnostics.map(\.description), ["\(fresh)/pieces.txt:1:1: error: file is empty"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh))
    }

    func testAWorkbookWithoutMergedCellsStreamsItsRowsToTheSameCatalog() throws {
        let source = TestPaths.fixture("import/stream-sheet.xlsx")
        let recipe = TestPaths.fixture("import/stream-sheet.recipe.yaml")
        let folder = TestPaths.temporaryFolder()
        let run = importing(source, recipe: recipe, to: .file(folder + "/sheet.txt"))
        XCTAssertNil(run.failure, run.log.text)
        let text = try XCTUnwrap(run.result).text
        let digest = try sha256(source)
        XCTAssertTrue(text.contains("source: 取り込み元: stream-sheet.xlsx（シート「チェックシート」、SHA-256 \(digest)）。2026-11-30 取り込み。\n"), text)
        XCTAssertTrue(text.contains("completeness: 表の7行を読み、6行を項目として取り込んだ（ほかに見出し行1行）。階層列の値から見出し項目6件を作成。\n"), text)
        XCTAssertTrue(text.hasSuffix("""
            ---

            # 1 備える
            @id: 1備える

            ## 1.1 決める
            @id: 1備える/1.1決める

            ### 1 | 守る情報の一覧を作っている
            @id: 1
            @level: LV1

            一覧は紙でも表計算でもよい

            ### 2 | 一覧の持ち主を決めている
            @id: 2
            @level: LV2

            ## 1.2 知らせる
            @id: 1備える/1.2知らせる

            ### 3 | 決めたことを全員に伝えている
            @id: 3
            @level: LV1

            朝礼で伝えた日を
            記録に残す

            # 2 守る
            @id: 2守る

            ## 2.1 入口
            @id: 2守る/2.1入口

            ### 4 | 来客の出入りを記録している
            @id: 4
            @level: LV2

            ### 5 | 鍵の貸し出しを記録している
            @id: 5
            @level: LV3

            返した日も書く

            ## 2.2 出口
            @id: 2守る/2.2出口

            ### 6 | 捨てる書類は細かく裁断している
            @id: 6
            @level: LV1

            """), text)
        XCTAssertEqual(run.log.progressSteps.first?.counts.map(\.value), [7])
    }

    func testAStreamedWorkbooksMistakesAreAtTheirCells() throws {
        let source = TestPaths.fixture("bad/import-stream-sheet-mistakes.xlsx")
        let folder = TestPaths.temporaryFolder()
        let run = importing(source, recipe: TestPaths.fixture("import/stream-sheet.recipe.yaml"), to: .file(folder + "/sheet.txt"))
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.diagnostics.map(\.description), [
            "\(source):チェックシート!C4: error: duplicate id '2': first at \(source):チェックシート!C3",
            "\(source):チェックシート!D6: error: empty title cell for id '5'",
            "\(source):チェックシート!F7: error: unknown level 'LV9' (levels: LV1, LV2, LV3)",
        ])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
    }

    /// The file's SHA-256 by the system's own tool.
    func sha256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}
