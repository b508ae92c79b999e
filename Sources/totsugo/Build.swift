import ArgumentParser
import Foundation
import TotsugoEmit
import TotsugoPipeline

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compile every mapping into the 突合表 in the output folder.",
        discussion: """
        Reads all catalogs (*.xml, *.txt) and mappings (*.yaml) and writes, per mapping \
        (all four formats unless --format says otherwise), <mapping-id>.csv (UTF-8 with BOM, CRLF: opens in Japanese Excel), <mapping-id>.md, \
        <mapping-id>.xlsx (突合表, カバレッジ, 逆引き, 出典 sheets) and <mapping-id>.html (self-contained report). \
        Nothing is written unless every input is valid; files are written to temporary files \
        and renamed, so a failed run leaves the previous output as it was.

        Example:
          totsugo build
          totsugo build --catalogs Catalogs --mappings Mappings --out Output --format csv,xlsx
          totsugo build --chain jama-japia+ipa-appendix5-iso27002   (also the industry guideline against ISO/IEC 27002 through 付録5)
        """
    )

    @Option(help: "Folder of catalogs.") var catalogs = "Catalogs"
    @Option(help: "Folder of mapping files.") var mappings = "Mappings"
    @Option(help: "Output folder (created if missing).") var out = "Output"
    @Option(help: "Comma-separated output formats: \(OutputFormats.table.names.joined(separator: ", ")).")
    var format = "csv,md,xlsx,html"
    @Option(name: .customLong("chain"), parsing: .singleValue,
            help: "Also write the 突合表 of a chain of mappings through their shared catalog, e.g. jama-japia+ipa-appendix5-iso27002 (repeatable; docs/chains.md).")
    var chains: [String] = []
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out needs a folder") }
        _ = try FormatOption.parse(format, in: OutputFormats.table)
    }

    func run() throws {
        let request = BuildRequest(catalogs: catalogs, mappings: mappings, out: out,
                                   formats: try FormatOption.parse(format, in: OutputFormats.table), limits: limitOptions.limits,
                                   chains: chains)
        let written = try running { () throws(CommandFailure) in try Pipeline.build(request, diagnostics: StandardErrorSink()) }
        for path in written.paths { print("wrote \(path)") }
        if written.mappingCount == 0 { print("no mappings found in \(mappings); nothing to build") }
    }
}
