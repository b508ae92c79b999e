import TotsugoMatch

/// The 突合表 worksheet in the layout of 表3: row 1 the column groups (merged across each
/// group), row 2 the columns, then one row per industry item. Header rows and the item
/// columns are frozen and printed on every page; `#N/A` cells carry the gap style and a
/// conditional format flags them too.
struct XLSXTableSheet {
    static let name = "突合表"
    /// Columns holding long prose get wider caps.
    static let proseColumns: Set<String> = [CrossReferenceTable.targetText, "反映案", "備考"]

    let table: CrossReferenceTable

    func sheet(named name: String) -> XLSXSheet {
        var sheet = XLSXSheet(name: name)
        let width = table.columnCount
        var groupRow: [XLSXSheet.Cell] = []
        var column = 1
        for group in table.groups {
            groupRow.append(.text(group.title, .groupHeader))
            groupRow += Array(repeating: .empty(.groupHeader), count: max(group.columns.count - 1, 0))
            if group.columns.count > 1 {
                sheet.merges.append(.init(top: 1, left: column, bottom: 1, right: column + group.columns.count - 1))
            }
            column += group.columns.count
        }
        sheet.rows.append(groupRow)
        sheet.rows.append(table.groups.flatMap(\.columns).map { .text($0, .columnHeader) })
        for row in table.rows {
            sheet.rows.append(row.cells.map(Self.cell))
        }
        let lastRow = sheet.rows.count
        sheet.widths = columnWidths()
        sheet.frozenRows = 2
        sheet.frozenColumns = itemColumnCount
        sheet.autoFilter = .init(top: 2, left: 1, bottom: lastRow, right: width)
        if lastRow > 2 {
            sheet.conditionalFormats.append((.init(top: 3, left: 1, bottom: lastRow, right: width), .gapText))
        }
        sheet.printTitleRows = 1...2
        sheet.printTitleColumns = itemColumnCount > 0 ? 1...itemColumnCount : nil
        sheet.pageHeader = table.title
        sheet.printScale = 70
        return sheet
    }

    static func cell(_ cell: CrossReferenceTable.Cell) -> XLSXSheet.Cell {
        switch cell.kind {
        case .text: .text(cell.text, .body)
        case .gap: .text(cell.text, .gap)
        case .unreviewed: .text(cell.text, .unreviewed)
        }
    }

    /// The source item's hierarchy columns (those before its 記載内容): frozen and repeated.
    var itemColumnCount: Int {
        guard let first = table.groups.first else { return 0 }
        return first.columns.firstIndex(of: CrossReferenceTable.targetText) ?? min(1, first.columns.count)
    }

    /// Widest line of the heading and the cells, within bounds by kind of column.
    func columnWidths() -> [Double] {
        let headings = table.groups.flatMap(\.columns)
        return headings.enumerated().map { index, heading in
            let prose = Self.proseColumns.contains(heading)
            let widest = table.rows.map { index < $0.cells.count ? XLSXText.widestLine($0.cells[index].text) : 0 }.max() ?? 0
            let wanted = max(XLSXText.widestLine(heading) + 2, widest + 2)
            return Double(min(max(wanted, prose ? 24 : 8), prose ? 48 : 22))
        }
    }
}
