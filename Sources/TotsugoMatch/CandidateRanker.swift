import Foundation
import TotsugoCore

/// Ranks target items for a source item by the similarity of their Japanese text: character
/// 2- and 3-grams weighted by TF-IDF, compared by cosine, looked up through an inverted index
/// (only the documents sharing an n-gram with the query are ever scored, never all pairs).
///
/// Two indexes: the target items' own heading and text, and, as evidence from the mapping, the
/// source items that already have links (heading, text and 反映案). A target's score is the
/// cosine with its own text plus `evidenceWeight` times the highest cosine of a source item
/// already linked to it: an item much like 「No.2」 is offered 「No.2」's targets. Measured in docs/review.md. A suggestion
/// is only ever a candidate for a reviewer: it carries its score, the words that matched and
/// the linked source item it came through.
public struct CandidateRanker: Sendable {
    /// One ranked candidate.
    public struct Candidate: Equatable, Sendable {
        public var target: ItemReference
        /// Cosine with the target's text plus the weighted evidence's, 0–1.25.
        public var score: Double
        /// Stretches of the query made of n-grams shared with the target's text (or, when the
        /// score comes through a linked source item, with that item), heaviest first.
        public var matched: [String]
        /// The source item already linked to the target that the score came through, and its cosine.
        public var via: (item: String, score: Double)?

        public static func == (a: Self, b: Self) -> Bool {
            a.target == b.target && a.score == b.score && a.matched == b.matched && a.via?.item == b.via?.item && a.via?.score == b.via?.score
        }
    }

    /// A document: the text of one item.
    public struct Document: Sendable {
        public var target: ItemReference
        public var text: String
        public init(target: ItemReference, text: String) {
            self.target = target
            self.text = text
        }
    }

    /// How much the evidence counts beside the target's own text: chosen among 0.25, 0.5, 0.75
    /// and 1 by `review measure` on the shipped mappings (docs/review.md); more evidence helped
    /// jama-japia a little and hurt ipa-appendix5-iso27002 much.
    public static let evidenceWeight = 0.25

    let targets: TFIDFIndex
    let evidence: TFIDFIndex?
    /// Per evidence document (a source item): the targets it is linked to.
    let evidenceLinks: [[ItemReference]]

    /// Ranks `documents` by their own text only.
    public init(_ documents: [Document]) {
        targets = TFIDFIndex(documents)
        evidence = nil
        evidenceLinks = []
    }

    /// The index for a mapping: every item of its target catalogs, and its linked source items as evidence.
    public init(_ resolved: ResolvedMapping) {
        self.init(source: resolved.source, targets: resolved.targets, entries: resolved.mapping.entries)
    }

    /// `entries`: the links taken as evidence (none when `evidence` is false).
    public init(source: CatalogIndex, targets: [CatalogIndex], entries: [MappingEntry], evidence useEvidence: Bool = true) {
        var documents: [Document] = []
        for target in targets {
            for id in target.orderedIDs {
                guard let item = target.items[id] else { continue }
                documents.append(Document(target: ItemReference(catalog: target.catalog.id, item: id), text: [item.heading, item.text ?? ""].joined(separator: "。")))
            }
        }
        self.targets = TFIDFIndex(documents)
        var evidenceDocuments: [Document] = []
        var links: [[ItemReference]] = []
        for entry in entries where useEvidence {
            let linked = entry.links.filter { $0.relationship != .noRelationship && $0.target.item != nil }
                .map { ItemReference(catalog: $0.target.catalog, item: $0.target.item) }
            guard !linked.isEmpty else { continue }
            let item = source.items[entry.item]
            evidenceDocuments.append(Document(target: ItemReference(catalog: source.catalog.id, item: entry.item),
                                              text: [item?.heading ?? "", item?.text ?? "", entry.proposal ?? ""].joined(separator: "。")))
            links.append(linked)
        }
        evidence = evidenceDocuments.isEmpty ? nil : TFIDFIndex(evidenceDocuments)
        evidenceLinks = links
    }

    /// The best `limit` targets for `query` scoring at least `minimum`, best first (ties by
    /// catalog order), leaving out `excluded`; `item`: the source item asked about (not its own evidence).
    public func rank(_ query: String, item: String? = nil, limit: Int = 5, minimum: Double = 0.05,
                     excluding excluded: Set<ItemReference> = []) -> [Candidate] {
        let own = targets.query(query)
        var total: [Int32: Double] = own.scores
        var via: [Int32: (Int32, Double)] = [:]
        var evidenceQuery: TFIDFIndex.Query?
        if let evidence {
            let found = evidence.query(query)
            evidenceQuery = found
            for (document, score) in found.scores where evidence.references[Int(document)].item != item {
                for target in evidenceLinks[Int(document)] {
                    guard let index = targets.position[target] else { continue }
                    // Equal scores go to the earlier evidence document: `found.scores` is a
                    // dictionary, whose order changes from run to run (the export's bytes did).
                    let best = via[index]
                    if score > best?.1 ?? 0 || (score == best?.1 && document < best!.0) { via[index] = (document, score) }
                }
            }
            for (index, (_, score)) in via { total[index, default: 0] += Self.evidenceWeight * score }
        }
        // The best `limit`, kept in order while scanning (no sort of every document touched).
        var ranked: [(key: Int32, value: Double)] = []
        func before(_ a: (key: Int32, value: Double), _ b: (key: Int32, value: Double)) -> Bool {
            a.value != b.value ? a.value > b.value : a.key < b.key
        }
        for candidate in total where candidate.value >= minimum && limit > 0 {
            if ranked.count == limit, !before(candidate, ranked[limit - 1]) { continue }
            if excluded.contains(targets.references[Int(candidate.key)]) { continue }
            let at = ranked.firstIndex { before(candidate, $0) } ?? ranked.count
            ranked.insert(candidate, at: at)
            if ranked.count > limit { ranked.removeLast() }
        }
        return ranked.map { document, score in
            let ownScore = own.scores[document] ?? 0
            let through = via[document]
            // The words of whichever part weighs more.
            let matched: [String]
            if let through, let evidence, let evidenceQuery, through.1 > ownScore {
                matched = TFIDFIndex.words(query, shared: evidence.shared(evidenceQuery, document: through.0))
            } else {
                matched = TFIDFIndex.words(query, shared: targets.shared(own, document: document))
            }
            return Candidate(target: targets.references[Int(document)], score: score, matched: matched,
                             via: through.flatMap { t in evidence.map { ($0.references[Int(t.0)].item ?? "", t.1) } })
        }
    }

    /// A source item's query: its heading and text, and its entry's 反映案.
    public static func query(_ resolved: ResolvedMapping, item id: String) -> String {
        let item = resolved.source.items[id]
        let proposal = resolved.entries[id]?.proposal ?? ""
        return [item?.heading ?? "", item?.text ?? "", proposal].joined(separator: "。")
    }

    public static func ngrams(_ text: String) -> [String] { TFIDFIndex.ngrams(text) }
}

/// Character 2- and 3-gram TF-IDF vectors (1 + log tf, smoothed idf, unit length) of a set of
/// documents, with an inverted index from n-gram to (document, weight).
struct TFIDFIndex: Sendable {
    let references: [ItemReference]
    let position: [ItemReference: Int32]
    /// n-gram (`key`) → id.
    let grams: [UInt64: Int32]
    let idf: [Double]
    let postings: [[(document: Int32, weight: Float)]]
    /// id → n-gram key.
    var gramKeys: [UInt64]
    /// Per document: its (n-gram, weight) pairs sorted by n-gram, for the words of a match.
    let vectors: [[(gram: Int32, weight: Float)]]

    struct Query {
        var weights: [(Int32, Double)]
        var scores: [Int32: Double]
    }

    init(_ documents: [CandidateRanker.Document]) {
        var grams: [UInt64: Int32] = [:]
        var gramCount = 0
        var frequency: [Int] = []
        var vectors: [[(Int32, Int)]] = []
        vectors.reserveCapacity(documents.count)
        for document in documents {
            var counts: [Int32: Int] = [:]
            for gram in Self.keys(document.text) {
                let id: Int32
                if let known = grams[gram] {
                    id = known
                } else {
                    id = Int32(gramCount)
                    gramCount += 1
                    grams[gram] = id
                    frequency.append(0)
                }
                counts[id, default: 0] += 1
            }
            for id in counts.keys { frequency[Int(id)] += 1 }
            vectors.append(counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        let n = Double(max(documents.count, 1))
        let idf = frequency.map { log((n + 1) / (Double($0) + 1)) + 1 }
        var postings = Array(repeating: [(document: Int32, weight: Float)](), count: gramCount)
        var unitVectors: [[(gram: Int32, weight: Float)]] = []
        unitVectors.reserveCapacity(vectors.count)
        for (index, vector) in vectors.enumerated() {
            let weights = vector.map { (id, count) in (id, (1 + log(Double(count))) * idf[Int(id)]) }
            let norm = sqrt(weights.reduce(0) { $0 + $1.1 * $1.1 })
            guard norm > 0 else {
                unitVectors.append([])
                continue
            }
            unitVectors.append(weights.map { (gram: $0.0, weight: Float($0.1 / norm)) })
            for (id, weight) in weights { postings[Int(id)].append((Int32(index), Float(weight / norm))) }
        }
        self.vectors = unitVectors
        references = documents.map(\.target)
        position = Dictionary(documents.enumerated().map { ($1.target, Int32($0)) }, uniquingKeysWith: { first, _ in first })
        self.grams = grams
        gramKeys = Array(repeating: 0, count: gramCount)
        for (key, id) in grams { gramKeys[Int(id)] = key }
        self.idf = idf
        self.postings = postings
    }

    /// The cosine of `text` with every document sharing an n-gram with it.
    func query(_ text: String) -> Query {
        let all = Self.keys(text)
        var counts: [Int32: Int] = [:]
        var unknown = Set<UInt64>()
        for gram in all {
            if let id = grams[gram] { counts[id, default: 0] += 1 } else { unknown.insert(gram) }
        }
        let weights = counts.sorted { $0.key < $1.key }.map { (id, count) in (id, (1 + log(Double(count))) * idf[Int(id)]) }
        // The norm over all the query's n-grams, also those no document has.
        let unseen = log(Double(references.count + 1)) + 1
        let norm = sqrt(weights.reduce(0) { $0 + $1.1 * $1.1 } + Double(unknown.count) * unseen * unseen)
        guard norm > 0 else { return Query(weights: [], scores: [:]) }
        let q = weights.map { ($0.0, $0.1 / norm) }
        // Candidates from the inverted index over the query's rarer n-grams: an n-gram in more
        // than `commonPostings` documents (「情報」「セキュ」 in a large catalog) is left out of
        // the lookup (always keeping the eight rarest), so a query touches a small part of the
        // index; the best `rescored` candidates then get their exact cosine over every n-gram.
        let common = max(Self.minimumCommonPostings, references.count / 20)
        let byRarity = q.indices.sorted { (postings[Int(q[$0].0)].count, q[$0].0) < (postings[Int(q[$1].0)].count, q[$1].0) }
        var accumulated = [Double](repeating: 0, count: references.count)
        var touched: [Int32] = []
        for (rank, index) in byRarity.enumerated() {
            let (id, weight) = q[index]
            if rank >= 8 && postings[Int(id)].count > common { break }
            for posting in postings[Int(id)] {
                if accumulated[Int(posting.document)] == 0 { touched.append(posting.document) }
                accumulated[Int(posting.document)] += weight * Double(posting.weight)
            }
        }
        if touched.count > Self.rescored {
            touched.sort { (accumulated[Int($0)], $1) > (accumulated[Int($1)], $0) }
            touched.removeLast(touched.count - Self.rescored)
        }
        var scores: [Int32: Double] = [:]
        scores.reserveCapacity(touched.count)
        for document in touched { scores[document] = exact(q, document: document) }
        return Query(weights: weights, scores: scores)
    }

    /// An n-gram in more documents than this (or a twentieth of them) is not looked up.
    static let minimumCommonPostings = 200
    /// Candidates whose exact cosine is computed.
    static let rescored = 200

    /// The cosine of the unit query `q` (sorted by n-gram) with `document`.
    func exact(_ q: [(Int32, Double)], document: Int32) -> Double {
        let vector = vectors[Int(document)]
        var k = 0, sum = 0.0
        for (id, weight) in q {
            while k < vector.count && vector[k].gram < id { k += 1 }
            if k < vector.count && vector[k].gram == id { sum += weight * Double(vector[k].weight) }
        }
        return sum
    }

    /// The query's n-grams found in `document`, each with its share of the score.
    func shared(_ query: Query, document: Int32) -> [UInt64: Double] {
        // Both sorted by n-gram: one merge.
        var shared: [UInt64: Double] = [:]
        let vector = vectors[Int(document)]
        var k = 0
        for (id, weight) in query.weights {
            while k < vector.count && vector[k].gram < id { k += 1 }
            if k < vector.count && vector[k].gram == id { shared[gramKeys[Int(id)]] = weight * Double(vector[k].weight) }
        }
        return shared
    }

    /// The stretches of the query made of shared n-grams, joined into words ("情報セキュリティ"
    /// rather than its n-grams), heaviest first, at most five.
    static func words(_ query: String, shared: [UInt64: Double]) -> [String] {
        var found: [String: Double] = [:]
        for run in runs(Normalization.key(query)) {
            let characters = Array(run)
            let codes = characters.map(code)
            var covered = Array(repeating: false, count: characters.count)
            for n in 2...3 where characters.count >= n {
                for start in 0...(characters.count - n) where shared[key(codes[start..<start + n])] != nil {
                    for k in start..<start + n { covered[k] = true }
                }
            }
            var start = 0
            while start < characters.count {
                guard covered[start] else { start += 1; continue }
                var end = start
                while end < characters.count && covered[end] { end += 1 }
                let word = String(characters[start..<end])
                var weight = 0.0, seen = Set<UInt64>()
                for n in 2...3 where end - start >= n {
                    for k in start...(end - n) where seen.insert(key(codes[k..<k + n])).inserted { weight += shared[key(codes[k..<k + n])] ?? 0 }
                }
                found[word] = max(found[word] ?? 0, weight)
                start = end
            }
        }
        return found.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(5).map(\.key)
    }

    /// Character 2- and 3-grams of the normalised text, within runs of letters and digits
    /// (punctuation, spaces and symbols split runs), as text.
    static func ngrams(_ text: String) -> [String] {
        keys(text).map { key in
            var out = String.UnicodeScalarView()
            for shift in [0, 21, 42] {
                let value = UInt32((key >> UInt64(shift)) & 0x1F_FFFF)
                if value != 0, let scalar = Unicode.Scalar(value) { out.append(scalar) }
            }
            return String(out)
        }
    }

    /// The n-grams as numbers: up to three characters of 21 bits each (a character of several
    /// scalars counts as its first; none occurs in normalised Japanese text), so they are hashed
    /// and compared as integers, not strings.
    static func keys(_ text: String) -> [UInt64] {
        var out: [UInt64] = []
        for run in runs(Normalization.key(text)) {
            let codes = run.map(code)
            for n in 2...3 where codes.count >= n {
                for start in 0...(codes.count - n) { out.append(key(codes[start..<start + n])) }
            }
        }
        return out
    }

    static func code(_ character: Character) -> UInt64 { UInt64(character.unicodeScalars.first!.value) }

    static func key(_ codes: ArraySlice<UInt64>) -> UInt64 {
        var key: UInt64 = 0, shift: UInt64 = 0
        for code in codes {
            key |= code << shift
            shift += 21
        }
        return key
    }

    static func runs(_ text: String) -> [Substring] {
        text.split { !($0.isLetter || $0.isNumber) }
    }
}
