import Foundation
import TestSupport
import XCTest

/// Runs the built `totsugo` binary as a user would.
final class CLITests: XCTestCase {
    func contents(_ folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            result[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return result
    }

    func testBuildWritesGoldenOutputsDeterministically() throws {
        let folder = try fixtureWorkspace()
        let first = try run(["build"], in: folder)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, ["csv", "md", "xlsx", "html"].map { "wrote Output/industry-to-target.\($0)\n" }.joined(),
                       "all four formats by default")
        let output = try contents(folder + "/Output")
        assertGolden(Array(try XCTUnwrap(output["industry-to-target.csv"])), "workspace/industry-to-target.csv")
        assertGolden(Array(try XCTUnwrap(output["industry-to-target.md"])), "workspace/industry-to-target.md")
        XCTAssertEqual(try run(["build"], in: folder).status, 0)
        XCTAssertEqual(try contents(folder + "/Output"), output, "a second run is byte-identical")
    }

    func testBadInputExits65AndLeavesOutputUntouched() throws {
        let folder = try fixtureWorkspace()
        XCTAssertEqual(try run(["build"], in: folder).status, 0)
        let before = try contents(folder + "/Output")
        let mapping = folder + "/Mappings/industry.yaml"
        let broken = try String(contentsOfFile: mapping, encoding: .utf8).replacingOccurrences(of: "ref: target:3/1", with: "ref: target:3/9")
        try broken.write(toFile: mapping, atomically: true, encoding: .utf8)
        let result = try run(["build"], in: folder)
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.stderr.hasPrefix("Mappings/industry.yaml:16:14: error: unknown item '3/9' in catalog 'target'; did you mean '3/1'?\n"), result.stderr)
        XCTAssertTrue(result.stderr.contains("nothing was written"))
        XCTAssertEqual(try contents(folder + "/Output"), before, "previous Output/ intact, no temporary files")
    }

    func testHostileXMLExits65() throws {
        for name in ["xxe.xml", "billion-laughs.xml", "external-dtd.xml", "malformed.xml"] {
            let folder = try fixtureWorkspace()
            try FileManager.default.copyItem(atPath: TestPaths.fixture("bad/\(name)"), toPath: folder + "/Catalogs/\(name)")
            let result = try run(["build"], in: folder)
            XCTAssertEqual(result.status, 65, name)
            XCTAssertTrue(result.stderr.hasPrefix("Catalogs/\(name):"), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"), "nothing written for \(name)")
        }
    }

    func testMissingInputExits66() throws {
        let folder = try fixtureWorkspace()
        let result = try run(["build", "--mappings", "NoSuchFolder"], in: folder)
        XCTAssertEqual(result.status, 66)
        XCTAssertTrue(result.stderr.hasPrefix("NoSuchFolder:1:1: error: no such file or folder"), result.stderr)
    }

    func testValidate() throws {
        let folder = try fixtureWorkspace()
        let ok = try run(["validate", "Catalogs", "Mappings"], in: folder)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "ok: 3 catalog(s), 1 mapping(s) valid\n")
        let mappingOnly = try run(["validate", "Mappings/industry.yaml"], in: folder)
        XCTAssertEqual(mappingOnly.status, 0, "resolves against --catalogs (default Catalogs): \(mappingOnly.stderr)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output"), "validate writes nothing")
        let bad = try run(["validate", TestPaths.fixture("bad/duplicate-ids.txt")], in: folder)
        XCTAssertEqual(bad.status, 65)
    }

    func testUnknownFormatIsAUsageError() throws {
        let result = try run(["build", "--format", "csv,pdf"], in: try fixtureWorkspace())
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("unknown format 'pdf'"), result.stderr)
    }

    func testHelpExplainsWithExamples() throws {
        let help = try run(["build", "--help"])
        XCTAssertEqual(help.status, 0)
        let flatHelp = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(flatHelp.contains("totsugo build --catalogs Catalogs --mappings Mappings --out Output --format csv,xlsx"), help.stdout)
        let top = try run(["--help"])
        let flat = top.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(flat.contains("65 bad input data; 66 missing input"), top.stdout)
    }
}
