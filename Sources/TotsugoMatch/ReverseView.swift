import TotsugoCore

/// The 突合表 read backwards: every item of every target catalog (IPA side), in catalog order,
/// with the source (industry) items whose mapping entries link to it. An item nobody cites, and
/// none of whose sub-items anybody cites, is a gap on the IPA side (`#N/A` in the outputs); a
/// heading cited only through its sub-items is not (mappings usually name the sub-items).
public struct ReverseView: Equatable, Sendable {
    public struct Citation: Equatable, Sendable {
        /// Source item id.
        public var sourceID: String
        /// Source item path label (`2.…/(1)守るべき工事情報`).
        public var sourceLabel: String
        /// `intersects-with (semantic, 6)`.
        public var relationship: String
    }

    public struct Line: Equatable, Sendable {
        public var targetID: String
        public var targetTitle: String
        public var itemID: String
        /// Target item path label (`3.情報資産管理/1.情報資産の管理/…`).
        public var itemLabel: String
        public var itemText: String
        /// In source catalog order; empty when no reviewed source item cites this one.
        public var citations: [Citation]
        /// Citations of the item's sub-items at any depth (0 for an item without any).
        public var citationsBelow: Int

        public init(targetID: String, targetTitle: String, itemID: String, itemLabel: String, itemText: String,
                    citations: [Citation], citationsBelow: Int = 0) {
            self.targetID = targetID
            self.targetTitle = targetTitle
            self.itemID = itemID
            self.itemLabel = itemLabel
            self.itemText = itemText
            self.citations = citations
            self.citationsBelow = citationsBelow
        }

        /// Neither the item nor any of its sub-items is cited: `#N/A`.
        public var isGap: Bool { citations.isEmpty && citationsBelow == 0 }
    }

    public var lines: [Line]

    /// One pass over the reviewed source items for all targets: each link that names an item
    /// and is not no-relationship is a citation of that item, collected in source order (for one
    /// source item, its links to one target item in the order written, as `matches` keeps them).
    public init(_ resolved: ResolvedMapping) {
        // Target catalog id -> indexes into `resolved.targets` (a catalog may be listed twice).
        var targetsByCatalog: [String: [Int]] = [:]
        for (index, target) in resolved.targets.enumerated() { targetsByCatalog[target.catalog.id, default: []].append(index) }
        // Per target: item position -> citations.
        var cited = [[Int: [Citation]]](repeating: [:], count: resolved.targets.count)
        for id in resolved.rowItemIDs {
            guard case .reviewed(let entry) = resolved.review(of: id) else { continue }
            var label: String?
            for link in entry.links where link.relationship != .noRelationship {
                guard let item = link.target.item, let indexes = targetsByCatalog[link.target.catalog] else { continue }
                for index in indexes {
                    guard let position = resolved.targets[index].position(of: item) else { continue }
                    if label == nil { label = resolved.source.pathLabel(id) }
                    let citation = Citation(sourceID: id, sourceLabel: label!, relationship: CrossReferenceTable.relationshipText(link))
                    cited[index][position, default: []].append(citation)
                }
            }
        }
        var lines: [Line] = []
        for (index, target) in resolved.targets.enumerated() {
            // Per item position, the citations of its sub-items: each cited item's count added
            // to every ancestor.
            var below: [Int: Int] = [:]
            for (position, citations) in cited[index] {
                var ancestor = target.parentPosition(position)
                while let at = ancestor {
                    below[at, default: 0] += citations.count
                    ancestor = target.parentPosition(at)
                }
            }
            for id in target.orderedIDs {
                let position = target.position(of: id)
                lines.append(Line(targetID: target.catalog.id, targetTitle: target.catalog.shortTitle,
                                  itemID: id, itemLabel: target.pathLabel(id), itemText: target.text(id) ?? "",
                                  citations: position.flatMap { cited[index][$0] } ?? [],
                                  citationsBelow: position.flatMap { below[$0] } ?? 0))
            }
        }
        self.lines = lines
    }

    /// Target items that neither a source item nor a source item's link to a sub-item cites.
    public var uncited: [Line] { lines.filter(\.isGap) }

    /// The text shown instead of citations for a heading cited only through its sub-items.
    public static func citedBelowText(_ count: Int) -> String { "（下位の項目で引用 \(count) 件）" }
}
