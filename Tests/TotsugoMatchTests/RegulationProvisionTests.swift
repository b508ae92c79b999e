import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

/// The regulation as a document to adopt (issue 16, second half): the base's provisions in
/// the body, one provision for items with the same 反映案, priority marks, cited numbers.
final class RegulationProvisionTests: XCTestCase {
    static func resolved(provisions: Bool = true) throws -> ResolvedMapping {
        let result = InputLoader().load([TestPaths.fixture("regulation-adopt/Catalogs"), TestPaths.fixture("regulation-adopt/Mappings")])
        XCTAssertEqual(result.diagnostics, [])
        let catalogs = provisions ? AdoptFixture.withProvisions(result.catalogs) : result.catalogs
        return try Resolver(catalogs: catalogs).resolve(try XCTUnwrap(result.mappings.first))
    }

    func build(provisions: Bool = true, _ options: RegulationOptions = RegulationOptions(baseCatalog: AdoptFixture.baseID)) throws -> RegulationDocument {
        try RegulationBuilder(try Self.resolved(provisions: provisions), options: options).build()
    }

    func section(_ id: String, _ document: RegulationDocument) throws -> RegulationDocument.Section {
        var all: [RegulationDocument.Section] = []
        func visit(_ s: RegulationDocument.Section) { all.append(s); s.children.forEach(visit) }
        document.sections.forEach(visit)
        return try XCTUnwrap(all.first { $0.id == id }, "no section \(id)")
    }

    func testSectionsCarryTheirProvisionsInOrderInsteadOfOurSummary() throws {
        let document = try build()
        XCTAssertEqual(try section("1/1", document).provisions, AdoptFixture.provisions["1/1"])
        XCTAssertEqual(try section("1/2", document).provisions, AdoptFixture.provisions["1/2"])
        // The blocks of a section with provisions: heading, provisions, then the annotation; our
        // summary (`text`) is not shown. A section without provisions keeps its summary.
        let blocks = document.blocks
        let committee = try XCTUnwrap(blocks.firstIndex(of: .heading(depth: 2, text: "1.委員会", appendix: false)))
        XCTAssertEqual(blocks[committee + 1], .provisions(AdoptFixture.provisions["1/1"]!))
        guard case .annotation(let references, _) = blocks[committee + 2] else { return XCTFail("\(blocks[committee + 2])") }
        XCTAssertEqual(references.map(\.itemID), ["1/1-1/1-1-1"])
        XCTAssertFalse(blocks.contains(.text("テスト用の節の概要（委員会）。")))
        let education = try XCTUnwrap(blocks.firstIndex(of: .heading(depth: 1, text: "第3章 教育", appendix: false)))
        XCTAssertEqual(blocks[education + 1], .text("テスト用の章の概要（教育）。"))
    }

    func testWithoutProvisionsTheDocumentIsHeadingsAndSummaries() throws {
        let document = try build(provisions: false)
        XCTAssertFalse(document.blocks.contains { if case .provisions = $0 { true } else { false } })
        XCTAssertTrue(document.blocks.contains(.text("テスト用の節の概要（委員会）。")))
        XCTAssertFalse(document.hasPlaceholders)
        XCTAssertFalse(document.notes.contains { $0.contains("各社で記入する箇所") })
    }

    func testPlaceholdersAreAnnouncedOnceOnTheFrontPage() throws {
        let document = try build()
        XCTAssertTrue(document.hasPlaceholders)
        XCTAssertEqual(document.notes.filter { $0.contains("各社で記入する箇所") }.count, 1)
    }

    /// The defect: parent `1-1`, child `1-1-1` were cited as 〔… 11-11-1-1〕.
    func testHyphenNumbersAreCitedAsWritten() throws {
        let document = try build()
        XCTAssertEqual(try section("1/1", document).annotations.map(\.marker), ["〔テスト業界H 1-1-1 (LV1)〕"])
        XCTAssertEqual(try section("1/2", document).annotations.map(\.marker), ["〔テスト業界H 1-1-2 (LV2)〕"])
    }

    func testItemsWithTheSame反映案BecomeOneProvisionListingAllNumbers() throws {
        let document = try build()
        let authentication = try section("2/1", document)
        XCTAssertEqual(authentication.revisions.count, 1)
        XCTAssertEqual(authentication.revisions[0].references.map(\.marker), ["〔テスト業界H 2-1-4 (LV3)〕", "〔テスト業界H 2-1-5 (LV3)〕"])
        XCTAssertEqual(authentication.revisions[0].text, "認証の記録を○年間保存する。")
        XCTAssertEqual(authentication.industryOnly.count, 1)
        let only = authentication.industryOnly[0]
        XCTAssertEqual(only.references.map(\.itemID), ["2/2-1/2-1-2", "2/2-1/2-1-3"])
        XCTAssertEqual(only.label, "取引先との接続を把握する／接続先を一覧にする")
        XCTAssertEqual(RegulationDocument.industryHeading(only),
                       "【業界独自の項目】〔テスト業界H 2-1-2 (LV2)〕〔テスト業界H 2-1-3 (LV2)〕 取引先との接続を把握する／接続先を一覧にする")
        // Every item is still cited (nothing dropped by the merge).
        XCTAssertEqual(document.industryItemCount, 7)
    }

    /// 自工会/部工会: a mapped item's 反映案 equal to an industry-only item's at the same place
    /// (7章, EDR) printed the same text twice.
    func testA反映案SharedWithAnIndustryOnlyItemIsOneProvision() throws {
        let result = InputLoader().load([TestPaths.root.appendingPathComponent("Catalogs").path,
                                         TestPaths.root.appendingPathComponent("Mappings/jama-japia.yaml").path])
        XCTAssertEqual(result.diagnostics.filter { $0.severity == .error }, [])
        let resolved = try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
        let document = try RegulationBuilder(resolved).build()
        var texts: [String] = []
        for block in document.blocks {
            switch block {
            case .revision(let revision): texts.append(revision.text)
            case .industryBody(let item): if let proposal = item.proposal { texts.append(proposal) }
            default: break
            }
        }
        XCTAssertFalse(texts.isEmpty)
        XCTAssertEqual(texts.count, Set(texts).count, "every 反映案 once: \(texts)")
    }

    func testPriorityIsTheHighestLevelMappedToTheProvision() throws {
        let document = try build()
        XCTAssertEqual(try section("2/1", document).priority, .lv1)
        XCTAssertEqual(try section("1/2", document).priority, .lv2)
        XCTAssertNil(try section("3", document).priority)
    }

    func testEditorNotesTravelWithThe反映案() throws {
        let document = try build()
        XCTAssertEqual(try section("1/2", document).revisions.first?.notes, ["テスト用の注記（役割表の見直し）。"])
    }

    func testChaptersAreNumberedApartFromSections() throws {
        let document = try build()
        XCTAssertEqual(document.sections.map(\.heading), ["第1章 組織", "第2章 技術", "第3章 教育"])
        XCTAssertEqual(try section("1/1", document).heading, "1.委員会")
    }

    func testSplitPartsHoldDifferentChapters() throws {
        func part(_ tag: String) throws -> RegulationDocument {
            try build(RegulationOptions(baseCatalog: AdoptFixture.baseID, part: .init(tag: tag, allTags: ["management", "technical"])))
        }
        XCTAssertEqual(try part("management").sections.map(\.heading), ["第1章 組織"])
        XCTAssertEqual(try part("technical").sections.map(\.heading), ["第2章 技術"])
        XCTAssertTrue(try part("technical").notes.contains("この分冊に収録する業界ガイドラインの項目がない章は省略しています: 第1章 組織、第3章 教育。"))
    }

    func testAnnotationStyleAndTOCFieldComeFromTheOptions() throws {
        XCTAssertEqual(try build().annotationStyle, .comments)
        XCTAssertTrue(try build().notes.contains { $0.hasPrefix("Word 版では、対応する業界ガイドラインの項目を余白のコメントに") })
        var options = RegulationOptions(baseCatalog: AdoptFixture.baseID)
        options.annotationStyle = .inline
        options.tocField = true
        let inline = try build(options)
        XCTAssertEqual(inline.annotationStyle, .inline)
        XCTAssertTrue(inline.tocField)
        XCTAssertFalse(inline.notes.contains { $0.contains("コメント") })
    }
}
