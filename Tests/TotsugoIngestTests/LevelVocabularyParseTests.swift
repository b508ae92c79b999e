import TestSupport
import TotsugoCore
import TotsugoIngest
import XCTest

/// A catalog's own level vocabulary (`level-names:`, XML `<level-names>`): read in both formats,
/// normalised once, items' levels checked against it, errors at their position.
final class LevelVocabularyParseTests: XCTestCase {
    static func text(_ front: String, items: String) -> String {
        "---\nid: c\ntitle: 題\nshort-title: 略\npublisher: P\nversion: 1\nlevels: 項目\ncompleteness: 全\n\(front)---\n\(items)"
    }

    static func parseText(_ text: String) throws(DiagnosticError) -> Catalog {
        try CatalogTextParser().parse(try InputFile.decode(Array(text.utf8), path: "c.txt"))
    }

    static func parseXML(_ xml: String) throws(DiagnosticError) -> Catalog {
        try CatalogXMLParser().parse(try InputFile.decode(Array(xml.utf8), path: "c.xml"))
    }

    static func errors(_ body: () throws(DiagnosticError) -> Catalog) -> [String] {
        do throws(DiagnosticError) {
            _ = try body()
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    static func xml(_ names: String, items: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <catalog xmlns="urn:totsugo:catalog:1" id="c">
          <title>題</title>
          <short-title>略</short-title>
          <publisher>P</publisher>
          <version>1</version>
          <levels><level>項目</level></levels>
          \(names)
          <completeness>全</completeness>
          \(items)
        </catalog>
        """
    }

    static let starItems = "# 1 | 一\n@level: ★３\n# 2 | 二\n@level: ★4\n# 3 | 三\n"

    func testStarVocabularyInStructuredText() throws {
        let catalog = try Self.parseText(Self.text("level-names: ★3 / ★４\n", items: Self.starItems))
        XCTAssertEqual(catalog.levelVocabulary.names, ["★3", "★4"], "full-width digits folded once on input")
        XCTAssertEqual(catalog.levelNames, ["項目"], "the hierarchy names (levels:) are untouched")
        XCTAssertEqual(catalog.items.map(\.levels), [[Level(rank: 1, name: "★3")], [Level(rank: 2, name: "★4")], []])
        XCTAssertEqual(catalog.items[0].levelText, "★3")
        XCTAssertLessThan(catalog.items[0].levels[0], catalog.items[1].levels[0], "order is the declaration's")
    }

    func testXMLReadsTheSameVocabulary() throws {
        let xml = Self.xml("<level-names><level-name>★3</level-name><level-name>★４</level-name></level-names>", items: """
            <item number="1" level="★３"><heading>一</heading></item>
            <item number="2" level="★4"><heading>二</heading></item>
            <item number="3"><heading>三</heading></item>
            """)
        let fromXML = try Self.parseXML(xml)
        let fromText = try Self.parseText(Self.text("level-names: ★3 / ★４\n", items: Self.starItems))
        XCTAssertEqual(fromXML.levelVocabulary.names, ["★3", "★4"])
        XCTAssertEqual(fromXML.withoutLocations(), fromText.withoutLocations(), "both formats yield the same model")
    }

    func testDeclarationOrderIsTheOrderNotTheSpelling() throws {
        let catalog = try Self.parseText(Self.text("level-names: 必須 / 推奨\n", items: "# 1 | 一\n@level: 推奨\n# 2 | 二\n@level: 必須\n"))
        XCTAssertEqual(catalog.items.map { $0.levels.map(\.rank) }, [[2], [1]])
        XCTAssertEqual(catalog.items.map(\.levelText), ["推奨", "必須"])
    }

    func testLvDotNamesAreTheirOwnWords() throws {
        let catalog = try Self.parseText(Self.text("level-names: Lv.1 / Lv.2 / Lv.3\n", items: "# 1 | 一\n@level: lv.2\n"))
        XCTAssertEqual(catalog.items[0].levels, [Level(rank: 2, name: "Lv.2")], "matched as keys, shown as declared")
    }

    func testNoDeclarationKeepsLV1ToLV3() throws {
        let catalog = try Self.parseText(Self.text("", items: "# 1 | 一\n@level: Lv1 レベル2\n"))
        XCTAssertTrue(catalog.levelVocabulary.isStandard)
        XCTAssertEqual(catalog.items[0].levels, [.lv1, .lv2])
        XCTAssertEqual(Self.errors { () throws(DiagnosticError) in try Self.parseText(Self.text("", items: "# 1 | 一\n@level: ★3\n")) }, [
            "c.txt:11:8: error: unknown level '★3' (expected LV1, LV2 or LV3; a catalog with levels of its own declares them with level-names)",
        ])
    }

    func testLevelOutsideTheVocabularyIsAnErrorListingIt() {
        let messages = Self.errors { () throws(DiagnosticError) in
            try Self.parseText(Self.text("level-names: ★3 / ★4\n", items: "# 1 | 一\n@level: LV1\n# 2 | 二\n@level: 2\n"))
        }
        XCTAssertEqual(messages, [
            "c.txt:12:8: error: unknown level 'LV1' (this catalog's level-names: ★3 / ★4)",
            "c.txt:14:8: error: unknown level '2' (this catalog's level-names: ★3 / ★4)",
        ], "a declared vocabulary takes its names only, never positions or LVn")
    }

    func testBadDeclarationsAreErrorsAtTheKey() {
        func errors(_ names: String) -> [String] {
            Self.errors { () throws(DiagnosticError) in try Self.parseText(Self.text("level-names: \(names)\n", items: "# 1 | 一\n")) }
        }
        XCTAssertEqual(errors("★3 / ★３"), ["c.txt:9:13: error: level-names: '★3' is declared twice (as '★3' before)"])
        XCTAssertEqual(errors("Lv 1 / Lv 2"), [
            "c.txt:9:13: error: level-names: level name 'Lv 1' holds a space, ',' or '|' (they separate levels in @level); write it as one word, e.g. 'Lv.1'",
            "c.txt:9:13: error: level-names: level name 'Lv 2' holds a space, ',' or '|' (they separate levels in @level); write it as one word, e.g. 'Lv.1'",
        ])
        XCTAssertEqual(errors("必須 / / 推奨"), ["c.txt:9:13: error: level-names: a level name is empty"])
        XCTAssertEqual(errors("unknown / 必須"), ["c.txt:9:13: error: level-names: 'unknown' is reserved (@level: unknown means the level is not known)"])
    }

    func testXMLDeclarationErrorsHaveLines() {
        let messages = Self.errors { () throws(DiagnosticError) in
            try Self.parseXML(Self.xml("<level-names>\n<level-name>必須</level-name>\n<level-name>必須</level-name>\n</level-names>",
                                       items: "<item number=\"1\" level=\"推奨\"><heading>一</heading></item>"))
        }
        XCTAssertEqual(messages, [
            "c.xml:10:1: error: level-names: '必須' is declared twice (as '必須' before)",
            "c.xml:13:1: error: unknown level '推奨' (this catalog's level-names: 必須)",
        ])
    }

    func testSchemaPlacesLevelNamesBeforeCompleteness() {
        let misplaced = Self.xml("", items: "<level-names><level-name>★3</level-name></level-names>")
        XCTAssertFalse(Self.errors { () throws(DiagnosticError) in try Self.parseXML(misplaced) }.isEmpty, "the schema refuses it after completeness")
    }
}
