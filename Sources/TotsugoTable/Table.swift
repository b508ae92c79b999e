import TotsugoCore

/// A table as a user's file holds it (a CSV/TSV file, or one sheet of a workbook): rows of
/// cells, each with where it came from, before any meaning is given to its columns. The
/// importers read catalogs and mappings out of it with a recipe.
public struct Table: Sendable, Equatable {
    /// The file the table was read from, as the user named it.
    public var file: String
    /// The sheet's name (workbooks); nil for CSV/TSV.
    public var sheet: String?
    /// Rows in file order; a row's cells in column order. Empty cells are "" (so that column
    /// `n` of every row is `cells[n]` when the row is long enough); trailing empty cells may
    /// be absent.
    public var rows: [Row]

    public init(file: String, sheet: String? = nil, rows: [Row]) {
        self.file = file
        self.sheet = sheet
        self.rows = rows
    }

    public struct Row: Sendable, Equatable {
        /// 1-based row number in the file (CSV: the row's first line; a workbook: the sheet row).
        public var number: Int
        public var cells: [String]
        /// CSV: the line and column (1-based, in characters) where each cell starts, for
        /// diagnostics; empty for workbooks (their position is the cell reference).
        public var starts: [(line: Int, column: Int)]

        public init(number: Int, cells: [String], starts: [(line: Int, column: Int)] = []) {
            self.number = number
            self.cells = cells
            self.starts = starts
        }

        public static func == (a: Row, b: Row) -> Bool {
            a.number == b.number && a.cells == b.cells && a.starts.map(\.line) == b.starts.map(\.line)
                && a.starts.map(\.column) == b.starts.map(\.column)
        }
    }

    /// Where cell `column` (0-based) of `row` is, for a diagnostic: `file:line:col` for CSV,
    /// `file.xlsx:Sheet!C12` for a sheet.
    public func location(row: Row, column: Int) -> SourceLocation {
        if let sheet { return SourceLocation(file: file, sheet: sheet, cell: Self.columnName(column) + String(row.number)) }
        if column < row.starts.count { return SourceLocation(file: file, line: row.starts[column].line, column: row.starts[column].column) }
        return SourceLocation(file: file, line: row.number, column: 1)
    }

    /// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
    public static func columnName(_ column: Int) -> String {
        var n = column + 1, name = ""
        while n > 0 {
            let digit = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            n = (n - 1) / 26
        }
        return name
    }
}
