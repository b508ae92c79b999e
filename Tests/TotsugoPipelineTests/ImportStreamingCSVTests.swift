import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoPipeline
import XCTest

/// `import catalog` of a CSV larger than one piece of the streamed read (1 MiB): the rows go to
/// the importer as they are read, and what it reports and writes is what it was when the table
/// was read whole (diagnostics at the same `file:line:col`, the SHA-256 of the file's bytes).
final class ImportStreamingCSVTests: XCTestCase {
    static let rows = 20_000

    /// A check sheet of `rows` data rows in UTF-8 with a byte order mark and CR LF, each with a
    /// two-line quoted 説明 (so data row n starts on line 2n); `edit` changes rows by number.
    func sheet(_ edit: (Int, inout [String]) -> Void = { _, _ in }) -> (path: String, recipe: String, bytes: [UInt8]) {
        let folder = TestPaths.temporaryFolder()
        var text = "No.,要求事項,説明\r\n"
        for n in 1...Self.rows {
            var cells = ["\(n)", "点検の項目その\(n)", "\"記録を残すこと（\(n)）\r\n年に一度は見直す\""]
            edit(n, &cells)
            text += cells.joined(separator: ",") + "\r\n"
        }
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        XCTAssertGreaterThan(bytes.count, 1 << 20, "more than one piece")
        let path = folder + "/streamed.csv"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let recipe = folder + "/streamed.recipe.yaml"
        try? """
        id: streamed-sheet
        title: 流し読みの試験用チェックシート
        publisher: 試験用の団体（架空）
        version: 1
        id-column: No.
        title-column: 要求事項
        text-column: 説明

        """.write(toFile: recipe, atomically: true, encoding: .utf8)
        return (path, recipe, bytes)
    }

    func importing(_ path: String, recipe: String) -> (result: Pipeline.ImportedCatalog?, failure: CommandFailure?, log: DiagnosticLog) {
        let log = DiagnosticLog()
        let out = TestPaths.temporaryFolder() + "/imported.txt"
        var result: Pipeline.ImportedCatalog?
        let failure = failure { () throws(CommandFailure) in
            result = try Pipeline.importCatalog(Pipeline.ImportCatalogRequest(source: path, recipe: recipe,
                                                                              destination: .file(out), date: "2026-11-30"), diagnostics: log)
        }
        return (result, failure, log)
    }

    func testDiagnosticsInTheMiddleAndAtTheEndKeepTheirLineAndColumn() throws {
        let table = sheet { n, cells in
            if n == 12_345 { cells[0] = "7" }        // a duplicate, 1 MiB and more into the file
            if n == Self.rows { cells[1] = "" }      // an empty title on the last row
        }
        let run = importing(table.path, recipe: table.recipe)
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertNil(run.result)
        XCTAssertEqual(run.log.diagnostics.map(\.description), [
            "\(table.path):24690:1: error: duplicate id '7': first at \(table.path):14:1",
            "\(table.path):40000:7: error: empty title cell for id '20000'",
        ])
    }

    func testAQuoteNeverClosedAtTheEndIsTheOnlyDiagnostic() throws {
        // The importer has taken the rows before it; their (here none) diagnostics go with them.
        var table = sheet { n, cells in if n == 3 { cells[0] = "1" } }
        table.bytes += Array("20001,最後,\"閉じていない\r\n".utf8)
        _ = FileManager.default.createFile(atPath: table.path, contents: Data(table.bytes))
        let run = importing(table.path, recipe: table.recipe)
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.diagnostics.map(\.description), [
            "\(table.path):40002:10: error: this quoted cell is never closed: no closing quote (\") before the end of the file; a quote inside a quoted cell is written as two quotes (\"\")",
        ])
    }

    func testProvenanceHasTheSHA256OfTheFileBytesAndEveryRowIsCounted() throws {
        let table = sheet()
        let run = importing(table.path, recipe: table.recipe)
        XCTAssertNil(run.failure, run.log.text)
        let text = try XCTUnwrap(run.result).text
        let digest = try sha256(table.path)
        XCTAssertTrue(text.contains("source: 取り込み元: streamed.csv（UTF-8、SHA-256 \(digest)）。2026-11-30 取り込み。\n"),
                      String(text.prefix(600)))
        XCTAssertTrue(text.contains("completeness: 表の20001行を読み、20000行を項目として取り込んだ（ほかに見出し行1行）。\n"))
        XCTAssertTrue(text.contains("\n# 20000 | 点検の項目その20000\n@id: 20000\n\n記録を残すこと（20000）\n年に一度は見直す\n"))
        XCTAssertEqual(run.log.progressSteps.first.map { "\($0.counts.map(\.value))" }, "[20001]")
    }

    /// The file's SHA-256 by the system's own tool (not by the code under test).
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
