import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch

/// What `export oscal` is asked for.
public struct ExportOSCALRequest: Sendable {
    public var catalogs: String
    public var mappings: String
    public var out: String
    /// `last-modified` of every document written (YYYY-MM-DD); no clock is read.
    public var date: String
    public var limits: InputLimits

    public init(catalogs: String = "Catalogs", mappings: String = "Mappings", out: String, date: String, limits: InputLimits = .default) {
        self.catalogs = catalogs
        self.mappings = mappings
        self.out = out
        self.date = date
        self.limits = limits
    }
}

extension Pipeline {
    /// `export oscal`: every catalog as an OSCAL catalog and every mapping as an OSCAL mapping
    /// collection (`<id>.oscal.json`, docs/oscal.md), written as one transaction. The mappings
    /// are resolved first, so every reference the collections hold names an item that exists
    /// (or, in a partial catalog, was warned about).
    public static func exportOSCAL(_ request: ExportOSCALRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> WrittenFiles {
        let workspace = try Workspace.load([request.catalogs, request.mappings], limits: request.limits, diagnostics: diagnostics)
        let export = OSCALExport(date: request.date)
        let byID = Dictionary(workspace.catalogs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var names: [String] = []
        var problems: [Diagnostic] = []
        // Each document is written straight into its staged file, a chunk at a time (the
        // staging is one transaction: nothing is renamed into place when any document had an
        // error; after an error the rest are only checked).
        _ = try writing(to: request.out, diagnostics: diagnostics) { staging in
            func stage(_ name: String, _ write: (inout OutputFile) throws -> [Diagnostic], check: () -> [Diagnostic]) throws {
                names.append(name)
                if problems.contains(where: { $0.severity == .error }) {
                    problems += check()
                } else {
                    problems += try staging.addFile(name: name) { file in try write(&file) }
                }
            }
            for catalog in workspace.catalogs.sorted(by: { $0.id < $1.id }) {
                try stage(OSCALExport.catalogFileName(catalog.id), { file in try export.writeCatalog(catalog, to: &file) },
                          check: { export.catalog(catalog).diagnostics })
            }
            for resolved in workspace.resolved {
                try stage(OSCALExport.mappingFileName(resolved.mapping.id), { file in try export.writeMapping(resolved.mapping, catalogs: byID, to: &file) },
                          check: { export.mapping(resolved.mapping, catalogs: byID).diagnostics })
            }
            if !problems.isEmpty { diagnostics.report(problems) }
            if problems.contains(where: { $0.severity == .error }) { throw CommandFailure.badInput }
        }
        return WrittenFiles(paths: names.map { (request.out as NSString).appendingPathComponent($0) }, mappingCount: workspace.resolved.count)
    }
}
