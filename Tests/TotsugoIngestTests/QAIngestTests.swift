import Foundation
import TestSupport
@testable import TotsugoIngest
import TotsugoCore
import XCTest

/// Issue 13 QA pass, input side: invisible characters before headings, hidden line breaks,
/// control characters written as YAML escapes, mapping id rules, ids quoted as written.
final class QAIngestTests: XCTestCase {
    static let front = "---\nid: t\ntitle: T\nshort-title: S\npublisher: P\nversion: 1\ncompleteness: all\n---\n"

    func textErrors(_ body: String, front: String = QAIngestTests.front, file: StaticString = #filePath, line: UInt = #line) -> [Diagnostic] {
        do {
            let catalog = try CatalogTextParser().parse(InputFile.decode(Array((front + body).utf8), path: "t.txt"))
            XCTFail("expected an error, got items \(catalog.allItems.map(\.id))", file: file, line: line)
            return []
        } catch {
            return error.diagnostics
        }
    }

    func assertError(_ errors: [Diagnostic], line: Int, column: Int, contains words: [String], file: StaticString = #filePath, at sourceLine: UInt = #line) {
        XCTAssertTrue(errors.contains { e in e.location.line == line && e.location.column == column && words.allSatisfy { e.message.contains($0) } },
                      "\(errors)", file: file, line: sourceLine)
    }

    // MARK: 1. A heading is never read as text

    func testHeadingAfterInvisibleOrUnusualSpaceIsAnError() {
        for mark in ["\u{00A0}", "\u{2002}", "\u{2003}", "\u{200B}", "\u{2060}", "\u{00AD}"] {
            let errors = textErrors("# 1 | One\ntext one\n\(mark)# 2 | Two\n")
            assertError(errors, line: 11, column: 2, contains: ["looks like a heading", "headings start at column 1"])
        }
        assertError(textErrors("# 1 | One\n\u{200B}@level: LV1\n"), line: 10, column: 2, contains: ["looks like the attribute '@level'"])
    }

    func testSmallNumberSignHeadingIsAnError() {
        assertError(textErrors("# 1 | One\n\u{FE5F} 2 | Two\n"), line: 10, column: 1, contains: ["small '\u{FE5F}'", "looks like a heading"])
        // Escaped, it is text.
        let catalog = try? CatalogTextParser().parse(InputFile.decode(Array((Self.front + "# 1 | One\n\\\u{FE5F} 2 | Two\n").utf8), path: "t.txt"))
        XCTAssertEqual(catalog?.items.first?.text, "\u{FE5F} 2 | Two")
    }

    func testLoneCarriageReturnAndLineSeparatorsAreRefusedAtTheirPosition() {
        assertError(textErrors("# 1 | One\ntext two\r# 3 | Three\n"), line: 10, column: 9, contains: ["carriage return", "not a line break"])
        assertError(textErrors("# 1 | One\ntext\u{2028}# 3 | Three\n"), line: 10, column: 5, contains: ["U+2028"])
        assertError(textErrors("# 1 | One\ntext\u{2029}# 3 | Three\n"), line: 10, column: 5, contains: ["U+2029"])
        // A whole file with old Mac line ends: the first CR, not only "no front matter".
        let mac = (Self.front + "# 1 | One\n").replacingOccurrences(of: "\n", with: "\r")
        assertError(textErrors("", front: mac), line: 1, column: 4, contains: ["carriage return"])
        // CR LF (and CR CR LF) stay line ends.
        let crlf = (Self.front + "# 1 | One\ntext\n# 2 | Two\n").replacingOccurrences(of: "\n", with: "\r\n")
        XCTAssertEqual(try CatalogTextParser().parse(InputFile.decode(Array(crlf.utf8), path: "t.txt")).items.map(\.id), ["1", "2"])
    }

    // MARK: 2. Lines are read one at a time (same lines as before)

    func testStreamedLinesAreTheLines() {
        for text in ["", "a", "a\n", "a\r\nb", "a\r\r\nb\r", "\n\n", "あ\nい\r\n"] {
            var reader = CatalogTextParser.Lines(Array(text.utf8))
            var lines: [String] = []
            while let line = reader.next() { lines.append(line) }
            XCTAssertEqual(lines, CatalogTextParser.lines(Array(text.utf8)))
            XCTAssertEqual(reader.number, lines.count)
        }
        let catalog = try? CatalogTextParser().parse(InputFile.decode(Array((Self.front + "# 1 | One\n\nline a\n\nline b\n\n## 1 | Sub\n").utf8), path: "t.txt"))
        XCTAssertEqual(catalog?.items.first?.text, "line a\n\nline b")
    }

    // MARK: 3. Control characters written as YAML escapes

    static let header = "mapping:\n  id: m\n  source: s\n  targets: [t]\n"

    func mappingErrors(_ text: String) -> [Diagnostic] {
        do {
            _ = try MappingYAMLParser().parse(InputFile.decode(Array(text.utf8), path: "m.yaml"))
            return []
        } catch {
            return error.diagnostics
        }
    }

    func testEscapedControlCharactersAreRefusedAtTheScalar() {
        for (escape, code) in [("\\u001b", "U+001B"), ("\\u0000", "U+0000"), ("\\u0007", "U+0007"), ("\\u007f", "U+007F"),
                               ("\\u0085", "U+0085"), ("\\u009b", "U+009B"), ("\\e", "U+001B")] {
            let yaml = Self.header + "entries:\n  - item: \"1\"\n    targets: []\n    proposal: \"a\(escape)b\"\n"
            assertError(mappingErrors(yaml), line: 8, column: 15, contains: ["control character \(code)"])
            let note = Self.header + "entries:\n  - item: \"1\"\n    targets:\n      - ref: t:1\n        relationship: equal\n        note: \"x\(escape)\"\n"
            assertError(mappingErrors(note), line: 10, column: 15, contains: [code])
        }
        let title = "mapping:\n  id: m\n  title: \"T\\u001b[31m\"\n  source: s\n  targets: [t]\nentries: []\n"
        assertError(mappingErrors(title), line: 3, column: 10, contains: ["U+001B"])
    }

    func testRawControlByteInYAMLIsPlacedAtItsLine() {
        let yaml = "mapping:\n  id: m\n  title: ab\u{07}c\n  source: s\n  targets: [t]\nentries: []\n"
        let errors = mappingErrors(yaml)
        XCTAssertEqual(errors.count, 1, "\(errors)")
        XCTAssertEqual(errors.first?.location.line, 3, "\(errors)")
        XCTAssertEqual(errors.first?.location.column, 12, "\(errors)")
    }

    // MARK: 5. Mapping id rules

    func testWindowsDeviceNamesFormatCharactersNELAndDotsAreRefused() {
        for id in ["con", "CON", "Prn", "aux", "nul", "com1", "COM9", "lpt1", "Lpt9", "con.txt", "NUL.csv"] {
            XCTAssertNotNil(Mapping.fileNameProblem(Normalization.key(id), written: id), id)
        }
        XCTAssertTrue(Mapping.fileNameProblem("con")?.contains("device name") == true)
        for id in ["com10", "console", "lpt", "auxiliary"] { XCTAssertNil(Mapping.fileNameProblem(id), id) }
        for (written, code) in [("a\u{202E}b", "U+202E"), ("a\u{200B}b", "U+200B"), ("a\u{85}b", "U+0085"), ("\u{FEFF}ab", "U+FEFF")] {
            let problem = Mapping.fileNameProblem(Normalization.key(written), written: written)
            XCTAssertTrue(problem?.contains(code) == true, "\(written.debugDescription): \(problem ?? "nil")")
        }
        XCTAssertTrue(Mapping.fileNameProblem("m.regulation")?.contains("'regulation' of mapping 'm'") == true)
        // Through the reader, at the id's position.
        for (id, word) in [("\"a\\u202Eb\"", "U+202E"), ("\"a\\u0085b\"", "U+0085"), ("m.regulation", "'.'"), ("LPT3", "device name")] {
            let yaml = "mapping:\n  id: \(id)\n  source: s\n  targets: [t]\nentries: []\n"
            let errors = mappingErrors(yaml)
            XCTAssertEqual(errors.count, 1, "\(errors)")
            assertError(errors, line: 2, column: 7, contains: [word])
        }
    }

    func write(_ files: [String: String]) throws -> String {
        let folder = TestPaths.temporaryFolder()
        for (name, text) in files {
            try FileManager.default.createDirectory(atPath: ((folder + "/" + name) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: folder + "/" + name, atomically: false, encoding: .utf8)
        }
        return folder
    }

    func testMappingIDsDifferingOnlyInCaseCollide() throws {
        for (first, second) in [("Äx", "äx"), ("Бx", "бx")] {
            let folder = try write(["a.yaml": "mapping:\n  id: \(first)\n  source: s\n  targets: [t]\nentries: []\n",
                                    "b.yaml": "mapping:\n  id: \(second)\n  source: s\n  targets: [t]\nentries: []\n"])
            let result = InputLoader().load([folder])
            XCTAssertEqual(result.diagnostics.count, 1, "\(result.diagnostics)")
            let error = result.diagnostics.first
            XCTAssertEqual(error?.location.file, folder + "/b.yaml")
            XCTAssertEqual(error?.location.line, 2)
            XCTAssertEqual(error?.location.column, 7)
            XCTAssertTrue(error?.message.contains("'\(second)' differs from '\(first)'") == true, "\(result.diagnostics)")
            XCTAssertTrue(error?.message.contains("only in letter case") == true)
        }
    }

    // MARK: 6. Duplicates quoted as written, at the id's position

    func testDuplicateIDsAreQuotedAsWrittenAtTheirPosition() throws {
        let folder = try write(["a.yaml": "mapping:\n  id: ab\n  source: s\n  targets: [t]\nentries: []\n",
                                "b.yaml": "# second\nmapping:\n  title: x\n  id: ＡＢ\n  source: s\n  targets: [t]\nentries: []\n",
                                "c.txt": Self.front + "# 1 | One\n",
                                "d.txt": Self.front.replacingOccurrences(of: "id: t", with: "id:  Ｔ") + "# 1 | One\n"])
        let result = InputLoader().load([folder])
        assertError(result.diagnostics, line: 4, column: 7, contains: ["duplicate mapping id 'ＡＢ' (read as 'ab')", "'ab' at \(folder)/a.yaml:2:7"])
        XCTAssertEqual(result.diagnostics.first { $0.message.contains("mapping id") }?.location.file, folder + "/b.yaml")
        assertError(result.diagnostics, line: 2, column: 4, contains: ["duplicate catalog id 'Ｔ' (read as 't')", "'t' at \(folder)/c.txt:2:4"])
        assertError(textErrors("# ab | One\n# ＡＢ | Two\n"), line: 10, column: 1, contains: ["duplicate item id 'ＡＢ' (read as 'ab')"])
        assertError(textErrors("# 1 | One\n@id: x\n# 2 | Two\n@id: Ｘ\n"), line: 11, column: 1, contains: ["duplicate item id 'Ｘ' (read as 'x')"])
    }

    func testRepeatedTargetCatalogIsAnErrorAtTheRepeat() {
        let yaml = "mapping:\n  id: m\n  source: s\n  targets: [tgt, TGT, ｔｇｔ]\nentries: []\n"
        let errors = mappingErrors(yaml)
        XCTAssertEqual(errors.count, 2, "\(errors)")
        assertError(errors, line: 4, column: 18, contains: ["target catalog 'TGT' (read as 'tgt') is listed twice", "'tgt'"])
        assertError(errors, line: 4, column: 23, contains: ["'ｔｇｔ' (read as 'tgt') is listed twice"])
    }
}
