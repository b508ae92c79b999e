import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
@testable import TotsugoMatch
import XCTest

/// `MappingCarry` (a mapping rewritten for a new catalog version) and the stale-entry judgement
/// by the edition a mapping was written for.
final class CarryMappingTests: XCTestCase {
    private func shipped(_ name: String) -> Catalog {
        let result = InputLoader().load([TestPaths.root.appendingPathComponent("Catalogs/\(name)").path])
        XCTAssertEqual(result.diagnostics, [])
        return result.catalogs[0]
    }

    private var nikkenren: CatalogDiff { CatalogDiff(old: shipped("nikkenren-2019.txt"), new: shipped("nikkenren-2023.txt")) }
    private var demo: CatalogDiff { CatalogDiff(old: loadFixture("diff/old.txt").catalogs[0], new: loadFixture("diff/new.xml").catalogs[0]) }

    private func mapping(_ relative: String) -> Mapping { loadFixture(relative).mappings[0] }

    // MARK: - carry

    /// The shipped 日建連 2019 → 2023 pair: the source catalog's id changes, 1 changed (text),
    /// 添付 and あとがき removed.
    func testCarriesTheNikkenren2019MappingTo2023() {
        let carry = MappingCarry(mapping("carry/nikkenren-2019.yaml"), diff: nikkenren, id: "nikkenren-2023")
        XCTAssertEqual(carry.mapping.id, "nikkenren-2023")
        XCTAssertEqual(carry.mapping.source, "nikkenren-2023")
        XCTAssertEqual(carry.mapping.targets, ["ipa-3.1-appendix5"])
        XCTAssertEqual(carry.mapping.status, "not-complete", "a complete mapping with entries to re-review is 作業中 again")
        XCTAssertEqual(carry.entries.map(\.entry.item), ["1", "2", "3/3.1"])
        XCTAssertEqual(carry.entries.map(\.reReview), [["この項目は日建連 2023で本文が変わった"], [], []])
        XCTAssertEqual(carry.entries[1].entry.links.map(\.target.description), ["ipa-3.1-appendix5:3/1/1.1"])
        XCTAssertEqual(carry.entries[1].entry.placement?.description, "ipa-3.1-appendix5:3/1/1.1")
        XCTAssertEqual(carry.events.map(\.kind), [.reReview, .dropped, .dropped])
        XCTAssertEqual(carry.events.filter { $0.kind == .dropped }.map { "\($0.location?.line ?? 0) \($0.detail)" }, [
            "30 entry dropped: item '添付' was removed in nikkenren-2023 (2023年2月改訂)",
            "34 entry dropped: item 'あとがき' was removed in nikkenren-2023 (2023年2月改訂)",
        ])
    }

    /// The old catalog as the target: links follow the new catalog id; a link to a removed item is
    /// dropped and its entry goes back to re-review (never silently to "no counterpart").
    func testCarriesLinksIntoTheOldCatalog() {
        let carry = MappingCarry(mapping("carry/jama-to-nikkenren-2019.yaml"), diff: nikkenren)
        XCTAssertEqual(carry.mapping.targets, ["nikkenren-2023"])
        XCTAssertEqual(carry.entries[0].entry.links.map(\.target.description), ["nikkenren-2023:3/3.1"])
        XCTAssertEqual(carry.entries[0].entry.links[0].strength, 4)
        XCTAssertEqual(carry.entries[0].reReview, ["対応先 添付 は日建連 2023で削除された（対応を外した）"])
        XCTAssertEqual(carry.entries[1].entry.links.map(\.target.description), ["nikkenren-2023:3/3.2"])
        XCTAssertEqual(carry.entries[1].reReview, [])
        XCTAssertEqual(carry.events.map(\.kind), [.droppedLink, .reReview])
    }

    /// A synthetic renumbering (Tests/Fixtures/diff: 2.1 inserted, so 2.1 → 2.2; 2.3 moved to
    /// 4.1; 3.3 → 3.2 after 3.2 was removed; 1.1's text changed). Both versions share one id.
    func testCarriesASyntheticRenumbering() {
        let source = MappingCarry(mapping("diff/mappings/demo.yaml"), diff: demo)
        XCTAssertEqual(source.entries.map(\.entry.item), ["1/1.1", "2/2.2", "3/3.1"], "3/3.2 was removed: dropped")
        XCTAssertEqual(source.entries.map { !$0.reReview.isEmpty }, [true, false, false])
        XCTAssertEqual(source.entries[1].renumbered, ["2/2.1 → 2/2.2"])
        XCTAssertEqual(source.entries[1].entry.links.map(\.target.description), ["target-mini:b"], "links to other catalogs untouched")
        XCTAssertEqual(source.droppedCount, 1)
        let target = MappingCarry(mapping("diff/mappings/other.yaml"), diff: demo)
        XCTAssertEqual(target.entries[0].entry.links.map(\.target.description), ["demo-guide:4/4.1", "demo-guide:3/3.1"])
        XCTAssertEqual(target.events.map(\.detail), ["carried: 2/2.3 → 4/4.1"])
    }

    func testDefaultIDFollowsTheCatalogID() {
        XCTAssertEqual(MappingCarry.defaultID("nikkenren-2019", diff: nikkenren), "nikkenren-2023")
        XCTAssertEqual(MappingCarry.defaultID("jama-to-nikkenren-2019", diff: nikkenren), "jama-to-nikkenren-2023")
        XCTAssertEqual(MappingCarry.defaultID("demo-to-target", diff: demo), "demo-to-target")
    }

    /// Carried and diffed again: nothing is stale any more.
    func testACarriedMappingIsNotStale() {
        let carry = MappingCarry(mapping("carry/nikkenren-2019.yaml"), diff: nikkenren, id: "nikkenren-2023")
        var carried = carry.mapping
        carried.entries = carry.entries.filter { $0.reReview.isEmpty }.map(\.entry)
        XCTAssertEqual(MappingEdition(of: carried, diff: nikkenren), .new)
        XCTAssertEqual(StaleEntries.find(in: [carried], diff: nikkenren), [])
    }

    // MARK: - stale entries judged against the mapping's edition

    /// Regression: the shipped nikkenren-2023 mapping is written for 2023; it was flagged (entry 1,
    /// text changed) by the 2019 → 2023 diff.
    func testAMappingWrittenForTheNewVersionIsNotStale() {
        let result = InputLoader().load([TestPaths.root.appendingPathComponent("Mappings/nikkenren-2023.yaml").path])
        XCTAssertEqual(MappingEdition(of: result.mappings[0], diff: nikkenren), .new)
        XCTAssertEqual(StaleEntries.find(in: result.mappings, diff: nikkenren), [])
        // The 2019 mapping is still checked in full.
        XCTAssertEqual(StaleEntries.find(in: [mapping("carry/nikkenren-2019.yaml")], diff: nikkenren).map(\.entryItem),
                       ["1", "添付"], "あとがき is a todo entry: not reviewed, nothing to make stale")
    }

    /// Regression: every entry of a mapping written for the new edition was flagged when the old
    /// edition's items all read differently (here: the shipped 自工会/部工会 catalog against a copy
    /// of itself with another id and every heading changed: 94 of 94 entries).
    func testWholesaleNoiseIsGone() {
        let new = shipped("jama-japia-2.3.txt")
        var old = new
        old.id = "jama-japia-2.2"
        old.items = old.items.map { item in var item = item; item.heading += "（旧版）"; return item }
        let diff = CatalogDiff(old: old, new: new)
        XCTAssertEqual(diff.changed.count, new.items.count)
        let mappings = InputLoader().load([TestPaths.root.appendingPathComponent("Mappings/jama-japia.yaml").path]).mappings
        XCTAssertEqual(mappings[0].entries.count, 94)
        XCTAssertEqual(StaleEntries.find(in: mappings, diff: diff), [])
    }

    /// Regression: both versions share an id; a mapping naming items only the new version has is
    /// written for it, and its entries were judged against the old items: 3/3.2 (バックアップ in
    /// the new version) reported as removed, 2/2.1 (テレワークの規則, added) as renumbered.
    func testSharedIDMappingForTheNewVersion() {
        let newOnly = Mapping(id: "m", source: "demo-guide", targets: ["target-mini"], entries: [
            MappingEntry(item: "2/2.1", links: []),   // テレワークの規則 (added); the old 2/2.1 was renumbered
            MappingEntry(item: "3/3.2", links: []),   // バックアップ (renumbered from 3.3); the old 3/3.2 was removed
            MappingEntry(item: "4/4.1", links: []),   // only in the new version
            MappingEntry(item: "4", links: []),
        ])
        XCTAssertEqual(MappingEdition(of: newOnly, diff: demo), .new)
        XCTAssertEqual(StaleEntries.find(in: [newOnly], diff: demo), [])
        XCTAssertEqual(MappingEdition(of: mapping("diff/mappings/demo.yaml"), diff: demo), .old, "ids in both versions: checked as before")
    }
}
