import Foundation
import TotsugoMatch
import TotsugoScheduler

/// The rows of the report's 突合表 and 逆引き as data for the page's script, so that a large
/// report stays small and the browser lays out only the rows on screen.
///
/// One JSON document: every distinct text once (`s`, in order of first use), the distinct
/// target items of the 突合表 once (`t`: the indexes of the texts of their cells but the last,
/// 項目, levels, 記載内容), then the rows as arrays of indexes:
///
///     {"s":["", "LV1", …], "t":[[label, level…, text], …],
///      "xref":{"groups":[4,5,4,3],"targets":[1,2],"rows":[[levels, group, group, …], …]},
///      "reverse":{"rows":[[target, label, text, below, [source, …], [relationship, …]], …]}}
///
/// A 突合表 row holds one value per column group: -1 when every cell of the group is `#N/A`,
/// -2 when every cell is （未突合）; for a target group (`targets`) the links as pairs
/// `[item, relationship, item, relationship, …]` (an index into `t`, the text of the last
/// cell), or `{"c":[cell, …]}` when its cells are not made of links; for the other groups the
/// cells `[cell, …]`. A cell is its text, an array of texts (one per line), -1 for `#N/A` or
/// -2 for （未突合）: the industry item's and the 反映案's texts are written in the row (they are
/// rarely shared; the page adds them to `s` when it reads the data). A 逆引き line's `below` is the index of
/// 「（下位の項目で引用 n 件）」 or -1; it is `#N/A` when it has neither citations nor `below`.
///
/// In the page every `<` of the data is written `\u003c`, so no text can end the script element
/// (`</script>`) or open a comment (`<!--`). A large document is deflated in independent pieces
/// (raw deflate, base64), which the page inflates with the browser's `DecompressionStream`.
struct HTMLReportData {
    /// Documents larger than this are deflated (a few MB of JSON parse quickly as they are;
    /// the shipped reports stay plain text).
    static let deflateAbove = 2 << 20
    /// zlib level of the pieces: 1 keeps a 100,000-item report's data well under a second on
    /// two cores.
    static let deflateLevel: Int32 = 1
    /// Size of each independently deflated piece (deflated on the cores there are).
    static let pieceSize = 4 << 20

    /// Rows are written into pieces of about this many bytes: no large array is grown (and
    /// copied, twice its size for a moment) while the data is made, and each piece is freed as
    /// soon as it is deflated.
    static let chunkSize = 4 << 20

    /// The JSON document as consecutive pieces in order (not joined: a large document is
    /// deflated piece by piece straight from them, and each freed once deflated).
    private var segments: [JSONChunk]

    /// The 突合表's and the 逆引き's texts, items and rows (made side by side).
    init(table: CrossReferenceTable, reverse view: ReverseView, chunkSize: Int = Self.chunkSize) {
        let (reverse, xref) = Scheduler.both({ JSONPart(reverse: view, chunkSize: chunkSize) }, { JSONPart(xref: table, chunkSize: chunkSize) })
        var segments = [JSONChunk(Array(#"{"s":["#.utf8)), xref.strings.json, JSONChunk(Array(#"],"t":["#.utf8)),
                        JSONChunk(xref.itemsJSON), JSONChunk(Array(#"],"xref":"#.utf8))]
        segments += xref.chunks
        segments += [JSONChunk(Array(#","rs":["#.utf8)), reverse.strings.json, JSONChunk(Array(#"],"reverse":"#.utf8))]
        segments += reverse.chunks
        segments.append(JSONChunk(Array("}".utf8)))
        self.segments = segments
    }

    /// The JSON document (UTF-8).
    var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(segments.reduce(0) { $0 + $1.count })
        for segment in segments { out += segment.bytes() }
        return out
    }

    /// The data as script elements of the page: the JSON as it is, or for a large document its
    /// deflated pieces in base64, in order.
    func scriptElements(deflateAbove: Int = Self.deflateAbove, pieceSize: Int = Self.pieceSize) -> [UInt8] {
        var copy = self
        var out: [UInt8] = []
        copy.writeScriptElements(deflateAbove: deflateAbove, pieceSize: pieceSize) { out += $0 }
        return out
    }

    /// `scriptElements`, handed to `write` a piece at a time; the data is freed as it is
    /// written (nothing is left of it afterwards).
    mutating func writeScriptElements(deflateAbove: Int = Self.deflateAbove, pieceSize: Int = Self.pieceSize,
                                      _ write: ([UInt8]) throws -> Void) rethrows {
        var segments = self.segments
        self.segments = []
        let total = segments.reduce(0) { $0 + $1.count }
        if total <= deflateAbove {
            var out = Array("<script type=\"application/json\" id=\"report-data\">".utf8)
            out.reserveCapacity(total + 64)
            for segment in segments { out += segment.bytes() }
            segments = []
            out += Array("</script>\n".utf8)
            try write(out)
            return
        }
        let count = (total + pieceSize - 1) / pieceSize
        // A wave of pieces at a time, one per core (at most 4, so that memory stays bounded on
        // a large machine): the pieces of a wave are gathered from the segments, deflated side
        // by side and written, and the segments they consumed freed.
        let wave = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
        // Where each segment starts in the document.
        let starts = segments.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        var freed = 0
        for first in stride(from: 0, to: count, by: wave) {
            let batch = segments
            let pieces = Scheduler.map(min(wave, count - first)) { j in
                // Bytes k * pieceSize ..< (k + 1) * pieceSize of the document, gathered from its segments.
                let start = (first + j) * pieceSize, end = min(total, start + pieceSize)
                var piece: [UInt8] = []
                piece.reserveCapacity(end - start)
                var s = starts.lastIndex { $0 <= start }!
                while s < batch.count && starts[s] < end {
                    batch[s].append((max(start, starts[s]) - starts[s])..<(min(end, starts[s + 1]) - starts[s]), to: &piece)
                    s += 1
                }
                // zlib fails only on bad parameters or exhausted memory.
                guard let compressed = try? Deflate.compress(piece, level: Self.deflateLevel) else {
                    preconditionFailure("zlib: deflate failed")
                }
                return Base64.encode(compressed)
            }
            // The segments this wave gathered to their end are not needed again.
            let done = min(total, (first + wave) * pieceSize)
            while freed < segments.count && starts[freed + 1] <= done {
                segments[freed] = JSONChunk([])
                freed += 1
            }
            for piece in pieces {
                var out = Array("<script type=\"application/octet-stream\" class=\"report-data-z\" data-encoding=\"deflate-raw base64\">".utf8)
                out.reserveCapacity(out.count + piece.count + 10)
                out += piece
                out += Array("</script>\n".utf8)
                try write(out)
            }
        }
    }
}

/// One table's data: its texts, the distinct target items (突合表), and its rows as JSON.
private struct JSONPart: Sendable {
    var strings = StringTable()
    var itemsJSON: [UInt8] = []
    /// The rows as JSON, in pieces of about `chunkSize` bytes; `body` and `texts` make the
    /// last, being written.
    private(set) var chunks: [JSONChunk] = []
    private var body: [UInt8] = []
    private var texts = JSONChunk.Texts()
    private let chunkSize: Int
    /// Target item (indexes of its texts) -> index in `t`.
    private var items: [[Int]: Int] = [:]
    /// Storage address of an item's first text (項目) -> the item's texts and index: the cells
    /// of one target item hold the same texts in every row that links to it.
    private var itemByLabel: [UInt: Int] = [:]
    /// The texts of each item in `t`.
    private var itemTexts: [[String]] = []

    init(xref table: CrossReferenceTable, chunkSize: Int) {
        self.chunkSize = chunkSize
        strings = StringTable(capacity: table.rows.count * 4)
        body.reserveCapacity(min(chunkSize, table.rows.count * table.groups.count * 12) + chunkSize / 16)
        let widths = table.groups.map(\.columns.count)
        let targets = HTMLTableSection(table: table).targetGroups.map(\.index)
        let isTarget = widths.indices.map { targets.contains($0) }
        body += Array(#"{"groups":["#.utf8)
        body += widths.map(String.init).joined(separator: ",").utf8
        body += Array(#"],"targets":["#.utf8)
        body += targets.map(String.init).joined(separator: ",").utf8
        body += Array(#"],"rows":["#.utf8)
        for (r, row) in table.rows.enumerated() {
            if r > 0 { body.append(UInt8(ascii: ",")) }
            body.append(UInt8(ascii: "["))
            append(strings.index(transient: row.levels.map(\.description).joined(separator: " ")))
            var start = 0
            for (g, width) in widths.enumerated() {
                let cells = row.cells[start..<min(row.cells.count, start + width)]
                start += width
                body.append(UInt8(ascii: ","))
                if !cells.isEmpty && cells.allSatisfy({ $0.kind == .gap }) {
                    append(-1)
                } else if !cells.isEmpty && cells.allSatisfy({ $0.kind == .unreviewed }) {
                    append(-2)
                } else if isTarget[g] {
                    if !appendLinks(cells) {
                        body += Array(#"{"c":"#.utf8)
                        append(cells)
                        body.append(UInt8(ascii: "}"))
                    }
                } else {
                    append(cells)
                }
            }
            body.append(UInt8(ascii: "]"))
            sealIfFull()
        }
        body += Array("]}".utf8)
        finish()
    }

    /// Starts a new piece of `chunks` once the one being written holds `chunkSize` bytes (a
    /// row is never split, so a piece is rarely larger by more than a row).
    private mutating func sealIfFull() {
        guard body.count + texts.count >= chunkSize else { return }
        chunks.append(JSONChunk(body, texts: texts))
        texts = JSONChunk.Texts()
        body = []
        body.reserveCapacity(chunkSize + chunkSize / 16)
    }

    /// A text of the table as a JSON string: a long one is written only when the chunk is
    /// deflated (the table holds it until then; the data holds no second copy of it).
    private mutating func append(text: String) {
        if text.utf8.count >= JSONChunk.Texts.shortest, texts.add(text, at: body.count) { return }
        JSONText.append(text, to: &body)
    }

    /// Only the JSON is needed from here on: the lookups are freed.
    private mutating func finish() {
        chunks.append(JSONChunk(body, texts: texts))
        texts = JSONChunk.Texts()
        body = []
        strings.finish()
        items = [:]
        itemByLabel = [:]
        itemTexts = []
    }

    init(reverse: ReverseView, chunkSize: Int) {
        self.chunkSize = chunkSize
        strings = StringTable(capacity: reverse.lines.count * 4)
        body.reserveCapacity(min(chunkSize, reverse.lines.count * 40) + chunkSize / 16)
        body += Array(#"{"rows":["#.utf8)
        for (r, line) in reverse.lines.enumerated() {
            if r > 0 { body.append(UInt8(ascii: ",")) }
            body.append(UInt8(ascii: "["))
            append(strings.index(line.targetTitle))
            body.append(UInt8(ascii: ","))
            append(strings.index(line.itemLabel))
            body.append(UInt8(ascii: ","))
            append(strings.index(line.itemText))
            body.append(UInt8(ascii: ","))
            append(line.citations.isEmpty && line.citationsBelow > 0 ? strings.index(transient: ReverseView.citedBelowText(line.citationsBelow)) : -1)
            body.append(UInt8(ascii: ","))
            append(line.citations.map { strings.index($0.sourceLabel) })
            body.append(UInt8(ascii: ","))
            append(line.citations.map { strings.index($0.relationship) })
            body.append(UInt8(ascii: "]"))
            sealIfFull()
        }
        body += Array("]}".utf8)
        finish()
    }

    /// A target group as links: every cell text, each with the same number of lines (one per
    /// link). False (nothing written) otherwise.
    private mutating func appendLinks(_ cells: ArraySlice<CrossReferenceTable.Cell>) -> Bool {
        guard cells.count >= 2, cells.allSatisfy({ $0.kind == .text }) else { return false }
        let count = cells.reduce(1) { max($0, $1.storedLines?.count ?? 1) }
        // A column whose lines are all empty is one empty cell: an empty line per link.
        guard cells.allSatisfy({ ($0.storedLines?.count ?? 1) == count || ($0.storedLines == nil && $0.text.isEmpty) }) else { return false }
        body.append(UInt8(ascii: "["))
        if count == 1 {
            append(item(cells.count - 1) { cells[cells.startIndex + $0].text })
            body.append(UInt8(ascii: ","))
            append(strings.index(cells.last!.text))
        } else {
            let columns = cells.map { $0.storedLines ?? Array(repeating: "", count: count) }
            for k in 0..<count {
                if k > 0 { body.append(UInt8(ascii: ",")) }
                append(item(columns.count - 1) { columns[$0][k] })
                body.append(UInt8(ascii: ","))
                append(strings.index(columns[columns.count - 1][k]))
            }
        }
        body.append(UInt8(ascii: "]"))
        return true
    }

    /// The index in `t` of the target item whose cells hold `text(0)`, … `text(count - 1)`.
    private mutating func item(_ count: Int, _ text: (Int) -> String) -> Int {
        let key = StringTable.address(text(0))
        if let key, let known = itemByLabel[key], itemTexts[known].count == count,
           (0..<count).allSatisfy({ itemTexts[known][$0] == text($0) }) {
            return known
        }
        let indexes = (0..<count).map { strings.index(text($0)) }
        let index: Int
        if let k = items[indexes] {
            index = k
        } else {
            index = items.count
            items[indexes] = index
            itemTexts.append((0..<count).map(text))
            if index > 0 { itemsJSON.append(UInt8(ascii: ",")) }
            itemsJSON.append(UInt8(ascii: "["))
            for (j, value) in indexes.enumerated() {
                if j > 0 { itemsJSON.append(UInt8(ascii: ",")) }
                Self.append(value, to: &itemsJSON)
            }
            itemsJSON.append(UInt8(ascii: "]"))
        }
        if let key, itemTexts[index].count == count, (0..<count).allSatisfy({ itemTexts[index][$0] == text($0) }) {
            itemByLabel[key] = index
        }
        return index
    }

    private mutating func append(_ cells: ArraySlice<CrossReferenceTable.Cell>) {
        body.append(UInt8(ascii: "["))
        for (k, cell) in cells.enumerated() {
            if k > 0 { body.append(UInt8(ascii: ",")) }
            if cell.kind == .gap {
                append(-1)
            } else if cell.kind == .unreviewed {
                append(-2)
            } else if let lines = cell.storedLines {
                body.append(UInt8(ascii: "["))
                for (j, line) in lines.enumerated() {
                    if j > 0 { body.append(UInt8(ascii: ",")) }
                    append(text: line)
                }
                body.append(UInt8(ascii: "]"))
            } else {
                append(text: cell.text)
            }
        }
        body.append(UInt8(ascii: "]"))
    }

    private mutating func append(_ value: Int) { Self.append(value, to: &body) }

    private static func append(_ value: Int, to out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            append(-value, to: &out)
            return
        }
        if value >= 10 { append(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    private mutating func append(_ indexes: [Int]) {
        body.append(UInt8(ascii: "["))
        for (k, index) in indexes.enumerated() {
            if k > 0 { body.append(UInt8(ascii: ",")) }
            append(index)
        }
        body.append(UInt8(ascii: "]"))
    }
}

/// Part of the JSON document: bytes, and long texts of the table to be written (as JSON
/// strings) between them only when the bytes are needed.
struct JSONChunk: Sendable {
    /// Texts and where they go: `strings[k]` before `bytes[positions[k]]` (ascending).
    struct Texts: Sendable {
        /// Texts shorter than this are written in the bytes at once.
        static let shortest = 32
        private(set) var positions: [Int] = []
        private(set) var strings: [String] = []
        /// Bytes each text takes as a JSON string.
        private(set) var lengths: [Int32] = []
        /// Bytes the texts take as JSON strings.
        private(set) var count = 0

        /// False (nothing kept) for a text whose UTF-8 is not stored contiguously.
        mutating func add(_ text: String, at position: Int) -> Bool {
            guard let escaped = text.utf8.withContiguousStorageIfAvailable(JSONText.escapedCount) else { return false }
            positions.append(position)
            strings.append(text)
            lengths.append(Int32(escaped))
            count += escaped
            return true
        }
    }

    private let plain: [UInt8]
    private let texts: Texts
    /// Bytes of the chunk with its texts written in.
    let count: Int

    init(_ bytes: [UInt8], texts: Texts = Texts()) {
        plain = bytes
        self.texts = texts
        count = bytes.count + texts.count
    }

    /// The chunk as it is in the document.
    func bytes() -> [UInt8] {
        guard !texts.strings.isEmpty else { return plain }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        append(0..<count, to: &out)
        return out
    }

    /// Bytes `range` of the chunk as it is in the document, appended to `out`.
    func append(_ range: Range<Int>, to out: inout [UInt8]) {
        var at = 0, from = 0
        var scratch: [UInt8] = []
        for k in texts.positions.indices where at < range.upperBound {
            let position = texts.positions[k], length = Int(texts.lengths[k])
            // The bytes before the text, then the text.
            let lo = max(range.lowerBound, at), hi = min(range.upperBound, at + position - from)
            if lo < hi { out += plain[(from + lo - at)..<(from + hi - at)] }
            at += position - from
            from = position
            if range.lowerBound < at + length && at < range.upperBound {
                if range.lowerBound <= at && at + length <= range.upperBound {
                    let before = out.count
                    JSONText.append(texts.strings[k], to: &out)
                    precondition(out.count - before == length, "JSON chunk: a text not of the length counted")
                } else {
                    scratch.removeAll(keepingCapacity: true)
                    JSONText.append(texts.strings[k], to: &scratch)
                    precondition(scratch.count == length, "JSON chunk: a text not of the length counted")
                    out += scratch[(max(range.lowerBound, at) - at)..<(min(range.upperBound, at + length) - at)]
                }
            }
            at += length
        }
        let lo = max(range.lowerBound, at), hi = min(range.upperBound, at + plain.count - from)
        if lo < hi { out += plain[(from + lo - at)..<(from + hi - at)] }
    }
}

/// Distinct texts in order of first use, each kept once as escaped JSON; looked up by their
/// UTF-8 bytes (hashing and comparing bytes, not Unicode-normalised strings).
struct StringTable {
    /// `"a","b",…` (the inside of the JSON array; long texts kept as the texts, written when
    /// the JSON is deflated).
    var json: JSONChunk { JSONChunk(jsonBytes, texts: jsonTexts) }
    private var jsonBytes: [UInt8] = []
    private var jsonTexts = JSONChunk.Texts()
    /// Every text (not a copy of its bytes: most are texts the table holds anyway).
    private var texts: [String] = []
    /// Open addressing: index + 1 of the text in each slot, 0 when empty.
    private var slots = [Int32](repeating: 0, count: 1 << 12)
    private var hashes: [UInt64] = []

    var count: Int { texts.count }

    init(capacity: Int = 0) {
        var size = 1 << 12
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
    }

    /// Where the bytes of a text the heap holds are (nil for a short text kept inline).
    static func address(_ text: String) -> UInt? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> UInt? in
            guard bytes.count > 15, let base = bytes.baseAddress else { return nil }
            return UInt(bitPattern: base)
        } ?? nil
    }

    /// Eight bytes a step (the texts of a large table are hashed once per cell).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return h }
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }

    /// Storage address of a text already looked up -> its index. Only for texts that outlive
    /// the table (the cells of the 突合表 and the lines of the 逆引き hold them): an address
    /// then names one text for as long as the table is made, and a text the catalogs share
    /// between thousands of cells is looked up once.
    private var identity: [UInt: Int] = [:]

    /// The index of a text the caller holds for as long as this table is used.
    mutating func index(_ text: String) -> Int {
        guard let key = Self.address(text) else { return index(transient: text) }
        if let k = identity[key] { return k }
        let k = index(transient: text)
        identity[key] = k
        return k
    }

    /// Frees everything but `json` (no text can be looked up afterwards).
    mutating func finish() {
        texts = []
        hashes = []
        slots = [0]
        identity = [:]
    }

    /// The index of a text made for this call (joined, formatted).
    mutating func index(transient text: String) -> Int {
        if let k = text.utf8.withContiguousStorageIfAvailable({ index(text, utf8: $0) }) { return k }
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { index(text, utf8: $0) }!
    }

    private mutating func index(_ text: String, utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = Self.hash(bytes)
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] != 0 {
            let k = Int(slots[slot]) - 1
            if hashes[k] == hash && texts[k].utf8.count == bytes.count
                && (bytes.isEmpty || texts[k].utf8.withContiguousStorageIfAvailable({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })!) {
                return k
            }
            slot = (slot + 1) & mask
        }
        let k = count
        texts.append(text)
        hashes.append(hash)
        slots[slot] = Int32(k + 1)
        if k > 0 { jsonBytes.append(UInt8(ascii: ",")) }
        if bytes.count < JSONChunk.Texts.shortest || !jsonTexts.add(text, at: jsonBytes.count) {
            JSONText.appendString(bytes, to: &jsonBytes)
        }
        if (k + 1) * 2 > slots.count {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            mask = slots.count - 1
            for (j, h) in hashes.enumerated() {
                var s = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
                while slots[s] != 0 { s = (s + 1) & mask }
                slots[s] = Int32(j + 1)
            }
        }
        return k
    }
}

/// JSON strings safe inside an HTML script element.
enum JSONText {
    /// `"…"`: `"` and `\` escaped, `<` as `\u003c` (no `</script>`, no `<!--`), tab and line
    /// breaks as escapes; characters the HTML text of the report shows as U+FFFD (other C0 and
    /// C1 controls, U+FFFE, U+FFFF; `XMLText.escape`) are U+FFFD here too.
    static func appendString(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var i = 0
        let n = bytes.count
        while i < n {
            var end = i
            while end < n {
                let b = bytes[end]
                if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == UInt8(ascii: "<") || b == 0x7F || b == 0xC2 || b == 0xEF { break }
                end += 1
            }
            if end > i {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                i = end
                continue
            }
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "<"): out += Array(#"\u003c"#.utf8)
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20, 0x7F: out += replacement
            case 0xC2 where i + 1 < n && (0x80...0x9F).contains(bytes[i + 1]):
                out += replacement
                i += 1
            case 0xEF where i + 2 < n && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF):
                out += replacement
                i += 2
            default: out.append(byte)
            }
            i += 1
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The number of bytes `appendString` writes for `bytes`.
    static func escapedCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 2
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): count += 2
            case UInt8(ascii: "<"): count += 6
            case 0..<0x20, 0x7F: count += 3
            case 0xC2 where i + 1 < n && (0x80...0x9F).contains(bytes[i + 1]):
                count += 3
                i += 1
            case 0xEF where i + 2 < n && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF):
                count += 3
                i += 2
            default: count += 1
            }
            i += 1
        }
        return count
    }

    static func append(_ text: String, to out: inout [UInt8]) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ appendString($0, to: &out) }) { return done }
        var text = text
        text.withUTF8 { appendString($0, to: &out) }
    }

    private static let replacement = Array("\u{FFFD}".utf8)
}

enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: UInt8(ascii: "="), count: (bytes.count + 2) / 3 * 4)
        var o = 0
        var i = 0
        while i + 2 < bytes.count {
            let v = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
            out[o] = alphabet[v >> 18]; out[o + 1] = alphabet[(v >> 12) & 63]
            out[o + 2] = alphabet[(v >> 6) & 63]; out[o + 3] = alphabet[v & 63]
            i += 3; o += 4
        }
        if i < bytes.count {
            let v = Int(bytes[i]) << 16 | (i + 1 < bytes.count ? Int(bytes[i + 1]) << 8 : 0)
            out[o] = alphabet[v >> 18]; out[o + 1] = alphabet[(v >> 12) & 63]
            if i + 1 < bytes.count { out[o + 2] = alphabet[(v >> 6) & 63] }
        }
        return out
    }
}
