import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// `regulation` end to end for the document a company adopts: the minimum edition as a
/// declared set, split parts with different chapters, byte-identical .docx with comments, and
/// the shipped data (no provisions) with one provision per shared 反映案.
final class RegulationAdoptTests: XCTestCase {
    func request(out: String, _ options: RegulationOptions, formats: [String] = ["docx", "md"]) -> RegulationRequest {
        RegulationRequest(catalogs: TestPaths.fixture("regulation-adopt/Catalogs"), mappings: TestPaths.fixture("regulation-adopt/Mappings"),
                          out: out, formats: formats.compactMap { OutputFormats.regulation.format(named: $0) }, variants: [options])
    }

    /// The defect: `--minimum` with no item tagged `minimum` wrote an empty document, exit 0.
    func testMinimumWithoutADeclaredSetFailsAndWritesNothing() throws {
        let out = TestPaths.temporaryFolder()
        let log = DiagnosticLog()
        let failed = failure { () throws(CommandFailure) in
            try Pipeline.regulation(request(out: out, RegulationOptions(baseCatalog: AdoptFixture.baseID, minimum: true)), diagnostics: log)
        }
        XCTAssertEqual(failed, .badInput)
        XCTAssertEqual(log.errors.count, 1)
        let error = try XCTUnwrap(log.errors.first)
        XCTAssertTrue(error.message.hasPrefix("--minimum: no reviewed item of 'adopt-industry' (mapping 'adopt') is tagged 'minimum'"), error.message)
        XCTAssertEqual((error.location.file as NSString).lastPathComponent, "adopt-industry.txt")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), [])
    }

    func testMinimumWithADeclaredSetStillWrites() throws {
        let out = TestPaths.temporaryFolder()
        let request = RegulationRequest(catalogs: TestPaths.fixture("regulation/Catalogs"), mappings: TestPaths.fixture("regulation/Mappings"), out: out,
                                        formats: [OutputFormats.regulation.format(named: "md")!],
                                        variants: [RegulationOptions(baseCatalog: "fixture-base", minimum: true)])
        let log = DiagnosticLog()
        XCTAssertEqual(try Pipeline.regulation(request, diagnostics: log).written.map { ($0 as NSString).lastPathComponent },
                       ["fixture-regulation.regulation.minimum.md"])
        XCTAssertEqual(log.errors, [])
    }

    func testSplitPartsHaveDifferentChapters() throws {
        let out = TestPaths.temporaryFolder()
        let tags = ["management", "technical"]
        for tag in tags {
            var options = RegulationOptions(baseCatalog: AdoptFixture.baseID, part: .init(tag: tag, allTags: tags))
            options.annotationStyle = .comments
            XCTAssertNil(failure { () throws(CommandFailure) in try Pipeline.regulation(request(out: out, options, formats: ["md"]), diagnostics: DiagnosticLog()) })
        }
        func chapters(_ tag: String) throws -> [String] {
            try String(contentsOfFile: out + "/adopt.regulation.\(tag).md", encoding: .utf8)
                .split(separator: "\n").filter { $0.hasPrefix("## 第") }.map(String.init)
        }
        XCTAssertEqual(try chapters("management"), ["## 第1章 組織"])
        XCTAssertEqual(try chapters("technical"), ["## 第2章 技術"])
    }

    /// 日建連 2023 has no management/technical tags: both parts were the full edition, silently.
    func testSplitOfAnUntaggedCatalogWarns() throws {
        let out = TestPaths.temporaryFolder()
        let tags = ["management", "technical"]
        let request = RegulationRequest(catalogs: TestPaths.root.appendingPathComponent("Catalogs").path,
                                        mappings: TestPaths.root.appendingPathComponent("Mappings").path, out: out,
                                        formats: [OutputFormats.regulation.format(named: "md")!],
                                        variants: tags.map { RegulationOptions(part: .init(tag: $0, allTags: tags), date: "2026-11-30") })
        let log = DiagnosticLog()
        _ = try Pipeline.regulation(request, diagnostics: log)
        XCTAssertEqual(log.errors, [])
        let warnings = log.diagnostics.filter { $0.message.hasPrefix("--split") }
        XCTAssertEqual(warnings.map { ($0.location.file as NSString).lastPathComponent }, ["nikkenren-2023.txt"])
        XCTAssertTrue(warnings[0].message.contains("no item of 'nikkenren-2023' carries any of these tags"))
        // The adopt fixture is tagged: no warning.
        let tagged = DiagnosticLog()
        var options = RegulationOptions(baseCatalog: AdoptFixture.baseID, part: .init(tag: "management", allTags: tags))
        options.date = "2025-01-15"
        _ = try Pipeline.regulation(self.request(out: TestPaths.temporaryFolder(), options, formats: ["md"]), diagnostics: tagged)
        XCTAssertEqual(tagged.diagnostics, [])
    }

    func testDocxWithCommentsIsByteIdenticalAcrossRuns() throws {
        let a = TestPaths.temporaryFolder(), b = TestPaths.temporaryFolder()
        let options = RegulationOptions(baseCatalog: AdoptFixture.baseID, date: "2025-01-15")
        XCTAssertNil(failure { () throws(CommandFailure) in try Pipeline.regulation(request(out: a, options, formats: ["docx"]), diagnostics: DiagnosticLog()) })
        XCTAssertNil(failure { () throws(CommandFailure) in try Pipeline.regulation(request(out: b, options, formats: ["docx"]), diagnostics: DiagnosticLog()) })
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: a + "/adopt.regulation.docx"))
        XCTAssertEqual(bytes, FileManager.default.contents(atPath: b + "/adopt.regulation.docx"))
    }

    /// The shipped catalogs have no provisions: the document is headings and our summaries,
    /// and items with the same 反映案 (自工会/部工会 No.1/2/3) are one provision.
    func testShippedDataOneProvisionPerShared反映案() throws {
        let out = TestPaths.temporaryFolder()
        let request = RegulationRequest(catalogs: TestPaths.root.appendingPathComponent("Catalogs").path,
                                        mappings: TestPaths.root.appendingPathComponent("Mappings").path, out: out,
                                        formats: [OutputFormats.regulation.format(named: "md")!],
                                        variants: [RegulationOptions(date: "2026-11-30")])
        let log = DiagnosticLog()
        _ = try Pipeline.regulation(request, diagnostics: log)
        XCTAssertEqual(log.errors, [])
        let markdown = try String(contentsOfFile: out + "/jama-japia.regulation.md", encoding: .utf8)
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("#") && $0.contains("【業界独自の項目】") }
        XCTAssertEqual(headings.filter { $0.contains("セキュリティ対応方針の策定") }.count, 1)
        XCTAssertTrue(headings.contains { $0.contains("〔自工会/部工会 No.1 (LV1)〕〔自工会/部工会 No.2 (LV1)〕〔自工会/部工会 No.3 (LV1)〕") })
        XCTAssertFalse(markdown.contains("<mark>"), "no provisions, no placeholders")
    }
}
