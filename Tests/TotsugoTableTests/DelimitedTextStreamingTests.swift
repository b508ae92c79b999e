import Foundation
import TestSupport
import TotsugoCore
import TotsugoTable
import XCTest

/// `DelimitedText.forEachRow`: the rows, positions and diagnostics of `read`, with the file read
/// a piece at a time (pieces of a few bytes here, so that every boundary case comes up).
final class DelimitedTextStreamingTests: XCTestCase {
    // MARK: - Helpers

    private func file(_ bytes: [UInt8], name: String = "t.csv") -> String {
        let path = TestPaths.temporaryFolder() + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    private func positions(_ rows: [Table.Row]) -> [String] {
        rows.map { row in "\(row.number): " + zip(row.cells, row.starts).map { "\($0.1.line):\($0.1.column)=\($0.0)" }.joined(separator: " | ") }
    }

    /// The rows `forEachRow` gives in pieces of `pieceBytes`, with what it returned and every byte
    /// it passed on.
    private func streamed(_ path: String, pieceBytes: Int, _ options: DelimitedText.Options = .init())
        throws -> (rows: [Table.Row], reading: DelimitedTableReading, bytes: [UInt8]) {
        var rows: [Table.Row] = []
        var seen: [UInt8] = []
        let reading = try DelimitedText.forEachRow(path, options: options, pieceBytes: pieceBytes,
                                                   bytes: { seen += $0 }, { rows.append($0) })
        return (rows, reading, seen)
    }

    /// The diagnostic a call throws, as printed.
    private func failure(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch let error as DiagnosticError {
            return error.diagnostics.map(\.description).joined(separator: "\n")
        } catch {
            return "\(error)"
        }
    }

    /// Feeds `text` to a row stream in the given pieces (split anywhere, not only after LF).
    private func rows(_ text: [UInt8], pieces cuts: [Int], file: String = "s.csv") throws -> [Table.Row] {
        var stream = DelimitedText.RowStream(file: file, encoding: .utf8, options: .init())
        var rows: [Table.Row] = []
        var from = 0
        for cut in cuts + [text.count] where cut >= from {
            try stream.take(text[from..<cut], final: false) { rows.append($0) }
            from = cut
        }
        _ = try stream.finish { rows.append($0) }
        return rows
    }

    // A table with what splits badly: CR LF and lone CR line ends, a quoted cell over three
    // lines, doubled quotes (one pair at a cell's end), a comma inside quotes, kana and kanji.
    private let tricky = Array(("No.,項目,説明\r\n" + "1,\"社内規程の\r\n見直し\r\n年1回\",\"引用 \"\"要点\"\"\"\r\n"
        + "2,点検,\"a,b\"\r" + "3,,末尾\n" + "4,\"\"\"\",最後").utf8)

    // MARK: - Pieces split anywhere

    func testEverySplitOfTheTextGivesTheRowsOfTheWholeText() throws {
        let whole = try DelimitedText.parse(tricky, file: "s.csv").table.rows
        XCTAssertEqual(whole.count, 5)
        XCTAssertEqual(whole[1].cells, ["1", "社内規程の\n見直し\n年1回", "引用 \"要点\""])
        for cut in 0...tricky.count {
            XCTAssertEqual(positions(try rows(tricky, pieces: [cut])), positions(whole), "split at byte \(cut)")
        }
        XCTAssertEqual(positions(try rows(tricky, pieces: Array(1..<tricky.count))), positions(whole), "one byte a piece")
    }

    func testCRLFSplitBetweenItsTwoBytesEndsOneRow() throws {
        let text = Array("a,b\r\nc,d\r\n".utf8)
        let rows = try rows(text, pieces: [4])  // the piece ends with the CR
        XCTAssertEqual(rows.map(\.cells), [["a", "b"], ["c", "d"]])
        XCTAssertEqual(rows.map(\.number), [1, 2])
    }

    func testAQuoteAtAPieceEndThatIsTheFirstOfTwo() throws {
        let text = Array("\"x\"\"y\",z\n".utf8)
        let rows = try rows(text, pieces: [3])
        XCTAssertEqual(rows.map(\.cells), [["x\"y", "z"]])
    }

    // MARK: - Files read in pieces

    func testMultiLineQuotedCellAcrossPiecesKeepsItsLinesAndTheNextRowsPositions() throws {
        let text = "No.,説明\r\n1,\"一行目\r\n二行目\r\n三行目\"\r\n2,次の行\r\n"
        let path = file(Array(text.utf8))
        let whole = try DelimitedText.read(path)
        for pieceBytes in [1, 2, 3, 5, 8, 13, 64] {
            let run = try streamed(path, pieceBytes: pieceBytes)
            XCTAssertEqual(positions(run.rows), positions(whole.table.rows), "pieces of \(pieceBytes)")
            XCTAssertEqual(run.rows[2].number, 5)
            XCTAssertEqual(run.rows[2].starts.map(\.column), [1, 3])
        }
    }

    func testCP932TwoByteCharactersCutByTheReadsDecodeWhole() throws {
        // 表 is 0x95 0x5C in CP932: its trail byte is a backslash in ASCII; ① is 0x87 0x40.
        let line: [UInt8] = [0x31, 0x2C, 0x95, 0x5C, 0x87, 0x40, 0x82, 0xA0, 0x0D, 0x0A]  // 1,表①あ CR LF
        let bytes = [0x4E, 0x6F, 0x2C, 0x8D, 0x80, 0x96, 0xDA, 0x0D, 0x0A] + Array([[UInt8]](repeating: line, count: 5).joined())  // No,項目
        let path = file(bytes)
        let whole = try DelimitedText.read(path)
        XCTAssertEqual(whole.encoding, .cp932)
        XCTAssertEqual(whole.table.rows[1].cells, ["1", "表①あ"])
        for pieceBytes in 1...11 {
            let run = try streamed(path, pieceBytes: pieceBytes)
            XCTAssertEqual(run.reading.encoding, .cp932)
            XCTAssertEqual(positions(run.rows), positions(whole.table.rows), "pieces of \(pieceBytes)")
            XCTAssertEqual(run.bytes, bytes, "every byte passed on once, in order")
        }
    }

    func testByteOrderMarkCutByTheReadsIsDroppedAndReported() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("No.,項目\r\n1,点検\r\n".utf8)
        let path = file(bytes)
        for pieceBytes in [1, 2, 4, 100] {
            let run = try streamed(path, pieceBytes: pieceBytes)
            XCTAssertEqual(run.reading.encoding, .utf8)
            XCTAssertTrue(run.reading.byteOrderMark)
            XCTAssertEqual(run.reading.delimiter, .comma)
            XCTAssertEqual(run.reading.rows, 2)
            XCTAssertEqual(run.rows.map(\.cells), [["No.", "項目"], ["1", "点検"]])
            XCTAssertEqual(run.rows[0].starts.map(\.column), [1, 5], "the mark is not a character of the first line")
            XCTAssertEqual(run.bytes, bytes)
        }
    }

    func testTabDetectedFromAFirstRowLongerThanAPiece() throws {
        let path = file(Array("番号\t\"項目\n(二行)\"\t説明\n1\t2\t3\n".utf8), name: "t.txt")
        let run = try streamed(path, pieceBytes: 3)
        XCTAssertEqual(run.reading.delimiter, .tab)
        XCTAssertEqual(run.rows.map(\.cells), [["番号", "項目\n(二行)", "説明"], ["1", "2", "3"]])
    }

    // MARK: - Diagnostics where `read` gives them

    func testDiagnosticsInTheMiddleAndAtTheEndAreThoseOfTheWholeRead() throws {
        var lines = ["No.,項目"]
        for n in 1...40 { lines.append("\(n),項目\(n)") }
        let middle = lines + ["41,\"閉じた\"後ろ", "42,x"]
        let end = lines + ["41,\"閉じない"]
        let tooMany = lines + ["41,a,b,c,d"]
        for (name, text, options) in [("middle.csv", middle, DelimitedText.Options()), ("end.csv", end, .init()),
                                      ("cells.csv", tooMany, .init(maxCells: 85))] {
            let path = file(Array(text.joined(separator: "\r\n").utf8), name: name)
            let expected = failure { _ = try DelimitedText.read(path, options: options) }
            XCTAssertTrue(expected.contains(": error: "), expected)
            for pieceBytes in [7, 64, 1 << 20] {
                XCTAssertEqual(failure { _ = try streamed(path, pieceBytes: pieceBytes, options) }, expected, "\(name), pieces of \(pieceBytes)")
            }
        }
        let missing = TestPaths.temporaryFolder() + "/none.csv"
        let notThere = failure { _ = try streamed(missing, pieceBytes: 7) }
        XCTAssertEqual(notThere, failure { _ = try DelimitedText.read(missing) })
        XCTAssertTrue(notThere.contains("no such file"), notThere)
    }

    func testABadByteAtTheEndIsReportedBeforeAnyRow() throws {
        // Valid UTF-8 and CP932 up to the last line; 0xFF is neither.
        var bytes = Array("No.,項目\n".utf8)
        for n in 1...30 { bytes += Array("\(n),点検\n".utf8) }
        bytes += [0x33, 0x31, 0x2C, 0xFF, 0x0A]
        let path = file(bytes)
        let expected = failure { _ = try DelimitedText.read(path) }
        XCTAssertTrue(expected.contains("neither UTF-8 nor CP932"), expected)
        var given = 0
        let streamedFailure = failure {
            _ = try DelimitedText.forEachRow(path, options: .init(), pieceBytes: 16, bytes: { _ in }, { _ in given += 1 })
        }
        XCTAssertEqual(streamedFailure, expected)
        XCTAssertEqual(given, 0, "no row is given before the whole file is known to decode")
        // Forced encodings, and a NUL.
        XCTAssertEqual(failure { _ = try streamed(path, pieceBytes: 16, .init(encoding: .utf8)) },
                       failure { _ = try DelimitedText.read(path, options: .init(encoding: .utf8)) })
        let nul = file(Array("a,b\nc,\0\n".utf8), name: "nul.csv")
        XCTAssertEqual(failure { _ = try streamed(nul, pieceBytes: 4) }, failure { _ = try DelimitedText.read(nul) })
    }

    func testEmptyFileAndUTF16AreReadAsBefore() throws {
        let empty = file([], name: "empty.csv")
        XCTAssertEqual(failure { _ = try streamed(empty, pieceBytes: 4) }, failure { _ = try DelimitedText.read(empty) })
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("a\tb\n1\t2\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let path = file(utf16, name: "u.txt")
        let run = try streamed(path, pieceBytes: 3)
        XCTAssertEqual(run.reading.encoding, .utf16LE)
        XCTAssertEqual(run.rows.map(\.cells), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(run.bytes, utf16)
    }
}
