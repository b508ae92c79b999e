import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import XCTest

final class TableEmitterTests: XCTestCase {
    func resolved() throws -> ResolvedMapping {
        let result = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        XCTAssertEqual(result.diagnostics, [])
        return try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
    }

    func testCSVGolden() throws {
        assertGolden(CSVEmitter().render(CrossReferenceTable(try resolved())), "workspace/industry-to-target.csv")
    }

    func testMarkdownGolden() throws {
        let resolved = try resolved()
        assertGolden(MarkdownEmitter().render(CrossReferenceTable(resolved), resolved: resolved, coverage: Coverage(resolved)),
                     "workspace/industry-to-target.md")
    }

    func testCSVIsExcelFriendly() throws {
        let bytes = CSVEmitter().render(CrossReferenceTable(try resolved()))
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 BOM")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("\r\n"))
        XCTAssertFalse(text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line break is CRLF")
        XCTAssertTrue(text.contains("\"ルールを定める。\r\n\"\"引用\"\" を含む, カンマ付き。\""), "RFC 4180 quoting")
    }

    func testCSVQuoting() {
        XCTAssertEqual(CSVEmitter.quote("plain"), "plain")
        XCTAssertEqual(CSVEmitter.quote("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVEmitter.quote("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVEmitter.quote("a\nb"), "\"a\r\nb\"")
    }

    func testMarkdownEscapesPipesAndBreaks() throws {
        let table = CrossReferenceTable(title: "t", groups: [.init(title: "g", columns: ["c"])],
                                        rows: [.init(itemID: "1", levels: [], cells: [.text("a|b\nc")])])
        let resolved = try resolved()
        let text = String(decoding: MarkdownEmitter().render(table, resolved: resolved, coverage: Coverage(resolved)), as: UTF8.self)
        XCTAssertTrue(text.contains("| a\\|b<br>c |"), text)
    }

    func testZipPackageIsDeterministic() throws {
        var package = ZipPackage()
        package.add("a.xml", "<a>日本語</a>")
        package.add("b/c.xml", String(repeating: "x", count: 10_000))
        let first = try package.data()
        Thread.sleep(forTimeInterval: 1.1)
        XCTAssertEqual(first, try package.data(), "same parts → same bytes, whatever the clock")
        XCTAssertEqual(Array(first.prefix(4)), [0x50, 0x4B, 0x03, 0x04])
        // Local file header: DOS time at offset 10, date at 12 — 00:00:00, 2000-01-01.
        XCTAssertEqual(Array(first[10..<14]), [0x00, 0x00, 0x21, 0x28])
    }

    func testZipPackageIgnoresTimeZone() throws {
        var package = ZipPackage()
        package.add("a.xml", "<a/>")
        let utc = try package.data()
        let saved = ProcessInfo.processInfo.environment["TZ"]
        setenv("TZ", "Asia/Tokyo", 1)
        tzset()
        defer {
            if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
            tzset()
        }
        XCTAssertEqual(try package.data(), utc)
    }

    func testOutputWriterReplacesFilesAndLeavesNoTemporaries() throws {
        let folder = TestPaths.temporaryFolder()
        let writer = OutputWriter(folder: folder)
        try writer.write([("a.txt", Array("one".utf8))])
        try writer.write([("a.txt", Array("two".utf8)), ("b.txt", Array("b".utf8))])
        XCTAssertEqual(try String(contentsOfFile: folder + "/a.txt", encoding: .utf8), "two")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), ["a.txt", "b.txt"])
    }
}
