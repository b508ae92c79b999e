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

    func render(strings: inout XLSXSharedStrings, truncations: inout [Truncation]) -> [UInt8] {
        var out = XLSXBytes(capacity: 4096 + sheet.rows.count * 64 * max(sheet.columnCount, 1))
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        out.append("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" ")
        out.append("xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">")
        out.append("<sheetPr><pageSetUpPr fitToPage=\"0\"/></sheetPr>")
        let lastRow = max(sheet.rows.count, 1)
        let lastColumn = max(sheet.columnCount, 1)
        out.append("<dimension ref=\"\(XLSXCellRef.range(top: 1, left: 1, bottom: lastRow, right: lastColumn))\"/>")
        out.append(sheetViews)
        out.append("<sheetFormatPr defaultRowHeight=\"13.5\"/>")
        out.append(columns)
        sheetData(into: &out, strings: &strings, truncations: &truncations)
        if let filter = sheet.autoFilter { out.append("<autoFilter ref=\"\(filter.a1)\"/>") }
        if !sheet.merges.isEmpty {
            out.append("<mergeCells count=\"\(sheet.merges.count)\">")
            for merge in sheet.merges { out.append("<mergeCell ref=\"\(merge.a1)\"/>") }
            out.append("</mergeCells>")
        }
        out.append(conditionalFormatting)
        out.append("<pageMargins left=\"0.4\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>")
        out.append("<pageSetup paperSize=\"9\" scale=\"\(sheet.printScale)\" pageOrder=\"overThenDown\" orientation=\"landscape\"/>")
        out.append("<headerFooter><oddHeader>&amp;C\(XLSXText.escape(sheet.pageHeader.replacingOccurrences(of: "&", with: "&&")))</oddHeader>")
        out.append("<oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter>")
        out.append("</worksheet>")
        return out.bytes
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

    /// Rows and cells written straight into the part's bytes; column letters are made once.
    func sheetData(into out: inout XLSXBytes, strings: inout XLSXSharedStrings, truncations: inout [Truncation]) {
        out.append("<sheetData>")
        let heights = XLSXRowHeights.estimate(sheet)
        let widest = sheet.rows.reduce(0) { max($0, $1.count) }
        let letters = widest == 0 ? [] : (1...widest).map { Array(XLSXCellRef.column($0).utf8) }
        for (r, row) in sheet.rows.enumerated() {
            let number = r + 1
            out.append("<row r=\"")
            out.append(number)
            if let height = heights[number] {
                out.append("\" ht=\"")
                out.append(Self.number(height))
                out.append("\" customHeight=\"1\">")
            } else {
                out.append("\">")
            }
            for (c, cell) in row.enumerated() {
                let style = cell.style.rawValue
                func open() {
                    out.append("<c r=\"")
                    out.bytes.append(contentsOf: letters[c])
                    out.append(number)
                    if style != 0 {
                        out.append("\" s=\"")
                        out.append(Int(style))
                    }
                    out.append("\"")
                }
                switch cell.value {
                case .empty:
                    if style != 0 {
                        open()
                        out.append("/>")
                    }
                case .number(let value):
                    open()
                    out.append("><v>")
                    out.append(Self.number(value))
                    out.append("</v></c>")
                case .text(let raw):
                    var text = raw
                    if let cut = XLSXText.truncatedForCell(raw) {
                        let ref = XLSXCellRef.cell(row: number, column: c + 1)
                        truncations.append(Truncation(sheet: sheet.name, cell: ref, length: raw.utf16.count))
                        text = cut
                    }
                    open()
                    out.append(" t=\"s\"><v>")
                    out.append(strings.index(of: text))
                    out.append("</v></c>")
                }
            }
            out.append("</row>")
        }
        out.append("</sheetData>")
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
