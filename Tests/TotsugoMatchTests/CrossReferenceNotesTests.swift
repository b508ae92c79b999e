import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

/// What the mapping says reaches the 突合表 (link notes, entry notes, the industry item's own
/// note), the duplicate 項目 column is gone, and each link shows whether it is still a candidate.
final class CrossReferenceNotesTests: XCTestCase {
    /// The fixture workspace with a note on the industry item 2/(2), notes on some links, and
    /// the review state of each link as given.
    private func resolved(confirmed: Set<String>, linkNotes: [String: String] = ["3/1": "台帳の節に当たる。"],
                          edit: (inout Mapping) -> Void = { _ in }) throws -> ResolvedMapping {
        let result = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        XCTAssertEqual(result.diagnostics, [])
        var catalogs = result.catalogs
        let industry = try XCTUnwrap(catalogs.firstIndex { $0.id == "industry" })
        catalogs[industry].items[1].children[1].note = "レベルは資料により異なる。"
        var mapping = try XCTUnwrap(result.mappings.first)
        edit(&mapping)
        for e in mapping.entries.indices {
            for l in mapping.entries[e].links.indices {
                let item = mapping.entries[e].links[l].target.item ?? ""
                mapping.entries[e].links[l].note = linkNotes[item]
                mapping.entries[e].links[l].review = confirmed.contains(item) ? .confirmed : .unconfirmed
            }
        }
        return try Resolver(catalogs: catalogs).resolve(mapping)
    }

    private func column(_ table: CrossReferenceTable, group: String, _ name: String) throws -> Int {
        var start = 0
        for g in table.groups {
            if g.title == group { return start + (try XCTUnwrap(g.columns.firstIndex(of: name), "\(group): \(name)")) }
            start += g.columns.count
        }
        XCTFail("no group \(group)")
        return -1
    }

    func testTargetGroupsHaveNoPathColumnBesideTheirLevels() throws {
        let table = CrossReferenceTable(try resolved(confirmed: []))
        XCTAssertEqual(table.groups[1].columns, ["大項目", "中項目", "記載内容", "関係", "備考"], "the levels are the path: no 項目 repeating them")
        XCTAssertEqual(table.groups[2].columns, ["診断項目", "記載内容", "関係"], "no link note into 付録S: no 備考")
        XCTAssertEqual(table.groups[0].columns, ["章", "項目", "記載内容", "レベル", "備考"])
        for row in table.rows { XCTAssertEqual(row.cells.count, table.columnCount) }
    }

    func testShippedTableHasNoRepeatedColumnAndShowsLinkNotes() throws {
        let result = InputLoader().load([TestPaths.root.appendingPathComponent("Catalogs").path,
                                         TestPaths.root.appendingPathComponent("Mappings/jama-japia.yaml").path])
        let mapping = try XCTUnwrap(result.mappings.first { $0.id == "jama-japia" })
        let table = CrossReferenceTable(try Resolver(catalogs: result.catalogs).resolve(mapping))
        for group in table.groups.dropFirst() {
            XCTAssertEqual(Set(group.columns).count, group.columns.count, "\(group.title): \(group.columns)")
        }
        let main = try XCTUnwrap(table.groups.first { $0.title == "IPA 本文" })
        XCTAssertEqual(main.columns, ["部", "区分・段階", "項目", "記載内容", "関係", "備考"])
        let note = try column(table, group: "IPA 本文", "備考")
        let first = try XCTUnwrap(table.rows.first)
        XCTAssertEqual(first.cells[note].text, "経営者が組織全体の対応方針を定める取組。\n第2部の基本方針の作成と周知。")
        let level = try column(table, group: table.groups[0].title, "備考")
        let no36 = try XCTUnwrap(table.rows.first { $0.cells[0].text.hasPrefix("No.36 ") })
        XCTAssertTrue(no36.cells[level].text.hasPrefix("レベル: 資料により異なる。"), no36.cells[level].text)
    }

    func testLinkNotesStandBesideTheirLinksAndEntryAndItemNotesStay() throws {
        let table = CrossReferenceTable(try resolved(confirmed: [], linkNotes: ["3/1": "台帳の節に当たる。", "25": "同じ決まり。"]))
        let row = table.rows[1]
        let linkNote = try column(table, group: "付録T", "備考")
        XCTAssertEqual(row.cells[linkNote].text, "台帳の節に当たる。\n", "one line per link, in catalog order (3/1 then 3/2)")
        XCTAssertEqual(row.cells[try column(table, group: "付録T", "中項目")].text, "1.情報資産の管理\n2.持ち出し")
        XCTAssertEqual(table.rows[2].cells[try column(table, group: "付録S", "備考")].text, "同じ決まり。")
        XCTAssertEqual(table.rows[2].cells[try column(table, group: table.groups[0].title, "備考")].text, "レベルは資料により異なる。")
        XCTAssertEqual(table.rows[0].cells[try column(table, group: CrossReferenceTable.proposalGroup, "備考")].text, "reviewed: no counterpart #N/A")
        XCTAssertTrue(table.rows[0].cells[linkNote] == .gap, "no link: #N/A like the rest of the group")
    }

    func testCellOfLineBreaksOnlyIsEmpty() throws {
        // 2/(1) → 3/2 and 4, neither with a text; only 3/2 has a note.
        let table = CrossReferenceTable(try resolved(confirmed: [], linkNotes: ["3/2": "持ち出しの節。"]) { mapping in
            mapping.entries[1].links[1].target = ItemReference(catalog: "target", item: "4")
        })
        let row = table.rows[1]
        XCTAssertEqual(row.cells[try column(table, group: "付録T", "大項目")].text, "3.情報資産管理\n4.アクセス制御")
        XCTAssertEqual(row.cells[try column(table, group: "付録T", "記載内容")], .text(""), "no cell of line breaks only")
        XCTAssertEqual(row.cells[try column(table, group: "付録T", "中項目")].text, "2.持ち出し\n", "a line with text keeps the alignment")
        XCTAssertEqual(row.cells[try column(table, group: "付録T", "備考")].text, "持ち出しの節。\n")
    }

    func testUnconfirmedLinksAreMarkedOnlyWhenTheMappingAlsoHasConfirmedOnes() throws {
        let mixed = CrossReferenceTable(try resolved(confirmed: ["25"]))
        let relation = try column(mixed, group: "付録T", "関係")
        XCTAssertEqual(mixed.rows[1].cells[relation].text, "一部に相当（意味上・強度 7/10）（未確認）\n一部重複（未確認）")
        XCTAssertEqual(mixed.rows[2].cells[try column(mixed, group: "付録S", "関係")].text, "同等", "confirmed: no mark")
        XCTAssertEqual(mixed.reviewLegend, "「関係」の末尾の（未確認） = 担当者がまだ確認していない候補。印のない対応は確認済（確認済 1 / 4 件）")

        let none = CrossReferenceTable(try resolved(confirmed: []))
        XCTAssertEqual(none.rows[1].cells[relation].text, "一部に相当（意味上・強度 7/10）\n一部重複", "every link a candidate: the legend says so once")
        XCTAssertEqual(none.reviewLegend, "対応はすべて未確認（担当者の確認を待つ候補。4 件）")

        // "" is the no-relationship link to the whole of 付録T (no item).
        let all = CrossReferenceTable(try resolved(confirmed: ["3/1", "3/2", "25", ""]))
        XCTAssertFalse(all.rows.flatMap(\.cells).contains { $0.text.contains(CrossReferenceTable.unconfirmedMark) })
        XCTAssertEqual(all.reviewLegend, "対応はすべて確認済（4 件）")
    }
}
