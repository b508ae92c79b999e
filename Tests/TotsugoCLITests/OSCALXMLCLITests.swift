import Foundation
import TestSupport
import XCTest

/// OSCAL XML inputs as a user gives them to `totsugo` (docs/oscal.md, "OSCAL XML").
final class OSCALXMLCLITests: XCTestCase {
    /// docs/oscal.md's example in OSCAL XML builds like any catalogs and mapping.
    func testHandWrittenXMLValidates() throws {
        let result = try run(["validate", "Tests/Fixtures/oscal/xml"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "ok: 2 catalog(s), 1 mapping(s) valid\n")
        XCTAssertEqual(result.stderr, "")
    }

    /// An id-ref to no item of its catalog is an error at its place, with the nearest item
    /// offered, as for JSON and YAML (exit 65).
    func testUnresolvedIDRefInXMLIsAnErrorAtItsPlace() throws {
        let result = try run(["validate", "Tests/Fixtures/oscal/xml/sample-industry.catalog.oscal.xml",
                              "Tests/Fixtures/oscal/xml/sample-target.catalog.oscal.xml", "Tests/Fixtures/bad/oscal-xml-bad-idref.xml"])
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(result.stderr, """
            Tests/Fixtures/bad/oscal-xml-bad-idref.xml:39:7: error: unknown item 'a.9' in catalog 'sample-target'; did you mean 'a.1'?
            1 error; nothing was written.

            """)
    }
}
