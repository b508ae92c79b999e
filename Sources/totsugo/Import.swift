import ArgumentParser
import Foundation
import TotsugoCore
import TotsugoMatch
import TotsugoPipeline

/// The examples `import --help` and `import catalog --help` show (docs/import.md has them
/// whole, with the recipes and the catalogs they make).
private let importExamples = """
Examples (docs/import.md has them whole, with the catalogs they make):

  # A JAMA-style check sheet (xlsx): title row, 2 header rows,
  # 大項目/中項目 merged, No., 要求事項, レベル LV1–LV3
  totsugo import catalog checksheet.xlsx --recipe checksheet.recipe.yaml \\
      --out Catalogs/checksheet.txt --date 2026-11-30
  #   checksheet.recipe.yaml:
  #     id: sample-checksheet
  #     title: サンプル チェックシート
  #     publisher: サンプル工業会
  #     version: 1.0
  #     sheet: チェックシート
  #     skip-rows: [1]
  #     header-rows: 2
  #     id-column: No.
  #     title-column: 要求事項
  #     level-column: レベル
  #     hierarchy-columns: [大項目, 中項目]
  #     headings: from-columns

  # A criteria CSV saved by Japanese Excel (CP932, CRLF),
  # ids 1, 1-1, 1-1-1 nested by their pattern
  totsugo import catalog criteria.csv --recipe criteria.recipe.yaml \\
      --out Catalogs/criteria.txt --date 2026-11-30
  #   criteria.recipe.yaml:
  #     id: sample-criteria
  #     title: サンプル評価基準
  #     publisher: サンプル協議会
  #     version: 2026
  #     encoding: cp932
  #     id-column: 番号
  #     title-column: 要求事項
  #     text-column: 説明
  #     level-column: 区分
  #     level-values: {必須: LV1, 推奨: LV2}
  #     id-pattern: 1-1-1

  # A criteria sheet's cross-reference columns as a mapping (draft):
  # each row a source item, its JAMA and ISO cells read by the recipe's rules
  totsugo import mapping criteria-xref.xlsx --recipe criteria-xref.recipe.yaml \\
      --catalogs Catalogs --out Mappings/criteria-xref.yaml --date 2026-11-30
  #   criteria-xref.recipe.yaml:
  #     id: sample-criteria-xref
  #     source: sample-criteria-xref
  #     targets: [sample-jama, sample-annex-a, sample-clauses]
  #     relationship: intersects-with
  #     sheet: 評価基準
  #     id-column: 番号
  #     columns:
  #       - column: JAMA対応
  #         rules:
  #           - {pattern: "[No][.]{n}", catalog: sample-jama, ranges: expand}
  #       - column: ISO対応
  #         rules:
  #           - {pattern: "A[.]{n}.{n}", catalog: sample-annex-a, item: "{n}.{n}"}
  #           - {pattern: "{n}.{n}", catalog: sample-clauses}

  # The simple case, flags only
  totsugo import catalog list.csv --id my-list --title 一覧 \\
      --publisher 自社 --version 1 --id-column A --title-column B \\
      --out Catalogs/my-list.txt

  # A regulation document (docs/import-docx.md): headings → items, numbered
  # as Word numbers them; paragraphs, lists and tables → their provisions
  totsugo import catalog 規程.docx --id my-rules --title 情報セキュリティ規程 \\
      --publisher 自社 --version 1 --out Catalogs/my-rules.txt --date 2026-11-30
"""

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a table users hold (CSV/TSV, xlsx) as a catalog or a mapping, or a regulation document (.docx) as a catalog.",
        discussion: """
        `import catalog` turns a check sheet or criteria table into a structured-text catalog \
        (docs/catalog-text.md) that `totsugo validate` accepts, with its provenance (file, \
        sheet, SHA-256, --date) and how many rows it read and imported; a .docx regulation \
        document becomes a catalog of its headings with their provisions (docs/import-docx.md). \
        `import mapping` \
        turns a table's cross-reference columns into a draft mapping (docs/mapping-yaml.md). \
        See docs/import.md.

        \(importExamples)
        """,
        subcommands: [ImportCatalog.self, ImportMapping.self]
    )
}

struct ImportCatalog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Write a catalog (structured text) from a CSV/TSV file, an xlsx sheet or a regulation document (.docx).",
        discussion: """
        The recipe (YAML, docs/import.md) says what the catalog is and which column holds \
        what; a flag replaces the recipe's value of the same name. Columns are letters (A, B, \
        …, AA) or header text (`No.`, `要求事項`; with two header rows, either row's text or \
        both joined with '/'). Every data row becomes an item or is reported at its cell \
        (`file.xlsx:Sheet!C12: error: …`, `file.csv:line:col: error: …`): an empty id, a \
        duplicate id, an unknown level, a parent that is not in the table. Nothing is written \
        then. No clock is read: the output depends only on the inputs and --date.

        A .docx (docs/import-docx.md) needs no columns: its headings (見出し 1 / Heading 1 \
        styles, outline levels) become the items, numbered as Word numbers them, and the \
        paragraphs, lists and tables under each heading its provisions; tracked changes, \
        comments and text boxes are reported as warnings naming the paragraph.

        Exit codes: 0 written; 64 bad command line; 65 bad table, document or recipe; 66 \
        missing input; 73 cannot write --out.

        \(importExamples)
        """
    )

    @Argument(help: "The table: .xlsx, .csv, .tsv or .txt (tab-separated); or a regulation document: .docx.") var source: String
    @Option(help: "The recipe (YAML) that says what the columns hold.") var recipe: String?
    @Option(help: "Write the catalog to this file (atomically) instead of standard output.") var out: String?
    @Option(help: "The import date for the provenance line (YYYY-MM-DD); no clock is read.") var date: String?
    @Option(help: "Catalog format written: text (structured text) or xml (default: xml when --out ends in .xml, else text).")
    var format: String?

    @Option(help: "Catalog id.") var id: String?
    @Option(help: "Catalog title.") var title: String?
    @Option(name: .customLong("short-title"), help: "Short title (default: the title).") var shortTitle: String?
    @Option(help: "Publisher.") var publisher: String?
    @Option(name: .customLong("version"), help: "Version or edition of the guideline.") var catalogVersion: String?
    @Option(help: "Sheet of the workbook (default: the first).") var sheet: String?
    @Option(help: "Text encoding: auto, utf-8, cp932, utf-16le, utf-16be.") var encoding: String?
    @Option(help: "Delimiter: auto, comma, tab, semicolon.") var delimiter: String?
    @Option(name: .customLong("header-rows"), help: "Header rows above the data (default 1).") var headerRows: Int?
    @Option(name: .customLong("skip-rows"), help: "Rows not to import, e.g. 1,40-42.") var skipRows: String?
    @Option(name: .customLong("id-column"), help: "Column of the item ids.") var idColumn: String?
    @Option(name: .customLong("title-column"), help: "Column of the item titles.") var titleColumn: String?
    @Option(name: .customLong("text-column"), help: "Column of the item text.") var textColumn: String?
    @Option(name: .customLong("level-column"), help: "Column of the levels (LV1–LV3).") var levelColumn: String?
    @Option(name: .customLong("tags-column"), help: "Column of the tags.") var tagsColumn: String?
    @Option(name: .customLong("hierarchy-columns"), help: "Hierarchy columns, outermost first, e.g. A,B.") var hierarchyColumns: String?
    @Option(help: "from-columns: one heading item per distinct hierarchy-column value.") var headings: String?
    @Option(name: .customLong("id-pattern"), help: "An example id giving the hierarchy, e.g. 1-1-1 or 3.1.2.") var idPattern: String?
    @Flag(name: .customLong("skip-blank-ids"), help: "Skip (and count) rows whose id cell is empty.") var skipBlankIDs = false

    func validate() throws {
        if let date, InputDate.w3c(date) == nil || date.count != 10 {
            throw ValidationError("--date must be a date YYYY-MM-DD, not '\(date)'")
        }
        if let headings, !["from-columns", "none"].contains(headings) {
            throw ValidationError("--headings is 'from-columns' or 'none'")
        }
        if let skipRows, skipRows.split(separator: ",").contains(where: { ImportRecipe.rowRange(String($0)) == nil }) {
            throw ValidationError("--skip-rows takes row numbers or ranges, e.g. 1,40-42")
        }
        if let headerRows, headerRows < 0 { throw ValidationError("--header-rows must be 0 or more") }
        if let format, !["text", "xml"].contains(format) { throw ValidationError("--format is 'text' or 'xml'") }
    }

    func run() throws {
        let here = SourceLocation(file: "command line")
        func value(_ raw: String?) -> ImportRecipe.Value<String>? { raw.map { ImportRecipe.Value($0, at: here) } }
        var overrides = ImportRecipe()
        overrides.id = value(id)
        overrides.title = value(title)
        overrides.shortTitle = value(shortTitle)
        overrides.publisher = value(publisher)
        overrides.version = value(catalogVersion)
        overrides.sheet = value(sheet)
        overrides.encoding = value(encoding)
        overrides.delimiter = value(delimiter)
        overrides.headerRows = headerRows.map { ImportRecipe.Value($0, at: here) }
        overrides.skipRows = skipRows.map { ImportRecipe.Value($0.split(separator: ",").compactMap { ImportRecipe.rowRange(String($0)) }, at: here) }
        overrides.idColumn = value(idColumn)
        overrides.titleColumn = value(titleColumn)
        overrides.textColumn = value(textColumn)
        overrides.levelColumn = value(levelColumn)
        overrides.tagsColumn = value(tagsColumn)
        overrides.hierarchyColumns = hierarchyColumns.map {
            ImportRecipe.Value($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }, at: here)
        }
        overrides.headingsFromColumns = headings.map { ImportRecipe.Value($0 == "from-columns", at: here) }
        overrides.idPattern = value(idPattern)
        if skipBlankIDs { overrides.skipBlankIDs = ImportRecipe.Value(true, at: here) }
        let request = Pipeline.ImportCatalogRequest(source: source, recipe: recipe, overrides: overrides,
                                                    destination: ReportDestination(out), date: date, xml: format.map { $0 == "xml" })
        let result = try running { () throws(CommandFailure) in try Pipeline.importCatalog(request, diagnostics: StandardErrorSink()) }
        if let written = result.written {
            let headings = result.headingsMade > 0 ? " and \(result.headingsMade) heading(s) from the hierarchy columns" : ""
            let read = result.fromDocument ? "\(result.rowsRead) paragraph(s)" : "\(result.rowsRead) row(s)"
            print("wrote \(written): \(result.itemsImported) item(s) from \(read)\(headings)")
        }
    }
}

struct ImportMapping: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping",
        abstract: "Write a draft mapping (YAML) from the cross-reference columns of a CSV/TSV file or an xlsx sheet.",
        discussion: """
        Each data row is a source item (id-column); each cross-reference column's cells are read \
        with the recipe's rules (pattern → target catalog, item template, ranges: expand) into \
        links, all with the recipe's declared relationship, status draft. A row whose cells are \
        all "no counterpart" marks (―, -, なし, #N/A) gets 'targets: []'; a row whose \
        cross-reference cells are all empty is not reviewed and gets no entry. Text no rule reads, \
        and with --catalogs an id that is not in its catalog, is an error at the cell \
        (`file.xlsx:Sheet!F12: error: …`, `file.csv:line:col: error: …` at the token); nothing \
        is written then. See docs/import.md, "Table → mapping".

        Exit codes: 0 written; 64 bad command line; 65 bad table, recipe or id; 66 missing input; \
        73 cannot write --out.

        \(importExamples)
        """
    )

    @Argument(help: "The table: .xlsx, .csv, .tsv or .txt (tab-separated).") var source: String
    @Option(help: "The mapping recipe (YAML): id, source, targets, relationship, id-column, columns.") var recipe: String
    @Option(help: "Write the mapping to this file (atomically) instead of standard output.") var out: String?
    @Option(help: "The import date for the provenance comment (YYYY-MM-DD); no clock is read.") var date: String?
    @Option(help: "Catalog files or folders: every id read must be an item of them (as validate resolves).") var catalogs: [String] = []
    @Option(help: "Sheet of the workbook (default: the first).") var sheet: String?
    @Option(help: "Text encoding: auto, utf-8, cp932, utf-16le, utf-16be.") var encoding: String?
    @Option(help: "Delimiter: auto, comma, tab, semicolon.") var delimiter: String?
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    func validate() throws {
        if let date, InputDate.w3c(date) == nil || date.count != 10 {
            throw ValidationError("--date must be a date YYYY-MM-DD, not '\(date)'")
        }
    }

    func run() throws {
        let here = SourceLocation(file: "command line")
        func value(_ raw: String?) -> ImportRecipe.Value<String>? { raw.map { ImportRecipe.Value($0, at: here) } }
        var overrides = ImportRecipe()
        overrides.sheet = value(sheet)
        overrides.encoding = value(encoding)
        overrides.delimiter = value(delimiter)
        let request = Pipeline.ImportMappingRequest(source: source, recipe: recipe, overrides: overrides,
                                                    destination: ReportDestination(out), date: date, catalogs: catalogs,
                                                    limits: limitOptions.limits)
        let result = try running { () throws(CommandFailure) in try Pipeline.importMapping(request, diagnostics: StandardErrorSink()) }
        if let written = result.written {
            print("wrote \(written): \(result.entries) entr\(result.entries == 1 ? "y" : "ies") (\(result.noCounterpart) with no counterpart) and \(result.links) link(s) from \(result.rowsRead) row(s); \(result.unreviewed) row(s) not reviewed (no entry)")
        }
    }
}
