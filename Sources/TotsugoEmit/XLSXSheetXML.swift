/// Writes one `XLSXSheet` as a worksheet part. Child elements of `<worksheet>` come in the
/// order the schema fixes: sheetPr, dimension, sheetViews, sheetFormatPr, cols, sheetData,
/// autoFilter, mergeCells, conditionalFormatting, pageMargins, pageSetup, headerFooter.
struct XLSXSheetXML {
    /// A cell whose text had to be cut to Excel's limit.
    struct Truncation: Sendable {
        var sheet: String
        var cell: String
        var length: Int
    }

    let sheet: XLSXSheet
    let selected: Bool

    func render(strings: inout XLSXSharedStrings, truncations: inout [Truncation]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        out += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        out += "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        out += "<sheetPr><pageSetUpPr fitToPage=\"0\"/></sheetPr>"
        let lastRow = max(sheet.rows.count, 1)
        let lastColumn = max(sheet.columnCount, 1)
        out += "<dimension ref=\"\(XLSXCellRef.range(top: 1, left: 1, bottom: lastRow, right: lastColumn))\"/>"
        out += sheetViews
        out += "<sheetFormatPr defaultRowHeight=\"13.5\"/>"
        out += columns
        out += sheetData(strings: &strings, truncations: &truncations)
        if let filter = sheet.autoFilter { out += "<autoFilter ref=\"\(filter.a1)\"/>" }
        if !sheet.merges.isEmpty {
            out += "<mergeCells count=\"\(sheet.merges.count)\">"
            out += sheet.merges.map { "<mergeCell ref=\"\($0.a1)\"/>" }.joined()
            out += "</mergeCells>"
        }
        out += conditionalFormatting
        out += "<pageMargins left=\"0.4\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
        out += "<pageSetup paperSize=\"9\" scale=\"\(sheet.printScale)\" pageOrder=\"overThenDown\" orientation=\"landscape\"/>"
        out += "<headerFooter><oddHeader>&amp;C\(XLSXText.escape(sheet.pageHeader.replacingOccurrences(of: "&", with: "&&")))</oddHeader>"
        out += "<oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter>"
        return out + "</worksheet>"
    }

    var sheetViews: String {
        var view = "<sheetView" + (selected ? " tabSelected=\"1\"" : "") + " workbookViewId=\"0\">"
        let rows = sheet.frozenRows, columns = sheet.frozenColumns
        if rows > 0 || columns > 0 {
            let topLeft = XLSXCellRef.cell(row: rows + 1, column: columns + 1)
            let pane = rows > 0 && columns > 0 ? "bottomRight" : rows > 0 ? "bottomLeft" : "topRight"
            view += "<pane"
            if columns > 0 { view += " xSplit=\"\(columns)\"" }
            if rows > 0 { view += " ySplit=\"\(rows)\"" }
            view += " topLeftCell=\"\(topLeft)\" activePane=\"\(pane)\" state=\"frozen\"/>"
            view += "<selection pane=\"\(pane)\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/>"
        }
        return "<sheetViews>" + view + "</sheetView></sheetViews>"
    }

    var columns: String {
        guard !sheet.widths.isEmpty else { return "" }
        var out = "<cols>"
        for (index, width) in sheet.widths.enumerated() {
            out += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(Self.number(width))\" customWidth=\"1\"/>"
        }
        return out + "</cols>"
    }

    func sheetData(strings: inout XLSXSharedStrings, truncations: inout [Truncation]) -> String {
        var out = "<sheetData>"
        let heights = XLSXRowHeights.estimate(sheet)
        for (r, row) in sheet.rows.enumerated() {
            if let height = heights[r + 1] {
                out += "<row r=\"\(r + 1)\" ht=\"\(Self.number(height))\" customHeight=\"1\">"
            } else {
                out += "<row r=\"\(r + 1)\">"
            }
            for (c, cell) in row.enumerated() {
                let ref = XLSXCellRef.cell(row: r + 1, column: c + 1)
                let style = cell.style.rawValue == 0 ? "" : " s=\"\(cell.style.rawValue)\""
                switch cell.value {
                case .empty:
                    if !style.isEmpty { out += "<c r=\"\(ref)\"\(style)/>" }
                case .number(let value):
                    out += "<c r=\"\(ref)\"\(style)><v>\(Self.number(value))</v></c>"
                case .text(let raw):
                    var text = raw
                    if let cut = XLSXText.truncatedForCell(raw) {
                        truncations.append(Truncation(sheet: sheet.name, cell: ref, length: raw.utf16.count))
                        text = cut
                    }
                    out += "<c r=\"\(ref)\"\(style) t=\"s\"><v>\(strings.index(of: text))</v></c>"
                }
            }
            out += "</row>"
        }
        return out + "</sheetData>"
    }

    var conditionalFormatting: String {
        var out = ""
        for (priority, format) in sheet.conditionalFormats.enumerated() {
            let range = format.range
            let first = XLSXCellRef.cell(row: range.top, column: range.left)
            out += "<conditionalFormatting sqref=\"\(range.a1)\">"
            switch format.rule {
            case .gapText:
                // A real error cell would make `A1="#N/A"` an error itself, so test ISNA first.
                let formula = "IF(ISERROR(\(first)),ISNA(\(first)),\(first)=\"#N/A\")"
                out += "<cfRule type=\"expression\" dxfId=\"\(XLSXStyle.gapDxf)\" priority=\"\(priority + 1)\">"
                out += "<formula>\(XLSXText.escape(formula))</formula></cfRule>"
            case .shareBar:
                out += "<cfRule type=\"dataBar\" priority=\"\(priority + 1)\"><dataBar>"
                out += "<cfvo type=\"num\" val=\"0\"/><cfvo type=\"num\" val=\"1\"/><color rgb=\"FF5B9BD5\"/></dataBar></cfRule>"
            }
            out += "</conditionalFormatting>"
        }
        return out
    }

    /// Locale-independent number text: integers without a decimal point, others in Swift's
    /// shortest round-trip form (`0.3333333333333333`), which is a valid xsd:double.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return value.isFinite ? "\(value)" : "0"
    }
}
