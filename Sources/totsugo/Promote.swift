import ArgumentParser
import Foundation
import TotsugoPipeline

struct Promote: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one derived link of a chain into a mapping file, to be reviewed like any other link.",
        discussion: """
        Composes the chain (as build --chain does), finds the derived link from ITEM (an item of \
        the chain's first catalog) to TARGET (an item of its last catalog), and appends it as an \
        entry of the mapping file --into: relationship and strength as composed, the pivot items \
        in its note. A missing file is created (status draft; its name without .yaml is the \
        mapping id) from the chain's first catalog onto its last. The link is then a link of that \
        mapping, shown in the chain's table under 直接の突合, and the derived one stays beside it. \
        An item that already has an entry there is not changed: the link is printed to add by hand.

        Exit codes: 0 written; 65 unknown chain, item or link, or the file is not a mapping \
        from the chain's first catalog onto its last; 73 the file cannot be written.

        Example:
          totsugo promote jama-japia+ipa-appendix5-iso27002 No.13 5.2 --into Mappings/jama-japia-iso27002.yaml
        """
    )

    @Argument(help: "The chain: mapping ids joined with '+'.") var chain: String
    @Argument(help: "Item of the chain's first catalog (the industry guideline).") var item: String
    @Argument(help: "Item of the chain's last catalog (e.g. an ISO/IEC 27002 control).") var target: String
    @Option(help: "The mapping file to write the link into (created if missing).") var into: String
    @Option(help: "Folder of catalogs.") var catalogs = "Catalogs"
    @Option(help: "Folder of mapping files.") var mappings = "Mappings"
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    func run() throws {
        let request = PromoteRequest(chain: chain, item: item, target: target, into: into, catalogs: catalogs,
                                     mappings: mappings, limits: limitOptions.limits)
        let promoted = try running { () throws(CommandFailure) in try Pipeline.promote(request, diagnostics: StandardErrorSink()) }
        print("\(promoted.created ? "created" : "wrote") \(promoted.path): \(item) → \(target) added for review")
    }
}
