import ArgumentParser
import Foundation
import TotsugoCore
import TotsugoMatch
import TotsugoPipeline

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the catalogs and mappings in an exchange format (OSCAL).",
        subcommands: [ExportOSCAL.self]
    )
}

struct ExportOSCAL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oscal",
        abstract: "Write every catalog as an OSCAL catalog and every mapping as an OSCAL mapping collection (JSON, XML).",
        discussion: """
        Writes <id>.catalog.oscal.json for each catalog and <id>.mapping.oscal.json for each mapping into --out \
        (.xml with --format xml; both with --format json,xml), as one \
        transaction (docs/oscal.md). The mappings are checked against the catalogs first, \
        as `validate` does. The output depends only on the inputs and --date: uuids are \
        name-based (v5), so the same inputs give the same bytes.

        Exit codes: 0 written; 64 bad command line; 65 bad input; 66 missing input; 73 cannot write.

        Example:
          totsugo export oscal --catalogs Catalogs --mappings Mappings --out Output/oscal --date 2026-11-30
        """
    )

    @Option(help: "Catalog folder or file.") var catalogs = "Catalogs"
    @Option(help: "Mapping folder or file.") var mappings = "Mappings"
    @Option(help: "Folder to write the OSCAL files into.") var out = "Output/oscal"
    @Option(help: "The documents' last-modified date (YYYY-MM-DD); no clock is read.") var date: String
    @Option(help: "OSCAL's JSON, XML or both: json, xml or json,xml.") var format = "json"
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    func validate() throws {
        if InputDate.w3c(date) == nil || date.count != 10 {
            throw ValidationError("--date must be a date YYYY-MM-DD, not '\(date)'")
        }
        _ = try formats()
    }

    func formats() throws -> [OSCALExportFormat] {
        let names = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let formats = names.compactMap(OSCALExportFormat.init(rawValue:))
        guard !formats.isEmpty, formats.count == names.count else {
            throw ValidationError("--format is json, xml or json,xml, not '\(format)'")
        }
        return OSCALExportFormat.allCases.filter(formats.contains)
    }

    func run() throws {
        let request = ExportOSCALRequest(catalogs: catalogs, mappings: mappings, out: out, date: date, limits: limitOptions.limits,
                                         formats: try formats())
        let written = try running { () throws(CommandFailure) in try Pipeline.exportOSCAL(request, diagnostics: StandardErrorSink()) }
        for path in written.paths { print("wrote \(path)") }
    }
}
