import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

final class RegulationDocumentTests: XCTestCase {
    static func resolved() throws -> ResolvedMapping {
        let result = InputLoader().load([TestPaths.fixture("regulation/Catalogs"), TestPaths.fixture("regulation/Mappings")])
        XCTAssertEqual(result.diagnostics, [])
        return try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
    }

    func build(_ options: RegulationOptions = RegulationOptions(baseCatalog: "fixture-base")) throws -> RegulationDocument {
        try RegulationBuilder(try Self.resolved(), options: options).build()
    }

    func options(level: Level? = nil, part: String? = nil, minimum: Bool = false) -> RegulationOptions {
        RegulationOptions(baseCatalog: "fixture-base", maxLevel: level,
                          part: part.map { .init(tag: $0, allTags: ["management", "technical"]) }, minimum: minimum)
    }

    /// Every section, depth first.
    func allSections(_ document: RegulationDocument) -> [RegulationDocument.Section] {
        var out: [RegulationDocument.Section] = []
        func visit(_ s: RegulationDocument.Section) { out.append(s); s.children.forEach(visit) }
        document.sections.forEach(visit)
        return out
    }

    func section(_ id: String, _ document: RegulationDocument) throws -> RegulationDocument.Section {
        try XCTUnwrap(allSections(document).first { $0.id == id }, "no section \(id)")
    }

    /// Industry item ids anywhere in the document (annotations, revisions, industry-only).
    func industryIDs(_ document: RegulationDocument) -> Set<String> {
        var ids = Set<String>()
        for s in allSections(document) {
            s.annotations.forEach { ids.insert($0.itemID) }
            s.revisions.forEach { ids.insert($0.reference.itemID) }
            s.industryOnly.forEach { ids.insert($0.reference.itemID) }
        }
        return ids
    }

    func testBaseStructureInOrderThenAppendix() throws {
        let document = try build()
        XCTAssertEqual(allSections(document).map(\.id), ["1", "1/1", "1/2", "2", "2/1", "2/1/1.1", "3", "appendix"])
        XCTAssertEqual(allSections(document).map(\.depth), [1, 2, 2, 1, 2, 3, 1, 1])
        XCTAssertEqual(try section("1", document).heading, "第1章 組織")
        XCTAssertEqual(try section("1", document).text, "テスト用の章本文（組織）。")
        XCTAssertEqual(document.sections.last?.kind, .appendix)
        XCTAssertEqual(document.title, "業界向け情報セキュリティサンプル規程（テスト業界）")
        XCTAssertNil(document.variant)
        XCTAssertEqual(document.variantSuffix, "")
    }

    func testAnnotationsListMappedItemsWithMarkers() throws {
        let document = try build()
        XCTAssertEqual(try section("1/1", document).annotations.map(\.marker), ["〔テスト業界 No.1 (LV1)〕", "〔テスト業界 No.2 (LV2)〕"])
        XCTAssertEqual(try section("1/1", document).annotations.map(\.label), ["方針を定める", "責任者を置く"])
        XCTAssertEqual(try section("1/2", document).annotations.map(\.itemID), ["1/2", "2/4", "3/8"])
        XCTAssertEqual(try section("2/1/1.1", document).annotations.map(\.itemID), ["2/3"])
        XCTAssertEqual(try section("2", document).annotations, [])
    }

    func testRevisionNotesGoToPlacementOrFirstMatch() throws {
        let document = try build()
        XCTAssertEqual(try section("1/1", document).revisions.map(\.text), ["委員会の構成にテスト業界の担当者を加える。"])
        XCTAssertEqual(try section("2/1/1.1", document).revisions.first?.text, "パスワードは<8文字>以上 & *記号* を含める。\n二行目の修正案。")
        // No.4 maps to 1/2 but its placement names chapter 3: the note goes where the mapping says.
        XCTAssertEqual(try section("3", document).revisions.map(\.reference.itemID), ["2/4"])
        XCTAssertEqual(try section("1/2", document).revisions, [])
    }

    func testIndustryOnlyItemsPlacedOrInAppendixExactlyOnce() throws {
        let document = try build()
        let placed = try section("2/1", document).industryOnly
        XCTAssertEqual(placed.map(\.reference.itemID), ["2/5"])
        XCTAssertEqual(placed.first?.proposal, "現場写真の取扱いを定める（テスト用の反映案）。")
        XCTAssertNil(placed.first?.fallbackReason)

        let appendix = try section("appendix", document).industryOnly
        XCTAssertEqual(appendix.map(\.reference.itemID), ["3/6", "3/9"])
        XCTAssertEqual(appendix[0].proposal, nil)
        XCTAssertEqual(appendix[0].summary, "テスト項目6の概要。")
        XCTAssertEqual(appendix[0].fallbackReason, "突合表に配置先の指定がありません。")
        XCTAssertEqual(appendix[1].proposal, "テスト項目9の反映案。")
        XCTAssertNil(appendix[1].summary)
        XCTAssertEqual(appendix[1].fallbackReason, "配置先「テスト別表 1.別表の項目」はテスト規程の項目ではありません。")

        let all = allSections(document).flatMap(\.industryOnly).map(\.reference.itemID)
        XCTAssertEqual(all.sorted(), ["2/5", "3/6", "3/9"])
    }

    func testUnreviewedItemsAreLeftOutAndCounted() throws {
        let document = try build()
        XCTAssertFalse(industryIDs(document).contains("3/7"))
        XCTAssertTrue(document.notes.contains("未突合の業界ガイドライン項目 1 件は本書に含まれていません。"))
        XCTAssertTrue(document.notes.contains("突合表の状態は「草案」です。対応付けは確定していません。"))
    }

    func testBlocksPutIndustryOnlyAfterChildren() throws {
        let blocks = try build().blocks
        let headings: [String] = blocks.compactMap {
            switch $0 {
            case let .heading(_, text, _): text
            case let .industryHeading(depth, item): "H\(depth) " + RegulationDocument.industryHeading(item)
            default: nil
            }
        }
        XCTAssertEqual(headings, [
            "第1章 組織", "1.委員会", "2.点検", "第2章 情報資産", "1.管理", "1.1 特定",
            "H3 【業界独自の項目】〔テスト業界 No.5 (LV1)〕 現場写真を管理する",
            "第3章 委託", "付録 業界独自の項目（配置先の指定なし）",
            "H2 【業界独自の項目】〔テスト業界 No.6〕 協力会社へ周知する",
            "H2 【業界独自の項目】〔テスト業界 No.9 (LV1)〕 配置先が別カタログの項目",
        ])
    }

    func testLevelFilterKeepsUnlevelledItems() throws {
        let document = try build(options(level: .lv1))
        XCTAssertEqual(industryIDs(document), ["1/1", "2/3", "2/5", "3/6", "3/9"])
        XCTAssertEqual(document.variantSuffix, ".lv1")
        XCTAssertEqual(document.variant, "LV1 までの項目")
        XCTAssertTrue(document.notes.contains("レベルが設定されていない項目 1 件は、どのレベル指定でも収録しています。"))
        XCTAssertTrue(document.notes.contains("収録範囲の条件により 3 件を除外しました。"))
        XCTAssertEqual(industryIDs(try build(options(level: .lv2))), ["1/1", "1/2", "2/3", "2/5", "3/6", "3/8", "3/9"])
        XCTAssertEqual(industryIDs(try build(options(level: .lv3))), industryIDs(try build()))
    }

    func testSplitByInheritedTagsUntaggedInBoth() throws {
        let management = try build(options(part: "management"))
        let technical = try build(options(part: "technical"))
        XCTAssertEqual(industryIDs(management), ["1/1", "1/2", "3/6", "3/8", "3/9"])
        XCTAssertEqual(industryIDs(technical), ["2/3", "2/4", "2/5", "3/6", "3/8", "3/9"])
        XCTAssertEqual(management.variantSuffix, ".management")
        XCTAssertEqual(technical.variant, "技術対策編")
        XCTAssertTrue(management.notes.contains("マネジメント対策・技術対策の分類タグがない項目 2 件は、各分冊に収録しています。"))
        // Every reviewed item is in at least one part.
        XCTAssertEqual(industryIDs(management).union(industryIDs(technical)), industryIDs(try build()))
        // Each part holds the base chapters that carry its items (日建連: parts with different
        // chapters); the chapters left out are named on the front page.
        XCTAssertEqual(allSections(management).map(\.id), ["1", "1/1", "1/2", "appendix"])
        XCTAssertEqual(allSections(technical).map(\.id), ["1", "1/1", "1/2", "2", "2/1", "2/1/1.1", "3", "appendix"])
        XCTAssertTrue(management.notes.contains("この分冊に収録する業界ガイドラインの項目がない章は省略しています: 第2章 情報資産、第3章 委託。"))
    }

    func testMinimumEditionKeepsOnlyTaggedItems() throws {
        let document = try build(options(minimum: true))
        XCTAssertEqual(industryIDs(document), ["1/1", "2/5"])
        XCTAssertEqual(document.variantSuffix, ".minimum")
        XCTAssertEqual(try build(options(level: .lv1, part: "technical", minimum: true)).variantSuffix, ".lv1.minimum.technical")
        XCTAssertNil(allSections(document).first { $0.id == "appendix" }, "no appendix chapter when nothing goes there")
    }

    func testFrontPageFactsComeFromInputsOnly() throws {
        let document = try build()
        let names = document.facts.map(\.name)
        XCTAssertFalse(names.contains("作成日"), "no generation date unless --date gives one")
        XCTAssertEqual(document.facts.first { $0.name == "基準日" }?.value, "2024-04（突合した文書の発行時期のうち最新）",
                       "otherwise the latest catalog date, never the clock")
        XCTAssertEqual(document.date, "2024-04")
        XCTAssertEqual(document.facts.first { $0.name == "業界ガイドラインの版" }?.value, "1.0版")
        XCTAssertEqual(document.facts.first { $0.name == "ベースの版" }?.value, "第1版")
        XCTAssertTrue(document.notes.contains("テスト業界の収録範囲: fixture: complete (test data, not a real guideline)"))
        var withDate = options()
        withDate.date = "2024-06-01"
        XCTAssertEqual(try build(withDate).facts.last, .init(name: "作成日", value: "2024-06-01"))
    }

    func testMissingBaseIsAnError() throws {
        let resolved = try Self.resolved()
        XCTAssertFalse(RegulationBuilder.targetsBase(resolved))
        XCTAssertThrowsError(try RegulationBuilder(resolved).build()) { error in
            XCTAssertEqual(error as? RegulationError, RegulationError(mapping: "fixture-regulation", base: "ipa-3.1-appendix5"))
        }
    }
}
