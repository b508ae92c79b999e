import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoPipeline
import XCTest

/// XML export → import keeps every text exactly (docs/oscal.md, "OSCAL XML"): a line break
/// followed by indentation is written so the reader cannot take it for the layout of a
/// pretty-printed file, and nothing else in a text is changed on the way.
final class OSCALXMLRoundTripTests: XCTestCase {
    static let texts = [
        "目的も\n  手段も\t同じ。\n\n\n- 箇条\n   - 入れ子",
        "  前後に空白  ",
        "\n  字下げした行で始まる",
        "字下げした行で終わる\n  ",
        "タブ\n\t字下げ",
        "空行が\n\n\n\n多い",
        " \n  \n",
        "* 星 * と **太字** と *強調* と ***三つ***",
        "_下線_ と __二重__ と _ 単独",
        "`コード\n  字下げ` と `` と `a`",
        "{{ insert: param, x }} は文字のまま、{{insert: param, y}} も",
        "< & > \" ' &amp; &#10; <![CDATA[ x ]]>",
        "[リンク](#x) と [リンクでない] (x) と [a](b c)",
        "改行\r\n  CRLF と \r 単独",
        "```\nフェンス\n  字下げ\n```",
        "* 項目\n  * 入れ子\n\n1. 一\n   2. 二",
        "> 引用\n>   字下げ",
        "行末の空白  \n  次の行",
    ]

    func string(_ json: PositionedJSON?) -> String? {
        guard let json, case .string(let text) = json.value else { return nil }
        return text
    }

    func first(_ json: PositionedJSON?) -> PositionedJSON? {
        guard let json, case .array(let elements) = json.value else { return nil }
        return elements.first
    }

    /// Each text as a title (markup-line), remarks (markup-multiline) and a part's prose:
    /// rendered as XML and read back, it is the same string.
    func testEveryTextReadsBackAsWritten() throws {
        let folder = TestPaths.temporaryFolder()
        for (index, text) in Self.texts.enumerated() {
            let document: [String: Any] = ["catalog": [
                "uuid": "6a3f1c52-0d4e-4b8a-9c1e-2f5d7a9b0c41",
                "metadata": ["title": text, "last-modified": "2026-11-30T00:00:00Z", "version": "1", "oscal-version": "1.2.1", "remarks": text],
                "controls": [["id": "c-1", "title": text, "parts": [["name": "statement", "prose": text]]]],
            ]]
            let json = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
            let xml = try OSCALXMLExport.render(json: Array(json))
            let path = "\(folder)/text-\(index).xml"
            try Data(xml).write(to: URL(fileURLWithPath: path))
            let read = try OSCALXMLReader.json(InputFile.read(path), limits: .default)
            let catalog = read["catalog"]
            let control = first(catalog?["controls"])
            let shown = String(decoding: xml, as: UTF8.self)
            XCTAssertEqual(string(catalog?["metadata"]?["title"]), text, shown)
            XCTAssertEqual(string(catalog?["metadata"]?["remarks"]), text, shown)
            XCTAssertEqual(string(control?["title"]), text, shown)
            XCTAssertEqual(string(first(control?["parts"])?["prose"]), text, shown)
        }
    }

    /// The reviewer's case: a link note with indented continuation lines in a workspace,
    /// exported as JSON and XML; the mapping read from the XML set is the one read from the
    /// JSON set (the note as written), and an export from the XML set is the same bytes.
    func testLinkNoteWithIndentedLinesSurvivesXMLExportAndImport() throws {
        let folder = TestPaths.temporaryFolder()
        let workspace = TestPaths.fixture("workspace")
        try FileManager.default.copyItem(atPath: workspace + "/Catalogs", toPath: folder + "/Catalogs")
        try FileManager.default.createDirectory(atPath: folder + "/Mappings", withIntermediateDirectories: true)
        let yaml = try String(contentsOfFile: workspace + "/Mappings/industry.yaml", encoding: .utf8)
        let note = "目的も\n  手段も\t同じ。\n\n\n- 箇条\n   - 入れ子"
        let written = "        strength: 7\n        note: |\n          目的も\n            手段も\t同じ。\n\n\n          - 箇条\n             - 入れ子\n"
        XCTAssertTrue(yaml.contains("        strength: 7\n"))
        try yaml.replacingOccurrences(of: "        strength: 7\n", with: written)
            .write(toFile: folder + "/Mappings/industry.yaml", atomically: true, encoding: .utf8)

        func export(_ catalogs: String, _ mappings: String, to out: String) throws -> [String: Data] {
            let log = DiagnosticLog()
            _ = try Pipeline.exportOSCAL(ExportOSCALRequest(catalogs: catalogs, mappings: mappings, out: out, date: "2026-11-30",
                                                            formats: [.json, .xml]), diagnostics: log)
            XCTAssertEqual(log.diagnostics.filter { $0.severity == .error }.map(\.description), [])
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: out) { files[name] = FileManager.default.contents(atPath: out + "/" + name) }
            return files
        }
        let first = try export(folder + "/Catalogs", folder + "/Mappings", to: folder + "/first")
        for format in ["json", "xml"] {
            for kind in ["catalog", "mapping"] {
                try FileManager.default.createDirectory(atPath: "\(folder)/\(format)/\(kind)s", withIntermediateDirectories: true)
                for name in first.keys where name.hasSuffix(".\(kind).oscal.\(format)") {
                    try FileManager.default.copyItem(atPath: "\(folder)/first/\(name)", toPath: "\(folder)/\(format)/\(kind)s/\(name)")
                }
            }
        }
        func notes(_ format: String) throws -> [String?] {
            let result = InputLoader().load(["\(folder)/\(format)/catalogs", "\(folder)/\(format)/mappings"])
            XCTAssertEqual(result.diagnostics.filter { $0.severity == .error }.map(\.description), [])
            let mapping = try XCTUnwrap(result.mappings.first)
            return mapping.entries.flatMap { $0.links.map(\.note) }
        }
        let fromJSON = try notes("json"), fromXML = try notes("xml")
        XCTAssertTrue(fromJSON.contains(note), "\(fromJSON)")
        XCTAssertEqual(fromXML, fromJSON)
        let again = try export(folder + "/xml/catalogs", folder + "/xml/mappings", to: folder + "/again")
        XCTAssertEqual(again.keys.sorted(), first.keys.sorted())
        for (name, data) in first { XCTAssertEqual(again[name], data, "\(name): XML export → import → export must give the same bytes") }
    }
}
