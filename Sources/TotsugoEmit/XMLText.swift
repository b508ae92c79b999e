/// The one escaper for XML parts (docx, JUnit) and HTML pages. SpreadsheetML text has its own
/// (`XLSXText.escape`), because Excel round-trips control characters as `_xHHHH_`.
public enum XMLText {
    /// Escapes `& < > " '` (safe in element text and in quoted attribute values). Characters
    /// XML 1.0 forbids (C0 controls other than tab and line breaks, U+FFFE, U+FFFF) and C1
    /// controls become U+FFFD.
    public static func escape(_ text: String) -> String {
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
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Element text that a reader gets back as the same string (OSCAL XML export): only
    /// `& < >` escaped, and a carriage return as `&#13;` (a parser turns a raw CR into a line
    /// feed). Meant for text already checked to hold no character XML forbids.
    public static func escapeExact(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A double-quoted attribute value a reader gets back as the same string: line feed, CR and
    /// tab as character references (attribute-value normalisation would turn them into spaces).
    public static func escapeAttributeExact(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One decimal, independent of locale: 33.333 → `33.3`.
    public static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths < 0 ? "-" : "")\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
