import TotsugoCore

/// Which share a threshold bounds.
public enum CheckMetric: String, CaseIterable, Comparable, Sendable {
    /// Items with a mapping entry / in-scope items.
    case reviewed = "min-reviewed"
    /// Items related to at least one item of the scope's target(s) / in-scope items.
    case mapped = "min-mapped"
    /// Links confirmed by a reviewer (`review: confirmed`) / links of the in-scope items into
    /// the scope's target(s): review counted over links, not entries.
    case confirmed = "min-confirmed"

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// Where a threshold applies: which target catalog(s), which level.
public struct ThresholdScope: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Target: Hashable, Comparable, Sendable {
        /// A plain threshold: "any target" and each target catalog on its own (strict).
        case every
        /// Only the "any target" line (`いずれか`): related to at least one target catalog.
        case any
        /// One target catalog (its id, normalised).
        case catalog(String)
    }

    public var target: Target
    /// nil = the in-scope items of every level together; a level = only items of that level
    /// (resolved in each mapping's source catalog's level vocabulary).
    public var level: LevelSelector?

    public init(target: Target = .every, level: LevelSelector? = nil) {
        self.target = target
        self.level = level
    }

    public static func < (a: Self, b: Self) -> Bool {
        if a.level != b.level {
            guard let x = a.level else { return true }
            guard let y = b.level else { return false }
            return x < y
        }
        return a.target < b.target
    }

    /// `""` for a plain threshold, else the bracket text: `any`, `ipa-main`, `LV1`, `ipa-main,LV1`.
    public var description: String {
        var parts: [String] = []
        switch target {
        case .every: break
        case .any: parts.append("any")
        case .catalog(let id): parts.append(id)
        }
        if let level { parts.append(level.description) }
        return parts.joined(separator: ",")
    }

    /// Parses the scope written in `min-mapped[SCOPE]` or `--min-mapped SCOPE=R`: comma-separated
    /// parts, each `any`, a level (`1`–`3`, `LV1`–`LV3`) or a target catalog id; at most one target
    /// and one level. A name of a catalog's own levels (`★3`) reads as a target here and is
    /// taken as a level by `CheckThresholds.classifyingLevelNames` once the catalogs are known.
    /// nil with a message when it does not parse.
    public static func parse(_ raw: String) -> Result<ThresholdScope, ScopeError> {
        var scope = ThresholdScope()
        for part in raw.split(separator: ",", omittingEmptySubsequences: false) {
            let text = part.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return .failure(ScopeError("empty part in threshold scope '\(raw)'")) }
            if let level = LevelSelector(text), level.standard != nil {
                guard scope.level == nil else { return .failure(ScopeError("two levels in threshold scope '\(raw)'")) }
                scope.level = level
                continue
            }
            guard scope.target == .every else { return .failure(ScopeError("two target catalogs in threshold scope '\(raw)' (one rule per target)")) }
            let key = Normalization.key(text)
            scope.target = key == "any" ? .any : .catalog(key)
        }
        return .success(scope)
    }

    public struct ScopeError: Error, Sendable {
        public var message: String
        init(_ message: String) { self.message = message }
    }
}

/// One threshold: `metric` ≥ `value` in `scope`.
public struct ThresholdRule: Hashable, Sendable, CustomStringConvertible {
    public var metric: CheckMetric
    public var scope: ThresholdScope
    public var value: Double
    /// The config line that set it (nil = the command line), for messages; not part of equality.
    public var origin: SourceLocation?

    public init(_ metric: CheckMetric, _ value: Double, scope: ThresholdScope = ThresholdScope(), origin: SourceLocation? = nil) {
        self.metric = metric
        self.value = value
        self.scope = scope
        self.origin = origin
    }

    public static func == (a: Self, b: Self) -> Bool { a.metric == b.metric && a.scope == b.scope && a.value == b.value }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(metric)
        hasher.combine(scope)
        hasher.combine(value)
    }

    /// `min-mapped` or `min-mapped[any,LV1]`.
    public var name: String { scope.description.isEmpty ? metric.rawValue : "\(metric.rawValue)[\(scope)]" }
    public var description: String { name }
}

/// Thresholds of the CI coverage gate (`totsugo check`). Every rule is a floor of its own: all
/// of them must hold (none overrides another). A plain rule (`min-mapped: 95%`) holds for the
/// "any target" line and for each target catalog of each mapping.
public struct CheckThresholds: Equatable, Sendable {
    /// In a stable order: by metric, then level, then target (see `set`).
    public private(set) var rules: [ThresholdRule] = []
    /// Scope: only items of level 1…`level` (items without a level are then out of scope);
    /// nil = every item. `--level 1` = "every LV1 item".
    public var level: LevelSelector?
    /// The config line that set `level` (nil = the command line or none), for messages; not
    /// part of equality.
    public var levelOrigin: SourceLocation?

    public static func == (a: Self, b: Self) -> Bool { a.rules == b.rules && a.level == b.level }

    public init(minReviewed: Double? = nil, minMapped: Double? = nil, level: LevelSelector? = nil, rules: [ThresholdRule] = []) {
        self.level = level
        if let minReviewed { set(ThresholdRule(.reviewed, minReviewed)) }
        if let minMapped { set(ThresholdRule(.mapped, minMapped)) }
        for rule in rules { set(rule) }
    }

    /// Adds `rule`, replacing a rule of the same metric and scope (the command line replaces
    /// the config file's rule of the same key).
    public mutating func set(_ rule: ThresholdRule) {
        rules.removeAll { $0.metric == rule.metric && $0.scope == rule.scope }
        rules.append(rule)
        rules.sort { ($0.metric, $0.scope) < ($1.metric, $1.scope) }
    }

    /// The plain (every target, levels together) rule of a metric.
    public func plain(_ metric: CheckMetric) -> Double? {
        rules.first { $0.metric == metric && $0.scope == ThresholdScope() }?.value
    }

    /// A rule scoped to a "target catalog" that no mapping targets but that names a level of a
    /// source catalog (`min-mapped[★3]`) is a level rule: rewritten as one. `targets`: the
    /// target catalog ids of the mappings; `vocabularies`: the source catalogs' level vocabularies.
    public mutating func classifyingLevelNames(targets: Set<String>, vocabularies: [LevelVocabulary]) {
        var changed: [ThresholdRule] = []
        for var rule in rules {
            if case .catalog(let id) = rule.scope.target, rule.scope.level == nil, !targets.contains(id),
               let selector = LevelSelector(id),
               vocabularies.contains(where: { $0.level(named: selector.written) != nil }) {
                rule.scope = ThresholdScope(target: .every, level: selector)
            }
            changed.append(rule)
        }
        rules = []
        for rule in changed { set(rule) }
    }

    public var minReviewed: Double? { plain(.reviewed) }
    public var minMapped: Double? { plain(.mapped) }
}

/// The outcome of the gate over a set of resolved mappings, built on `Coverage`.
public struct CheckReport: Sendable {
    public struct Result: Equatable, Sendable {
        /// The rule's name: `min-reviewed`, `min-mapped[any]`, …
        public var name: String
        public var metric: CheckMetric
        public var required: Double
        /// The scope checked: target catalog id, nil = any target.
        public var target: String?
        public var targetTitle: String
        /// nil = the in-scope levels together (resolved in the source catalog's vocabulary).
        public var level: Level?
        /// In-scope items of this scope.
        public var items: Int
        /// `--level` resolved in the source catalog's vocabulary, and that vocabulary.
        public var limit: Level?
        public var vocabulary: LevelVocabulary = .standard
        /// nil when no item is in scope: then the check FAILS (an empty scope proves nothing).
        public var actual: Double?
        public var passed: Bool

        /// `any target`, `target ipa-main (IPA 本文)`, `… , LV1`: the scope for people.
        public var scopeText: String {
            var text = target.map { "target \($0) (\(targetTitle))" } ?? "any target"
            if let level { text += ", \(level)" }
            return text
        }
    }

    public struct MappingReport: Sendable {
        public var resolved: ResolvedMapping
        public var coverage: Coverage
        /// Counts over the in-scope items, across all targets ("any target" line of `Coverage`).
        public var scope: Coverage.Count
        public var results: [Result]
        /// In-scope source items with no entry, in catalog order.
        public var unreviewed: [String]
        /// The source catalog's level vocabulary, and `--level` resolved in it (nil: every item).
        public var vocabulary: LevelVocabulary = .standard
        public var limit: Level?
        public var passed: Bool { results.allSatisfy(\.passed) }

        public var reviewedRatio: Double? { scope.items == 0 ? nil : Double(scope.reviewed) / Double(scope.items) }
        public var mappedRatio: Double? { scope.items == 0 ? nil : Double(scope.mapped) / Double(scope.items) }
    }

    public var thresholds: CheckThresholds
    /// Sorted by mapping id.
    public var mappings: [MappingReport]
    /// Rules for a target catalog that no mapping has among its targets: they checked nothing.
    public var unusedRules: [ThresholdRule]
    /// Thresholds were set but there is no mapping to apply them to: an empty scope, a failure.
    public var nothingChecked: Bool { !thresholds.rules.isEmpty && mappings.isEmpty }
    public var passed: Bool { mappings.allSatisfy(\.passed) && unusedRules.isEmpty && !nothingChecked }
    public var failedCount: Int {
        mappings.flatMap(\.results).filter { !$0.passed }.count + unusedRules.count + (nothingChecked ? 1 : 0)
    }
    /// Mappings with at least one failed threshold.
    public var failedMappingCount: Int { mappings.filter { !$0.passed }.count }

    public init(_ resolved: [ResolvedMapping], thresholds: CheckThresholds) {
        self.thresholds = thresholds
        mappings = resolved.sorted { $0.mapping.id < $1.mapping.id }.map { Self.report($0, thresholds) }
        let targeted = Set(resolved.flatMap { $0.targets.map(\.catalog.id) })
        unusedRules = thresholds.rules.filter { rule in
            if case .catalog(let id) = rule.scope.target { return !targeted.contains(id) }
            return false
        }
    }

    /// Levels a `--level` or scope selector names that a mapping's source catalog does not have,
    /// as messages (empty: every selector resolves in every source catalog).
    /// Each with the config line that named the level (nil: the command line).
    public static func unresolvedLevels(_ resolved: [ResolvedMapping], thresholds: CheckThresholds) -> [(SourceLocation?, String)] {
        var messages: [(SourceLocation?, String)] = []
        for mapping in resolved.sorted(by: { $0.mapping.id < $1.mapping.id }) {
            let vocabulary = mapping.source.catalog.levelVocabulary
            let selectors = [thresholds.level].compactMap { $0 } + thresholds.rules.compactMap(\.scope.level)
            var seen = Set<LevelSelector>()
            for selector in selectors where seen.insert(selector).inserted && selector.resolve(in: vocabulary) == nil {
                let origin = selector == thresholds.level ? thresholds.levelOrigin
                    : thresholds.rules.first { $0.scope.level == selector }?.origin
                messages.append((origin, "level '\(selector.written)': the source catalog '\(mapping.source.catalog.id)' of mapping '\(mapping.mapping.id)' has levels \(vocabulary.names.joined(separator: " / ")) (name one, or give its position 1–\(vocabulary.levels.count))"))
            }
        }
        return messages
    }

    /// Whether an item counts for the gate (Coverage files an item under its first level).
    public static func inScope(_ item: CatalogItem?, _ mapping: MappingReport) -> Bool {
        inScope(item, limit: mapping.limit)
    }

    static func inScope(_ item: CatalogItem?, limit: Level?) -> Bool {
        guard let limit else { return true }
        guard let level = item?.levels.first else { return false }
        return level <= limit
    }

    /// Counts of the lines of `target` (nil = any target) within the `--level` scope, or of
    /// one level (0 items when that level is outside the `--level` scope or absent).
    static func counts(_ coverage: Coverage, target: String?, level: Level?, limit: Level?) -> Coverage.Count {
        var total = Coverage.Count()
        for line in coverage.lines where line.target == target {
            let counts: Bool
            if let level {
                counts = line.level == level && limit.map { level <= $0 } ?? true
            } else if let limit {
                counts = line.level.map { $0 <= limit } ?? false
            } else {
                counts = line.level == nil
            }
            guard counts else { continue }
            total.items += line.count.items
            total.mapped += line.count.mapped
            total.fullyCovered += line.count.fullyCovered
            total.noCounterpart += line.count.noCounterpart
            total.unreviewed += line.count.unreviewed
        }
        return total
    }

    static func report(_ resolved: ResolvedMapping, _ thresholds: CheckThresholds) -> MappingReport {
        let coverage = Coverage(resolved)
        let vocabulary = resolved.source.catalog.levelVocabulary
        // Unresolved selectors are refused before (`unresolvedLevels`); here they match nothing.
        let limit = thresholds.level.flatMap { $0.resolve(in: vocabulary) ?? Level(rank: 0, name: $0.written) }
        let scope = counts(coverage, target: nil, level: nil, limit: limit)
        let unreviewed = resolved.rowItemIDs.filter { id in
            resolved.review(of: id) == .unreviewed && inScope(resolved.source.items[id], limit: limit)
        }
        let targets = resolved.targets.map { (id: $0.catalog.id, title: $0.catalog.shortTitle) }
        var results: [Result] = []
        for rule in thresholds.rules {
            // The (target id or nil = any, title) pairs the rule applies to in this mapping.
            let scopes: [(String?, String)]
            switch rule.scope.target {
            case .every:
                // With one target, "any target" is that target: checked once.
                scopes = (targets.count == 1 ? [] : [(nil, "いずれか")]) + targets.map { ($0.id, $0.title) }
            case .any: scopes = [(nil, "いずれか")]
            case .catalog(let id): scopes = targets.filter { $0.id == id }.map { ($0.id, $0.title) }
            }
            for (target, title) in scopes {
                let level = rule.scope.level.map { $0.resolve(in: vocabulary) ?? Level(rank: 0, name: $0.written) }
                let numerator: Int
                let denominator: Int
                switch rule.metric {
                case .confirmed:
                    (numerator, denominator) = linkCounts(resolved, target: target, level: level, limit: limit)
                case .reviewed, .mapped:
                    let count = counts(coverage, target: target, level: level, limit: limit)
                    numerator = rule.metric == .reviewed ? count.reviewed : count.mapped
                    denominator = count.items
                }
                var result = Result(name: rule.name, metric: rule.metric, required: rule.value, target: target,
                                    targetTitle: title, level: level, items: denominator, actual: nil, passed: false)
                result.limit = limit
                result.vocabulary = vocabulary
                if denominator > 0 {
                    result.actual = Double(numerator) / Double(denominator)
                    // Compare counts, not rounded ratios: 19 of 20 meets 0.95.
                    result.passed = Double(numerator) >= rule.value * Double(denominator) - 1e-9
                }
                results.append(result)
            }
        }
        return MappingReport(resolved: resolved, coverage: coverage, scope: scope, results: results, unreviewed: unreviewed,
                             vocabulary: vocabulary, limit: limit)
    }

    /// (confirmed, all) links of the in-scope reviewed items into `target` (nil = any target);
    /// `level`: only items filed under that level (their first), as `Coverage` files them.
    static func linkCounts(_ resolved: ResolvedMapping, target: String?, level: Level?, limit: Level?) -> (Int, Int) {
        var confirmed = 0
        var all = 0
        for id in resolved.rowItemIDs {
            guard let entry = resolved.entries[id] else { continue }
            let item = resolved.source.items[id]
            guard inScope(item, limit: limit) else { continue }
            if let level {
                guard item?.levels.first == level else { continue }
            }
            for link in entry.links where target == nil || link.target.catalog == target {
                all += 1
                if link.review == .confirmed { confirmed += 1 }
            }
        }
        return (confirmed, all)
    }

    /// Why a scope has no items, for the report: the level is outside `--level`, or the
    /// source catalog has no item of it (or no item at all).
    public func emptyReason(_ result: Result) -> String {
        if let level = result.level, let limit = result.limit, level > limit {
            return "\(level) is outside the --level \(result.vocabulary.isStandard ? String(limit.rank) : limit.name) scope"
        }
        if let level = result.level { return "the source catalog has no \(level) item" }
        if let limit = result.limit { return "the source catalog has no item of \(result.vocabulary.upTo(limit))" }
        return "the source catalog has no item"
    }
}
