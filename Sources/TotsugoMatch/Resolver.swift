import TotsugoCore

/// Checks a mapping against the catalogs: the source and target catalogs exist, every entry
/// names a source item, every reference names an item of a target catalog listed in the
/// header, and no source item has two entries. Unknown ids come with the nearest known id.
public struct Resolver {
    public let catalogs: [String: CatalogIndex]

    public init(catalogs: [Catalog]) {
        self.init(indexes: catalogs.map(CatalogIndex.init))
    }

    /// Indexes made beforehand (e.g. while other files were still being read); the first index
    /// of each catalog id is used.
    public init(indexes: [CatalogIndex]) {
        var byID: [String: CatalogIndex] = [:]
        for index in indexes where byID[index.catalog.id] == nil { byID[index.catalog.id] = index }
        self.catalogs = byID
    }

    public func resolve(_ mapping: Mapping) throws(DiagnosticError) -> ResolvedMapping {
        var diagnostics: [Diagnostic] = []
        let here = mapping.location ?? SourceLocation(file: "?")
        func unknownCatalog(_ id: String, at location: SourceLocation, role: String) {
            let hint = Suggestion.nearest(to: id, in: catalogs.keys).map { "; did you mean '\($0)'?" } ?? ""
            diagnostics.append(.error(location, "\(role) catalog '\(id)' is not among the loaded catalogs\(hint)"))
        }
        let source = catalogs[mapping.source]
        if source == nil { unknownCatalog(mapping.source, at: here, role: "source") }
        var targets: [CatalogIndex] = []
        for id in mapping.targets {
            if let index = catalogs[id] { targets.append(index) } else { unknownCatalog(id, at: here, role: "target") }
        }
        guard let source, diagnostics.isEmpty else { throw DiagnosticError(.badInput, diagnostics) }

        var entries: [String: Int] = [:]
        entries.reserveCapacity(mapping.entries.count)
        for (position, entry) in mapping.entries.enumerated() {
            let location = entry.location ?? here
            let known = source.contains(entry.item)
            if !known { diagnostics.append(.error(location, unknownItem(entry.item, in: source))) }
            if known, let first = entries[entry.item] {
                diagnostics.append(.error(location, "second entry for item '\(entry.item)' (first at \(mapping.entries[first].location.map(\.description) ?? "?"))"))
                continue
            }
            for link in entry.links {
                check(link.target, at: link.location ?? location, targets: targets, mapping: mapping, into: &diagnostics)
            }
            if let placement = entry.placement {
                check(placement, at: location, targets: targets, mapping: mapping, into: &diagnostics)
            }
            if known { entries[entry.item] = position }
        }
        if !diagnostics.isEmpty { throw DiagnosticError(.badInput, diagnostics) }
        return ResolvedMapping(mapping: mapping, source: source, targets: targets, entryPositions: entries)
    }

    private func check(_ reference: ItemReference, at location: SourceLocation, targets: [CatalogIndex],
                       mapping: Mapping, into diagnostics: inout [Diagnostic]) {
        guard let target = targets.first(where: { $0.catalog.id == reference.catalog }) else {
            if catalogs[reference.catalog] != nil {
                diagnostics.append(.error(location, "'\(reference)' refers to catalog '\(reference.catalog)', which is not listed in this mapping's targets (\(mapping.targets.joined(separator: ", ")))"))
            } else {
                let hint = Suggestion.nearest(to: reference.catalog, in: mapping.targets).map { "; did you mean '\($0)'?" } ?? ""
                diagnostics.append(.error(location, "unknown catalog '\(reference.catalog)' in '\(reference)'\(hint)"))
            }
            return
        }
        if let item = reference.item, !target.contains(item) {
            diagnostics.append(.error(location, unknownItem(item, in: target)))
        }
    }

    private func unknownItem(_ id: String, in index: CatalogIndex) -> String {
        // An id written without its parent path ("3.1" for "3/3.1") is the likeliest slip.
        let bySuffix = index.orderedIDs.first { $0.hasSuffix("/" + id) }
        let hint = (bySuffix ?? Suggestion.nearest(to: id, in: index.orderedIDs)).map { "; did you mean '\($0)'?" } ?? ""
        return "unknown item '\(id)' in catalog '\(index.catalog.id)'\(hint)"
    }
}
