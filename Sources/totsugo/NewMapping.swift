import ArgumentParser
import Foundation
import TotsugoPipeline

struct NewMapping: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-mapping",
        abstract: "Write a mapping skeleton: every source item listed, unreviewed until filled.",
        discussion: """
        Reads the catalogs, then writes a mapping file (docs/mapping-yaml.md) from the source \
        catalog onto the target catalogs: every item of the source that is a row of the 突合表 \
        (an item without children), in catalog order, as an entry marked 'status: todo' with its \
        number and heading as a comment. A todo entry is not reviewed: check counts it as \
        unreviewed and the 突合表 shows （未突合） until you delete 'status: todo' and write the \
        item's targets (one line each: '- catalog-id:item-id'). The file validates as written. \
        An existing file is never replaced unless --force is given.

        Exit codes: 0 written; 65 unknown source or target catalog, unsafe mapping id, or \
        invalid catalogs; 66 the catalog folder does not exist; 73 the file exists (without \
        --force) or cannot be written.

        Examples:
          totsugo new-mapping --source nikkenren-2023 --target ipa-3.1-main,ipa-3.1-appendix5 --id nikkenren-2023
          totsugo new-mapping --source jama-v2 --target iso27001-2022 --id jama-iso --out Mappings/jama-iso.yaml
        """
    )

    @Option(help: "Source catalog id (the guideline whose items are listed).") var source: String
    @Option(help: ArgumentHelp("Target catalog ids, comma-separated or repeated, in the 突合表's column order.", valueName: "ID[,ID…]"))
    var target: [String]
    @Option(help: "Mapping id (names the file and every output of it).") var id: String
    @Option(help: "Catalog folder (default: Catalogs).") var catalogs = "Catalogs"
    @Option(help: "Where to write the skeleton (default: Mappings/<id>.yaml).") var out: String?
    @Flag(help: "Replace the file at --out if it exists.") var force = false
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    func run() throws {
        let targets = target.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
        let request = NewMappingRequest(source: source, targets: targets, id: id, catalogs: catalogs, out: out,
                                        force: force, limits: limitOptions.limits)
        let written = try running { () throws(CommandFailure) in
            try Pipeline.newMapping(request, diagnostics: StandardErrorSink())
        }
        print("wrote \(written.path): \(written.items) item(s) to review (status: todo)")
    }
}
