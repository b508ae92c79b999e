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
        var spans: [String: Double] = [:]
        var covered: Set<String> = []
        for merge in sheet.merges {
            var width = 0.0
            for column in merge.left...merge.right { width += column <= sheet.widths.count ? sheet.widths[column - 1] : 8.43 }
            spans[XLSXCellRef.cell(row: merge.top, column: merge.left)] = width
            for row in merge.top...merge.bottom {
                for column in merge.left...merge.right where row != merge.top || column != merge.left {
                    covered.insert(XLSXCellRef.cell(row: row, column: column))
                }
            }
        }
        var heights: [Int: Double] = [:]
        for (r, row) in sheet.rows.enumerated() {
            var lines = 1
            for (c, cell) in row.enumerated() {
                guard case .text(let text) = cell.value, wraps(cell.style) else { continue }
                let ref = XLSXCellRef.cell(row: r + 1, column: c + 1)
                if covered.contains(ref) { continue }
                let width = spans[ref] ?? (c < sheet.widths.count ? sheet.widths[c] : 8.43)
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
        return XLSXText.lines(text).reduce(0) { total, line in
            total + max(1, (XLSXText.displayWidth(line) + room - 1) / room)
        }
    }
}
