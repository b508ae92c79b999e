import ArgumentParser
import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import TotsugoPipeline

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two versions of a catalog and list the mapping entries to re-review.",
        discussion: """
        OLD and NEW are catalog files (.xml or .txt, in any combination). Lists items added, \
        removed, renumbered (same content under a new id, found by text similarity), moved \
        (new parent) and changed (heading, text, levels, tags, with a character diff).

        With --mappings, every mapping entry whose source item, or an item one of its links \
        points to, was removed, renumbered, moved or changed is listed as stale, with the \
        file:line:col of the entry (or link), so it can be reviewed again. Only mappings written \
        for OLD are checked: one that names NEW (or, when both share an id, whose items are NEW's) \
        is up to date. To rewrite a mapping for NEW, use 'totsugo carry OLD NEW MAPPING'.

        Exit codes: 0 done (or no changes with --fail-on-changes); 1 changes found with \
        --fail-on-changes; 65 invalid input; 66 missing input; 73 cannot write --out.

        Examples:
          totsugo diff Catalogs/nikkenren-2019.txt Catalogs/nikkenren-2023.txt
          totsugo diff old.xml new.xml --mappings Mappings --format md --out Output/diff.md
          totsugo diff old.txt new.txt --format html --out diff.html
          totsugo diff old.txt new.txt --format json --fail-on-changes
        """
    )

    @Argument(help: "The old catalog file.") var old: String
    @Argument(help: "The new catalog file.") var new: String
    @Option(help: "Folder (or file) of mappings to check for stale entries.") var mappings: String?
    @Option(help: "Output format: \(OutputFormats.diff.names.joined(separator: ", ")) (default: from --out's extension, else text).")
    var format: String?
    @Flag(name: .customLong("fail-on-changes"), help: "Exit 1 when the catalogs differ (for CI).")
    var failOnChanges = false
    @Option(help: "Write to this file (atomically) instead of standard output.") var out: String?
    @Option(help: "Similarity (0–1) at or above which two items are the same item.")
    var similarity: Double = TextSimilarity.defaultThreshold

    func validate() throws {
        if let out, out.isEmpty || out.hasSuffix("/") { throw ValidationError("--out needs a file name, not '\(out)'") }
        guard (0...1).contains(similarity) else { throw ValidationError("--similarity must be between 0 and 1") }
        _ = try ReportFormat.format(format, out: out, in: OutputFormats.diff, fallback: "text")
    }

    func run() throws {
        let request = Pipeline.DiffRequest(old: old, new: new, mappings: mappings, similarity: similarity,
                                           format: try ReportFormat.format(format, out: out, in: OutputFormats.diff, fallback: "text"),
                                           destination: ReportDestination(out))
        let result = try running { () throws(CommandFailure) in try Pipeline.diff(request, diagnostics: StandardErrorSink()) }
        if let written = result.written { print("wrote \(written)") }
        if failOnChanges && result.diff.hasChanges { throw ExitCodes.checkFailed }
    }
}
