import TotsugoMatch

/// The 突合表 worksheet in the layout of 表3: row 1 the column groups (merged across each
/// group), row 2 the columns, then one row per industry item. Header rows and the item
/// columns are frozen; each target's 記載内容 is a column outline group (hidden with one click);
/// `#N/A` cells carry the gap style and a conditional format flags them too. Columns empty in
/// every row are hidden, and prose columns holding only #N/A. Printed landscape with both header
/// rows on every page, as `printPlan` decides: one page wide on A4 or A3, or (a table too wide to be
/// read one page wide) page breaks at group starts with the industry group on every page.
struct XLSXTableSheet {
    static let name = "突合表"
    /// Columns holding long prose get wider caps.
    static let proseColumns: Set<String> = [CrossReferenceTable.targetText, "反映案", "備考"]

    let table: CrossReferenceTable

    /// Widths of every column, and the 1-based columns empty in every row (hidden).
    struct Columns: Sendable {
        var widths: [Double]
        var hidden: Set<Int>
    }

    /// The sheet's layout (widths, merges, panes, filter, print setup); its cells come from
    /// `XLSXTableCells`, never as a model. `widths` defaults to `columnWidths()` (and `hidden`
    /// then to the empty columns `columns()` finds).
    func sheet(named name: String, widths: [Double]? = nil, hidden: Set<Int>? = nil) -> XLSXSheet {
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
        if let widths {
            sheet.widths = widths
            sheet.hiddenColumns = hidden ?? []
        } else {
            let columns = columns()
            sheet.widths = columns.widths
            sheet.hiddenColumns = hidden ?? columns.hidden
        }
        sheet.frozenRows = 2
        sheet.frozenColumns = itemColumnCount
        // A 記載内容 column hidden (every cell blank or #N/A, `columns()`) stays out of the outline:
        // a group of hidden columns shows as collapsed (「+」), inviting a click on nothing.
        sheet.outlineColumns = targetTextColumns.subtracting(sheet.hiddenColumns)
        sheet.autoFilter = .init(top: 2, left: 1, bottom: lastRow, right: width)
        if lastRow > 2 {
            sheet.conditionalFormats.append((.init(top: 3, left: 1, bottom: lastRow, right: width), .gapText))
        }
        sheet.pageHeader = table.title
        sheet.printTitleRows = 1...2
        let plan = Self.printPlan(widths: sheet.widths, hidden: sheet.hiddenColumns, groupSizes: table.groups.map(\.columns.count))
        sheet.paper = plan.paper
        sheet.fitToWidth = plan.fitToWidth
        sheet.printScale = plan.scale
        sheet.columnBreaks = plan.breaks
        sheet.printTitleColumns = plan.titleColumns
        sheet.pagesDownThenOver = true
        return sheet
    }

    /// How the 突合表 is printed (always landscape, header rows repeated, pages down then over).
    struct PrintPlan: Equatable {
        var paper: XLSXSheet.Paper
        /// One page wide, as many pages down as the rows take.
        var fitToWidth: Bool
        /// Percent; used when not `fitToWidth`.
        var scale: Int
        /// 1-based columns starting a new page.
        var breaks: [Int]
        /// Columns repeated on every page.
        var titleColumns: ClosedRange<Int>?
    }

    /// Width in mm a page may take, landscape: the paper less the sheet's 0.4 in side
    /// margins, less 5 % for the applications' rounding of column widths.
    static let a4Width = (297.0 - 0.8 * 25.4) * 0.95
    static let a3Width = (420.0 - 0.8 * 25.4) * 0.95
    /// Smallest scale at which 10 pt text is still read on paper: below it, a wider paper or
    /// pages split by group.
    static let smallestA4Scale = 0.7, smallestA3Scale = 0.6

    /// Printed width in mm of a column `width` characters wide at 100 %: 8w + 5 pixels at
    /// 96 dpi (a character of the Japanese default font is 8 pixels wide in Excel; LibreOffice
    /// with Noto Sans CJK prints about the same: 79 characters measured 176 mm).
    static func millimetres(_ width: Double) -> Double { (8 * width + 5) * 25.4 / 96 }

    /// The print layout from the shown columns' widths:
    /// - fits A4 landscape at 70 % or more: A4, one page wide;
    /// - else fits A3 landscape at 60 % or more: A3, one page wide;
    /// - else A3 at the scale where the industry group and the widest other group fit one page
    ///   (at most 100 %), a page break at the start of each group that no longer fits the page
    ///   (groups are never split by a break of ours), and the industry group (the first)
    ///   repeated on every page. Excel ignores manual breaks when fitting to a page, so the
    ///   two ways exclude each other.
    static func printPlan(widths: [Double], hidden: Set<Int>, groupSizes: [Int]) -> PrintPlan {
        let shown = widths.enumerated().map { hidden.contains($0.offset + 1) ? 0 : millimetres($0.element) }
        let total = shown.reduce(0, +)
        if total * smallestA4Scale <= a4Width {
            return PrintPlan(paper: .a4, fitToWidth: true, scale: 100, breaks: [], titleColumns: nil)
        }
        if total * smallestA3Scale <= a3Width || groupSizes.count < 3 {
            return PrintPlan(paper: .a3, fitToWidth: true, scale: 100, breaks: [], titleColumns: nil)
        }
        // Group k covers the 1-based columns starts[k]..<starts[k+1].
        var starts = [1]
        for size in groupSizes { starts.append(starts.last! + size) }
        func width(ofGroup k: Int) -> Double {
            (starts[k]..<starts[k + 1]).reduce(0) { $0 + ($1 <= shown.count ? shown[$1 - 1] : 0) }
        }
        let first = width(ofGroup: 0)
        let widest = (1..<groupSizes.count).map { first + width(ofGroup: $0) }.max() ?? first
        let scale = min(100, max(10, Int((a3Width / widest * 100).rounded(.down))))
        let room = a3Width * 100 / Double(scale)
        var breaks: [Int] = []
        var used = first
        for k in 1..<groupSizes.count {
            let group = width(ofGroup: k)
            guard group > 0 else { continue }
            if used + group > room, used > first {
                breaks.append(starts[k])
                used = first
            }
            used += group
        }
        let titles: ClosedRange<Int>? = groupSizes[0] > 0 ? 1...groupSizes[0] : nil
        return PrintPlan(paper: .a3, fitToWidth: false, scale: scale, breaks: breaks, titleColumns: titles)
    }

    static func cell(_ cell: CrossReferenceTable.Cell) -> XLSXSheet.Cell {
        let style: XLSXStyle = switch cell.kind {
        case .text: .body
        case .gap: .gap
        case .unreviewed: .unreviewed
        }
        // A text of line breaks and blanks only is written as an empty cell.
        if let lines = cell.storedLines {
            return lines.allSatisfy(isBlank) ? .empty(style) : XLSXSheet.Cell(value: .lines(lines), style: style)
        }
        let text = cell.text
        return isBlank(text) ? .empty(style) : .text(text, style)
    }

    /// Empty, or only line breaks and blanks (full-width spaces included).
    static func isBlank(_ text: String) -> Bool { text.unicodeScalars.allSatisfy(\.properties.isWhitespace) }

    /// The source item's hierarchy columns (those before its 記載内容): frozen and repeated.
    var itemColumnCount: Int {
        guard let first = table.groups.first else { return 0 }
        return first.columns.firstIndex(of: CrossReferenceTable.targetText) ?? min(1, first.columns.count)
    }

    /// The 1-based 記載内容 column of every target group (each group after the first that has
    /// one): grouped in the column outline, so a reader of a table against a dozen frameworks
    /// hides one target's texts with its 「−」 button, or all of them with 「1」, and keeps each
    /// target's items and 関係 side by side (the HTML report's 「表示する列」 does the same).
    var targetTextColumns: Set<Int> {
        var columns: Set<Int> = []
        var start = 1
        for (index, group) in table.groups.enumerated() {
            if index > 0, let offset = group.columns.firstIndex(of: CrossReferenceTable.targetText) {
                columns.insert(start + offset)
            }
            start += group.columns.count
        }
        return columns
    }

    /// Widest line of the heading and the cells, within bounds by kind of column. A column
    /// stops being measured once it has reached its cap (the result cannot change any more).
    func columnWidths() -> [Double] { columns().widths }

    /// The widths (`columnWidths()`) and the columns whose cells are blank in every row
    /// (hidden; none when the table has no rows). A column is read until it has reached its
    /// width's cap and has a cell with text.
    func columns() -> Columns {
        let headings = table.groups.flatMap(\.columns)
        var hidden: Set<Int> = []
        let widths = headings.enumerated().map { index, heading in
            let prose = Self.proseColumns.contains(heading)
            let floor = prose ? 24 : 8, cap = prose ? 48 : 22
            var wanted = XLSXText.widestLine(heading) + 2
            var filled = table.rows.isEmpty
            // A prose column with nothing but #N/A (the chain table's industry 記載内容, a
            // target whose texts are not published) says no more than its group's other
            // columns: hidden like an empty one, which on the chain table halves the pages.
            var informative = table.rows.isEmpty
            for row in table.rows where wanted < cap || !(prose ? informative : filled) {
                guard index < row.cells.count else { continue }
                let cell = Self.cell(row.cells[index])
                switch cell.value {
                case .text(let text):
                    filled = true
                    wanted = max(wanted, XLSXText.widestLine(text) + 2)
                case .lines(let lines):
                    filled = true
                    wanted = max(wanted, XLSXText.widestLine(lines: lines) + 2)
                case .number: filled = true
                case .empty: break
                }
                if case .empty = cell.value {} else if row.cells[index].kind != .gap { informative = true }
            }
            if !(prose ? informative : filled) { hidden.insert(index + 1) }
            return Double(min(max(wanted, floor), cap))
        }
        return Columns(widths: widths, hidden: hidden)
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
