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
    /// A text as a cell holds it: one String, or lines read as if joined with LF (never joined:
    /// the lines are the catalogs' own strings, so the table holds no second copy of them).
    enum Text: Sendable, Equatable {
        case one(String)
        case lines([String])

        var joined: String {
            switch self {
            case .one(let text): text
            case .lines(let lines): lines.joined(separator: "\n")
            }
        }

        static func == (a: Text, b: Text) -> Bool { a.joined == b.joined }
    }

    private(set) var texts: [Text] = []
    /// Per text, the hash of its bytes (only read to rehash).
    private var hashes: [UInt64] = []
    /// Low 32 bits of the hash << 32 | index into `texts` + 1; 0 = empty. Power-of-two size, at
    /// most half full; probed from the hash's high bits, so a probe rarely touches a text.
    private var slots: [UInt64] = Array(repeating: 0, count: 1024)
    /// Number of references (the `count` attribute).
    private(set) var uses = 0

    /// The index of `text`, added at the end when new.
    mutating func index(of text: String) -> Int { index(of: .one(text)) }

    mutating func index(of text: Text) -> Int {
        index(of: text, hash: Self.hash(text))
    }

    /// Adds `other`'s texts after these, as if its cells had been indexed here in the same order;
    /// returns, per index of `other`, the index here.
    mutating func append(_ other: XLSXSharedStrings) -> [UInt32] {
        let moved = zip(other.texts, other.hashes).map { UInt32(index(of: $0, hash: $1)) }
        uses += other.uses - other.texts.count
        return moved
    }

    private mutating func index(of text: Text, hash: UInt64) -> Int {
        uses += 1
        let tag = hash << 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash >> 32) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            if stored & 0xFFFF_FFFF_0000_0000 == tag {
                let index = Int(stored & 0xFFFF_FFFF) - 1
                if Self.same(texts[index], text) { return index }
            }
            slot = (slot + 1) & mask
        }
        let index = texts.count
        texts.append(text)
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

    /// Calls `body` with the bytes of each piece of `text` in order: the lines with a LF
    /// between them.
    static func forEachPiece(_ text: Text, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        switch text {
        case .one(let one): withBytes(one, body)
        case .lines(let lines):
            var newline: UInt8 = 0x0A
            for (index, line) in lines.enumerated() {
                if index > 0 { withUnsafePointer(to: &newline) { body(UnsafeBufferPointer(start: $0, count: 1)) } }
                withBytes(line, body)
            }
        }
    }

    static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    /// Same bytes. One text against one: a memcmp; lines against lines of the same count: line
    /// by line; anything else (a tag collision, or a text with LFs against lines) compares the
    /// joined bytes.
    private static func same(_ stored: Text, _ text: Text) -> Bool {
        switch (stored, text) {
        case (.one(let a), .one(let b)): return sameBytes(a, b)
        case (.lines(let a), .lines(let b)) where a.count == b.count:
            if zip(a, b).allSatisfy({ sameBytes($0, $1) }) { return true }
        default: break
        }
        return Array(stored.joined.utf8) == Array(text.joined.utf8)
    }

    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return withBytes(a) { x in
            withBytes(b) { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }

    /// What the part needs to know of `texts` before writing them: per text whether its entry
    /// needs `xml:space="preserve"`, and the length of all their entries. Depends on nothing
    /// else, so a large table works it out on another thread while more texts are indexed.
    struct Facts: Sendable {
        var preserve: [Bool] = []
        var length = 0

        init() {}

        init(_ texts: ArraySlice<Text>) {
            preserve.reserveCapacity(texts.count)
            for text in texts {
                let facts = XLSXSharedStrings.entryFacts(text)
                preserve.append(facts.preserve)
                length += facts.length
            }
        }

        static func + (a: Facts, b: Facts) -> Facts {
            var sum = a
            sum.preserve += b.preserve
            sum.length += b.length
            return sum
        }
    }

    /// An entry's length in bytes and whether it needs `xml:space="preserve"` (leading or
    /// trailing whitespace, or a line break), as `appendEntry` writes it.
    static func entryFacts(_ text: Text) -> (length: Int, preserve: Bool) {
        let preserve = preserves(text)
        var counter = XLSXByteCount()
        appendEntry(text, preserve: preserve, to: &counter)
        return (counter.count, preserve)
    }

    /// Whether the text's entry needs `xml:space="preserve"`.
    static func preserves(_ text: Text) -> Bool {
        switch text {
        case .one(let one): withBytes(one) { needsPreserve($0, one) }
        // Several lines always hold a LF once joined.
        case .lines(let lines): lines.count > 1 || lines.first.map { line in withBytes(line) { needsPreserve($0, line) } } ?? false
        }
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

    /// A 64-bit hash of the text's bytes (the lines' bytes as if joined), eight at a time
    /// (multiply-xorshift mixing).
    static func hash(_ text: Text) -> UInt64 {
        var hasher = ByteHasher()
        forEachPiece(text) { hasher.feed($0) }
        return hasher.finish()
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hasher = ByteHasher()
        hasher.feed(bytes)
        return hasher.finish()
    }

    /// Hashes a byte stream fed in pieces; the result depends only on the bytes, not on where
    /// the pieces end.
    struct ByteHasher {
        private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        private var hash: UInt64 = 0x243F_6A88_85A3_08D3
        private var pending: UInt64 = 0
        private var pendingCount = 0
        private var total = 0

        private mutating func mix(_ word: UInt64) {
            hash = (hash ^ word) &* Self.multiplier
            hash ^= hash >> 29
        }

        mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            total += count
            var i = 0
            if pendingCount > 0 {
                while pendingCount < 8 && i < count {
                    pending |= UInt64(base[i]) << UInt64(8 * pendingCount)
                    pendingCount += 1
                    i += 1
                }
                if pendingCount < 8 { return }
                mix(pending)
                pending = 0
                pendingCount = 0
            }
            let raw = UnsafeRawPointer(base)
            while i + 8 <= count {
                mix(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            while i < count {
                pending |= UInt64(base[i]) << UInt64(8 * pendingCount)
                pendingCount += 1
                i += 1
            }
        }

        func finish() -> UInt64 {
            var hash = self.hash
            if pendingCount > 0 { hash = (hash ^ pending) &* Self.multiplier }
            hash ^= UInt64(total) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            hash = hash &* Self.multiplier
            hash ^= hash >> 29
            return hash
        }
    }

    /// The whole part (tests; the workbook streams it, see `producer()`).
    var xml: [UInt8] {
        let facts = Facts(texts[...])
        var out = XLSXBytes(capacity: facts.length + 256)
        Self.appendHeader(uses: uses, uniqueCount: texts.count, to: &out)
        for (index, text) in texts.enumerated() { Self.appendEntry(text, preserve: facts.preserve[index], to: &out) }
        Self.appendFooter(to: &out)
        return out.bytes
    }

    /// Makes the same bytes as `xml`, a piece at a time while the zip deflates them, so the
    /// whole part (the largest in the workbook) is never in memory. Takes the texts; the table
    /// is empty afterwards.
    /// `known` holds the facts of the first texts when they were worked out already.
    mutating func takeProducer(known: Facts = Facts()) -> XLSXSharedStringsProducer {
        let facts = known + Facts(texts[known.preserve.count...])
        let producer = XLSXSharedStringsProducer(texts: texts, facts: facts, uses: uses)
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

    /// One `<si>`; xml:space keeps leading/trailing spaces and line breaks as they are. Lines
    /// are escaped one by one with a LF between them: no escape rule spans a LF, so this is
    /// the escaped joined text.
    static func appendEntry<Sink: XLSXSink>(_ text: Text, preserve: Bool, to out: inout Sink) {
        out.append("<si>" as StaticString)
        appendText(text, preserve: preserve, to: &out)
        out.append("</si>" as StaticString)
    }

    /// `<t>` and the escaped text: an entry's content, or an inline string's (`<is>`).
    static func appendText<Sink: XLSXSink>(_ text: Text, preserve: Bool, to out: inout Sink) {
        out.append(preserve ? "<t xml:space=\"preserve\">" as StaticString : "<t>" as StaticString)
        forEachPiece(text) { XLSXBytes.escape($0, into: &out) }
        out.append("</t>" as StaticString)
    }

    static func appendFooter<Sink: XLSXSink>(to out: inout Sink) {
        out.append("</sst>" as StaticString)
    }
}

/// `xl/sharedStrings.xml` made in order, a few entries at a time (see `takeProducer`).
struct XLSXSharedStringsProducer: ZipPartProducer {
    private let texts: [XLSXSharedStrings.Text]
    private let preserve: [Bool]
    private let uses: Int
    /// Length of the whole part in bytes (the entries were counted as they were added).
    let count: Int
    private var next = -1

    init(texts: [XLSXSharedStrings.Text], facts: XLSXSharedStrings.Facts, uses: Int) {
        precondition(facts.preserve.count == texts.count, "facts for every text")
        self.texts = texts
        self.preserve = facts.preserve
        self.uses = uses
        var counter = XLSXByteCount()
        XLSXSharedStrings.appendHeader(uses: uses, uniqueCount: texts.count, to: &counter)
        XLSXSharedStrings.appendFooter(to: &counter)
        count = counter.count + facts.length
    }

    mutating func produce(into out: inout [UInt8]) -> Bool {
        var sink = XLSXBytes()
        swap(&sink.bytes, &out)
        defer { swap(&sink.bytes, &out) }
        if next < 0 {
            XLSXSharedStrings.appendHeader(uses: uses, uniqueCount: texts.count, to: &sink)
            next = 0
        }
        // About 64 KiB at a time, so a piece seldom outgrows its buffer.
        let limit = sink.bytes.count + (1 << 16)
        while next < texts.count && sink.bytes.count < limit {
            XLSXSharedStrings.appendEntry(texts[next], preserve: preserve[next], to: &sink)
            next += 1
        }
        if next < texts.count { return true }
        XLSXSharedStrings.appendFooter(to: &sink)
        return false
    }
}
