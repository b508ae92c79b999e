import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import XCTest
import ZIPFoundation

/// Reads the .docx back as a user's tool would: unzip, find the parts, read the paragraphs
/// (style + text) of word/document.xml.
struct DOCXReader {
    struct Paragraph: Equatable {
        var style: String
        var text: String
    }

    let parts: [String: String]
    let partOrder: [String]

    init(_ bytes: [UInt8]) throws {
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        var parts: [String: String] = [:]
        var order: [String] = []
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = String(decoding: data, as: UTF8.self)
            order.append(entry.path)
        }
        self.parts = parts
        self.partOrder = order
    }

    /// Paragraphs of the body in order; style "Normal" when none is set.
    var paragraphs: [Paragraph] {
        guard let xml = parts["word/document.xml"] else { return [] }
        var result: [Paragraph] = []
        for chunk in xml.components(separatedBy: "<w:p>").dropFirst() {
            let body = chunk.components(separatedBy: "</w:p>")[0]
            let style = Self.between(body, "<w:pStyle w:val=\"", "\"").first ?? "Normal"
            let text = Self.between(body, "<w:t xml:space=\"preserve\">", "</w:t>").joined()
            result.append(Paragraph(style: style, text: Self.unescape(text)))
        }
        return result
    }

    static func between(_ text: String, _ start: String, _ end: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: start), let close = rest[open.upperBound...].range(of: end) {
            out.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return out
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}

enum RegulationFixture {
    static func resolved() throws -> ResolvedMapping {
        let result = InputLoader().load([TestPaths.fixture("regulation/Catalogs"), TestPaths.fixture("regulation/Mappings")])
        XCTAssertEqual(result.diagnostics, [])
        return try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
    }

    static func document(level: Level? = nil, part: String? = nil, minimum: Bool = false, date: String? = nil) throws -> RegulationDocument {
        let options = RegulationOptions(baseCatalog: "fixture-base", maxLevel: level,
                                        part: part.map { .init(tag: $0, allTags: ["management", "technical"]) },
                                        minimum: minimum, date: date)
        return try RegulationBuilder(try resolved(), options: options).build()
    }
}

final class RegulationDOCXTests: XCTestCase {
    /// These tests read the inline form (`--annotations inline`): annotations and 反映案 as
    /// paragraphs of their own styles. The comment form: RegulationCommentsTests.
    func read(_ document: RegulationDocument) throws -> DOCXReader {
        var inline = document
        inline.annotationStyle = .inline
        return try DOCXReader(try RegulationDOCXEmitter().render(inline))
    }

    func testPackageHasTheWordprocessingParts() throws {
        let reader = try read(try RegulationFixture.document())
        XCTAssertEqual(reader.partOrder, [
            "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
            "word/styles.xml", "word/settings.xml", "word/footer1.xml", "docProps/core.xml", "docProps/app.xml",
        ])
        let styles = try XCTUnwrap(reader.parts["word/styles.xml"])
        for level in 1...3 {
            XCTAssertTrue(styles.contains("w:styleId=\"Heading\(level)\"><w:name w:val=\"heading \(level)\"/>"))
            XCTAssertTrue(styles.contains("<w:outlineLvl w:val=\"\(level - 1)\"/>"))
        }
        XCTAssertTrue(styles.contains("w:eastAsia=\"游明朝\""))
        XCTAssertTrue(styles.contains("<w:lang w:val=\"en-US\" w:eastAsia=\"ja-JP\""))
        XCTAssertTrue(styles.contains("w:styleId=\"Annotation\""))
        XCTAssertTrue(styles.contains("w:styleId=\"RevisionNote\""))
        let body = try XCTUnwrap(reader.parts["word/document.xml"])
        XCTAssertTrue(body.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4 portrait")
        // No field by default, so Word does not ask to update fields on opening.
        XCTAssertFalse(body.contains("<w:instrText"))
        XCTAssertFalse(try XCTUnwrap(reader.parts["word/settings.xml"]).contains("updateFields"))
        XCTAssertTrue(try XCTUnwrap(reader.parts["docProps/core.xml"]).contains("2024-04-01T00:00:00Z"), "latest catalog date")
    }

    func testHeadingsInOrderWithOutlineStyles() throws {
        let paragraphs = try read(try RegulationFixture.document()).paragraphs
        let headings = paragraphs.filter { $0.style.hasPrefix("Heading") }.map { "\($0.style) \($0.text)" }
        XCTAssertEqual(headings, [
            "Heading1 第1章 組織", "Heading2 1.委員会　［優先度 LV1］", "Heading2 2.点検　［優先度 LV2］",
            "Heading1 第2章 情報資産", "Heading2 1.管理",
            "Heading3 1.1 特定　［優先度 LV1］", "Heading3 【業界独自の項目】〔テスト業界 No.5 (LV1)〕 現場写真を管理する",
            "Heading1 第3章 委託", "Heading1 付録 業界独自の項目（配置先の指定なし）",
            "Heading2 【業界独自の項目】〔テスト業界 No.6〕 協力会社へ周知する",
            "Heading2 【業界独自の項目】〔テスト業界 No.9 (LV1)〕 配置先が別カタログの項目",
        ])
        // The table of contents lists the same headings before the body.
        XCTAssertEqual(paragraphs.filter { $0.style.hasPrefix("TOC") && $0.style != "TOCHeading" }.map(\.text),
                       paragraphs.filter { $0.style.hasPrefix("Heading") }.map { $0.text.components(separatedBy: "　［優先度")[0] })
    }

    /// The annotation paragraphs that directly follow a heading (after its body text).
    func annotations(after heading: String, in paragraphs: [DOCXReader.Paragraph]) -> [String] {
        guard let start = paragraphs.firstIndex(where: { $0.style.hasPrefix("Heading") && $0.text == heading }) else { return [] }
        return paragraphs[(start + 1)...].prefix { !$0.style.hasPrefix("Heading") }
            .filter { $0.style == "Annotation" }.map(\.text)
    }

    func testAnnotationNextToEachMappedSection() throws {
        let paragraphs = try read(try RegulationFixture.document()).paragraphs
        XCTAssertEqual(annotations(after: "1.委員会　［優先度 LV1］", in: paragraphs),
                       ["業界ガイドラインの対応項目（優先度 LV1）", "〔テスト業界 No.1 (LV1)〕 方針を定める", "〔テスト業界 No.2 (LV2)〕 責任者を置く"])
        XCTAssertEqual(annotations(after: "2.点検　［優先度 LV2］", in: paragraphs),
                       ["業界ガイドラインの対応項目（優先度 LV2）", "〔テスト業界 No.2 (LV2)〕 責任者を置く",
                        "〔テスト業界 No.4 (LV3)〕 ログを保管する", "〔テスト業界 No.8 (LV2)〕 二つの分類にまたがる項目"])
        XCTAssertEqual(annotations(after: "第1章 組織", in: paragraphs), [])
        // The body text stays in the normal style, before the annotation.
        let index = try XCTUnwrap(paragraphs.firstIndex { $0.style == "Heading2" && $0.text.hasPrefix("1.委員会") })
        XCTAssertEqual(paragraphs[index + 1], .init(style: "Normal", text: "テスト用の節本文（委員会）。"))
        XCTAssertEqual(paragraphs[index + 2].style, "Annotation")
        // Revision notes are in their own style, escaped text intact.
        let revisions = paragraphs.filter { $0.style == "RevisionNote" }.map(\.text)
        XCTAssertTrue(revisions.contains("パスワードは<8文字>以上 & *記号* を含める。"))
        XCTAssertTrue(revisions.contains("二行目の修正案。"))
        XCTAssertTrue(revisions.contains("【反映案】〔テスト業界 No.4 (LV3)〕 ログを保管する"))
    }

    func testEveryIndustryOnlyItemExactlyOnce() throws {
        let paragraphs = try read(try RegulationFixture.document()).paragraphs
        for marker in ["〔テスト業界 No.5 (LV1)〕", "〔テスト業界 No.6〕", "〔テスト業界 No.9 (LV1)〕"] {
            let headings = paragraphs.filter { $0.style.hasPrefix("Heading") && $0.text.contains(marker) }
            XCTAssertEqual(headings.count, 1, marker)
        }
        XCTAssertEqual(paragraphs.filter { $0.style == "IndustryBody" }.map(\.text), [
            "現場写真の取扱いを定める（テスト用の反映案）。",
            "（反映案は突合表に未記入です）", "業界ガイドライン項目の概要: テスト項目6の概要。",
            "テスト項目9の反映案。",
        ])
        XCTAssertFalse(paragraphs.contains { $0.text.contains("No.7") }, "unreviewed items are left out")
    }

    func testLevelFilterAndSplitInTheDocument() throws {
        let lv1 = try read(try RegulationFixture.document(level: .lv1)).paragraphs.map(\.text).joined(separator: "\n")
        XCTAssertTrue(lv1.contains("〔テスト業界 No.1 (LV1)〕"))
        XCTAssertFalse(lv1.contains("No.2 (LV2)"))
        XCTAssertFalse(lv1.contains("No.4 (LV3)"))
        XCTAssertTrue(lv1.contains("〔テスト業界 No.6〕"), "unlevelled items stay in")
        XCTAssertTrue(lv1.contains("LV1 までの項目"))

        let technical = try read(try RegulationFixture.document(part: "technical")).paragraphs.map(\.text).joined(separator: "\n")
        XCTAssertTrue(technical.contains("技術対策編"))
        XCTAssertTrue(technical.contains("〔テスト業界 No.3 (LV1)〕"))
        XCTAssertFalse(technical.contains("〔テスト業界 No.1 (LV1)〕"))
    }

    func testByteIdenticalAcrossRuns() throws {
        let document = try RegulationFixture.document(date: "2024-06-01")
        let first = try RegulationDOCXEmitter().render(document)
        let second = try RegulationDOCXEmitter().render(try RegulationFixture.document(date: "2024-06-01"))
        XCTAssertEqual(first, second)
        XCTAssertTrue(try XCTUnwrap(try DOCXReader(first).parts["docProps/core.xml"]).contains("2024-06-01T00:00:00Z"))
    }

    func testWellFormedXMLWhateverTheText() throws {
        var document = try RegulationFixture.document()
        document.title = "A & B <c> \"d\" \u{0007}bell"
        let reader = try read(document)
        // A control character XML cannot hold is shown as U+FFFD, never silently dropped.
        XCTAssertEqual(reader.paragraphs.first, .init(style: "Title", text: "A & B <c> \"d\" \u{FFFD}bell"))
        XCTAssertTrue(try XCTUnwrap(reader.parts["docProps/core.xml"]).contains("<dc:title>A &amp; B &lt;c&gt; &quot;d&quot; \u{FFFD}bell</dc:title>"))
    }
}
