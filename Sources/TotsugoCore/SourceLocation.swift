/// A position in an input file: a line and column (1-based), or for a workbook a sheet and
/// cell, printed `file.xlsx:Sheet!C12`.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// `Sheet!C12` for a place in a workbook (then line and column are 1).
    public var cell: String?

    public init(file: String, line: Int = 1, column: Int = 1) {
        self.file = file
        self.line = max(line, 1)
        self.column = max(column, 1)
    }

    public init(file: String, sheet: String, cell: String) {
        self.init(file: file)
        self.cell = "\(sheet)!\(cell)"
    }

    public var description: String { cell.map { "\(file):\($0)" } ?? "\(file):\(line):\(column)" }
}
