import ArgumentParser
import Foundation
import TotsugoMatch
import TotsugoPipeline

struct Carry: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rewrite a mapping written for OLD for the new version NEW of that catalog.",
        discussion: """
        Compares OLD and NEW as 'diff' does, then writes MAPPING for NEW: renumbered and moved \
        items carried to their new ids (the catalog id too, when NEW has its own); entries of \
        items removed in NEW dropped, and links to removed items dropped, each reported; entries \
        whose items changed kept but set back to not reviewed ('status: todo', 【要再確認】 and \
        the reason in the note, the links carried as comments below it to restore once \
        reviewed). The report (stderr) is the work list: warnings for what was dropped or is to \
        re-review, notes for what was carried, each at its position in MAPPING.

        Exit codes: 0 written; 65 invalid input, or MAPPING is not written for OLD; 66 missing \
        input; 73 the destination exists (without --force) or cannot be written.

        Examples:
          totsugo carry Catalogs/nikkenren-2019.txt Catalogs/nikkenren-2023.txt Mappings/nikkenren-2019.yaml
            (writes Mappings/nikkenren-2023.yaml, id nikkenren-2023)
          totsugo carry old.xml new.xml Mappings/demo.yaml --force      (rewrites it in place)
        """
    )

    @Argument(help: "The old catalog file (the version MAPPING was written for).") var old: String
    @Argument(help: "The new catalog file.") var new: String
    @Argument(help: "The mapping file to carry.") var mapping: String
    @Option(help: "Id of the carried mapping (default: the old id, the old catalog id in it replaced by the new one's).") var id: String?
    @Option(help: "Where to write it (default: <id>.yaml beside MAPPING).") var out: String?
    @Flag(help: "Replace the file at the destination if it exists.") var force = false
    @Option(help: "Similarity (0–1) at or above which two items are the same item.")
    var similarity: Double = TextSimilarity.defaultThreshold

    func validate() throws {
        guard (0...1).contains(similarity) else { throw ValidationError("--similarity must be between 0 and 1") }
    }

    func run() throws {
        let request = CarryRequest(old: old, new: new, mapping: mapping, id: id, out: out, force: force, similarity: similarity)
        let result = try running { () throws(CommandFailure) in try Pipeline.carry(request, diagnostics: StandardErrorSink()) }
        let carry = result.carry
        print("wrote \(result.path): \(carry.entries.count) entries carried, \(carry.droppedCount) dropped, \(carry.reReviewCount) to re-review (status: todo)")
    }
}
