import Foundation
import TestSupport
import XCTest

/// Runs the built `totsugo` binary as a user would: exit codes, stdout and stderr as printed,
/// argument parsing and help. What the commands do with their inputs is tested in-process
/// (Tests/TotsugoPipelineTests).
final class CLITests: XCTestCase {
    func contents(_ folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            result[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return result
    }

    /// Exit 0, and what stdout says: every file written (all four formats by default), and
    /// what `validate` checked. Files and goldens: BuildPipelineTests.
    func testSuccessExits0AndSaysWhatWasDone() throws {
        let folder = try fixtureWorkspace()
        let build = try run(["build"], in: folder)
        XCTAssertEqual(build.status, 0, build.stderr)
        XCTAssertEqual(build.stdout, ["csv", "md", "xlsx", "html"].map { "wrote Output/industry-to-target.\($0)\n" }.joined(),
                       "all four formats by default")
        XCTAssertEqual(build.stderr, "")
        let ok = try run(["validate", "Catalogs", "Mappings"], in: folder)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "ok: 3 catalog(s), 1 mapping(s) valid\n")
        let mappingOnly = try run(["validate", "Mappings/industry.yaml"], in: folder)
        XCTAssertEqual(mappingOnly.status, 0, "resolves against --catalogs (default Catalogs): \(mappingOnly.stderr)")
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

    /// A quoted input cannot act on the terminal: control and bidi-override characters in a
    /// diagnostic are written as \u{…}.
    func testDiagnosticsShowTerminalControlsAsEscapes() throws {
        let folder = try fixtureWorkspace()
        let mapping = folder + "/Mappings/industry.yaml"
        let hostile = try String(contentsOfFile: mapping, encoding: .utf8)
            .replacingOccurrences(of: "ref: target:3/1", with: "ref: \"target:3/9\\u202E\\u001B]0;pwned\\u0007\"")
        try hostile.write(toFile: mapping, atomically: true, encoding: .utf8)
        let result = try run(["build"], in: folder)
        XCTAssertEqual(result.status, 65)
        XCTAssertFalse(result.stderr.unicodeScalars.contains { [0x1B, 0x07, 0x202E].contains($0.value) }, result.stderr)
        XCTAssertTrue(result.stderr.contains("\\u{202E}") || result.stderr.contains("\\u{1B}"), result.stderr)
    }

    func testMissingInputExits66() throws {
        let folder = try fixtureWorkspace()
        let result = try run(["build", "--mappings", "NoSuchFolder"], in: folder)
        XCTAssertEqual(result.status, 66)
        XCTAssertTrue(result.stderr.hasPrefix("NoSuchFolder:1:1: error: no such file or folder"), result.stderr)
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
