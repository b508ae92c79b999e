@testable import TotsugoMatch
import TotsugoCore
import XCTest

/// Issue 19: `BigramCandidates` takes the bags in order of size and indexes each by its shorter
/// PPJoin index prefix (|A|−⌈t·|A|⌉+1 tokens for Dice), looking up the probe prefix
/// (|B|−⌈t·|B|/(2−t)⌉+1) from the larger bag of each pair. The pairs found must be exactly the
/// all-pairs ones, whatever the sizes, thresholds and rounding.
final class BigramIndexPrefixTests: XCTestCase {
    static let thresholds: [Double] = [1e-6, 0.01, 0.3, 0.5, TextSimilarity.defaultThreshold, 2.0 / 3, 0.8, 0.95,
                                       1.0.nextDown, 1]

    /// For every two sizes and every threshold: a pair the exact score can keep (some shared
    /// count reaches the threshold as `BigramBags.dice` computes it) passes the length filter,
    /// shares a token within the smaller bag's index prefix and the larger bag's probe prefix,
    /// and is not dropped by the positional filter's count.
    func testPrefixBoundsKeepEveryPairTheScoreCanKeep() {
        var checked = 0
        for threshold in Self.thresholds {
            let bound = BigramCandidates.lowered(threshold)
            for larger in 1...120 {
                for smaller in 1...larger {
                    guard let fewest = (1...smaller).first(where: { Double(2 * $0) / Double(smaller + larger) >= threshold }) else {
                        continue
                    }
                    let label = "threshold \(threshold), sizes \(smaller) and \(larger), \(fewest) shared"
                    XCTAssertTrue(BigramCandidates.longEnough(smaller, larger, bound: bound), label)
                    XCTAssertTrue(BigramCandidates.longEnough(larger, smaller, bound: bound), label)
                    XCTAssertLessThanOrEqual(smaller - fewest + 1, BigramCandidates.indexPrefixLength(smaller, bound: bound), label)
                    XCTAssertLessThanOrEqual(larger - fewest + 1, BigramCandidates.probePrefixLength(larger, bound: bound), label)
                    XCTAssertLessThanOrEqual(Int((bound * Double(smaller + larger) / 2).rounded(.up)), fewest, label)
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 20_000)
    }

    /// The bounds themselves, at the edges and at the default threshold.
    func testPrefixLengths() {
        let defaultBound = BigramCandidates.lowered(TextSimilarity.defaultThreshold)
        // 100 tokens at 0.65: partners no smaller share ≥ 65, partners of any size ≥ 49.
        XCTAssertEqual(BigramCandidates.indexPrefixLength(100, bound: defaultBound), 36)
        XCTAssertEqual(BigramCandidates.probePrefixLength(100, bound: defaultBound), 52)
        // One token: always looked up and indexed by it.
        for threshold in Self.thresholds {
            let bound = BigramCandidates.lowered(threshold)
            XCTAssertEqual(BigramCandidates.indexPrefixLength(1, bound: bound), 1, "\(threshold)")
            XCTAssertEqual(BigramCandidates.probePrefixLength(1, bound: bound), 1, "\(threshold)")
            for size in 1...200 {
                let index = BigramCandidates.indexPrefixLength(size, bound: bound)
                let probe = BigramCandidates.probePrefixLength(size, bound: bound)
                XCTAssertTrue(1 <= index && index <= probe && probe <= size, "\(threshold), \(size): \(index) ≤ \(probe)")
            }
        }
        // Threshold 1: only equal bags, found through one token each.
        XCTAssertEqual(BigramCandidates.indexPrefixLength(50, bound: BigramCandidates.lowered(1)), 1)
        XCTAssertEqual(BigramCandidates.probePrefixLength(50, bound: BigramCandidates.lowered(1)), 1)
        // A tiny threshold: every token of both.
        XCTAssertEqual(BigramCandidates.indexPrefixLength(50, bound: BigramCandidates.lowered(1e-6)), 50)
        XCTAssertEqual(BigramCandidates.probePrefixLength(50, bound: BigramCandidates.lowered(1e-6)), 50)
    }

    /// Random bags over few keys (so bigrams repeat within a bag and most bags share many),
    /// many of equal size and some of one token: the same pairs and scores as scoring all pairs.
    func testSamePairsAsAllPairsOnRandomBags() {
        var random = CatalogDiffScaleTests.SplitMix(seed: 7)
        var scored = 0, all = 0
        for round in 0..<30 {
            let keys = 2 + Int(random.next() % 10)
            func bag() -> [UInt64] {
                let size = random.chance(15) ? 1 : 1 + Int(random.next() % UInt64(4 + round))
                return (0..<size).map { _ in random.next() % UInt64(keys) }.sorted()
            }
            let old = (0..<(1 + Int(random.next() % 40))).map { _ in bag() }
            var new = (0..<(1 + Int(random.next() % 40))).map { _ in bag() }
            // Some exact copies and equal sizes on both sides.
            for _ in 0..<3 where !old.isEmpty { new.append(old[Int(random.next() % UInt64(old.count))]) }
            let excludedPairs = Set((0..<5).map { _ in [Int(random.next() % UInt64(old.count)), Int(random.next() % UInt64(new.count))] })
            for threshold in Self.thresholds + [0, -1, 1.5] {
                let excluded: (Int, Int) -> Bool = { excludedPairs.contains([$0, $1]) }
                let expected = BigramCandidates.allPairs(old: old, new: new, threshold: threshold, excluded: excluded)
                let actual = BigramCandidates.pairs(old: old, new: new, threshold: threshold, excluded: excluded)
                XCTAssertEqual(Self.lines(actual.pairs), Self.lines(expected.pairs), "round \(round), threshold \(threshold)")
                XCTAssertLessThanOrEqual(actual.compared, expected.compared)
                if threshold == TextSimilarity.defaultThreshold {
                    scored += actual.compared
                    all += expected.compared
                }
            }
        }
        XCTAssertLessThan(scored, all / 2, "the filters leave most pairs unscored at the default threshold")
    }

    /// Catalogs of empty and one-character headings and texts (a one-character content is one
    /// "bigram" of itself; an empty heading and text still have the separator) and items of
    /// equal size: the same diff as the all-pairs pass at every threshold.
    func testTinyContentsPairAsAllPairs() {
        let texts: [String?] = [nil, "", "a", "情", "ab", "ba", "aa", "情報", "報情", "aaa"]
        let headings = ["", "a", "情"]
        var oldItems: [CatalogItem] = [], newItems: [CatalogItem] = []
        var k = 0
        for heading in headings {
            for text in texts {
                k += 1
                oldItems.append(CatalogItem(id: "o\(k)", number: "\(k)", heading: heading, text: text))
                // The new edition: the same contents under other ids, in another order, and a few edited.
                let edited = k % 4 == 0 ? (text ?? "") + "a" : text
                newItems.insert(CatalogItem(id: "n\(k)", number: "\(k)", heading: heading, text: edited), at: k % 2 == 0 ? 0 : newItems.count)
            }
        }
        func catalog(_ items: [CatalogItem]) -> Catalog {
            Catalog(id: "t", title: "t", shortTitle: "t", publisher: "t", version: "1", completeness: "test",
                    items: [CatalogItem(id: "1", number: "1", heading: "章", children: items)])
        }
        let old = catalog(oldItems), new = catalog(newItems)
        for threshold in Self.thresholds + [0, 1.5] {
            let label = "threshold \(threshold)"
            let oldIndex = CatalogIndex(old), newIndex = CatalogIndex(new)
            let expected = CatalogDiffScaleTests.referenceCandidates(old: oldIndex, new: newIndex, threshold: threshold)
            let actual = CatalogDiff.candidates(old: oldIndex, new: newIndex, threshold: threshold)
            XCTAssertEqual(CatalogDiffScaleTests.lines(actual.candidates), CatalogDiffScaleTests.lines(expected.candidates), label)
            let reference = CatalogDiff(old: old, new: new, threshold: threshold, candidates: CatalogDiffScaleTests.referenceCandidates)
            let indexed = CatalogDiff(old: old, new: new, threshold: threshold)
            XCTAssertEqual(CatalogDiffScaleTests.lines(indexed), CatalogDiffScaleTests.lines(reference), label)
        }
        // Not vacuous: at threshold 1 the items pair with copies of their contents under new ids.
        let diff = CatalogDiff(old: old, new: new, threshold: 1)
        let bySimilarity = diff.pairs.filter { $0.match == .similarity }
        XCTAssertGreaterThanOrEqual(bySimilarity.count, 20)
        XCTAssertTrue(bySimilarity.allSatisfy { $0.similarity == 1 && TextSimilarity.content(of: $0.old) == TextSimilarity.content(of: $0.new) })
    }

    static func lines(_ pairs: [(a: Int, b: Int, similarity: Double)]) -> [String] {
        pairs.map { "\($0.a)→\($0.b) \($0.similarity.bitPattern)" }.sorted()
    }
}
