/// Plain-text table layout for terminals: pads by display width, counting East Asian wide
/// characters (kana, kanji, full-width forms) as two columns.
public enum TextColumns {
    public static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Rows of cells as aligned lines; `rightAligned` holds the indexes of numeric columns.
    public static func render(_ rows: [[String]], rightAligned: Set<Int> = [], indent: String = "") -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (k, cell) in row.enumerated() { widths[k] = max(widths[k], width(cell)) } }
        var out = ""
        for row in rows {
            var line = indent
            for (k, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[k] - width(cell))
                line += rightAligned.contains(k) ? pad + cell : cell + (k == row.count - 1 ? "" : pad)
                if k < row.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// `95.0%`, locale independent; `n/a` for nil.
    public static func percent(_ ratio: Double?) -> String {
        guard let ratio else { return "n/a" }
        return XMLText.oneDecimal(ratio * 100) + "%"
    }
}
