import TotsugoCore
import TotsugoMatch

/// The 突合表 as a Markdown document: the catalogs used with their completeness, a coverage
/// summary, then the table. Markdown has one header row, so each column is headed
/// `group: column`. `#N/A` gaps are bold; `|` is escaped and line breaks become `<br>`.
public struct MarkdownEmitter {
    public init() {}

    public func render(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage) -> [UInt8] {
        var out = "# \(escape(table.title))\n\n"
        let mapping = resolved.mapping
        out += "マッピング `\(mapping.id)` — 状態: \(mapping.status)、レビュー担当: \(mapping.reviewer.map(escape) ?? "（未設定）")。"
        out += "\(CoverageLabels.legend)。\n\n"
        out += "## 出典と網羅状況\n\n| カタログ | 名称 | 発行者 | 版 | 網羅状況 |\n|---|---|---|---|---|\n"
        for index in [resolved.source] + resolved.targets {
            let c = index.catalog
            out += "| \(escape(c.shortTitle)) | \(escape(c.title)) | \(escape(c.publisher)) | \(escape(c.version)) | \(escape(c.completeness)) |\n"
        }
        out += "\n## カバレッジ\n\n| " + CoverageLabels.headings.map(escape).joined(separator: " | ") + " |\n"
        out += "|---|---|---:|---:|---:|---:|---:|---:|\n"
        for line in coverage.lines {
            let c = line.count
            out += "| \(escape(line.targetTitle)) | \(CoverageLabels.level(line)) | \(c.items) | \(c.mapped) | \(c.fullyCovered) | \(c.noCounterpart) | \(c.unreviewed) | \(percent(c.mappedPercent))% |\n"
        }
        out += "\n## 突合表\n\n"
        var headers: [String] = []
        for group in table.groups {
            for column in group.columns { headers.append("\(group.title): \(column)") }
        }
        out += "| " + headers.map(escape).joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---|", count: headers.count) + "\n"
        for row in table.rows {
            out += "| " + row.cells.map(cell).joined(separator: " | ") + " |\n"
        }
        return Array(out.utf8)
    }

    func cell(_ cell: CrossReferenceTable.Cell) -> String {
        switch cell.kind {
        case .gap: "**#N/A**"
        case .unreviewed, .text: escape(cell.text)
        }
    }

    /// `\` → `\\`, `|` → `\|`, CRLF and LF → `<br>`, in one pass over the bytes (Foundation's
    /// replacingOccurrences dominated large tables).
    func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            guard bytes.contains(where: { $0 == 0x5C || $0 == 0x7C || $0 == 0x0A }) else { return String(decoding: bytes, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                switch byte {
                case 0x5C: out += [0x5C, 0x5C]
                case 0x7C: out += [0x5C, 0x7C]
                case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
                    out += Array("<br>".utf8)
                    i += 1
                case 0x0A: out += Array("<br>".utf8)
                default: out.append(byte)
                }
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    func percent(_ value: Double) -> String { XMLText.oneDecimal(value) }
}
