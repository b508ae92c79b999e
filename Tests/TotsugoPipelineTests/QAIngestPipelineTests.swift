import Foundation
import TestSupport
import TotsugoCore
import TotsugoPipeline
import XCTest

/// Issue 13 QA pass: one mapping error no longer hides the mapping's unknown items and references.
final class QAIngestPipelineTests: XCTestCase {
    private func workspace(mapping: String) throws -> String {
        let folder = TestPaths.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestPaths.fixture("workspace/Catalogs"), toPath: folder + "/Catalogs")
        try FileManager.default.createDirectory(atPath: folder + "/Mappings", withIntermediateDirectories: true)
        try mapping.write(toFile: folder + "/Mappings/qa.yaml", atomically: false, encoding: .utf8)
        return folder
    }

    private func validate(_ folder: String) -> [Diagnostic] {
        let log = DiagnosticLog()
        _ = try? Workspace.load([folder + "/Catalogs", folder + "/Mappings"], diagnostics: log)
        return log.diagnostics
    }

    static let head = "mapping:\n  id: qa\n  source: industry\n  targets: [target]\nentries:\n"
    static let unknown = "  - item: nope\n    targets:\n      - ref: target:nowhere\n        relationship: equal\n"

    func testUnknownIdsAreReportedWithAnEntryError() throws {
        let bad = [
            ("  - item: \"1\"\n    targets:\n      - ref: target:3/1\n        relationship: equals\n", "unknown relationship 'equals'"),
            ("  - item: \"1\"\n    targets:\n      - ref: target:3/1\n        relationship: equal\n        strength: 11\n", "strength must be"),
            ("  - item: \"1\"\n    tragets:\n      - ref: target:3/1\n        relationship: equal\n", "unknown key 'tragets'"),
        ]
        for (entry, problem) in bad {
            let diagnostics = validate(try workspace(mapping: Self.head + entry + Self.unknown))
            let messages = diagnostics.map(\.description)
            XCTAssertTrue(messages.contains { $0.contains(problem) }, "\(messages)")
            XCTAssertTrue(messages.contains { $0.contains("error: unknown item 'nope'") }, "unknown item in the same run: \(messages)")
            XCTAssertTrue(messages.contains { $0.contains("error: unknown item 'nowhere'") }, "unknown reference in the same run: \(messages)")
        }
    }

    func testUnreadableMappingSaysItsReferencesAreUnchecked() throws {
        let diagnostics = validate(try workspace(mapping: Self.head + "  - item: [\n"))
        XCTAssertTrue(diagnostics.contains { $0.severity == .note && $0.location.file.hasSuffix("qa.yaml") && $0.message.contains("not checked") },
                      "\(diagnostics)")
    }
}
