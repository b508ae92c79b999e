/// Escaping for the HTML report: every piece of text from catalogs and mappings goes through
/// here before it reaches the page.
enum HTMLText {
    /// Escapes `& < > " '` (safe in element text and in quoted attribute values). Control
    /// characters other than tab and line breaks, which HTML forbids, become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Escaped, with line breaks shown as `<br>`.
    static func lines(_ text: String) -> String {
        escape(text.replacingOccurrences(of: "\r\n", with: "\n")).split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "<br>")
    }

    /// One decimal, independent of locale: 33.333 → `33.3`.
    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
