import Foundation

/// The shared string table (`xl/sharedStrings.xml`): each distinct text once, in first-use
/// order, so the same input always gives the same indexes.
struct XLSXSharedStrings {
    private(set) var texts: [String] = []
    private var indexes: [String: Int] = [:]
    /// Number of references (the `count` attribute).
    private(set) var uses = 0

    /// Room for `count` distinct texts, so the table never rehashes while it grows (rehashing
    /// Japanese strings, with their NFC-aware hashing, was a large part of the workbook).
    mutating func reserveCapacity(_ count: Int) {
        indexes.reserveCapacity(count)
        texts.reserveCapacity(count)
    }

    mutating func index(of text: String) -> Int {
        uses += 1
        // One hash per use: the default is inserted in place when the text is new.
        let next = texts.count
        let index = Self.value(&indexes[text, default: next])
        if index == next { texts.append(text) }
        return index
    }

    private static func value(_ slot: inout Int) -> Int { slot }

    var xml: [UInt8] {
        var out = XLSXBytes(capacity: texts.reduce(256) { $0 + $1.utf8.count + 24 })
        Self.appendHeader(uses: uses, uniqueCount: texts.count, to: &out)
        for text in texts { Self.appendEntry(text, to: &out) }
        Self.appendFooter(to: &out)
        return out.bytes
    }

    /// The same bytes as `xml`, made a piece at a time while the zip deflates them, so the
    /// whole part (the largest in the workbook) is never in memory. Takes the texts; the
    /// table is empty afterwards.
    mutating func takeXMLStream() -> XLSXSharedStringsStream {
        let stream = XLSXSharedStringsStream(texts: texts, uses: uses)
        self = XLSXSharedStrings()
        return stream
    }

    static func appendHeader(uses: Int, uniqueCount: Int, to out: inout XLSXBytes) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        out.append("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"")
        out.append(uses)
        out.append("\" uniqueCount=\"")
        out.append(uniqueCount)
        out.append("\">")
    }

    static func appendEntry(_ text: String, to out: inout XLSXBytes) {
        // xml:space keeps leading/trailing spaces and line breaks as they are.
        let preserve = text.first?.isWhitespace == true || text.last?.isWhitespace == true || text.utf8.contains(0x0A)
        out.append(preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>")
        out.appendEscaped(text)
        out.append("</t></si>")
    }

    static func appendFooter(to out: inout XLSXBytes) {
        out.append("</sst>")
    }
}

/// `xl/sharedStrings.xml` produced in order, chunk by chunk (see `takeXMLStream`).
final class XLSXSharedStringsStream {
    private let texts: [String]
    private let uses: Int
    /// Length of the whole part in bytes (one escaping pass up front).
    let count: Int
    private var pending = XLSXBytes()
    /// Absolute position of `pending.bytes[0]`; the next text to append; footer written.
    private var pendingPosition = 0
    private var next = 0
    private var done = false

    init(texts: [String], uses: Int) {
        self.texts = texts
        self.uses = uses
        var scratch = XLSXBytes()
        XLSXSharedStrings.appendHeader(uses: uses, uniqueCount: texts.count, to: &scratch)
        XLSXSharedStrings.appendFooter(to: &scratch)
        var total = scratch.bytes.count
        for text in texts {
            scratch.bytes.removeAll(keepingCapacity: true)
            XLSXSharedStrings.appendEntry(text, to: &scratch)
            total += scratch.bytes.count
        }
        count = total
        restart()
    }

    private func restart() {
        pending = XLSXBytes(capacity: 1 << 17)
        XLSXSharedStrings.appendHeader(uses: uses, uniqueCount: texts.count, to: &pending)
        pendingPosition = 0
        next = 0
        done = false
    }

    /// Bytes `position ..< position + size` of the part. Reads are expected in order; any
    /// other read starts over from the beginning (same bytes, just slower).
    func chunk(at position: Int, size: Int) -> Data {
        if position < pendingPosition { restart() }
        while pendingPosition + pending.bytes.count < position + size && !done {
            // Drop what was already handed out before adding more.
            let consumed = min(position - pendingPosition, pending.bytes.count)
            if consumed > 0 {
                pending.bytes.removeFirst(consumed)
                pendingPosition += consumed
            }
            var added = 0
            while added < max(size, 1 << 16) && next < texts.count {
                let before = pending.bytes.count
                XLSXSharedStrings.appendEntry(texts[next], to: &pending)
                added += pending.bytes.count - before
                next += 1
            }
            if next == texts.count {
                XLSXSharedStrings.appendFooter(to: &pending)
                done = true
            }
        }
        let start = position - pendingPosition
        let end = min(start + size, pending.bytes.count)
        precondition(start >= 0 && start <= end, "shared strings read out of range")
        return pending.bytes.withUnsafeBufferPointer { Data(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
}
