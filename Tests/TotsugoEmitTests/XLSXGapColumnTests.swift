import TotsugoMatch
import XCTest
@testable import TotsugoEmit

/// A prose column (記載内容, 反映案, 備考) holding nothing but #N/A is hidden like an empty one
/// (a target whose texts are not published: jama-japia's three IPA 記載内容 columns); a
/// hierarchy column of #N/A stays, so a target group with no counterpart anywhere still shows
/// its #N/A, and a prose column with one text stays.
final class XLSXGapColumnTests: XCTestCase {
    func testProseColumnOfOnlyGapsIsHiddenOthersStay() {
        let groups = [CrossReferenceTable.Group(title: "業界", columns: ["項目"]),
                      .init(title: "対象A", columns: ["項目", CrossReferenceTable.targetText]),
                      .init(title: "対象B", columns: ["項目", CrossReferenceTable.targetText])]
        let rows = (1...3).map { r in
            CrossReferenceTable.Row(itemID: "\(r)", levels: [], cells: [
                .text("\(r)"),
                .gap, .gap,                                         // 対象A: #N/A in every row
                r == 2 ? .text("2.1") : .gap, r == 2 ? .text("対策の文") : .gap,  // 対象B: one text
            ])
        }
        let layout = XLSXTableSheet(table: CrossReferenceTable(title: "t", groups: groups, rows: rows)).sheet(named: "突合表")
        XCTAssertEqual(layout.hiddenColumns, [3], "only 対象A's 記載内容")
    }
}
