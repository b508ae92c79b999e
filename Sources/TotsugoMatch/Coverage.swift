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

    public init(_ resolved: ResolvedMapping) {
        let ids = resolved.rowItemIDs
        let levelsPresent = Level.allCases.filter { level in
            ids.contains { resolved.source.items[$0]?.levels.first == level }
        }
        var lines: [Line] = []
        let scopes: [(String?, String)] = resolved.targets.map { ($0.catalog.id, $0.catalog.shortTitle) } + [(nil, "いずれか")]
        for (target, title) in scopes {
            for level in [nil] + levelsPresent.map(Optional.some) {
                var count = Count()
                for id in ids {
                    if let level, resolved.source.items[id]?.levels.first != level { continue }
                    count.items += 1
                    guard case .reviewed(let entry) = resolved.review(of: id) else {
                        count.unreviewed += 1
                        continue
                    }
                    let links = resolved.targets
                        .filter { target == nil || $0.catalog.id == target }
                        .flatMap { resolved.matches(entry, in: $0) }
                    if links.isEmpty {
                        count.noCounterpart += 1
                    } else {
                        count.mapped += 1
                        if links.contains(where: { $0.relationship.coversTargetFully }) { count.fullyCovered += 1 }
                    }
                }
                lines.append(Line(target: target, targetTitle: title, level: level, count: count))
            }
        }
        self.lines = lines
    }
}
