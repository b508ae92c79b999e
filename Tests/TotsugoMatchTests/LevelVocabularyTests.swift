import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

/// A catalog's own levels (★3/★4, 必須/推奨) end to end: coverage per level, the 突合表's level
/// column, check's `--level` and level scopes, regulation `--level`, all in the catalog's names.
final class LevelVocabularyTests: XCTestCase {
    static func catalog(_ id: String, front: String = "", items: String) throws -> Catalog {
        let text = "---\nid: \(id)\ntitle: \(id) の題\nshort-title: \(id)略\npublisher: P\nversion: 1\nlevels: 項目\ncompleteness: 全\n\(front)---\n\(items)"
        return try CatalogTextParser().parse(try InputFile.decode(Array(text.utf8), path: "\(id).txt"))
    }

    static func resolved(source: Catalog, entries: String) throws -> ResolvedMapping {
        let target = try catalog("t", items: "# 1 | 対一\n# 2 | 対二\n")
        let yaml = "mapping:\n  id: m\n  source: \(source.id)\n  targets: [t]\nentries:\n" + entries
        let mapping = try MappingYAMLParser().parse(InputFile.decode(Array(yaml.utf8), path: "m.yaml"))
        return try Resolver(catalogs: [source, target]).resolve(mapping)
    }

    // ★3 ×2 (one mapped), ★4 ×1 (mapped), one item without a level (unreviewed).
    static func stars() throws -> ResolvedMapping {
        let source = try catalog("s", front: "level-names: ★3 / ★4\n", items: """
            # 1 | 一
            @level: ★3
            # 2 | 二
            @level: ★３
            # 3 | 三
            @level: ★4
            # 4 | 四

            """)
        return try resolved(source: source, entries: """
              - item: "1"
                targets:
                  - ref: t:1
                    relationship: equal
              - item: "2"
                targets: []
              - item: "3"
                targets:
                  - ref: t:2
                    relationship: subset-of

            """)
    }

    static let star3 = Level(rank: 1, name: "★3")
    static let star4 = Level(rank: 2, name: "★4")

    func testCoveragePerLevelUsesTheCatalogsNames() throws {
        let coverage = Coverage(try Self.stars())
        let anyTarget = coverage.lines.filter { $0.target == "t" }
        XCTAssertEqual(anyTarget.map(\.level), [nil, Self.star3, Self.star4], "the declared levels, in order")
        XCTAssertEqual(anyTarget.map(\.count.items), [4, 2, 1])
        XCTAssertEqual(anyTarget.map(\.count.mapped), [2, 1, 1])
    }

    func testTableLevelColumn() throws {
        let table = CrossReferenceTable(try Self.stars())
        XCTAssertEqual(table.rows.map { $0.levels.map(\.name) }, [["★3"], ["★3"], ["★4"], []])
        XCTAssertEqual(table.rows.map { $0.cells[2].text }, ["★3", "★3", "★4", ""], "項目, 記載内容, レベル: the catalog's own names")
    }

    func testCheckLevelByNameAndByPosition() throws {
        let resolved = try Self.stars()
        for written in ["★3", "★３", "1"] {
            let thresholds = CheckThresholds(minMapped: 0.5, level: LevelSelector(written))
            XCTAssertEqual(CheckReport.unresolvedLevels([resolved], thresholds: thresholds).map(\.1), [], written)
            let report = CheckReport([resolved], thresholds: thresholds)
            let mapping = try XCTUnwrap(report.mappings.first)
            XCTAssertEqual(mapping.limit, Self.star3, written)
            XCTAssertEqual(mapping.scope.items, 2, "\(written): only the ★3 items")
            XCTAssertEqual(mapping.scope.mapped, 1)
            XCTAssertTrue(report.passed)
        }
        let upToStar4 = CheckReport([resolved], thresholds: CheckThresholds(minReviewed: 1, level: LevelSelector("★4")))
        XCTAssertEqual(upToStar4.mappings[0].scope.items, 3, "★3 and ★4; the item without a level is out of scope")
        XCTAssertTrue(upToStar4.passed)
        XCTAssertFalse(CheckReport([resolved], thresholds: CheckThresholds(minReviewed: 1)).passed, "item 4 is unreviewed")
    }

    func testLevelScopedRuleByName() throws {
        let resolved = try Self.stars()
        guard case .success(let scope) = ThresholdScope.parse("★4") else { return XCTFail("parses") }
        var thresholds = CheckThresholds(rules: [ThresholdRule(.mapped, 1, scope: scope)])
        thresholds.level = LevelSelector("★3")
        thresholds.classifyingLevelNames(targets: ["t"], vocabularies: [resolved.source.catalog.levelVocabulary])
        XCTAssertEqual(thresholds.rules.map(\.name), ["min-mapped[★4]"])
        XCTAssertEqual(thresholds.rules[0].scope.target, .every, "a level of the source catalog, not a target catalog")
        let report = CheckReport([resolved], thresholds: thresholds)
        let result = try XCTUnwrap(report.mappings.first?.results.first)
        XCTAssertEqual(result.level, Self.star4)
        XCTAssertEqual(result.items, 0)
        XCTAssertEqual(report.emptyReason(result), "★4 is outside the --level ★3 scope")
        XCTAssertEqual(result.scopeText, "target t (t略), ★4")
    }

    func testUnknownLevelIsRefusedWithTheVocabulary() throws {
        let resolved = try Self.stars()
        var thresholds = CheckThresholds(level: LevelSelector("LV3"))
        thresholds.levelOrigin = SourceLocation(file: "c.yaml", line: 3)
        let messages = CheckReport.unresolvedLevels([resolved], thresholds: thresholds)
        XCTAssertEqual(messages.map { $0.0?.description }, ["c.yaml:3:1"])
        XCTAssertEqual(messages.map(\.1), [
            "level 'LV3': the source catalog 's' of mapping 'm' has levels ★3 / ★4 (name one, or give its position 1–2)",
        ])
        XCTAssertEqual(CheckReport.unresolvedLevels([resolved], thresholds: CheckThresholds(level: LevelSelector("★5"))).count, 1)
    }

    func testMustAndShouldVocabularyAndRegulationLevel() throws {
        let source = try Self.catalog("s", front: "level-names: 必須 / 推奨\n", items: """
            # 1 | 一
            @level: 推奨
            # 2 | 二
            @level: 必須

            """)
        let resolved = try Self.resolved(source: source, entries: "  - item: \"2\"\n    targets:\n      - ref: t:1\n        relationship: equal\n")
        let coverage = Coverage(resolved)
        XCTAssertEqual(coverage.lines.filter { $0.target == "t" }.compactMap(\.level?.name), ["必須", "推奨"],
                       "declaration order, not the order items come in")
        let options = try XCTUnwrap(RegulationOptions(baseCatalog: "t", levelSelector: LevelSelector("必須"))
            .resolvingLevel(in: source.levelVocabulary))
        XCTAssertEqual(options.maxLevel, Level(rank: 1, name: "必須"))
        XCTAssertEqual(options.fileSuffix, ".lv1")
        XCTAssertEqual(options.variantTitle, "必須 までの項目")
        XCTAssertNil(RegulationOptions(levelSelector: LevelSelector("★3")).resolvingLevel(in: source.levelVocabulary))
        let document = try RegulationBuilder(resolved, options: options).build()
        XCTAssertEqual(document.variant, "必須 までの項目")
    }

    func testStandardVocabularyUnchanged() throws {
        XCTAssertEqual(LevelSelector("1"), LevelSelector("LV1"), "one scope, however written")
        XCTAssertEqual(LevelSelector("レベル2")?.description, "LV2")
        XCTAssertEqual(LevelVocabulary.standard.upTo(.lv1), "LV1")
        XCTAssertEqual(LevelVocabulary.standard.upTo(.lv3), "LV1–LV3")
        XCTAssertEqual(LevelSelector("2")?.resolve(in: .standard), .lv2)
    }
}
