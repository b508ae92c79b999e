/// Row heights for wrapped text. Neither Excel nor LibreOffice reliably fits a row to its
/// wrapped text when a file is opened (LibreOffice's headless PDF export keeps one line), so
/// each row gets an explicit height from an estimate of its wrapped lines.
enum XLSXRowHeights {
    /// Points per line for 10 pt 游ゴシック / Noto Sans CJK, with the fonts' line gap.
    static let lineHeight = 15.0
    static let padding = 3.0
    /// Beyond Excel's maximum row height (409 pt) the text stays reachable in the cell.
    static let maximum = 409.0

    /// 1-based row number → height in points, for rows that need more than one line.
    static func estimate(_ sheet: XLSXSheet) -> [Int: Double] {
        // Cells are keyed by (row, column) packed in one Int: building an A1 string per cell
        // and hashing it dominated large sheets.
        func key(_ row: Int, _ column: Int) -> Int { row << 20 | column }
        var spans: [Int: Double] = [:]
        var covered: Set<Int> = []
        for merge in sheet.merges {
            var width = 0.0
            for column in merge.left...merge.right { width += column <= sheet.widths.count ? sheet.widths[column - 1] : 8.43 }
            spans[key(merge.top, merge.left)] = width
            for row in merge.top...merge.bottom {
                for column in merge.left...merge.right where row != merge.top || column != merge.left {
                    covered.insert(key(row, column))
                }
            }
        }
        var heights: [Int: Double] = [:]
        for (r, row) in sheet.rows.enumerated() {
            var lines = 1
            for (c, cell) in row.enumerated() {
                guard case .text(let text) = cell.value, wraps(cell.style) else { continue }
                let here = key(r + 1, c + 1)
                if !covered.isEmpty && covered.contains(here) { continue }
                let width = (spans.isEmpty ? nil : spans[here]) ?? (c < sheet.widths.count ? sheet.widths[c] : 8.43)
                lines = max(lines, wrappedLines(text, width: width))
            }
            if lines > 1 { heights[r + 1] = min(Double(lines) * lineHeight + padding, maximum) }
        }
        return heights
    }

    static func wraps(_ style: XLSXStyle) -> Bool {
        switch style {
        case .body, .unreviewed, .groupHeader, .columnHeader, .label, .value: true
        case .plain, .gap, .integer, .percent: false
        }
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
