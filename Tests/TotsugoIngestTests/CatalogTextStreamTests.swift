import Foundation
import TotsugoCore
@testable import TotsugoIngest
import XCTest

/// A text catalog is read from its file a piece at a time (issue 19): the catalog and every
/// diagnostic (text, order, file:line:col) are those of parsing the whole file in memory.
final class CatalogTextStreamTests: XCTestCase {
    static let front = "---\nid: t\ntitle: T\nshort-title: S\npublisher: P\nversion: 1\ncompleteness: all\n---\n"

    /// What a read gave: the catalog, or the failure (kind and diagnostics).
    enum Outcome: Equatable, CustomStringConvertible {
        case catalog(Catalog)
        case failed(String, [Diagnostic])

        var description: String {
            switch self {
            case .catalog(let catalog): return "catalog \(catalog.id) with \(catalog.allItems.count) items"
            case .failed(let kind, let diagnostics): return "\(kind): " + diagnostics.map(\.description).joined(separator: "\n")
            }
        }

        var diagnostics: [Diagnostic] {
            if case .failed(_, let diagnostics) = self { return diagnostics }
            return []
        }
    }

    static func outcome(_ read: () throws(DiagnosticError) -> Catalog) -> Outcome {
        do throws(DiagnosticError) { return .catalog(try read()) } catch { return .failed("\(error.kind)", error.diagnostics) }
    }

    /// The file read whole, as before: `InputFile.read` then `parse`.
    static func whole(_ path: String, sizeLimit: Int = InputFile.defaultSizeLimit) -> Outcome {
        outcome { () throws(DiagnosticError) in try CatalogTextParser().parse(try InputFile.read(path, sizeLimit: sizeLimit)) }
    }

    static func streamed(_ path: String, pieceBytes: Int, sizeLimit: Int = InputFile.defaultSizeLimit) -> Outcome {
        outcome { () throws(DiagnosticError) in try CatalogTextParser().read(path: path, sizeLimit: sizeLimit, pieceBytes: pieceBytes) }
    }

    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "catalog-text-stream-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func write(_ bytes: [UInt8], _ name: String = "t.txt") -> String {
        let path = folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    func assertSame(_ path: String, pieces: [Int] = [1, 2, 3, 7, 64, 4096, LinePieces.defaultPieceBytes],
                    sizeLimit: Int = InputFile.defaultSizeLimit, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let expected = Self.whole(path, sizeLimit: sizeLimit)
        for size in pieces {
            let got = Self.streamed(path, pieceBytes: size, sizeLimit: sizeLimit)
            XCTAssertEqual(got, expected, "\(what), pieces of \(size) bytes", file: file, line: line)
        }
    }

    /// Hostile texts, each crossing piece boundaries with tiny pieces.
    static var hostile: [(String, [UInt8])] {
        let body = "# 1 | 一\n本文です。\n## 1 | 二\n@level: 1\n本文\n"
        let u = { (s: String) in Array(s.utf8) }
        var many = front + "# 1 | One\n"
        for i in 0..<250 { many += "line \(i) \u{1B} and \u{85}\r\u{2028}x\n" }
        return [
            ("valid", u(front + body)),
            ("no final newline", u(front + "# 1 | One\ntext")),
            ("CR LF", u((front + body).replacingOccurrences(of: "\n", with: "\r\n"))),
            ("CR CR LF and CR at the end", u((front + body).replacingOccurrences(of: "\n", with: "\r\r\n") + "\r")),
            ("BOM", [0xEF, 0xBB, 0xBF] + u(front + body)),
            ("BOM only", [0xEF, 0xBB, 0xBF]),
            ("empty", []),
            ("whitespace only", u("  \n\r\n\t\n")),
            ("BOM and whitespace", [0xEF, 0xBB, 0xBF] + u(" \n")),
            ("invalid UTF-8 early", u(front + "# 1 | あ") + [0xFF] + u("\n")),
            ("invalid UTF-8 after a BOM", [0xEF, 0xBB, 0xBF] + u("---\nid: あい") + [0xC3, 0x28] + u("\n")),
            ("truncated sequence at the end", u(front + "# 1 | x\nあ") + [0xE3, 0x81]),
            ("truncated sequence before LF", u(front + "# 1 | x\nあ") + [0xE3, 0x81] + u("\nmore\n")),
            ("control characters", u(front + "# 1 | One\ntext \u{1B} here\n\u{7F}\n\u{85}x\n")),
            ("U+2028 and U+2029", u(front + "# 1 | One\ntext\u{2028}# 2 | Two\nx\u{2029}y\n")),
            ("lone CR", u(front + "# 1 | One\ntext\r# 2 | Two\n")),
            ("lone CR in front matter", u("---\nid: t\rtitle: T\n---\n")),
            ("no front matter, hidden breaks", u("text\r# 1 | x\n\u{2028}\n")),
            ("front matter not closed", u("---\nid: t\n\u{1B}\n")),
            ("more control characters and breaks than the cap", u(many)),
            ("long line", u(front + "# 1 | One\n" + String(repeating: "長い行", count: 500) + "\n\u{1B}" + String(repeating: "x", count: 300))),
            ("errors in items", u(front + "# 1 | One\n### 3 | skipped\n@bogus: 1\n  # 4 | indented\n#no space\n")),
        ]
    }

    func testHostileInputsGiveTheSameDiagnostics() {
        for (what, bytes) in Self.hostile {
            let path = write(bytes)
            assertSame(path, what)
        }
    }

    func testDiagnosticsAreAtTheirPlaces() {
        // Content checks: the comparison above would pass if both paths were wrong alike.
        let hostile = Dictionary(uniqueKeysWithValues: Self.hostile)
        let invalid = Self.streamed(write(hostile["invalid UTF-8 after a BOM"]!), pieceBytes: 3).diagnostics
        XCTAssertEqual(invalid.map(\.description), ["t.txt:2:7: error: invalid UTF-8 (byte 0xC3 at offset 14); save the file as UTF-8"].map { folder + "/" + $0 })
        let empty = Self.streamed(write(hostile["BOM and whitespace"]!), pieceBytes: 1).diagnostics
        XCTAssertEqual(empty.map(\.message), ["file is empty"])
        let breaks = Self.streamed(write(hostile["U+2028 and U+2029"]!), pieceBytes: 7).diagnostics
        XCTAssertEqual(breaks.map { "\($0.location.line):\($0.location.column)" }, ["10:5", "11:2"])
        XCTAssertTrue(breaks[0].message.hasPrefix("U+2028 LINE SEPARATOR is not a line break"), breaks[0].message)
        let controls = Self.streamed(write(hostile["control characters"]!), pieceBytes: 2).diagnostics
        XCTAssertEqual(controls.map { "\($0.location.line):\($0.location.column) \($0.message.prefix(30))" },
                       ["10:6 control character U+001B (ESC)", "11:1 control character U+007F (DEL)", "12:1 control character U+0085 (NEL)"])
        let capped = Self.streamed(write(hostile["more control characters and breaks than the cap"]!), pieceBytes: 7).diagnostics
        // Each check stops at the cap; the parse then stops at its first line with "too many errors".
        XCTAssertEqual(capped.filter { $0.message.hasPrefix("control character") }.count, InputLimits.maxDiagnosticsPerFile)
        XCTAssertEqual(capped.filter { $0.message.contains("is not a line break") }.count, InputLimits.maxDiagnosticsPerFile)
        XCTAssertEqual(capped.count, 2 * InputLimits.maxDiagnosticsPerFile + 1)
        XCTAssertTrue(capped.last!.message.hasPrefix("too many errors"), capped.last!.message)
    }

    /// A bad byte after the first piece of 1 MiB: found by the first pass, at its line and
    /// column, with its offset in the file; nothing parsed before it is given.
    func testInvalidUTF8AfterTheFirstMebibyte() {
        var text = Self.front + "# 1 | One\n"
        while text.utf8.count < LinePieces.defaultPieceBytes + 100_000 { text += "あいうえお text line\n" }
        let line = text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let prefix = Array((text + "前置き").utf8)
        let path = write(prefix + [0xFF] + Array(" tail\nmore\n".utf8))
        let expected = "\(path):\(line):4: error: invalid UTF-8 (byte 0xFF at offset \(prefix.count)); save the file as UTF-8"
        XCTAssertEqual(Self.streamed(path, pieceBytes: LinePieces.defaultPieceBytes).diagnostics.map(\.description), [expected])
        assertSame(path, pieces: [4096, LinePieces.defaultPieceBytes], "late invalid UTF-8")
        // The same file without the bad byte reads (the later pieces parse too).
        let good = write(prefix + Array(" tail\n# 2 | Two\n".utf8), "good.txt")
        guard case .catalog(let catalog) = Self.streamed(good, pieceBytes: LinePieces.defaultPieceBytes) else { return XCTFail("not read") }
        XCTAssertEqual(catalog.allItems.map(\.id), ["1", "2"])
        assertSame(good, pieces: [4096, LinePieces.defaultPieceBytes], "over a mebibyte")
    }

    /// A line longer than a piece makes the piece longer; its errors keep their columns.
    func testLineLongerThanAPiece() {
        let long = String(repeating: "漢字とかな", count: 300_000)  // 4.5 MB on one line
        let path = write(Array((Self.front + "# 1 | One\n" + long + "\u{1B}\n" + long + "\r# 2 | Two").utf8))
        let got = Self.streamed(path, pieceBytes: LinePieces.defaultPieceBytes)
        XCTAssertEqual(got.diagnostics.map { "\($0.location.line):\($0.location.column)" }, ["10:1500001", "11:1500001"])
        assertSame(path, pieces: [LinePieces.defaultPieceBytes], "long lines")
    }

    func testFilesThatAreNotRead() throws {
        // Over the size limit (by its size, before reading).
        let big = write(Array((Self.front + "# 1 | One\n").utf8))
        assertSame(big, pieces: [7], sizeLimit: 50, "over the limit")
        XCTAssertTrue(Self.streamed(big, pieceBytes: 7, sizeLimit: 50).diagnostics.first?.message.hasPrefix("file is larger than the input limit of 50 bytes") == true)
        // A FIFO is refused without waiting for a writer; a folder; a missing file.
        let fifo = folder + "/pipe.txt"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        assertSame(fifo, pieces: [7], "FIFO")
        XCTAssertTrue(Self.streamed(fifo, pieceBytes: 7).diagnostics.first?.message.contains("FIFO") == true)
        let dir = folder + "/dir.txt"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        assertSame(dir, pieces: [7], "folder")
        assertSame(folder + "/missing.txt", pieces: [7], "missing")
        XCTAssertEqual(Self.streamed(folder + "/missing.txt", pieceBytes: 7), .failed("missingInput", [.error(SourceLocation(file: folder + "/missing.txt"), "no such file")]))
    }

    /// The shipped catalogs and every text catalog among the fixtures, through tiny pieces too.
    func testShippedAndFixtureCatalogs() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        var paths: [String] = []
        for base in ["Catalogs", "Tests/Fixtures"] {
            let enumerator = FileManager.default.enumerator(atPath: root + "/" + base)
            while let relative = enumerator?.nextObject() as? String {
                if relative.hasSuffix(".txt") { paths.append(root + "/" + base + "/" + relative) }
            }
        }
        XCTAssertGreaterThan(paths.count, 20)
        var read = 0
        for path in paths.sorted() {
            assertSame(path, pieces: [7, LinePieces.defaultPieceBytes], path)
            if case .catalog = Self.whole(path) { read += 1 }
        }
        XCTAssertGreaterThanOrEqual(read, 7, "the shipped catalogs read")
    }

    /// `InputLoader` reads `.txt` catalogs through the streamed path, with the same result.
    func testLoaderStreamsTextCatalogs() throws {
        XCTAssertNotNil(InputReaders.streamingReader(for: "Catalogs/x.txt"), "the loader streams .txt catalogs")
        XCTAssertNotNil(InputReaders.streamingReader(for: "Catalogs/x.TXT"))
        XCTAssertNil(InputReaders.streamingReader(for: "Catalogs/x.xml"), ".xml may be OSCAL: its bytes decide first")
        XCTAssertNil(InputReaders.streamingReader(for: "Mappings/m.yaml"))
        XCTAssertNil(InputReaders.streamingReader(for: "x.json"))
        for (index, (what, bytes)) in Self.hostile.enumerated() {
            let sub = folder + "/\(index)"
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
            let path = write(bytes, "\(index)/c.txt")
            let expected = Self.whole(path)
            let loaded = InputLoader().load([sub])
            XCTAssertEqual(loaded.diagnostics, expected.diagnostics, what)
            if case .catalog(let catalog) = expected { XCTAssertEqual(loaded.catalogs, [catalog], what) } else { XCTAssertEqual(loaded.catalogs, [], what) }
        }
    }

    /// A file saved over between the check and the parse is refused, not decoded loosely.
    func testFileChangedBetweenThePasses() throws {
        let path = write(Array((Self.front + "# 1 | One\n").utf8))
        var lines = CatalogTextParser.PieceLines(pieces: try LinePieces(path: path, sizeLimit: 1000, pieceBytes: 7))
        defer { lines.pieces.closeFile() }
        lines.expectedBytes = 10  // what the first pass would have read
        XCTAssertThrowsError(try { () throws(DiagnosticError) in while try lines.next() != nil {} }()) { error in
            XCTAssertEqual((error as? DiagnosticError)?.diagnostics.first?.message, "the file changed while it was read; read it again")
        }
    }
}
