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

    /// The sheet's layout (widths, merges, panes, filter, print setup); its cells come from
    /// `XLSXTableCells`, never as a model. `widths` defaults to `columnWidths()`.
    func sheet(named name: String, widths: [Double]? = nil) -> XLSXSheet {
        var sheet = XLSXSheet(name: name)
        let width = table.columnCount
        var column = 1
        for group in table.groups {
            if group.columns.count > 1 {
                sheet.merges.append(.init(top: 1, left: column, bottom: 1, right: column + group.columns.count - 1))
            }
            column += group.columns.count
        }
        let lastRow = table.rows.count + 2
        sheet.widths = widths ?? columnWidths()
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
        let style: XLSXStyle = switch cell.kind {
        case .text: .body
        case .gap: .gap
        case .unreviewed: .unreviewed
        }
        if let lines = cell.storedLines { return XLSXSheet.Cell(value: .lines(lines), style: style) }
        return .text(cell.text, style)
    }

    /// The source item's hierarchy columns (those before its 記載内容): frozen and repeated.
    var itemColumnCount: Int {
        guard let first = table.groups.first else { return 0 }
        return first.columns.firstIndex(of: CrossReferenceTable.targetText) ?? min(1, first.columns.count)
    }

    /// Widest line of the heading and the cells, within bounds by kind of column. A column
    /// stops being measured once it has reached its cap (the result cannot change any more).
    func columnWidths() -> [Double] {
        let headings = table.groups.flatMap(\.columns)
        return headings.enumerated().map { index, heading in
            let prose = Self.proseColumns.contains(heading)
            let floor = prose ? 24 : 8, cap = prose ? 48 : 22
            var wanted = XLSXText.widestLine(heading) + 2
            for row in table.rows where wanted < cap {
                guard index < row.cells.count else { continue }
                let cell = row.cells[index]
                let widest = cell.storedLines.map(XLSXText.widestLine(lines:)) ?? XLSXText.widestLine(cell.text)
                wanted = max(wanted, widest + 2)
            }
            return Double(min(max(wanted, floor), cap))
        }
    }
}

/// The cells of the 突合表 read straight from the table: row 1 the group titles (each followed
/// by empty cells across its group), row 2 the column headings, then one row per table row.
struct XLSXTableCells: XLSXCells {
    let table: CrossReferenceTable

    var rowCount: Int { table.rows.count + 2 }
    var columnCount: Int {
        let titles = table.groups.reduce(0) { $0 + max($1.columns.count, 1) }
        return max(titles, table.columnCount, table.rows.reduce(0) { max($0, $1.cells.count) })
    }

    func forEachCell(inRow row: Int, _ body: (XLSXSheet.Cell) -> Void) {
        switch row {
        case 0:
            for group in table.groups {
                body(.text(group.title, .groupHeader))
                for _ in 0..<max(group.columns.count - 1, 0) { body(.empty(.groupHeader)) }
            }
        case 1:
            for group in table.groups {
                for heading in group.columns { body(.text(heading, .columnHeader)) }
            }
        default:
            for cell in table.rows[row - 2].cells { body(XLSXTableSheet.cell(cell)) }
        }
    }
}
