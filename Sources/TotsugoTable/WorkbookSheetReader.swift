import TotsugoCore
import TotsugoXML

/// Builds a `Table` from one worksheet part as it streams by: only the rows read so far are
/// kept (as strings), never the XML. Merged ranges (`<mergeCells>`, after the rows) are
/// applied at the end: the value of a range's top-left cell fills every cell of the range.
final class WorkbookSheetReader: XMLReaderDelegate {
    private let file: String
    private let sheet: String
    /// The worksheet's part name (`xl/worksheets/sheet1.xml`), for problems outside cells.
    let part: String
    private let sharedStrings: [String]
    private let limits: WorkbookLimits

    private(set) var rows: [Table.Row] = []
    /// When set, each row goes to it as it ends instead of into `rows` (`Workbook.forEachRow`);
    /// no longer called once the rows are out of order (the caller then reads the table).
    var onRow: ((Table.Row) -> Void)?
    private(set) var merges: [(range: String, first: (column: Int, row: Int), last: (column: Int, row: Int))] = []
    /// Problems in cells (capped); reading goes on past them.
    private(set) var diagnostics: [Diagnostic] = []
    /// A limit was passed: reading must stop (checked after each piece of XML).
    private(set) var fatal: DiagnosticError?

    private var rowCount = 0
    private var cellCount = 0
    private var depth = 0
    private var inSheetData = false
    private var rowNumber = 0
    private var rowCells: [String] = []
    private var inRow = false
    private var lastColumn = -1
    private var sortedRows = true

    // The open cell.
    private var inCell = false
    private var cellColumn = 0
    private var cellType = ""
    private var inValue = false
    private var value: [UInt8] = []
    private var inInline = false
    private var inline = StringItemText()

    init(file: String, sheet: String, part: String, sharedStrings: [String], limits: WorkbookLimits) {
        self.file = file
        self.sheet = sheet
        self.part = part
        self.sharedStrings = sharedStrings
        self.limits = limits
    }

    private func location(column: Int, row: Int) -> SourceLocation {
        SourceLocation(file: file, sheet: sheet, cell: Table.columnName(column) + String(row))
    }

    private func report(_ diagnostic: Diagnostic) {
        if diagnostics.count < 50 {
            diagnostics.append(diagnostic)
        } else if fatal == nil {
            fatal = DiagnosticError(.badInput, diagnostics + [.error(diagnostic.location, "too many errors (50); stopped reading this sheet")])
        }
    }

    private var names: [String] = []

    func startElement(_ element: XMLReader.Element) {
        guard fatal == nil else { return }
        let name = element.name
        names.append(name)
        if inCell {
            switch name {
            case "v": inValue = true
            case "is": inInline = true
            default: if inInline { inline.start(name) }
            }
            return
        }
        switch name {
        case "sheetData":
            inSheetData = true
        case "row" where inSheetData:
            startRow(element)
        case "c" where inRow:
            startCell(element)
        case "mergeCell":
            guard let ref = element.attribute("ref") else { return }
            guard let range = CellText.range(ref) else {
                report(.error(SourceLocation(file: "\(file)/\(part)", line: element.line), "merged range '\(ref)' is not a cell range"))
                return
            }
            merges.append((ref, range.first, range.last))
        default:
            break
        }
    }

    private func startRow(_ element: XMLReader.Element) {
        rowCount += 1
        guard rowCount <= limits.maxRows else {
            fatal = DiagnosticError(.error(location(column: 0, row: rowNumber + 1),
                                           "the sheet has more than \(limits.maxRows) rows (the limit); raise it if this is intended"))
            return
        }
        var number = rowNumber + 1
        if let r = element.attribute("r") {
            guard let n = Int(r), n >= 1, n <= CellText.maxRows else {
                report(.error(location(column: 0, row: rowNumber + 1), "row number '\(r)' is not between 1 and \(CellText.maxRows)"))
                number = rowNumber + 1
                inRow = true
                rowCells = []
                lastColumn = -1
                rowNumber = number
                return
            }
            number = n
        }
        if number <= rowNumber { sortedRows = false }
        rowNumber = number
        inRow = true
        rowCells = []
        lastColumn = -1
    }

    private func startCell(_ element: XMLReader.Element) {
        cellCount += 1
        guard cellCount <= limits.maxCells else {
            fatal = DiagnosticError(.error(location(column: lastColumn + 1, row: rowNumber),
                                           "the sheet has more than \(limits.maxCells) cells (the limit); raise it if this is intended"))
            return
        }
        var column = lastColumn + 1
        if let r = element.attribute("r") {
            if let reference = CellText.reference(r), reference.row == rowNumber {
                column = reference.column
            } else {
                report(.error(location(column: column, row: rowNumber), "cell reference '\(r)' is not a cell of row \(rowNumber)"))
            }
        }
        if column >= CellText.maxColumns {
            report(.error(location(column: 0, row: rowNumber), "row \(rowNumber) has more than \(CellText.maxColumns) columns"))
            column = CellText.maxColumns - 1
        }
        lastColumn = column
        cellColumn = column
        cellType = element.attribute("t") ?? "n"
        inCell = true
        inValue = false
        inInline = false
        value.removeAll(keepingCapacity: true)
    }

    func endElement() {
        guard fatal == nil, let name = names.popLast() else { return }
        if inCell {
            switch name {
            case "v": inValue = false
            case "is": inInline = false
            case "c": endCell()
            default: if inInline { inline.end(name) }
            }
            return
        }
        switch name {
        case "row" where inRow:
            inRow = false
            while rowCells.last?.isEmpty == true { rowCells.removeLast() }
            if !rowCells.isEmpty {
                if let onRow {
                    if sortedRows { onRow(Table.Row(number: rowNumber, cells: rowCells)) }
                } else {
                    rows.append(Table.Row(number: rowNumber, cells: rowCells))
                }
            }
        case "sheetData":
            inSheetData = false
        default:
            break
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard inCell, fatal == nil else { return }
        if inValue {
            value.append(contentsOf: text)
        } else if inInline {
            inline.characters(text)
        }
    }

    private func endCell() {
        inCell = false
        let raw = String(decoding: value, as: UTF8.self)
        let text: String
        switch cellType {
        case "s":
            guard !raw.isEmpty else { return }
            guard let index = Int(raw.trimmingSpaces), sharedStrings.indices.contains(index) else {
                report(.error(location(column: cellColumn, row: rowNumber),
                              "shared string \(raw) does not exist (the table holds \(sharedStrings.count))"))
                return
            }
            text = sharedStrings[index]
        case "inlineStr":
            text = inline.take()
        case "str":
            text = CellText.unescape(raw)
        case "b":
            text = raw == "1" ? "TRUE" : raw == "0" ? "FALSE" : raw
        case "n":
            guard !raw.isEmpty else { return }
            guard let number = CellText.number(raw) else {
                report(.error(location(column: cellColumn, row: rowNumber), "number cell holds '\(raw)', which is not a number"))
                return
            }
            text = number
        default:  // e (error values such as #N/A, kept as written), d (ISO dates), others
            text = raw
        }
        guard !text.isEmpty else { return }
        if rowCells.count <= cellColumn {
            rowCells.append(contentsOf: repeatElement("", count: cellColumn - rowCells.count + 1))
        }
        rowCells[cellColumn] = text
    }

    /// Throws the first limit passed or the cell problems found (as `table()` does).
    func check() throws(DiagnosticError) {
        if let fatal { throw fatal }
        if !diagnostics.isEmpty { throw DiagnosticError(.badInput, diagnostics) }
    }

    /// The rows given to `onRow` were the table's rows: in order, and no merged range to fill.
    var streamedTable: Bool { sortedRows && merges.isEmpty }

    /// The rows in order with merged ranges filled; throws the first limit passed or the
    /// cell problems found.
    func table() throws(DiagnosticError) -> Table {
        try check()
        var rows = self.rows
        if !sortedRows {
            rows.sort { $0.number < $1.number }
            for (a, b) in zip(rows, rows.dropFirst()) where a.number == b.number {
                throw DiagnosticError(.error(location(column: 0, row: b.number), "row \(b.number) appears twice in the sheet"))
            }
        }
        guard !merges.isEmpty else { return Table(file: file, sheet: sheet, rows: rows) }

        var index: [Int: Int] = [:]
        for (position, row) in rows.enumerated() { index[row.number] = position }
        var added = false
        var budget = limits.maxCells - cellCount
        var rowBudget = limits.maxRows - rowCount
        for merge in merges {
            let (first, last) = (merge.first, merge.last)
            guard let topRow = index[first.row].map({ rows[$0] }), first.column < topRow.cells.count else { continue }
            let value = topRow.cells[first.column]
            guard !value.isEmpty else { continue }
            let area = (last.column - first.column + 1) * (last.row - first.row + 1)
            budget -= area
            guard budget >= 0 else {
                throw DiagnosticError(.error(location(column: first.column, row: first.row),
                                             "merged range \(merge.range) takes the sheet over \(limits.maxCells) cells (the limit)"))
            }
            for number in first.row...last.row {
                let position: Int
                if let found = index[number] {
                    position = found
                } else {
                    rowBudget -= 1
                    guard rowBudget >= 0 else {
                        throw DiagnosticError(.error(location(column: first.column, row: first.row),
                                                     "merged range \(merge.range) takes the sheet over \(limits.maxRows) rows (the limit)"))
                    }
                    rows.append(Table.Row(number: number, cells: []))
                    position = rows.count - 1
                    index[number] = position
                    added = true
                }
                if rows[position].cells.count <= last.column {
                    rows[position].cells.append(contentsOf: repeatElement("", count: last.column - rows[position].cells.count + 1))
                }
                // Excel shows the top-left value only (others are hidden leftovers): it applies to all.
                for column in first.column...last.column {
                    rows[position].cells[column] = value
                }
            }
        }
        if added { rows.sort { $0.number < $1.number } }
        for position in rows.indices {
            while rows[position].cells.last?.isEmpty == true { rows[position].cells.removeLast() }
        }
        return Table(file: file, sheet: sheet, rows: rows)
    }
}
