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
    @Option(help: "Comma-separated output formats: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format = "csv,md,xlsx,html"
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    func validate() throws {
        _ = try OutputFormat.parseList(format)
    }

    func run() throws {
        let formats = try OutputFormat.parseList(format)
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
                let id = resolved.mapping.id
                let name: @Sendable (OutputFormat) -> String = { "\(id).\($0.rawValue)" }
                names += formats.map(name)
                releasing = Scheduler.release(try emit(resolved, formats: formats, names: name, to: staging, trace: trace))
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

    /// Makes the 突合表 of `resolved` and writes its files into `staging`; returns the table and
    /// coverage (for the caller to free).
    private func emit(_ resolved: ResolvedMapping, formats: [OutputFormat], names name: @escaping @Sendable (OutputFormat) -> String,
                      to staging: OutputWriter.Staging, trace: PhaseTrace) throws -> (Coverage, CrossReferenceTable) {
        let (coverage, table) = Scheduler.both({ Coverage(resolved) }, { CrossReferenceTable(resolved) })
        trace.mark("\(resolved.mapping.id): table and coverage")
        let workbookName = name(.xlsx)
        let workbook: @Sendable () throws -> Void = {
            guard formats.contains(.xlsx) else { return }
            try staging.addFile(name: workbookName) { path in
                let warnings = try XLSXEmitter().write(table, resolved: resolved, coverage: coverage, to: path)
                for warning in warnings { FileHandle.standardError.write(Data("warning: \(workbookName): \(warning)\n".utf8)) }
            }
            trace.mark(workbookName)
        }
        let others: @Sendable () throws -> Void = {
            for format in formats {
                switch format {
                case .csv:
                    try staging.addFile(name: name(format)) { path in
                        var file = try OutputFile(path: path)
                        try CSVEmitter().write(table, to: &file)
                        try file.close()
                    }
                case .md:
                    try staging.addFile(name: name(format)) { path in
                        var file = try OutputFile(path: path)
                        try MarkdownEmitter().write(table, resolved: resolved, coverage: coverage, to: &file)
                        try file.close()
                    }
                case .xlsx: continue
                case .html:
                    try staging.add(name: name(format), bytes: HTMLReportEmitter().render(table, resolved: resolved, coverage: coverage))
                }
                trace.mark(name(format))
            }
        }
        // The workbook's deflate is the longest path of a large build; the other files are
        // written at low priority meanwhile, so they take no share of its core.
        try Scheduler.both(workbook) { try formats.contains(.xlsx) ? Scheduler.run(.low, others) : others() }
        return (coverage, table)
    }
}

enum OutputFormat: String, CaseIterable {
    case csv, md, xlsx, html

    static func parseList(_ list: String) throws -> [OutputFormat] {
        var result: [OutputFormat] = []
        for part in list.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let format = OutputFormat(rawValue: name == "markdown" ? "md" : name) else {
                throw ValidationError("unknown format '\(name)'; known: \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !result.contains(format) { result.append(format) }
        }
        guard !result.isEmpty else { throw ValidationError("--format needs at least one format") }
        return result
    }
}
