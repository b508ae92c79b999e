import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoPipeline
import XCTest

/// `import mapping` in process: the cross-reference columns of a criteria sheet saved by
/// LibreOffice (Tests/Fixtures/import/criteria-xref.xlsx, made by make-fixtures.py) become a
/// draft mapping that validates against the fixture catalogs (Tests/Fixtures/import/catalogs);
/// mistakes are errors at their cells (Tests/Fixtures/bad/import-xref-mistakes.*).
final class ImportMappingTests: XCTestCase {
    let folder = TestPaths.fixture("import")
    var catalogs: String { folder + "/catalogs" }
    var recipe: String { folder + "/criteria-xref.recipe.yaml" }

    struct Run {
        var result: Pipeline.ImportedMapping?
        var failure: CommandFailure?
        var log: DiagnosticLog
        var out: String
    }

    func importing(_ source: String, recipe: String? = nil, catalogs: [String]? = nil, date: String? = "2026-11-30") -> Run {
        let out = TestPaths.temporaryFolder() + "/imported.yaml"
        let log = DiagnosticLog()
        var result: Pipeline.ImportedMapping?
        let request = Pipeline.ImportMappingRequest(source: source, recipe: recipe ?? self.recipe, destination: .file(out), date: date,
                                                    catalogs: catalogs ?? [self.catalogs])
        let failure = failure { () throws(CommandFailure) in result = try Pipeline.importMapping(request, diagnostics: log) }
        return Run(result: result, failure: failure, log: log, out: out)
    }

    /// The mapping as `validate` reads the written file.
    func written(_ path: String) throws -> Mapping {
        let inputs = InputLoader().load([path])
        XCTAssertEqual(inputs.diagnostics.map(\.description), [])
        return try XCTUnwrap(inputs.mappings.first)
    }

    func links(_ mapping: Mapping, _ item: String) -> [String] {
        (mapping.entries.first { $0.item == item }?.links ?? []).map { "\($0.target) \($0.relationship.rawValue)" + ($0.note.map { " [\($0)]" } ?? "") }
    }

    /// A recipe file with `text`, in a fresh folder.
    func recipeFile(_ text: String) throws -> String {
        let path = TestPaths.temporaryFolder() + "/recipe.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
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

    func testCrossReferenceColumnsBecomeADraftMappingThatValidates() throws {
        let run = importing(folder + "/criteria-xref.xlsx")
        XCTAssertNil(run.failure, run.log.text)
        XCTAssertEqual(run.log.lines, [])
        let mapping = try written(run.out)
        XCTAssertEqual(mapping.id, "sample-criteria-xref")
        XCTAssertEqual(mapping.source, "sample-xref-criteria")
        XCTAssertEqual(mapping.targets, ["sample-jama", "sample-annex-a", "sample-clauses"])
        XCTAssertEqual(mapping.status, "draft")
        XCTAssertNil(mapping.reviewer)
        // K-5's cells are both empty: not reviewed, no entry. K-4's are both "―": targets: [].
        XCTAssertEqual(mapping.entries.map(\.item), ["k-1", "k-2", "k-3", "k-4", "k-6", "k-7"])
        XCTAssertEqual(mapping.entries.map(\.writtenItem), ["K-1", "K-2", "K-3", "K-4", "K-6", "K-7"])
        // `No.1, 3 (LV2)`: the level applies to both ids; `A.5.1, 5.1`: a control and a clause.
        XCTAssertEqual(links(mapping, "k-1"), [
            "sample-jama:1 intersects-with [表の注記: LV2]", "sample-jama:3 intersects-with [表の注記: LV2]",
            "sample-annex-a:5.1 intersects-with", "sample-clauses:5.1 intersects-with",
        ])
        // `No．４` (full-width), `A 5.2、9.3` (a blank inside the control, 9.3 a clause).
        XCTAssertEqual(links(mapping, "k-2"), ["sample-jama:4 intersects-with", "sample-annex-a:5.2 intersects-with", "sample-clauses:9.3 intersects-with"])
        // `No.6〜8` expanded.
        XCTAssertEqual(links(mapping, "k-3"), ["sample-jama:6 intersects-with", "sample-jama:7 intersects-with", "sample-jama:8 intersects-with",
                                                "sample-clauses:4.1 intersects-with"])
        let k4 = try XCTUnwrap(mapping.entries.first { $0.item == "k-4" })
        XCTAssertEqual(k4.links, [])
        XCTAssertEqual(k4.note, "表では「―」（対応なし）。")
        // `No.2 (参考)` a note; a two-line cell `A.8.1` / `A 7.14`.
        XCTAssertEqual(links(mapping, "k-6"), ["sample-jama:2 intersects-with [表の注記: 参考]", "sample-annex-a:8.1 intersects-with",
                                                "sample-annex-a:7.14 intersects-with"])
        // `―` in the JAMA column while the ISO column names a clause: nothing in sample-jama.
        XCTAssertEqual(links(mapping, "k-7"), ["sample-clauses:9.3 intersects-with", "sample-jama no-relationship [表では「―」（対応なし）。]"])

        // The provenance and the counts, in Japanese, in the header.
        let text = try String(contentsOfFile: run.out, encoding: .utf8)
        let digest = try sha256(folder + "/criteria-xref.xlsx")
        XCTAssertTrue(text.hasPrefix("""
            # サンプル評価基準 × サンプル工業会・管理策・箇条 突合表（テスト用）
            # 取り込み元: criteria-xref.xlsx（シート「評価基準」、SHA-256 \(digest)）。2026-11-30 取り込み。
            # 対応列: C「JAMA対応」 → sample-jama、D「ISO対応」 → sample-annex-a、sample-clauses。取り込んだ対応の関係はすべて intersects-with（下書き、要確認）。
            # 表の8行を読み、6行を突合済みとして取り込んだ（うち対応なし1行）。ほかに見出し行1行。
            # 対応列がすべて空欄の1行は未突合のため載せていない: K-5
            mapping:

            """), text)
        XCTAssertEqual(run.result?.entries, 6)
        XCTAssertEqual(run.result?.noCounterpart, 1)
        XCTAssertEqual(run.result?.unreviewed, 1)
        XCTAssertEqual(run.result?.links, 16)

        // `validate` accepts it with the catalogs.
        let log = DiagnosticLog()
        let workspace = try XCTUnwrap(try? Pipeline.validate([catalogs, run.out], fallbackCatalogs: catalogs, diagnostics: log), log.text)
        XCTAssertEqual(log.lines, [])
        XCTAssertEqual(workspace.resolved.map(\.mapping.id), ["sample-criteria-xref"])
    }

    func testOutputIsDeterministicAndNeedsNoCatalogs() throws {
        let a = importing(folder + "/criteria-xref.xlsx")
        let b = importing(folder + "/criteria-xref.xlsx", catalogs: [])
        XCTAssertNil(b.failure, b.log.text)
        XCTAssertEqual(FileManager.default.contents(atPath: a.out), FileManager.default.contents(atPath: b.out))
        let undated = importing(folder + "/criteria-xref.xlsx", date: nil)
        XCTAssertTrue(try String(contentsOfFile: undated.out, encoding: .utf8).contains("。取り込み日の記載なし。\n"))
    }

    func testUnreadTokensAndUnknownIdsAreErrorsAtTheirCellsAndNothingIsWritten() {
        let source = TestPaths.fixture("bad/import-xref-mistakes.xlsx")
        let run = importing(source)
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.lines, [
            "\(source):評価基準!D9: error: 'B.1.1' matches no pattern of this column ('A[.]{n}.{n}', '{n}.{n}')",
            "\(source):評価基準!D10: error: unknown item 'A.5.9' (read as '5.9') in catalog 'sample-annex-a'; did you mean '5.1'?",
            "\(source):評価基準!C10: error: unknown item 'No.99' (read as '99') in catalog 'sample-jama'; did you mean '9'?",
        ])
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.out))
        // Without catalogs the ids are not checked; the unread token still is an error.
        let unchecked = importing(source, catalogs: [])
        XCTAssertEqual(unchecked.failure, .badInput)
        XCTAssertEqual(unchecked.log.lines, ["\(source):評価基準!D9: error: 'B.1.1' matches no pattern of this column ('A[.]{n}.{n}', '{n}.{n}')"])
    }

    func testCSVTokensArePlacedAtTheirOwnLineAndColumn() {
        // Row K-8's ISO cell is quoted over two lines: `A.8.1` / `""旧""、B.1.1` in the file.
        let source = TestPaths.fixture("bad/import-xref-mistakes.csv")
        let run = importing(source)
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.lines, [
            "\(source):11:1: error: '\"旧\"' matches no pattern of this column ('A[.]{n}.{n}', '{n}.{n}')",
            "\(source):11:7: error: 'B.1.1' matches no pattern of this column ('A[.]{n}.{n}', '{n}.{n}')",
            "\(source):12:13: error: unknown item 'No.99' (read as '99') in catalog 'sample-jama'; did you mean '9'?",
            "\(source):12:19: error: unknown item 'A.5.9' (read as '5.9') in catalog 'sample-annex-a'; did you mean '5.1'?",
            "\(recipe):7:8: warning: sheet is for workbooks; \(source) is a text table",
        ])
    }

    func testAClauseIsNeverReadAsTheControlOfTheSameNumber() throws {
        // Only the Annex A rule: `9.3` (K-2) and `4.1` (K-3) are errors, not controls 9.3 and 4.1.
        let text = try String(contentsOfFile: recipe, encoding: .utf8)
        let annexOnly = try recipeFile(text.components(separatedBy: "      - pattern: \"{n}.{n}\"")[0])
        let source = folder + "/criteria-xref.xlsx"
        let run = importing(source, recipe: annexOnly)
        XCTAssertEqual(run.failure, .badInput)
        let message = "matches no pattern of this column ('A[.]{n}.{n}')"
        XCTAssertEqual(Set(run.log.lines), [
            "\(source):評価基準!D2: error: '5.1' \(message)",
            "\(source):評価基準!D3: error: '9.3' \(message)",
            "\(source):評価基準!D4: error: '4.1' \(message)",
            "\(source):評価基準!D8: error: '9.3' \(message)",
        ])
        XCTAssertEqual(run.log.lines.count, 4)
    }

    func testATargetNamedTwiceInARowIsOneLinkWithAWarning() throws {
        let table = TestPaths.temporaryFolder() + "/t.csv"
        try "番号,JAMA対応\nK-1,\"No.3〜5, 4\"\n".write(toFile: table, atomically: true, encoding: .utf8)
        let recipe = try recipeFile("""
            id: t
            source: sample-xref-criteria
            targets: [sample-jama]
            relationship: subset-of
            id-column: 番号
            columns:
              - column: JAMA対応
                rules: [{pattern: "[No][.]{n}", catalog: sample-jama, ranges: expand}]
            """)
        let run = importing(table, recipe: recipe)
        XCTAssertNil(run.failure, run.log.text)
        XCTAssertEqual(run.log.lines, ["\(table):2:14: warning: '4' names 'sample-jama:4' again (first as 'No.3〜5' in this row); it is one link"])
        XCTAssertEqual(links(try written(run.out), "k-1"), ["sample-jama:3 subset-of", "sample-jama:4 subset-of", "sample-jama:5 subset-of"])
    }

    func testARowWhoseIdIsNotInTheSourceCatalogIsAnErrorAtItsIdCell() throws {
        let table = TestPaths.temporaryFolder() + "/t.csv"
        try "番号,JAMA対応\nK-1,No.1\nK-11,なし\n".write(toFile: table, atomically: true, encoding: .utf8)
        let recipe = try recipeFile("""
            id: t
            source: sample-xref-criteria
            targets: [sample-jama]
            relationship: intersects-with
            id-column: A
            columns:
              - column: B
                rules: [{pattern: "[No][.]{n}", catalog: sample-jama}]
            """)
        let run = importing(table, recipe: recipe)
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.lines, ["\(table):3:1: error: unknown item 'K-11' (read as 'k-11') in catalog 'sample-xref-criteria'; did you mean 'k-1'?"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.out))
    }

    func testRecipeMistakesAreReportedAtTheirLines() throws {
        let source = folder + "/criteria-xref.xlsx"
        let recipe = try recipeFile("""
            id: x
            source: sample-xref-criteria
            targets: [sample-jama]
            relationship: intersect
            title-column: 要求事項
            id-column: 番号
            sheet: 評価基準
            columns:
              - column: JAMA対応
                rules:
                  - {pattern: "[No][.]{n}", catalog: sample-jamma}
                  - {pattern: "{n}{n}", catalog: sample-jama}
                  - {pattern: "No{n}", catalog: sample-jama, range: expand}
            """)
        let run = importing(source, recipe: recipe)
        XCTAssertEqual(run.failure, .badInput)
        XCTAssertEqual(run.log.lines, [
            "\(recipe):4:15: error: unknown relationship 'intersect' (equal, equivalent-to, subset-of, superset-of, intersects-with, no-relationship)",
            "\(recipe):5:1: error: 'title-column' is a key of catalog recipes (import catalog); a mapping recipe has: id, title, source, targets, relationship, columns, sheet, encoding, delimiter, header-rows, skip-rows, blank-ids, id-column",
            "\(recipe):12:19: error: pattern '{n}{n}': two numbers '{n}{n}' must have something between them",
            "\(recipe):13:50: error: unknown key 'range' of a rule; did you mean 'ranges'? (pattern, catalog, item, ranges)",
        ])

        // Without a relationship nothing is guessed; a rule's catalog must be a target.
        let unsaid = try recipeFile("""
            id: x
            source: sample-xref-criteria
            targets: [sample-jama]
            sheet: 評価基準
            id-column: 番号
            columns:
              - column: JAMA対応
                rules:
                  - {pattern: "[No][.]{n}", catalog: sample-jamma}
            """)
        let second = importing(source, recipe: unsaid)
        XCTAssertEqual(second.failure, .badInput)
        XCTAssertEqual(second.log.lines, [
            "\(unsaid):1:1: error: the mapping recipe needs 'relationship': the relationship every imported link gets, e.g. intersects-with (it is declared, never guessed)",
            "\(unsaid):9:42: error: catalog 'sample-jamma' of pattern '[No][.]{n}' is not among the targets (sample-jama); did you mean 'sample-jama'?",
        ])
    }
}
