import TotsugoCore

/// The 突合表 read backwards: every item of every target catalog (IPA side), in catalog order,
/// with the source (industry) items whose mapping entries link to it. An item nobody cites is
/// a gap on the IPA side (`#N/A` in the outputs).
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
    }

    public var lines: [Line]

    public init(_ resolved: ResolvedMapping) {
        var lines: [Line] = []
        let sourceIDs = resolved.rowItemIDs
        for target in resolved.targets {
            // Target item id -> citations, collected in source order.
            var cited: [String: [Citation]] = [:]
            for id in sourceIDs {
                guard case .reviewed(let entry) = resolved.review(of: id) else { continue }
                let links = resolved.matches(entry, in: target)
                if links.isEmpty { continue }
                let label = resolved.source.pathLabel(id)
                for link in links {
                    guard let item = link.target.item else { continue }
                    let citation = Citation(sourceID: id, sourceLabel: label,
                                            relationship: CrossReferenceTable.relationshipText(link))
                    cited[item, default: []].append(citation)
                }
            }
            for id in target.orderedIDs {
                lines.append(Line(targetID: target.catalog.id, targetTitle: target.catalog.shortTitle,
                                  itemID: id, itemLabel: target.pathLabel(id),
                                  itemText: target.text(id) ?? "", citations: cited[id] ?? []))
            }
        }
        self.lines = lines
    }

    /// Target items that no source item cites.
    public var uncited: [Line] { lines.filter(\.citations.isEmpty) }
}
