@testable import TotsugoMatch
import TotsugoCore
import XCTest

/// Issue 19: `diff` finds pass 1's similarity candidates through a bigram index with length and
/// prefix filters instead of scoring every unmatched pair. The pairing must be exactly what the
/// all-pairs pass gave: the reference below is that pass as it was (string bigram dictionaries,
/// `TextSimilarity.dice`), and randomized editions (renumbered, moved, edited, split, dropped,
/// added items; near-duplicate texts for ties) are diffed both ways and compared exactly.
final class CatalogDiffScaleTests: XCTestCase {
    /// Pass 1's candidates as the all-pairs code made them before the index (d89f0cd).
    static func referenceCandidates(old: CatalogIndex, new: CatalogIndex, threshold: Double) -> (candidates: [CatalogDiff.Candidate], compared: Int) {
        let oldIDs = old.orderedIDs, newIDs = new.orderedIDs
        let oldGrams = oldIDs.map { TextSimilarity.bigrams(TextSimilarity.content(of: old.items[$0]!)) }
        let newGrams = newIDs.map { TextSimilarity.bigrams(TextSimilarity.content(of: new.items[$0]!)) }
        var candidates: [CatalogDiff.Candidate] = []
        let newIndex = Dictionary(newIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var oldFixed = [Bool](repeating: false, count: oldIDs.count)
        var newFixed = [Bool](repeating: false, count: newIDs.count)
        for o in oldIDs.indices {
            guard let n = newIndex[oldIDs[o]], oldGrams[o] == newGrams[n] else { continue }
            candidates.append((1 + CatalogDiff.sameIDBonus, 1, o, n))
            oldFixed[o] = true
            newFixed[n] = true
        }
        var compared = 0
        for o in oldIDs.indices where !oldFixed[o] {
            for n in newIDs.indices where !newFixed[n] {
                compared += 1
                let similarity = TextSimilarity.dice(oldGrams[o], newGrams[n])
                let sameID = oldIDs[o] == newIDs[n]
                guard sameID || similarity >= threshold else { continue }
                candidates.append((similarity + (sameID ? CatalogDiff.sameIDBonus : 0), similarity, o, n))
            }
        }
        return (candidates, compared)
    }

    func testSameCandidatesAndPairingAsAllPairsOnRandomEditions() {
        for seed in UInt64(1)...12 {
            var random = SplitMix(seed: seed)
            let old = Self.randomCatalog(chapters: 4 + Int(random.next() % 5), random: &random)
            let new = Self.edition(of: old, random: &random)
            for threshold in [TextSimilarity.defaultThreshold, 0.3, 0.5, 0.8, 0.95, 1, 0, 1.5] {
                let label = "seed \(seed), threshold \(threshold)"
                let oldIndex = CatalogIndex(old), newIndex = CatalogIndex(new)
                let expected = Self.referenceCandidates(old: oldIndex, new: newIndex, threshold: threshold)
                let actual = CatalogDiff.candidates(old: oldIndex, new: newIndex, threshold: threshold)
                XCTAssertEqual(Self.lines(actual.candidates), Self.lines(expected.candidates), label)
                XCTAssertLessThanOrEqual(actual.compared, expected.compared, label)

                let reference = CatalogDiff(old: old, new: new, threshold: threshold, candidates: Self.referenceCandidates)
                let indexed = CatalogDiff(old: old, new: new, threshold: threshold)
                XCTAssertEqual(Self.lines(indexed), Self.lines(reference), label)
            }
        }
    }

    /// The editions are not trivial: each kind of change happens, and the index leaves pairs out.
    func testRandomEditionsExerciseEveryKindOfPair() {
        var renumbered = 0, moved = 0, changed = 0, added = 0, removed = 0, compared = 0, allPairs = 0
        for seed in UInt64(1)...12 {
            var random = SplitMix(seed: seed)
            let old = Self.randomCatalog(chapters: 4 + Int(random.next() % 5), random: &random)
            let diff = CatalogDiff(old: old, new: Self.edition(of: old, random: &random))
            renumbered += diff.renumbered.count
            moved += diff.moved.count
            changed += diff.changed.count
            added += diff.added.count
            removed += diff.removed.count
            compared += diff.comparedPairs
            allPairs += Self.referenceCandidates(old: diff.old, new: diff.new, threshold: diff.threshold).compared
        }
        XCTAssertGreaterThan(renumbered, 20)
        XCTAssertGreaterThan(moved, 10)
        XCTAssertGreaterThan(changed, 20)
        XCTAssertGreaterThan(added, 10)
        XCTAssertGreaterThan(removed, 10)
        // Near-duplicate texts and a low threshold: about half the pairs share a prefix bigram.
        XCTAssertLessThan(compared, allPairs * 3 / 4, "the prefix and length filters leave pairs unscored")
    }

    /// The integer bags score exactly as the string bigram dictionaries, including repeated
    /// bigrams, one-character contents, combining marks and characters outside the BMP.
    func testIntegerBagsScoreAsStringBigrams() {
        var random = SplitMix(seed: 99)
        var bags = BigramBags()
        let alphabet: [String] = ["あ", "い", "ー", "a", "B", "e\u{301}", "é", "🀄", "👍🏽", "情", "報", " ", "1"]
        func text() -> String { (0..<Int(random.next() % 12)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined() }
        for _ in 0..<400 {
            let a = CatalogItem(id: "a", number: "a", heading: text(), text: random.next() % 3 == 0 ? nil : text())
            let b = CatalogItem(id: "b", number: "b", heading: text(), text: text())
            let bagA = bags.bag(of: a), bagB = bags.bag(of: b)
            XCTAssertEqual(BigramBags.dice(bagA, bagB), TextSimilarity.score(a, b), "\(a.heading)|\(a.text ?? "") vs \(b.heading)|\(b.text ?? "")")
            XCTAssertEqual(bagA.count, TextSimilarity.bigrams(TextSimilarity.content(of: a)).values.reduce(0, +))
            XCTAssertEqual(bagA == bags.bag(of: b),
                           TextSimilarity.bigrams(TextSimilarity.content(of: a)) == TextSimilarity.bigrams(TextSimilarity.content(of: b)))
        }
    }

    // MARK: - random editions

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ list: [T]) -> T { list[Int(next() % UInt64(list.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
    }

    // Written for these tests; few phrases, so many items are near duplicates of each other
    // and pairs tie on score.
    static let subjects = ["台帳", "記録媒体", "社外の利用者", "保守業者", "受付端末", "設計資料", "共有フォルダ", "来訪者"]
    static let actions = ["を一覧にして責任者を決める", "の扱いを手順書に書く", "を使う人を限る", "を半年ごとに点検する",
                          "を鍵のかかる場所に置く", "の貸出しを記録する", "を使い終えたら消去する"]
    static let extras = ["点検の結果は残しておく。", "手順は掲示する。", "例外は記録する。", "ーーーー", "e\u{301}", "🀄"]

    static func sentence(_ random: inout SplitMix) -> String {
        (0..<(1 + Int(random.next() % 3))).map { _ in random.pick(subjects) + random.pick(actions) + "。" }.joined()
            + (random.chance(40) ? random.pick(extras) : "")
    }

    static func randomCatalog(chapters: Int, random: inout SplitMix) -> Catalog {
        let items = (1...chapters).map { c in
            let children = (1...(2 + Int(random.next() % 9))).map { k in
                CatalogItem(id: "\(c)/\(c).\(k)", number: "\(c).\(k)", heading: random.chance(10) ? "" : random.pick(subjects) + random.pick(actions),
                            text: random.chance(15) ? nil : random.chance(5) ? random.pick(["情", "a", ""]) : sentence(&random))
            }
            return CatalogItem(id: "\(c)", number: "\(c)", heading: "第\(c)章 " + random.pick(subjects), children: children)
        }
        return Catalog(id: "t", title: "t", shortTitle: "t", publisher: "t", version: "1", completeness: "test", items: items)
    }

    /// A next edition: items dropped, added, edited, split in two, moved to another chapter;
    /// some chapters renumber their items by position (so ids shift), others keep the ids.
    static func edition(of catalog: Catalog, random: inout SplitMix) -> Catalog {
        var chapters = catalog.items.map { ($0, [CatalogItem]()) }
        var moving: [CatalogItem] = []
        for c in chapters.indices {
            for var item in chapters[c].0.children {
                switch random.next() % 100 {
                case 0..<8: continue // dropped
                case 8..<20: // edited
                    var text = Array(item.text ?? "")
                    if !text.isEmpty { text.insert(contentsOf: random.pick(["必ず", "、", "新たに"]), at: Int(random.next() % UInt64(text.count))) }
                    item.text = String(text) + (random.chance(30) ? random.pick(extras) : "")
                case 20..<26: // split in two
                    let text = Array(item.text ?? "")
                    let cut = text.count / 2
                    var second = item
                    second.id += "-2"
                    second.text = String(text[cut...])
                    item.text = String(text[..<cut])
                    chapters[c].1.append(item)
                    item = second
                case 26..<34: // moved
                    moving.append(item)
                    continue
                case 34..<40: // added before it
                    chapters[c].1.append(CatalogItem(id: item.id + "-new", number: "", heading: random.pick(subjects), text: sentence(&random)))
                default: break
                }
                chapters[c].1.append(item)
            }
        }
        for item in moving { chapters[Int(random.next() % UInt64(chapters.count))].1.append(item) }
        var result = catalog
        result.items = chapters.enumerated().map { c, chapter in
            var (parent, children) = chapter
            let renumber = random.chance(50)
            var used: Set<String> = []
            children = children.enumerated().map { k, child in
                var child = child
                let position = "\(c + 1).\(k + 1)"
                child.id = renumber ? "\(c + 1)/\(position)" : child.id
                if used.contains(child.id) || child.id.contains("-") { child.id = "\(c + 1)/\(position)x" }
                used.insert(child.id)
                child.number = renumber || child.number.isEmpty ? position : child.number
                return child
            }
            parent.children = children
            return parent
        }
        // Ids are unique across the catalog (moved items may clash with a chapter's own).
        var seen: Set<String> = []
        for c in result.items.indices {
            for k in result.items[c].children.indices {
                while seen.contains(result.items[c].children[k].id) { result.items[c].children[k].id += "z" }
                seen.insert(result.items[c].children[k].id)
            }
        }
        return result
    }

    static func lines(_ candidates: [CatalogDiff.Candidate]) -> [String] {
        candidates.sorted { ($0.score, $1.o, $1.n) > ($1.score, $0.o, $0.n) }
            .map { "\($0.o)→\($0.n) \($0.score.bitPattern) \($0.similarity.bitPattern)" }
    }

    static func lines(_ diff: CatalogDiff) -> [String] {
        diff.pairs.map { "\($0.old.id)→\($0.new.id) \($0.match) \($0.similarity.bitPattern) r\($0.renumbered) m\($0.moved) \($0.changes.map(\.field))" }
            + diff.added.map { "+\($0.id)" } + diff.removed.map { "-\($0.id)" }
    }
}
