import Foundation
import TestSupport
@testable import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

/// Issue 13, the CI gate and diagnostics: thresholds per scope, empty scopes, ids as written,
/// capped resolution errors.
final class TrustCheckTests: XCTestCase {
    /// Tests/Fixtures/check-scopes: any target 100% mapped, target A 75%, target B 25%.
    static func scoped() throws -> [ResolvedMapping] {
        let inputs = InputLoader().load([TestPaths.fixture("check-scopes/Catalogs"), TestPaths.fixture("check-scopes/Mappings")])
        XCTAssertEqual(inputs.diagnostics, [])
        let resolver = Resolver(catalogs: inputs.catalogs)
        return try inputs.mappings.map { mapping throws(DiagnosticError) in try resolver.resolve(mapping) }
    }

    /// The defect: a plain min-mapped was checked on "any target" only, so 95% passed while a
    /// target stood lower. Now a plain threshold holds for any target AND each target.
    func testPlainThresholdAppliesToEachTarget() throws {
        let report = CheckReport(try Self.scoped(), thresholds: CheckThresholds(minMapped: 0.7))
        XCTAssertFalse(report.passed)
        let results = report.mappings[0].results
        XCTAssertEqual(results.map(\.target), [nil, "scopes-a", "scopes-b"])
        XCTAssertEqual(results.map(\.passed), [true, true, false])
        XCTAssertEqual(results[2].actual!, 0.25, accuracy: 1e-9)
        XCTAssertEqual(results[2].scopeText, "target scopes-b (対策B)")
    }

    func testScopedRules() throws {
        let any = CheckThresholds(rules: [ThresholdRule(.mapped, 1, scope: ThresholdScope(target: .any))])
        let anyReport = CheckReport(try Self.scoped(), thresholds: any)
        XCTAssertTrue(anyReport.passed)
        XCTAssertEqual(anyReport.mappings[0].results.map(\.name), ["min-mapped[any]"])
        // Target A at LV1: 2 of 2; target B at LV1: 0 of 2.
        let lv1A = CheckThresholds(rules: [ThresholdRule(.mapped, 1, scope: ThresholdScope(target: .catalog("scopes-a"), level: .lv1))])
        XCTAssertTrue(CheckReport(try Self.scoped(), thresholds: lv1A).passed)
        let lv1 = CheckReport(try Self.scoped(), thresholds: CheckThresholds(rules: [ThresholdRule(.mapped, 0.5, scope: ThresholdScope(level: .lv1))]))
        XCTAssertEqual(lv1.mappings[0].results.map(\.passed), [true, true, false])
        XCTAssertEqual(lv1.mappings[0].results.map(\.items), [2, 2, 2])
        XCTAssertEqual(lv1.mappings[0].results[2].scopeText, "target scopes-b (対策B), LV1")
        // A rule for a catalog no mapping targets checks nothing: the report fails.
        let typo = CheckReport(try Self.scoped(), thresholds: CheckThresholds(rules: [ThresholdRule(.mapped, 0.1, scope: ThresholdScope(target: .catalog("scopes-c")))]))
        XCTAssertEqual(typo.unusedRules.map(\.name), ["min-mapped[scopes-c]"])
        XCTAssertFalse(typo.passed)
    }

    /// The defect: `--level 1` on a catalog without levels passed with "n/a (0 items)".
    func testEmptyScopeFails() throws {
        let report = CheckReport(try Self.scoped(), thresholds: CheckThresholds(rules: [ThresholdRule(.reviewed, 0.5, scope: ThresholdScope(target: .any, level: .lv3))]))
        XCTAssertFalse(report.passed)
        let result = report.mappings[0].results[0]
        XCTAssertNil(result.actual)
        XCTAssertEqual(result.items, 0)
        XCTAssertEqual(report.emptyReason(result), "the source catalog has no LV3 item")
        // Outside --level.
        let outside = CheckReport(try Self.scoped(), thresholds: CheckThresholds(level: .lv1, rules: [ThresholdRule(.reviewed, 0.5, scope: ThresholdScope(target: .any, level: .lv2))]))
        XCTAssertEqual(outside.emptyReason(outside.mappings[0].results[0]), "LV2 is outside the --level 1 scope")
        XCTAssertFalse(outside.passed)
        // No mapping at all, with a threshold set: nothing checked is a failure.
        XCTAssertFalse(CheckReport([], thresholds: CheckThresholds(minReviewed: 0.5)).passed)
        XCTAssertTrue(CheckReport([], thresholds: CheckThresholds()).passed, "no thresholds: only a report")
    }

    func testConfigScopedKeys() throws {
        let config = try CheckConfig.parse("min-mapped: 80%\nmin-mapped[any]: 95%\nmin_mapped[ scopes-a , LV1 ]: 0.5\nmin-reviewed[LV2]: 1\n", file: "c.yaml")
        XCTAssertEqual(config.thresholds.rules.map(\.name), ["min-reviewed[LV2]", "min-mapped", "min-mapped[any]", "min-mapped[scopes-a,LV1]"])
        XCTAssertEqual(config.thresholds.minMapped, 0.8, "the plain key still works")
        XCTAssertEqual(config.thresholds.rules.first { $0.name == "min-mapped[any]" }?.origin?.line, 2)
        XCTAssertThrowsError(try CheckConfig.parse("min-mapped[any]: 1\nmin-mapped[ANY]: 0.5\nlevel[any]: 1\nmin-mapped[LV1,LV2]: 1\n", file: "c.yaml")) { error in
            let messages = (error as? DiagnosticError)?.diagnostics.map(\.description) ?? []
            XCTAssertEqual(messages, [
                "c.yaml:2:1: error: min-mapped[any] is set twice (also at line 1)",
                "c.yaml:3:1: error: only min-reviewed, min-mapped and min-confirmed take a scope, not 'level[any]'",
                "c.yaml:4:1: error: two levels in threshold scope 'lv1,lv2'",
            ])
        }
    }

    /// The defect: 1e6 unknown items printed 1,000,003 lines. Now 200, then one line.
    func testResolutionErrorsAreCapped() throws {
        let inputs = InputLoader().load([TestPaths.fixture("check-scopes/Catalogs")])
        var mapping = Mapping(id: "many", source: "scopes-source", targets: ["scopes-a"], location: SourceLocation(file: "many.yaml"))
        mapping.entries = (0..<1000).map { MappingEntry(item: "x\($0)", location: SourceLocation(file: "many.yaml", line: $0 + 2)) }
        XCTAssertThrowsError(try Resolver(catalogs: inputs.catalogs).resolve(mapping)) { error in
            let diagnostics = (error as? DiagnosticError)?.diagnostics ?? []
            XCTAssertEqual(diagnostics.count, 201)
            XCTAssertEqual(diagnostics.last?.description, "many.yaml:1:1: error: too many errors (200 shown); 800 more in this mapping not shown")
        }
    }

    /// The defect: ids were quoted normalised ('98,102', '9(lv1)').
    func testIdsQuotedAsWritten() throws {
        let inputs = InputLoader().load([TestPaths.fixture("check-scopes/Catalogs")])
        let entry = MappingEntry(item: Normalization.key("９８，１０２"), writtenItem: "９８，１０２",
                                 links: [MappingLink(target: ItemReference(parsing: "scopes-a:9（LV1）")!, relationship: .equal)],
                                 location: SourceLocation(file: "m.yaml", line: 9))
        let mapping = Mapping(id: "m", source: "scopes-source", targets: ["scopes-a"], entries: [entry], location: SourceLocation(file: "m.yaml"))
        XCTAssertThrowsError(try Resolver(catalogs: inputs.catalogs).resolve(mapping)) { error in
            let messages = (error as? DiagnosticError)?.diagnostics.map(\.message) ?? []
            XCTAssertEqual(messages.count, 2)
            XCTAssertTrue(messages[0].hasPrefix("unknown item '９８，１０２' (read as '98,102') in catalog 'scopes-source'"), messages[0])
            XCTAssertTrue(messages[1].hasPrefix("unknown item '9（LV1）' (read as '9(lv1)') in catalog 'scopes-a'"), messages[1])
        }
        // Written as the key: no "read as".
        XCTAssertEqual(ItemReference(parsing: "a:1")!.quotedItem, "'1'")
        XCTAssertEqual(ItemReference(parsing: "a:1"), ItemReference(catalog: "a", item: "1"), "the spelling is not part of equality")
    }

    /// The defect: a target catalog that failed to parse gave only "not among the loaded
    /// catalogs", and nothing else of the mapping was checked until it was fixed.
    func testMissingTargetSaidOnceAndTheRestStillChecked() throws {
        let inputs = InputLoader().load([TestPaths.fixture("check-scopes/Catalogs")])
        let entries = [
            MappingEntry(item: "1", links: [MappingLink(target: ItemReference(catalog: "broken", item: "1"), relationship: .equal)], location: SourceLocation(file: "m.yaml", line: 5)),
            MappingEntry(item: "1", links: [MappingLink(target: ItemReference(catalog: "broken", item: "2"), relationship: .equal)], location: SourceLocation(file: "m.yaml", line: 8)),
            MappingEntry(item: "2", links: [MappingLink(target: ItemReference(catalog: "scopes-a", item: "99"), relationship: .equal)], location: SourceLocation(file: "m.yaml", line: 11)),
        ]
        let mapping = Mapping(id: "m", source: "scopes-source", targets: ["broken", "scopes-a"], entries: entries, location: SourceLocation(file: "m.yaml"))
        let resolver = Resolver(indexes: inputs.catalogs.map(CatalogIndex.init), unavailableFiles: ["Catalogs/broken.xml"])
        XCTAssertThrowsError(try resolver.resolve(mapping)) { error in
            let messages = (error as? DiagnosticError)?.diagnostics.map(\.description) ?? []
            XCTAssertEqual(messages.count, 3, messages.joined(separator: "\n"))
            XCTAssertEqual(messages.first, "m.yaml:1:1: error: target catalog 'broken' is not among the loaded catalogs; 1 catalog file(s) failed to parse (Catalogs/broken.xml): if it is one of them, fix it first; references to it are not checked until it loads")
            XCTAssertEqual(messages.dropFirst().first, "m.yaml:8:1: error: second entry for item '1' (first at m.yaml:5:1)")
            XCTAssertTrue(messages.last?.hasPrefix("m.yaml:11:1: error: unknown item '99' in catalog 'scopes-a'") ?? false)
        }
    }

    /// The defect: schema errors stopped at 50 without saying so.
    func testSchemaErrorsSayTooMany() throws {
        let sample = try String(contentsOfFile: TestPaths.fixture("catalogs/sample.xml"), encoding: .utf8)
        var xml = String(sample[..<sample.range(of: "<item")!.lowerBound])
        for k in 0..<80 { xml += "<item number=\"\(k)\" bogus=\"x\"><heading>h</heading></item>\n" }
        xml += "</catalog>\n"
        let folder = TestPaths.temporaryFolder()
        let path = folder + "/many-schema-errors.xml"
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        let result = InputLoader().load([path])
        XCTAssertEqual(result.catalogs.count, 0)
        XCTAssertEqual(result.diagnostics.count, 51)
        XCTAssertTrue(result.diagnostics.last?.message == "too many errors (50 shown); 30 more not shown",
                      result.diagnostics.suffix(2).map(\.description).joined(separator: "\n"))
    }

    /// The defect: `# 1-1-1-2 |` (no space after `|`) was "neither a number nor an id" with no
    /// word on why the number written was not read.
    func testHeadingWithoutSpaceAfterBarSaysWhy() throws {
        let folder = TestPaths.temporaryFolder()
        try "---\nid: t\ntitle: T\nshort-title: T\npublisher: p\nversion: 1\nlevels: a\ncompleteness: c\nsource: s\n---\n\n# 1-1-1-2 |\n"
            .write(toFile: folder + "/bar.txt", atomically: true, encoding: .utf8)
        let message = InputLoader().load([folder + "/bar.txt"]).diagnostics.first?.message ?? ""
        XCTAssertTrue(message.contains("no number was read (structured text: `# NUMBER | heading`, with a space on both sides of `|`"), message)
    }
}
