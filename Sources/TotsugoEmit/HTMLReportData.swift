#if canImport(Glibc)
import Glibc
#endif
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

    /// The 突合表's texts, items and rows; the 逆引き's texts and rows (made side by side).
    private let xref: JSONPart
    private let reverse: JSONPart

    init(table: CrossReferenceTable, reverse view: ReverseView) {
        (reverse, xref) = Scheduler.both({ JSONPart(reverse: view) }, { JSONPart(xref: table) })
    }

    /// The JSON document as consecutive pieces (not joined: a large document is deflated
    /// piece by piece straight from them).
    private var segments: [[UInt8]] {
        [Array(#"{"s":["#.utf8), xref.strings.json, Array(#"],"t":["#.utf8), xref.itemsJSON, Array(#"],"xref":"#.utf8), xref.body,
         Array(#","rs":["#.utf8), reverse.strings.json, Array(#"],"reverse":"#.utf8), reverse.body, Array("}".utf8)]
    }

    /// The JSON document (UTF-8).
    var json: [UInt8] {
        let segments = self.segments
        var out: [UInt8] = []
        out.reserveCapacity(segments.reduce(0) { $0 + $1.count })
        for segment in segments { out += segment }
        return out
    }

    /// The data as script elements of the page: the JSON as it is, or for a large document its
    /// deflated pieces in base64, in order.
    func scriptElements(deflateAbove: Int = Self.deflateAbove, pieceSize: Int = Self.pieceSize) -> [UInt8] {
        let segments = self.segments
        let total = segments.reduce(0) { $0 + $1.count }
        if total <= deflateAbove {
            return Array("<script type=\"application/json\" id=\"report-data\">".utf8) + json + Array("</script>\n".utf8)
        }
        let count = (total + pieceSize - 1) / pieceSize
        let pieces = Scheduler.map(count) { k in
            // Bytes k * pieceSize ..< (k + 1) * pieceSize of the document, gathered from its segments.
            let start = k * pieceSize, end = min(total, start + pieceSize)
            var piece: [UInt8] = []
            piece.reserveCapacity(end - start)
            var offset = 0
            for segment in segments {
                let from = max(start, offset), to = min(end, offset + segment.count)
                if from < to { piece += segment[(from - offset)..<(to - offset)] }
                offset += segment.count
                if offset >= end { break }
            }
            // zlib fails only on bad parameters or exhausted memory.
            guard let compressed = try? Deflate.compress(piece, level: Self.deflateLevel) else {
                preconditionFailure("zlib: deflate failed")
            }
            return Base64.encode(compressed)
        }
        var out: [UInt8] = []
        out.reserveCapacity(pieces.reduce(0) { $0 + $1.count + 96 })
        for piece in pieces {
            out += Array("<script type=\"application/octet-stream\" class=\"report-data-z\" data-encoding=\"deflate-raw base64\">".utf8)
            out += piece
            out += Array("</script>\n".utf8)
        }
        return out
    }
}

/// One table's data: its texts, the distinct target items (突合表), and its rows as JSON.
private struct JSONPart: Sendable {
    var strings = StringTable()
    var itemsJSON: [UInt8] = []
    var body: [UInt8] = []
    /// Target item (indexes of its texts) -> index in `t`.
    private var items: [[Int]: Int] = [:]
    /// Storage address of an item's first text (項目) -> the item's texts and index: the cells
    /// of one target item hold the same texts in every row that links to it.
    private var itemByLabel: [UInt: Int] = [:]
    /// The texts of each item in `t`.
    private var itemTexts: [[String]] = []

    init(xref table: CrossReferenceTable) {
        strings = StringTable(capacity: table.rows.count * 4)
        body.reserveCapacity(table.rows.count * table.groups.count * 12)
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
        }
        body += Array("]}".utf8)
        finish()
    }

    /// Only the JSON is needed from here on: the lookups are freed.
    private mutating func finish() {
        strings.finish()
        items = [:]
        itemByLabel = [:]
        itemTexts = []
    }

    init(reverse: ReverseView) {
        strings = StringTable(capacity: reverse.lines.count * 4)
        body.reserveCapacity(reverse.lines.count * 40)
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
                    JSONText.append(line, to: &body)
                }
                body.append(UInt8(ascii: "]"))
            } else {
                JSONText.append(cell.text, to: &body)
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

/// Distinct texts in order of first use, each kept once as escaped JSON; looked up by their
/// UTF-8 bytes (hashing and comparing bytes, not Unicode-normalised strings).
struct StringTable {
    /// `"a","b",…` (the inside of the JSON array).
    private(set) var json: [UInt8] = []
    /// The raw UTF-8 of every text, back to back; text k is `pool[starts[k]..<starts[k + 1]]`.
    private var pool: [UInt8] = []
    private var starts: [Int] = [0]
    /// Open addressing: index + 1 of the text in each slot, 0 when empty.
    private var slots = [Int32](repeating: 0, count: 1 << 12)
    private var hashes: [UInt64] = []

    var count: Int { starts.count - 1 }

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
        pool = []
        starts = [0]
        hashes = []
        slots = [0]
        identity = [:]
    }

    /// The index of a text made for this call (joined, formatted).
    mutating func index(transient text: String) -> Int {
        var text = text
        return text.withUTF8 { index(utf8: $0) }
    }

    private mutating func index(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = Self.hash(bytes)
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] != 0 {
            let k = Int(slots[slot]) - 1
            if hashes[k] == hash && starts[k + 1] - starts[k] == bytes.count
                && pool.withUnsafeBufferPointer({ pool in
                    bytes.isEmpty || memcmp(pool.baseAddress! + starts[k], bytes.baseAddress!, bytes.count) == 0
                }) {
                return k
            }
            slot = (slot + 1) & mask
        }
        let k = count
        pool.append(contentsOf: bytes)
        starts.append(pool.count)
        hashes.append(hash)
        slots[slot] = Int32(k + 1)
        if k > 0 { json.append(UInt8(ascii: ",")) }
        JSONText.appendString(bytes, to: &json)
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
