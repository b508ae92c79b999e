import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// The regulation benchmark's workspace (Benchmarks/generate_regulation.py, issue 19) at a small
/// size: it is deterministic, it reads without a diagnostic, and the document made from it holds
/// every provision generated and every section of the base (the progress counts say so).
final class RegulationScaleTests: XCTestCase {
    static let python = "/usr/bin/python3"

    func generate(_ provisions: Int) throws -> String {
        let folder = TestPaths.temporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [TestPaths.root.appendingPathComponent("Benchmarks/generate_regulation.py").path, folder, String(provisions)]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return folder
    }

    func testGeneratedWorkspaceIsDeterministicAndEveryProvisionReachesTheDocument() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else { throw XCTSkip("python3 not installed") }
        let folder = try generate(400)
        let again = try generate(400)
        for file in ["Catalogs/bench-base.txt", "Catalogs/bench-industry.txt", "Mappings/bench-regulation.yaml", "regulation.args"] {
            XCTAssertEqual(FileManager.default.contents(atPath: folder + "/" + file), FileManager.default.contents(atPath: again + "/" + file), file)
        }
        let arguments = try String(contentsOfFile: folder + "/regulation.args", encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(arguments, ["--base", "bench-base"])

        let inputs = InputLoader().load([folder + "/Catalogs", folder + "/Mappings"])
        XCTAssertEqual(inputs.diagnostics.map(\.description), [])
        let base = try XCTUnwrap(inputs.catalogs.first { $0.id == "bench-base" })
        let industry = try XCTUnwrap(inputs.catalogs.first { $0.id == "bench-industry" })
        XCTAssertEqual(base.allItems.reduce(0) { $0 + $1.provisions.count }, 400)
        XCTAssertEqual(industry.allItems.count, 40)
        let blocks = base.allItems.flatMap(\.provisions)
        XCTAssertTrue(blocks.contains { if case .table = $0 { true } else { false } }, "some tables")
        XCTAssertGreaterThan(inputs.mappings.first?.entries.filter { $0.links.isEmpty && $0.proposal != nil }.count ?? 0, 0, "industry-only items")

        let log = DiagnosticLog()
        let out = folder + "/Output"
        let result = try Pipeline.regulation(RegulationRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings", out: out,
                                                               variants: [RegulationOptions(baseCatalog: "bench-base")]), diagnostics: log)
        XCTAssertEqual(log.errors, [])
        XCTAssertEqual(result.written.count, 3)
        let counts: [ProgressStep.Count] = [.init(base.allItems.count, "section"), .init(400, "provision")]
        XCTAssertEqual(log.progressSteps.filter { $0.phase == "document" }, [ProgressStep("document", "bench-regulation.regulation", counts: counts)])
        XCTAssertEqual(log.progressSteps.filter { $0.phase == "wrote" }.map(\.counts), [counts, counts, counts])
        let markdown = try String(contentsOfFile: out + "/bench-regulation.regulation.md", encoding: .utf8)
        XCTAssertTrue(markdown.contains("<mark>○○</mark>"), "placeholders highlighted")
        XCTAssertTrue(markdown.contains("| 役職名 | 役割と責任 |"), "tables")
    }
}
