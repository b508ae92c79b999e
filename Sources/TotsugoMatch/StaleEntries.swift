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
    /// The kinds of change in `impact`, in the order removed, renumbered, moved, changed.
    public var reasons: [Reason] {
        if impact.removed { return [.removed] }
        var reasons: [Reason] = []
        if impact.renumberedTo != nil { reasons.append(.renumbered) }
        if impact.moved { reasons.append(.moved) }
        if !impact.changedFields.isEmpty { reasons.append(.changed) }
        return reasons
    }
    /// What happened to the referenced item, field by field (reports word it in their language).
    public var impact: Impact
    /// `renumbered 3/3.2 → 3/3.3; text changed`, `removed` (the text and JSON reports).
    public var detail: String { impact.description }

    public struct Impact: Equatable, Sendable, CustomStringConvertible {
        public var removed = false
        /// Old and new id, when the item was renumbered.
        public var renumberedFrom: String?
        public var renumberedTo: String?
        public var moved = false
        /// The new parent's id when moved; nil for the top level.
        public var newParent: String?
        public var changedFields: [CatalogDiff.Field] = []

        public var description: String {
            if removed { return "removed" }
            var parts: [String] = []
            if let from = renumberedFrom, let to = renumberedTo { parts.append("renumbered \(from) → \(to)") }
            if moved { parts.append("moved under \(newParent ?? "(top level)")") }
            if !changedFields.isEmpty { parts.append(changedFields.map(\.rawValue).joined(separator: ", ") + " changed") }
            return parts.joined(separator: "; ")
        }
    }
}

public enum StaleEntries {
    public static func find(in mappings: [Mapping], diff: CatalogDiff) -> [StaleEntry] {
        var result: [StaleEntry] = []
        for mapping in mappings {
            for entry in mapping.entries {
                let sourceReference = ItemReference(catalog: mapping.source, item: entry.item)
                if let impact = impact(of: sourceReference, diff: diff) {
                    result.append(StaleEntry(mappingID: mapping.id, location: entry.location, entryItem: entry.item,
                                             role: .source, reference: sourceReference, impact: impact))
                }
                for link in entry.links {
                    guard let impact = impact(of: link.target, diff: diff) else { continue }
                    result.append(StaleEntry(mappingID: mapping.id, location: link.location ?? entry.location, entryItem: entry.item,
                                             role: .target, reference: link.target, impact: impact))
                }
            }
        }
        return result.sorted { a, b in
            let la = a.location ?? SourceLocation(file: ""), lb = b.location ?? SourceLocation(file: "")
            return (la.file, la.line, la.column, a.mappingID, a.reference.description)
                < (lb.file, lb.line, lb.column, b.mappingID, b.reference.description)
        }
    }

    static func impact(of reference: ItemReference, diff: CatalogDiff) -> StaleEntry.Impact? {
        guard let item = reference.item else { return nil }
        if reference.catalog == diff.old.catalog.id, diff.old.contains(item) {
            if diff.wasRemoved(old: item) { return StaleEntry.Impact(removed: true) }
            return diff.pair(old: item).flatMap(describe)
        }
        if reference.catalog == diff.new.catalog.id {
            return diff.pair(new: item).flatMap(describe)
        }
        return nil
    }

    /// What changed about a paired item; nil when nothing did.
    static func describe(_ pair: CatalogDiff.Pair) -> StaleEntry.Impact? {
        guard pair.renumbered || pair.moved || !pair.changes.isEmpty else { return nil }
        var impact = StaleEntry.Impact()
        if pair.renumbered {
            impact.renumberedFrom = pair.old.id
            impact.renumberedTo = pair.new.id
        }
        if pair.moved {
            impact.moved = true
            impact.newParent = pair.newParent?.id
        }
        impact.changedFields = pair.changes.map(\.field)
        return impact
    }
}
