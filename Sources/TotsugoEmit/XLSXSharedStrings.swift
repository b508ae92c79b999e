import Foundation

/// The shared string table (`xl/sharedStrings.xml`): each distinct text once, in first-use
/// order, so the same input always gives the same indexes.
///
/// Texts are told apart by their UTF-8 bytes, in an open-addressing table of indexes keyed by
/// a hash of those bytes: Swift's `String` hashing and equality are Unicode-aware (NFC checks,
/// normalised hashing) and were a large part of a big workbook. Bytes differ from `String`
/// equality only for canonically equivalent texts spelt differently, and every text in the
/// table was NFC-normalised when it was read, so the table gets the same entries.
struct XLSXSharedStrings: Sendable {
    private(set) var texts: [String] = []
    /// Per text, whether its entry needs `xml:space="preserve"` (worked out when it is added).
    private(set) var preserve: [Bool] = []
    /// Per text, the hash of its bytes (only read to rehash).
    private var hashes: [UInt64] = []
    /// Low 32 bits of the hash << 32 | index into `texts` + 1; 0 = empty. Power-of-two size, at
    /// most half full; probed from the hash's high bits, so a probe rarely touches a text.
    private var slots: [UInt64] = Array(repeating: 0, count: 1024)
    /// Number of references (the `count` attribute).
    private(set) var uses = 0
    /// Length of all `<si>` entries in bytes, so the part's length is known without a pass.
    private(set) var entryBytes = 0

    /// The index of `text`, added at the end when new.
    mutating func index(of text: String) -> Int {
        uses += 1
        if let found = text.utf8.withContiguousStorageIfAvailable({ index(of: $0, text) }) { return found }
        var copy = text
        return copy.withUTF8 { index(of: $0, text) }
    }

    private mutating func index(of bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Int {
        let hash = Self.hash(bytes)
        let tag = hash << 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash >> 32) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            if stored & 0xFFFF_FFFF_0000_0000 == tag {
                let index = Int(stored & 0xFFFF_FFFF) - 1
                if Self.same(texts[index], bytes) { return index }
            }
            slot = (slot + 1) & mask
        }
        let index = texts.count
        let facts = Self.entryFacts(bytes, text)
        texts.append(text)
        preserve.append(facts.preserve)
        entryBytes += facts.length
        hashes.append(hash)
        slots[slot] = tag | UInt64(index + 1)
        if texts.count * 2 > slots.count { grow() }
        return index
    }

    private mutating func grow() {
        var bigger = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash >> 32) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = hash << 32 | UInt64(index + 1)
        }
        slots = bigger
    }

    private static func same(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.utf8.count == bytes.count else { return false }
        if bytes.isEmpty { return true }
        if let equal = text.utf8.withContiguousStorageIfAvailable({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
            return equal
        }
        return text.utf8.elementsEqual(bytes)
    }

    /// An entry's length in bytes and whether it needs `xml:space="preserve"` (leading or
    /// trailing whitespace, or a line break), as `appendEntry` writes it.
    static func entryFacts(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> (length: Int, preserve: Bool) {
        let preserve = needsPreserve(bytes, text)
        var counter = XLSXByteCount()
        appendEntry(bytes, preserve: preserve, to: &counter)
        return (counter.count, preserve)
    }

    /// `text.first?.isWhitespace == true || text.last?.isWhitespace == true || text contains LF`.
    /// A Character's `isWhitespace` is that of its first scalar, so the first is read from the
    /// bytes; the last Character is the last byte when that and the byte before it are ASCII
    /// (no ASCII scalar extends a cluster but LF after CR, both whitespace), otherwise asked of
    /// the String.
    static func needsPreserve(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        guard let first = bytes.first, let base = bytes.baseAddress else { return false }
        if memchr(base, 0x0A, bytes.count) != nil { return true }
        if first < 0x80 {
            if isASCIIWhitespace(first) { return true }
        } else if text.unicodeScalars.first?.properties.isWhitespace == true {
            return true
        }
        let count = bytes.count
        if bytes[count - 1] < 0x80 && (count == 1 || bytes[count - 2] < 0x80) { return isASCIIWhitespace(bytes[count - 1]) }
        return text.last?.isWhitespace == true
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// A 64-bit hash of the bytes, eight at a time (multiply-xorshift mixing).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
        var i = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        while i + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
            i += 8
        }
        if i < count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                word |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            hash = (hash ^ word) &* multiplier
        }
        hash ^= hash >> 32
        hash = hash &* multiplier
        hash ^= hash >> 29
        return hash
    }

    /// The whole part (tests; the workbook streams it, see `producer()`).
    var xml: [UInt8] {
        var out = XLSXBytes(capacity: texts.reduce(256) { $0 + $1.utf8.count + 24 })
        Self.appendHeader(uses: uses, uniqueCount: texts.count, to: &out)
        for (index, text) in texts.enumerated() { Self.appendEntry(text, preserve: preserve[index], to: &out) }
        Self.appendFooter(to: &out)
        return out.bytes
    }

    /// Makes the same bytes as `xml`, a piece at a time while the zip deflates them, so the
    /// whole part (the largest in the workbook) is never in memory. Takes the texts; the table
    /// is empty afterwards.
    mutating func takeProducer() -> XLSXSharedStringsProducer {
        let producer = XLSXSharedStringsProducer(texts: texts, preserve: preserve, uses: uses, entryBytes: entryBytes)
        self = XLSXSharedStrings()
        return producer
    }

    static func appendHeader<Sink: XLSXSink>(uses: Int, uniqueCount: Int, to out: inout Sink) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" as StaticString)
        out.append("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"" as StaticString)
        out.append(uses)
        out.append("\" uniqueCount=\"" as StaticString)
        out.append(uniqueCount)
        out.append("\">" as StaticString)
    }

    /// One `<si>`; xml:space keeps leading/trailing spaces and line breaks as they are.
    static func appendEntry<Sink: XLSXSink>(_ bytes: UnsafeBufferPointer<UInt8>, preserve: Bool, to out: inout Sink) {
        out.append(preserve ? "<si><t xml:space=\"preserve\">" as StaticString : "<si><t>" as StaticString)
        XLSXBytes.escape(bytes, into: &out)
        out.append("</t></si>" as StaticString)
    }

    static func appendEntry<Sink: XLSXSink>(_ text: String, preserve: Bool, to out: inout Sink) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ appendEntry($0, preserve: preserve, to: &out) }) {
            return done
        }
        var copy = text
        copy.withUTF8 { appendEntry($0, preserve: preserve, to: &out) }
    }

    static func appendFooter<Sink: XLSXSink>(to out: inout Sink) {
        out.append("</sst>" as StaticString)
    }
}

/// `xl/sharedStrings.xml` made in order, a few entries at a time (see `takeProducer`).
struct XLSXSharedStringsProducer: ZipPartProducer {
    private let texts: [String]
    private let preserve: [Bool]
    private let uses: Int
    /// Length of the whole part in bytes (the entries were counted as they were added).
    let count: Int
    private var next = -1

    init(texts: [String], preserve: [Bool], uses: Int, entryBytes: Int) {
        self.texts = texts
        self.preserve = preserve
        self.uses = uses
        var counter = XLSXByteCount()
        XLSXSharedStrings.appendHeader(uses: uses, uniqueCount: texts.count, to: &counter)
        XLSXSharedStrings.appendFooter(to: &counter)
        count = counter.count + entryBytes
    }

    mutating func produce(into out: inout [UInt8]) -> Bool {
        var sink = XLSXBytes()
        swap(&sink.bytes, &out)
        defer { swap(&sink.bytes, &out) }
        if next < 0 {
            XLSXSharedStrings.appendHeader(uses: uses, uniqueCount: texts.count, to: &sink)
            next = 0
        }
        let stop = min(next + 256, texts.count)
        while next < stop {
            XLSXSharedStrings.appendEntry(texts[next], preserve: preserve[next], to: &sink)
            next += 1
        }
        if next < texts.count { return true }
        XLSXSharedStrings.appendFooter(to: &sink)
        return false
    }
}
