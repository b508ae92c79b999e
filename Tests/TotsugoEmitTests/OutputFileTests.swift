import Foundation
import TestSupport
@testable import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import XCTest

final class OutputFileTests: XCTestCase {
    /// A new path in a folder of its own (OutputFile never opens an existing file).
    func temporaryPath(_ name: String) -> String { TestPaths.temporaryFolder() + "/" + name }

    /// Pieces that cross the 1 MiB flush point several times arrive whole and in order.
    func testStreamWritesEveryPieceInOrder() throws {
        let path = temporaryPath("stream.bin")
        var expected: [UInt8] = []
        var file = try OutputFile(path: path)
        try file.stream { buffer, pieceWritten in
            for index in 0..<40_000 {
                let piece = Array("row \(index) 突合表\n".utf8) + Array(repeating: UInt8(index % 251), count: index % 97)
                buffer += piece
                expected += piece
                try pieceWritten(&buffer)
                XCTAssertLessThan(buffer.count, OutputFile.chunkSize + 200, "the buffer is flushed once full")
            }
        }
        try file.close()
        XCTAssertGreaterThan(expected.count, 2 * OutputFile.chunkSize)
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: path))), expected)
    }

    /// The streamed CSV and Markdown are the same bytes as the in-memory ones (goldens).
    func testStreamedTablesEqualRendered() throws {
        let result = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        let resolved = try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
        let table = CrossReferenceTable(resolved), coverage = Coverage(resolved)

        let csvPath = temporaryPath("table.csv")
        var csv = try OutputFile(path: csvPath)
        try CSVEmitter().write(table, to: &csv)
        try csv.close()
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: csvPath))), CSVEmitter().render(table))

        let mdPath = temporaryPath("table.md")
        var md = try OutputFile(path: mdPath)
        try MarkdownEmitter().write(table, resolved: resolved, coverage: coverage, to: &md)
        try md.close()
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: mdPath))),
                       MarkdownEmitter().render(table, resolved: resolved, coverage: coverage))
    }

    func testCreateFailureNamesThePath() {
        do {
            _ = try OutputFile(path: "/nonexistent-folder/x.csv")
            XCTFail("created a file in a missing folder")
        } catch {
            XCTAssertTrue("\(error)".contains("/nonexistent-folder/x.csv: cannot write: cannot create"), "\(error)")
        }
    }
}
