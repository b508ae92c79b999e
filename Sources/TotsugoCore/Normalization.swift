import Foundation

/// Japanese-aware normalisation, applied once on input.
///
/// - `text`: compatibility normalisation done as NFKD then NFC (the one-step NFKC API is
///   wrong on Linux: `ｶﾞ` stays decomposed) plus dash and tilde folding. Used for ids,
///   keys and references — not for display text, which keeps the characters as printed.
/// - `key`: `text`, then all whitespace removed, ASCII lower-cased, and a `No.` prefix before
///   a number dropped in every `/`-separated segment, so `ＬＶ１` = `LV1` = `lv1` and
///   `No．４４` = `No.44` = `44`.
public enum Normalization {
    /// Dash-like characters folded to "-". NFKC already maps U+FF0D (－) and U+FE63 (﹣).
    /// The katakana prolonged sound mark ー (U+30FC) is a letter, not a dash: never folded.
    static let dashes: Set<Character> = [
        "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}",
        "\u{2212}", "\u{FE58}", "\u{FF70}",
    ]
    /// Tilde-like characters folded to "~". NFKC maps U+FF5E (～) but leaves the wave dash.
    static let tildes: Set<Character> = ["\u{301C}", "\u{223C}", "\u{02DC}", "\u{2053}"]

    public static func text(_ input: String) -> String {
        // ASCII is its own NFKC and holds no dash or tilde to fold (most ids and references).
        if ByteScan.isASCII(input) { return input }
        let compatible = input.decomposedStringWithCompatibilityMapping
            .precomposedStringWithCanonicalMapping
        var out = ""
        out.reserveCapacity(compatible.utf8.count)
        for ch in compatible {
            if dashes.contains(ch) { out.append("-") }
            else if tildes.contains(ch) { out.append("~") }
            else { out.append(ch) }
        }
        return out
    }

    /// An id for a diagnostic: as the user wrote it, with the normalised key after it when
    /// normalisation changed more than surrounding blanks: `'98，102' (read as '98,102')`.
    public static func quoted(_ written: String?, key: String) -> String {
        guard let written else { return "'\(key)'" }
        let trimmed = written.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed == key ? "'\(trimmed)'" : "'\(trimmed)' (read as '\(key)')"
    }

    public static func key(_ input: String) -> String {
        if ByteScan.isASCII(input) { return asciiKey(input) }
        var lowered = ""
        let folded = text(input).filter { !$0.isWhitespace }
        for ch in folded {
            if ch.isASCII { lowered.append(Character(ch.lowercased())) } else { lowered.append(ch) }
        }
        return lowered.split(separator: "/", omittingEmptySubsequences: false)
            .map { dropNumberPrefix(String($0)) }
            .joined(separator: "/")
    }

    /// `key` of an ASCII string, in one byte buffer: ASCII is its own NFKC, ASCII whitespace is
    /// 0x09-0x0D and 0x20, and with whitespace gone every Character is one byte, so dropping
    /// `no` / `no.` before a digit at the start of each `/` segment is a byte test.
    static func asciiKey(_ input: String) -> String {
        // Most ids and references are keys already (lower case, no space, no `no` prefix):
        // then the input is the key, and nothing is allocated.
        if isASCIIKey(input) { return input }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.utf8.count)
        // Whether the bytes written since the last "/" are exactly "no" or "no." (a prefix to
        // drop if a digit follows), and where that segment starts.
        var segmentStart = 0
        for byte in input.utf8 where !(byte == 0x20 || (0x09...0x0D).contains(byte)) {
            let lower = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
            if (0x30...0x39).contains(lower) {
                let length = bytes.count - segmentStart
                if (length == 2 || length == 3) && bytes[segmentStart] == 0x6E && bytes[segmentStart + 1] == 0x6F
                    && (length == 2 || bytes[segmentStart + 2] == 0x2E) {
                    bytes.removeSubrange(segmentStart...)
                }
            }
            bytes.append(lower)
            if lower == 0x2F { segmentStart = bytes.count }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True when `asciiKey` would return the ASCII `input` unchanged: no upper case, no
    /// whitespace, and no segment starting with `no` or `no.` followed by a digit.
    static func isASCIIKey(_ input: String) -> Bool {
        input.utf8.withContiguousStorageIfAvailable { b -> Bool in
            let n = b.count
            var segmentStart = 0
            for i in 0..<n {
                let c = b[i]
                if c == 0x20 || (0x09...0x0D).contains(c) || (0x41...0x5A).contains(c) { return false }
                if i == segmentStart, c == 0x6E, i + 2 < n, b[i + 1] == 0x6F {  // "no" at a segment start
                    let next = b[i + 2] == 0x2E ? (i + 3 < n ? b[i + 3] : 0) : b[i + 2]
                    if (0x30...0x39).contains(next) { return false }
                }
                if c == 0x2F { segmentStart = i + 1 }
            }
            return true
        } ?? false
    }

    /// "no.44" → "44", "no44" → "44"; "note" and "no." alone stay.
    static func dropNumberPrefix(_ segment: String) -> String {
        guard segment.hasPrefix("no") else { return segment }
        var rest = segment.dropFirst(2)
        if rest.first == "." { rest = rest.dropFirst() }
        guard let first = rest.first, first.isASCII, first.isNumber else { return segment }
        return String(rest)
    }

    /// Display text: canonical composition (NFC) only, so full-width forms stay as printed;
    /// surrounding whitespace trimmed.
    public static func display(_ input: String) -> String {
        trimmed(Substring(nfc(input)), newlines: true)
    }

    /// `trimmingCharacters(in: .whitespaces)` (or `.whitespacesAndNewlines`) without Foundation's
    /// bridging, scalar by scalar over the same sets as swift-corelibs-foundation (enumerated):
    /// U+0009, general category Zs and U+200B; plus U+000A–U+000D, U+0085, U+2028, U+2029.
    /// (NormalizationFastPathTests compares it with Foundation's call on every scalar.)
    public static func trimmed(_ text: Substring, newlines: Bool) -> String {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
            case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return newlines
            default: return false
            }
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(Substring(scalars[first...last]))
    }

    /// NFC, skipping Foundation's (slow on Linux) conversion when every scalar is one that NFC
    /// provably leaves alone whatever surrounds it: below U+0300 (no singleton decompositions;
    /// a following combining mark is outside the set and takes the slow path), CJK symbols and
    /// kana without the combining voicing marks U+3099/U+309A, CJK ideographs, and the
    /// half/fullwidth forms (compatibility-only decompositions, which NFC does not apply).
    static func nfc(_ input: String) -> String {
        for scalar in input.unicodeScalars {
            switch scalar.value {
            case 0..<0x300, 0x3000...0x3029, 0x3030...0x3098, 0x309B...0x30FF, 0x3400...0x4DBF,
                 0x4E00...0x9FFF, 0xFF01...0xFFEF:
                continue
            default:
                return input.precomposedStringWithCanonicalMapping
            }
        }
        return input
    }

    /// Multi-line body text: NFC, each line trimmed, runs of blank lines collapsed to one,
    /// no leading or trailing blank lines. Both catalog formats use this, so the same text
    /// written in XML or in structured text yields the same model.
    public static func block(_ input: String) -> String {
        let normalized = nfc(input)
        // One line (most item texts): only trimmed, nothing to split or join.
        let hasLineBreak = normalized.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.contains(where: { $0 == 0x0A || $0 == 0x0D })
        } ?? normalized.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D })
        if !hasLineBreak {
            return trimmed(Substring(normalized), newlines: false)
        }
        // Joined as the lines are split (an array of the lines cost 32 bytes a line: 2 GB for a
        // text of 63 MiB of empty lines): leading and trailing blank lines dropped, a run of
        // blank lines between two lines kept as one.
        var out = ""
        var blankBefore = false
        forEachLine(normalized) { raw in
            let line = trimmed(raw, newlines: false)
            if line.isEmpty {
                blankBefore = !out.isEmpty
                return
            }
            if !out.isEmpty { out += blankBefore ? "\n\n" : "\n" }
            out += line
            blankBefore = false
        }
        return out
    }

    /// Lines split at LF, CRLF or CR, on bytes: the same as splitting by the Characters "\n",
    /// "\r\n" and "\r", since CR and LF always end a grapheme cluster (CRLF is one).
    static func lineSplit(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        forEachLine(text) { lines.append($0) }
        return lines
    }

    /// `lineSplit`, one line at a time.
    static func forEachLine(_ text: String, _ body: (Substring) -> Void) {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D {
                body(Substring(utf8[start..<index]))
                var next = utf8.index(after: index)
                if byte == 0x0D, next != utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                start = next
                index = next
            } else {
                index = utf8.index(after: index)
            }
        }
        body(Substring(utf8[start..<utf8.endIndex]))
    }
}
