import TotsugoCore

/// What changed between two versions of a catalog (either format).
///
/// Items are paired old → new in three passes:
/// 1. Similarity with identity bonus: every (old, new) pair that either has the same id or
///    scores at least `threshold` on `TextSimilarity` is a candidate, ranked by score plus
///    `sameIDBonus` for a shared id, and taken greedily (best first, catalog order on ties).
///    So an item that kept its id pairs with itself unless another item in the new version
///    is clearly closer to it — which is what happens when an inserted item shifts the
///    numbers of those after it.
/// 2. Position: an old item still unpaired whose parent is paired pairs with the new
///    parent's unpaired child of the same number (the item under a renumbered parent).
/// 3. What remains is removed (old) or added (new).
///
/// A pair is *renumbered* when its id or number differs, *moved* when its parent is not the
/// counterpart of its old parent, and *changed* when heading, text, levels or tags differ.
public struct CatalogDiff: Sendable {
    public enum Field: String, CaseIterable, Sendable { case heading, text, levels, tags }

    public struct FieldChange: Equatable, Sendable {
        public var field: Field
        public var old: String
        public var new: String
        /// Character diff, for heading and text.
        public var diff: CharacterDiff?
    }

    /// How a pair was found.
    public enum Match: String, Sendable { case id, similarity, position }

    public struct Pair: Sendable {
        public var old: CatalogItem
        public var new: CatalogItem
        public var oldParent: CatalogItem?
        public var newParent: CatalogItem?
        public var match: Match
        /// `TextSimilarity.score` of the two items.
        public var similarity: Double
        public var renumbered: Bool
        public var moved: Bool
        public var changes: [FieldChange]

        public var isUnchanged: Bool { !renumbered && !moved && changes.isEmpty }
    }

    public static let sameIDBonus = 0.4

    public let old: CatalogIndex
    public let new: CatalogIndex
    public let threshold: Double
    /// New items with no old counterpart, in new catalog order.
    public private(set) var added: [CatalogItem] = []
    /// Old items with no new counterpart, in old catalog order.
    public private(set) var removed: [CatalogItem] = []
    /// Every paired item, in new catalog order.
    public private(set) var pairs: [Pair] = []
    /// How many (old, new) pairs of items were scored for similarity (progress).
    public private(set) var comparedPairs = 0
    private var pairByOld: [String: Int] = [:]
    private var pairByNew: [String: Int] = [:]

    public var renumbered: [Pair] { pairs.filter(\.renumbered) }
    public var moved: [Pair] { pairs.filter(\.moved) }
    public var changed: [Pair] { pairs.filter { !$0.changes.isEmpty } }
    public var unchangedCount: Int { pairs.filter(\.isUnchanged).count }
    public var hasChanges: Bool { !added.isEmpty || !removed.isEmpty || pairs.contains { !$0.isUnchanged } }

    public init(old oldCatalog: Catalog, new newCatalog: Catalog, threshold: Double = TextSimilarity.defaultThreshold) {
        self.init(old: oldCatalog, new: newCatalog, threshold: threshold, candidates: Self.candidates)
    }

    /// One candidate pair of pass 1, by positions in `orderedIDs`.
    typealias Candidate = (score: Double, similarity: Double, o: Int, n: Int)

    /// `candidates` makes pass 1's candidate pairs (in any order) and counts the pairs it scored;
    /// tests pass the all-pairs reference to check that the index finds the same.
    init(old oldCatalog: Catalog, new newCatalog: Catalog, threshold: Double,
         candidates makeCandidates: (CatalogIndex, CatalogIndex, Double) -> (candidates: [Candidate], compared: Int)) {
        old = CatalogIndex(oldCatalog)
        new = CatalogIndex(newCatalog)
        self.threshold = threshold
        let oldIDs = old.orderedIDs, newIDs = new.orderedIDs

        // Pass 1: candidates ranked by similarity (+ bonus for the same id), taken greedily.
        var (candidates, compared) = makeCandidates(old, new, threshold)
        comparedPairs = compared
        candidates.sort { ($0.score, $1.o, $1.n) > ($1.score, $0.o, $0.n) }
        var oldToNew: [String: (String, Match, Double)] = [:]
        var takenNew: Set<String> = []
        for candidate in candidates {
            let o = oldIDs[candidate.o], n = newIDs[candidate.n]
            guard oldToNew[o] == nil, !takenNew.contains(n) else { continue }
            oldToNew[o] = (n, o == n ? .id : .similarity, candidate.similarity)
            takenNew.insert(n)
        }

        // Pass 2: same number under the counterpart of the parent, top-down.
        for o in oldIDs where oldToNew[o] == nil {
            let oldPath = old.paths[o] ?? []
            let newSiblings: [CatalogItem]
            if oldPath.count >= 2 {
                guard let parent = oldToNew[oldPath[oldPath.count - 2].id], let siblings = new.items[parent.0]?.children else { continue }
                newSiblings = siblings
            } else {
                newSiblings = new.catalog.items
            }
            let number = Self.numberKey(old.items[o]!.number)
            guard !number.isEmpty,
                  let match = newSiblings.first(where: { !takenNew.contains($0.id) && Self.numberKey($0.number) == number })
            else { continue }
            oldToNew[o] = (match.id, .position, TextSimilarity.score(old.items[o]!, match))
            takenNew.insert(match.id)
        }

        // Build pairs in new order; the rest is added or removed.
        let newToOld = Dictionary(uniqueKeysWithValues: oldToNew.map { ($0.value.0, ($0.key, $0.value.1, $0.value.2)) })
        for n in newIDs {
            guard let (o, match, similarity) = newToOld[n] else {
                added.append(new.items[n]!)
                continue
            }
            let oldItem = old.items[o]!, newItem = new.items[n]!
            let oldParent = old.paths[o].flatMap { $0.count >= 2 ? $0[$0.count - 2] : nil }
            let newParent = new.paths[n].flatMap { $0.count >= 2 ? $0[$0.count - 2] : nil }
            let moved: Bool
            if let oldParent {
                moved = newParent == nil || oldToNew[oldParent.id]?.0 != newParent?.id
            } else {
                moved = newParent != nil
            }
            let pair = Pair(old: oldItem, new: newItem, oldParent: oldParent, newParent: newParent, match: match,
                            similarity: similarity,
                            renumbered: o != n || Self.numberKey(oldItem.number) != Self.numberKey(newItem.number),
                            moved: moved, changes: Self.changes(oldItem, newItem))
            pairByOld[o] = pairs.count
            pairByNew[n] = pairs.count
            pairs.append(pair)
        }
        removed = oldIDs.filter { oldToNew[$0] == nil }.map { old.items[$0]! }
    }

    /// Pass 1's candidates: every pair with the same id, and every other pair whose
    /// `TextSimilarity` reaches `threshold`.
    static func candidates(old: CatalogIndex, new: CatalogIndex, threshold: Double) -> (candidates: [Candidate], compared: Int) {
        let oldIDs = old.orderedIDs, newIDs = new.orderedIDs
        var candidates: [Candidate] = []
        // An item kept with the same id and the same content scores 1 + bonus, the most any
        // pair can: the greedy pass takes it whatever else there is, so it is paired here and
        // left out of the comparison (between two editions most items are unchanged). The
        // result is the same. Only the bigrams of the other items are kept.
        let newIndex = Dictionary(newIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var bags = BigramBags()
        var oldGrams = [[UInt64]](repeating: [], count: oldIDs.count)
        var newGrams = [[UInt64]](repeating: [], count: newIDs.count)
        var oldFixed = [Bool](repeating: false, count: oldIDs.count)
        var newFixed = [Bool](repeating: false, count: newIDs.count)
        var newBagged = [Bool](repeating: false, count: newIDs.count)
        for o in oldIDs.indices {
            let oldItem = old.items[oldIDs[o]]!
            if let n = newIndex[oldIDs[o]] {
                let newItem = new.items[newIDs[n]]!
                // The same heading and text byte for byte: the same content, without
                // normalising it (most of the time of a large diff went there).
                if oldItem.heading.utf8.elementsEqual(newItem.heading.utf8),
                   (oldItem.text ?? "").utf8.elementsEqual((newItem.text ?? "").utf8) {
                    candidates.append((1 + Self.sameIDBonus, 1, o, n))
                    oldFixed[o] = true
                    newFixed[n] = true
                    continue
                }
            }
            let oldBag = bags.bag(of: oldItem)
            if let n = newIndex[oldIDs[o]] {
                let newBag = bags.bag(of: new.items[newIDs[n]]!)
                if oldBag == newBag {
                    candidates.append((1 + Self.sameIDBonus, 1, o, n))
                    oldFixed[o] = true
                    newFixed[n] = true
                    continue
                }
                newGrams[n] = newBag
                newBagged[n] = true
            }
            oldGrams[o] = oldBag
        }
        for n in newIDs.indices where !newFixed[n] && !newBagged[n] {
            newGrams[n] = bags.bag(of: new.items[newIDs[n]]!)
        }
        // The others: a pair with the same id is a candidate whatever its score; any other
        // pair when it reaches the threshold, found through an index of bigrams rather than
        // by scoring every pair (see `BigramCandidates`).
        let oldOpen = oldIDs.indices.filter { !oldFixed[$0] }, newOpen = newIDs.indices.filter { !newFixed[$0] }
        var sameIDOpen: [Int: Int] = [:]
        for o in oldOpen {
            guard let n = newIndex[oldIDs[o]], !newFixed[n] else { continue }
            sameIDOpen[o] = n
            let similarity = BigramBags.dice(oldGrams[o], newGrams[n])
            candidates.append((similarity + Self.sameIDBonus, similarity, o, n))
        }
        let found = BigramCandidates.pairs(old: oldOpen.map { oldGrams[$0] }, new: newOpen.map { newGrams[$0] },
                                           threshold: threshold,
                                           excluded: { sameIDOpen[oldOpen[$0]] == newOpen[$1] })
        for pair in found.pairs {
            candidates.append((pair.similarity, pair.similarity, oldOpen[pair.a], newOpen[pair.b]))
        }
        return (candidates, found.compared + sameIDOpen.count)
    }

    /// What became of an old item: its pair, or nil when it was removed (or is unknown).
    public func pair(old id: String) -> Pair? { pairByOld[id].map { pairs[$0] } }
    public func pair(new id: String) -> Pair? { pairByNew[id].map { pairs[$0] } }
    public func wasRemoved(old id: String) -> Bool { old.contains(id) && pairByOld[id] == nil }

    static func numberKey(_ number: String) -> String {
        var key = Normalization.key(number)
        while key.hasSuffix(".") { key.removeLast() }
        return key
    }

    static func changes(_ a: CatalogItem, _ b: CatalogItem) -> [FieldChange] {
        var result: [FieldChange] = []
        if a.heading != b.heading {
            result.append(FieldChange(field: .heading, old: a.heading, new: b.heading, diff: CharacterDiff(old: a.heading, new: b.heading)))
        }
        let oldText = a.text ?? "", newText = b.text ?? ""
        if oldText != newText {
            result.append(FieldChange(field: .text, old: oldText, new: newText, diff: CharacterDiff(old: oldText, new: newText)))
        }
        if a.levels != b.levels {
            result.append(FieldChange(field: .levels, old: a.levelText, new: b.levelText, diff: nil))
        }
        if a.tags.sorted() != b.tags.sorted() {
            result.append(FieldChange(field: .tags, old: a.tags.sorted().joined(separator: " "), new: b.tags.sorted().joined(separator: " "), diff: nil))
        }
        return result
    }
}
