import ArgumentParser
import Foundation
import TotsugoPipeline

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check catalogs and mappings; write nothing.",
        discussion: """
        Parses every given file or folder (catalog XML is validated against the XSD), then \
        resolves every mapping against the catalogs. Mappings given without their catalogs \
        are resolved against --catalogs. Prints `file:line:col: error: message` for each \
        problem and exits 65 (66 when a path does not exist).

        Examples:
          totsugo validate Catalogs Mappings
          totsugo validate Mappings/nikkenren-2023.yaml
        """
    )

    @Argument(help: "Catalog or mapping files, or folders of them.") var paths: [String]
    @Option(help: "Catalog folder used to resolve mappings when no catalog is among the paths.")
    var catalogs = "Catalogs"
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    func run() throws {
        let workspace = try running { () throws(CommandFailure) in
            try Pipeline.validate(paths, fallbackCatalogs: catalogs, limits: limitOptions.limits, diagnostics: StandardErrorSink())
        }
        print("ok: \(workspace.catalogs.count) catalog(s), \(workspace.resolved.count) mapping(s) valid")
    }
}
