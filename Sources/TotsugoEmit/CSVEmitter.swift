import TotsugoMatch

/// The 突合表 as CSV that Japanese Excel opens without mojibake: UTF-8 with BOM, CRLF line
/// ends, RFC 4180 quoting (fields with `"`, `,`, CR or LF are quoted; `"` doubled). Two header
/// rows: the column groups (each title in its group's first column), then the columns.
public struct CSVEmitter {
    public init() {}

    /// The whole CSV in memory (tests, small tables).
    public func render(_ table: CrossReferenceTable) -> [UInt8] {
        var out: [UInt8] = []
        emit(table, into: &out) { _ in }
        return out
    }

    /// Writes the CSV into `file` row by row: only the file's buffer is in memory.
    public func write(_ table: CrossReferenceTable, to file: inout OutputFile) throws {
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
                Self.appendField(cell.text, to: &out)
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

    /// Inside a field, line breaks are CRLF as well (a lone LF becomes CRLF), so Excel shows
    /// them as breaks in the cell. A field holding `"`, `,`, CR or LF is quoted, `"` doubled.
    static func appendField(_ field: String, to out: inout [UInt8]) {
        var field = field
        field.withUTF8 { bytes in
            let needsQuotes = bytes.contains { $0 == 0x22 || $0 == 0x2C || $0 == 0x0D || $0 == 0x0A }
            if !needsQuotes {
                out.append(contentsOf: bytes)
                return
            }
            out.append(0x22)
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                switch byte {
                case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
                    out += [0x0D, 0x0A]
                    i += 1
                case 0x0A: out += [0x0D, 0x0A]
                case 0x22: out += [0x22, 0x22]
                default: out.append(byte)
                }
                i += 1
            }
            out.append(0x22)
        }
    }
}
