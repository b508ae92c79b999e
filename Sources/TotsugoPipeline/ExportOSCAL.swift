import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import TotsugoScheduler

/// What `export oscal` is asked for.
public struct ExportOSCALRequest: Sendable {
    public var catalogs: String
    public var mappings: String
    public var out: String
    /// `last-modified` of every document written (YYYY-MM-DD); no clock is read.
    public var date: String
    public var limits: InputLimits
    /// OSCAL's JSON, XML or both (`--format json,xml`).
    public var formats: [OSCALExportFormat]

    public init(catalogs: String = "Catalogs", mappings: String = "Mappings", out: String, date: String, limits: InputLimits = .default,
                formats: [OSCALExportFormat] = [.json]) {
        self.catalogs = catalogs
        self.mappings = mappings
        self.out = out
        self.date = date
        self.limits = limits
        self.formats = formats
    }
}

/// The formats `export oscal` writes: `<id>.catalog.oscal.json` / `.xml` (OSCALXMLExport).
public enum OSCALExportFormat: String, CaseIterable, Sendable {
    case json, xml
}

extension Pipeline {
    /// `export oscal`: every catalog as an OSCAL catalog and every mapping as an OSCAL mapping
    /// collection (`<id>.oscal.json`, and `.xml` when asked, docs/oscal.md), written as one transaction. The mappings
    /// are resolved first, so every reference the collections hold names an item that exists
    /// (or, in a partial catalog, was warned about).
    public static func exportOSCAL(_ request: ExportOSCALRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> WrittenFiles {
        let export = OSCALExport(date: request.date)
        // Each catalog's document is written as soon as the catalog is read, on a thread of its
        // own, while the mappings are still read and resolved (a failed load discards them).
        let early = EarlyCatalogs(request: request, export: export, diagnostics: diagnostics)
        let workspace: Workspace
        do {
            workspace = try Workspace.load([request.catalogs, request.mappings], limits: request.limits, diagnostics: diagnostics,
                                           onCatalog: { early.add($0) })
        } catch {
            early.abandon()
            throw error
        }
        diagnostics.phase("ingest and resolve")
        let byID = Dictionary(workspace.catalogs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let catalogs = workspace.catalogs.sorted(by: { $0.id < $1.id })
        let names = (catalogs.map { OSCALExport.catalogFileName($0.id) } + workspace.resolved.map { OSCALExport.mappingFileName($0.mapping.id) })
            .flatMap { name in
                (request.formats.contains(.json) ? [name] : []) + (request.formats.contains(.xml) ? [OSCALXMLExport.fileName(name)] : [])
            }
        // The catalogs the early thread took are written there (or being written); the rest here.
        let taken = early.stop()
        // Control ids once per catalog (the catalog's document and every mapping naming it use
        // them); those of the catalogs the early thread took are made there.
        let controlIDs = byID.mapValues { catalog in taken.controlIDs(catalog) ?? OSCAL.controlIDs(for: catalog) }
        _ = try writing(to: request.out, diagnostics: diagnostics, staged: taken.staging) { staging in
            let (catalogProblems, mappingProblems) = Scheduler.both({
                Result { () throws -> [(String, [Diagnostic])] in
                    try catalogs.filter { !taken.has($0) }.map { catalog in
                        (catalog.id, try stageCatalog(catalog, export: export, request: request, staging: staging, diagnostics: diagnostics,
                                                      controlIDs: controlIDs[catalog.id]))
                    }
                }
            }, {
                Result { () throws -> [Diagnostic] in
                    try workspace.resolved.flatMap { resolved in
                        try stage(OSCALExport.mappingFileName(resolved.mapping.id), request: request, staging: staging, diagnostics: diagnostics,
                                  stream: { file in try export.writeMapping(resolved.mapping, catalogs: byID, to: &file, controlIDs: controlIDs) },
                                  tree: { export.mapping(resolved.mapping, catalogs: byID) })
                    }
                }
            })
            // Every catalog's problems in the order of their ids, then the mappings'.
            let earlyProblems = try taken.finish()
            let byCatalog = Dictionary(try catalogProblems.get() + earlyProblems, uniquingKeysWith: { a, b in a + b })
            let problems = catalogs.flatMap { byCatalog[$0.id] ?? [] } + (try mappingProblems.get())
            if !problems.isEmpty { diagnostics.report(problems) }
            if problems.contains(where: { $0.severity == .error }) { throw CommandFailure.badInput }
        }
        return WrittenFiles(paths: names.map { (request.out as NSString).appendingPathComponent($0) }, mappingCount: workspace.resolved.count)
    }

    static func stageCatalog(_ catalog: Catalog, export: OSCALExport, request: ExportOSCALRequest, staging: OutputWriter.Staging,
                             diagnostics: any DiagnosticSink, controlIDs: [String: String]?) throws -> [Diagnostic] {
        try stage(OSCALExport.catalogFileName(catalog.id), request: request, staging: staging, diagnostics: diagnostics,
                  stream: { file in try export.writeCatalog(catalog, to: &file, controlIDs: controlIDs) },
                  tree: { export.catalog(catalog) })
    }

    /// One document in each format asked for. JSON is streamed into its file; the XML is made
    /// from the JSON bytes (OSCALXMLExport: the XML says what the JSON says), so with XML the
    /// document is rendered in memory once.
    static func stage(_ name: String, request: ExportOSCALRequest, staging: OutputWriter.Staging, diagnostics: any DiagnosticSink,
                      stream: (inout OutputFile) throws -> [Diagnostic],
                      tree: () -> (document: OrderedJSON, diagnostics: [Diagnostic])) throws -> [Diagnostic] {
        guard request.formats.contains(.xml) else {
            let found = try staging.addFile(name: name) { file in try stream(&file) }
            diagnostics.phase(name)
            return found
        }
        let made = tree()
        var found = made.diagnostics
        let json = made.document.rendered()
        if request.formats.contains(.json) {
            _ = try staging.addFile(name: name) { file in try file.write(json); return [Diagnostic]() }
        }
        if !found.contains(where: { $0.severity == .error }) {
            let xmlName = OSCALXMLExport.fileName(name)
            do {
                let xml = try OSCALXMLExport.render(json: json)
                _ = try staging.addFile(name: xmlName) { file in try file.write(xml); return [Diagnostic]() }
            } catch let failure as OSCALXMLExport.Failure {
                found.append(.error(SourceLocation(file: xmlName), "cannot write OSCAL XML: \(failure.description)"))
            }
        }
        diagnostics.phase(name)
        return found
    }
}

/// The catalog documents of `export oscal` written on a thread of their own as the catalogs
/// are read, one after another, into a staging begun at the first catalog. When the staging
/// cannot be begun the catalogs are left to be written after the load (which then reports
/// why the folder cannot be written, after any input errors, as before).
private final class EarlyCatalogs: @unchecked Sendable {
    private let request: ExportOSCALRequest
    private let export: OSCALExport
    private let diagnostics: any DiagnosticSink
    private let condition = NSCondition()
    private var queue: [Catalog] = []
    private var stopped = false
    private var failedToStage = false
    private(set) var staging: OutputWriter.Staging?
    private var worker: Scheduler.Pending<Void>?
    /// Per catalog taken (by its identity: ids are checked unique only after the load).
    private var done: [(catalog: Catalog, controlIDs: [String: String], problems: Result<[Diagnostic], any Error>)] = []
    private var takenFiles: Set<String> = []

    init(request: ExportOSCALRequest, export: OSCALExport, diagnostics: any DiagnosticSink) {
        self.request = request
        self.export = export
        self.diagnostics = diagnostics
    }

    /// Called by the loader with each catalog read.
    func add(_ catalog: Catalog) {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped, !failedToStage, let file = catalog.location?.file else { return }
        if staging == nil {
            guard let begun = try? Pipeline.outputWriter(request.out, diagnostics: diagnostics).staging() else {
                failedToStage = true
                return
            }
            staging = begun
            worker = Scheduler.start { [self] in run() }
        }
        takenFiles.insert(file)
        queue.append(catalog)
        condition.broadcast()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopped { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            let catalog = queue.removeFirst()
            let staging = staging!
            condition.unlock()
            let ids = OSCAL.controlIDs(for: catalog)
            let problems = Result { () throws -> [Diagnostic] in
                try Pipeline.stageCatalog(catalog, export: export, request: request, staging: staging, diagnostics: diagnostics, controlIDs: ids)
            }
            condition.lock()
            done.append((catalog, ids, problems))
            condition.broadcast()
            condition.unlock()
        }
    }

    /// No more catalogs come (the load is over): what was taken is still written.
    func stop() -> EarlyCatalogs {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        return self
    }

    /// True when `catalog` was taken here (it is written here).
    func has(_ catalog: Catalog) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return catalog.location.map { takenFiles.contains($0.file) } ?? false
    }

    /// The control ids made here for `catalog`, once its document is written; nil before
    /// (the caller makes them itself rather than wait).
    func controlIDs(_ catalog: Catalog) -> [String: String]? {
        condition.lock()
        defer { condition.unlock() }
        return done.first { $0.catalog.id == catalog.id && $0.catalog.location?.file == catalog.location?.file }?.controlIDs
    }

    /// Waits for the thread; the problems of each catalog written here, by id, or its error.
    func finish() throws -> [(String, [Diagnostic])] {
        _ = stop()
        condition.lock()
        let worker = worker
        condition.unlock()
        worker?.value
        return try done.map { ($0.catalog.id, try $0.problems.get()) }
    }

    /// The load failed: waits for the thread and discards what it staged.
    func abandon() {
        _ = try? finish()
        staging?.discard()
    }
}
