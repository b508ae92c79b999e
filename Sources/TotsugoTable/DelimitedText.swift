#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TotsugoCore
import TotsugoIngest

/// What separates the cells of a row in a text table.
public enum Delimiter: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Decided from the first row: the one of comma and tab that occurs in it (outside quotes);
    /// if both or neither do, the file name (`.csv` comma; `.tsv`, `.tab`, `.txt` tab); else tab
    /// for UTF-16 text (Excel's "Unicode text") and comma for the rest.
    case auto
    case comma
    case tab
    /// European Excel's "CSV"; only when named (never detected).
    case semicolon

    /// Reads the name a user types: `auto`, `comma` or `,`, `tab` or `\t`, `semicolon` or `;`.
    public init?(name: String) {
        switch name.lowercased() {
        case "auto": self = .auto
        case "comma", ",": self = .comma
        case "tab", "\t", "\\t": self = .tab
        case "semicolon", ";": self = .semicolon
        default: return nil
        }
    }

    public var description: String { rawValue }

    var byte: UInt8 {
        switch self {
        case .comma, .auto: UInt8(ascii: ",")
        case .tab: UInt8(ascii: "\t")
        case .semicolon: UInt8(ascii: ";")
        }
    }
}

/// A text table read from a file, with how it was read (for provenance and messages).
public struct DelimitedTable: Sendable, Equatable {
    public var table: Table
    /// The encoding the file was read in (never `auto`).
    public var encoding: TextEncoding
    /// Whether the file started with a byte order mark.
    public var byteOrderMark: Bool
    /// The delimiter the cells were split on (never `auto`).
    public var delimiter: Delimiter
}

/// Reads CSV and TSV files (RFC 4180 quoting) as Excel and LibreOffice write them.
///
/// - Rows end with CR LF, LF or CR; a line ending at the end of the file ends the last row
///   (it does not start an empty one). A blank line is a row with one empty cell.
/// - A cell that starts with `"` is quoted: it ends at the next lone `"`, `""` inside it is one
///   quote, and it may hold delimiters and line breaks (each line break in a cell is read as
///   LF). After the closing quote comes a delimiter, a line end or the end of the file;
///   anything else is an error. A quote in a cell that does not start with one is text.
/// - A quoted cell that is still open at the end of the file is an error at its opening quote.
/// - Each row keeps the line it starts on; each cell the line and column (1-based, in
///   characters as Swift counts them) where it starts: one after the cells and delimiters
///   before it on that line, each counted on its own.
/// - Measured (release, 2 shared cores): 100,001 rows × 8 cells, 18 MB of Japanese text with
///   multi-line cells: 0.24 s (UTF-8), 0.25 s (CP932), 0.28 s (UTF-16); about 100 MB resident.
public enum DelimitedText {
    public struct Options: Sendable, Equatable {
        public var encoding: TextEncoding
        public var delimiter: Delimiter
        /// Largest file in bytes.
        public var maxInputBytes: Int
        /// Most rows (blank lines count).
        public var maxRows: Int
        /// Most cells in one row.
        public var maxColumns: Int
        /// Most cells in the whole table (bounds memory: a row of 16,384 empty cells is only
        /// 16 KB of text).
        public var maxCells: Int
        /// Longest cell, in characters.
        public var maxCellLength: Int

        /// 64 MiB, as for the other inputs.
        public static let defaultMaxInputBytes = 64 << 20
        /// Excel's own limits: 1,048,576 rows, 16,384 columns, 32,767 characters in a cell.
        public static let defaultMaxRows = 1_048_576
        public static let defaultMaxColumns = 16_384
        public static let defaultMaxCellLength = 32_767
        /// Ten million cells (about 320 MB of cells at most).
        public static let defaultMaxCells = 10_000_000

        public init(encoding: TextEncoding = .auto, delimiter: Delimiter = .auto,
                    maxInputBytes: Int = defaultMaxInputBytes, maxRows: Int = defaultMaxRows,
                    maxColumns: Int = defaultMaxColumns, maxCells: Int = defaultMaxCells,
                    maxCellLength: Int = defaultMaxCellLength) {
            self.encoding = encoding
            self.delimiter = delimiter
            self.maxInputBytes = maxInputBytes
            self.maxRows = maxRows
            self.maxColumns = maxColumns
            self.maxCells = maxCells
            self.maxCellLength = maxCellLength
        }
    }

    /// Reads the file at `path` (a regular file no larger than `options.maxInputBytes`).
    /// Diagnostics name the file as `path`. A file that is missing or cannot be read fails with
    /// kind `.missingInput`; anything wrong inside it with `.badInput`.
    public static func read(_ path: String, options: Options = Options()) throws(DiagnosticError) -> DelimitedTable {
        var bytes = try InputFile.readBytes(path, sizeLimit: options.maxInputBytes)
        let decoded = try TextDecoding.decode(bytes, file: path, encoding: options.encoding)
        // The file's bytes go before the cells are made (a CP932 file is decoded into a copy:
        // 28 MB of the 100,000-row bench file).
        bytes = []
        return try parse(decoded, file: path, options: options)
    }

    /// Reads a table from bytes already in memory; `file` names it in diagnostics (and its
    /// extension helps decide the delimiter).
    public static func parse(_ bytes: [UInt8], file: String, options: Options = Options()) throws(DiagnosticError) -> DelimitedTable {
        if bytes.count > options.maxInputBytes {
            throw InputFile.tooLarge(file, size: Int64(bytes.count), limit: options.maxInputBytes)
        }
        return try parse(try TextDecoding.decode(bytes, file: file, encoding: options.encoding), file: file, options: options)
    }

    static func parse(_ decoded: DecodedText, file: String, options: Options) throws(DiagnosticError) -> DelimitedTable {
        let delimiter = options.delimiter == .auto ? detectDelimiter(decoded.utf8, file: file, encoding: decoded.encoding) : options.delimiter
        var parser = Parser(text: decoded.utf8, file: file, delimiter: delimiter.byte, options: options)
        let rows = try parser.rows()
        if rows.isEmpty {
            throw DiagnosticError(.error(SourceLocation(file: file), "the file is empty: it holds no rows"))
        }
        return DelimitedTable(table: Table(file: file, rows: rows), encoding: decoded.encoding,
                              byteOrderMark: decoded.byteOrderMark, delimiter: delimiter)
    }

    /// See `Delimiter.auto`.
    static func detectDelimiter(_ text: [UInt8], file: String, encoding: TextEncoding) -> Delimiter {
        detectDelimiter(text, file: file, encoding: encoding, final: true)!
    }

    /// See `Delimiter.auto`; nil when `text` is not `final` (more of the file follows) and its
    /// first row does not end in it.
    static func detectDelimiter(_ text: [UInt8], file: String, encoding: TextEncoding, final: Bool) -> Delimiter? {
        // A quote opens a quoted part only at the start of a cell (as the parser reads it).
        var commas = 0, tabs = 0, quoted = false, cellStart = true, ended = false
        for byte in text {
            if byte == UInt8(ascii: "\"") {
                // Closing may be the first half of a doubled quote: the next quote reopens.
                if quoted { quoted = false; cellStart = true } else { quoted = cellStart; cellStart = false }
            } else if quoted {
                continue
            } else if byte == UInt8(ascii: ",") {
                commas += 1; cellStart = true
            } else if byte == UInt8(ascii: "\t") {
                tabs += 1; cellStart = true
            } else if byte == 0x0A || byte == 0x0D {
                ended = true
                break
            } else {
                cellStart = false
            }
        }
        if !ended && !final { return nil }
        if commas > 0 && tabs == 0 { return .comma }
        if tabs > 0 && commas == 0 { return .tab }
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let ext = name.split(separator: ".").count > 1 ? name.split(separator: ".").last!.lowercased() : ""
        switch ext {
        case "csv": return .comma
        case "tsv", "tab", "txt": return .tab
        default: break
        }
        if commas != tabs { return commas > tabs ? .comma : .tab }
        return encoding == .utf16LE || encoding == .utf16BE ? .tab : .comma
    }

    struct Parser {
        var text: [UInt8]
        let file: String
        let delimiter: UInt8
        let options: Options
        var i = 0
        var line = 1
        /// Offset where the current line starts.
        var lineStart = 0
        /// Characters counted on the current line up to `countedTo` (columns are counted
        /// incrementally, so a long line is not recounted for each cell).
        var countedLineStart = 0
        var countedTo = 0
        var counted = 0
        var cells = 0

        init(text: [UInt8], file: String, delimiter: UInt8, options: Options) {
            self.text = text
            self.file = file
            self.delimiter = delimiter
            self.options = options
        }

        mutating func column(at offset: Int) -> Int {
            if countedLineStart != lineStart || countedTo < lineStart {
                countedLineStart = lineStart
                countedTo = lineStart
                counted = 0
            }
            counted += TextPosition.characters(text[countedTo..<offset])
            countedTo = offset
            return counted + 1
        }

        func at(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }

        mutating func rows() throws(DiagnosticError) -> [Table.Row] {
            var rows: [Table.Row] = []
            while i < text.count { rows.append(try nextRow()) }
            return rows
        }

        /// Rows read so far.
        var rowCount = 0

        /// Reads the row that starts at `i` (`i < text.count`); leaves `i` at the start of the next.
        mutating func nextRow() throws(DiagnosticError) -> Table.Row {
            let n = text.count
            if rowCount == options.maxRows {
                throw DiagnosticError(.error(at(line, 1),
                    "the table has more than \(options.maxRows) rows (the limit for one table); raise the row limit if this is intended"))
            }
            let rowLine = line
            var values: [String] = []
            var starts: [(line: Int, column: Int)] = []
            while true {
                let start = (line: line, column: column(at: i))
                if values.count == options.maxColumns {
                    throw DiagnosticError(.error(at(start.line, start.column),
                        "the row has more than \(options.maxColumns) cells (the limit for one row); raise the column limit if this is intended"))
                }
                cells += 1
                if cells > options.maxCells {
                    throw DiagnosticError(.error(at(start.line, start.column),
                        "the table has more than \(options.maxCells) cells (the limit for one table); raise the cell limit if this is intended"))
                }
                let value = try cell(startingAt: start)
                values.append(value)
                starts.append(start)
                if i == n { break }
                let byte = text[i]
                if byte == delimiter { i += 1; continue }
                // A line end (the cell scanners stop only at a delimiter, a line end or the end).
                i += byte == 0x0D && i + 1 < n && text[i + 1] == 0x0A ? 2 : 1
                line += 1
                lineStart = i
                break
            }
            rowCount += 1
            return Table.Row(number: rowLine, cells: values, starts: starts)
        }

        /// Drops the text before `i` (a row's start: `lineStart == i`) and appends `more`, for a
        /// table read a piece at a time.
        mutating func replaceRead(with more: some Collection<UInt8>) {
            text.removeFirst(i)
            i = 0
            lineStart = 0
            // Columns are counted afresh from the row's start.
            countedLineStart = -1
            countedTo = 0
            counted = 0
            text.append(contentsOf: more)
        }

        /// Whether the text from `start` holds a whole row and the byte after its line end, so
        /// that `nextRow` reads it as it would in the whole file (a piece may end inside a quoted
        /// cell, after a lone CR, or after a quote that may be the first of two). Quotes are read
        /// as the parser reads them; where the parser would fail, it fails before this row's end.
        static func holdsRow(_ text: [UInt8], from start: Int, delimiter: UInt8) -> Bool {
            let quote = UInt8(ascii: "\"")
            let n = text.count
            var i = start, cellStart = true
            while i < n {
                let byte = text[i]
                if cellStart && byte == quote {
                    i += 1
                    while true {
                        guard i < n else { return false }
                        if text[i] == quote {
                            guard i + 1 < n else { return false }
                            if text[i + 1] == quote { i += 2; continue }
                            i += 1
                            break
                        }
                        i += 1
                    }
                    cellStart = false
                    continue
                }
                if byte == delimiter { cellStart = true; i += 1; continue }
                if byte == 0x0A { return true }
                if byte == 0x0D { return i + 1 < n }
                cellStart = false
                i += 1
            }
            return false
        }

        /// Reads one cell at `i`; leaves `i` at the delimiter, line end or end of text after it.
        mutating func cell(startingAt start: (line: Int, column: Int)) throws(DiagnosticError) -> String {
            let n = text.count
            let quote = UInt8(ascii: "\"")
            guard i < n, text[i] == quote else {
                let from = i
                while i < n {
                    let byte = text[i]
                    if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                    i += 1
                }
                try checkLength(text[from..<i].count, { String(decoding: text[from..<i], as: UTF8.self) }, start)
                return String(decoding: text[from..<i], as: UTF8.self)
            }
            i += 1
            var value: [UInt8] = []
            var segment = i
            while true {
                while i < n {
                    let byte = text[i]
                    if byte == quote || byte == 0x0A || byte == 0x0D { break }
                    i += 1
                }
                if i == n {
                    throw DiagnosticError(.error(at(start.line, start.column),
                        "this quoted cell is never closed: no closing quote (\") before the end of the file; a quote inside a quoted cell is written as two quotes (\"\")"))
                }
                let byte = text[i]
                if byte == quote {
                    if i + 1 < n && text[i + 1] == quote {
                        value.append(contentsOf: text[segment...i])
                        i += 2
                        segment = i
                        continue
                    }
                    value.append(contentsOf: text[segment..<i])
                    i += 1
                    break
                }
                // A line break inside the cell: kept, as LF.
                value.append(contentsOf: text[segment..<i])
                value.append(0x0A)
                i += byte == 0x0D && i + 1 < n && text[i + 1] == 0x0A ? 2 : 1
                line += 1
                lineStart = i
                segment = i
            }
            if i < n, text[i] != delimiter, text[i] != 0x0A, text[i] != 0x0D {
                let column = column(at: i)
                throw DiagnosticError(.error(at(line, column),
                    "text after the closing quote of the quoted cell that starts at \(start.line):\(start.column); a quote inside a quoted cell is written as two quotes (\"\")"))
            }
            try checkLength(value.count, { String(decoding: value, as: UTF8.self) }, start)
            return String(decoding: value, as: UTF8.self)
        }

        func checkLength(_ byteCount: Int, _ value: () -> String, _ start: (line: Int, column: Int)) throws(DiagnosticError) {
            // A character is at least one byte: only a long cell needs counting.
            guard byteCount > options.maxCellLength else { return }
            let length = value().count
            guard length > options.maxCellLength else { return }
            throw DiagnosticError(.error(at(start.line, start.column),
                "this cell is \(length) characters long, more than the limit of \(options.maxCellLength) for one cell (is a quote not closed where it should be?); raise the cell length limit if this is intended"))
        }
    }
}
