#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a large mapping file can be cut in two so both halves are composed at once: at an item
/// of the block sequence under a top-level key (`entries:`), near the middle of the file.
///
/// Found from the lines alone, and only in the plain layout every mapping file has: the key at
/// column 0 with nothing after it, then the sequence to the end of the file, its items at one
/// indentation (`- ` lines), everything else more indented, blank or a comment. A line at the
/// items' indentation that starts with `- ` is then always the start of an item: block scalars
/// and the items' own keys are indented further. Anything else (a key or `...` after the
/// sequence, tabs in indentation, a line at the items' indentation that is not an item) gives
/// nil, and the file is read in one pass. A cut that still lands inside a multi-line quoted or
/// flow scalar leaves the first half unterminated, which libyaml reports, and the caller then
/// reads the file in one pass too.
enum YAMLSequenceSplit {
    /// Smaller files are read in one pass (a second thread would cost more than it saves).
    static let minimumBytes = 1 << 20

    /// The byte offset of the cut and the 1-based line it starts.
    static func find(_ bytes: UnsafeBufferPointer<UInt8>, key: String, minimumBytes: Int = minimumBytes) -> (offset: Int, line: Int)? {
        guard bytes.count >= minimumBytes, let base = bytes.baseAddress else { return nil }
        let keyLine = Array(key.utf8) + [UInt8(ascii: ":")]
        let count = bytes.count, middle = count / 2
        var foundKey = false
        var indent: Int?
        var cut: (offset: Int, line: Int)?
        var start = 0, line = 1
        while start < count {
            var end = count
            if let newline = memchr(base + start, 0x0A, count - start) {
                end = UnsafeRawPointer(newline) - UnsafeRawPointer(base)
            }
            defer { start = end + 1; line += 1 }
            var spaces = 0
            while start + spaces < end, bytes[start + spaces] == 0x20 { spaces += 1 }
            let first = start + spaces
            // Blank (a CR at most), or a comment.
            if first == end || (bytes[first] == 0x0D && first + 1 == end) || bytes[first] == UInt8(ascii: "#") { continue }
            if bytes[first] == 0x09 { return nil }
            if !foundKey {
                guard spaces == 0, end - start >= keyLine.count,
                      keyLine.indices.allSatisfy({ bytes[start + $0] == keyLine[$0] }) else { continue }
                // Nothing after the key but blanks or a comment.
                var rest = start + keyLine.count
                while rest < end, bytes[rest] == 0x20 || bytes[rest] == 0x0D { rest += 1 }
                guard rest == end || bytes[rest] == UInt8(ascii: "#") else { return nil }
                foundKey = true
                continue
            }
            let isItem = bytes[first] == UInt8(ascii: "-")
                && (first + 1 == end || bytes[first + 1] == 0x20 || bytes[first + 1] == 0x0D)
            guard let itemIndent = indent else {
                guard isItem else { return nil }
                indent = spaces
                continue
            }
            if spaces > itemIndent { continue }
            guard spaces == itemIndent, isItem else { return nil }
            if cut == nil, start >= middle { cut = (start, line) }
        }
        return cut
    }
}
