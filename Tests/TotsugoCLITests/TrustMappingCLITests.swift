import Foundation
import TestSupport
import XCTest

/// Issue 13, end to end: a mapping id that would write outside `--out` (or a hidden file) and
/// an empty relationship are refused at load with exit 65, and nothing is written anywhere.
final class TrustMappingCLITests: XCTestCase {
    func workspace(replacing old: String, with new: String) throws -> String {
        let folder = try fixtureWorkspace()
        let path = folder + "/Mappings/industry.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains(old), old)
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
        return folder
    }

    func testIDOutsideTheOutputFolderIsRefused() throws {
        for (id, problem) in [("./../pwned", "it starts with '.'"), ("a/../../x", "it contains '/'"), ("\"\"", "is empty")] {
            let folder = try workspace(replacing: "id: industry-to-target", with: "id: \(id)")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            for arguments in [["build", "--out", "Output"], ["regulation", "--out", "Output"]] {
                let result = try run(arguments, in: folder)
                XCTAssertEqual(result.status, 65, "\(id) \(arguments): \(result.stderr)")
                XCTAssertTrue(result.stderr.hasPrefix("Mappings/industry.yaml:2:"), result.stderr)
                XCTAssertTrue(result.stderr.contains(problem), result.stderr)
                let written = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                XCTAssertEqual(written, ["Catalogs", "Mappings"], "\(id) \(arguments): nothing written")
            }
        }
    }

    func testEmptyRelationshipFailsTheBuild() throws {
        let folder = try workspace(replacing: "relationship: intersects-with", with: "relationship:")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try run(["build"], in: folder)
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("Mappings/industry.yaml:15:9: error: 'relationship' in a target is empty;"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"))
    }
}
