import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// A ★3/★4 catalog through the commands: the HTML table's level filter, `check` with a level
/// scope and `--level` by the catalog's names, an unknown level refused with the vocabulary,
/// and `import catalog` writing `level-names`.
final class LevelVocabularyPipelineTests: XCTestCase {
    /// A workspace of a ★3/★4 source catalog, a target and one mapping; returns its folder.
    func workspace() throws -> String {
        let folder = TestPaths.temporaryFolder()
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder + "/Catalogs", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: folder + "/Mappings", withIntermediateDirectories: true)
        func front(_ id: String, _ extra: String = "") -> String {
            "---\nid: \(id)\ntitle: \(id) の題\nshort-title: \(id)略\npublisher: P\nversion: 1\nlevels: 項目\ncompleteness: 全\n\(extra)---\n"
        }
        try (front("s", "level-names: ★3 / ★4\n") + "# 1 | 一\n@level: ★3\n# 2 | 二\n@level: ★4\n# 3 | 三\n@level: ★4\n")
            .write(toFile: folder + "/Catalogs/s.txt", atomically: false, encoding: .utf8)
        try (front("t") + "# 1 | 対一\n").write(toFile: folder + "/Catalogs/t.txt", atomically: false, encoding: .utf8)
        try """
            mapping:
              id: m
              source: s
              targets: [t]
            entries:
              - item: "1"
                targets:
                  - ref: t:1
                    relationship: equal
              - item: "2"
                targets:
                  - ref: t:1
                    relationship: subset-of
              - item: "3"
                targets: []

            """.write(toFile: folder + "/Mappings/m.yaml", atomically: false, encoding: .utf8)
        return folder
    }

    func testHTMLLevelFilterAndTableUseTheCatalogsNames() throws {
        let folder = try workspace()
        let log = DiagnosticLog()
        _ = try Pipeline.build(BuildRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings", out: folder + "/Output"),
                               diagnostics: log)
        XCTAssertEqual(log.errors, [])
        let html = text(at: folder + "/Output/m.html")
        XCTAssertTrue(html.contains("<option value=\"★3\">★3</option><option value=\"★4\">★4</option>"), html)
        XCTAssertTrue(html.contains("data-levels=\"★3\""))
        XCTAssertFalse(html.contains("value=\"LV") || html.contains("data-levels=\"LV"), "no standard level where the catalog has its own")
        let csv = text(at: folder + "/Output/m.csv")
        XCTAssertTrue(csv.contains(",★4,"), csv)
    }

    func check(_ folder: String, config: String, level: String? = nil) throws -> (failure: CommandFailure?, report: String, log: DiagnosticLog) {
        let configPath = folder + "/check.yaml"
        try config.write(toFile: configPath, atomically: false, encoding: .utf8)
        let out = folder + "/report.txt"
        let log = DiagnosticLog()
        let request = Pipeline.CheckRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings", config: configPath,
                                            level: level.flatMap(LevelSelector.init), format: OutputFormats.check.format(named: "text")!,
                                            destination: .file(out))
        let result = failure { () throws(CommandFailure) in try Pipeline.check(request, diagnostics: log) }
        return (result, text(at: out), log)
    }

    func testCheckLevelScopesByTheCatalogsNames() throws {
        let folder = try workspace()
        let run = try check(folder, config: "min-mapped[★4]: 50%\nmin-mapped: 100%\n", level: "★3")
        XCTAssertEqual(run.failure, .checkFailed, run.log.text)
        XCTAssertTrue(run.report.contains("in scope (★3 items): 1 items"), run.report)
        XCTAssertTrue(run.report.contains("PASS min-mapped — target t (t略): 100.0%"), run.report)
        XCTAssertTrue(run.report.contains("FAIL min-mapped[★4] — target t (t略), ★4: no items in scope (★4 is outside the --level ★3 scope)"), run.report)
        let upTo4 = try check(folder, config: "min-mapped[★4]: 50%\nlevel: 2\n")
        XCTAssertNil(upTo4.failure, upTo4.report)
        XCTAssertTrue(upTo4.report.contains("in scope (★3–★4 items): 3 items"), upTo4.report)
    }

    func testUnknownLevelIsRefusedAtTheConfigLine() throws {
        let folder = try workspace()
        let run = try check(folder, config: "min-mapped: 50%\nlevel: LV3\n")
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.errors.map(\.description), [
            "\(folder)/check.yaml:2:1: error: level 'LV3': the source catalog 's' of mapping 'm' has levels ★3 / ★4 (name one, or give its position 1–2)",
        ])
    }

    func testImportWritesTheLevelNames() throws {
        let folder = TestPaths.temporaryFolder()
        try "No,項目,区分\n1,一,必須\n2,二,推奨\n".write(toFile: folder + "/rows.csv", atomically: false, encoding: .utf8)
        try """
            id: own-levels
            title: 独自レベル
            publisher: P
            version: 1
            completeness: 全
            id-column: No
            title-column: 項目
            level-column: 区分
            level-values: {必須: ★３, 推奨: ★4}
            level-names: ★3 / ★4

            """.write(toFile: folder + "/rows.recipe.yaml", atomically: false, encoding: .utf8)
        let out = folder + "/own.txt"
        let log = DiagnosticLog()
        let failed = failure { () throws(CommandFailure) in
            _ = try Pipeline.importCatalog(Pipeline.ImportCatalogRequest(source: folder + "/rows.csv", recipe: folder + "/rows.recipe.yaml",
                                                                         overrides: ImportRecipe(), destination: .file(out), date: "2026-11-30"),
                                           diagnostics: log)
        }
        XCTAssertNil(failed, log.text)
        let written = text(at: out)
        XCTAssertTrue(written.contains("level-names: ★3 / ★4\n"), written)
        let catalog = try XCTUnwrap(InputLoader().load([out]).catalogs.first)
        XCTAssertEqual(catalog.allItems.map(\.levelText), ["★3", "★4"])
    }
}
