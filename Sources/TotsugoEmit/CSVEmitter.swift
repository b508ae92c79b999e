import TotsugoCore
import TotsugoMatch

/// The 突合表 as CSV that Japanese Excel opens without mojibake: UTF-8 with BOM, CRLF line
/// ends, RFC 4180 quoting (fields with `"`, `,`, CR or LF are quoted; `"` doubled). Two header
/// rows: the column groups (each title in its group's first column), then the columns.
///
/// CSV injection (OWASP): a cell that a spreadsheet would take as a formula — its first
/// character, after any leading TAB, CR, LF or space, is `=`, `+`, `-` or `@` — is written
/// with a `'` in front, so Excel shows it as text (`'=HYPERLINK(…)`). Other cells are unchanged.
public struct CSVEmitter {
    public init() {}

    /// The whole CSV in memory (tests, small tables).
    package func render(_ table: CrossReferenceTable) -> [UInt8] {
        var out: [UInt8] = []
        emit(table, into: &out) { _ in }
        return out
    }

    /// Writes the CSV into `file` row by row: only the file's buffer is in memory.
    package func write(_ table: CrossReferenceTable, to file: inout OutputFile) throws {
        try file.stream { buffer, rowWritten in try emit(table, into: &buffer, rowWritten: rowWritten) }
    }

    /// Appends the CSV to `out`, calling `rowWritten` after each row (to flush `out`).
    /// Built as bytes: Foundation's replacingOccurrences dominated large runs.
    func emit(_ table: CrossReferenceTable, into out: inout [UInt8], rowWritten: (inout [UInt8]) throws -> Void) rethrows {
        var groupRow: [String] = []
        for group in table.groups {
            groupRow.append(group.title)
            groupRow += Array(repeating: "", count: max(group.columns.count - 1, 0))
        }
        out += [0xEF, 0xBB, 0xBF]
        Self.append(groupRow, to: &out)
        Self.append(table.groups.flatMap(\.columns), to: &out)
        for row in table.rows {
            var first = true
            for cell in row.cells {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                Self.appendCell(cell, to: &out)
            }
            out += [0x0D, 0x0A]
            try rowWritten(&out)
        }
    }

    func line(_ fields: [String]) -> String {
        var out: [UInt8] = []
        Self.append(fields, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func append(_ fields: [String], to out: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendField(field, to: &out)
        }
        out += [0x0D, 0x0A]
    }

    static func quote(_ field: String) -> String {
        var out: [UInt8] = []
        appendField(field, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A cell of several lines is written line by line, never joined: the same bytes as
    /// `appendField` of the lines joined with "\n" (a line's own trailing CR merges with that
    /// "\n" into one CRLF, as it would in the joined text).
    static func appendCell(_ cell: CrossReferenceTable.Cell, to out: inout [UInt8]) {
        guard let lines = cell.storedLines else {
            appendField(cell.text, to: &out)
            return
        }
        out.append(0x22)
        if isFormula(lines) { out.append(0x27) }
        for (index, line) in lines.enumerated() {
            var line = line
            line.withUTF8 { bytes in
                var body = bytes
                let last = index == lines.count - 1
                if !last, let end = bytes.last, end == 0x0D { body = UnsafeBufferPointer(rebasing: bytes.dropLast()) }
                appendQuotedBody(body, to: &out)
                if !last { out += [0x0D, 0x0A] }
            }
        }
        out.append(0x22)
    }

    /// Inside a field, line breaks are CRLF as well (a lone LF becomes CRLF), so Excel shows
    /// them as breaks in the cell. A field holding `"`, `,`, CR or LF is quoted, `"` doubled.
    static func appendField(_ field: String, to out: inout [UInt8]) {
        var field = field
        field.withUTF8 { bytes in
            let formula = formulaStart(bytes) == true
            if firstSpecial(bytes, from: 0) == bytes.count {
                if formula { out.append(0x27) }
                out.append(contentsOf: bytes)
                return
            }
            out.append(0x22)
            if formula { out.append(0x27) }
            appendQuotedBody(bytes, to: &out)
            out.append(0x22)
        }
    }

    /// Whether a spreadsheet would read the text as a formula: its first byte other than TAB,
    /// CR, LF or space is `=`, `+`, `-` or `@` (true/false), or nil when it is all such blanks.
    static func formulaStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        for byte in bytes {
            switch byte {
            case 0x09, 0x0D, 0x0A, 0x20: continue
            case 0x3D, 0x2B, 0x2D, 0x40: return true
            default: return false
            }
        }
        return nil
    }

    /// `formulaStart` of the lines joined with "\n".
    static func isFormula(_ lines: [String]) -> Bool {
        for line in lines {
            var line = line
            if let verdict = line.withUTF8({ formulaStart($0) }) { return verdict }
        }
        return false
    }

    /// The inside of a quoted field: runs without specials copied whole.
    private static func appendQuotedBody(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var i = 0
        while i < bytes.count {
            let next = firstSpecial(bytes, from: i)
            if next > i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<next])) }
            i = next
            guard i < bytes.count else { break }
            switch bytes[i] {
            case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
                out += [0x0D, 0x0A]
                i += 1
            case 0x0A: out += [0x0D, 0x0A]
            case 0x22: out += [0x22, 0x22]
            default: out.append(bytes[i])  // `,` and a lone CR stay as they are inside quotes
            }
            i += 1
        }
    }

    /// Index of the first `"`, `,`, CR or LF at or after `start` (`bytes.count` if none),
    /// eight bytes at a time: a byte equal to c makes (w ^ c…) have a zero byte, found with
    /// the usual (x - 0x01…) & ~x & 0x80… test.
    static func firstSpecial(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        var i = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= bytes.count {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if hasZeroByte(w ^ (ones &* 0x22)) || hasZeroByte(w ^ (ones &* 0x2C))
                    || hasZeroByte(w ^ (ones &* 0x0D)) || hasZeroByte(w ^ (ones &* 0x0A)) { break }
                i += 8
            }
        }
        while i < bytes.count {
            switch bytes[i] {
            case 0x22, 0x2C, 0x0D, 0x0A: return i
            default: i += 1
            }
        }
        return i
    }
}

extension CSVEmitter: OutputFormat {
    public var name: String { "csv" }
    public func write(_ artifact: TableArtifact, to file: inout OutputFile) throws -> [Diagnostic] {
        try write(artifact.table, to: &file)
        return []
    }
}
