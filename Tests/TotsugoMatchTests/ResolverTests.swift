import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

final class ResolverTests: XCTestCase {
    func catalogs() -> [Catalog] {
        InputLoader().load([TestPaths.fixture("workspace/Catalogs")]).catalogs
    }

    func resolveErrors(_ yaml: String) throws -> [Diagnostic] {
        let mapping = try MappingYAMLParser().parse(InputFile.decode(Array(yaml.utf8), path: "m.yaml"))
        do throws(DiagnosticError) {
            _ = try Resolver(catalogs: catalogs()).resolve(mapping)
            return []
        } catch {
            return error.diagnostics
        }
    }

    func testUnknownItemsSayWhichAndSuggestNearest() throws {
        let errors = try resolveErrors(String(contentsOfFile: TestPaths.fixture("bad/unknown-item.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "sample-guide", with: "industry"))
        XCTAssertEqual(errors.map(\.description), [
            "m.yaml:6:11: error: unknown item '1/44' in catalog 'industry'",
            "m.yaml:8:14: error: unknown item 'a/2' in catalog 'target'; did you mean '3/2'?",
            "m.yaml:10:11: error: unknown item '45' in catalog 'industry'",
        ])
    }

    func testSuffixSuggestionForIDWithoutParentPath() throws {
        let errors = try resolveErrors("mapping:\n  id: m\n  source: industry\n  targets: [target]\nentries:\n  - item: (1)\n    targets: []\n")
        XCTAssertEqual(errors.first?.message, "unknown item '(1)' in catalog 'industry'; did you mean '2/(1)'?")
    }

    func testUnknownCatalogs() throws {
        let errors = try resolveErrors("mapping:\n  id: m\n  source: industri\n  targets: [target, nope]\nentries: []\n")
        XCTAssertEqual(errors.map(\.message), [
            "source catalog 'industri' is not among the loaded catalogs; did you mean 'industry'?; the entries' items are not checked until it loads",
            "target catalog 'nope' is not among the loaded catalogs; references to it are not checked until it loads",
        ])
    }

    func testReferenceToCatalogNotInTargets() throws {
        let errors = try resolveErrors("mapping:\n  id: m\n  source: industry\n  targets: [target]\nentries:\n  - item: \"1\"\n    targets:\n      - ref: second:25\n        relationship: equal\n")
        XCTAssertEqual(errors.first?.message, "'second:25' refers to catalog 'second', which is not listed in this mapping's targets (target)")
    }

    func testSecondEntryForSameItem() throws {
        let errors = try resolveErrors("mapping:\n  id: m\n  source: industry\n  targets: [target]\nentries:\n  - item: \"1\"\n    targets: []\n  - item: No.1\n    targets: []\n")
        XCTAssertEqual(errors.first?.description, "m.yaml:8:11: error: second entry for item 'No.1' (read as '1') (first at m.yaml:6:11)")
    }
}
