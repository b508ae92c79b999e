import TotsugoCore
import TotsugoTable
import XCTest

final class TableTests: XCTestCase {
    func testColumnNames() {
        XCTAssertEqual([0, 1, 25, 26, 27, 51, 52, 701, 702].map(Table.columnName), ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"])
    }

    func testLocations() {
        let row = Table.Row(number: 12, cells: ["a", "b", "c"], starts: [(12, 1), (12, 3), (13, 2)])
        XCTAssertEqual(Table(file: "c.csv", rows: [row]).location(row: row, column: 2).description, "c.csv:13:2")
        XCTAssertEqual(Table(file: "c.xlsx", sheet: "評価基準", rows: [row]).location(row: row, column: 5).description, "c.xlsx:評価基準!F12")
    }
}
