import TestSupport
import TotsugoCore
@testable import TotsugoMatch
import XCTest

/// The relationship composition table (docs/chains.md), every cell.
final class ChainCompositionTests: XCTestCase {
    private typealias R = Relationship

    /// Row = first link, column = second link; nil = no derived link; "?" = possibly (the ends may share nothing).
    private let table: [(R, [(R, String?)])] = [
        (.equal, [(.equal, "equal"), (.equivalentTo, "equivalent-to"), (.subsetOf, "subset-of"), (.supersetOf, "superset-of"),
                  (.intersectsWith, "intersects-with"), (.noRelationship, nil)]),
        (.equivalentTo, [(.equal, "equivalent-to"), (.equivalentTo, "equivalent-to"), (.subsetOf, "subset-of"), (.supersetOf, "superset-of"),
                         (.intersectsWith, "intersects-with"), (.noRelationship, nil)]),
        (.subsetOf, [(.equal, "subset-of"), (.equivalentTo, "subset-of"), (.subsetOf, "subset-of"), (.supersetOf, "intersects-with?"),
                     (.intersectsWith, "intersects-with?"), (.noRelationship, nil)]),
        (.supersetOf, [(.equal, "superset-of"), (.equivalentTo, "superset-of"), (.subsetOf, "intersects-with"), (.supersetOf, "superset-of"),
                       (.intersectsWith, "intersects-with"), (.noRelationship, nil)]),
        (.intersectsWith, [(.equal, "intersects-with"), (.equivalentTo, "intersects-with"), (.subsetOf, "intersects-with"),
                           (.supersetOf, "intersects-with?"), (.intersectsWith, "intersects-with?"), (.noRelationship, nil)]),
        (.noRelationship, [(.equal, nil), (.equivalentTo, nil), (.subsetOf, nil), (.supersetOf, nil), (.intersectsWith, nil), (.noRelationship, nil)]),
    ]

    private func written(_ composed: ComposedRelationship?) -> String? {
        composed.map { $0.relationship.rawValue + ($0.certain ? "" : "?") }
    }

    func testEveryCellOfTheCompositionTable() {
        var cells = 0
        for (first, row) in table {
            XCTAssertEqual(row.map(\.0), R.allCases, "row \(first) lists every second relationship once")
            for (second, expected) in row {
                XCTAssertEqual(written(ComposedRelationship.compose(first, second)), expected, "\(first.rawValue) ∘ \(second.rawValue)")
                cells += 1
            }
        }
        XCTAssertEqual(table.map(\.0), R.allCases)
        XCTAssertEqual(cells, 36)
    }

    /// The table published in docs/chains.md says the same as the code, cell by cell.
    func testPublishedTableMatchesTheCode() throws {
        let docs = try String(contentsOfFile: TestPaths.root.appendingPathComponent("docs/chains.md").path, encoding: .utf8)
        let rows = docs.split(separator: "\n").filter { $0.hasPrefix("| `") }
        var seen = 0
        for line in rows {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = R(rawValue: cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))) else { continue }
            for (k, second) in R.allCases.enumerated() {
                let expected = written(ComposedRelationship.compose(first, second)) ?? "—"
                XCTAssertEqual(cells[k + 1].replacingOccurrences(of: "`", with: ""), expected, "docs cell \(first.rawValue) ∘ \(second.rawValue)")
                seen += 1
            }
        }
        XCTAssertEqual(seen, 36, "docs/chains.md holds the whole table")
    }

    /// Nothing composed claims more than either link: never a full-coverage relationship
    /// unless both links give one, and through intersects-with at most intersects-with.
    func testNoCellIsStrongerThanItsLinks() {
        for first in R.allCases {
            for second in R.allCases {
                guard let composed = ComposedRelationship.compose(first, second) else { continue }
                if first == .intersectsWith || second == .intersectsWith {
                    XCTAssertEqual(composed.relationship, .intersectsWith, "\(first) ∘ \(second)")
                }
                if composed.relationship.coversTargetFully {
                    XCTAssertTrue(first.coversTargetFully && second.coversTargetFully, "\(first) ∘ \(second)")
                }
            }
        }
    }

    func testPathsComposeLeftToRightAndKeepUncertainty() {
        XCTAssertEqual(written(ComposedRelationship.compose([.equal, .subsetOf, .subsetOf])), "subset-of")
        XCTAssertEqual(written(ComposedRelationship.compose([.subsetOf, .intersectsWith, .equal])), "intersects-with?")
        // Once uncertain, always uncertain, even where the next step alone would be certain.
        XCTAssertEqual(written(ComposedRelationship.compose([.subsetOf, .supersetOf, .subsetOf])), "intersects-with?")
        XCTAssertNil(ComposedRelationship.compose([.equal, .noRelationship, .equal]))
        XCTAssertNil(ComposedRelationship.compose([.noRelationship]))
        XCTAssertNil(ComposedRelationship.compose([]))
    }

    func testWeakestLinkStrength() {
        XCTAssertEqual(ComposedRelationship.strength([6, 3, 9]), 3)
        XCTAssertEqual(ComposedRelationship.strength([10, 10]), 10)
        XCTAssertNil(ComposedRelationship.strength([6, nil]), "an unknown strength is not a strong one")
        XCTAssertEqual(RelationshipWords.derived(ComposedRelationship(.intersectsWith, certain: false), strength: 3), "一部重複の可能性（強度 3/10）")
        XCTAssertEqual(RelationshipWords.derived(ComposedRelationship(.subsetOf), strength: nil), "一部に相当")
    }
}
