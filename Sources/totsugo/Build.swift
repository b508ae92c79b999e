import ArgumentParser
import Foundation
import TotsugoEmit
import TotsugoMatch
import TotsugoScheduler

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
        """
    )

    @Option(help: "Folder of catalogs.") var catalogs = "Catalogs"
    @Option(help: "Folder of mapping files.") var mappings = "Mappings"
    @Option(help: "Output folder (created if missing).") var out = "Output"
    @Option(help: "Comma-separated output formats: \(OutputFormats.table.names.joined(separator: ", ")).")
    var format = "csv,md,xlsx,html"
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    func validate() throws {
        _ = try FormatOption.parse(format, in: OutputFormats.table)
    }

    func run() throws {
        let formats = try FormatOption.parse(format, in: OutputFormats.table)
        let trace = PhaseTrace()
        let workspace = try Workspace.load([catalogs, mappings], limits: limitOptions.limits)
        trace.mark("ingest and resolve")
        // Each file goes to its temporary file as it is rendered (CSV and Markdown row by row);
        // the renames happen only after every file rendered (all or nothing). The workbook is
        // made on a second thread meanwhile, the other files at low priority.
        var names: [String] = []
        var releasing: Scheduler.Release?
        do {
            let staging = try OutputWriter(folder: out).staging()
            defer { staging.discard() }
            for resolved in workspace.resolved {
                // The previous 突合表 is freed first (memory stays bounded by one table).
                releasing?.wait()
                names += formats.map { "\(resolved.mapping.id).\($0.name)" }
                releasing = Scheduler.release(try emit(resolved, formats: formats, to: staging, trace: trace))
            }
            _ = try staging.commit()
            trace.mark("renamed into place")
        } catch let failure as OutputWriter.Failure {
            FileHandle.standardError.write(Data("\(failure)\n".utf8))
            throw ExitCodes.cannotWrite
        }
        for name in names { print("wrote \((out as NSString).appendingPathComponent(name))") }
        if workspace.resolved.isEmpty { print("no mappings found in \(mappings); nothing to build") }
        // The catalogs and mappings are freed while the process ends.
        _ = Scheduler.release(consume workspace)
    }

    /// Makes the 突合表 of `resolved` and writes its files into `staging`; returns the artifact
    /// (for the caller to free).
    private func emit(_ resolved: ResolvedMapping, formats: [any OutputFormat<TableArtifact>],
                      to staging: OutputWriter.Staging, trace: PhaseTrace) throws -> TableArtifact {
        let (coverage, table) = Scheduler.both({ Coverage(resolved) }, { CrossReferenceTable(resolved) })
        trace.mark("\(resolved.mapping.id): table and coverage")
        let artifact = TableArtifact(table: table, resolved: resolved, coverage: coverage)
        let write: @Sendable ([any OutputFormat<TableArtifact>]) throws -> Void = { formats in
            for format in formats {
                let name = "\(resolved.mapping.id).\(format.name)"
                let warnings = try staging.addFile(name: name) { file in try format.write(artifact, to: &file) }
                DiagnosticPrinter.print(warnings)
                trace.mark(name)
            }
        }
        // The workbook's deflate is the longest path of a large build; the other files are
        // written at low priority meanwhile, so they take no share of its core.
        let longest = formats.filter { $0.schedule == .longestPath }
        let others = formats.filter { $0.schedule != .longestPath }
        try Scheduler.both({ try write(longest) }) { try longest.isEmpty ? write(others) : Scheduler.run(.low, { try write(others) }) }
        return artifact
    }
}
