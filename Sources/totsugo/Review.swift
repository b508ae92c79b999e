import ArgumentParser
import Foundation
import TotsugoMatch
import TotsugoPipeline

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Review a mapping in Excel: export a review workbook, import it back.",
        subcommands: [ReviewExport.self, ReviewImport.self, ReviewMeasure.self]
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

struct ReviewMeasure: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Measure the suggestions on held-out links of a mapping (precision@1, recall@5).",
        discussion: """
        Hides a share of the mapping's links (chosen by a seeded hash of item and target, so a \
        run repeats), keeps the rest as evidence, ranks the target items for every source item \
        with a hidden link, and prints precision@1 (the first suggestion is a hidden link) and \
        recall@5 (hidden links among the first five) for the TF-IDF suggestions, TF-IDF without \
        evidence, and the bigram Dice baseline. Writes nothing.

        Examples:
          totsugo review measure Mappings/ipa-appendix5-iso27002.yaml
          totsugo review measure Mappings/jama-japia.yaml --holdout 0.3 --seed 7
        """
    )

    @Argument(help: "The mapping file.") var mapping: String
    @Option(help: "Folder of catalogs (default: Catalogs).") var catalogs = "Catalogs"
    @Option(help: "Share of the links hidden, 0–1.") var holdout = 0.3
    @Option(help: "Seed of the choice of hidden links.") var seed: UInt64 = 1
    @Option(help: "Repeat with seeds seed…seed+runs-1 and print the means.") var runs = 1
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    func validate() throws {
        if !(holdout > 0 && holdout < 1) { throw ValidationError("--holdout must be between 0 and 1, not \(holdout)") }
        if runs < 1 || runs > 1000 { throw ValidationError("--runs must be 1–1000, not \(runs)") }
    }

    func run() throws {
        var results: [SuggestionMeasurement] = []
        for run in 0..<runs {
            let result = try running { () throws(CommandFailure) in
                try Pipeline.measureSuggestions(mapping: mapping, catalogs: catalogs, holdout: holdout, seed: seed + UInt64(run),
                                                limits: limitOptions.limits, diagnostics: StandardErrorSink())
            }
            print(result.text, terminator: "")
            results.append(result)
        }
        guard runs > 1, let first = results.first else { return }
        print("mean of \(runs) runs (seeds \(seed)–\(seed + UInt64(runs) - 1)):")
        for (index, score) in first.scores.enumerated() {
            let p = results.map { $0.scores[index].precisionAt1 }.reduce(0, +) / Double(runs)
            let r = results.map { $0.scores[index].recallAt5 }.reduce(0, +) / Double(runs)
            print("  \(score.method): precision@1 \(String(format: "%.3f", p)), recall@5 \(String(format: "%.3f", r))")
        }
    }
}
