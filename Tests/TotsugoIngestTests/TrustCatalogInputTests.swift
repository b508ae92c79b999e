import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import XCTest

/// Issue 13 ("Trust"), catalog inputs and the loader: nothing read is dropped silently,
/// hostile files fail clearly, and work stays linear in the input.
final class TrustCatalogInputTests: XCTestCase {
    static let xmlHead = """
        <?xml version="1.0" encoding="UTF-8"?>
        <catalog xmlns="urn:totsugo:catalog:1" id="big"><title>T</title><short-title>S</short-title>\
        <publisher>P</publisher><version>1</version><completeness>all</completeness>

        """

    // MARK: XML text of several megabytes (the validator's text handling was quadratic)

    /// One heading of about 6 MB, written as character references, plain kana, `&amp;` and
    /// ASCII: read back whole and in order. (Correctness only; the time is measured by hand.)
    func testMultiMegabyteTextNodeIsReadWhole() throws {
        var source = ""
        var expected = ""
        let parts = [("&#x3042;", "あ"), ("い", "い"), ("&amp;", "&"), ("u", "u")]
        for index in 0..<600_000 {
            let (written, read) = parts[index % parts.count]
            source += written
            expected += read
        }
        let xml = Self.xmlHead + "<item number=\"1\"><heading>\(source)</heading><text>\(source)</text></item></catalog>\n"
        XCTAssertGreaterThan(xml.utf8.count, 5_000_000)
        let catalog = try CatalogXMLParser().parse(InputFile.decode(Array(xml.utf8), path: "big.xml"))
        XCTAssertEqual(catalog.items.count, 1)
        XCTAssertEqual(catalog.items[0].heading.count, expected.count)
        XCTAssertEqual(catalog.items[0].heading, expected)
        XCTAssertEqual(catalog.items[0].text, expected)
    }

    /// The schema still sees the whole text: a required non-empty title of blanks only is refused.
    func testSchemaStillChecksGatheredText() {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <catalog xmlns="urn:totsugo:catalog:1" id="x"><title>   \("&#x20;" + String(repeating: " ", count: 5000))</title>
            <short-title>S</short-title><publisher>P</publisher><version>1</version><completeness>all</completeness>
            </catalog>
            """
        XCTAssertThrowsError(try CatalogXMLParser().parse(InputFile.decode(Array(xml.utf8), path: "blank.xml"))) { error in
            let diagnostics = (error as? DiagnosticError)?.diagnostics ?? []
            XCTAssertEqual(diagnostics.first?.location.line, 2)
            XCTAssertTrue(diagnostics.first?.message.contains("title") == true, "\(diagnostics)")
        }
    }

    // MARK: Structured text: a heading or attribute is never read as text

    static let front = """
        ---
        id: t
        title: T
        short-title: S
        publisher: P
        version: 1
        completeness: all
        ---

        """

    func parseText(_ body: String, file: String = "t.txt") throws -> Catalog {
        try CatalogTextParser().parse(InputFile.decode(Array((Self.front + body).utf8), path: file))
    }

    /// The diagnostics of a text catalog that must fail.
    func textErrors(_ body: String, file: StaticString = #filePath, line: UInt = #line) -> [Diagnostic] {
        do {
            let catalog = try parseText(body)
            XCTFail("expected an error, got items \(catalog.allItems.map(\.id))", file: file, line: line)
            return []
        } catch {
            return (error as? DiagnosticError)?.diagnostics ?? []
        }
    }

    func assertTextError(_ body: String, line: Int, column: Int, contains words: [String],
                         file: StaticString = #filePath, at sourceLine: UInt = #line) {
        let errors = textErrors(body, file: file, line: sourceLine)
        XCTAssertTrue(errors.contains { error in
            error.location.line == line && error.location.column == column && words.allSatisfy { error.message.contains($0) }
        }, "\(errors)", file: file, line: sourceLine)
    }

    // The front matter is 8 lines: the body starts at line 9.

    func testIndentedHeadingIsAnErrorWithAHint() {
        assertTextError("# 1 | 章\n  ## 2 | 子\n", line: 10, column: 3,
                        contains: ["looks like a heading", "indented", "headings start at column 1 with '#'"])
        assertTextError("# 1 | 章\n\t# 2 | 子\n", line: 10, column: 2, contains: ["looks like a heading"])
        assertTextError("# 1 | 章\n\u{3000}# 2 | 子\n", line: 10, column: 2, contains: ["looks like a heading"])
    }

    func testFullWidthHeadingMarkIsAnErrorWithAHint() {
        assertTextError("# 1 | 章\n＃ 2 | 子\n", line: 10, column: 1, contains: ["full-width '＃'", "headings start at column 1 with '#'"])
        assertTextError("# 1 | 章\n#＃ 2 | 子\n", line: 10, column: 2, contains: ["space after"])
        assertTextError("# 1 | 章\n＃2 | 子\n", line: 10, column: 1, contains: ["looks like a heading"])
    }

    func testByteOrderMarkBeforeAHeadingIsAnError() {
        assertTextError("# 1 | 章\n\u{FEFF}# 2 | 子\n", line: 10, column: 2, contains: ["U+FEFF", "remove it"])
        assertTextError("# 1 | 章\ntext\n\u{FEFF}## 2 | 子\n", line: 11, column: 2, contains: ["U+FEFF"])
    }

    func testAttributeAfterTextIsAnError() {
        assertTextError("# 1 | 章\nSome text.\n@level: LV1\n", line: 11, column: 1,
                        contains: ["attribute '@level' after the item's text", "right under the heading"])
        assertTextError("# 1 | 章\nSome text.\n@colour: red\n", line: 11, column: 1, contains: ["'@colour' after the item's text"])
    }

    func testMisplacedAttributeUnderTheHeadingIsAnError() {
        assertTextError("# 1 | 章\n  @level: LV1\n", line: 10, column: 3, contains: ["looks like the attribute '@level'", "indented"])
        assertTextError("# 1 | 章\n＠level: LV1\n", line: 10, column: 1, contains: ["full-width '＠'"])
        assertTextError("# 1 | 章\n@level：LV1\n", line: 10, column: 1, contains: ["'@key: value'"])
    }

    func testAttributesAfterBlankLinesUnderTheHeadingAreRead() throws {
        let catalog = try parseText("# 1 | 章\n\n@level: LV1\n\n@tags: a\n\nText.\n")
        XCTAssertEqual(catalog.items[0].levels, [.lv1])
        XCTAssertEqual(catalog.items[0].tags, ["a"])
        XCTAssertEqual(catalog.items[0].text, "Text.")
    }

    func testEscapesKeepMarksAsText() throws {
        let catalog = try parseText("# 1 | 章\n\\# not a heading\n  \\＃ 全角\n\\@level: as text\n  #タグ\n# 2 | 次\n")
        XCTAssertEqual(catalog.allItems.map(\.id), ["1", "2"])
        XCTAssertEqual(catalog.items[0].text, "# not a heading\n＃ 全角\n@level: as text\n#タグ")
        XCTAssertEqual(catalog.items[0].levels, [])
    }

    func testEveryMisplacedLineIsReported() {
        let errors = textErrors("# 1 | 章\n  # 2 | a\n＃ 3 | b\ntext\n@note: x\n")
        XCTAssertEqual(errors.map(\.location.line), [10, 11, 13], "\(errors)")
    }

    // MARK: Control characters

    func testControlCharactersAreRefusedWithTheirPosition() {
        let errors = textErrors("# 1 | 見出し\u{1B}[31m\nあい\u{0}う\n\u{7F}\n# 2 | x\u{85}y\n")
        XCTAssertEqual(errors.map { "\($0.location.line):\($0.location.column)" }, ["9:10", "10:3", "11:1", "12:8"], "\(errors)")
        guard errors.count == 4 else { return }
        XCTAssertTrue(errors[0].message.contains("U+001B (ESC)"), errors[0].message)
        XCTAssertTrue(errors[1].message.contains("U+0000 (NUL)"), errors[1].message)
        XCTAssertTrue(errors[2].message.contains("U+007F (DEL)"), errors[2].message)
        XCTAssertTrue(errors[3].message.contains("U+0085"), errors[3].message)
    }

    func testControlCharacterInFrontMatterIsRefused() {
        let text = Self.front.replacingOccurrences(of: "title: T", with: "title: T\u{8}") + "# 1 | a\n"
        XCTAssertThrowsError(try CatalogTextParser().parse(InputFile.decode(Array(text.utf8), path: "f.txt"))) { error in
            let diagnostics = (error as? DiagnosticError)?.diagnostics ?? []
            XCTAssertEqual(diagnostics.map(\.location.line), [3], "\(diagnostics)")
        }
    }

    func testTabAndCarriageReturnAreAllowed() throws {
        let catalog = try parseText("# 1 | a\tb\r\nline\r\n")
        XCTAssertEqual(catalog.items[0].heading, "a\tb")
    }

    // MARK: Hostile fixtures

    func testHostileTextFixtures() throws {
        for (name, line, words) in [("trust-text-indented-heading.txt", 12, ["looks like a heading"]),
                                    ("trust-text-control-characters.txt", 11, ["U+001B (ESC)"])] {
            let path = TestPaths.fixture("bad/" + name)
            XCTAssertThrowsError(try CatalogTextParser().parse(InputFile.read(path)), name) { error in
                let diagnostics = (error as? DiagnosticError)?.diagnostics ?? []
                XCTAssertTrue(diagnostics.contains { $0.location.line == line && words.allSatisfy($0.message.contains) }, "\(name): \(diagnostics)")
            }
        }
    }

    // MARK: Loader: links, special files, folders named like files

    func temporaryWorkspace() throws -> String {
        let folder = TestPaths.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/real", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestPaths.fixture("catalogs/sample.txt"), toPath: folder + "/real/sample.txt")
        return folder
    }

    func testCatalogFolderThatIsASymbolicLinkIsSearched() throws {
        let folder = try temporaryWorkspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/Catalogs", withDestinationPath: "real")
        try FileManager.default.createDirectory(atPath: folder + "/Outer", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/Outer/linked", withDestinationPath: "../real")
        for path in [folder + "/Catalogs", folder + "/Outer"] {
            let result = InputLoader().load([path])
            XCTAssertEqual(result.catalogs.map(\.id), ["sample-guide"], "\(path): \(result.diagnostics)")
            XCTAssertEqual(result.diagnostics, [])
        }
    }

    func testSymbolicLinkCycleEnds() throws {
        let folder = try temporaryWorkspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/real/loop", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: folder + "/real/self", withDestinationPath: ".")
        let result = InputLoader().load([folder + "/real"])
        XCTAssertEqual(result.catalogs.map(\.id), ["sample-guide"], "\(result.diagnostics)")
        // `loop` leads to the parent, searched once; its `real` and `self` lead back.
        XCTAssertEqual(result.diagnostics.map(\.severity), [.warning, .warning], "\(result.diagnostics)")
        XCTAssertEqual(result.diagnostics.map { ($0.location.file as NSString).lastPathComponent }, ["real", "self"])
        XCTAssertTrue(result.diagnostics.allSatisfy { $0.message.contains("not searched") && $0.message.contains("being searched") })
    }

    func testFolderNamedLikeAFileIsSearchedNotRead() throws {
        let folder = try temporaryWorkspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/real/dir.xml", withIntermediateDirectories: true)
        let result = InputLoader().load([folder + "/real"])
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.catalogs.count, 1)
        XCTAssertThrowsError(try InputFile.read(folder + "/real/dir.xml")) { error in
            let message = (error as? DiagnosticError)?.diagnostics.first?.message ?? ""
            XCTAssertTrue(message.contains("is a folder, not a file"), message)
        }
    }

    func testFIFOIsRefusedWithoutOpeningIt() throws {
        let folder = try temporaryWorkspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        XCTAssertEqual(mkfifo(folder + "/real/pipe.xml", 0o600), 0)
        // Checked before opening: reading it would wait for a writer forever.
        XCTAssertThrowsError(try InputFile.read(folder + "/real/pipe.xml")) { error in
            let message = (error as? DiagnosticError)?.diagnostics.first?.message ?? ""
            XCTAssertTrue(message.contains("is a FIFO (named pipe), not a regular file"), message)
        }
        let result = InputLoader().load([folder + "/real"])
        XCTAssertEqual(result.catalogs.count, 1)
        XCTAssertEqual(result.diagnostics.map(\.location.file), [folder + "/real/pipe.xml"])
    }

    func testBrokenSymbolicLinkSaysSo() throws {
        let folder = try temporaryWorkspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/real/gone.txt", withDestinationPath: "nowhere.txt")
        let result = InputLoader().load([folder + "/real"])
        XCTAssertEqual(result.diagnostics.map(\.message), ["broken symbolic link (its target does not exist)"])
    }

    /// XML 1.0 allows DEL and C1 controls (as characters or references): refused like in text.
    func testXMLRefusesDELAndC1Controls() {
        let xml = Self.xmlHead + "<item number=\"1&#x7F;\"><heading>a\u{85}b</heading>\n<text>x&#x9B;y</text></item></catalog>\n"
        XCTAssertThrowsError(try CatalogXMLParser().parse(InputFile.decode(Array(xml.utf8), path: "c1.xml"))) { error in
            let diagnostics = (error as? DiagnosticError)?.diagnostics ?? []
            XCTAssertEqual(diagnostics.map(\.location.line), [3, 3, 4], "\(diagnostics)")
            XCTAssertEqual(diagnostics.map { $0.message.prefix(30) }, ["control character U+007F (DEL)", "control character U+0085 (NEL)", "control character U+009B is no"])
        }
    }
}
