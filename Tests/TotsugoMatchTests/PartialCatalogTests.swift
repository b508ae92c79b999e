import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

/// Catalogs that declare they hold only part of their guideline (`extent: partial`,
/// `total-items`): reading the declaration in both formats, references to items they do not
/// hold (a warning, the link kept and marked), coverage against the declared total, and the
/// regulation.
final class PartialCatalogTests: XCTestCase {
    static func text(_ id: String, extra: String = "", items: String = "# 1 | 一\n# 2 | 二\n") -> String {
        "---\nid: \(id)\ntitle: \(id) の題\nshort-title: \(id)略\npublisher: P\nversion: 1\nlevels: 項目\ncompleteness: 一部\n\(extra)---\n\(items)"
    }

    static func parseText(_ text: String, path: String = "c.txt") throws(DiagnosticError) -> Catalog {
        try CatalogTextParser().parse(try InputFile.decode(Array(text.utf8), path: path))
    }

    static func parseXML(_ xml: String, path: String = "c.xml") throws(DiagnosticError) -> Catalog {
        try CatalogXMLParser().parse(try InputFile.decode(Array(xml.utf8), path: path))
    }

    static func errors(_ body: () throws(DiagnosticError) -> Catalog) -> [String] {
        do throws(DiagnosticError) {
            _ = try body()
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    // MARK: declaration

    func testTextDeclaration() throws {
        XCTAssertEqual(try Self.parseText(Self.text("a")).extent, .complete, "no declaration: complete, as before")
        XCTAssertEqual(try Self.parseText(Self.text("a", extra: "extent: complete\n")).extent, .complete)
        XCTAssertEqual(try Self.parseText(Self.text("a", extra: "extent: partial\n")).extent, .partial(totalItems: nil))
        XCTAssertEqual(try Self.parseText(Self.text("a", extra: "extent: partial\ntotal-items: 153\n")).extent, .partial(totalItems: 153))
        XCTAssertEqual(try Self.parseText(Self.text("a", extra: "extent: Partial\ntotal-items: １５３\n")).extent, .partial(totalItems: 153),
                       "normalised like every key: full-width digits read")
        // Exactly the items held is allowed (every level counts: 2 items, one child).
        XCTAssertEqual(try Self.parseText(Self.text("a", extra: "extent: partial\ntotal-items: 3\n", items: "# 1 | 一\n## 1 | 子\n# 2 | 二\n")).extent,
                       .partial(totalItems: 3))
    }

    func testTextDeclarationErrors() {
        // Front matter lines: 1 ---, 2 id, …, 8 completeness, 9 first extra line.
        XCTAssertEqual(Self.errors { () throws(DiagnosticError) in try Self.parseText(Self.text("a", extra: "extent: partial\ntotal-items: 1\n")) }, [
            "c.txt:10:13: error: total-items 1 is less than the 2 items this catalog holds: total-items is the number of items of the whole guideline, counted as the catalog counts its own (every level)",
        ])
        XCTAssertEqual(Self.errors { () throws(DiagnosticError) in try Self.parseText(Self.text("a", extra: "total-items: 5\n")) }, [
            "c.txt:9:13: error: total-items is only for a partial catalog: add 'extent: partial' (XML: extent=\"partial\") when the catalog holds only part of the guideline, or remove total-items (a complete catalog holds all its items)",
        ])
        XCTAssertEqual(Self.errors { () throws(DiagnosticError) in try Self.parseText(Self.text("a", extra: "extent: half\n")) }, [
            "c.txt:9:8: error: unknown extent 'half' (expected complete or partial)",
        ])
        XCTAssertEqual(Self.errors { () throws(DiagnosticError) in try Self.parseText(Self.text("a", extra: "extent: partial\ntotal-items: 約150\n")) }, [
            "c.txt:10:13: error: total-items '約150' is not a whole number (write the number of items of the whole guideline, e.g. 153)",
        ])
        XCTAssertEqual(Self.errors { () throws(DiagnosticError) in try Self.parseText(Self.text("a", extra: "extent: partial\ntotal-items: 0\n", items: "")) }, [
            "c.txt:10:13: error: total-items must be at least 1",
        ])
        XCTAssertEqual(Self.errors { () throws(DiagnosticError) in try Self.parseText(Self.text("a", extra: "extent: partial\nextent: complete\n")) }, [
            "c.txt:10:1: error: front matter key 'extent' given twice",
        ])
    }

    static func xml(_ completeness: String, items: String = "<item number=\"1\"><heading>一</heading></item><item number=\"2\"><heading>二</heading></item>") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <catalog xmlns="urn:totsugo:catalog:1" id="x">
          <title>T</title>
          <short-title>S</short-title>
          <publisher>P</publisher>
          <version>1</version>
          \(completeness)
          \(items)
        </catalog>
        """
    }

    func testXMLDeclaration() throws {
        XCTAssertEqual(try Self.parseXML(Self.xml("<completeness>全部</completeness>")).extent, .complete, "old files stay valid and complete")
        XCTAssertEqual(try Self.parseXML(Self.xml("<completeness extent=\"partial\">一部</completeness>")).extent, .partial(totalItems: nil))
        XCTAssertEqual(try Self.parseXML(Self.xml("<completeness extent=\"partial\" total-items=\"153\">全153番号中2番号</completeness>")).extent,
                       .partial(totalItems: 153))
        XCTAssertEqual(try Self.parseXML(Self.xml("<completeness extent=\"complete\">全部</completeness>")).extent, .complete)
        // The same declaration in both formats gives the same model.
        let text = try Self.parseText(Self.text("x", extra: "extent: partial\ntotal-items: 9\n"))
        let xml = try Self.parseXML(Self.xml("<completeness extent=\"partial\" total-items=\"9\">一部</completeness>"))
        XCTAssertEqual(text.extent, xml.extent)
    }

    func testXMLDeclarationErrors() {
        let schema = Self.errors { () throws(DiagnosticError) in try Self.parseXML(Self.xml("<completeness extent=\"half\">一部</completeness>")) }
        XCTAssertEqual(schema.count, 1)
        XCTAssertTrue(schema.first?.hasPrefix("c.xml:7:") ?? false, "\(schema)")
        XCTAssertTrue(schema.first?.contains("extent") ?? false, "\(schema)")
        let negative = Self.errors { () throws(DiagnosticError) in try Self.parseXML(Self.xml("<completeness extent=\"partial\" total-items=\"-3\">一部</completeness>")) }
        XCTAssertTrue(negative.first?.contains("total-items") ?? false, "\(negative)")
        XCTAssertEqual(Self.errors { () throws(DiagnosticError) in try Self.parseXML(Self.xml("<completeness extent=\"partial\" total-items=\"1\">一部</completeness>")) }, [
            "c.xml:7:1: error: total-items 1 is less than the 2 items this catalog holds: total-items is the number of items of the whole guideline, counted as the catalog counts its own (every level)",
        ])
        XCTAssertEqual(Self.errors { () throws(DiagnosticError) in try Self.parseXML(Self.xml("<completeness total-items=\"5\">一部</completeness>")) }.count, 1,
                       "a total without extent=\"partial\" is an error")
        XCTAssertEqual(Self.errors { () throws(DiagnosticError) in try Self.parseXML(Self.xml("<completeness extent=\"partial\" total-items=\"99999999999999999999999\">一部</completeness>")) }.count, 1,
                       "a total past Int is an error, not a crash")
    }

    func testShippedJAMACatalogDeclaresItsExtent() throws {
        let catalog = try Self.parseText(String(contentsOfFile: TestPaths.root.appendingPathComponent("Catalogs/jama-japia-2.3.txt").path, encoding: .utf8))
        XCTAssertEqual(catalog.extent, .partial(totalItems: 153))
        XCTAssertEqual(catalog.allItems.count, 94)
        XCTAssertTrue(catalog.completeness.hasPrefix("全153番号中94番号を収録"))
    }

    // MARK: resolution

    static let source = text("industry", extra: "extent: partial\ntotal-items: 10\n",
                             items: "# No.1 | 一\n@level: LV1\n# No.2 | 二\n@level: LV1\n# No.3 | 三\n@level: LV2\n")
    static let partialTarget = text("part", extra: "extent: partial\n", items: "# 1. | 章一\n# 2. | 章二\n")
    static let wholeTarget = text("whole", items: "# 1 | 全一\n")

    static func catalogs() throws -> [Catalog] {
        [try parseText(source, path: "industry.txt"), try parseText(partialTarget, path: "part.txt"), try parseText(wholeTarget, path: "whole.txt")]
    }

    static func mapping(_ entries: String) throws -> Mapping {
        let yaml = "mapping:\n  id: m\n  source: industry\n  targets: [part, whole]\nentries:\n" + entries
        return try MappingYAMLParser().parse(InputFile.decode(Array(yaml.utf8), path: "m.yaml"))
    }

    static let entries = """
          - item: "1"
            targets:
              - ref: part:No.9
                relationship: intersects-with
              - ref: part:1
                relationship: subset-of
          - item: "2"
            targets:
              - ref: part:３
                relationship: intersects-with
            proposal: 案
          - item: "3"
            targets: []

        """

    func testUnheldReferenceToPartialCatalogIsAWarningAndTheLinkIsKept() throws {
        let resolved = try Resolver(catalogs: try Self.catalogs()).resolve(try Self.mapping(Self.entries))
        XCTAssertEqual(resolved.warnings.map(\.description), [
            "m.yaml:8:14: warning: item 'No.9' (read as '9') is not in catalog 'part', which is partial (2 items, total not declared): the link is kept and shown as （カタログ未収録）; did you mean '1'?; if the item is in the guideline, add it to the catalog",
            "m.yaml:14:14: warning: item '３' (read as '3') is not in catalog 'part', which is partial (2 items, total not declared): the link is kept and shown as （カタログ未収録）; did you mean '1'?; if the item is in the guideline, add it to the catalog",
        ].map { $0 }, "file:line:col, the id as written, the nearest id")
        XCTAssertEqual(resolved.entries["1"]?.links.count, 2, "the link is kept")
        let table = CrossReferenceTable(resolved)
        // Columns: 項目, 記載内容, レベル | part: 項目 (its one level), 記載内容, 関係 | whole …
        let row1 = table.rows[0].cells.map(\.text)
        XCTAssertEqual(table.groups[1].columns, ["項目", "記載内容", "関係"], "one 項目 column: the level is the path")
        XCTAssertEqual(row1[3], "1.章一\nNo.9（カタログ未収録）", "held first (catalog order), then the unheld id as written, marked")
        XCTAssertEqual(row1[5], "一部に相当\n一部重複")
        XCTAssertEqual(table.rows[1].cells[3].text, "３（カタログ未収録）")
        XCTAssertFalse(table.rows.flatMap(\.cells).contains { $0.text.contains("partial") }, "no English in the cells")
    }

    func testUnknownReferenceToCompleteCatalogStaysAnError() throws {
        let mapping = try Self.mapping("  - item: \"1\"\n    targets:\n      - ref: whole:2\n        relationship: equal\n      - ref: part:7\n        relationship: equal\n")
        let resolver = Resolver(catalogs: try Self.catalogs())
        do throws(DiagnosticError) {
            _ = try resolver.resolve(mapping)
            XCTFail("a reference to an unknown item of a complete catalog must fail")
        } catch {
            XCTAssertEqual(error.diagnostics.map(\.description), [
                "m.yaml:8:14: error: unknown item '2' in catalog 'whole'; did you mean '1'?",
                "m.yaml:10:14: warning: item '7' is not in catalog 'part', which is partial (2 items, total not declared): the link is kept and shown as （カタログ未収録）; did you mean '1'?; if the item is in the guideline, add it to the catalog",
            ], "the error fails the mapping; the warning is still said")
        }
    }

    func testUnknownSourceItemOfPartialCatalogStaysAnError() throws {
        let mapping = try Self.mapping("  - item: \"4\"\n    targets: []\n")
        let resolver = Resolver(catalogs: try Self.catalogs())
        do throws(DiagnosticError) {
            _ = try resolver.resolve(mapping)
            XCTFail("an entry for an item the source does not hold has no row: an error")
        } catch {
            XCTAssertEqual(error.diagnostics.map(\.severity), [.error])
        }
    }

    func testUnheldPlacementIsMarked() throws {
        let mapping = try Self.mapping("  - item: \"1\"\n    targets: []\n    placement: part:5\n    proposal: 新設\n")
        let resolved = try Resolver(catalogs: try Self.catalogs()).resolve(mapping)
        XCTAssertEqual(resolved.warnings.count, 1)
        let cells = CrossReferenceTable(resolved).rows[0].cells.map(\.text)
        XCTAssertEqual(cells[cells.count - 2], "part略 5（カタログ未収録）")
    }

    // MARK: coverage

    func testCoverageStatesTheDeclaredTotal() throws {
        let resolved = try Resolver(catalogs: try Self.catalogs()).resolve(try Self.mapping(Self.entries))
        let coverage = Coverage(resolved)
        XCTAssertEqual(coverage.sourceExtent, .partial(totalItems: 10))
        XCTAssertEqual(coverage.sourceHeld, 3)
        let anyAll = try XCTUnwrap(coverage.lines.first { $0.target == nil && $0.level == nil })
        XCTAssertEqual(anyAll.count.items, 3, "shares of what is held are unchanged")
        XCTAssertEqual(anyAll.count.mapped, 2)
        XCTAssertEqual(try XCTUnwrap(coverage.shareOfTotal(anyAll)), 20, accuracy: 1e-9, "2 of the declared 10")
        let lv1 = try XCTUnwrap(coverage.lines.first { $0.target == nil && $0.level == .lv1 })
        XCTAssertEqual(lv1.count.mappedPercent, 100, "LV1 of what is held")
        XCTAssertNil(coverage.shareOfTotal(lv1), "no per-level total is declared: none is invented")
    }

    func testNoTotalNoShareOfTotal() throws {
        let catalogs = [try Self.parseText(Self.text("industry", extra: "extent: partial\n", items: "# 1 | 一\n")),
                        try Self.parseText(Self.partialTarget), try Self.parseText(Self.wholeTarget)]
        let resolved = try Resolver(catalogs: catalogs).resolve(try Self.mapping("  - item: \"1\"\n    targets: []\n"))
        let coverage = Coverage(resolved)
        XCTAssertEqual(coverage.sourceExtent, .partial(totalItems: nil))
        XCTAssertTrue(coverage.lines.allSatisfy { coverage.shareOfTotal($0) == nil })
    }

    // MARK: regulation

    func testRegulationNeverAttachesAnUnheldLinkToNothing() throws {
        let resolved = try Resolver(catalogs: try Self.catalogs()).resolve(try Self.mapping(Self.entries))
        let document = try RegulationBuilder(resolved, options: RegulationOptions(baseCatalog: "part")).build()
        // Item 1: held link 1 → annotation on section 1; its unheld link is counted in the notes.
        let first = try XCTUnwrap(document.sections.first { $0.id == "1" })
        XCTAssertEqual(first.annotations.map(\.itemID), ["1"])
        // Item 2: only an unheld link → industry-only, in the appendix with the reason.
        let appendix = try XCTUnwrap(document.sections.first { $0.kind == .appendix })
        XCTAssertEqual(appendix.industryOnly.map(\.reference.itemID), ["2", "3"])
        XCTAssertEqual(appendix.industryOnly.first?.fallbackReason,
                       "対応先 ３（カタログ未収録） はpart略のカタログに収録されていないため、本文の該当箇所に配置できません。突合表に配置先の指定がありません。")
        XCTAssertTrue(document.notes.contains("part略のカタログに収録されていない項目への対応 2 件（突合表では（カタログ未収録））は、本文に注記していません。"),
                      "\(document.notes)")
    }
}
