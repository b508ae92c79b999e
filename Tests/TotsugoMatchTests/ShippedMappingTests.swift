import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

/// Every shipped mapping resolves against the shipped catalogs, and the JAMA/JAPIA 突合表 has
/// no unreviewed row.
final class ShippedMappingTests: XCTestCase {
    static let loaded: InputLoader.Result = InputLoader().load([
        TestPaths.root.appendingPathComponent("Catalogs").path,
        TestPaths.root.appendingPathComponent("Mappings").path,
    ])

    func testEveryShippedMappingResolves() throws {
        XCTAssertTrue(Self.loaded.diagnostics.isEmpty, Self.loaded.diagnostics.map { "\($0)" }.joined(separator: "\n"))
        XCTAssertEqual(Self.loaded.mappings.count, 3)
        let resolver = Resolver(catalogs: Self.loaded.catalogs)
        for mapping in Self.loaded.mappings {
            do {
                _ = try resolver.resolve(mapping)
            } catch {
                XCTFail("\(mapping.id) does not resolve: \(error.diagnostics.map { "\($0)" }.joined(separator: "\n"))")
            }
        }
    }

    func testJAMATableHasNoUnreviewedRow() throws {
        let mapping = try XCTUnwrap(Self.loaded.mappings.first { $0.id == "jama-japia" })
        let resolved = try Resolver(catalogs: Self.loaded.catalogs).resolve(mapping)
        XCTAssertEqual(resolved.rowItemIDs.count, 94)
        for id in resolved.rowItemIDs {
            XCTAssertNotEqual(resolved.review(of: id), .unreviewed, "No.\(id) is unreviewed")
        }
    }

    func testNikkenrenSeedRowsResolveToTheSeedTargets() throws {
        let mapping = try XCTUnwrap(Self.loaded.mappings.first { $0.id == "nikkenren-2023" })
        let resolved = try Resolver(catalogs: Self.loaded.catalogs).resolve(mapping)
        let appendix3 = try XCTUnwrap(resolved.targets.first { $0.catalog.id == "ipa-3.1-appendix3" })
        let appendix5 = try XCTUnwrap(resolved.targets.first { $0.catalog.id == "ipa-3.1-appendix5" })
        guard case .reviewed(let intro) = resolved.review(of: "1"),
              case .reviewed(let information) = resolved.review(of: "2/(1)"),
              case .reviewed(let principles) = resolved.review(of: "2/(2)")
        else { return XCTFail("a seed row is unreviewed") }
        for target in resolved.targets { XCTAssertTrue(resolved.matches(intro, in: target).isEmpty) }
        XCTAssertEqual(resolved.matches(information, in: appendix5).map { $0.target.item }, ["3/1/1.1"])
        XCTAssertEqual(appendix5.items["3/1/1.1"]?.heading, "情報資産の特定と機密性の評価")
        XCTAssertEqual(resolved.matches(principles, in: appendix3).map { $0.target.item }, ["25"])
        for target in resolved.targets where target.catalog.id != "ipa-3.1-appendix5" {
            XCTAssertTrue(resolved.matches(information, in: target).isEmpty)
        }
        for target in resolved.targets where target.catalog.id != "ipa-3.1-appendix3" {
            XCTAssertTrue(resolved.matches(principles, in: target).isEmpty)
        }
    }

    func testAppendix5ISOMappingCoversEveryChapter() throws {
        let mapping = try XCTUnwrap(Self.loaded.mappings.first { $0.id == "ipa-appendix5-iso27002" })
        let resolved = try Resolver(catalogs: Self.loaded.catalogs).resolve(mapping)
        for id in (1...11).map(String.init) {
            guard case .reviewed(let entry) = resolved.review(of: id) else { XCTFail("chapter \(id) unreviewed"); continue }
            XCTAssertFalse(entry.links.isEmpty, "chapter \(id)")
        }
    }
}
