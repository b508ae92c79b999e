import TotsugoCore

/// Mapping entries to re-review after a catalog update: an entry is stale when its source
/// item, or an item one of its links points to, was removed, renumbered, moved or changed.
///
/// A reference to the old catalog's id is looked up among the old items; a reference to the
/// new catalog's id among the new items (an item added in the new version makes nothing
/// stale). When both versions share one id, old items are tried first.
public struct StaleEntry: Equatable, Sendable {
    public enum Role: String, Sendable { case source, target }
    public enum Reason: String, CaseIterable, Sendable { case removed, renumbered, moved, changed }

    public var mappingID: String
    /// The entry's position, or the link's for a target reference.
    public var location: SourceLocation?
    /// The entry's source item id.
    public var entryItem: String
    public var role: Role
    public var reference: ItemReference
    public var reasons: [Reason]
    /// `renumbered to 3/3.3; text changed`, `removed`.
    public var detail: String
}

public enum StaleEntries {
    public static func find(in mappings: [Mapping], diff: CatalogDiff) -> [StaleEntry] {
        var result: [StaleEntry] = []
        for mapping in mappings {
            for entry in mapping.entries {
                let sourceReference = ItemReference(catalog: mapping.source, item: entry.item)
                if let (reasons, detail) = impact(of: sourceReference, diff: diff) {
                    result.append(StaleEntry(mappingID: mapping.id, location: entry.location, entryItem: entry.item,
                                             role: .source, reference: sourceReference, reasons: reasons, detail: detail))
                }
                for link in entry.links {
                    guard let (reasons, detail) = impact(of: link.target, diff: diff) else { continue }
                    result.append(StaleEntry(mappingID: mapping.id, location: link.location ?? entry.location, entryItem: entry.item,
                                             role: .target, reference: link.target, reasons: reasons, detail: detail))
                }
            }
        }
        return result.sorted { a, b in
            let la = a.location ?? SourceLocation(file: ""), lb = b.location ?? SourceLocation(file: "")
            return (la.file, la.line, la.column, a.mappingID, a.reference.description)
                < (lb.file, lb.line, lb.column, b.mappingID, b.reference.description)
        }
    }

    static func impact(of reference: ItemReference, diff: CatalogDiff) -> ([StaleEntry.Reason], String)? {
        guard let item = reference.item else { return nil }
        if reference.catalog == diff.old.catalog.id, diff.old.contains(item) {
            if diff.wasRemoved(old: item) { return ([.removed], "removed") }
            return diff.pair(old: item).flatMap(describe)
        }
        if reference.catalog == diff.new.catalog.id {
            return diff.pair(new: item).flatMap(describe)
        }
        return nil
    }

    static func describe(_ pair: CatalogDiff.Pair) -> ([StaleEntry.Reason], String)? {
        var reasons: [StaleEntry.Reason] = []
        var parts: [String] = []
        if pair.renumbered {
            reasons.append(.renumbered)
            parts.append("renumbered \(pair.old.id) → \(pair.new.id)")
        }
        if pair.moved {
            reasons.append(.moved)
            parts.append("moved under \(pair.newParent?.id ?? "(top level)")")
        }
        if !pair.changes.isEmpty {
            reasons.append(.changed)
            parts.append(pair.changes.map(\.field.rawValue).joined(separator: ", ") + " changed")
        }
        return reasons.isEmpty ? nil : (reasons, parts.joined(separator: "; "))
    }
}
