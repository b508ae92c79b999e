import TotsugoCore

/// A mapping written for the old version of a catalog, rewritten for the new version
/// (`totsugo carry`): every reference to the old version follows its item (renumbered and moved
/// items to their new ids), entries of removed source items are dropped, links to removed
/// target items are dropped, and entries whose items changed are kept for re-review (not
/// reviewed again until a person has looked: `status: todo`, their links kept beside them).
public struct MappingCarry: Sendable {
    /// One entry of the carried mapping.
    public struct Entry: Equatable, Sendable {
        /// The entry with its references carried (its links are the carried ones, also when it is
        /// to be re-reviewed).
        public var entry: MappingEntry
        /// Why it must be reviewed again (empty: carried as reviewed). In Japanese, for the file.
        public var reReview: [String]
        /// It was `status: todo` already.
        public var wasTodo: Bool
        /// Ids the references had before (`written` → old id), for the report.
        public var renumbered: [String]
    }

    /// What happened, for the report (the command prints these as diagnostics at the entries'
    /// positions in the old mapping).
    public struct Event: Equatable, Sendable {
        public enum Kind: String, Sendable { case carried, dropped, droppedLink, reReview, unknown }
        public var kind: Kind
        public var location: SourceLocation?
        public var item: String
        public var detail: String
    }

    /// The header carried: catalog ids of the new version, the status lowered from complete to
    /// not-complete when anything is to be re-reviewed. `entries` and `unreviewed` are empty: the
    /// entries are in `entries` below.
    public var mapping: Mapping
    public var entries: [Entry]
    public var events: [Event]

    public var reReviewCount: Int { entries.filter { !$0.reReview.isEmpty }.count }
    public var droppedCount: Int { events.filter { $0.kind == .dropped }.count }

    public init(_ old: Mapping, diff: CatalogDiff, id: String? = nil) {
        let oldID = diff.old.catalog.id, newID = diff.new.catalog.id
        let newLabel = diff.new.catalog.shortTitle
        let newName = "\(newID) (\(diff.new.catalog.version))"
        var events: [Event] = []
        var carried: [Entry] = []

        /// The old reference carried: nil when its item was removed; the reason to re-review
        /// when it changed.
        func carry(_ reference: ItemReference) -> (reference: ItemReference?, changed: String?, renumbered: String?) {
            guard reference.catalog == oldID, let item = reference.item else { return (reference, nil, nil) }
            guard diff.old.contains(item) else { return (ItemReference(catalog: newID, item: item), nil, nil) }
            if diff.wasRemoved(old: item) { return (nil, nil, nil) }
            // Every old item of a diff is paired or removed; should one be neither, it is carried
            // as removed (reported), never left pointing at the old edition.
            guard let pair = diff.pair(old: item) else { return (nil, nil, nil) }
            var moved = ItemReference(catalog: newID, item: pair.new.id)
            moved.writtenItem = pair.new.id == item ? reference.writtenItem : nil
            let changed = pair.changes.isEmpty ? nil
                : "\(newLabel)で\(pair.changes.map { Self.fieldWord($0.field) }.joined(separator: "・"))が変わった"
            let renumbered = pair.renumbered || pair.moved ? "\(item) → \(pair.new.id)" : nil
            return (moved, changed, renumbered)
        }

        for (entry, wasTodo) in old.entries.map({ ($0, false) }) + old.unreviewed.map({ ($0, true) }) {
            var reasons: [String] = []
            var renumbered: [String] = []
            var next = entry
            if old.source == oldID {
                if !diff.old.contains(entry.item) {
                    events.append(Event(kind: .unknown, location: entry.location, item: entry.item,
                                        detail: "item \(entry.quotedItem) is not in \(oldID); entry kept as it is"))
                } else if diff.wasRemoved(old: entry.item) {
                    events.append(Event(kind: .dropped, location: entry.location, item: entry.item,
                                        detail: "entry dropped: item \(entry.quotedItem) was removed in \(newName)"))
                    continue
                } else {
                    let result = carry(ItemReference(catalog: oldID, item: entry.item))
                    next.item = result.reference?.item ?? entry.item
                    next.writtenItem = next.item == entry.item ? entry.writtenItem : nil
                    if let changed = result.changed { reasons.append("この項目は\(changed)") }
                    if let moved = result.renumbered { renumbered.append(moved) }
                }
            }
            var links: [MappingLink] = []
            for link in entry.links {
                let result = carry(link.target)
                guard let target = result.reference else {
                    let item = link.target.item ?? ""
                    events.append(Event(kind: .droppedLink, location: link.location ?? entry.location, item: entry.item,
                                        detail: "link to \(oldID):\(item) dropped: the item was removed in \(newName)"))
                    reasons.append("対応先 \(link.target.writtenItem ?? item) は\(newLabel)で削除された（対応を外した）")
                    continue
                }
                var carriedLink = link
                carriedLink.target = target
                links.append(carriedLink)
                if let changed = result.changed { reasons.append("対応先 \(target.item ?? "") は\(changed)") }
                if let moved = result.renumbered { renumbered.append(moved) }
            }
            next.links = links
            if let placement = entry.placement {
                let result = carry(placement)
                if let target = result.reference {
                    next.placement = target
                    if let moved = result.renumbered { renumbered.append(moved) }
                    if let changed = result.changed { reasons.append("反映先 \(target.item ?? "") は\(changed)") }
                } else {
                    next.placement = nil
                    reasons.append("反映先 \(placement.writtenItem ?? placement.item ?? "") は\(newLabel)で削除された")
                }
            }
            if !reasons.isEmpty, !wasTodo {
                events.append(Event(kind: .reReview, location: entry.location, item: entry.item,
                                    detail: "entry \(entry.quotedItem) to re-review (status: todo): " + reasons.joined(separator: "; ")))
            } else if !renumbered.isEmpty {
                events.append(Event(kind: .carried, location: entry.location, item: entry.item,
                                    detail: "carried: " + renumbered.joined(separator: ", ")))
            }
            carried.append(Entry(entry: next, reReview: wasTodo ? [] : reasons, wasTodo: wasTodo, renumbered: renumbered))
        }

        var header = old
        header.id = id ?? old.id
        header.writtenID = nil
        header.entries = []
        header.unreviewed = []
        if header.source == oldID { header.source = newID }
        header.targets = header.targets.map { $0 == oldID ? newID : $0 }
        if carried.contains(where: { !$0.reReview.isEmpty }), header.status == "complete" { header.status = "not-complete" }
        self.mapping = header
        self.entries = carried
        self.events = events
    }

    static func fieldWord(_ field: CatalogDiff.Field) -> String {
        switch field {
        case .heading: "見出し"
        case .text: "本文"
        case .levels: "レベル"
        case .tags: "分類"
        }
    }

    /// `nikkenren-2019` → `nikkenren-2023` when the mapping id holds the old catalog's id;
    /// otherwise the id as it is.
    public static func defaultID(_ mappingID: String, diff: CatalogDiff) -> String {
        let oldID = diff.old.catalog.id, newID = diff.new.catalog.id
        guard oldID != newID, mappingID.contains(oldID) else { return mappingID }
        return mappingID.replacing(oldID, with: newID)
    }
}
