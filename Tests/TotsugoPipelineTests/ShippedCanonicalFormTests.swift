import TestSupport
import TotsugoPipeline
import XCTest

/// The shipped mappings and profiles are kept in the canonical form `totsugo format` writes
/// (docs/mapping-yaml.md, "Canonical form"), so a file that went through the review workbook
/// compares line by line with the shipped one. Folders are given as `format` takes them.
final class ShippedCanonicalFormTests: XCTestCase {
    func testShippedMappingsAndProfilesAreCanonical() throws {
        let root = TestPaths.root.path
        let folders = ["Mappings", "Profiles"].map { root + "/" + $0 }
        let (changed, unchanged) = try Pipeline.format(FormatRequest(files: folders, check: true), diagnostics: DiagnosticLog())
        XCTAssertEqual(changed, [], "run `totsugo format Mappings Profiles`")
        XCTAssertEqual(unchanged.map { ($0 as NSString).lastPathComponent },
                       ["ipa-appendix5-iso27002.yaml", "jama-japia.yaml", "nikkenren-2023.yaml", "threats.yaml"])
    }
}
