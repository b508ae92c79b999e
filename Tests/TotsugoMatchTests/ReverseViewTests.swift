import TotsugoCore
@testable import TotsugoMatch
import XCTest

/// The 逆引き view, made in one pass over the source items, is the view the per-target rule
/// gives: for each target catalog, each item in catalog order with every reviewed source item
/// whose `matches` in that catalog name it, in source order.
final class ReverseViewTests: XCTestCase {
    func testOnePassGivesThePerTargetView() throws {
        var mappings = [try WorkspaceFixture.resolved()]
        let resolver = Resolver(catalogs: ShippedMappingTests.loaded.catalogs)
        mappings += try ShippedMappingTests.loaded.mappings.map { try resolver.resolve($0) }
        for resolved in mappings {
            let view = ReverseView(resolved)
            XCTAssertEqual(view, Self.perTarget(resolved), resolved.mapping.id)
            XCTAssertFalse(view.lines.allSatisfy(\.citations.isEmpty), resolved.mapping.id)
        }
    }

    /// The rule written out target by target (the view's former implementation).
    static func perTarget(_ resolved: ResolvedMapping) -> ReverseView {
        var view = ReverseView(resolved)
        view.lines = []
        for target in resolved.targets {
            var cited: [String: [ReverseView.Citation]] = [:]
            for id in resolved.rowItemIDs {
                guard case .reviewed(let entry) = resolved.review(of: id) else { continue }
                for link in resolved.matches(entry, in: target) {
                    cited[link.target.item!, default: []].append(ReverseView.Citation(
                        sourceID: id, sourceLabel: resolved.source.pathLabel(id),
                        relationship: CrossReferenceTable.relationshipText(link)))
                }
            }
            for id in target.orderedIDs {
                view.lines.append(ReverseView.Line(targetID: target.catalog.id, targetTitle: target.catalog.shortTitle,
                                                   itemID: id, itemLabel: target.pathLabel(id), itemText: target.text(id) ?? "",
                                                   citations: cited[id] ?? []))
            }
        }
        return view
    }
}
