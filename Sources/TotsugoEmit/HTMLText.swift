/// Escaping for the HTML report: every piece of text from catalogs and mappings goes through
/// here before it reaches the page.
enum HTMLText {
    static func escape(_ text: String) -> String { XMLText.escape(text) }

    /// Escaped, with line breaks shown as `<br>`.
    static func lines(_ text: String) -> String {
        escape(text.replacingOccurrences(of: "\r\n", with: "\n")).split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "<br>")
    }

    static func oneDecimal(_ value: Double) -> String { XMLText.oneDecimal(value) }
}
