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
        let export = OSCALExport(date: request.date)
        let byID = Dictionary(workspace.catalogs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var names: [String] = []
        var problems: [Diagnostic] = []
        // Each document is staged as soon as it is made and freed (the staging is one
        // transaction: nothing is renamed into place when any document had an error).
        _ = try writing(to: request.out, diagnostics: diagnostics) { staging in
            func stage(_ name: String, _ made: (document: OrderedJSON, diagnostics: [Diagnostic])) throws {
                problems += made.diagnostics
                if request.formats.contains(.json) { names.append(name) }
                if request.formats.contains(.xml) { names.append(OSCALXMLExport.fileName(name)) }
                guard !problems.contains(where: { $0.severity == .error }) else { return }
                let bytes = made.document.rendered()
                if request.formats.contains(.json) {
                    _ = try staging.addFile(name: name) { file in try file.write(bytes); return [Diagnostic]() }
                }
                if request.formats.contains(.xml) {
                    // Made from the JSON bytes (OSCALXMLExport): the XML says what the JSON says.
                    let xmlName = OSCALXMLExport.fileName(name)
                    do {
                        let xml = try OSCALXMLExport.render(json: bytes)
                        _ = try staging.addFile(name: xmlName) { file in try file.write(xml); return [Diagnostic]() }
                    } catch let failure as OSCALXMLExport.Failure {
                        problems.append(.error(SourceLocation(file: xmlName), "cannot write OSCAL XML: \(failure.description)"))
                    }
                }
            }
            for catalog in workspace.catalogs.sorted(by: { $0.id < $1.id }) {
                try stage(OSCALExport.catalogFileName(catalog.id), export.catalog(catalog))
            }
            for resolved in workspace.resolved {
                try stage(OSCALExport.mappingFileName(resolved.mapping.id), export.mapping(resolved.mapping, catalogs: byID))
            }
            if !problems.isEmpty { diagnostics.report(problems) }
            if problems.contains(where: { $0.severity == .error }) { throw CommandFailure.badInput }
        }
        return WrittenFiles(paths: names.map { (request.out as NSString).appendingPathComponent($0) }, mappingCount: workspace.resolved.count)
    }
}
