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

/// `format` on a folder takes its mapping files whatever the case of their extension (as
/// `validate` reads them), and says so when a folder holds none.
final class FormatFolderTests: XCTestCase {
    func testUpperCaseExtensionsAreFormattedAndAnEmptyFolderIsReported() throws {
        let folder = TestPaths.temporaryFolder()
        let shipped = TestPaths.root.path + "/Mappings/nikkenren-2023.yaml"
        try FileManager.default.createDirectory(atPath: folder + "/up", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/empty", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: shipped, toPath: folder + "/up/X.YAML")
        let log = DiagnosticLog()
        let (changed, unchanged) = try Pipeline.format(FormatRequest(files: [folder + "/up", folder + "/empty"], check: true), diagnostics: log)
        XCTAssertEqual(changed, [])
        XCTAssertEqual(unchanged, [folder + "/up/X.YAML"])
        XCTAssertEqual(log.diagnostics.map(\.description), ["\(folder)/empty:1:1: warning: no mapping file (.yaml, .yml) in this folder"])
    }
}
