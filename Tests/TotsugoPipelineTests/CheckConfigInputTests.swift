import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoPipeline
import XCTest

/// The check config is read like every other input: a device or a FIFO is named for what it
/// is (it was "no such config file"), a missing file is missing, and nothing hangs.
final class CheckConfigInputTests: XCTestCase {
    func run(config: String) -> (CommandFailure?, DiagnosticLog) {
        let workspace = TestPaths.fixture("workspace")
        let log = DiagnosticLog()
        let failed = failure { () throws(CommandFailure) in
            try Pipeline.check(Pipeline.CheckRequest(catalogs: workspace + "/Catalogs", mappings: workspace + "/Mappings", config: config,
                                                     format: OutputFormats.check.format(named: "text")!,
                                                     destination: .file(TestPaths.temporaryFolder() + "/report.txt")),
                               diagnostics: log)
        }
        return (failed, log)
    }

    func testADeviceIsNamedAsOne() {
        let (failed, log) = run(config: "/dev/null")
        XCTAssertEqual(failed, .missingInput)
        XCTAssertEqual(log.lines, ["/dev/null:1:1: error: is a character device, not a regular file: inputs are read from regular files only"])
    }

    func testAFIFOIsRefusedWithoutWaiting() throws {
        let path = TestPaths.temporaryFolder() + "/config.yaml"
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        let (failed, log) = run(config: path)
        XCTAssertEqual(failed, .missingInput)
        XCTAssertTrue(log.text.contains("FIFO") || log.text.contains("pipe"), log.text)
    }

    func testAMissingFileIsMissing() {
        let (failed, log) = run(config: "/nonexistent/totsugo-check.yaml")
        XCTAssertEqual(failed, .missingInput)
        XCTAssertEqual(log.lines, ["/nonexistent/totsugo-check.yaml:1:1: error: no such file"])
    }
}
