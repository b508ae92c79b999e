/// Text helpers for SpreadsheetML parts: XML escaping and Excel's cell text limit.
enum XLSXText {
    /// Excel's limit for the text of one cell, in UTF-16 code units.
    static let cellLimit = 32_767

    /// Escapes `&`, `<`, `>`, `"` for element text and attribute values. Characters XML 1.0
    /// cannot hold (C0 controls other than tab, LF, CR; U+FFFE/U+FFFF) are written as OOXML's
    /// `_xHHHH_` escape, and a literal `_xHHHH_` in the text is protected as `_x005F_xHHHH_`,
    /// so Excel shows exactly the original text.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case "_" where startsEscapeLiteral(scalars, at: index): out += "_x005F_"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "_x" + hex4(scalar.value) + "_"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// True when `_xHHHH_` starts at `index`.
    static func startsEscapeLiteral(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
        return scalars[(index + 2)...(index + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The text cut to fit one cell, with a visible marker saying how long it was; nil when it
    /// already fits. Cuts between characters (never inside a surrogate pair or a cluster).
    static func truncatedForCell(_ text: String, limit: Int = cellLimit) -> String? {
        let length = text.utf16.count
        guard length > limit else { return nil }
        let marker = "…［以下省略: 全\(length)文字。Excel のセル上限 \(limit) 文字を超えるため切り詰め］"
        let room = limit - marker.utf16.count
        var kept = ""
        var used = 0
        for character in text {
            let size = character.utf16.count
            if used + size > room { break }
            kept.append(character)
            used += size
        }
        return kept + marker
    }

    /// Display width in Excel column units: East Asian wide and fullwidth characters count 2.
    static func displayWidth(_ line: Substring) -> Int { TextColumns.width(String(line)) }

    /// Widest line of a (possibly multi-line) text.
    static func widestLine(_ text: String) -> Int {
        lines(text).map(displayWidth).max() ?? 0
    }

    /// `text.split(separator: "\n", omittingEmptySubsequences: false)`, split on bytes when the
    /// text has no CR (then every LF is a Character of its own, so the result is the same);
    /// splitting by Character dominated the workbook's run time on large tables.
    static func lines(_ text: String) -> [Substring] {
        guard !text.utf8.contains(0x0D) else { return text.split(separator: "\n", omittingEmptySubsequences: false) }
        return text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
    }
}
