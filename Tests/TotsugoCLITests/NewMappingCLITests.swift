import Foundation
import TestSupport
import XCTest

/// `totsugo new-mapping` as a user runs it: its exit codes (0 written, 65 unknown catalog,
/// 73 an existing file without --force) and that the skeleton validates.
final class NewMappingCLITests: XCTestCase {
    func testExitCodes() throws {
        let folder = try fixtureWorkspace()
        let arguments = ["new-mapping", "--source", "industry", "--target", "target,second", "--id", "ind-new"]
        let written = try run(arguments, in: folder)
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertEqual(written.stdout, "wrote Mappings/ind-new.yaml: 4 item(s) to review (status: todo)\n")
        let validated = try run(["validate", "Catalogs", "Mappings"], in: folder)
        XCTAssertEqual(validated.status, 0, validated.stderr)

        let again = try run(arguments, in: folder)
        XCTAssertEqual(again.status, 73)
        XCTAssertTrue(again.stderr.contains("Mappings/ind-new.yaml already exists"), again.stderr)
        XCTAssertEqual(try run(arguments + ["--force"], in: folder).status, 0)

        let unknown = try run(["new-mapping", "--source", "industri", "--target", "target", "--id", "x"], in: folder)
        XCTAssertEqual(unknown.status, 65)
        XCTAssertTrue(unknown.stderr.contains("Catalogs:1:1: error: source catalog 'industri' is not among the catalogs in Catalogs; did you mean 'industry'?"), unknown.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Mappings/x.yaml"))
    }
}
