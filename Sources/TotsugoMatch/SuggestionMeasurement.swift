import Foundation
import TotsugoCore

/// How well the suggestions find links a reviewer made (docs/review.md, "How good are the
/// suggestions"): a share of a mapping's links is hidden, the rest stay as evidence, and each
/// source item with a hidden link is ranked; a hidden link among the first k suggestions is
/// found. The hidden links are chosen by a seeded hash of (item, target), so a run is repeatable.
public struct SuggestionMeasurement: Sendable {
    public struct Score: Equatable, Sendable {
        /// The method measured.
        public var method: String
        /// Source items queried (those with a hidden link) and hidden links.
        public var queries: Int
        public var hidden: Int
        /// Items whose first suggestion is a hidden link / items queried.
        public var precisionAt1: Double
        /// Hidden links among the first five suggestions of their item / hidden links.
        public var recallAt5: Double
    }

    public var mapping: String
    public var links: Int
    public var holdout: Double
    public var seed: UInt64
    public var scores: [Score]

    /// Measures TF-IDF with evidence (what `review export` suggests), TF-IDF on the target's own
    /// text only, and the bigram Dice of `TextSimilarity` (scored over all pairs) as the baseline.
    public init(_ resolved: ResolvedMapping, holdout: Double = 0.3, seed: UInt64 = 1) {
        mapping = resolved.mapping.id
        self.holdout = holdout
        self.seed = seed
        var kept: [MappingEntry] = []
        var hidden: [String: Set<ItemReference>] = [:]
        var total = 0
        for entry in resolved.mapping.entries {
            var copy = entry
            copy.links = []
            for link in entry.links where link.relationship != .noRelationship && link.target.item != nil {
                total += 1
                let target = ItemReference(catalog: link.target.catalog, item: link.target.item)
                if Self.hides("\(entry.item)|\(target)", seed: seed, share: holdout) {
                    hidden[entry.item, default: []].insert(target)
                } else {
                    copy.links.append(link)
                }
            }
            kept.append(copy)
        }
        links = total
        let known = Dictionary(kept.map { ($0.item, Set($0.links.map { ItemReference(catalog: $0.target.catalog, item: $0.target.item) })) },
                               uniquingKeysWith: { first, _ in first })
        let queries = hidden.keys.sorted()
        func query(_ id: String) -> String {
            let item = resolved.source.items[id]
            return [item?.heading ?? "", item?.text ?? "", resolved.entries[id]?.proposal ?? ""].joined(separator: "。")
        }
        func score(_ method: String, _ rank: (String, Set<ItemReference>) -> [ItemReference]) -> Score {
            var first = 0, found = 0, count = 0
            for id in queries {
                let wanted = hidden[id] ?? []
                count += wanted.count
                let ranked = rank(id, known[id] ?? [])
                if let top = ranked.first, wanted.contains(top) { first += 1 }
                found += ranked.prefix(5).filter(wanted.contains).count
            }
            return Score(method: method, queries: queries.count, hidden: count,
                         precisionAt1: queries.isEmpty ? 0 : Double(first) / Double(queries.count),
                         recallAt5: count == 0 ? 0 : Double(found) / Double(count))
        }
        let withEvidence = CandidateRanker(source: resolved.source, targets: resolved.targets, entries: kept)
        let textOnly = CandidateRanker(source: resolved.source, targets: resolved.targets, entries: [], evidence: false)
        // The baseline: bigram Dice of the target's heading and text, every pair scored.
        var targetGrams: [(ItemReference, [String: Int])] = []
        for target in resolved.targets {
            for id in target.orderedIDs {
                guard let item = target.items[id] else { continue }
                targetGrams.append((ItemReference(catalog: target.catalog.id, item: id), TextSimilarity.bigrams(TextSimilarity.content(of: item))))
            }
        }
        scores = [
            score("TF-IDF 2–3-gram + evidence") { id, known in
                withEvidence.rank(query(id), item: id, limit: 5, minimum: 0, excluding: known).map(\.target)
            },
            score("TF-IDF 2–3-gram, target text only") { id, known in
                textOnly.rank(query(id), item: id, limit: 5, minimum: 0, excluding: known).map(\.target)
            },
            score("bigram Dice (baseline)") { id, known in
                let grams = TextSimilarity.bigrams(Array(Normalization.key(query(id))))
                return targetGrams.filter { !known.contains($0.0) }
                    .map { ($0.0, TextSimilarity.dice(grams, $0.1)) }
                    .enumerated()
                    .sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }
                    .prefix(5).map(\.element.0)
            },
        ]
    }

    /// Whether the link named `key` is hidden: a seeded FNV-1a hash, mixed (SplitMix64), below
    /// `share` of the range.
    static func hides(_ key: String, seed: UInt64, share: Double) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        var z = hash &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        z = z ^ (z >> 31)
        return Double(z >> 11) / Double(1 << 53) < share
    }

    /// The table as `review measure` prints it.
    public var text: String {
        var out = "\(mapping): \(links) links, \(Int((holdout * 100).rounded()))% hidden (seed \(seed))\n"
        for score in scores {
            out += "  \(score.method): precision@1 \(String(format: "%.3f", score.precisionAt1)) (\(score.queries) items), "
                + "recall@5 \(String(format: "%.3f", score.recallAt5)) (\(score.hidden) hidden links)\n"
        }
        return out
    }
}
