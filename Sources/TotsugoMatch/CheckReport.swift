import TotsugoCore

/// Thresholds of the CI coverage gate (`totsugo check`). A nil threshold is not checked.
public struct CheckThresholds: Equatable, Sendable {
    /// Least share (0–1) of in-scope source items that have a mapping entry.
    public var minReviewed: Double?
    /// Least share (0–1) of in-scope source items related to at least one target item.
    public var minMapped: Double?
    /// Scope: only items of level 1…`level` (items without a level are then out of scope);
    /// nil = every item. `--level 1` = "every LV1 item".
    public var level: Level?

    public init(minReviewed: Double? = nil, minMapped: Double? = nil, level: Level? = nil) {
        self.minReviewed = minReviewed
        self.minMapped = minMapped
        self.level = level
    }
}

/// The outcome of the gate over a set of resolved mappings, built on `Coverage`.
public struct CheckReport: Sendable {
    public struct Result: Equatable, Sendable {
        /// `min-reviewed` or `min-mapped`.
        public var name: String
        public var required: Double
        /// nil when no item is in scope (the check passes vacuously).
        public var actual: Double?
        public var passed: Bool
    }

    public struct MappingReport: Sendable {
        public var resolved: ResolvedMapping
        public var coverage: Coverage
        /// Counts over the in-scope items, across all targets ("any target" line of `Coverage`).
        public var scope: Coverage.Count
        public var results: [Result]
        /// In-scope source items with no entry, in catalog order.
        public var unreviewed: [String]
        public var passed: Bool { results.allSatisfy(\.passed) }

        public var reviewedRatio: Double? { scope.items == 0 ? nil : Double(scope.reviewed) / Double(scope.items) }
        public var mappedRatio: Double? { scope.items == 0 ? nil : Double(scope.mapped) / Double(scope.items) }
    }

    public var thresholds: CheckThresholds
    /// Sorted by mapping id.
    public var mappings: [MappingReport]
    public var passed: Bool { mappings.allSatisfy(\.passed) }
    public var failedCount: Int { mappings.flatMap(\.results).filter { !$0.passed }.count }
    /// Mappings with at least one failed threshold.
    public var failedMappingCount: Int { mappings.filter { !$0.passed }.count }

    public init(_ resolved: [ResolvedMapping], thresholds: CheckThresholds) {
        self.thresholds = thresholds
        mappings = resolved.sorted { $0.mapping.id < $1.mapping.id }.map { Self.report($0, thresholds) }
    }

    /// Whether an item counts for the gate (Coverage files an item under its first level).
    public static func inScope(_ item: CatalogItem?, _ thresholds: CheckThresholds) -> Bool {
        guard let limit = thresholds.level else { return true }
        guard let level = item?.levels.first else { return false }
        return level <= limit
    }

    static func report(_ resolved: ResolvedMapping, _ thresholds: CheckThresholds) -> MappingReport {
        let coverage = Coverage(resolved)
        var scope = Coverage.Count()
        for line in coverage.lines where line.target == nil {
            let counts: Bool
            if let limit = thresholds.level { counts = line.level.map { $0 <= limit } ?? false } else { counts = line.level == nil }
            guard counts else { continue }
            scope.items += line.count.items
            scope.mapped += line.count.mapped
            scope.fullyCovered += line.count.fullyCovered
            scope.noCounterpart += line.count.noCounterpart
            scope.unreviewed += line.count.unreviewed
        }
        let unreviewed = resolved.rowItemIDs.filter { id in
            resolved.review(of: id) == .unreviewed && inScope(resolved.source.items[id], thresholds)
        }
        var results: [Result] = []
        func check(_ name: String, _ required: Double?, _ count: Int) {
            guard let required else { return }
            guard scope.items > 0 else {
                results.append(Result(name: name, required: required, actual: nil, passed: true))
                return
            }
            let actual = Double(count) / Double(scope.items)
            // Compare counts, not rounded ratios: 19 of 20 meets 0.95.
            let passed = Double(count) >= required * Double(scope.items) - 1e-9
            results.append(Result(name: name, required: required, actual: actual, passed: passed))
        }
        check("min-reviewed", thresholds.minReviewed, scope.reviewed)
        check("min-mapped", thresholds.minMapped, scope.mapped)
        return MappingReport(resolved: resolved, coverage: coverage, scope: scope, results: results, unreviewed: unreviewed)
    }
}
