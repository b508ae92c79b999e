import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// `regulation` in-process on the regulation fixture: variant file names, determinism, and a
/// run with no mapping on the base (formerly RegulationCLITests).
final class RegulationPipelineTests: XCTestCase {
    func request(out: String, base: String? = "fixture-base", formats: [any OutputFormat<RegulationDocument>] = OutputFormats.regulation.formats,
                 variants: [RegulationOptions]? = nil) -> RegulationRequest {
        RegulationRequest(catalogs: TestPaths.fixture("regulation/Catalogs"), mappings: TestPaths.fixture("regulation/Mappings"), out: out,
                          formats: formats, variants: variants ?? [RegulationOptions(baseCatalog: base ?? RegulationOptions.defaultBase)])
    }

    func testWritesEveryFormatAndSplitPartWithVariantNames() throws {
        let out = TestPaths.temporaryFolder()
        let tags = ["management", "technical"]
        let variants = tags.map { tag in
            RegulationOptions(baseCatalog: "fixture-base", maxLevel: .lv1, part: .init(tag: tag, allTags: tags))
        }
        let log = DiagnosticLog()
        let result = try Pipeline.regulation(request(out: out, variants: variants), diagnostics: log)
        XCTAssertEqual(log.errors, [])
        XCTAssertEqual(result.skipped, [])
        let names = [
            "fixture-regulation.regulation.lv1.management.docx", "fixture-regulation.regulation.lv1.management.html",
            "fixture-regulation.regulation.lv1.management.md", "fixture-regulation.regulation.lv1.technical.docx",
            "fixture-regulation.regulation.lv1.technical.html", "fixture-regulation.regulation.lv1.technical.md",
        ]
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(), names)
        XCTAssertEqual(result.written.sorted(), names.map { out + "/" + $0 })
    }

    func testSameInputsSameBytes() throws {
        let a = TestPaths.temporaryFolder(), b = TestPaths.temporaryFolder()
        let docx = [OutputFormats.regulation.format(named: "docx")!]
        let dated = [RegulationOptions(baseCatalog: "fixture-base", date: "2024-06-01")]
        XCTAssertNil(failure { () throws(CommandFailure) in try Pipeline.regulation(request(out: a, formats: docx, variants: dated), diagnostics: DiagnosticLog()) })
        XCTAssertNil(failure { () throws(CommandFailure) in try Pipeline.regulation(request(out: b, formats: docx, variants: dated), diagnostics: DiagnosticLog()) })
        let name = "/fixture-regulation.regulation.docx"
        XCTAssertNotNil(FileManager.default.contents(atPath: a + name))
        XCTAssertEqual(FileManager.default.contents(atPath: a + name), FileManager.default.contents(atPath: b + name))
    }

    func testNoMappingOnTheBaseWritesNothing() throws {
        let out = TestPaths.temporaryFolder()
        let log = DiagnosticLog()
        let result = try Pipeline.regulation(request(out: out, base: nil), diagnostics: log)
        XCTAssertEqual(log.diagnostics, [])
        XCTAssertEqual(result.skipped, ["fixture-regulation"], "its targets do not include ipa-3.1-appendix5")
        XCTAssertEqual(result.written, [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), [])
    }
}
