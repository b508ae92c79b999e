import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
@testable import TotsugoMatch
import XCTest

/// A 反映先 (placement) in the old catalog whose item changed in the new one: the entry goes back
/// to re-review, as it does for a changed link target (a review of the batch found it was
/// carried silently).
final class CarryPlacementTests: XCTestCase {
    func testAChangedPlacementIsReReviewed() throws {
        func shipped(_ name: String) -> Catalog {
            InputLoader().load([TestPaths.root.appendingPathComponent("Catalogs/\(name)").path]).catalogs[0]
        }
        let diff = CatalogDiff(old: shipped("nikkenren-2019.txt"), new: shipped("nikkenren-2023.txt"))
        var old = loadFixture("carry/jama-to-nikkenren-2019.yaml").mappings[0]
        // Item 1 of 日建連 changed its text between the editions (testCarriesTheNikkenren2019MappingTo2023).
        old.entries[1].placement = ItemReference(catalog: "nikkenren-2019", item: "1")
        let carry = MappingCarry(old, diff: diff)
        XCTAssertEqual(carry.entries[1].entry.placement?.description, "nikkenren-2023:1")
        XCTAssertEqual(carry.entries[1].reReview, ["反映先 1 は日建連 2023で本文が変わった"])
        XCTAssertTrue(carry.events.contains { $0.kind == .reReview && $0.detail.contains("反映先 1") }, "\(carry.events.map(\.detail))")
    }
}
