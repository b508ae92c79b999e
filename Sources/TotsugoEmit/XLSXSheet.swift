/// One worksheet as data, before it is written as SpreadsheetML. Rows and columns are 1-based
/// in every range below.
struct XLSXSheet: Sendable {
    struct Cell: Sendable {
        enum Value: Sendable {
            case text(String)
            /// A text of several lines, read as if joined with LF but never joined in memory
            /// (the 突合表's cells shared by several links keep their lines this way).
            case lines([String])
            case number(Double)
            case empty
        }
        var value: Value
        var style: XLSXStyle

        static func text(_ text: String, _ style: XLSXStyle = .body) -> Cell { Cell(value: .text(text), style: style) }
        static func number(_ number: Double, _ style: XLSXStyle = .integer) -> Cell { Cell(value: .number(number), style: style) }
        static func empty(_ style: XLSXStyle = .plain) -> Cell { Cell(value: .empty, style: style) }
    }

    struct Range: Equatable, Sendable {
        var top: Int, left: Int, bottom: Int, right: Int
        var a1: String { XLSXCellRef.range(top: top, left: left, bottom: bottom, right: right) }
    }

    /// A conditional format rule over a range.
    enum Rule: Sendable {
        /// Flags cells whose value is the text `#N/A` or a real #N/A error (pasted VLOOKUP results).
        case gapText
        /// A data bar from 0 to 1 (shares).
        case shareBar
    }

    /// A data validation (Excel's 入力規則): a drop-down list or a whole-number range, with
    /// the message shown when a cell is selected and when a wrong value is typed.
    struct Validation: Sendable {
        enum Kind: Sendable {
            case list([String])
            case whole(Int, Int)
        }
        var range: Range
        var kind: Kind
        var title: String
        var prompt: String
        var error: String
    }

    var name: String
    /// Column widths in Excel character units, one per column from A.
    var widths: [Double] = []
    var rows: [[Cell]] = []
    var merges: [Range] = []
    var frozenRows = 0
    var frozenColumns = 0
    var autoFilter: Range?
    var conditionalFormats: [(range: Range, rule: Rule)] = []
    var validations: [Validation] = []
    /// Header rows and item columns printed on every page (`_xlnm.Print_Titles`).
    var printTitleRows: ClosedRange<Int>?
    var printTitleColumns: ClosedRange<Int>?
    /// Centre page header (plain text); the footer shows page numbers.
    var pageHeader = ""
    /// Print scale in percent (ignored when `fitToWidth`).
    var printScale = 100
    /// Paper, printed landscape.
    var paper: Paper = .a4
    /// Printed one page wide, as many pages down as it takes (`fitToWidth="1" fitToHeight="0"`).
    var fitToWidth = false
    /// Pages numbered down the rows first, then across (`pageOrder="downThenOver"`).
    var pagesDownThenOver = false
    /// 1-based columns written hidden (their cells stay in the sheet).
    var hiddenColumns: Set<Int> = []
    /// 1-based columns that start a new printed page (manual column breaks).
    var columnBreaks: [Int] = []
    /// 1-based columns in a column outline group of level 1 (Excel's 「グループ化」): the bar
    /// above the headings gets a 「−」 button per run of them, and its 「1」 button hides them all.
    var outlineColumns: Set<Int> = []

    /// `paperSize` codes of SpreadsheetML.
    enum Paper: Int, Sendable {
        case a3 = 8
        case a4 = 9
    }

    var columnCount: Int { max(widths.count, rows.map(\.count).max() ?? 0) }
}
