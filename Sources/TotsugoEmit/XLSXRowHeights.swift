/// Row heights for wrapped text. Neither Excel nor LibreOffice reliably fits a row to its
/// wrapped text when a file is opened (LibreOffice's headless PDF export keeps one line), so
/// each row gets an explicit height from an estimate of its wrapped lines.
struct XLSXRowHeights {
    /// Points per line for 10 pt 游ゴシック / Noto Sans CJK, with the fonts' line gap.
    static let lineHeight = 15.0
    static let padding = 3.0
    /// Beyond Excel's maximum row height (409 pt) the text stays reachable in the cell.
    static let maximum = 409.0

    private let widths: [Double]
    private let hidden: Set<Int>
    /// Cells are keyed by (row, column) packed in one Int (both 1-based): the top-left cell of a
    /// merge → the width of the whole merge; the other cells of merges are covered (skipped).
    private var spans: [Int: Double] = [:]
    private var covered: Set<Int> = []
    /// 1-based rows any merge touches (only these look cells up in `spans` and `covered`).
    private var mergedRows: Set<Int> = []

    private static func key(_ row: Int, _ column: Int) -> Int { row << 20 | column }

    /// For the layout of `sheet` (its widths and merges; its rows are not read).
    init(_ sheet: XLSXSheet) {
        // A hidden column takes no room: its cells are not measured, and a merge is as wide as
        // its shown columns.
        let hidden = sheet.hiddenColumns
        self.hidden = hidden
        widths = sheet.widths.enumerated().map { hidden.contains($0.offset + 1) ? 0 : $0.element }
        for merge in sheet.merges {
            var width = 0.0
            for column in merge.left...merge.right { width += column <= widths.count ? widths[column - 1] : 8.43 }
            spans[Self.key(merge.top, merge.left)] = width
            for row in merge.top...merge.bottom {
                mergedRows.insert(row)
                for column in merge.left...merge.right where row != merge.top || column != merge.left {
                    covered.insert(Self.key(row, column))
                }
            }
        }
    }

    /// Height in points of `row` (0-based) of `cells`, nil when it needs only one line.
    func height<Cells: XLSXCells>(ofRow row: Int, _ cells: Cells) -> Double? {
        let number = row + 1
        let merged = mergedRows.contains(number)
        var lines = 1
        var c = 0
        cells.forEachCell(inRow: row) { cell in
            defer { c += 1 }
            guard Self.wraps(cell.style) else { return }
            switch cell.value {
            case .text, .lines: break
            case .number, .empty: return
            }
            var width = c < widths.count ? widths[c] : 8.43
            if merged {
                let here = Self.key(number, c + 1)
                if covered.contains(here) { return }
                if let span = spans[here] { width = span }
            } else if !hidden.isEmpty, hidden.contains(c + 1) {
                return
            }
            guard width > 0 else { return }
            switch cell.value {
            case .text(let text): lines = max(lines, Self.wrappedLines(text, width: width))
            case .lines(let parts): lines = max(lines, Self.wrappedLines(lines: parts, width: width))
            case .number, .empty: break
            }
        }
        return lines > 1 ? min(Double(lines) * Self.lineHeight + Self.padding, Self.maximum) : nil
    }

    static func wraps(_ style: XLSXStyle) -> Bool {
        switch style {
        case .body, .unreviewed, .groupHeader, .columnHeader, .label, .value, .editable, .itemRow: true
        case .plain, .gap, .integer, .percent, .editableNumber: false
        }
    }

    /// `wrappedLines(lines.joined(separator: "\n"), width:)` without joining (see
    /// `XLSXText.widestLine(lines:)`).
    static func wrappedLines(lines: [String], width: Double) -> Int {
        if lines.contains(where: XLSXText.hasCR) { return wrappedLines(lines.joined(separator: "\n"), width: width) }
        return lines.reduce(0) { $0 + wrappedLines($1, width: width) }
    }

    /// Lines the text takes in a column `width` units wide (a wide character is 2 units; one
    /// unit is kept for the cell's margins).
    static func wrappedLines(_ text: String, width: Double) -> Int {
        let room = max(Int(width) - 1, 2)
        var total = 0
        XLSXText.lineWidths(text) { total += max(1, ($0 + room - 1) / room) }
        return total
    }
}
