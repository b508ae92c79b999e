import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

/// Issue 17: ranked suggestions (character 2–3-gram TF-IDF, cosine, inverted index, evidence
/// from existing links) and their measurement on held-out links of the shipped mappings.
final class SuggestionRankingTests: XCTestCase {
    func reference(_ item: String) -> ItemReference { ItemReference(catalog: "t", item: item) }

    func testRanksBySharedNGramsAndSaysWhichWordsMatched() {
        let ranker = CandidateRanker([
            CandidateRanker.Document(target: reference("a"), text: "パスワードの設定。推測されにくいパスワードにする。"),
            CandidateRanker.Document(target: reference("b"), text: "情報の持ち出し。社外へ持ち出す際の許可。"),
            CandidateRanker.Document(target: reference("c"), text: "廃棄。不要な記録媒体を廃棄する。"),
        ])
        let ranked = ranker.rank("推測されにくいパスワードを設定する", minimum: 0)
        XCTAssertEqual(ranked.map(\.target.item), ["a", "c"])
        XCTAssertGreaterThan(ranked[0].score, 0.3)
        XCTAssertEqual(ranked[0].matched.first, "推測されにくいパスワード")
        XCTAssertNil(ranked[0].via)
        // Only documents sharing an n-gram are scored: 'b' shares none, so it is never a candidate.
        XCTAssertFalse(ranked.contains { $0.target.item == "b" })
        // Excluded targets (links already made, rejected candidates) are never suggested.
        XCTAssertEqual(ranker.rank("推測されにくいパスワードを設定する", minimum: 0, excluding: [reference("a")]).map(\.target.item), ["c"])
        XCTAssertEqual(ranker.rank("まったく無関係な文", minimum: 0.05), [])
    }

    func testNGramsStayWithinRunsOfLettersAndFoldWidths() {
        XCTAssertEqual(CandidateRanker.ngrams("ＩＤ管理、鍵"), ["id", "d管", "管理", "id管", "d管理"])
    }

    /// The fixture's review rows: links and rejected candidates are never suggested again, and a
    /// suggestion carries its score and words.
    func testReviewRowsLeaveOutLinksAndRejectedCandidates() throws {
        let result = InputLoader().load([TestPaths.fixture("review/Catalogs"), TestPaths.fixture("review/Mappings")])
        XCTAssertEqual(result.diagnostics, [])
        let resolved = try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
        let rows = ReviewRows(resolved, suggestions: 5).rows
        let item12 = rows.filter { $0.item == "1.2" }
        XCTAssertEqual(item12.map(\.kind), [.item, .link, .candidate, .candidate])
        XCTAssertEqual(item12.compactMap { $0.target?.description }, ["review-target:1-2", "review-target:2-3", "review-target:1-1"])
        XCTAssertEqual(item12[2].status, .rejected)
        XCTAssertNil(item12[2].suggestion)
        let suggestion = try XCTUnwrap(rows.first { $0.item == "2.2" && $0.suggestion != nil }?.suggestion)
        XCTAssertEqual(suggestion.target.description, "review-target:2-2")
        XCTAssertEqual(suggestion.matched.first, "推測されにくいパスワードを設定")
        // 2.1 is like 1.2 in nothing; 1.1 is linked to 1-1, and the evidence of 1.1 makes 1-1 a
        // candidate of 1.2 through 1.1.
        let via = try XCTUnwrap(rows.first { $0.item == "1.2" && $0.target?.item == "1-1" }?.suggestion?.via)
        XCTAssertEqual(via.item, "1.1")
    }

    static let shipped: InputLoader.Result = InputLoader().load([
        TestPaths.root.appendingPathComponent("Catalogs").path, TestPaths.root.appendingPathComponent("Mappings").path,
    ])

    func measurement(_ id: String, seed: UInt64) throws -> SuggestionMeasurement {
        let mapping = try XCTUnwrap(Self.shipped.mappings.first { $0.id == id })
        return SuggestionMeasurement(try Resolver(catalogs: Self.shipped.catalogs).resolve(mapping), holdout: 0.3, seed: seed)
    }

    /// The numbers docs/review.md and BENCHMARKS.md publish (`totsugo review measure … --runs 10`).
    func testHeldOutLinksOfTheShippedMappings() throws {
        let first = try measurement("ipa-appendix5-iso27002", seed: 1)
        XCTAssertEqual(first.links, 70)
        XCTAssertEqual(first.scores.map(\.hidden), [16, 16, 16])
        XCTAssertEqual(first.scores.map { String(format: "%.3f", $0.recallAt5) }, ["0.688", "0.750", "0.500"])
        for (id, published) in [("ipa-appendix5-iso27002", ["0.480", "0.491", "0.401"]), ("jama-japia", ["0.869", "0.481", "0.499"])] {
            var recall = [0.0, 0.0, 0.0]
            for seed in UInt64(1)...10 {
                let scores = try measurement(id, seed: seed).scores
                for k in 0..<3 { recall[k] += scores[k].recallAt5 / 10 }
            }
            XCTAssertEqual(recall.map { String(format: "%.3f", $0) }, published, id)
            // TF-IDF with evidence finds more held-out links than the bigram Dice baseline.
            XCTAssertGreaterThan(recall[0], recall[2], id)
        }
    }

    /// The hidden links are chosen by the seed alone: the same seed hides the same links.
    func testHoldoutIsRepeatable() throws {
        XCTAssertEqual(try measurement("jama-japia", seed: 3).scores, try measurement("jama-japia", seed: 3).scores)
        XCTAssertNotEqual(try measurement("jama-japia", seed: 3).scores.map(\.hidden), try measurement("jama-japia", seed: 4).scores.map(\.hidden))
    }
}
