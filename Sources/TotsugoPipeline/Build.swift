import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import TotsugoScheduler

/// What `build` is asked for.
public struct BuildRequest: Sendable {
    public var catalogs: String
    public var mappings: String
    public var out: String
    public var formats: [any OutputFormat<TableArtifact>]
    public var limits: InputLimits
    /// Chains to compose and write beside the mappings' tables (`a+b`, docs/chains.md).
    public var chains: [String]

    public init(catalogs: String = "Catalogs", mappings: String = "Mappings", out: String = "Output",
                formats: [any OutputFormat<TableArtifact>] = OutputFormats.table.formats, limits: InputLimits = .default,
                chains: [String] = []) {
        self.chains = chains
        self.catalogs = catalogs
        self.mappings = mappings
        self.out = out
        self.formats = formats
        self.limits = limits
    }
}

/// What a command wrote.
public struct WrittenFiles: Sendable, Equatable {
    /// The paths renamed into place, in order.
    public var paths: [String]
    /// Mappings the run covered.
    public var mappingCount: Int
}

extension Pipeline {
    /// `build`: the 突合表 of every mapping, in every format asked for, as one transaction
    /// (README "What a reader of Output/ can rely on").
    public static func build(_ request: BuildRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> WrittenFiles {
        let workspace = try Workspace.load([request.catalogs, request.mappings], limits: request.limits, diagnostics: diagnostics)
        diagnostics.phase("ingest and resolve")
        let chains = try composeChains(request.chains, in: workspace, diagnostics: diagnostics)
        // Each file goes to its staged file as it is rendered (CSV and Markdown row by row);
        // the renames happen only after every file rendered (all or nothing).
        var releasing: Scheduler.Release?
        _ = try writing(to: request.out, diagnostics: diagnostics) { staging in
            for resolved in workspace.resolved {
                // The previous 突合表 is freed first (memory stays bounded by one table).
                releasing?.wait()
                releasing = Scheduler.release(try emit(resolved, formats: request.formats, to: staging, diagnostics: diagnostics))
            }
            for chain in chains {
                try emit(chain, formats: request.formats, to: staging, diagnostics: diagnostics)
            }
        }
        diagnostics.phase("renamed into place")
        let count = workspace.resolved.count
        let written = (workspace.resolved.map(\.mapping.id) + chains.map(\.resolved.mapping.id)).flatMap { id in
            request.formats.map { (request.out as NSString).appendingPathComponent("\(id).\($0.name)") }
        }
        // The catalogs and mappings are freed while the process ends.
        _ = Scheduler.release(consume workspace)
        return WrittenFiles(paths: written, mappingCount: count)
    }

    /// Makes the 突合表 of `resolved` and writes its files into `staging`; returns the artifact
    /// (for the caller to free).
    private static func emit(_ resolved: ResolvedMapping, formats: [any OutputFormat<TableArtifact>],
                             to staging: OutputWriter.Staging, diagnostics: any DiagnosticSink) throws -> TableArtifact {
        let (coverage, table) = Scheduler.both({ Coverage(resolved) }, { CrossReferenceTable(resolved) })
        diagnostics.phase("\(resolved.mapping.id): table and coverage")
        diagnostics.progress(ProgressStep("table", resolved.mapping.id, counts: [.init(table.rows.count, "row")]))
        // The 逆引き is made by the first format that shows it (after the workbook's
        // shared-string indexing, the peak of a large build) and freed after the last.
        let artifact = TableArtifact(table: table, resolved: resolved, coverage: coverage,
                                     reverseUsers: formats.filter(\.showsReverseView).count)
        let write: @Sendable ([any OutputFormat<TableArtifact>]) throws -> Void = { formats in
            for format in formats {
                let name = "\(resolved.mapping.id).\(format.name)"
                var parts: Int?
                diagnostics.report(try staging.addFile(name: name) { file in
                    defer { parts = file.parts }
                    return try format.write(artifact, to: &file)
                })
                diagnostics.phase(name)
                returnFreedMemory()
                // A workbook also says how many parts it zipped (`wrote bench.xlsx: 95,000 rows, 11 parts`).
                diagnostics.progress(ProgressStep("wrote", name, counts: [.init(artifact.table.rows.count, "row")] + (parts.map { [.init($0, "part")] } ?? [])))
            }
        }
        // The workbook's deflate is the longest path of a large build; the other files are
        // written at low priority meanwhile, so they take no share of its core.
        let longest = formats.filter { $0.schedule == .longestPath }
        let after = longest.isEmpty ? [] : formats.filter { $0.schedule == .afterLongestPath }
        let others = formats.filter { $0.schedule == .withOthers || (longest.isEmpty && $0.schedule == .afterLongestPath) }
        try Scheduler.both({ try write(longest); try write(after) }) {
            try longest.isEmpty ? write(others) : Scheduler.run(.low, { try write(others) })
        }
        return artifact
    }

    /// Gives the heap a format freed back to the system before the next one grows it: glibc
    /// keeps freed pages in the arena of the thread that freed them, where another thread's
    /// format cannot reuse them (and `import catalog` lets go of the table's many small cells).
    static func returnFreedMemory() {
        #if os(Linux)
        _ = mallocTrim(0)
        #endif
    }

    /// The writer of `folder`, which says so when it waits for another run.
    static func outputWriter(_ folder: String, diagnostics: any DiagnosticSink) -> OutputWriter {
        OutputWriter(folder: folder) {
            diagnostics.report([Diagnostic(.note, at: SourceLocation(file: folder),
                "waiting for another totsugo run that is writing into this folder")])
        }
    }

    /// Stages the files `body` adds into `folder` (or into `staged`, begun already) and commits them as one transaction; a
    /// failure of either maps to `CommandFailure`.
    static func writing(to folder: String, diagnostics: any DiagnosticSink, staged: OutputWriter.Staging? = nil,
                        _ body: (OutputWriter.Staging) throws -> Void) throws(CommandFailure) -> [String] {
        do {
            let staging = try staged ?? outputWriter(folder, diagnostics: diagnostics).staging()
            defer { staging.discard() }
            try body(staging)
            return try staging.commit()
        } catch let failure as OutputWriter.Failure {
            throw .cannotWrite(failure.description)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw .internalError("\(error)")
        }
    }
}

#if os(Linux)
/// glibc's `malloc_trim` (in <malloc.h>, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func mallocTrim(_ pad: Int) -> Int32
#endif

/// The commands as functions: each takes its request and a diagnostics sink and returns what
/// it made. The executable parses arguments, calls one of these, prints and exits.
public enum Pipeline {}
