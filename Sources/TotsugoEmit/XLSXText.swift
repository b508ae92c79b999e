import Foundation

/// Text helpers for SpreadsheetML parts: XML escaping and Excel's cell text limit.
enum XLSXText {
    /// Excel's limit for the text of one cell, in UTF-16 code units.
    static let cellLimit = 32_767

    /// Escapes `&`, `<`, `>`, `"` for element text and attribute values. Characters XML 1.0
    /// cannot hold (C0 controls other than tab, LF, CR; U+FFFE/U+FFFF) are written as OOXML's
    /// `_xHHHH_` escape, and a literal `_xHHHH_` in the text is protected as `_x005F_xHHHH_`,
    /// so Excel shows exactly the original text.
    static func escape(_ text: String) -> String {
        var out = XLSXBytes(capacity: text.utf8.count)
        out.appendEscaped(text)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// The text cut to fit one cell, with a visible marker saying how long it was; nil when it
    /// already fits. Cuts between characters (never inside a surrogate pair or a cluster).
    static func truncatedForCell(_ text: String, limit: Int = cellLimit) -> String? {
        // UTF-16 never has more code units than UTF-8 (whose count is O(1)).
        guard text.utf8.count > limit else { return nil }
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
        var widest = 0
        lineWidths(text) { widest = max(widest, $0) }
        return widest
    }

    /// `widestLine(lines.joined(separator: "\n"))` without joining: with no CR anywhere the
    /// joined text's lines are exactly the lines' own lines, in order.
    static func widestLine(lines: [String]) -> Int {
        if lines.contains(where: hasCR) { return widestLine(lines.joined(separator: "\n")) }
        return lines.reduce(0) { max($0, widestLine($1)) }
    }

    static func hasCR(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ $0.isEmpty ? false : memchr($0.baseAddress!, 0x0D, $0.count) != nil }) {
            return found
        }
        return text.utf8.contains(0x0D)
    }

    /// UTF-8 length of `lines.joined(separator: "\n")`.
    static func joinedCount(_ lines: [String]) -> Int {
        lines.reduce(max(lines.count - 1, 0)) { $0 + $1.utf8.count }
    }

    /// The display width of each line, as `lines(text).map(displayWidth)` gives, without
    /// building the lines: counted over the UTF-8 bytes when the text has no CR (then the lines
    /// are exactly the LF-separated byte runs).
    static func lineWidths(_ text: String, _ body: (Int) -> Void) {
        var split = false
        if let done = text.utf8.withContiguousStorageIfAvailable({ lineWidths(ofBytes: $0, body) }) {
            split = done
        } else {
            var copy = text
            split = copy.withUTF8 { lineWidths(ofBytes: $0, body) }
        }
        if !split {
            for line in lines(text) { body(displayWidth(line)) }
        }
    }

    /// False (and nothing reported) when the text has a CR.
    private static func lineWidths(ofBytes bytes: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) -> Bool {
        if let base = bytes.baseAddress, memchr(base, 0x0D, bytes.count) != nil { return false }
        var width = 0
        var i = 0
        let count = bytes.count
        while i < count {
            let byte = bytes[i]
            if byte == 0x0A {
                body(width)
                width = 0
                i += 1
            } else if byte < 0x80 {
                width += 1
                i += 1
            } else if byte < 0xE0 {
                width += 1  // U+0080–U+07FF: none is wide
                i += 2
            } else if byte < 0xF0 {
                if byte >= 0xE5 && byte <= 0xE9 {
                    width += 2  // U+5000–U+9FFF: CJK ideographs, all wide
                } else if byte == 0xE3 {
                    // U+3000–U+3FFF: all wide but U+303F and U+3040.
                    let tail = UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i + 2])
                    width += tail == 0x80BF || tail == 0x8180 ? 1 : 2
                } else {
                    let value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                    width += TextColumns.isWide(Unicode.Scalar(value) ?? " ") ? 2 : 1
                }
                i += 3
            } else {
                let value = UInt32(byte & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
                    | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
                width += TextColumns.isWide(Unicode.Scalar(value) ?? " ") ? 2 : 1
                i += 4
            }
        }
        body(width)
        return true
    }

    /// `text.split(separator: "\n", omittingEmptySubsequences: false)`, split on bytes when the
    /// text has no CR (then every LF is a Character of its own, so the result is the same);
    /// splitting by Character dominated the workbook's run time on large tables.
    static func lines(_ text: String) -> [Substring] {
        guard !text.utf8.contains(0x0D) else { return text.split(separator: "\n", omittingEmptySubsequences: false) }
        return text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
    }
}
