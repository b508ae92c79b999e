import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoIngest
import TotsugoXML
import XCTest

/// Reading OSCAL XML (docs/oscal.md, "OSCAL XML"): NIST's own catalog in XML reads as its JSON
/// does, hand-written catalogs and collections, markup as OSCAL's Markdown, routing `.xml` by
/// the root element, and hostile files, each problem at its file:line:col.
final class OSCALXMLTests: XCTestCase {
    func document(_ path: String) throws -> ReadDocument {
        try OSCALXMLReader().read(InputFile.read(path), limits: .default)
    }

    /// The catalog without what names the file it came from (positions, the id taken from the
    /// file name, the provenance line naming the file).
    func comparable(_ catalog: Catalog) -> Catalog {
        func strip(_ item: CatalogItem) -> CatalogItem {
            var item = item
            item.location = nil
            item.children = item.children.map(strip)
            return item
        }
        var catalog = catalog
        catalog.location = nil
        catalog.idLocation = nil
        catalog.id = ""
        catalog.writtenID = nil
        catalog.provenance = catalog.provenance.map { $0.replacingOccurrences(of: ".xml:", with: ".json:") }
        catalog.items = catalog.items.map(strip)
        return catalog
    }

    /// NIST SP 800-53 rev5 LOW baseline, groups at and ps, in XML (oscal-content, trimmed as the
    /// JSON fixture was): the same catalog as the JSON fixture (items, numbers, headings, texts
    /// with their inserts, levels) and the same warnings, in the same number, each at its place.
    func testNISTCatalogInXMLIsTheCatalogOfItsJSON() throws {
        let stem = TestPaths.fixture("oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.at-ps")
        let xml = try document(stem + ".xml")
        let json = try OSCALJSONReader().read(InputFile.read(stem + ".json"), limits: .default)
        guard case .catalog(let fromXML) = xml.content, case .catalog(let fromJSON) = json.content else { return XCTFail("not catalogs") }
        XCTAssertEqual(fromXML.id, "nist_sp-800-53_rev5_low-baseline-resolved-profile_catalog.at-ps")
        XCTAssertEqual(fromXML.allItems.count, 16)
        XCTAssertEqual(fromXML.allItems.map(\.id), fromJSON.allItems.map(\.id))
        XCTAssertEqual(fromXML.allItems.map(\.text), fromJSON.allItems.map(\.text))
        XCTAssertEqual(comparable(fromXML), comparable(fromJSON))
        // A text with parameters and a link in prose, as NIST's JSON has them.
        let at2 = try XCTUnwrap(fromXML.allItems.first { $0.id == "at-2" })
        XCTAssertEqual([at2.number, at2.heading], ["AT-2", "Literacy Training and Awareness"])
        XCTAssertTrue(try XCTUnwrap(at2.text).contains("{{ insert: param, at-2_prm_1 }}"), at2.text ?? "")
        // The same warnings (kind and count), positioned in the XML.
        func withoutPlace(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map(\.message) }
        XCTAssertEqual(withoutPlace(xml.warnings), withoutPlace(json.warnings))
        XCTAssertTrue(xml.warnings.map(\.description).contains(
            "\(stem).xml:43:10: warning: control.params: not imported (totsugo's model has no place for it); 12 occurrences in this file, the first here"),
            xml.warnings.map(\.description).joined(separator: "\n"))
        // An attribute's place is its name's.
        XCTAssertTrue(xml.warnings.map(\.description).contains(
            "\(stem).xml:41:16: warning: control.class: not imported (totsugo's model has no place for it); 14 occurrences in this file, the first here"))
    }

    /// docs/oscal.md's example written by hand in OSCAL XML: two catalogs and a collection, read
    /// from a folder as any input (`.xml` routed by its root).
    func testHandWrittenCatalogsAndCollection() throws {
        let result = InputLoader().load([TestPaths.fixture("oscal/xml")])
        XCTAssertEqual(result.diagnostics.map(\.description), [])
        XCTAssertEqual(result.catalogs.map(\.id), ["sample-industry", "sample-target"])
        let industry = result.catalogs[0]
        XCTAssertEqual([industry.title, industry.shortTitle, industry.publisher, industry.version], ["サンプル業界ガイドライン", "業界", "サンプル工業会", "1.0"])
        XCTAssertEqual(industry.items.map(\.id), ["1", "2"])
        XCTAssertEqual(industry.items.map(\.number), ["1.", "2."])
        XCTAssertEqual(industry.items[0].text, "守る情報を*台帳*に記載する。")
        XCTAssertEqual(industry.items.map(\.levelText), ["LV1", "LV2"])
        XCTAssertEqual(industry.provenance, ["docs/oscal.md の例として作成。"])
        XCTAssertEqual(result.catalogs[1].items.map(\.heading), ["資産目録", "外部委託"])

        let mapping = try XCTUnwrap(result.mappings.first)
        XCTAssertEqual([mapping.id, mapping.source, mapping.status], ["sample", "sample-industry", "draft"])
        XCTAssertEqual(mapping.targets, ["sample-target"])
        XCTAssertEqual(mapping.title, "サンプル業界 × 対象規程")
        XCTAssertEqual(mapping.entries.map(\.item), ["1", "2"])
        let first = try XCTUnwrap(mapping.entries[0].links.first)
        XCTAssertEqual(first.target, ItemReference(catalog: "sample-target", item: "a.1"))
        XCTAssertEqual(first.relationship, .equal, "equivalent-to with the prop relationship: equal and a semantic rationale")
        XCTAssertEqual(first.rationale, .semantic)
        XCTAssertEqual(first.strength, 9)
        XCTAssertEqual(first.note, "目的も手段も同じ。")
        XCTAssertEqual(mapping.entries[0].proposal, "台帳の様式を示す。")
        let second = try XCTUnwrap(mapping.entries[1].links.first)
        XCTAssertEqual([second.relationship, second.rationale, second.strength] as [AnyHashable?], [Relationship.subsetOf, Rationale.functional, 6])
    }

    func temporary(_ name: String, _ text: String) throws -> String {
        let path = TestPaths.temporaryFolder() + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func catalogXML(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="6a3f1c52-0d4e-4b8a-9c1e-2f5d7a9b0c21">
          <metadata>
            <title>見本</title>
            <last-modified>2026-11-30T00:00:00Z</last-modified>
            <version>1</version>
            <oscal-version>1.2.1</oscal-version>
          </metadata>
        \(body)
        </catalog>

        """
    }

    /// Markup fields become the Markdown OSCAL's JSON holds: inline markup, parameters, links,
    /// paragraphs separated by a blank line, lists, headings, tables, preformatted text; the
    /// indentation of a pretty-printed document is one space, a bare line break stays.
    func testMarkupBecomesOSCALMarkdown() throws {
        let path = try temporary("markup.xml", catalogXML("""
          <control id="c-1">
            <title>見出しに<em>強調</em>と<code>x</code></title>
            <part name="statement" id="c-1_smt">
              <p>第一段落に<strong>太字</strong>、<a href="#c-2">リンク</a>、<insert type="param" id-ref="c-1_prm_1"/>、<q>引用</q>、H<sub>2</sub>O、x<sup>2</sup>。</p>
              <p>第二段落。</p>
              <ul>
                <li>項目一</li>
                <li>項目二<ol><li>下位一</li><li>下位二</li></ol></li>
              </ul>
              <h2>小見出し</h2>
              <table>
                <tr><th>列A</th><th>列B</th></tr>
                <tr><td>1</td><td>2</td></tr>
              </table>
              <pre>そのまま</pre>
              <p>字下げ
                  は一つの空白、
        改行はそのまま</p>
            </part>
          </control>
        """))
        guard case .catalog(let catalog) = try document(path).content else { return XCTFail("not a catalog") }
        let item = try XCTUnwrap(catalog.items.first)
        XCTAssertEqual(item.heading, "見出しに*強調*と`x`")
        XCTAssertEqual(item.text, """
            第一段落に**太字**、[リンク](#c-2)、{{ insert: param, c-1_prm_1 }}、"引用"、H~2~O、x^2^。

            第二段落。

            - 項目一
            - 項目二
              1. 下位一
              2. 下位二

            ## 小見出し

            | 列A | 列B |
            | --- | --- |
            | 1 | 2 |

            ```
            そのまま
            ```

            字下げ は一つの空白、
            改行はそのまま
            """)
    }

    /// An `.xml` input is OSCAL when its root is in OSCAL's namespace; any other stays totsugo's
    /// catalog XML; `.json` is unchanged.
    func testXMLInputsAreRoutedByTheirRoot() throws {
        XCTAssertEqual(XMLRootSniff.root(of: Array("<?xml version=\"1.0\"?>\n<!-- c -->\n<catalog xmlns=\"http://csrc.nist.gov/ns/oscal/1.0\"/>".utf8)),
                       XMLRootSniff.Root(name: "catalog", namespaceURI: "http://csrc.nist.gov/ns/oscal/1.0"))
        XCTAssertEqual(XMLRootSniff.root(of: Array("<catalog xmlns=\"urn:totsugo:catalog:1\" id=\"x\">".utf8)),
                       XMLRootSniff.Root(name: "catalog", namespaceURI: "urn:totsugo:catalog:1"), "the start tag is enough")
        XCTAssertNil(XMLRootSniff.root(of: Array("not xml".utf8)))
        func reader(_ path: String) throws -> String {
            switch InputReaders.reader(for: path, content: try InputFile.read(path).bytes) {
            case .catalog(let reader)?: "\(type(of: reader))"
            case .document(let reader)?: "\(type(of: reader))"
            case .mapping(let reader)?: "\(type(of: reader))"
            case nil: "none"
            }
        }
        XCTAssertEqual(try reader(TestPaths.fixture("oscal/xml/sample.mapping.oscal.xml")), "OSCALXMLReader")
        XCTAssertEqual(try reader(TestPaths.fixture("bad/oscal-xml-wrong-namespace.xml")), "OSCALXMLReader", "an OSCAL namespace of another version is reported, not read as ours")
        XCTAssertEqual(try reader(TestPaths.root.appendingPathComponent("Catalogs/ipa-3.1-appendix5.xml").path), "CatalogXMLParser")
        XCTAssertEqual(try reader(TestPaths.fixture("oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.at-ps.json")), "OSCALJSONReader")
    }

    func errors(_ fixture: String) -> [String] { oscalXMLErrors(TestPaths.fixture(fixture)) }

    /// What the model does not define where it stands is an error at its place: an attribute,
    /// an element (also one of another namespace), inline markup, the model's order, text
    /// where only elements go.
    func testUnknownElementsAndAttributesAreErrorsAtTheirPlace() {
        XCTAssertEqual(errors("bad/oscal-xml-unknown-element.xml"), [
            "bad/oscal-xml-unknown-element.xml:9:21: error: unknown attribute 'lable' on control (OSCAL 1.2 defines: class, id)",
            "bad/oscal-xml-unknown-element.xml:13:13: error: unknown element 'span' in p (inline markup: em, strong, code, q, sub, sup, a, img, insert, i, b)",
            "bad/oscal-xml-unknown-element.xml:15:5: error: unknown element 'controlls' in control (OSCAL 1.2 defines: title, param, prop, link, part, control)",
            "bad/oscal-xml-unknown-element.xml:19:5: error: element 'title' after 'prop' in control: OSCAL's order puts title before prop",
            "bad/oscal-xml-unknown-element.xml:20:5: error: unknown element 'note' (namespace 'urn:example:other', not OSCAL's) in control (OSCAL 1.2 defines: title, param, prop, link, part, control)",
            "bad/oscal-xml-unknown-element.xml:22:3: error: text directly in control ('書かれた文'): OSCAL allows elements only here",
        ])
    }

    /// The JSON reader's checks apply to XML unchanged (here: a value, a missing field).
    func testJSONChecksApplyToXML() throws {
        let path = try temporary("checks.xml", catalogXML("""
          <control id="c-1">
            <title>a</title>
            <prop name="level" ns="urn:totsugo:oscal" value="LV9"/>
          </control>
          <control>
            <title>b</title>
          </control>
        """))
        XCTAssertThrowsError(try document(path)) { error in
            XCTAssertEqual((error as? DiagnosticError)?.diagnostics.filter { $0.severity == .error }
                .sorted { $0.location.line < $1.location.line }.map(\.description), [
                "\(path):9:3: error: unknown level 'LV9' (expected LV1, LV2 or LV3; a catalog with levels of its own declares them with level-names)",
                "\(path):13:3: error: control has no 'id' (required)",
                "\(path):13:3: error: this group has no id: totsugo needs one to name the item (mappings refer to items by id)",
            ])
        }
    }

    func testHostileDocuments() {
        XCTAssertEqual(errors("bad/oscal-xml-doctype.xml"), [
            "bad/oscal-xml-doctype.xml:2:1: error: DOCTYPE declarations are not allowed: no file totsugo reads (catalog or OSCAL XML, xlsx, docx) needs a DTD or entities (external entities, entity expansion and DTD loading are disabled)",
        ])
        XCTAssertEqual(errors("bad/oscal-xml-wrong-namespace.xml"), [
            "bad/oscal-xml-wrong-namespace.xml:2:1: error: the root element is in the namespace 'http://csrc.nist.gov/ns/oscal/2.0', not OSCAL's 'http://csrc.nist.gov/ns/oscal/1.0'",
        ])
        XCTAssertEqual(errors("bad/oscal-xml-profile.xml"), [
            "bad/oscal-xml-profile.xml:2:1: error: an OSCAL document for totsugo holds one catalog or one mapping-collection (found 'profile')",
        ])
    }

    /// Columns count characters, on a long line too (a minified document).
    func testColumnsOnOneLongLine() throws {
        let controls = (1...2000).map { "<control id=\"c-\($0)\"><title>見出し\($0)</title></control>" }.joined()
        let path = try temporary("long.xml", catalogXML(controls + "<control id=\"c-x\" bad=\"1\"><title>x</title></control>"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)[8]
        let column = line.distance(from: line.startIndex, to: line.range(of: "bad=")!.lowerBound) + 1
        XCTAssertThrowsError(try document(path)) { error in
            XCTAssertEqual((error as? DiagnosticError)?.diagnostics.map(\.description),
                           ["\(path):9:\(column): error: unknown attribute 'bad' on control (OSCAL 1.2 defines: class, id)"])
        }
    }
}

/// The errors of reading the OSCAL XML file at `path` (a failure when it reads without any), in
/// the order of their positions, paths relative to Tests/Fixtures.
func oscalXMLErrors(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
    do {
        _ = try OSCALXMLReader().read(InputFile.read(path), limits: .default)
        XCTFail("\(path) was read without errors", file: file, line: line)
        return []
    } catch let error as DiagnosticError {
        return error.diagnostics.filter { $0.severity == .error }
            .sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
            .map { $0.description.replacingOccurrences(of: TestPaths.fixture("") + "/", with: "") }
    } catch {
        XCTFail("\(error)", file: file, line: line)
        return []
    }
}
