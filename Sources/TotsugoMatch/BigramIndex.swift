import TotsugoCore

/// `TextSimilarity`'s bigram multisets as sorted integer keys, and the pairs of two lists of
/// them that reach a Dice threshold, found without comparing every pair.
///
/// A bigram key is two character ids packed into a `UInt64` (the first in the high half); a
/// one-character content is one key of itself (low half all ones, which no character id is).
/// Character ids are given out by `Character` equality, as `TextSimilarity.bigrams`' string
/// keys compare, so two bags share a key exactly when the string dictionaries share a bigram,
/// and `dice` gives the same `Double` as `TextSimilarity.dice`.
struct BigramBags {
    private var characterIDs: [Character: UInt32] = [:]
    /// Ids of single-scalar characters by scalar value (`UInt32.max`: not seen yet): the ids
    /// still come from `characterIDs`, this only saves hashing a `Character` per character.
    private var scalarIDs = [UInt32](repeating: .max, count: 0x3_0000)

    /// The sorted bigram keys (one per occurrence) of an item's `TextSimilarity.content`.
    mutating func bag(of item: CatalogItem) -> [UInt64] {
        let content = Normalization.key(item.heading) + "\u{1F}" + Normalization.key(item.text ?? "")
        var keys: [UInt64] = []
        keys.reserveCapacity(content.utf8.count / 2)
        var previous: UInt64?
        for character in content {
            let next = UInt64(id(character))
            if let previous { keys.append(previous << 32 | next) }
            previous = next
        }
        if keys.isEmpty, let previous { keys.append(previous << 32 | 0xFFFF_FFFF) }
        keys.sort()
        return keys
    }

    private mutating func id(_ character: Character) -> UInt32 {
        let scalars = character.unicodeScalars
        let first = scalars.first!.value
        if first < UInt32(scalarIDs.count), scalars.index(after: scalars.startIndex) == scalars.endIndex {
            if scalarIDs[Int(first)] != .max { return scalarIDs[Int(first)] }
            let id = interned(character)
            scalarIDs[Int(first)] = id
            return id
        }
        return interned(character)
    }

    private mutating func interned(_ character: Character) -> UInt32 {
        if let id = characterIDs[character] { return id }
        let id = UInt32(characterIDs.count)
        characterIDs[character] = id
        return id
    }

    /// Dice coefficient of two sorted bags: 2·|A∩B| / (|A|+|B|), as `TextSimilarity.dice`.
    static func dice(_ a: [UInt64], _ b: [UInt64]) -> Double {
        let total = a.count + b.count
        guard total > 0 else { return 1 }
        return Double(2 * shared(a, b)) / Double(total)
    }

    /// The size of the multiset intersection of two sorted bags.
    static func shared(_ a: [UInt64], _ b: [UInt64]) -> Int {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var i = 0, j = 0, shared = 0
                while i < a.count, j < b.count {
                    let x = a[i], y = b[j]
                    if x == y { shared += 1; i += 1; j += 1 } else if x < y { i += 1 } else { j += 1 }
                }
                return shared
            }
        }
    }
}

/// The pairs of two lists of bags whose Dice coefficient reaches a threshold t > 0.
///
/// Dice ≥ t needs 2·shared ≥ t·(|A|+|B|), and shared ≤ min(|A|,|B|); so (length filter)
/// 2·min(|A|,|B|) ≥ t·(|A|+|B|), and shared ≥ t·|A|/(2−t) =: α(A) for either side. Each
/// occurrence of a bigram is a token (bigram, k-th occurrence), so the multiset intersection
/// is the token set intersection; with the tokens of every bag in one global order (rarest
/// bigram first), two bags sharing at least α(A) and α(B) tokens share one among the first
/// |A|−α(A)+1 tokens of A and the first |B|−α(B)+1 of B (prefix filter). Only new bags are
/// indexed by their prefix tokens; each old bag looks up its own prefix tokens, and the pairs
/// found that pass the length filter and can still share t·(|A|+|B|)/2 tokens after each
/// match (positional filter, as in PPJoin) are scored exactly. The bounds are taken with t a little
/// lower, so rounding never drops a pair the exact score keeps.
enum BigramCandidates {
    /// Every (a, b, dice) with dice ≥ `threshold` (in no particular order), leaving out the
    /// pairs `excluded` names, and how many pairs were scored.
    static func pairs(old: [[UInt64]], new: [[UInt64]], threshold: Double,
                      excluded: (Int, Int) -> Bool) -> (pairs: [(a: Int, b: Int, similarity: Double)], compared: Int) {
        // No pair scores above 1 (or at least NaN).
        guard threshold <= 1 else { return ([], 0) }
        let bound = threshold - 1e-9
        if bound <= 0 || old.contains(where: \.isEmpty) || new.contains(where: \.isEmpty) {
            return allPairs(old: old, new: new, threshold: threshold, excluded: excluded)
        }
        func minimumShared(_ size: Int) -> Int { max(1, Int((bound * Double(size) / (2 - bound)).rounded(.up))) }
        func prefixLength(_ size: Int) -> Int { max(0, size - minimumShared(size) + 1) }

        // Global order of bigrams: rarest first (over both lists), then by key.
        var gramIDs: [UInt64: Int32] = [:]
        var frequency: [Int32] = []
        for bag in old + new {
            for key in bag {
                if let id = gramIDs[key] {
                    frequency[Int(id)] += 1
                } else {
                    gramIDs[key] = Int32(frequency.count)
                    frequency.append(1)
                }
            }
        }
        var keys = [UInt64](repeating: 0, count: frequency.count)
        for (key, id) in gramIDs { keys[Int(id)] = key }
        let order = frequency.indices.sorted { (frequency[$0], keys[$0]) < (frequency[$1], keys[$1]) }
        var rank = [UInt64](repeating: 0, count: order.count)
        for (r, id) in order.enumerated() { rank[id] = UInt64(r) }

        func prefix(_ bag: [UInt64]) -> ArraySlice<UInt64> {
            var tokens: [UInt64] = []
            tokens.reserveCapacity(bag.count)
            var occurrence: UInt64 = 0
            for (i, key) in bag.enumerated() {
                occurrence = i > 0 && bag[i - 1] == key ? occurrence + 1 : 0
                tokens.append(rank[Int(gramIDs[key]!)] << 32 | occurrence)
            }
            tokens.sort()
            return tokens[..<prefixLength(bag.count)]
        }

        // Each entry: the new bag and where the token stands in its ordered tokens.
        var index: [UInt64: [(b: Int32, position: Int32)]] = [:]
        for (b, bag) in new.enumerated() {
            for (position, token) in prefix(bag).enumerated() { index[token, default: []].append((Int32(b), Int32(position))) }
        }
        // Per new bag, for the old bag being looked up: the tokens shared so far (-1: left out).
        var seen = [Int](repeating: -1, count: new.count)
        var shared = [Int32](repeating: 0, count: new.count)
        var found: [Int] = []
        var result: [(a: Int, b: Int, similarity: Double)] = []
        var compared = 0
        for (a, bag) in old.enumerated() {
            found.removeAll(keepingCapacity: true)
            for (i, token) in prefix(bag).enumerated() {
                guard let list = index[token] else { continue }
                for entry in list {
                    let b = Int(entry.b), other = new[b].count
                    if seen[b] != a {
                        seen[b] = a
                        guard Double(2 * min(bag.count, other)) >= bound * Double(bag.count + other), !excluded(a, b) else {
                            shared[b] = -1
                            continue
                        }
                        shared[b] = 0
                        found.append(b)
                    } else if shared[b] < 0 {
                        continue
                    }
                    // Positional filter: tokens are matched in the global order, so the shared
                    // tokens before these two positions are all counted (they lie in both
                    // prefixes); after them at most the shorter remainder can still match.
                    let needed = Int((bound * Double(bag.count + other) / 2).rounded(.up))
                    let most = Int(shared[b]) + 1 + min(bag.count - i - 1, other - Int(entry.position) - 1)
                    shared[b] = most >= needed ? shared[b] + 1 : -1
                }
            }
            for b in found where shared[b] > 0 {
                compared += 1
                let similarity = BigramBags.dice(bag, new[b])
                if similarity >= threshold { result.append((a, b, similarity)) }
            }
        }
        return (result, compared)
    }

    /// Every pair scored (thresholds at or below 0, which every pair reaches).
    static func allPairs(old: [[UInt64]], new: [[UInt64]], threshold: Double,
                         excluded: (Int, Int) -> Bool) -> (pairs: [(a: Int, b: Int, similarity: Double)], compared: Int) {
        var result: [(a: Int, b: Int, similarity: Double)] = []
        var compared = 0
        for a in old.indices {
            for b in new.indices where !excluded(a, b) {
                compared += 1
                let similarity = BigramBags.dice(old[a], new[b])
                if similarity >= threshold { result.append((a, b, similarity)) }
            }
        }
        return (result, compared)
    }
}
