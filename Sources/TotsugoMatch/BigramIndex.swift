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

    /// The size of the multiset intersection of two sorted bags when it is at least `needed`,
    /// else nil (given up as soon as the rest cannot make up for it).
    static func shared(_ a: [UInt64], _ b: [UInt64], atLeast needed: Int) -> Int? {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var i = 0, j = 0, shared = 0
                while i < a.count, j < b.count {
                    let x = a[i], y = b[j]
                    if x == y {
                        shared += 1; i += 1; j += 1
                        continue
                    }
                    if x < y { i += 1 } else { j += 1 }
                    if shared + min(a.count - i, b.count - j) < needed { return nil }
                }
                return shared >= needed ? shared : nil
            }
        }
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

/// The pairs of two lists of bags whose Dice coefficient reaches a threshold t > 0 (PPJoin,
/// Xiao et al. 2008, for Dice and two lists).
///
/// Dice ≥ t needs 2·shared ≥ t·(|A|+|B|), and shared ≤ min(|A|,|B|); so (length filter)
/// 2·min(|A|,|B|) ≥ t·(|A|+|B|). Each occurrence of a bigram is a token (bigram, k-th
/// occurrence), so the multiset intersection is the token set intersection; with the tokens of
/// every bag in one global order (rarest first), two bags sharing s tokens share one among the
/// first |A|−s+1 tokens of each (prefix filter).
///
/// The bags of both lists are taken in order of size; each looks up the bags of the other list
/// taken before it (no larger than itself) in an index of their prefixes, then is indexed
/// itself. So every pair is looked up once, from its larger bag B (|A| ≤ |B|), and:
/// - A is indexed by its first |A|−⌈t·|A|⌉+1 tokens: shared ≥ t·(|A|+|B|)/2 ≥ t·|A| (PPJoin's
///   index prefix, 2t/(1+t) for Jaccard, is this t for Dice);
/// - B looks up its first |B|−⌈t·|B|/(2−t)⌉+1 tokens: |A| ≥ t·|B|/(2−t) by the length filter;
/// - an index list holds its bags in order of size, and a bag too short for B is too short
///   for every later one: each list keeps a start past them (length filter);
/// - after each match, the two can still share at most the shorter remainder of the two
///   orders (positional filter);
/// - after the look-up, the shared tokens up to the earlier of the two prefixes' last tokens
///   are all counted, and past it at most the rest of that bag (PPJoin's verification bound);
/// - shared ≤ (|A|+|B|−d)/2 where d is the number of bits set in the XOR of the two bags'
///   bitmaps of hashed tokens (bitmap filter, Sandes et al. 2019).
/// The pairs left are scored exactly, the merge given up once it cannot reach the threshold.
/// All bounds are taken with t a little lower, so rounding never drops a pair the exact score
/// keeps.
enum BigramCandidates {
    /// Bits in a bag's bitmap. At the bench's 100k-item diff (1,272 distinct tokens, bags of
    /// 26–180) 512 bits left 7,593 of 649,162 pairs to merge; 256 bits 101,546.
    static let bitmapWords = 8

    /// Every (a, b, dice) with dice ≥ `threshold` (in no particular order), leaving out the
    /// pairs `excluded` names, and how many pairs were scored.
    static func pairs(old: [[UInt64]], new: [[UInt64]], threshold: Double,
                      excluded: (Int, Int) -> Bool) -> (pairs: [(a: Int, b: Int, similarity: Double)], compared: Int) {
        // No pair scores above 1 (or at least NaN).
        guard threshold <= 1 else { return ([], 0) }
        let bound = lowered(threshold)
        if bound <= 0 || old.contains(where: \.isEmpty) || new.contains(where: \.isEmpty) {
            return allPairs(old: old, new: new, threshold: threshold, excluded: excluded)
        }
        // Bags numbered over both lists: old ones first, then new ones.
        let bags = old + new
        let sizes = bags.map(\.count)
        func side(_ bag: Int) -> Int { bag < old.count ? 0 : 1 }

        // Tokens as dense ids: the k-th occurrence of a bigram is `firstToken` of the bigram + k.
        var gramIDs: [UInt64: Int32] = [:]
        var occurrences: [UInt32] = [] // per bigram, the most occurrences in one bag
        var gramKeys: [UInt64] = []
        for bag in bags {
            var occurrence: UInt32 = 0
            for (i, key) in bag.enumerated() {
                occurrence = i > 0 && bag[i - 1] == key ? occurrence + 1 : 0
                if let id = gramIDs[key] {
                    occurrences[Int(id)] = max(occurrences[Int(id)], occurrence + 1)
                } else {
                    gramIDs[key] = Int32(gramKeys.count)
                    gramKeys.append(key)
                    occurrences.append(1)
                }
            }
        }
        var firstToken = [UInt32](repeating: 0, count: gramKeys.count)
        var tokenCount = 0
        for id in gramKeys.indices {
            firstToken[id] = UInt32(tokenCount)
            tokenCount += Int(occurrences[id])
        }
        func rawTokens(_ bag: [UInt64]) -> [UInt32] {
            var tokens: [UInt32] = []
            tokens.reserveCapacity(bag.count)
            var occurrence: UInt32 = 0
            for (i, key) in bag.enumerated() {
                occurrence = i > 0 && bag[i - 1] == key ? occurrence + 1 : 0
                tokens.append(firstToken[Int(gramIDs[key]!)] + occurrence)
            }
            return tokens
        }
        // The global order: rarest token first (a second occurrence is rarer than the first),
        // then by bigram key and occurrence. The bitmaps hash the dense ids.
        var frequency = [Int32](repeating: 0, count: tokenCount)
        var tokenKey = [(key: UInt64, occurrence: UInt32)](repeating: (0, 0), count: tokenCount)
        for id in gramKeys.indices {
            for k in 0..<occurrences[id] { tokenKey[Int(firstToken[id] + k)] = (gramKeys[id], k) }
        }
        let words = bitmapWords
        var bitmaps = [UInt64](repeating: 0, count: bags.count * words)
        for (bag, keys) in bags.enumerated() {
            for token in rawTokens(keys) {
                frequency[Int(token)] += 1
                let bit = Int((UInt64(token) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - (words * 64).trailingZeroBitCount))
                bitmaps[bag * words + bit / 64] ^= 1 << UInt64(bit % 64)
            }
        }
        let order = frequency.indices.sorted {
            (frequency[$0], tokenKey[$0].key, tokenKey[$0].occurrence) < (frequency[$1], tokenKey[$1].key, tokenKey[$1].occurrence)
        }
        var rank = [UInt32](repeating: 0, count: tokenCount)
        for (r, token) in order.enumerated() { rank[token] = UInt32(r) }

        // Both lists in one order of size (old before new on equal size, then list order).
        let sequence = bags.indices.sorted { (sizes[$0], $0) < (sizes[$1], $1) }

        // Per list and token (`side * tokenCount + token`): the bags indexed so far, in order of
        // size, with where the token stands in each one's order; `start`: the first entry not
        // yet too short.
        var entries = [[(bag: Int32, position: Int32)]](repeating: [], count: 2 * tokenCount)
        var start = [Int](repeating: 0, count: 2 * tokenCount)
        // Per bag indexed: the last token of its index prefix.
        var indexedLast = [UInt32](repeating: 0, count: bags.count)
        // Per bag of the other list, for the bag being looked up: the step of that look-up and
        // the tokens shared so far (-1: left out).
        var seen = [Int](repeating: -1, count: bags.count)
        var shared = [Int32](repeating: 0, count: bags.count)
        var found: [Int] = []
        var result: [(a: Int, b: Int, similarity: Double)] = []
        var compared = 0
        for (step, bag) in sequence.enumerated() {
            let size = sizes[bag], here = side(bag), there = 1 - here
            var probe = rawTokens(bags[bag]).map { rank[Int($0)] }
            probe.sort()
            let probeLength = probePrefixLength(size, bound: bound), indexLength = indexPrefixLength(size, bound: bound)
            found.removeAll(keepingCapacity: true)
            for (i, token) in probe[..<probeLength].enumerated() {
                let slot = there * tokenCount + Int(token)
                let list = entries[slot]
                var first = start[slot]
                while first < list.count, !longEnough(sizes[Int(list[first].bag)], size, bound: bound) { first += 1 }
                start[slot] = first
                for entry in list[first...] {
                    let other = Int(entry.bag), otherSize = sizes[other]
                    if seen[other] != step {
                        seen[other] = step
                        shared[other] = 0
                        found.append(other)
                    } else if shared[other] < 0 {
                        continue
                    }
                    // Positional filter: tokens are matched in the global order, so the shared
                    // tokens before these two positions are all counted (they lie in the probe
                    // prefix and the index prefix); after them at most the shorter remainder
                    // can still match.
                    let needed = Int((bound * Double(size + otherSize) / 2).rounded(.up))
                    let most = Int(shared[other]) + 1 + min(size - i - 1, otherSize - Int(entry.position) - 1)
                    shared[other] = most >= needed ? shared[other] + 1 : -1
                }
            }
            let probeLast = probe[probeLength - 1]
            for other in found where shared[other] > 0 {
                let otherSize = sizes[other]
                let needed = Int((bound * Double(size + otherSize) / 2).rounded(.up))
                let rest = probeLast < indexedLast[other] ? size - probeLength : otherSize - indexPrefixLength(otherSize, bound: bound)
                guard Int(shared[other]) + rest >= needed else { continue }
                var different = 0
                for w in 0..<words { different += (bitmaps[bag * words + w] ^ bitmaps[other * words + w]).nonzeroBitCount }
                guard size + otherSize - different >= 2 * needed else { continue }
                let (a, b) = here == 0 ? (bag, other - old.count) : (other, bag - old.count)
                guard !excluded(a, b) else { continue }
                compared += 1
                guard let common = BigramBags.shared(old[a], new[b], atLeast: needed) else { continue }
                // As `BigramBags.dice`.
                let similarity = Double(2 * common) / Double(size + otherSize)
                if similarity >= threshold { result.append((a, b, similarity)) }
            }
            for (position, token) in probe[..<indexLength].enumerated() {
                entries[here * tokenCount + Int(token)].append((Int32(bag), Int32(position)))
            }
            indexedLast[bag] = probe[indexLength - 1]
        }
        return (result, compared)
    }

    /// The threshold the filters use: a little lower than the one scored, so that rounding in
    /// them never drops a pair whose exact score reaches it.
    static func lowered(_ threshold: Double) -> Double { threshold - 1e-9 }

    /// Length filter: whether bags of `size` and `other` tokens can reach `bound`.
    static func longEnough(_ size: Int, _ other: Int, bound: Double) -> Bool {
        Double(2 * min(size, other)) >= bound * Double(size + other)
    }

    /// The tokens a bag of `size` looks up: its partners (no larger, and by the length filter
    /// at least bound·size/(2−bound)) share at least ⌈bound·size/(2−bound)⌉ tokens with it.
    static func probePrefixLength(_ size: Int, bound: Double) -> Int {
        max(0, size - max(1, Int((bound * Double(size) / (2 - bound)).rounded(.up))) + 1)
    }

    /// The tokens a bag of `size` is indexed by: its partners (no smaller) share at least
    /// ⌈bound·size⌉ tokens with it.
    static func indexPrefixLength(_ size: Int, bound: Double) -> Int {
        max(0, size - max(1, Int((bound * Double(size)).rounded(.up))) + 1)
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
