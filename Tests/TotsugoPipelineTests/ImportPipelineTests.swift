import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoPipeline
import XCTest

/// `import catalog` in process: the catalogs written from the fixtures made as producers make
/// them (Tests/Fixtures/import/make-fixtures.py: LibreOffice xlsx, CP932 CSV with CRLF), and
/// the diagnostics at the cells of the hostile copies (Tests/Fixtures/bad/import-*).
final class ImportPipelineTests: XCTestCase {
    let folder = TestPaths.fixture("import")

    func request(_ source: String, recipe: String?, overrides: ImportRecipe = ImportRecipe(), out: String? = nil,
                 date: String? = "2026-11-30") -> Pipeline.ImportCatalogRequest {
        Pipeline.ImportCatalogRequest(source: source, recipe: recipe, overrides: overrides,
                                      destination: out.map(ReportDestination.file) ?? .standardOutputDiscarded, date: date)
    }

    /// Runs the import into a fresh folder; returns what was written and the log.
    func importing(_ source: String, recipe: String?, overrides: ImportRecipe = ImportRecipe(), date: String? = "2026-11-30")
        -> (result: Pipeline.ImportedCatalog?, failure: CommandFailure?, log: DiagnosticLog, out: String) {
        let out = TestPaths.temporaryFolder() + "/imported.txt"
        let log = DiagnosticLog()
        var result: Pipeline.ImportedCatalog?
        let failure = failure { () throws(CommandFailure) in
            result = try Pipeline.importCatalog(request(source, recipe: recipe, overrides: overrides, out: out, date: date), diagnostics: log)
        }
        return (result, failure, log, out)
    }

    func item(_ catalog: Catalog, _ id: String) -> CatalogItem? { catalog.allItems.first { $0.id == id } }

    /// Each item's id with its parent's id (nil at the top), in document order.
    func parents(_ catalog: Catalog) -> [String: String?] {
        var result: [String: String?] = [:]
        func walk(_ items: [CatalogItem], parent: String?) {
            for item in items {
                result[item.id] = parent
                walk(item.children, parent: item.id)
            }
        }
        walk(catalog.items, parent: nil)
        return result
    }

    /// The catalog as `validate` reads the written file.
    func written(_ path: String) throws -> Catalog {
        let inputs = InputLoader().load([path])
        XCTAssertEqual(inputs.diagnostics.map(\.description), [])
        return try XCTUnwrap(inputs.catalogs.first)
    }

    func testCheckSheetBecomesACatalogWithHeadingsFromTheMergedColumns() throws {
        let run = importing(folder + "/checksheet.xlsx", recipe: folder + "/checksheet.recipe.yaml")
        XCTAssertNil(run.failure, run.log.text)
        let catalog = try written(run.out)
        XCTAssertEqual(catalog.id, "sample-checksheet")
        XCTAssertEqual(catalog.shortTitle, "サンプルCS")
        XCTAssertEqual(catalog.levelNames, ["大項目", "中項目", "要求事項"])
        // Items 1–7 in row order, under the 中項目 headings, under the 大項目 headings.
        let numbered = catalog.allItems.filter { !$0.number.isEmpty }
        XCTAssertEqual(numbered.map(\.id), ["1", "2", "3", "4", "5", "6", "7"])
        XCTAssertEqual(item(catalog, "1")?.heading, "守るべき情報と守り方を一枚の方針にまとめ、経営者が承認している")
        XCTAssertEqual(item(catalog, "7")?.heading, "社外とつながる出入口に通信を選別する機器を置いている")
        XCTAssertEqual(numbered.map(\.levelText), ["LV1", "LV2", "LV1", "LV3", "LV1", "LV2", "LV1"])
        let parent = parents(catalog)
        XCTAssertEqual(catalog.items.map(\.heading), ["1 組織の取り組み", "2 技術の取り組み"])
        XCTAssertEqual(parent["2"], "1組織の取り組み/1.1方針")
        XCTAssertEqual(parent["4"], "1組織の取り組み/1.2体制")
        XCTAssertEqual(parent["7"], "2技術の取り組み/2.2ネットワーク")
        XCTAssertEqual(parent["2技術の取り組み/2.1端末"], "2技術の取り組み")
        XCTAssertEqual(item(catalog, "2技術の取り組み/2.2ネットワーク")?.heading, "2.2 ネットワーク")
        XCTAssertEqual(catalog.allItems.count, 7 + 6)
        // Provenance and completeness.
        XCTAssertEqual(catalog.completeness, "テスト用の架空のチェックシート。全7項目。表の10行を読み、7行を項目として取り込んだ（ほかに見出し行2行、指定により除外1行）。階層列の値から見出し項目6件を作成。")
        let digest = try sha256(folder + "/checksheet.xlsx")
        XCTAssertEqual(catalog.provenance, ["取り込み元: checksheet.xlsx（シート「チェックシート」、SHA-256 \(digest)）。2026-11-30 取り込み。"])
        XCTAssertEqual(run.result?.itemsImported, 7)
        XCTAssertEqual(run.result?.headingsMade, 6)
    }

    func testCriteriaCSVInCP932NestsByIdPatternAndMapsLevelValues() throws {
        let run = importing(folder + "/criteria.csv", recipe: folder + "/criteria.recipe.yaml")
        XCTAssertNil(run.failure, run.log.text)
        let catalog = try written(run.out)
        XCTAssertEqual(catalog.allItems.map(\.id), ["1", "1-1", "1-1-1", "1-1-2", "2", "2-1", "2-1-1", "2-1-2"])
        let parent = parents(catalog)
        XCTAssertEqual(parent["1-1-2"], "1-1")
        XCTAssertEqual(parent["1-1"], "1")
        XCTAssertEqual(parent["2"], .some(nil))
        XCTAssertEqual(item(catalog, "2-1-2")?.heading, "毎年教える")
        XCTAssertEqual(item(catalog, "2-1-2")?.text, "年に一度～二度、全員で確かめる。")
        XCTAssertEqual(item(catalog, "1-1-1")?.text, "社内の機器を一覧にし、\n持ち主と置き場所を書く。")
        XCTAssertEqual(item(catalog, "1-1-1")?.levels, [.lv1])
        XCTAssertEqual(item(catalog, "1-1-2")?.levels, [.lv2])
        XCTAssertEqual(item(catalog, "1")?.levels, [])
        XCTAssertEqual(catalog.completeness, "表の9行を読み、8行を項目として取り込んだ（ほかに見出し行1行）。")
        let digest = try sha256(folder + "/criteria.csv")
        XCTAssertEqual(catalog.provenance, ["取り込み元: criteria.csv（CP932 (Shift_JIS)、SHA-256 \(digest)）。2026-11-30 取り込み。"])
    }

    func testOutputIsDeterministicAndNamesNoDateWhenNoneIsGiven() throws {
        let a = importing(folder + "/criteria.csv", recipe: folder + "/criteria.recipe.yaml")
        let b = importing(folder + "/criteria.csv", recipe: folder + "/criteria.recipe.yaml")
        XCTAssertEqual(FileManager.default.contents(atPath: a.out), FileManager.default.contents(atPath: b.out))
        let undated = importing(folder + "/criteria.csv", recipe: folder + "/criteria.recipe.yaml", date: nil)
        XCTAssertTrue(try written(undated.out).provenance[0].hasSuffix("。取り込み日の記載なし。"))
    }

    func testMistakesAreReportedAtTheirCellsAndNothingIsWritten() {
        let source = TestPaths.fixture("bad/import-checksheet-mistakes.xlsx")
        let run = importing(source, recipe: folder + "/checksheet.recipe.yaml")
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.lines, [
            "\(source):チェックシート!C7: error: duplicate id '3': first at \(source):チェックシート!C6",
            "\(source):チェックシート!C9: error: empty id cell (row 9); every row needs an id, or the recipe says 'blank-ids: skip'",
            "\(source):チェックシート!E10: error: unknown level 'LV4' (levels: LV1, LV2, LV3)",
        ])
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.out))
    }

    func testBlankIdsSkippedWhenTheRecipeSaysSoAreCounted() throws {
        let source = TestPaths.fixture("bad/import-checksheet-mistakes.xlsx")
        var overrides = ImportRecipe()
        overrides.skipBlankIDs = .init(true, at: SourceLocation(file: "command line"))
        overrides.skipRows = .init([1...1, 7...7, 10...10], at: SourceLocation(file: "command line"))
        let run = importing(source, recipe: folder + "/checksheet.recipe.yaml", overrides: overrides)
        XCTAssertNil(run.failure, run.log.text)
        let catalog = try written(run.out)
        XCTAssertEqual(catalog.allItems.filter { !$0.number.isEmpty }.map(\.id), ["1", "2", "3", "5"])
        XCTAssertTrue(catalog.completeness.hasSuffix("表の10行を読み、4行を項目として取り込んだ（ほかに見出し行2行、指定により除外3行、ID空欄で除外1行）。階層列の値から見出し項目5件を作成。"), catalog.completeness)
    }

    func testAParentMissingFromTheTableIsAnErrorAtTheIdCell() {
        let source = TestPaths.fixture("bad/import-criteria-missing-parent.csv")
        let run = importing(source, recipe: folder + "/criteria.recipe.yaml")
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.lines, [
            "\(source):8:1: error: the parent of '2-1-1' by id-pattern, '2-1', is not an item of the table; no item is made up for it (add its row, or for hierarchy-columns say 'headings: from-columns')",
            "\(source):9:1: error: the parent of '2-1-2' by id-pattern, '2-1', is not an item of the table; no item is made up for it (add its row, or for hierarchy-columns say 'headings: from-columns')",
        ])
    }

    func testHierarchyColumnsWithoutHeadingsMustNameRowsOfTheTable() {
        var overrides = ImportRecipe()
        overrides.headingsFromColumns = .init(false, at: SourceLocation(file: "command line"))
        let source = folder + "/checksheet.xlsx"
        let run = importing(source, recipe: folder + "/checksheet.recipe.yaml", overrides: overrides)
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.errors.count, 7)
        XCTAssertEqual(run.log.lines.first, "\(source):チェックシート!B4: error: the parent named in this hierarchy cell, '1.1方針', is not an item of the table; no item is made up for it (add its row, or for hierarchy-columns say 'headings: from-columns')")
    }

    func testFlagsReplaceTheRecipeAndHeaderTextMustNameOneColumn() {
        var overrides = ImportRecipe()
        let commandLine = SourceLocation(file: "command line")
        overrides.titleColumn = .init("項目", at: commandLine)   // over both 大項目 and 中項目
        let run = importing(folder + "/checksheet.xlsx", recipe: folder + "/checksheet.recipe.yaml", overrides: overrides)
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.lines, ["command line:1:1: error: title-column '項目': columns A, B all have this header; give a column letter"])

        overrides.titleColumn = .init("要求事項X", at: commandLine)
        let typo = importing(folder + "/checksheet.xlsx", recipe: folder + "/checksheet.recipe.yaml", overrides: overrides)
        XCTAssertEqual(typo.log.errors.count, 1)
        XCTAssertEqual(typo.log.lines, ["command line:1:1: error: title-column '要求事項X': no column has this header; did you mean '要求事項'? (headers: '項目/大項目', '項目/中項目', 'No.', '要求事項', 'レベル')"])

        overrides.titleColumn = .init("D", at: commandLine)
        overrides.id = .init("renamed", at: commandLine)
        let letters = importing(folder + "/checksheet.xlsx", recipe: folder + "/checksheet.recipe.yaml", overrides: overrides)
        XCTAssertNil(letters.failure, letters.log.text)
        XCTAssertEqual(try written(letters.out).id, "renamed")
    }

    func testTheSimpleCaseNeedsTheFrontMatterAndColumns() {
        var overrides = ImportRecipe()
        overrides.idColumn = .init("A", at: SourceLocation(file: "command line"))
        let run = importing(folder + "/criteria.csv", recipe: nil, overrides: overrides)
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.lines.count, 5)
        XCTAssertTrue(run.log.text.contains("the catalog's title-column is not given: write 'title-column: …' in the recipe or pass --title-column"), run.log.text)
    }

    func testFlagsAloneImportAndTextThatLooksLikeMarkupStaysText() throws {
        let csv = TestPaths.temporaryFolder() + "/list.csv"
        try "No.,見出し,本文\nNo.１,一つ目,\"# 見出しに見える行\n@level: LV1 に見える行\"\nNo.2,二つ目\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let commandLine = SourceLocation(file: "command line")
        var overrides = ImportRecipe()
        overrides.id = .init("my-list", at: commandLine)
        overrides.title = .init("一覧", at: commandLine)
        overrides.publisher = .init("自社", at: commandLine)
        overrides.version = .init("1", at: commandLine)
        overrides.idColumn = .init("A", at: commandLine)
        overrides.titleColumn = .init("見出し", at: commandLine)
        overrides.textColumn = .init("C", at: commandLine)
        let run = importing(csv, recipe: nil, overrides: overrides)
        XCTAssertNil(run.failure, run.log.text)
        let catalog = try written(run.out)
        XCTAssertEqual(catalog.allItems.map(\.id), ["1", "2"])
        XCTAssertEqual(catalog.allItems.map(\.number), ["No.１", "No.2"])   // printed as written, id normalised
        XCTAssertEqual(catalog.allItems[0].text, "# 見出しに見える行\n@level: LV1 に見える行")
        XCTAssertEqual(catalog.allItems[0].levels, [])
        XCTAssertEqual(catalog.provenance, ["取り込み元: list.csv（UTF-8、SHA-256 \(try sha256(csv))）。2026-11-30 取り込み。"])
    }

    func testRecipeMistakesAreLocatedInTheRecipe() throws {
        let recipe = TestPaths.temporaryFolder() + "/bad.recipe.yaml"
        try "id: x\ntitle: x\nid-colum: A\nheader-rows: two\nlevel-values:\n  必須: LV9\n".write(toFile: recipe, atomically: true, encoding: .utf8)
        let run = importing(folder + "/criteria.csv", recipe: recipe)
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.lines, [
            "\(recipe):3:1: error: unknown recipe key 'id-colum'; did you mean 'id-column'? (keys: \(ImportRecipe.keys.joined(separator: ", ")))",
            "\(recipe):4:14: error: header-rows must be a number of rows (0, 1, 2, …), not 'two'",
            "\(recipe):6:7: error: unknown level 'LV9'; levels are LV1, LV2, LV3",
        ])
    }

    func testAnUnknownSheetIsNamedWithTheSheetsThereAre() {
        var overrides = ImportRecipe()
        overrides.sheet = .init("シート1", at: SourceLocation(file: "command line"))
        let source = folder + "/checksheet.xlsx"
        let run = importing(source, recipe: folder + "/checksheet.recipe.yaml", overrides: overrides)
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.lines, ["\(source):1:1: error: no sheet 'シート1'; sheets: '集計', 'チェックシート'"])
    }

    func sha256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: out, as: UTF8.self).prefix(64))
    }
}

extension ReportDestination {
    static var standardOutputDiscarded: ReportDestination { .file("/dev/null") }
}
