import TotsugoCore

/// Mapping entries to re-review after a catalog update: an entry is stale when its source
/// item, or an item one of its links points to, was removed, renumbered, moved or changed.
///
/// Entries are judged against the edition their mapping was written for (`MappingEdition`): a
/// mapping that names the new catalog's id, or (when both versions share one id) whose
/// references are those of the new version, is already up to date and nothing in it is stale;
/// a mapping written for the old version has its references looked up among the old items
/// (removed, renumbered, moved, changed).
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
        for mapping in mappings where MappingEdition(of: mapping, diff: diff) == .old {
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

    /// What the diff did to an item of the old version a reference names; nil for another
    /// catalog, an item the old version does not hold, or an unchanged item.
    static func impact(of reference: ItemReference, diff: CatalogDiff) -> StaleEntry.Impact? {
        guard let item = reference.item, reference.catalog == diff.old.catalog.id, diff.old.contains(item) else { return nil }
        if diff.wasRemoved(old: item) { return StaleEntry.Impact(removed: true) }
        return diff.pair(old: item).flatMap(describe)
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

/// Which version of a catalog a mapping was written for, judged from what it names.
public enum MappingEdition: Equatable, Sendable {
    /// It names the old version (its references are looked up there).
    case old
    /// It names the new version: up to date, nothing in it is stale.
    case new
    /// It names neither.
    case unrelated

    /// When the versions have different ids, the id the mapping names decides (the old one wins
    /// when it names both). When they share one, its item references do: written for the new
    /// version when more of them exist only in the new version than only in the old; otherwise
    /// the old (a mapping whose items all exist in both versions is checked against the old one).
    public init(of mapping: Mapping, diff: CatalogDiff) {
        let oldID = diff.old.catalog.id, newID = diff.new.catalog.id
        let names: (String) -> Bool = { id in mapping.source == id || mapping.targets.contains(id) }
        if oldID != newID {
            self = names(oldID) ? .old : names(newID) ? .new : .unrelated
            return
        }
        guard names(oldID) else {
            self = .unrelated
            return
        }
        var onlyOld = 0, onlyNew = 0
        func count(_ item: String?) {
            guard let item else { return }
            let inOld = diff.old.contains(item), inNew = diff.new.contains(item)
            if inOld && !inNew { onlyOld += 1 }
            if inNew && !inOld { onlyNew += 1 }
        }
        for entry in mapping.entries + mapping.unreviewed {
            if mapping.source == oldID { count(entry.item) }
            for link in entry.links where link.target.catalog == oldID { count(link.target.item) }
            if let placement = entry.placement, placement.catalog == oldID { count(placement.item) }
        }
        self = onlyNew > onlyOld ? .new : .old
    }
}
