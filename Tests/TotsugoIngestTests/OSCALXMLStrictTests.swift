import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoIngest
import TotsugoXML
import XCTest

/// OSCAL XML markup read strictly (docs/oscal.md, "OSCAL XML"): nothing in a table, a list,
/// a blockquote, an hr, an insert, an img or a pre is dropped or altered without an error at
/// its file:line:col; the attributes OSCAL defines there are mapped to Markdown; messages name
/// attributes as written and stay short; the root is found after a long prologue; text in
/// CDATA is taken as written.
final class OSCALXMLStrictTests: XCTestCase {
    func errors(_ path: String) -> [String] { oscalXMLErrors(path) }

    func temporary(_ name: String, _ text: String) throws -> String {
        let path = TestPaths.temporaryFolder() + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func catalogXML(_ prose: String, metadataTitle: String = "見本") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="6a3f1c52-0d4e-4b8a-9c1e-2f5d7a9b0c31">
          <metadata>
            <title>\(metadataTitle)</title>
            <last-modified>2026-11-30T00:00:00Z</last-modified>
            <version>1</version>
            <oscal-version>1.2.1</oscal-version>
          </metadata>
          <control id="c-1">
            <title>見出し</title>
            <part name="statement">\(prose)</part>
          </control>
        </catalog>

        """
    }

    func text(_ prose: String) throws -> String? {
        let path = try temporary("prose.xml", catalogXML(prose))
        guard case .catalog(let catalog) = try OSCALXMLReader().read(InputFile.read(path), limits: .default).content else {
            XCTFail("not a catalog")
            return nil
        }
        return catalog.items.first?.text
    }

    /// Text directly in a table or a row, attributes OSCAL does not define on table, tr, td,
    /// th, a bad align, an align Markdown cannot hold, rows and cells of another namespace.
    func testTableContentIsNeverDroppedSilently() {
        XCTAssertEqual(errors(TestPaths.fixture("bad/oscal-xml-table-dropped.xml")), [
            "bad/oscal-xml-table-dropped.xml:12:7: error: text directly in table ('表の直下の文'): a table holds rows (<tr>) only",
            "bad/oscal-xml-table-dropped.xml:12:14: error: unknown attribute 'border' on table (OSCAL 1.2 defines: none)",
            "bad/oscal-xml-table-dropped.xml:14:13: error: unknown attribute 'class' on tr (OSCAL 1.2 defines: none)",
            "bad/oscal-xml-table-dropped.xml:14:37: error: th align 'middle' is not left, center or right",
            "bad/oscal-xml-table-dropped.xml:15:9: error: text directly in tr ('行の直下の文'): write it in a cell (<td>, <th>)",
            "bad/oscal-xml-table-dropped.xml:15:23: error: unknown attribute 'colspan' on td (OSCAL 1.2 defines: align)",
            "bad/oscal-xml-table-dropped.xml:15:41: error: unknown element 'td' (namespace 'urn:example:other', not OSCAL's) in tr (th, td)",
            "bad/oscal-xml-table-dropped.xml:16:24: error: align outside a table's header row: a Markdown table aligns whole columns, from the header row (the first row, of th cells)",
            "bad/oscal-xml-table-dropped.xml:17:9: error: unknown element 'tr' (namespace 'urn:example:other', not OSCAL's) in table (tr only)",
        ])
    }

    /// Text in a blockquote, content of hr, insert and img, elements in pre and code, list
    /// items and nested lists of another namespace, attributes on hr and li, a bad ol start,
    /// `xml:lang` named as written.
    func testBlockAndInlineContentIsNeverDroppedSilently() {
        XCTAssertEqual(errors(TestPaths.fixture("bad/oscal-xml-block-dropped.xml")), [
            "bad/oscal-xml-block-dropped.xml:12:7: error: text directly in blockquote ('引用の直下の文'): write it in a paragraph (<p>)",
            "bad/oscal-xml-block-dropped.xml:12:35: error: unknown element 'p' (namespace 'urn:example:other', not OSCAL's) in blockquote (p, ul, ol, table, h1–h6, pre, blockquote, hr)",
            "bad/oscal-xml-block-dropped.xml:13:7: error: text in hr ('区切りの中身'): OSCAL 1.2 defines hr as empty",
            "bad/oscal-xml-block-dropped.xml:13:11: error: unknown attribute 'id' on hr (OSCAL 1.2 defines: none)",
            "bad/oscal-xml-block-dropped.xml:15:13: error: unknown attribute 'class' on li (OSCAL 1.2 defines: none)",
            "bad/oscal-xml-block-dropped.xml:15:25: error: unknown element 'ul' (namespace 'urn:example:other', not OSCAL's) in li",
            "bad/oscal-xml-block-dropped.xml:17:18: error: ol start '三' is not a whole number (0, 1, 2, …)",
            "bad/oscal-xml-block-dropped.xml:18:12: error: text in insert ('挿入の中身'): OSCAL 1.2 defines insert as empty",
            "bad/oscal-xml-block-dropped.xml:18:69: error: text in img ('図の中身'): OSCAL 1.2 defines img as empty",
            "bad/oscal-xml-block-dropped.xml:19:17: error: element 'em' in pre: a preformatted block (a Markdown code fence) holds text only",
            "bad/oscal-xml-block-dropped.xml:20:20: error: element 'strong' in code: code (a Markdown code span) holds text only",
            "bad/oscal-xml-block-dropped.xml:21:10: error: unknown attribute 'xml:lang' (namespace 'http://www.w3.org/XML/1998/namespace') on p (OSCAL 1.2 defines: none)",
        ])
    }

    /// The attributes OSCAL defines in markup are kept, as Markdown holds them: `ol start`,
    /// `th align` of the header row, the title of a link or an image.
    func testOSCALMarkupAttributesAreMapped() throws {
        XCTAssertEqual(try text("""
            <ol start="3"><li>三番目</li><li>四番目</li></ol>
            <table>
              <tr><th align="left">左</th><th align="center">中</th><th align="right">右</th><th>無</th></tr>
              <tr><td>1</td><td>2</td><td>3</td><td>4</td></tr>
            </table>
            <p><a href="#c-1" title="題">リンク</a>と<img src="a.png" alt="図" title="説明 &quot;引用&quot;"/></p>
            """), """
            3. 三番目
            4. 四番目

            | 左 | 中 | 右 | 無 |
            | :--- | :---: | ---: | --- |
            | 1 | 2 | 3 | 4 |

            [リンク](#c-1 "題")と![図](a.png "説明 \\"引用\\"")
            """)
    }

    /// A namespaced attribute is named as written (`xml:lang`, not `lang`), on an assembly and
    /// in markup.
    func testNamespacedAttributesAreNamedAsWritten() throws {
        let path = try temporary("lang.xml", catalogXML("<p>a</p>").replacingOccurrences(of: "<control id=\"c-1\">", with: "<control xml:lang=\"ja\" id=\"c-1\">")
            .replacingOccurrences(of: "<title>見出し</title>", with: "<title xmlns:t=\"urn:t\" t:lang=\"ja\">見出し</title>"))
        XCTAssertEqual(errors(path).map { $0.replacingOccurrences(of: path, with: "lang.xml") }, [
            "lang.xml:9:12: error: unknown attribute 'xml:lang' (namespace 'http://www.w3.org/XML/1998/namespace') on control (OSCAL 1.2 defines: class, id)",
            "lang.xml:10:28: error: unknown attribute 't:lang' (namespace 'urn:t') on title (OSCAL 1.2 defines: none)",
        ])
    }

    /// Names (libxml2 allows 50,000 characters) and values (a namespace, an ol start, an
    /// align: megabytes) are not echoed whole.
    func testLongNamesAndValuesAreShortenedInMessages() throws {
        let name = String(repeating: "a", count: 40_000)
        let value = String(repeating: "b", count: 3_000_000)
        let path = try temporary("long.xml", catalogXML("""
            <p \(name)="1">x</p><x:\(name) xmlns:x="urn:\(value)"/>
            <ol start="\(value)"><li>x</li></ol>
            <table><tr><th align="\(value)">x</th></tr></table>
            """))
        let messages = errors(path).map { $0.replacingOccurrences(of: path, with: "long.xml") }
        let shownName = "'" + String(repeating: "a", count: 80) + "…'"
        XCTAssertEqual(messages, [
            "long.xml:11:31: error: unknown attribute \(shownName) on p (OSCAL 1.2 defines: none)",
            "long.xml:11:40041: error: unknown element \(shownName) (namespace 'urn:\(String(repeating: "b", count: 76))…', not OSCAL's) in part (OSCAL 1.2 defines: title, prop, p, ul, ol, table, h1–h6, pre, blockquote, part, link)",
            "long.xml:12:12: error: ol start '\(String(repeating: "b", count: 30))…' is not a whole number (0, 1, 2, …)",
            "long.xml:13:23: error: th align '\(String(repeating: "b", count: 30))…' is not left, center or right",
        ])
        XCTAssertTrue(messages.allSatisfy { $0.utf8.count < 1000 })
    }

    /// The root is found after a prologue longer than 64 KiB (a long comment): the file is
    /// OSCAL, not totsugo's catalog XML.
    func testRootIsFoundAfterALongComment() throws {
        let comment = "<!-- " + String(repeating: "説明の文。", count: 5_000) + " -->\n"
        XCTAssertGreaterThan(comment.utf8.count, 70_000)
        let xml = catalogXML("<p>本文</p>").replacingOccurrences(of: "<catalog ", with: comment + "<catalog ")
        XCTAssertEqual(XMLRootSniff.root(of: Array(xml.utf8)), XMLRootSniff.Root(name: "catalog", namespaceURI: "http://csrc.nist.gov/ns/oscal/1.0"))
        let path = try temporary("commented.xml", xml)
        let result = InputLoader().load([path])
        XCTAssertEqual(result.diagnostics.map(\.description), [])
        XCTAssertEqual(result.catalogs.first?.items.first?.text, "本文")
    }

    /// Text in CDATA is taken as written (the export writes a line break followed by
    /// indentation so); the layout of a pretty-printed file is still one space.
    func testCDATAIsTakenAsWrittenAndLayoutIsOneSpace() throws {
        XCTAssertEqual(try text("<p>目的も<![CDATA[\n  ]]>手段も\n   同じ。<![CDATA[\n\t]]>- 箇条</p>"), "目的も\n  手段も 同じ。\n\t- 箇条")
        XCTAssertEqual(try text("<p>\n      <insert type=\"param\" id-ref=\"c-1_prm_1\"/> を定める。</p>"), " {{ insert: param, c-1_prm_1 }} を定める。")
        XCTAssertEqual(try text("<pre>a<![CDATA[\n  <b>]]></pre>"), "```\na\n  <b>\n```")
    }
}
