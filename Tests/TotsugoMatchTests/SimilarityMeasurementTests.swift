import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

/// How `TextSimilarity.defaultThreshold` was tuned (docs/check-and-diff.md). Runs only with
/// TOTSUGO_MEASURE_SIMILARITY=1, over the shipped Catalogs/ (not a fixture), and prints:
/// - unrelated pairs: for every item, its highest score against another item of the same
///   catalog (two different items must stay below the threshold);
/// - edited pairs: every item against a revised copy of itself (typical revision edits must
///   stay at or above it).
final class SimilarityMeasurementTests: XCTestCase {
    func testMeasure() throws {
        guard ProcessInfo.processInfo.environment["TOTSUGO_MEASURE_SIMILARITY"] == "1" else {
            throw XCTSkip("set TOTSUGO_MEASURE_SIMILARITY=1 to measure")
        }
        let catalogs = InputLoader().load([TestPaths.root.appendingPathComponent("Catalogs").path]).catalogs
        var unrelated: [(Double, String)] = []
        var edited: [String: [Double]] = [:]
        for catalog in catalogs {
            let items = catalog.allItems
            for (i, a) in items.enumerated() {
                var best = (0.0, "")
                // Items with identical content (JAMA/JAPIA topic-only headings) cannot be told
                // apart by any threshold; the same-id bonus pairs those. Left out here.
                for (j, b) in items.enumerated() where i != j && TextSimilarity.content(of: a) != TextSimilarity.content(of: b) {
                    let score = TextSimilarity.score(a, b)
                    if score > best.0 { best = (score, "\(catalog.id): \(a.label) ~ \(b.label)") }
                }
                unrelated.append(best)
                let text = a.text ?? ""
                var edits: [String: CatalogItem] = [:]
                var e = a; e.text = text + "（年1回以上）"; edits["append a clause"] = e
                e = a; e.heading = a.heading + "の実施"; edits["extend heading"] = e
                e = a; e.text = String(text.prefix(text.count * 2 / 3)); edits["drop last third of text"] = e
                e = a; e.text = String(text.enumerated().map { $0.offset % 10 == 5 ? "＊" : $0.element }); edits["replace every 10th char"] = e
                e = a; e.heading = "（削除）" + a.heading; e.text = text.isEmpty ? "見直した。" : text + "なお、詳細は別紙による。"; edits["heading prefix + sentence"] = e
                for (name, copy) in edits { edited[name, default: []].append(TextSimilarity.score(a, copy)) }
            }
        }
        unrelated.sort { $0.0 > $1.0 }
        print("items: \(unrelated.count) in \(catalogs.count) catalogs")
        print("highest score between two different items of one catalog (top 12):")
        for (score, what) in unrelated.prefix(12) { print(String(format: "  %.3f  %@", score, what)) }
        for threshold in [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8] {
            let falsePairs = unrelated.filter { $0.0 >= threshold }.count
            let missed = edited.values.flatMap { $0 }.filter { $0 < threshold }.count
            let total = edited.values.map(\.count).reduce(0, +)
            print(String(format: "threshold %.2f: %d items have a different item at/above it; %d of %d edited copies fall below it", threshold, falsePairs, missed, total))
        }
        for (name, scores) in edited.sorted(by: { $0.key < $1.key }) {
            let sorted = scores.sorted()
            print(String(format: "edit %@: min %.3f, 5th pct %.3f, median %.3f", name, sorted[0], sorted[sorted.count / 20], sorted[sorted.count / 2]))
        }
    }
}
