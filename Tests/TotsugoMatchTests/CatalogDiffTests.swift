import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

/// Loads one catalog or the mappings of a fixture path, failing the test on any diagnostic.
func loadFixture(_ relative: String) -> InputLoader.Result {
    let result = InputLoader().load([TestPaths.fixture(relative)])
    XCTAssertEqual(result.diagnostics, [], "fixture \(relative) should load cleanly")
    return result
}

final class CatalogDiffTests: XCTestCase {
    var diff: CatalogDiff {
        CatalogDiff(old: loadFixture("diff/old.txt").catalogs[0], new: loadFixture("diff/new.xml").catalogs[0])
    }

    func testAddedAndRemoved() {
        let diff = self.diff
        XCTAssertEqual(diff.added.map(\.id), ["2/2.1", "4"])
        XCTAssertEqual(diff.removed.map(\.id), ["3/3.2"])
    }

    func testRenumberedAfterAnInsertionAndARemoval() {
        let pairs = diff.renumbered.map { "\($0.old.id)→\($0.new.id)" }
        XCTAssertEqual(pairs, ["2/2.1→2/2.2", "2/2.2→2/2.3", "3/3.3→3/3.2", "2/2.3→4/4.1"])
        XCTAssertTrue(diff.renumbered.allSatisfy { $0.match == .similarity && $0.similarity == 1 })
    }

    func testMovedToANewParent() {
        let moved = diff.moved
        XCTAssertEqual(moved.map(\.new.id), ["4/4.1"])
        XCTAssertEqual(moved.first?.oldParent?.id, "2")
        XCTAssertEqual(moved.first?.newParent?.id, "4")
    }

    func testChangedFieldsWithCharacterDiff() {
        let changed = Dictionary(uniqueKeysWithValues: diff.changed.map { ($0.new.id, $0.changes) })
        XCTAssertEqual(changed.keys.sorted(), ["1/1.1", "1/1.2"])
        XCTAssertEqual(changed["1/1.1"]?.map(\.field), [.text])
        XCTAssertEqual(changed["1/1.1"]?.first?.diff?.inline, "情報セキュリティ基本方針を策定し、全従業員{+および協力会社+}に周知する。")
        XCTAssertEqual(changed["1/1.2"]?.map(\.field), [.heading, .levels, .tags])
        XCTAssertEqual(changed["1/1.2"]?.first?.diff?.inline, "方針の{+定期的な+}見直し")
        XCTAssertEqual(changed["1/1.2"]?[1].old, "LV2")
        XCTAssertEqual(changed["1/1.2"]?[1].new, "LV1")
        XCTAssertEqual(diff.unchangedCount, 4)
    }

    func testSameCatalogHasNoChanges() {
        let catalog = loadFixture("diff/old.txt").catalogs[0]
        let diff = CatalogDiff(old: catalog, new: catalog)
        XCTAssertFalse(diff.hasChanges)
        XCTAssertEqual(diff.unchangedCount, catalog.allItems.count)
        XCTAssertTrue(diff.pairs.allSatisfy { $0.match == .id })
    }

    func testEditedItemKeepsItsIDWhenNothingCloserExists() {
        let old = catalog([item("1", "方針", "基本方針を策定する。")])
        let new = catalog([item("1", "体制", "責任者を任命して体制を作る。")])
        let diff = CatalogDiff(old: old, new: new)
        XCTAssertEqual(diff.pairs.map(\.match), [.id])
        XCTAssertEqual(diff.changed.first?.changes.map(\.field), [.heading, .text])
        XCTAssertTrue(diff.added.isEmpty && diff.removed.isEmpty)
    }

    func testChildOfRenumberedParentIsPairedByPosition() {
        // Chapter 3 became chapter 5; its child (1) was rewritten beyond the threshold.
        let old = catalog([item("3", "技術的対策", "技術面の対策。", children: [item("3/(1)", "ログ", "ログを取る。")])])
        let new = catalog([item("5", "技術的対策", "技術面の対策。", children: [item("5/(1)", "監視", "不正な通信を監視する。")])])
        let diff = CatalogDiff(old: old, new: new)
        XCTAssertEqual(diff.pairs.map { "\($0.old.id)→\($0.new.id) \($0.match)" }, ["3→5 similarity", "3/(1)→5/(1) position"])
        XCTAssertFalse(diff.pairs[1].moved, "same parent item, only renumbered")
        XCTAssertTrue(diff.pairs[1].renumbered)
    }

    func testThresholdDecidesBetweenRenumberedAndRemovedPlusAdded() {
        let old = catalog([item("1", "パスワード管理", "推測されにくいパスワードを設定する。")])
        let new = catalog([item("2", "パスワードの管理", "推測されにくいパスワードを設定し、使い回さない。")])
        let score = TextSimilarity.score(old.items[0], new.items[0])
        XCTAssertGreaterThan(score, TextSimilarity.defaultThreshold)
        XCTAssertEqual(CatalogDiff(old: old, new: new).renumbered.count, 1)
        let strict = CatalogDiff(old: old, new: new, threshold: score + 0.01)
        XCTAssertEqual(strict.renumbered.count, 0)
        XCTAssertEqual(strict.removed.map(\.id), ["1"])
        XCTAssertEqual(strict.added.map(\.id), ["2"])
    }

    func testSimilarityScores() {
        XCTAssertEqual(TextSimilarity.score(item("a", "従業員教育", "年一回"), item("b", "従業員教育", "年一回")), 1)
        XCTAssertEqual(TextSimilarity.score(item("a", "あい", nil), item("b", "うえ", nil)), 0)
        // Full-width and half-width forms compare equal (Normalization.key).
        XCTAssertEqual(TextSimilarity.score(item("a", "ＵＳＢメモリ", nil), item("b", "USBメモリ", nil)), 1)
    }

    func testCharacterDiff() {
        XCTAssertEqual(CharacterDiff(old: "年に一度見直す", new: "年に二度見直す").inline, "年に[-一-]{+二+}度見直す")
        XCTAssertEqual(CharacterDiff(old: "", new: "追加").inline, "{+追加+}")
        XCTAssertEqual(CharacterDiff(old: "削除", new: "").inline, "[-削除-]")
        XCTAssertEqual(CharacterDiff(old: "同じ", new: "同じ").segments.map(\.operation), [.equal])
    }

    func testStaleEntriesWithLocations() {
        let stale = StaleEntries.find(in: loadFixture("diff/mappings").mappings, diff: diff)
        let lines = stale.map { "\(($0.location?.file as NSString?)?.lastPathComponent ?? "?"):\($0.location?.line ?? 0) \($0.role.rawValue) \($0.reference) \($0.reasons.map(\.rawValue))" }
        XCTAssertEqual(lines, [
            "demo.yaml:8 source demo-guide:1/1.1 [\"changed\"]",
            "demo.yaml:12 source demo-guide:2/2.1 [\"renumbered\"]",
            "demo.yaml:20 source demo-guide:3/3.2 [\"removed\"]",
            "other.yaml:10 target demo-guide:2/2.3 [\"renumbered\", \"moved\"]",
        ])
    }

    // MARK: - helpers

    func item(_ id: String, _ heading: String, _ text: String?, children: [CatalogItem] = []) -> CatalogItem {
        CatalogItem(id: id, number: String(id.split(separator: "/").last ?? ""), heading: heading, text: text, children: children)
    }

    func catalog(_ items: [CatalogItem]) -> Catalog {
        Catalog(id: "t", title: "t", shortTitle: "t", publisher: "t", version: "1", completeness: "test", items: items)
    }
}
