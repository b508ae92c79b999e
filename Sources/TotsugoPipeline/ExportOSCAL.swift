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
        let workspace = try Workspace.load([request.catalogs, request.mappings], limits: request.limits, diagnostics: diagnostics)
        diagnostics.phase("ingest and resolve")
        let export = OSCALExport(date: request.date)
        let byID = Dictionary(workspace.catalogs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Control ids once per catalog (the catalog's document and every mapping naming it use them).
        let controlIDs = byID.mapValues { OSCAL.controlIDs(for: $0) }
        let catalogs = workspace.catalogs.sorted(by: { $0.id < $1.id })
        let names = (catalogs.map { OSCALExport.catalogFileName($0.id) } + workspace.resolved.map { OSCALExport.mappingFileName($0.mapping.id) })
            .flatMap { name in
                (request.formats.contains(.json) ? [name] : []) + (request.formats.contains(.xml) ? [OSCALXMLExport.fileName(name)] : [])
            }
        // Each document is written straight into its staged file, a chunk at a time: the
        // catalogs on one core while the mappings are written on the other. The staging is one
        // transaction: nothing is renamed into place when any document had an error.
        _ = try writing(to: request.out, diagnostics: diagnostics) { staging in
            // One document in each format asked for. JSON is streamed into its file; the XML is
            // made from the JSON bytes (OSCALXMLExport: the XML says what the JSON says), so
            // with XML the document is rendered in memory once.
            @Sendable func stage(_ name: String, stream: (inout OutputFile) throws -> [Diagnostic],
                       tree: () -> (document: OrderedJSON, diagnostics: [Diagnostic])) throws -> [Diagnostic] {
                var found: [Diagnostic] = []
                var json: [UInt8]?
                if request.formats.contains(.json) {
                    if request.formats.contains(.xml) {
                        let made = tree()
                        found = made.diagnostics
                        let bytes = made.document.rendered()
                        json = bytes
                        _ = try staging.addFile(name: name) { file in try file.write(bytes); return [Diagnostic]() }
                    } else {
                        found = try staging.addFile(name: name) { file in try stream(&file) }
                    }
                } else {
                    let made = tree()
                    found = made.diagnostics
                    json = made.document.rendered()
                }
                if let json, !found.contains(where: { $0.severity == .error }) {
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
            let (catalogProblems, mappingProblems) = Scheduler.both({
                Result { () throws -> [Diagnostic] in
                    try catalogs.flatMap { catalog in
                        try stage(OSCALExport.catalogFileName(catalog.id),
                                  stream: { file in try export.writeCatalog(catalog, to: &file, controlIDs: controlIDs[catalog.id]) },
                                  tree: { export.catalog(catalog) })
                    }
                }
            }, {
                Result { () throws -> [Diagnostic] in
                    try workspace.resolved.flatMap { resolved in
                        try stage(OSCALExport.mappingFileName(resolved.mapping.id),
                                  stream: { file in try export.writeMapping(resolved.mapping, catalogs: byID, to: &file, controlIDs: controlIDs) },
                                  tree: { export.mapping(resolved.mapping, catalogs: byID) })
                    }
                }
            })
            let problems = try catalogProblems.get() + mappingProblems.get()
            if !problems.isEmpty { diagnostics.report(problems) }
            if problems.contains(where: { $0.severity == .error }) { throw CommandFailure.badInput }
        }
        return WrittenFiles(paths: names.map { (request.out as NSString).appendingPathComponent($0) }, mappingCount: workspace.resolved.count)
    }
}
