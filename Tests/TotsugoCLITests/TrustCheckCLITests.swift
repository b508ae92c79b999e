import Foundation
import TestSupport
import XCTest

/// Issue 13 from the command line: thresholds scoped on the command line, and the shipped
/// config. The defects themselves are tested in-process: TrustPipelineTests.
final class TrustCheckCLITests: XCTestCase {
    let scopes = ["--catalogs", "Tests/Fixtures/check-scopes/Catalogs", "--mappings", "Tests/Fixtures/check-scopes/Mappings",
                  "--config", "Tests/Fixtures/check/no-thresholds.yaml"]

    /// Scoped thresholds as the command line spells them (`SCOPE=R`, parsed by the executable);
    /// what they check, and the rest of issue 13's check defects: TrustPipelineTests.
    func testScopedThresholdsOnTheCommandLine() throws {
        let plain = try self.run(["check"] + scopes + ["--min-mapped", "70%"])
        XCTAssertEqual(plain.status, 1, plain.stdout + plain.stderr)
        XCTAssertTrue(plain.stdout.contains("FAIL min-mapped — target scopes-b (対策B): 25.0% < 70.0% (1 of 4 items)"), plain.stdout)
        XCTAssertEqual(try self.run(["check"] + scopes + ["--min-mapped", "any=100%", "--min-mapped", "scopes-b=25%"]).status, 0)
        XCTAssertEqual(try self.run(["check"] + scopes + ["--min-mapped", "scopes-a,LV1=100%"]).status, 0)
        let typo = try self.run(["check"] + scopes + ["--min-mapped", "scopes-c=10%"])
        XCTAssertEqual(typo.status, 65)
        XCTAssertTrue(typo.stderr.contains("threshold min-mapped[scopes-c]: no mapping has target catalog 'scopes-c'"), typo.stderr)
        let bad = try self.run(["check"] + scopes + ["--min-mapped", "LV1,LV2=10%"])
        XCTAssertEqual(bad.status, 64)
    }

    /// The shipped totsugo-check.yaml passes, run from the package root as `make check` does
    /// (its catalogs and mappings folders are relative to the working directory).
    func testShippedConfigPasses() throws {
        let shipped = try self.run(["check", "--config", "totsugo-check.yaml"])
        XCTAssertEqual(shipped.status, 0, shipped.stdout + shipped.stderr)
    }
}
