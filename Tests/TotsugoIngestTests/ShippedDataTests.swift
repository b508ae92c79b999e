import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import XCTest

/// Pins the shipped data (Catalogs/, Mappings/) so a later edit cannot silently drop items,
/// levels or the seed's rows. Counts come from ../shared/reference when it is present,
/// else from the lists embedded here (copied from the same reference files).
final class ShippedDataTests: XCTestCase {
    static let loaded: InputLoader.Result = InputLoader().load([
        TestPaths.root.appendingPathComponent("Catalogs").path,
        TestPaths.root.appendingPathComponent("Mappings").path,
    ])

    func catalog(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws -> Catalog {
        try XCTUnwrap(Self.loaded.catalogs.first { $0.id == id }, "catalog \(id) not shipped", file: file, line: line)
    }

    func mapping(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws -> Mapping {
        try XCTUnwrap(Self.loaded.mappings.first { $0.id == id }, "mapping \(id) not shipped", file: file, line: line)
    }

    /// Rows of a reference TSV (header dropped), or nil when ../shared/reference is absent.
    static func referenceTSV(_ name: String) -> [[String]]? {
        let path = TestPaths.root.deletingLastPathComponent().appendingPathComponent("shared/reference/\(name)").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").dropFirst()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            .filter { !($0.first ?? "").isEmpty }
    }

    // MARK: - Everything loads

    func testShippedDataLoadsWithoutDiagnostics() {
        XCTAssertTrue(Self.loaded.diagnostics.isEmpty, Self.loaded.diagnostics.map { "\($0)" }.joined(separator: "\n"))
        let ids = Set(Self.loaded.catalogs.map(\.id))
        XCTAssertEqual(ids, [
            "ipa-3.1-main", "ipa-3.1-appendix1", "ipa-3.1-appendix3", "ipa-3.1-appendix5", "ipa-3.1-appendix8",
            "jama-japia-2.3", "iso27002-2022", "nikkenren-2019", "nikkenren-2023", "threats",
        ])
        XCTAssertEqual(Set(Self.loaded.mappings.map(\.id)), ["nikkenren-2023", "jama-japia", "ipa-appendix5-iso27002"])
    }

    func testEveryCatalogHasProvenanceAndCompleteness() {
        for catalog in Self.loaded.catalogs {
            XCTAssertFalse(catalog.completeness.trimmingCharacters(in: .whitespaces).isEmpty, catalog.id)
            XCTAssertFalse(catalog.provenance.isEmpty, "\(catalog.id) has no provenance sources")
            XCTAssertFalse(catalog.publisher.isEmpty, catalog.id)
        }
    }

    func testBothCatalogFormatsAreShipped() {
        let root = TestPaths.root.appendingPathComponent("Catalogs").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        XCTAssertTrue(files.contains { $0.hasSuffix(".xml") }, "no XML catalog shipped")
        XCTAssertTrue(files.contains { $0.hasSuffix(".txt") }, "no structured-text catalog shipped")
    }

    // MARK: - IPA

    func testMainHasThreePrinciplesAndSevenActions() throws {
        let ids = Set(try catalog("ipa-3.1-main").allItems.map(\.id))
        for n in 1...3 { XCTAssertTrue(ids.contains("原則\(n)")) }
        for n in 1...7 { XCTAssertTrue(ids.contains("取組\(n)")) }
        XCTAssertFalse(ids.contains("原則4"))
        XCTAssertFalse(ids.contains("取組8"))
    }

    func testAppendix1HasFiveItems() throws {
        let items = try catalog("ipa-3.1-appendix1").items
        XCTAssertEqual(items.map(\.id), ["1", "2", "3", "4", "5"])
        XCTAssertTrue(items.allSatisfy { $0.headingSource == .quoted })
    }

    func testAppendix3Has25ItemsInThreeParts() throws {
        let catalog = try catalog("ipa-3.1-appendix3")
        XCTAssertEqual(catalog.items.count, 3)
        XCTAssertEqual(catalog.items.map { $0.children.count }, [5, 13, 7])
        let items = catalog.items.flatMap(\.children)
        XCTAssertEqual(items.map(\.id), (1...25).map(String.init))
        if let reference = Self.referenceTSV("ipa-3.1-appendix3-self-check.tsv") {
            XCTAssertEqual(reference.count, 25)
            XCTAssertEqual(reference.map { $0[0] }, items.map(\.id))
        }
        XCTAssertEqual(items.last?.heading, "情報セキュリティ対策をルール化する")
        XCTAssertTrue(catalog.properties.contains { $0.name == "採点" }, "scoring scale missing")
    }

    func testAppendix5HasElevenChaptersAndTheSeedSections() throws {
        let catalog = try catalog("ipa-3.1-appendix5")
        XCTAssertEqual(catalog.items.map(\.id), (1...11).map(String.init))
        XCTAssertTrue(catalog.items.allSatisfy { ($0.text ?? "").isEmpty == false }, "every chapter carries its purpose")
        let ids = Set(catalog.allItems.map(\.id))
        for id in ["1/1", "1/2", "1/3", "3/1", "3/1/1.1"] { XCTAssertTrue(ids.contains(id), id) }
        XCTAssertEqual(catalog.allItems.count, 16)
    }

    func testAppendix8HasThreeSteps() throws {
        XCTAssertEqual(try catalog("ipa-3.1-appendix8").items.map(\.heading), ["検知・初動対応", "報告・公表", "復旧・再発防止"])
    }

    // MARK: - ISO/IEC 27002:2022

    func testISO27002Has93ControlsInFourThemes() throws {
        let catalog = try catalog("iso27002-2022")
        XCTAssertEqual(catalog.items.map(\.id), ["5", "6", "7", "8"])
        XCTAssertEqual(catalog.items.map(\.heading), ["組織的管理策", "人的管理策", "物理的管理策", "技術的管理策"])
        XCTAssertEqual(catalog.items.map { $0.children.count }, [37, 8, 14, 34])
        let controls = catalog.items.flatMap(\.children)
        XCTAssertEqual(controls.count, 93)
        if let reference = Self.referenceTSV("iso27002-2022-controls.tsv") {
            XCTAssertEqual(controls.map(\.id), reference.map { $0[0] })
            XCTAssertEqual(controls.map(\.heading), reference.map { $0[2] })
        }
    }

    // MARK: - JAMA/JAPIA

    /// No. → level as in jama-japia-2.3-known-items.tsv ("LV1|LV2": sources disagree; "unknown").
    static let embeddedJAMALevels: [(String, String)] = [
        ("1", "LV1"), ("2", "LV1"), ("3", "LV1"), ("4", "LV1"), ("5", "LV2"), ("6", "LV2"), ("7", "LV2"),
        ("9", "LV1"), ("10", "LV2"), ("11", "LV1"), ("13", "LV1"), ("14", "LV2"), ("15", "LV1"), ("16", "LV1"),
        ("17", "LV2"), ("18", "LV1"), ("19", "LV1"), ("20", "LV1"), ("23", "LV2"), ("24", "LV1"), ("28", "LV1"),
        ("29", "LV1"), ("30", "LV1"), ("33", "LV2"), ("35", "LV2"), ("36", "LV1|LV2"), ("38", "LV1"), ("40", "LV1"),
        ("42", "LV3"), ("43", "LV3"), ("44", "LV1"), ("46", "LV1"), ("49", "LV1"), ("50", "LV2"), ("53", "LV2"),
        ("54", "LV1"), ("55", "LV2"), ("56", "LV1"), ("57", "LV2"), ("59", "LV1"), ("60", "LV1"), ("61", "LV1"),
        ("62", "LV1"), ("65", "LV2"), ("66", "unknown"), ("68", "LV1"), ("69", "LV1"), ("70", "LV1"), ("74", "LV2"),
        ("75", "LV2"), ("76", "LV1"), ("77", "LV1"), ("78", "LV1"), ("82", "LV2"), ("83", "LV2"), ("84", "LV1"),
        ("85", "LV1"), ("86", "LV1"), ("91", "LV2"), ("92", "LV2"), ("97", "LV2"), ("98", "LV2"), ("100", "LV2"),
        ("101", "LV2"), ("102", "LV2"), ("103", "LV2"), ("104", "LV2"), ("106", "LV2"), ("108", "LV2"), ("113", "LV1"),
        ("114", "LV1"), ("115", "LV1"), ("116", "LV2"), ("117", "LV1"), ("118", "LV2"), ("119", "LV2"), ("120", "LV3"),
        ("122", "LV3"), ("123", "LV2"), ("124", "LV1"), ("125", "LV2"), ("129", "LV3"), ("130", "LV2"), ("135", "LV2"),
        ("136", "LV1"), ("137", "LV1"), ("139", "LV2"), ("142", "LV2"), ("143", "LV2"), ("145", "LV2"), ("148", "LV1"),
        ("149", "LV1"), ("150", "LV1"), ("153", "LV2"),
    ]

    static var jamaLevels: [(String, String)] {
        referenceTSV("jama-japia-2.3-known-items.tsv").map { $0.map { ($0[0], $0[1]) } } ?? embeddedJAMALevels
    }

    func testJAMAHas94NumbersWithTheirLevels() throws {
        let catalog = try catalog("jama-japia-2.3")
        let expected = Self.jamaLevels
        XCTAssertEqual(expected.count, 94)
        XCTAssertEqual(Self.embeddedJAMALevels.map(\.0), expected.map(\.0), "embedded list out of date with the reference")
        XCTAssertEqual(catalog.items.map(\.id), expected.map(\.0))
        for (item, (number, level)) in zip(catalog.items, expected) {
            XCTAssertEqual(item.number, "No.\(number)")
            let want: [Level] = level == "unknown" ? [] : level.split(separator: "|").compactMap { Level(parsing: String($0)) }
            XCTAssertEqual(item.levels, want, "No.\(number)")
            XCTAssertTrue(item.children.isEmpty)
        }
    }

    func testJAMAHeadingsAreHonest() throws {
        let items = try catalog("jama-japia-2.3").items
        let quoted = Set(["44", "46", "66"])
        for item in items {
            XCTAssertEqual(item.headingSource, quoted.contains(item.id) ? .quoted : .topic, "No.\(item.id)")
            XCTAssertTrue(item.tags.contains("management") || item.tags.contains("technical"), "No.\(item.id) has no management/technical tag")
        }
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        XCTAssertEqual(byID["44"]?.heading, "他社との間の機密情報の取り扱い方法明確化")
        XCTAssertEqual(byID["46"]?.heading, "情報セキュリティ事件・事故時の他社との役割と責任明確化")
        XCTAssertTrue(byID["66"]?.heading.hasSuffix("の3要素が確保できなくなった場合のリスク特定") ?? false)
        XCTAssertNotNil(byID["36"]?.note, "No.36: the disagreement must be explained")
        XCTAssertNotNil(byID["66"]?.note, "No.66: the unknown level must be explained")
        XCTAssertTrue(byID["1"]?.label.hasPrefix("No.1 参考: ") ?? false, "topic hints are shown as 参考: …")
    }

    func testJAMACatalogStatesTheGuidelineTotals() throws {
        let catalog = try catalog("jama-japia-2.3")
        XCTAssertTrue(catalog.completeness.hasPrefix("全153番号中94番号"))
        XCTAssertTrue(catalog.properties.contains { $0.value.contains("153") && $0.value.contains("LV1 50") && $0.value.contains("+74") && $0.value.contains("+29") })
    }

    // MARK: - 日建連

    func testNikkenrenEditionsShareIDs() throws {
        let ids2019 = try catalog("nikkenren-2019").allItems.map(\.id)
        XCTAssertEqual(ids2019, ["1", "2", "3", "3/3.1", "3/3.2", "3/3.3", "添付", "あとがき"])
        let ids2023 = Set(try catalog("nikkenren-2023").allItems.map(\.id))
        for id in ["1", "2", "2/(1)", "2/(2)", "3", "3/3.1", "3/3.2", "3/3.3"] { XCTAssertTrue(ids2023.contains(id), id) }
    }

    // MARK: - Mappings

    func testNikkenrenSeedRowsAreExactlyAsTheSeedShowsThem() throws {
        let mapping = try mapping("nikkenren-2023")
        let entries = Dictionary(uniqueKeysWithValues: mapping.entries.map { ($0.item, $0) })
        XCTAssertEqual(mapping.source, "nikkenren-2023")
        XCTAssertEqual(mapping.targets, ["ipa-3.1-main", "ipa-3.1-appendix3", "ipa-3.1-appendix5", "ipa-3.1-appendix8"])

        let intro = try XCTUnwrap(entries["1"])
        XCTAssertTrue(intro.links.isEmpty, "1.はじめに has no counterpart anywhere (#N/A in every column)")

        let information = try XCTUnwrap(entries["2/(1)"])
        XCTAssertEqual(information.links.map(\.target.description), ["ipa-3.1-appendix5:3/1/1.1"])
        XCTAssertEqual(information.links.first?.relationship, .intersectsWith)
        XCTAssertEqual(information.placement?.description, "ipa-3.1-appendix5:3/1/1.1")
        XCTAssertNotNil(information.proposal)

        let principles = try XCTUnwrap(entries["2/(2)"])
        XCTAssertEqual(principles.links.map(\.target.description), ["ipa-3.1-appendix3:25"])
        XCTAssertEqual(principles.links.first?.relationship, .intersectsWith)
    }

    func testEveryJAMAItemIsReviewed() throws {
        let mapping = try mapping("jama-japia")
        XCTAssertEqual(mapping.source, "jama-japia-2.3")
        XCTAssertEqual(mapping.targets, ["ipa-3.1-main", "ipa-3.1-appendix3", "ipa-3.1-appendix5", "ipa-3.1-appendix8"])
        XCTAssertEqual(mapping.entries.map(\.item), Self.jamaLevels.map(\.0), "one entry per known number, in order")
        for entry in mapping.entries {
            XCTAssertNotNil(entry.note, "No.\(entry.item) lacks its one-line note")
            for link in entry.links {
                XCTAssertNotNil(link.rationale, "No.\(entry.item) → \(link.target)")
                XCTAssertNotEqual(link.relationship, .equal, "No.\(entry.item): equal is not supported by what we know")
            }
            let inAppendix5 = entry.links.contains { $0.target.catalog == "ipa-3.1-appendix5" && $0.relationship != .noRelationship }
            if !inAppendix5 {
                XCTAssertNotNil(entry.proposal, "No.\(entry.item) has no 付録5 counterpart but no 反映案")
                XCTAssertEqual(entry.placement?.catalog, "ipa-3.1-appendix5", "No.\(entry.item) needs a 付録5 placement")
            }
        }
    }

    func testShippedMappingsAreDraftsWithoutReviewer() {
        for mapping in Self.loaded.mappings {
            XCTAssertEqual(mapping.status, "draft", mapping.id)
            XCTAssertNil(mapping.reviewer, mapping.id)
        }
    }
}
