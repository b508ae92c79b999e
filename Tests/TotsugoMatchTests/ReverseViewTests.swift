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

    /// A heading whose sub-items are cited is no gap: it counts their citations and is left out
    /// of `uncited`; a heading with nothing cited below it stays a gap.
    func testHeadingCitedThroughSubItemsIsNoGap() throws {
        let resolver = Resolver(catalogs: ShippedMappingTests.loaded.catalogs)
        let mapping = try XCTUnwrap(ShippedMappingTests.loaded.mappings.first { $0.id == "jama-japia" })
        let view = ReverseView(try resolver.resolve(mapping))
        let headings = view.lines.filter { $0.citations.isEmpty && $0.citationsBelow > 0 }
        XCTAssertFalse(headings.isEmpty)
        for heading in headings {
            XCTAssertFalse(heading.isGap)
            XCTAssertFalse(view.uncited.contains(heading), heading.itemLabel)
            let sub = view.lines.filter { $0.targetID == heading.targetID && $0.itemLabel.hasPrefix(heading.itemLabel + "/") }
            XCTAssertEqual(heading.citationsBelow, sub.reduce(0) { $0 + $1.citations.count }, heading.itemLabel)
        }
        for line in view.uncited {
            XCTAssertTrue(line.citations.isEmpty && line.citationsBelow == 0, line.itemLabel)
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
                // Citations of items whose path (ancestors and itself) runs through this one.
                let below = target.orderedIDs.filter { other in
                    other != id && (target.paths[other] ?? []).dropLast().contains { $0.id == id }
                }.reduce(0) { $0 + (cited[$1]?.count ?? 0) }
                view.lines.append(ReverseView.Line(targetID: target.catalog.id, targetTitle: target.catalog.shortTitle,
                                                   itemID: id, itemLabel: target.pathLabel(id), itemText: target.text(id) ?? "",
                                                   citations: cited[id] ?? [], citationsBelow: below))
            }
        }
        return view
    }
}
