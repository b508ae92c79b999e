import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import XCTest

/// The .docx as a document to adopt: provisions as real paragraphs, lists and tables; the
/// industry items as Word comments; 反映案 and industry-only items as tracked insertions.
final class RegulationCommentsTests: XCTestCase {
    static func document(provisions: Bool = true, style: RegulationDocument.AnnotationStyle = .comments) throws -> RegulationDocument {
        let result = InputLoader().load([TestPaths.fixture("regulation-adopt/Catalogs"), TestPaths.fixture("regulation-adopt/Mappings")])
        XCTAssertEqual(result.diagnostics, [])
        let catalogs = provisions ? AdoptFixture.withProvisions(result.catalogs) : result.catalogs
        let resolved = try Resolver(catalogs: catalogs).resolve(try XCTUnwrap(result.mappings.first))
        var options = RegulationOptions(baseCatalog: AdoptFixture.baseID)
        options.annotationStyle = style
        return try RegulationBuilder(resolved, options: options).build()
    }

    func render(_ document: RegulationDocument) throws -> DOCXReader {
        let bytes = try RegulationDOCXEmitter().render(document)
        // For looking at it as a user would (docs/regulation.md "Checking a render").
        if let folder = ProcessInfo.processInfo.environment["TOTSUGO_REGULATION_SAMPLE"] {
            let name = "adopt.\(document.annotationStyle.rawValue)\(document.sections.flatMap(\.children).contains { !$0.provisions.isEmpty } ? "" : ".no-provisions").docx"
            try Data(bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
        return try DOCXReader(bytes)
    }

    func ids(_ element: String, in xml: String) -> [String] {
        DOCXReader.between(xml, "<w:\(element) w:id=\"", "\"")
    }

    /// The first paragraph (`<w:p>…</w:p>`) of document.xml that contains `text` (and has `style`).
    func paragraphXML(containing text: String, style: String? = nil, in xml: String) throws -> String {
        let paragraphs = xml.components(separatedBy: "<w:p>").map { $0.components(separatedBy: "</w:p>")[0] }
        return try XCTUnwrap(paragraphs.first { paragraph in
            paragraph.contains(text) && (style.map { paragraph.contains("<w:pStyle w:val=\"\($0)\"/>") } ?? true)
        }, text)
    }

    func testCommentsPartIsDeclaredAndEveryCommentIsReferencedBothWays() throws {
        let reader = try render(try Self.document())
        let body = try XCTUnwrap(reader.parts["word/document.xml"])
        let comments = try XCTUnwrap(reader.parts["word/comments.xml"])
        XCTAssertTrue(try XCTUnwrap(reader.parts["[Content_Types].xml"]).contains(
            #"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#))
        XCTAssertTrue(try XCTUnwrap(reader.parts["word/_rels/document.xml.rels"]).contains(
            #"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml""#))
        let commentIDs = ids("comment", in: comments)
        XCTAssertEqual(commentIDs.count, 6, "1/1; 1/2 and its 反映案; 2/1, its 反映案 and the industry-only provision")
        XCTAssertEqual(Set(commentIDs).count, commentIDs.count)
        XCTAssertEqual(ids("commentRangeStart", in: body), commentIDs)
        XCTAssertEqual(ids("commentRangeEnd", in: body), commentIDs)
        XCTAssertEqual(ids("commentReference", in: body), commentIDs)
        // Ids are unique across comments and revisions.
        let revisionIDs = ids("ins", in: body)
        XCTAssertFalse(revisionIDs.isEmpty)
        XCTAssertEqual(Set(commentIDs + revisionIDs).count, commentIDs.count + revisionIDs.count)
        // Author and date: a neutral name and the regulation's input date, never the clock.
        XCTAssertEqual(Set(DOCXReader.between(comments, "w:author=\"", "\"") + DOCXReader.between(body, "w:author=\"", "\"")),
                       [RegulationDOCXEmitter.author])
        XCTAssertFalse(RegulationDOCXEmitter.author.contains("突合表"))
        XCTAssertEqual(Set(DOCXReader.between(comments, "w:date=\"", "\"") + DOCXReader.between(body, "w:date=\"", "\"")),
                       ["2024-10-01T00:00:00Z"])
    }

    func testTheCommentCitesTheItemsAndIsAnchoredOnTheProvision() throws {
        let reader = try render(try Self.document())
        let body = try XCTUnwrap(reader.parts["word/document.xml"])
        let comments = try XCTUnwrap(reader.parts["word/comments.xml"])
        let first = try XCTUnwrap(comments.components(separatedBy: "<w:comment ").dropFirst().first)
        XCTAssertEqual(DOCXReader.between(first, "<w:t xml:space=\"preserve\">", "</w:t>"),
                       ["業界ガイドラインの対応項目（優先度 LV1）", "〔テスト業界H 1-1-1 (LV1)〕 委員会を置く"])
        let id = try XCTUnwrap(ids("comment", in: comments).first)
        // Range opens in the section's first provision and closes after its last (a list item),
        // not on the heading.
        XCTAssertTrue(try paragraphXML(containing: "委員会は、毎年", in: body).contains("<w:commentRangeStart w:id=\"\(id)\"/>"))
        XCTAssertTrue(try paragraphXML(containing: "が保管する。", in: body).contains("<w:commentRangeEnd w:id=\"\(id)\"/>"))
        XCTAssertFalse(try paragraphXML(containing: ">1.委員会<", style: "Heading2", in: body).contains("commentRange"))
        // The role table's comment closes in the table's last cell.
        XCTAssertTrue(try paragraphXML(containing: "二行目の記述。", in: body).contains("<w:commentRangeEnd"))
        // No annotation boxes in the text.
        XCTAssertFalse(reader.paragraphs.contains { $0.style == "Annotation" || $0.style == "RevisionNote" })
    }

    func testWithoutProvisionsTheCommentIsOnTheHeading() throws {
        let reader = try render(try Self.document(provisions: false))
        let body = try XCTUnwrap(reader.parts["word/document.xml"])
        let heading = try paragraphXML(containing: ">1.委員会<", style: "Heading2", in: body)
        XCTAssertTrue(heading.contains("<w:commentRangeStart w:id=\"0\"/>"))
        XCTAssertTrue(heading.contains("<w:commentRangeEnd w:id=\"0\"/>"))
        XCTAssertTrue(heading.contains("<w:commentReference w:id=\"0\"/>"))
        XCTAssertNil(reader.parts["word/numbering.xml"], "no lists, no numbering part")
    }

    func testThe反映案AreTrackedInsertionsWithTheirItemsInAComment() throws {
        let reader = try render(try Self.document())
        let body = try XCTUnwrap(reader.parts["word/document.xml"])
        let comments = try XCTUnwrap(reader.parts["word/comments.xml"])
        let proposal = try paragraphXML(containing: "年間保存する。", in: body)
        // The paragraph mark and the runs are inserted, so rejecting removes the whole paragraph.
        XCTAssertTrue(proposal.contains("<w:pPr><w:rPr><w:ins w:id="))
        XCTAssertTrue(proposal.contains("<w:ins w:id=\""))
        XCTAssertTrue(proposal.contains("w:author=\"業界ガイドライン対応\" w:date=\"2024-10-01T00:00:00Z\"><w:r><w:t xml:space=\"preserve\">認証の記録を</w:t></w:r>"))
        // The placeholder inside the insertion is highlighted.
        XCTAssertTrue(proposal.contains("<w:r><w:rPr><w:highlight w:val=\"yellow\"/></w:rPr><w:t xml:space=\"preserve\">○</w:t></w:r>"))
        // The comment's end and reference mark are inside the insertion, so rejecting the
        // 反映案 removes its comment too.
        XCTAssertTrue(proposal.contains("年間保存する。</w:t></w:r><w:commentRangeEnd w:id="))
        XCTAssertTrue(proposal.hasSuffix("<w:commentReference w:id=\"\(ids("commentReference", in: proposal)[0])\"/></w:r></w:ins>"))
        // One insertion for both items, its comment lists both numbers.
        XCTAssertEqual(body.components(separatedBy: "年間保存する。").count - 1, 1)
        let comment = try XCTUnwrap(comments.components(separatedBy: "<w:comment ").first { $0.contains("2-1-4") && $0.contains("【反映案】") })
        XCTAssertEqual(DOCXReader.between(comment, "<w:t xml:space=\"preserve\">", "</w:t>"),
                       ["【反映案】", "〔テスト業界H 2-1-4 (LV3)〕 認証の記録を残す", "〔テスト業界H 2-1-5 (LV3)〕 認証の記録を点検する"])
        // The editor's note stays a comment.
        let noted = try XCTUnwrap(comments.components(separatedBy: "<w:comment ").first { $0.contains("1-1-2") && $0.contains("【反映案】") })
        XCTAssertTrue(noted.contains("注記: テスト用の注記（役割表の見直し）。"))
    }

    func testIndustryOnlyItemsAreInsertedAsProvisionsAtTheirPlacement() throws {
        let reader = try render(try Self.document())
        let body = try XCTUnwrap(reader.parts["word/document.xml"])
        let paragraphs = reader.paragraphs
        let heading = try XCTUnwrap(paragraphs.firstIndex { $0.style.hasPrefix("Heading") && $0.text == "取引先との接続を把握する／接続先を一覧にする" })
        XCTAssertEqual(paragraphs[heading].style, "Heading3", "one level below its placement 2/1")
        XCTAssertEqual(paragraphs[heading + 1].text, "取引先との接続を一覧にし、年に一度見直す。")
        XCTAssertTrue(try paragraphXML(containing: ">取引先との接続を把握する／", style: "Heading3", in: body).contains("<w:rPr><w:ins w:id="))
        XCTAssertTrue(try paragraphXML(containing: "年に一度見直す。", in: body).contains("<w:ins w:id="))
        XCTAssertFalse(paragraphs.contains { $0.text.contains("【業界独自の項目】") }, "a provision, not an instruction")
        XCTAssertTrue(paragraphs.contains(.init(style: "TOC3", text: "取引先との接続を把握する／接続先を一覧にする")))
        XCTAssertTrue(try XCTUnwrap(reader.parts["word/comments.xml"]).contains("〔テスト業界H 2-1-3 (LV2)〕 接続先を一覧にする"))
    }

    func testProvisionsAreRealListsAndTablesWithPlaceholdersHighlighted() throws {
        let reader = try render(try Self.document())
        let body = try XCTUnwrap(reader.parts["word/document.xml"])
        let numbering = try XCTUnwrap(reader.parts["word/numbering.xml"])
        XCTAssertTrue(numbering.contains("<w:lvlText w:val=\"●\"/>"))
        XCTAssertTrue(numbering.contains("<w:lvlText w:val=\"・\"/>"))
        XCTAssertTrue(try paragraphXML(containing: "議事の記録を残す。", in: body)
            .contains("<w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"))
        XCTAssertTrue(try paragraphXML(containing: "が保管する。", in: body).contains("<w:ilvl w:val=\"1\"/><w:numId w:val=\"2\"/>"))
        XCTAssertTrue(try paragraphXML(containing: "利用者は自分の", in: body).contains("<w:t xml:space=\"preserve\">(1)</w:t></w:r><w:r><w:tab/></w:r>"))
        // The role table: a w:tbl with a repeated header row and shaded header cells.
        let table = try XCTUnwrap(body.components(separatedBy: "<w:tbl>").dropFirst().first?.components(separatedBy: "</w:tbl>").first)
        XCTAssertEqual(table.components(separatedBy: "<w:tr>").count - 1, 3)
        XCTAssertEqual(table.components(separatedBy: "<w:tblHeader/>").count - 1, 1)
        XCTAssertEqual(table.components(separatedBy: "<w:gridCol ").count - 1, 2)
        XCTAssertTrue(table.contains("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">役割と責任</w:t></w:r>"))
        XCTAssertTrue(table.contains("<w:highlight w:val=\"yellow\"/></w:rPr><w:t xml:space=\"preserve\">＿＿＿＿</w:t>"))
        XCTAssertTrue(try paragraphXML(containing: "委員会は、毎年", in: body).contains("<w:highlight w:val=\"yellow\"/></w:rPr><w:t xml:space=\"preserve\">○</w:t>"))
        // Said once on the front page.
        XCTAssertEqual(reader.paragraphs.filter { $0.style == "FrontNote" && $0.text.contains("各社で記入する箇所") }.count, 1)
    }

    func testFooterHasPageNumbersAndNoFieldUpdatePromptByDefault() throws {
        var document = try Self.document()
        let reader = try render(document)
        let footer = try XCTUnwrap(reader.parts["word/footer1.xml"])
        XCTAssertTrue(footer.contains(#"<w:fldSimple w:instr=" PAGE ">"#))
        XCTAssertTrue(try XCTUnwrap(reader.parts["word/document.xml"]).contains(#"<w:footerReference w:type="default" r:id="rId10"/>"#))
        XCTAssertTrue(try XCTUnwrap(reader.parts["word/_rels/document.xml.rels"]).contains(#"Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml""#))
        XCTAssertFalse(try XCTUnwrap(reader.parts["word/settings.xml"]).contains("updateFields"))
        document.tocField = true
        let withField = try render(document)
        XCTAssertTrue(try XCTUnwrap(withField.parts["word/settings.xml"]).contains(#"<w:updateFields w:val="true"/>"#))
        XCTAssertTrue(try XCTUnwrap(withField.parts["word/document.xml"]).contains(#" TOC \o "1-3" \h \z \u "#))
    }

    func testInlineOptionKeepsBoxesAndWritesNoComments() throws {
        let reader = try render(try Self.document(style: .inline))
        XCTAssertNil(reader.parts["word/comments.xml"])
        XCTAssertFalse(try XCTUnwrap(reader.parts["word/document.xml"]).contains("<w:ins "))
        XCTAssertTrue(reader.paragraphs.contains(.init(style: "Annotation", text: "〔テスト業界H 1-1-1 (LV1)〕 委員会を置く")))
        XCTAssertTrue(reader.paragraphs.contains(.init(style: "RevisionNote", text: "注記: テスト用の注記（役割表の見直し）。")))
        // The provisions are there in both forms.
        XCTAssertTrue(reader.paragraphs.contains { $0.text == "議事の記録を残す。" })
    }

    func testByteIdenticalAcrossRuns() throws {
        XCTAssertEqual(try RegulationDOCXEmitter().render(try Self.document()), try RegulationDOCXEmitter().render(try Self.document()))
    }

    func testMarkdownAndHTMLShowProvisionsInline() throws {
        let document = try Self.document()
        let html = String(decoding: RegulationHTMLEmitter().render(document), as: UTF8.self)
        XCTAssertTrue(html.contains("<p class=\"provision\">委員会は、毎年<mark>○</mark>月に開催する。</p>"))
        XCTAssertTrue(html.contains("<li data-marker=\"●\">議事の記録を残す。</li>"))
        XCTAssertTrue(html.contains("<thead>\n<tr><th>役職名</th><th>役割と責任</th></tr>\n</thead>"))
        XCTAssertTrue(html.contains("<td><mark>＿＿＿＿</mark>の運用を行う。<br>\n二行目の記述。</td>"))
        XCTAssertTrue(html.contains("<ins>認証の記録を<mark>○</mark>年間保存する。</ins>"))
        let markdown = String(decoding: RegulationMarkdownEmitter().render(document), as: UTF8.self)
        if let folder = ProcessInfo.processInfo.environment["TOTSUGO_REGULATION_SAMPLE"] {
            try Data(markdown.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent("adopt.md"))
            try Data(html.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent("adopt.html"))
        }
        XCTAssertTrue(markdown.contains("委員会は、毎年<mark>○</mark>月に開催する。\n\n- 委員長は<mark>○○</mark>部長とする。\n- 議事の記録を残す。\n  - 記録は<mark>＿＿＿＿</mark>が保管する。\n"))
        XCTAssertTrue(markdown.contains("| 役職名 | 役割と責任 |\n| --- | --- |\n| 委員長 | 委員会を取りまとめる。 |\n"))
        XCTAssertTrue(markdown.contains("(1) 利用者は自分の認証情報を他人に教えない。"))
    }
}
