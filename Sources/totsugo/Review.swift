import ArgumentParser
import Foundation
import TotsugoPipeline

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Review a mapping in Excel: export a review workbook, import it back.",
        subcommands: [ReviewExport.self, ReviewImport.self]
    )
}

struct ReviewExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the review workbook of a mapping (links and ranked suggestions).",
        discussion: """
        One row per source item, per link and per suggested candidate, grouped by source item; \
        the source and target items side by side; drop-down lists for relationship, rationale \
        and status (未確認 / 確認済 / 却下); a sheet 説明 explaining the columns. Suggestions \
        rank the target items by the similarity of their Japanese text (docs/review.md); they \
        are never applied until a reviewer marks them.

        Exit codes: 0 written; 65 the mapping or a catalog has an error; 66 a file does not \
        exist; 73 cannot write.

        Examples:
          totsugo review export Mappings/nikkenren-2023.yaml
          totsugo review export Mappings/jama-japia.yaml --out review/jama.review.xlsx --suggestions 3
        """
    )

    @Argument(help: "The mapping file.") var mapping: String
    @Option(help: "Folder of catalogs (default: Catalogs).") var catalogs = "Catalogs"
    @Option(help: "The workbook to write (default: <mapping-id>.review.xlsx).") var out: String?
    @Option(help: "Suggested candidates per source item (0: none).") var suggestions = 5
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    func validate() throws {
        if suggestions < 0 || suggestions > 50 { throw ValidationError("--suggestions must be 0–50, not \(suggestions)") }
    }

    func run() throws {
        let request = ReviewExportRequest(mapping: mapping, catalogs: catalogs, out: out, suggestions: suggestions, limits: limitOptions.limits)
        let result = try running { () throws(CommandFailure) in try Pipeline.reviewExport(request, diagnostics: StandardErrorSink()) }
        let rows = result.rows.rows
        print("wrote \(result.path): \(rows.filter { $0.kind == .item }.count) items, \(rows.filter { $0.kind == .link }.count) links, \(result.rows.suggested) suggestions")
    }
}

struct ReviewImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read an edited review workbook back into the mapping file.",
        discussion: """
        Confirmed rows become links, rejected candidates are remembered (not suggested again), \
        edits to links are applied; the file is written in the canonical form (as `totsugo \
        format`), keeping its header and top comments. Every wrong cell is an error with its \
        address (review.xlsx:レビュー!I12: error: …) and nothing is written when any cell is wrong.

        Exit codes: 0 written; 65 a cell, the mapping or a catalog has an error; 66 a file does \
        not exist; 73 cannot write.

        Examples:
          totsugo review import nikkenren-2023.review.xlsx --mapping Mappings/nikkenren-2023.yaml
        """
    )

    @Argument(help: "The edited review workbook (.xlsx).") var workbook: String
    @Option(help: "The mapping file the workbook was exported from.") var mapping: String
    @Option(help: "Folder of catalogs (default: Catalogs).") var catalogs = "Catalogs"
    @Option(help: "Where to write the mapping (default: the --mapping file itself).") var out: String?
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    func run() throws {
        let request = ReviewImportRequest(workbook: workbook, mapping: mapping, catalogs: catalogs, out: out, limits: limitOptions.limits)
        let result = try running { () throws(CommandFailure) in try Pipeline.reviewImport(request, diagnostics: StandardErrorSink()) }
        let links = result.mapping.entries.flatMap(\.links)
        print("wrote \(result.path): \(result.mapping.entries.count) reviewed entries, \(links.count) links (\(links.filter { $0.review == .confirmed }.count) confirmed), "
            + "\(result.mapping.entries.flatMap(\.rejected).count + result.mapping.unreviewed.flatMap(\.rejected).count) rejected candidates")
    }
}
