import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

/// The fixture workspace (Tests/Fixtures/workspace), loaded and resolved.
enum WorkspaceFixture {
    static func resolved(file: StaticString = #filePath, line: UInt = #line) throws -> ResolvedMapping {
        let result = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        XCTAssertEqual(result.diagnostics, [], file: file, line: line)
        return try Resolver(catalogs: result.catalogs).resolve(try XCTUnwrap(result.mappings.first))
    }
}
