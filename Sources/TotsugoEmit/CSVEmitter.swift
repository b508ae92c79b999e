import TotsugoMatch

/// The 突合表 as CSV that Japanese Excel opens without mojibake: UTF-8 with BOM, CRLF line
/// ends, RFC 4180 quoting (fields with `"`, `,`, CR or LF are quoted; `"` doubled). Two header
/// rows: the column groups (each title in its group's first column), then the columns.
public struct CSVEmitter {
    public init() {}

    public func render(_ table: CrossReferenceTable) -> [UInt8] {
        var lines: [String] = []
        var groupRow: [String] = []
        for group in table.groups {
            groupRow.append(group.title)
            groupRow += Array(repeating: "", count: max(group.columns.count - 1, 0))
        }
        lines.append(line(groupRow))
        lines.append(line(table.groups.flatMap(\.columns)))
        for row in table.rows { lines.append(line(row.cells.map(\.text))) }
        return [0xEF, 0xBB, 0xBF] + Array(lines.joined().utf8)
    }

    func line(_ fields: [String]) -> String {
        fields.map(Self.quote).joined(separator: ",") + "\r\n"
    }

    static func quote(_ field: String) -> String {
        // Inside a field, line breaks are CRLF as well, so Excel shows them as breaks in the cell.
        let text = field.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        guard text.contains(where: { $0 == "\"" || $0 == "," || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
