/// The cells of one worksheet, read row by row: once to give every text its shared-string
/// index, once to measure the rows, once more to write them. A sheet model (`XLSXSheet`) is one;
/// the 突合表 reads its cells straight from the table (`XLSXTableCells`), with no model.
protocol XLSXCells: Sendable {
    var rowCount: Int { get }
    /// Columns of the widest row.
    var columnCount: Int { get }
    /// Calls `body` with each cell of `row` (0-based), left to right.
    func forEachCell(inRow row: Int, _ body: (XLSXSheet.Cell) -> Void)
}

extension XLSXSheet: XLSXCells {
    var rowCount: Int { rows.count }

    func forEachCell(inRow row: Int, _ body: (XLSXSheet.Cell) -> Void) {
        for cell in rows[row] { body(cell) }
    }
}

/// Writes one worksheet part: the layout from an `XLSXSheet` (its rows are not read), the
/// cells from `cells`. Child elements of `<worksheet>` come in the order the schema fixes:
/// sheetPr, dimension, sheetViews, sheetFormatPr, cols, sheetData, autoFilter, mergeCells,
/// conditionalFormatting, dataValidations, pageMargins, pageSetup, headerFooter, colBreaks.
struct XLSXSheetXML<Cells: XLSXCells>: Sendable {
    let sheet: XLSXSheet
    let cells: Cells
    let selected: Bool

    /// Every text's shared-string index, in reading order (row by row, left to right), of the
    /// rows `rows` (all by default). Texts over Excel's cell limit are cut first (and reported).
    func indexTexts(strings: inout XLSXSharedStrings, truncations: inout [XLSXTruncation], rows: Range<Int>? = nil) -> [UInt32] {
        var indexes: [UInt32] = []
        for row in rows ?? 0..<cells.rowCount {
            var column = 0
            cells.forEachCell(inRow: row) { cell in
                defer { column += 1 }
                let text: XLSXSharedStrings.Text
                switch cell.value {
                case .text(let one): text = .one(one)
                case .lines(let lines):
                    // Only a text that may be over the limit is joined to be cut.
                    text = XLSXText.joinedCount(lines) > XLSXText.cellLimit ? .one(lines.joined(separator: "\n")) : .lines(lines)
                case .number, .empty: return
                }
                if case .one(let raw) = text, let cut = XLSXText.truncatedForCell(raw) {
                    let ref = XLSXCellRef.cell(row: row + 1, column: column + 1)
                    truncations.append(XLSXTruncation(sheet: sheet.name, cell: ref, length: raw.utf16.count))
                    indexes.append(UInt32(strings.index(of: .one(cut))))
                } else {
                    indexes.append(UInt32(strings.index(of: text)))
                }
            }
        }
        return indexes
    }

    /// Per row, its height in points (0 = the default): the estimate of its wrapped lines.
    func heights() -> [Double] {
        let estimate = XLSXRowHeights(sheet)
        return (0..<cells.rowCount).map { estimate.height(ofRow: $0, cells) ?? 0 }
    }

    /// The part, ready to be made piece by piece: the exact length counted by writing every row
    /// into a counter. `heights` defaults to `heights()`. With `inline`, text cells are inline
    /// strings (`textIndexes` index its texts) instead of shared ones.
    func part(textIndexes: [UInt32], heights: [Double]? = nil, inline: XLSXInlineTexts? = nil) -> XLSXSheetPart<Cells> {
        let heights = heights ?? self.heights()
        precondition(heights.count == cells.rowCount, "one height per row")
        var counter = XLSXByteCount()
        var cursor = 0
        for row in 0..<cells.rowCount {
            appendRow(row, height: heights[row], textIndexes: textIndexes, inline: inline, cursor: &cursor, to: &counter)
        }
        precondition(cursor == textIndexes.count, "one shared-string index per text cell")
        var head = XLSXBytes(capacity: 4096)
        appendHead(to: &head)
        var tail = XLSXBytes(capacity: 1024)
        appendTail(to: &tail)
        return XLSXSheetPart(xml: self, textIndexes: textIndexes, inline: inline, heights: heights, head: head.bytes,
                             tail: tail.bytes, count: head.bytes.count + counter.count + tail.bytes.count)
    }

    /// The part with every text an inline string written straight from its cell: no table of
    /// the distinct texts and no index per text cell (the texts are the same bytes an indexed
    /// inline part writes). One pass reads each row's cells once into a buffer and from it
    /// reports texts cut to the cell limit, estimates the row's height and counts its bytes; the
    /// part reads the cells a second time as it writes them.
    func directInlinePart(truncations: inout [XLSXTruncation]) -> XLSXSheetPart<Cells> {
        let estimate = XLSXRowHeights(sheet)
        var heights: [Double] = []
        heights.reserveCapacity(cells.rowCount)
        var counter = XLSXByteCount()
        var buffer = XLSXBufferedRow()
        var cursor = 0
        for row in 0..<cells.rowCount {
            buffer.row = row
            buffer.cells.removeAll(keepingCapacity: true)
            cells.forEachCell(inRow: row) { buffer.cells.append($0) }
            for (column, cell) in buffer.cells.enumerated() {
                guard case .one(let raw)? = Self.cellText(cell.value), XLSXText.truncatedForCell(raw) != nil else { continue }
                let ref = XLSXCellRef.cell(row: row + 1, column: column + 1)
                truncations.append(XLSXTruncation(sheet: sheet.name, cell: ref, length: raw.utf16.count))
            }
            let height = estimate.height(ofRow: row, buffer) ?? 0
            heights.append(height)
            Self.appendRow(row, of: buffer, height: height, textIndexes: [], inline: nil, direct: true, cursor: &cursor, to: &counter)
        }
        var head = XLSXBytes(capacity: 4096)
        appendHead(to: &head)
        var tail = XLSXBytes(capacity: 1024)
        appendTail(to: &tail)
        return XLSXSheetPart(xml: self, textIndexes: [], inline: nil, direct: true, heights: heights, head: head.bytes,
                             tail: tail.bytes, count: head.bytes.count + counter.count + tail.bytes.count)
    }

    /// A text cell's text as `indexTexts` takes it before cutting: lines are joined only when
    /// they may be over the limit. Nil for numbers and empty cells.
    static func cellText(_ value: XLSXSheet.Cell.Value) -> XLSXSharedStrings.Text? {
        switch value {
        case .text(let one): .one(one)
        case .lines(let lines): XLSXText.joinedCount(lines) > XLSXText.cellLimit ? .one(lines.joined(separator: "\n")) : .lines(lines)
        case .number, .empty: nil
        }
    }

    /// The text an inline string cell shows: `cellText`, cut to the cell limit when over it.
    static func inlineText(_ value: XLSXSheet.Cell.Value) -> XLSXSharedStrings.Text {
        let text = cellText(value) ?? .one("")
        if case .one(let raw) = text, let cut = XLSXText.truncatedForCell(raw) { return .one(cut) }
        return text
    }

    /// Everything before the first row, `<sheetData>` included.
    func appendHead(to out: inout XLSXBytes) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" as StaticString)
        out.append("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " as StaticString)
        out.append("xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" as StaticString)
        out.append(sheet.fitToWidth ? "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>" as StaticString
            : "<sheetPr><pageSetUpPr fitToPage=\"0\"/></sheetPr>" as StaticString)
        let lastRow = max(cells.rowCount, 1)
        let lastColumn = max(sheet.widths.count, cells.columnCount, 1)
        out.append("<dimension ref=\"\(XLSXCellRef.range(top: 1, left: 1, bottom: lastRow, right: lastColumn))\"/>")
        out.append(sheetViews)
        // Excel draws the outline bar only for the levels `outlineLevelCol` announces.
        out.append(sheet.outlineColumns.isEmpty ? "<sheetFormatPr defaultRowHeight=\"13.5\"/>" as StaticString
            : "<sheetFormatPr defaultRowHeight=\"13.5\" outlineLevelCol=\"1\"/>" as StaticString)
        out.append(columns)
        out.append("<sheetData>" as StaticString)
    }

    /// Everything after the last row, `</sheetData>` included.
    func appendTail(to out: inout XLSXBytes) {
        out.append("</sheetData>" as StaticString)
        if let filter = sheet.autoFilter { out.append("<autoFilter ref=\"\(filter.a1)\"/>") }
        if !sheet.merges.isEmpty {
            out.append("<mergeCells count=\"\(sheet.merges.count)\">")
            for merge in sheet.merges { out.append("<mergeCell ref=\"\(merge.a1)\"/>") }
            out.append("</mergeCells>" as StaticString)
        }
        out.append(conditionalFormatting)
        out.append(dataValidations)
        out.append("<pageMargins left=\"0.4\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>" as StaticString)
        out.append(pageSetup)
        out.append("<headerFooter><oddHeader>&amp;C\(XLSXText.escape(sheet.pageHeader.replacingOccurrences(of: "&", with: "&&")))</oddHeader>")
        out.append("<oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter>" as StaticString)
        out.append(columnBreaks)
        out.append("</worksheet>" as StaticString)
    }

    /// One row (0-based `row`) and its cells: the only place a cell is written. A cell's `r`
    /// reference is left out when it follows the previous written cell of the row (the schema
    /// makes it optional; readers count columns on), and written after a skipped empty cell.
    func appendRow<Sink: XLSXSink>(_ row: Int, height: Double, textIndexes: [UInt32], inline: XLSXInlineTexts?,
                                   direct: Bool = false, cursor: inout Int, to out: inout Sink) {
        Self.appendRow(row, of: cells, height: height, textIndexes: textIndexes, inline: inline, direct: direct, cursor: &cursor, to: &out)
    }

    /// `appendRow` for the cells of `row` in `cells` (the sheet's own, or one row held in a
    /// buffer). `direct`: every text is an inline string written straight from its cell (cut
    /// to the cell limit when over it); `textIndexes` and `inline` are not read.
    static func appendRow<Sink: XLSXSink, Source: XLSXCells>(_ row: Int, of cells: Source, height: Double, textIndexes: [UInt32],
                                                             inline: XLSXInlineTexts?, direct: Bool, cursor: inout Int,
                                                             to out: inout Sink) {
        let number = row + 1
        out.append("<row r=\"" as StaticString)
        out.append(number)
        if height > 0 {
            out.append("\" ht=\"" as StaticString)
            out.append(Self.number(height))
            out.append("\" customHeight=\"1\">" as StaticString)
        } else {
            out.append("\">" as StaticString)
        }
        var column = 0
        var following = 0
        cells.forEachCell(inRow: row) { cell in
            defer { column += 1 }
            let style = Int(cell.style.rawValue)
            // Opening a cell is a static function given everything it changes: as a local
            // function capturing `out` and `following` inside this closure, every cell went
            // through dynamic exclusivity checks (≈ 50 M instructions at 10k rows).
            switch cell.value {
            case .empty:
                if style != 0 {
                    Self.open(row: number, column: column, style: style, following: &following, to: &out)
                    out.append("/>" as StaticString)
                }
            case .number(let value):
                Self.open(row: number, column: column, style: style, following: &following, to: &out)
                out.append("><v>" as StaticString)
                out.append(Self.number(value))
                out.append("</v></c>" as StaticString)
            case .text, .lines:
                Self.open(row: number, column: column, style: style, following: &following, to: &out)
                if direct {
                    let text = Self.inlineText(cell.value)
                    out.append(" t=\"inlineStr\"><is>" as StaticString)
                    XLSXSharedStrings.appendText(text, preserve: XLSXSharedStrings.preserves(text), to: &out)
                    out.append("</is></c>" as StaticString)
                    return
                }
                let index = Int(textIndexes[cursor])
                cursor += 1
                if let inline {
                    out.append(" t=\"inlineStr\"><is>" as StaticString)
                    XLSXSharedStrings.appendText(inline.texts[index], preserve: inline.preserve[index], to: &out)
                    out.append("</is></c>" as StaticString)
                } else {
                    out.append(" t=\"s\"><v>" as StaticString)
                    out.append(index)
                    out.append("</v></c>" as StaticString)
                }
            }
        }
        out.append("</row>" as StaticString)
    }

    /// `<c` with the cell's reference (left out when it follows the previous cell) and style.
    @inline(__always)
    private static func open<Sink: XLSXSink>(row: Int, column: Int, style: Int, following: inout Int, to out: inout Sink) {
        out.append("<c" as StaticString)
        if column != following {
            out.append(" r=\"" as StaticString)
            out.append(XLSXCellRef.cell(row: row, column: column + 1))
            out.append(byte: 0x22)
        }
        if style != 0 {
            out.append(" s=\"" as StaticString)
            out.append(style)
            out.append(byte: 0x22)
        }
        following = column + 1
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
            let hidden = sheet.hiddenColumns.contains(index + 1) ? " hidden=\"1\"" : ""
            let outline = sheet.outlineColumns.contains(index + 1) ? " outlineLevel=\"1\"" : ""
            out += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(Self.number(width))\"\(hidden) customWidth=\"1\"\(outline)/>"
        }
        return out + "</cols>"
    }

    /// Landscape on `paper`; one page wide (`fitToWidth="1" fitToHeight="0"`, the scale then
    /// unused) or at `printScale`; pages across then down unless `pagesDownThenOver`.
    var pageSetup: String {
        var out = "<pageSetup paperSize=\"\(sheet.paper.rawValue)\" scale=\"\(sheet.printScale)\""
        if sheet.fitToWidth { out += " fitToWidth=\"1\" fitToHeight=\"0\"" }
        out += sheet.pagesDownThenOver ? " pageOrder=\"downThenOver\"" : " pageOrder=\"overThenDown\""
        return out + " orientation=\"landscape\"/>"
    }

    /// Manual page breaks left of each column of `columnBreaks` (`id` = the last column before
    /// the break, 1-based, as Excel writes it).
    var columnBreaks: String {
        guard !sheet.columnBreaks.isEmpty else { return "" }
        var out = "<colBreaks count=\"\(sheet.columnBreaks.count)\" manualBreakCount=\"\(sheet.columnBreaks.count)\">"
        for column in sheet.columnBreaks { out += "<brk id=\"\(column - 1)\" max=\"1048575\" man=\"1\"/>" }
        return out + "</colBreaks>"
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

    /// `<dataValidations>` (after conditionalFormatting, as the schema orders them).
    var dataValidations: String {
        guard !sheet.validations.isEmpty else { return "" }
        var out = "<dataValidations count=\"\(sheet.validations.count)\">"
        for validation in sheet.validations {
            let messages = "showInputMessage=\"1\" showErrorMessage=\"1\" errorTitle=\"\(XLSXText.escape(validation.title))\" "
                + "error=\"\(XLSXText.escape(validation.error))\" promptTitle=\"\(XLSXText.escape(validation.title))\" "
                + "prompt=\"\(XLSXText.escape(validation.prompt))\" sqref=\"\(validation.range.a1)\""
            switch validation.kind {
            case .list(let values):
                out += "<dataValidation type=\"list\" allowBlank=\"1\" \(messages)>"
                out += "<formula1>\(XLSXText.escape("\"" + values.joined(separator: ",") + "\""))</formula1></dataValidation>"
            case .whole(let low, let high):
                out += "<dataValidation type=\"whole\" allowBlank=\"1\" \(messages)>"
                out += "<formula1>\(low)</formula1><formula2>\(high)</formula2></dataValidation>"
            }
        }
        return out + "</dataValidations>"
    }

    /// Locale-independent number text: integers without a decimal point, others in Swift's
    /// shortest round-trip form (`0.3333333333333333`), which is a valid xsd:double.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return value.isFinite ? "\(value)" : "0"
    }
}

/// A cell whose text had to be cut to Excel's limit.
struct XLSXTruncation: Sendable {
    var sheet: String
    var cell: String
    var length: Int
}

/// The texts of a sheet written with inline strings, and whether each needs
/// `xml:space="preserve"`.
struct XLSXInlineTexts: Sendable {
    let texts: [XLSXSharedStrings.Text]
    let preserve: [Bool]

    init(_ strings: XLSXSharedStrings) {
        texts = strings.texts
        preserve = XLSXSharedStrings.Facts(texts[...]).preserve
    }
}

/// One worksheet part made piece by piece while the zip deflates it: its head, some rows at a
/// time, its tail.
struct XLSXSheetPart<Cells: XLSXCells>: ZipPartProducer {
    let xml: XLSXSheetXML<Cells>
    let textIndexes: [UInt32]
    let inline: XLSXInlineTexts?
    /// Texts written straight from their cells (`directInlinePart`).
    let direct: Bool
    /// Per row, its height in points; 0 = the default.
    let heights: [Double]
    let head: [UInt8]
    let tail: [UInt8]
    let count: Int
    private var row = -1
    private var cursor = 0

    init(xml: XLSXSheetXML<Cells>, textIndexes: [UInt32], inline: XLSXInlineTexts?, direct: Bool = false, heights: [Double],
         head: [UInt8], tail: [UInt8], count: Int) {
        self.xml = xml
        self.textIndexes = textIndexes
        self.inline = inline
        self.direct = direct
        self.heights = heights
        self.head = head
        self.tail = tail
        self.count = count
    }

    mutating func produce(into out: inout [UInt8]) -> Bool {
        if row < 0 {
            out.append(contentsOf: head)
            row = 0
        }
        var sink = XLSXBytes()
        swap(&sink.bytes, &out)
        let stop = min(row + 64, heights.count)
        while row < stop {
            xml.appendRow(row, height: heights[row], textIndexes: textIndexes, inline: inline, direct: direct, cursor: &cursor, to: &sink)
            row += 1
        }
        swap(&sink.bytes, &out)
        if row < heights.count { return true }
        out.append(contentsOf: tail)
        return false
    }
}

/// One row's cells read into a buffer, so a pass that needs them several times (height,
/// length) makes them once. Only `row` may be asked for.
struct XLSXBufferedRow: XLSXCells {
    var row = 0
    var cells: [XLSXSheet.Cell] = []

    var rowCount: Int { row + 1 }
    var columnCount: Int { cells.count }

    func forEachCell(inRow row: Int, _ body: (XLSXSheet.Cell) -> Void) {
        precondition(row == self.row, "only the buffered row")
        for cell in cells { body(cell) }
    }
}
