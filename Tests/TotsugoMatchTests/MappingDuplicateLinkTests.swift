import TestSupport
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import XCTest

/// An entry that links the same target twice (found by `make bench`: the synthetic mapping had
/// such entries; validate and build took them, and the review workbook written from them could
/// not be read back). It is an error at the second link, with the line of the first, whether
/// the ids are written the same or only normalise the same; the same target in two entries is
/// fine.
final class MappingDuplicateLinkTests: XCTestCase {
    func errors(_ entries: String) throws -> [String] {
        let yaml = """
            mapping:
              id: m
              title: t
              source: industry
              targets: [target, second]
              status: draft
              defaults:
                relationship: intersects-with
            entries:

            """ + entries
        let mapping = try MappingYAMLParser().parse(InputFile.decode(Array(yaml.utf8), path: "m.yaml"))
        let catalogs = InputLoader().load([TestPaths.fixture("workspace/Catalogs")]).catalogs
        do throws(DiagnosticError) {
            _ = try Resolver(catalogs: catalogs).resolve(mapping)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    func testTheSameTargetTwiceInOneEntryIsAnErrorAtTheSecond() throws {
        XCTAssertEqual(try errors("""
              - item: 2/(1)
                targets:
                  - ref: target:3/2
                    relationship: superset-of
                  - target:3/1
                  - ref: ＴＡＲＧＥＴ:３/２
                    relationship: equivalent-to

            """), [
            "m.yaml:15:14: error: item '2/(1)' links to 'target:3/2' twice (first at line 12); keep one link per target, with the relationship that holds",
        ])
    }

    func testTheSameTargetInTwoEntriesIsFine() throws {
        XCTAssertEqual(try errors("""
              - item: 2/(1)
                targets: [target:3/2]
              - item: 2/(2)
                targets: [target:3/2, target:3/1]

            """), [])
    }
}
