import TotsugoCore

/// A link derived by composing reviewed mappings through pivot catalogs (industry → 付録5 →
/// ISO 27002). Never a reviewed link: it is shown apart from them, and becomes one only when a
/// person promotes it into a mapping file (`totsugo promote`).
public struct DerivedLink: Equatable, Sendable {
    /// One way from the source item to the target item.
    public struct Path: Equatable, Sendable {
        /// The pivot items passed through, in order (one per pivot catalog).
        public var pivots: [ItemReference]
        /// The reviewed links' relationships, one per step (pivots.count + 1).
        public var relationships: [Relationship]
        public var strengths: [Int?]
        public var composed: ComposedRelationship
        /// The weakest link's strength.
        public var strength: Int?
    }

    /// Item id in the chain's source catalog (the industry guideline).
    public var source: String
    /// Item id in the chain's final catalog.
    public var target: String
    /// The best of the paths (the one that tells most; the first such in pivot order).
    public var relationship: ComposedRelationship
    /// The strongest path's weakest link.
    public var strength: Int?
    /// Every path, in pivot catalog order.
    public var paths: [Path]
}

/// Why a chain cannot be composed (the executable says it with the chain as written).
public struct ChainError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Mappings composed through their pivot catalogs: `a+b` where `a` maps the industry guideline
/// onto catalogs including `b`'s source (the pivot), and `b` maps the pivot onto one final
/// catalog. Longer chains (`a+b+c`) compose the same way, step by step.
public struct MappingChain: Sendable {
    /// `jama-japia+ipa-appendix5-iso27002`: the mapping ids joined with `+` (the output file stem).
    public let id: String
    public let steps: [ResolvedMapping]
    public var source: CatalogIndex { steps[0].source }
    /// The pivot catalogs, in order.
    public let pivots: [CatalogIndex]
    /// The final catalog (the rows of the chain's 突合表).
    public let target: CatalogIndex
    /// Every derived link, in source catalog order, then target catalog order.
    public let links: [DerivedLink]

    /// The chain written `a+b` (mapping ids, normalised as keys).
    public static func parse(_ written: String) -> [String] {
        written.split(separator: "+", omittingEmptySubsequences: false).map { Normalization.key(String($0)) }
    }

    /// Composes `written` (`a+b`) from the mappings of a workspace.
    public init(_ written: String, mappings: [ResolvedMapping]) throws(ChainError) {
        let ids = Self.parse(written)
        guard ids.count >= 2, !ids.contains(where: \.isEmpty) else {
            throw ChainError(message: "a chain names two or more mapping ids joined with '+' (e.g. 'jama-japia+ipa-appendix5-iso27002'), not '\(written)'")
        }
        var steps: [ResolvedMapping] = []
        for id in ids {
            guard let step = mappings.first(where: { $0.mapping.id == id }) else {
                let known = mappings.map(\.mapping.id).sorted().joined(separator: ", ")
                throw ChainError(message: "chain '\(written)': no mapping with id '\(id)' (known: \(known.isEmpty ? "none" : known))")
            }
            steps.append(step)
        }
        try self.init(steps: steps)
    }

    public init(steps: [ResolvedMapping]) throws(ChainError) {
        precondition(steps.count >= 2)
        let written = steps.map(\.mapping.id).joined(separator: "+")
        var pivots: [CatalogIndex] = []
        for k in 1..<steps.count {
            let pivot = steps[k].source
            guard steps[k - 1].targets.contains(where: { $0.catalog.id == pivot.catalog.id }) else {
                let had = steps[k - 1].mapping.targets.joined(separator: ", ")
                throw ChainError(message: "chain '\(written)': '\(steps[k].mapping.id)' maps from '\(pivot.catalog.id)', "
                    + "which '\(steps[k - 1].mapping.id)' does not map onto (its targets: \(had)); the catalog in the middle must be the same")
            }
            pivots.append(pivot)
        }
        guard let last = steps.last, last.targets.count == 1 else {
            throw ChainError(message: "chain '\(written)': the last mapping '\(steps.last!.mapping.id)' must have exactly one target catalog "
                + "(it has \(steps.last!.targets.count)); the chain's table has one row per item of that catalog")
        }
        self.id = written
        self.steps = steps
        self.pivots = pivots
        self.target = last.targets[0]
        self.links = Self.compose(steps: steps, pivots: pivots, target: last.targets[0])
    }

    private struct Partial {
        var end: String
        var pivots: [ItemReference]
        var relationships: [Relationship]
        var strengths: [Int?]
    }

    private static func compose(steps: [ResolvedMapping], pivots: [CatalogIndex], target: CatalogIndex) -> [DerivedLink] {
        let first = steps[0]
        var links: [DerivedLink] = []
        for sourceID in first.rowItemIDs {
            guard let entry = first.entries[sourceID] else { continue }
            // Partial paths ending in the first pivot catalog.
            var partials: [Partial] = []
            for link in first.matches(entry, in: pivots[0]) {
                guard let item = link.target.item else { continue }
                partials.append(Partial(end: item, pivots: [], relationships: [link.relationship], strengths: [link.strength]))
            }
            for k in 1..<steps.count {
                let step = steps[k]
                let next = k + 1 < steps.count ? pivots[k] : target
                var extended: [Partial] = []
                for partial in partials {
                    guard let pivotEntry = step.entries[partial.end] else { continue }
                    for link in step.matches(pivotEntry, in: next) {
                        guard let item = link.target.item else { continue }
                        extended.append(Partial(end: item,
                                                pivots: partial.pivots + [ItemReference(catalog: pivots[k - 1].catalog.id, item: partial.end)],
                                                relationships: partial.relationships + [link.relationship],
                                                strengths: partial.strengths + [link.strength]))
                    }
                }
                partials = extended
            }
            // One derived link per final item, with every path to it.
            var byTarget: [String: [DerivedLink.Path]] = [:]
            for partial in partials {
                guard let composed = ComposedRelationship.compose(partial.relationships) else { continue }
                let path = DerivedLink.Path(pivots: partial.pivots, relationships: partial.relationships, strengths: partial.strengths,
                                            composed: composed, strength: ComposedRelationship.strength(partial.strengths))
                if byTarget[partial.end]?.contains(path) == true { continue }
                byTarget[partial.end, default: []].append(path)
            }
            let ordered = byTarget.keys.sorted { (target.position(of: $0) ?? .max, $0) < (target.position(of: $1) ?? .max, $1) }
            for targetID in ordered {
                let paths = byTarget[targetID]!
                let best = paths.max { a, b in
                    (a.composed.rank, a.strength ?? -1) < (b.composed.rank, b.strength ?? -1)
                }!
                // `max` keeps the last of equals: take the first path that ties with it.
                let chosen = paths.first { ($0.composed.rank, $0.strength ?? -1) == (best.composed.rank, best.strength ?? -1) }!
                links.append(DerivedLink(source: sourceID, target: targetID, relationship: chosen.composed,
                                         strength: chosen.strength, paths: paths))
            }
        }
        return links
    }

    /// The derived links reaching one final item, in source order.
    public func links(to targetID: String) -> [DerivedLink] { links.filter { $0.target == targetID } }
}
