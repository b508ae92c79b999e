import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

final class CheckTests: XCTestCase {
    /// The check fixture: 6 source items; 4 reviewed, 3 mapped; LV1 all reviewed and mapped.
    static func resolved() throws -> [ResolvedMapping] {
        let inputs = loadFixture("check/Catalogs")
        let mappings = loadFixture("check/Mappings").mappings
        let resolver = Resolver(catalogs: inputs.catalogs)
        return try mappings.map { mapping throws(DiagnosticError) in try resolver.resolve(mapping) }
    }

    func testNoThresholdsPasses() throws {
        let report = CheckReport(try Self.resolved(), thresholds: CheckThresholds())
        XCTAssertTrue(report.passed)
        XCTAssertEqual(report.mappings.first?.scope.items, 6)
        XCTAssertEqual(report.mappings.first?.unreviewed, ["2/2.2", "2/2.3"])
    }

    func testMinReviewedFailsAndPasses() throws {
        let failing = CheckReport(try Self.resolved(), thresholds: CheckThresholds(minReviewed: 0.95))
        XCTAssertFalse(failing.passed)
        XCTAssertEqual(failing.mappings[0].results.map(\.name), ["min-reviewed"])
        XCTAssertEqual(failing.mappings[0].results[0].actual!, 4.0 / 6.0, accuracy: 1e-9)
        XCTAssertTrue(CheckReport(try Self.resolved(), thresholds: CheckThresholds(minReviewed: 4.0 / 6.0)).passed, "exactly at the threshold passes")
    }

    func testMinMappedBoundary() throws {
        XCTAssertTrue(CheckReport(try Self.resolved(), thresholds: CheckThresholds(minMapped: 0.5)).passed)
        XCTAssertFalse(CheckReport(try Self.resolved(), thresholds: CheckThresholds(minMapped: 0.51)).passed)
    }

    func testLevelScope() throws {
        let lv1 = CheckReport(try Self.resolved(), thresholds: CheckThresholds(minReviewed: 1, minMapped: 1, level: .lv1))
        XCTAssertTrue(lv1.passed)
        XCTAssertEqual(lv1.mappings[0].scope.items, 3)
        XCTAssertEqual(lv1.mappings[0].unreviewed, [])
        let lv2 = CheckReport(try Self.resolved(), thresholds: CheckThresholds(minReviewed: 1, level: .lv2))
        XCTAssertFalse(lv2.passed)
        XCTAssertEqual(lv2.mappings[0].scope.items, 5, "LV1 and LV2 items")
        XCTAssertEqual(lv2.mappings[0].unreviewed, ["2/2.2"])
    }

    func testConfigFile() throws {
        let config = try CheckConfig.parse("# c\nmin-reviewed: 95%\nmin_mapped: '0.5'\nlevel: LV1\nmappings: M\n", file: "c.yaml")
        XCTAssertEqual(config.thresholds, CheckThresholds(minReviewed: 0.95, minMapped: 0.5, level: .lv1))
        XCTAssertEqual(config.mappings, "M")
    }

    func testConfigErrorsHaveLocations() {
        // `level: 4` is no longer refused here: a catalog may declare four levels (level-names);
        // it is refused, at this line, once the catalogs are read (LevelVocabularyTests).
        XCTAssertThrowsError(try CheckConfig.parse("min-reviewed: 1.5\nmin-mappd: 0.5\nlevel: 4\n", file: "c.yaml")) { error in
            let messages = (error as? DiagnosticError)?.diagnostics.map(\.description) ?? []
            XCTAssertEqual(messages.count, 2)
            XCTAssertTrue(messages[0].hasPrefix("c.yaml:1:1: error: min-reviewed"))
            XCTAssertTrue(messages.last?.contains("did you mean 'min-mapped'?") ?? false)
        }
    }

    func testRatioParsing() {
        XCTAssertEqual(CheckConfig.parseRatio("0.95"), 0.95)
        XCTAssertEqual(CheckConfig.parseRatio("95%"), 0.95)
        XCTAssertEqual(CheckConfig.parseRatio("1"), 1)
        XCTAssertNil(CheckConfig.parseRatio("95"))
        XCTAssertNil(CheckConfig.parseRatio("-0.1"))
        XCTAssertNil(CheckConfig.parseRatio("abc"))
    }
}
