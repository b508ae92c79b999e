import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoPipeline
import XCTest

/// `import catalog` of a regulation document (.docx): the catalog written from the fixtures
/// made as Word writes them and as LibreOffice resaves them (Tests/Fixtures/docx), and the
/// provisions syntax of both catalog formats, which must read back what was imported.
final class ImportRegulationTests: XCTestCase {
    let folder = TestPaths.fixture("docx")

    func overrides() -> ImportRecipe {
        let here = SourceLocation(file: "command line")
        var recipe = ImportRecipe()
        recipe.id = .init("sample-regulation", at: here)
        recipe.title = .init("情報セキュリティ管理規程（記入例）", at: here)
        recipe.publisher = .init("記入例", at: here)
        recipe.version = .init("1", at: here)
        return recipe
    }

    func importing(_ name: String, overrides: ImportRecipe? = nil) -> (result: Pipeline.ImportedCatalog?, failure: CommandFailure?, log: DiagnosticLog, out: String) {
        let out = TestPaths.temporaryFolder() + "/regulation.txt"
        let log = DiagnosticLog()
        var result: Pipeline.ImportedCatalog?
        let request = Pipeline.ImportCatalogRequest(source: folder + "/" + name, overrides: overrides ?? self.overrides(),
                                                    destination: .file(out), date: "2026-11-30")
        let failure = failure { () throws(CommandFailure) in result = try Pipeline.importCatalog(request, diagnostics: log) }
        return (result, failure, log, out)
    }

    func written(_ path: String) throws -> Catalog {
        let inputs = InputLoader().load([path])
        XCTAssertEqual(inputs.diagnostics.map(\.description), [])
        return try XCTUnwrap(inputs.catalogs.first)
    }

    func item(_ catalog: Catalog, _ id: String) throws -> CatalogItem { try XCTUnwrap(catalog.allItems.first { $0.id == id }, id) }

    func testWordDocumentBecomesChaptersSectionsAndProvisions() throws {
        let run = importing("regulation-word.docx")
        XCTAssertNil(run.failure, run.log.diagnostics.map(\.description).joined(separator: "\n"))
        let catalog = try written(run.out)
        XCTAssertEqual(catalog.items.map(\.label), ["第1章 総則", "第2章 組織と責任", "第3章 日常の対策"])
        XCTAssertEqual(catalog.allItems.map(\.id), ["1", "1.1", "1.2", "2", "2.1", "2.2", "2.2.1", "2.2.2", "3", "3.1", "3.2"])
        XCTAssertEqual(try item(catalog, "2.2.1").label, "（１）定期の見直し")
        XCTAssertEqual(try item(catalog, "1.2").withoutLocations().provisions, [
            .paragraph(ProvisionParagraph(text: "この規程は、当社の役員及び従業員（派遣社員を含む。）に適用する。対象とする情報資産は次のとおりとする。")),
            .paragraph(ProvisionParagraph(kind: .bullet(marker: "●", depth: 0), text: "社内で作成した文書及び電子データ")),
            .paragraph(ProvisionParagraph(kind: .bullet(marker: "●", depth: 0), text: "取引先から預かった図面")),
            .paragraph(ProvisionParagraph(kind: .bullet(marker: "・", depth: 1), text: "紙に印刷したもの")),
            .paragraph(ProvisionParagraph(kind: .bullet(marker: "●", depth: 0), text: "業務に使う機器")),
        ])
        let roles = try item(catalog, "2.1").withoutLocations().provisions
        XCTAssertEqual(roles, [
            .paragraph(ProvisionParagraph(text: "情報セキュリティのための体制と、各役職の役割は次の表のとおりとする。")),
            .table(ProvisionTable(rows: [
                ["役職名", "役割と責任"],
                ["情報セキュリティ責任者", "規程の整備と見直しを統括し、○○部長がこれにあたる。"],
                ["情報セキュリティ担当者", "日々の点検を行い、その結果を記録する。"],
                ["", "事故の報告を受け、責任者に伝える。"],
                ["担当者は毎年○月に指名する。", ""],
            ], headerRows: 1)),
        ])
        // The placeholder ○月 is kept in the text and found by the model.
        guard case .paragraph(let review) = try item(catalog, "2.2").provisions.first else { return XCTFail("no paragraph") }
        XCTAssertEqual(review.text, "責任者は、毎年○月に本規程を見直す。必要に応じて臨時の見直しも行う。")
        XCTAssertEqual(review.placeholders.map { String(review.text[$0]) }, ["○"])
        XCTAssertEqual(try item(catalog, "3.1").withoutLocations().provisions.dropFirst().map { block -> String in
            guard case .paragraph(let p) = block, case .numbered(let label, let depth) = p.kind else { return "?" }
            return "\(depth) \(label) \(p.text)"
        }, ["0 ア. 他人に教えない。", "0 イ. 推測されやすいものを使わない。", "1 (イ) 誕生日", "1 (ロ) 電話番号", "2 ① 数字だけのもの"])
        // Provenance and what was read.
        XCTAssertEqual(catalog.provenance.count, 1)
        XCTAssertTrue(catalog.provenance[0].hasPrefix("取り込み元: regulation-word.docx（SHA-256 "), catalog.provenance[0])
        XCTAssertTrue(catalog.provenance[0].hasSuffix("）。2026-11-30 取り込み。"), catalog.provenance[0])
        XCTAssertEqual(catalog.completeness, "文書の段落36件・表1件を読み、見出し11件を項目として、その間の本文・箇条書き・表を各項目の規定として取り込んだ（最初の見出しより前の1件は取り込んでいない）。")
        XCTAssertEqual(run.result?.itemsImported, 11)
        XCTAssertEqual(run.result?.fromDocument, true)
        // Nothing left out silently: the title before the first heading, the footnote, the
        // comment, the tracked changes and the text box are each reported.
        let messages = run.log.diagnostics.map(\.message)
        XCTAssertEqual(messages.count, 6, messages.joined(separator: "\n"))
        XCTAssertTrue(run.log.diagnostics.map(\.description).contains(
            "\(folder)/regulation-word.docx:paragraph 1: warning: \"情報セキュリティ管理規程（記入例）\" comes before the first heading: it belongs to no item and is not imported"))
        XCTAssertTrue(messages.contains { $0.contains("has a comment by 審査担当, not imported: \"臨時の見直しの条件を決めておくこと。\"") })
        XCTAssertTrue(run.log.diagnostics.allSatisfy { $0.severity == .warning })
    }

    /// Word and LibreOffice write numbering differently (LibreOffice: styles Heading1…, its own
    /// numIds, taiwaneseCountingThousand for 漢数字, Wingdings bullets); both import to the same
    /// catalog. LibreOffice saves full-width イロハ as half-width iroha, so list labels are
    /// compared as ids are, after normalisation.
    func testWordAndLibreOfficeFilesImportToTheSameCatalog() throws {
        let word = importing("regulation-word.docx")
        let office = importing("regulation-libreoffice.docx")
        XCTAssertNil(word.failure)
        XCTAssertNil(office.failure, office.log.diagnostics.map(\.description).joined(separator: "\n"))
        func comparable(_ catalog: Catalog) -> [CatalogItem] {
            func fold(_ item: CatalogItem) -> CatalogItem {
                var item = item.withoutLocations()
                item.provisions = item.provisions.map { block in
                    guard case .paragraph(var p) = block, case .numbered(let label, let depth) = p.kind else { return block }
                    p.kind = .numbered(label: Normalization.text(label), depth: depth)
                    return .paragraph(p)
                }
                item.children = item.children.map(fold)
                return item
            }
            return catalog.items.map(fold)
        }
        let a = try written(word.out), b = try written(office.out)
        XCTAssertEqual(comparable(a), comparable(b))
        XCTAssertEqual(a.allItems.map(\.number), b.allItems.map(\.number))
        XCTAssertEqual(word.log.diagnostics.map(\.message), office.log.diagnostics.map(\.message).map {
            $0.replacingOccurrences(of: "regulation-libreoffice", with: "regulation-word")
        })
    }

    func testTwoHeadingsWithTheSameNumberAreReportedAndKeptApart() throws {
        let run = importing("regulation-restarted.docx")
        XCTAssertNil(run.failure)
        let catalog = try written(run.out)
        XCTAssertEqual(catalog.items.map { "\($0.id) \($0.label)" }, ["1 第1章 総則", "1-2 第1章 附則", "p1 付記"])
        // Regression: U+2028 in a paragraph (a line break to a reader, refused by structured
        // text) made the written catalog fail to read back; now a line break.
        XCTAssertEqual(catalog.items[2].withoutLocations().provisions, [.paragraph(ProvisionParagraph(text: "付記の本文。\n二行目。"))])
        XCTAssertEqual(run.log.diagnostics.map(\.description), [
            "\(folder)/regulation-restarted.docx:paragraph 4: warning: the heading \"附則\" computes the number '第1章' (id 1), as paragraph 1 (\"総則\") does; it gets the id 1-2. Check the numbering in Word (a restarted or second list?)",
        ])
    }

    /// Regression: a C1 control character (valid XML 1.0, refused by both catalog formats) made the
    /// written catalog fail to read back, an internal error; now an error at its paragraph.
    func testControlCharacterIsAnErrorAtItsParagraph() {
        let out = TestPaths.temporaryFolder() + "/x.txt"
        let log = DiagnosticLog()
        let request = Pipeline.ImportCatalogRequest(source: TestPaths.fixture("bad/docx-control-character.docx"), overrides: overrides(),
                                                    destination: .file(out))
        XCTAssertEqual(failure { () throws(CommandFailure) in try Pipeline.importCatalog(request, diagnostics: log) }, .badInput)
        XCTAssertEqual(log.diagnostics.map(\.description),
                       ["\(TestPaths.fixture("bad/docx-control-character.docx")):paragraph 2: error: control character U+0085 in the paragraph \"本文\u{85}です。\"; remove it in Word"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testMissingFrontMatterAndTableOptionsAreReported() {
        var recipe = overrides()
        recipe.id = nil
        recipe.idColumn = .init("A", at: SourceLocation(file: "command line"))
        let run = importing("regulation-word.docx", overrides: recipe)
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.diagnostics.filter { $0.location.file == "command line" }.map(\.description), [
            "command line:1:1: error: the catalog's id is not given: write 'id: …' in the recipe or pass --id",
            "command line:1:1: warning: id-column is for tables; a document's items are its headings, so it is not used",
        ])
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.out))
    }

    // MARK: provisions in the two catalog formats

    static let tricky: [ProvisionBlock] = [
        .paragraph(ProvisionParagraph(text: "本文。")),
        .paragraph(ProvisionParagraph(text: "- ハイフンで始まる本文\n二行目は \\ を含む")),
        .paragraph(ProvisionParagraph(text: "　字下げした本文")),
        .paragraph(ProvisionParagraph(text: "# 見出しに見える本文")),
        .paragraph(ProvisionParagraph(text: "@id: 属性に見える本文")),
        .paragraph(ProvisionParagraph(kind: .bullet(marker: "●", depth: 0), text: "箇条")),
        .paragraph(ProvisionParagraph(kind: .bullet(marker: "", depth: 2), text: " 記号なし、空白で始まる")),
        .paragraph(ProvisionParagraph(kind: .numbered(label: "第 1", depth: 1), text: "空白を含む番号")),
        .table(ProvisionTable(rows: [["役職名", "役割と責任"], ["a | b", " 前後に空白 "], ["---", "二行\nのセル"], ["", ""]], headerRows: 1)),
        .table(ProvisionTable(rows: [["見出し行なし"]], headerRows: 0)),
        .table(ProvisionTable(rows: [["見出し行だけ"]], headerRows: 1)),
    ]

    func catalogText(_ lines: [String]) -> String {
        "---\nid: t\ntitle: t\nshort-title: t\npublisher: t\nversion: 1\ncompleteness: t\n---\n\n# 1 | 項目\n@provisions:\n"
            + lines.joined(separator: "\n") + "\n\n# 2 | 次の項目\n本文（規定ではない説明）。\n"
    }

    func parse(_ text: String, path: String = "t.txt") throws -> Catalog {
        try CatalogTextParser().parse(InputFile.decode(Array(text.utf8), path: path))
    }

    func testProvisionsRoundTripThroughStructuredText() throws {
        let text = catalogText(ProvisionText.render(Self.tricky))
        let catalog = try parse(text)
        XCTAssertEqual(catalog.items[0].withoutLocations().provisions, Self.tricky, text)
        XCTAssertEqual(catalog.items[1].text, "本文（規定ではない説明）。")
        XCTAssertEqual(catalog.items[1].provisions, [])
        // Written again, the same lines.
        XCTAssertEqual(ProvisionText.render(catalog.items[0].provisions), ProvisionText.render(Self.tricky))
    }

    func testProvisionsSyntaxAsDocumented() throws {
        let catalog = try parse(catalogText([
            "本規程は、当社の情報資産を守るために定める。",
            "- ● 社内の機器",
            "  - ・ 持ち出す記録媒体",
            "+ (1) 番号付きの項目",
            "| 役職名 | 役割と責任 |",
            "|---|---|",
            "| 責任者 | ○月までに方針を定める |",
        ]))
        XCTAssertEqual(catalog.items[0].withoutLocations().provisions, [
            .paragraph(ProvisionParagraph(text: "本規程は、当社の情報資産を守るために定める。")),
            .paragraph(ProvisionParagraph(kind: .bullet(marker: "●", depth: 0), text: "社内の機器")),
            .paragraph(ProvisionParagraph(kind: .bullet(marker: "・", depth: 1), text: "持ち出す記録媒体")),
            .paragraph(ProvisionParagraph(kind: .numbered(label: "(1)", depth: 0), text: "番号付きの項目")),
            .table(ProvisionTable(rows: [["役職名", "役割と責任"], ["責任者", "○月までに方針を定める"]], headerRows: 1)),
        ])
        XCTAssertEqual(catalog.items[0].provisions[1].line, 13)
    }

    func testProvisionsMistakesAreErrorsAtTheirLine() {
        XCTAssertThrowsError(try parse(catalogText(["   - ● 三つの空白", "@level: LV1", "| a |", "|---|", "|---|"]))) { error in
            XCTAssertEqual((error as? DiagnosticError)?.diagnostics.map(\.description), [
                "t.txt:12:1: error: list items are indented by two spaces per depth; this one by 3",
                "t.txt:13:1: error: an attribute after the item's provisions: attributes go right under the heading (start a paragraph that begins with '@' with '\\@')",
                "t.txt:16:1: error: a table has one header separator line (|---|), under its header rows",
            ])
        }
    }

    func testXMLCatalogCarriesTheSameProvisions() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <catalog xmlns="urn:totsugo:catalog:1" id="t">
          <title>t</title><short-title>t</short-title><publisher>t</publisher><version>1</version><completeness>t</completeness>
          <item number="1" id="1"><heading>項目</heading>
            <provisions>
              <p>本規程は、当社の情報資産を守るために定める。</p>
              <p kind="bullet" mark="●">社内の機器</p>
              <p kind="bullet" mark="・" depth="1">持ち出す記録媒体</p>
              <p kind="numbered" mark="(1)">番号付きの項目</p>
              <table header-rows="1">
                <row><cell>役職名</cell><cell>役割と責任</cell></row>
                <row><cell>責任者</cell><cell>○月までに方針を定める</cell></row>
              </table>
            </provisions>
          </item>
          <item number="2" id="2"><heading>次の項目</heading><text>本文（規定ではない説明）。</text></item>
        </catalog>
        """
        let fromXML = try CatalogXMLParser().parse(InputFile.decode(Array(xml.utf8), path: "t.xml"))
        let fromText = try parse(catalogText([
            "本規程は、当社の情報資産を守るために定める。", "- ● 社内の機器", "  - ・ 持ち出す記録媒体", "+ (1) 番号付きの項目",
            "| 役職名 | 役割と責任 |", "|---|---|", "| 責任者 | ○月までに方針を定める |",
        ]))
        XCTAssertEqual(fromXML.withoutLocations().items, fromText.withoutLocations().items)
        XCTAssertThrowsError(try CatalogXMLParser().parse(InputFile.decode(Array(xml.replacingOccurrences(of: "kind=\"bullet\" mark=\"●\"", with: "kind=\"box\"").utf8), path: "t.xml")))
    }
}
