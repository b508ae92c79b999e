import Foundation
import TotsugoCore
import TotsugoIngest
import TotsugoMatch

/// The loaded and resolved inputs of a command: every catalog, and every mapping resolved
/// against them. The first stage of every command (inputs → workspace → artifacts).
public struct Workspace: Sendable {
    public var catalogs: [Catalog]
    public var resolved: [ResolvedMapping]

    /// Loads `paths`; when they hold mappings but no catalog, also loads `fallbackCatalogs`
    /// (if it exists) so the mappings can be resolved. Every diagnostic of every file goes to
    /// `diagnostics` at once; any error fails with `.badInput`, or `.missingInput` when a named
    /// input is missing.
    /// `onCatalog` is called (on a loading thread) with each catalog as soon as it is read, while
    /// other files are still read; a catalog it was given may still be refused afterwards (a
    /// duplicate id), when the load fails.
    public static func load(_ paths: [String], fallbackCatalogs: String? = nil, limits: InputLimits = .default,
                            diagnostics sink: any DiagnosticSink,
                            onCatalog: (@Sendable (Catalog) -> Void)? = nil) throws(CommandFailure) -> Workspace {
        let report = sink.report
        // Each catalog is indexed on the thread that read it, while the mappings are still read.
        let early = EarlyIndexes()
        var loader = InputLoader(limits: limits)
        loader.onCatalog = { catalog in
            onCatalog?(catalog)
            early.add(CatalogIndex(catalog))
        }
        let mappingInputs = loader.load(paths)
        var catalogInputs = InputLoader.Result()
        if let fallbackCatalogs, mappingInputs.catalogs.isEmpty, !mappingInputs.mappings.isEmpty,
           FileManager.default.fileExists(atPath: fallbackCatalogs) {
            catalogInputs = loader.load([fallbackCatalogs])
        }
        var diagnostics = catalogInputs.diagnostics + mappingInputs.diagnostics
        let missing = catalogInputs.missingInput || mappingInputs.missingInput
        let catalogs = catalogInputs.catalogs + mappingInputs.catalogs
        // Catalog files that failed: a mapping naming a catalog missing because of them says so
        // once, and the rest of it is still checked.
        let failedCatalogFiles = Set(diagnostics.filter { $0.severity == .error }.map(\.location.file)
            .filter { InputReaders.reader(for: $0)?.readsCatalogs ?? false }).sorted()
        let indexes = catalogs.map { early.take($0) ?? CatalogIndex($0) }
        let mappingCount = catalogInputs.mappings.count + mappingInputs.mappings.count
        sink.progress(ProgressStep("read", counts: [.init(catalogs.count, "catalog"), .init(indexes.reduce(0) { $0 + $1.items.count }, "item"),
                                                    .init(mappingCount, "mapping")]))
        let resolver = Resolver(indexes: indexes, unavailableFiles: failedCatalogFiles)
        var resolved: [ResolvedMapping] = []
        for mapping in (catalogInputs.mappings + mappingInputs.mappings).sorted(by: { $0.id < $1.id }) {
            do throws(DiagnosticError) {
                let one = try resolver.resolve(mapping)
                diagnostics += one.warnings
                resolved.append(one)
            } catch {
                diagnostics += error.diagnostics
            }
        }
        // Mapping files with errors: what could be read is checked too, so unknown items and
        // references show in this run rather than after the errors are fixed; what could not
        // be read is said to be unchecked.
        for mapping in (catalogInputs.mappingsReadSoFar + mappingInputs.mappingsReadSoFar).sorted(by: { $0.id < $1.id }) {
            do throws(DiagnosticError) {
                diagnostics += try resolver.resolve(mapping).warnings
            } catch {
                diagnostics += error.diagnostics
            }
        }
        for file in catalogInputs.unreadMappingFiles + mappingInputs.unreadMappingFiles {
            // After the file's errors (diagnostics are printed by position, then message).
            let last = diagnostics.filter { $0.location.file == file }.map(\.location).max { ($0.line, $0.column) < ($1.line, $1.column) }
            diagnostics.append(Diagnostic(.note, at: last ?? SourceLocation(file: file),
                "while this mapping cannot be read, its items and references are not checked against the catalogs: fix the errors above first"))
        }
        let empty = catalogs.isEmpty && catalogInputs.mappings.isEmpty && mappingInputs.mappings.isEmpty
        if empty, !diagnostics.contains(where: { $0.severity == .error }) {
            // Nothing to check or build is never "ok" (a catalog folder that could not be read
            // once passed as "ok: 0 catalog(s)").
            diagnostics.append(.error(SourceLocation(file: paths.first ?? "."),
                "no catalogs and no mappings found in \(paths.joined(separator: ", ")) "
                + "(\(InputReaders.knownExtensions), in the folders named or below them)"))
            report(diagnostics)
            throw .missingInput
        }
        if !diagnostics.isEmpty {
            report(diagnostics)
            if diagnostics.contains(where: { $0.severity == .error }) {
                throw missing ? .missingInput : .badInput
            }
        }
        return Workspace(catalogs: catalogs, resolved: resolved)
    }
}

/// Catalog indexes made as the catalogs were read, by file.
private final class EarlyIndexes: @unchecked Sendable {
    private var byFile: [String: CatalogIndex] = [:]
    private let lock = NSLock()

    func add(_ index: CatalogIndex) {
        guard let file = index.catalog.location?.file else { return }
        lock.lock()
        byFile[file] = index
        lock.unlock()
    }

    /// The index made for `catalog`'s file, if it is that catalog.
    func take(_ catalog: Catalog) -> CatalogIndex? {
        lock.lock()
        defer { lock.unlock() }
        guard let file = catalog.location?.file, let index = byFile[file], index.catalog.id == catalog.id else { return nil }
        return index
    }
}
