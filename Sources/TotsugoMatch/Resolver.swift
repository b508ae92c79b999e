import TotsugoCore

/// Checks a mapping against the catalogs: the source and target catalogs exist, every entry
/// names a source item, every reference names an item of a target catalog listed in the
/// header, and no source item has two entries. Unknown ids come with the nearest known id.
///
/// A reference to an item that a partial target catalog (`Catalog.Extent.partial`) does not
/// hold is a warning, not an error: the link is kept (`ResolvedMapping.warnings` has it).
///
/// Everything that can be checked is: when the source or a target catalog is missing, the
/// references to the catalogs that are there are still checked, and the missing one is one
/// diagnostic (naming the catalog files that failed to parse, when some did) rather than one
/// per reference. Ids are quoted as written. At most `maxDiagnostics` errors per mapping,
/// then one "too many errors" line with the count of the rest.
public struct Resolver {
    public let catalogs: [String: CatalogIndex]
    /// Catalog files that failed to parse in this run: a catalog missing here may be in one.
    public var unavailableFiles: [String] = []

    /// Errors reported per mapping file, as the parsers do (InputLimits.maxDiagnosticsPerFile).
    public static let maxDiagnostics = 200

    public init(catalogs: [Catalog]) {
        self.init(indexes: catalogs.map(CatalogIndex.init))
    }

    /// Indexes made beforehand (e.g. while other files were still being read); the first index
    /// of each catalog id is used.
    public init(indexes: [CatalogIndex], unavailableFiles: [String] = []) {
        var byID: [String: CatalogIndex] = [:]
        for index in indexes where byID[index.catalog.id] == nil { byID[index.catalog.id] = index }
        self.catalogs = byID
        self.unavailableFiles = unavailableFiles
    }

    /// Diagnostics of one mapping, capped.
    struct Collected {
        var diagnostics: [Diagnostic] = []
        var dropped = 0
        /// Warnings (references to items a partial catalog does not hold), capped the same way.
        var warnings: [Diagnostic] = []
        var droppedWarnings = 0
        var full: Bool { diagnostics.count >= Resolver.maxDiagnostics }

        mutating func error(_ location: SourceLocation, _ message: @autoclosure () -> String) {
            if full { dropped += 1 } else { diagnostics.append(.error(location, message())) }
        }

        mutating func warning(_ location: SourceLocation, _ message: @autoclosure () -> String) {
            if warnings.count >= Resolver.maxDiagnostics { droppedWarnings += 1 } else { warnings.append(.warning(location, message())) }
        }

        func all(at location: SourceLocation) -> [Diagnostic] {
            guard dropped > 0 else { return diagnostics }
            return diagnostics + [.error(location, "too many errors (\(Resolver.maxDiagnostics) shown); \(dropped) more in this mapping not shown")]
        }

        func allWarnings(at location: SourceLocation) -> [Diagnostic] {
            guard droppedWarnings > 0 else { return warnings }
            return warnings + [.warning(location, "too many warnings (\(Resolver.maxDiagnostics) shown); \(droppedWarnings) more in this mapping not shown")]
        }
    }

    public func resolve(_ mapping: Mapping) throws(DiagnosticError) -> ResolvedMapping {
        var collected = Collected()
        let here = mapping.location ?? SourceLocation(file: "?")
        func unknownCatalog(_ id: String, role: String) {
            var message = "\(role) catalog '\(id)' is not among the loaded catalogs"
            if !unavailableFiles.isEmpty {
                let files = unavailableFiles.prefix(5).joined(separator: ", ") + (unavailableFiles.count > 5 ? ", …" : "")
                message += "; \(unavailableFiles.count) catalog file(s) failed to parse (\(files)): if it is one of them, fix it first"
            } else if let near = Suggestion.nearest(to: id, in: catalogs.keys) {
                message += "; did you mean '\(near)'?"
            }
            message += role == "source"
                ? "; the entries' items are not checked until it loads"
                : "; references to it are not checked until it loads"
            collected.error(here, message)
        }
        let source = catalogs[mapping.source]
        if source == nil { unknownCatalog(mapping.source, role: "source") }
        var targets: [CatalogIndex] = []
        var missingTargets: Set<String> = []
        for id in mapping.targets {
            if let index = catalogs[id] { targets.append(index) } else {
                unknownCatalog(id, role: "target")
                missingTargets.insert(id)
            }
        }

        var entries: [String: Int] = [:]
        entries.reserveCapacity(mapping.entries.count)
        for (position, entry) in mapping.entries.enumerated() {
            let location = entry.location ?? here
            // Without the source catalog, items cannot be checked; references still are.
            let known = source.map { $0.contains(entry.item) } ?? true
            if !known, let source {
                collected.error(location, unknownItem(entry.quotedItem, entry.item, in: source))
            }
            if known, let first = entries[entry.item] {
                collected.error(location, "second entry for item \(entry.quotedItem) (first at \(mapping.entries[first].location.map(\.description) ?? "?"))")
                continue
            }
            for (index, link) in entry.links.enumerated() {
                check(link.target, at: link.location ?? location, targets: targets, missing: missingTargets, mapping: mapping, into: &collected)
                // One link per target: a second one (the same relationship again, or one that
                // contradicts it) would be two rows of the 突合表 and two maps in OSCAL, and the
                // review workbook could not tell them apart. Entries hold a few links: a linear
                // scan allocates nothing.
                if let first = entry.links[..<index].firstIndex(where: { $0.target == link.target }) {
                    let firstAt = entry.links[first].location.map { "line \($0.line)" } ?? "above"
                    collected.error(link.location ?? location, "item \(entry.quotedItem) links to '\(link.target)' twice "
                        + "(first at \(firstAt)); keep one link per target, with the relationship that holds")
                }
            }
            if let placement = entry.placement {
                check(placement, at: location, targets: targets, missing: missingTargets, mapping: mapping, into: &collected)
            }
            checkRejected(entry, at: location, targets: targets, missing: missingTargets, mapping: mapping, into: &collected)
            if known { entries[entry.item] = position }
        }
        // Entries marked `status: todo`: unreviewed, but their items must exist, and an item
        // reviewed elsewhere in the file must not stay marked todo.
        var todo: [String: SourceLocation] = [:]
        for entry in mapping.unreviewed {
            let location = entry.location ?? here
            checkRejected(entry, at: location, targets: targets, missing: missingTargets, mapping: mapping, into: &collected)
            let known = source.map { $0.contains(entry.item) } ?? true
            if !known, let source {
                collected.error(location, unknownItem(entry.quotedItem, entry.item, in: source))
                continue
            }
            if let first = entries[entry.item] {
                collected.error(location, "item \(entry.quotedItem) is marked 'status: todo' here but has a reviewed entry at "
                    + "\(mapping.entries[first].location.map(\.description) ?? "?"); remove this todo entry")
            } else if let first = todo[entry.item] {
                collected.error(location, "second entry for item \(entry.quotedItem) (first at \(first))")
            } else {
                todo[entry.item] = location
            }
        }
        let diagnostics = collected.all(at: here)
        let warnings = collected.allWarnings(at: here)
        guard let source, diagnostics.isEmpty else { throw DiagnosticError(.badInput, diagnostics + warnings) }
        return ResolvedMapping(mapping: mapping, source: source, targets: targets, entryPositions: entries, warnings: warnings)
    }

    /// Rejected candidates name items of the targets, and none is also a link of the entry.
    private func checkRejected(_ entry: MappingEntry, at location: SourceLocation, targets: [CatalogIndex],
                               missing: Set<String>, mapping: Mapping, into collected: inout Collected) {
        for candidate in entry.rejected {
            let here = candidate.location ?? location
            check(candidate.target, at: here, targets: targets, missing: missing, mapping: mapping, into: &collected)
            if entry.links.contains(where: { $0.target == candidate.target }) {
                collected.error(here, "'\(candidate.target)' is both a link of item \(entry.quotedItem) and among its rejected candidates; keep one")
            }
        }
    }

    private func check(_ reference: ItemReference, at location: SourceLocation, targets: [CatalogIndex],
                       missing: Set<String>, mapping: Mapping, into collected: inout Collected) {
        guard let target = targets.first(where: { $0.catalog.id == reference.catalog }) else {
            if missing.contains(reference.catalog) { return }  // said once, on the header
            if catalogs[reference.catalog] != nil {
                collected.error(location, "'\(reference)' refers to catalog '\(reference.catalog)', which is not listed in this mapping's targets (\(mapping.targets.joined(separator: ", ")))")
            } else {
                let hint = { Suggestion.nearest(to: reference.catalog, in: mapping.targets).map { "; did you mean '\($0)'?" } ?? "" }
                collected.error(location, "unknown catalog '\(reference.catalog)' in '\(reference)'" + hint())
            }
            return
        }
        if let item = reference.item, !target.contains(item) {
            if target.catalog.extent.isPartial {
                collected.warning(location, unheldItem(reference.quotedItem, item, in: target))
            } else {
                collected.error(location, unknownItem(reference.quotedItem, item, in: target))
            }
        }
    }

    /// A reference to an item a partial catalog does not hold: it may exist in the guideline,
    /// so the link is kept (shown as `CrossReferenceTable.unheldMark`) and the build goes on.
    private func unheldItem(_ written: String, _ id: String, in index: CatalogIndex) -> String {
        let total = index.catalog.extent.totalItems.map { "\(index.orderedIDs.count) of \($0) items" } ?? "\(index.orderedIDs.count) items, total not declared"
        return "item \(written) is not in catalog '\(index.catalog.id)', which is partial (\(total)): "
            + "the link is kept and shown as \(CrossReferenceTable.unheldMark)" + hint(id, in: index)
            + "; if the item is in the guideline, add it to the catalog"
    }

    private func hint(_ id: String, in index: CatalogIndex) -> String {
        let bySuffix = index.orderedIDs.first { $0.hasSuffix("/" + id) }
        return (bySuffix ?? Suggestion.nearest(to: id, in: index.orderedIDs)).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// `written` is the reference or id as the user wrote it (quoted); `id` its key. Called
    /// only for errors that are printed (the hint search is the costly part).
    private func unknownItem(_ written: String, _ id: String, in index: CatalogIndex) -> String {
        // An id written without its parent path ("3.1" for "3/3.1") is the likeliest slip.
        "unknown item \(written) in catalog '\(index.catalog.id)'" + hint(id, in: index)
    }
}
