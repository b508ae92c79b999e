import TotsugoCore

/// How far a mapping has been reviewed, per target catalog and per level.
///
/// Counts source items that get a row (see `ResolvedMapping.rowItemIDs`): `mapped` items have
/// at least one related item in the target; `noCounterpart` were reviewed and have none there
/// (`#N/A`); `unreviewed` have no entry. `fullyCovered` counts mapped items with an equal,
/// equivalent-to or superset-of link (the rest of `mapped` is partial coverage).
public struct Coverage: Equatable, Sendable {
    public struct Count: Equatable, Sendable {
        public var items = 0
        public var mapped = 0
        public var fullyCovered = 0
        public var noCounterpart = 0
        public var unreviewed = 0

        public init(items: Int = 0, mapped: Int = 0, fullyCovered: Int = 0, noCounterpart: Int = 0, unreviewed: Int = 0) {
            self.items = items
            self.mapped = mapped
            self.fullyCovered = fullyCovered
            self.noCounterpart = noCounterpart
            self.unreviewed = unreviewed
        }

        public var reviewed: Int { items - unreviewed }
        /// Mapped share of all items, 0–100.
        public var mappedPercent: Double { items == 0 ? 0 : Double(mapped) * 100 / Double(items) }
    }

    public struct Line: Equatable, Sendable {
        /// Target catalog id, or nil for "any target".
        public var target: String?
        public var targetTitle: String
        /// nil = all levels.
        public var level: Level?
        public var count: Count
    }

    public var lines: [Line]
    /// The source catalog's extent: when it is partial with a declared total, the outputs state
    /// the share against that total too (`shareOfTotal`); never an invented number.
    public var sourceExtent: Catalog.Extent = .complete
    /// Items the source catalog holds (every level), set beside `sourceExtent.totalItems`.
    public var sourceHeld = 0
    /// The source catalog's short title (for the note on its extent).
    public var sourceTitle = ""

    /// Mapped share of the declared total of a partial source catalog, 0–100, for a line over
    /// all levels; nil when no total is declared or for a per-level line (the declaration
    /// gives no per-level totals).
    public func shareOfTotal(_ line: Line) -> Double? {
        guard line.level == nil, let total = sourceExtent.totalItems, total > 0 else { return nil }
        return Double(line.count.mapped) * 100 / Double(total)
    }

    public init(_ resolved: ResolvedMapping) {
        let ids = resolved.rowItemIDs
        // Each row's level and, per target, whether it links there (fully or not) are worked
        // out once; every scope and level below only counts them.
        let firstLevels = ids.map { resolved.source.levels($0).first }
        // Per target: linked at all, and linked by a relationship that covers it fully
        // (the links `matches` keeps, without sorting them).
        let reviews: [[(mapped: Bool, full: Bool)]?] = ids.map { id in
            guard let entry = resolved.entries[id] else { return nil }
            return resolved.targets.map { target in
                var mapped = false, full = false
                for link in entry.links where link.target.catalog == target.catalog.id && link.target.item != nil
                    && link.relationship != .noRelationship {
                    mapped = true
                    if link.relationship.coversTargetFully { full = true }
                }
                return (mapped, full)
            }
        }
        let levelsPresent = resolved.source.catalog.levelVocabulary.levels.filter { level in firstLevels.contains { $0 == level } }
        var lines: [Line] = []
        let scopes: [(String?, String)] = resolved.targets.map { ($0.catalog.id, $0.catalog.shortTitle) } + [(nil, "いずれか")]
        for (target, title) in scopes {
            let inScope = resolved.targets.indices.filter { target == nil || resolved.targets[$0].catalog.id == target }
            for level in [nil] + levelsPresent.map(Optional.some) {
                var count = Count()
                for k in ids.indices {
                    if let level, firstLevels[k] != level { continue }
                    count.items += 1
                    guard let perTarget = reviews[k] else {
                        count.unreviewed += 1
                        continue
                    }
                    if !inScope.contains(where: { perTarget[$0].mapped }) {
                        count.noCounterpart += 1
                    } else {
                        count.mapped += 1
                        if inScope.contains(where: { perTarget[$0].full }) { count.fullyCovered += 1 }
                    }
                }
                lines.append(Line(target: target, targetTitle: title, level: level, count: count))
            }
        }
        self.lines = lines
        self.sourceExtent = resolved.source.catalog.extent
        self.sourceHeld = resolved.source.orderedIDs.count
        self.sourceTitle = resolved.source.catalog.shortTitle
    }
}
