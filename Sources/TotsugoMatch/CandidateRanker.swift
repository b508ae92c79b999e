import Foundation
import TotsugoCore

/// Ranks target items for a source item by the similarity of their Japanese text: character
/// 2- and 3-grams weighted by TF-IDF, compared by cosine, looked up through an inverted index
/// (only the targets sharing an n-gram with the query are ever scored, never all pairs).
///
/// A target's document is its heading and text, plus evidence from the mapping: the headings,
/// texts and 反映案 of the source items already linked to it (a target that existing links tie
/// to "情報資産の特定" is found by the next item about information assets). A suggestion is
/// only ever a candidate for a reviewer: it carries its score and the n-grams that matched.
public struct CandidateRanker: Sendable {
    /// One ranked candidate.
    public struct Candidate: Equatable, Sendable {
        public var target: ItemReference
        /// Cosine similarity, 0–1.
        public var score: Double
        /// The shared n-grams that weigh most in the score, heaviest first (longest kept when
        /// one holds another).
        public var matched: [String]
    }

    /// A document: the text of one target item (with its evidence).
    public struct Document: Sendable {
        public var target: ItemReference
        public var text: String
        public init(target: ItemReference, text: String) {
            self.target = target
            self.text = text
        }
    }

    let targets: [ItemReference]
    /// n-gram → id.
    let grams: [String: Int32]
    let gramTexts: [String]
    /// Per gram id: its IDF.
    let idf: [Double]
    /// Per gram id: (document, weight in the document's unit vector).
    let postings: [[(document: Int32, weight: Float)]]

    /// Builds the index over `documents`.
    public init(_ documents: [Document]) {
        var grams: [String: Int32] = [:]
        var gramTexts: [String] = []
        var frequency: [Int] = []
        var vectors: [[(Int32, Int)]] = []
        vectors.reserveCapacity(documents.count)
        for document in documents {
            var counts: [Int32: Int] = [:]
            for gram in Self.ngrams(document.text) {
                let id: Int32
                if let known = grams[gram] {
                    id = known
                } else {
                    id = Int32(gramTexts.count)
                    grams[gram] = id
                    gramTexts.append(gram)
                    frequency.append(0)
                }
                counts[id, default: 0] += 1
            }
            for id in counts.keys { frequency[Int(id)] += 1 }
            vectors.append(counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        let n = Double(max(documents.count, 1))
        let idf = frequency.map { log((n + 1) / (Double($0) + 1)) + 1 }
        var postings = Array(repeating: [(document: Int32, weight: Float)](), count: gramTexts.count)
        for (index, vector) in vectors.enumerated() {
            let weights = vector.map { (id, count) in (id, (1 + log(Double(count))) * idf[Int(id)]) }
            let norm = sqrt(weights.reduce(0) { $0 + $1.1 * $1.1 })
            guard norm > 0 else { continue }
            for (id, weight) in weights { postings[Int(id)].append((Int32(index), Float(weight / norm))) }
        }
        self.targets = documents.map(\.target)
        self.grams = grams
        self.gramTexts = gramTexts
        self.idf = idf
        self.postings = postings
    }

    /// The best `limit` targets for `query` scoring at least `minimum`, best first (ties by
    /// document order), leaving out `excluded`.
    public func rank(_ query: String, limit: Int = 5, minimum: Double = 0.05, excluding excluded: Set<ItemReference> = []) -> [Candidate] {
        var counts: [Int32: Int] = [:]
        for gram in Self.ngrams(query) {
            if let id = grams[gram] { counts[id, default: 0] += 1 }
        }
        let weights = counts.map { (id, count) in (id, (1 + log(Double(count))) * idf[Int(id)]) }
        // The query's norm over all its n-grams, also those no target has (they make it less alike).
        var norm = weights.reduce(0) { $0 + $1.1 * $1.1 }
        let unknown = Set(Self.ngrams(query)).filter { grams[$0] == nil }.count
        let unseenIDF = log(Double(targets.count + 1)) + 1
        norm += Double(unknown) * unseenIDF * unseenIDF
        norm = sqrt(norm)
        guard norm > 0 else { return [] }
        var scores: [Int32: Double] = [:]
        for (id, weight) in weights {
            let q = weight / norm
            for posting in postings[Int(id)] { scores[posting.document, default: 0] += q * Double(posting.weight) }
        }
        let ranked = scores.filter { $0.value >= minimum && !excluded.contains(targets[Int($0.key)]) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(limit)
        return ranked.map { document, score in
            // The n-grams that weigh most in this document's score.
            var shared: [(String, Double)] = []
            for (id, weight) in weights {
                if let posting = postings[Int(id)].first(where: { $0.document == document }) {
                    shared.append((gramTexts[Int(id)], weight * Double(posting.weight)))
                }
            }
            return Candidate(target: targets[Int(document)], score: score, matched: Self.words(query, shared: Dictionary(shared, uniquingKeysWith: +)))
        }
    }

    /// The stretches of the query made of shared n-grams, joined into words ("情報セキュリティ"
    /// rather than its n-grams), heaviest first, at most five.
    static func words(_ query: String, shared: [String: Double]) -> [String] {
        var found: [String: Double] = [:]
        for run in runs(Normalization.key(query)) {
            let characters = Array(run)
            var covered = Array(repeating: false, count: characters.count)
            for n in 2...3 where characters.count >= n {
                for start in 0...(characters.count - n) where shared[String(characters[start..<start + n])] != nil {
                    for k in start..<start + n { covered[k] = true }
                }
            }
            var start = 0
            while start < characters.count {
                guard covered[start] else { start += 1; continue }
                var end = start
                while end < characters.count && covered[end] { end += 1 }
                let word = String(characters[start..<end])
                let grams = Set(ngrams(word))
                found[word] = max(found[word] ?? 0, grams.reduce(0) { $0 + (shared[$1] ?? 0) })
                start = end
            }
        }
        return found.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(5).map(\.key)
    }
}

extension CandidateRanker {

    /// Character 2- and 3-grams of the normalised text, within runs of letters (punctuation,
    /// spaces and symbols split runs; ASCII digits and letters count as letters).
    public static func ngrams(_ text: String) -> [String] {
        var out: [String] = []
        for run in runs(Normalization.key(text)) {
            let characters = Array(run)
            for n in 2...3 where characters.count >= n {
                for start in 0...(characters.count - n) { out.append(String(characters[start..<start + n])) }
            }
        }
        return out
    }

    static func runs(_ text: String) -> [Substring] {
        text.split { !($0.isLetter || $0.isNumber) }
    }
}

extension CandidateRanker {
    /// The index for a mapping: every item of its target catalogs, each with its heading and
    /// text and, as evidence, the heading, text and 反映案 of the source items linked to it.
    public init(_ resolved: ResolvedMapping) {
        var evidence: [ItemReference: [String]] = [:]
        for entry in resolved.mapping.entries {
            let item = resolved.source.items[entry.item]
            let words = [item?.heading ?? "", item?.text ?? "", entry.proposal ?? ""].filter { !$0.isEmpty }
            for link in entry.links where link.relationship != .noRelationship {
                evidence[ItemReference(catalog: link.target.catalog, item: link.target.item), default: []] += words
            }
        }
        var documents: [Document] = []
        for target in resolved.targets {
            for id in target.orderedIDs {
                guard let item = target.items[id] else { continue }
                let reference = ItemReference(catalog: target.catalog.id, item: id)
                let text = ([item.heading, item.text ?? ""] + (evidence[reference] ?? [])).joined(separator: "。")
                documents.append(Document(target: reference, text: text))
            }
        }
        self.init(documents)
    }

    /// A source item's query: its heading and text, and its entry's 反映案.
    public static func query(_ resolved: ResolvedMapping, item id: String) -> String {
        let item = resolved.source.items[id]
        let proposal = resolved.entries[id]?.proposal ?? ""
        return [item?.heading ?? "", item?.text ?? "", proposal].joined(separator: "。")
    }
}
