/// The body of a regulation item as the user's own document has it: paragraphs, bullet and
/// numbered lists, and tables, in document order. Only catalogs imported from a file the user
/// holds (e.g. IPA 付録5 as a .docx) carry provisions; the catalogs we ship never do, because
/// their body text is not ours to publish.
public enum ProvisionBlock: Equatable, Sendable {
    case paragraph(ProvisionParagraph)
    case table(ProvisionTable)

    /// The line of the block in its item's file (the item's `location` names the file).
    public var line: Int? {
        switch self {
        case .paragraph(let paragraph): paragraph.line
        case .table(let table): table.line
        }
    }
}

/// A block's line, 0 when unknown. Not a whole `SourceLocation` (file name, column, cell: 48
/// bytes): every block of an item is in the item's file, and a block of 104 bytes was 10 MB of
/// a 100k-provision `regulation` run; with the line alone it was 48, and 56 with the offset
/// and length of a packed text.
private func storedLine(_ line: Int?) -> UInt32 { line.map { UInt32(clamping: max($0, 0)) } ?? 0 }

public struct ProvisionParagraph: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// Plain body text.
        case body
        /// A list item with a bullet (`●`, `・`, `-`); `depth` 0 is the outermost list.
        case bullet(marker: String, depth: Int)
        /// A numbered list item whose number was computed or written (`(1)`, `ア`, `①`).
        case numbered(label: String, depth: Int)
    }

    // Stored in this order so the struct stays small: the kind, the three UInt32s, the text's
    // storage (Swift lays fields out in declaration order).
    public var kind: Kind
    private var storedLine: UInt32
    /// Where the text starts in `storage`, in UTF-8 bytes, when packed.
    private var offset: UInt32
    /// The text's length in UTF-8 bytes when packed; `unpacked` when `storage` is the text.
    private var length: UInt32
    /// The text itself, or the buffer shared by the paragraphs of one item (see `packed`).
    private var storage: String

    private static let unpacked = UInt32.max

    /// The paragraph's text as written (runs joined; line breaks as `\n`).
    public var text: String {
        get { length == Self.unpacked ? storage : String(textSlice) }
        set {
            storage = newValue
            offset = 0
            length = Self.unpacked
        }
    }

    /// The text without a copy: a slice of the shared buffer when packed.
    public var textSlice: Substring {
        guard length != Self.unpacked else { return storage[...] }
        let utf8 = storage.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: Int(offset))
        let end = utf8.index(start, offsetBy: Int(length))
        return storage[start..<end]
    }

    /// Whether the text is a slice of a buffer shared with other paragraphs.
    public var isPacked: Bool { length != Self.unpacked }

    /// The paragraph's line in its item's file, if known.
    public var line: Int? {
        get { storedLine == 0 ? nil : Int(storedLine) }
        set { storedLine = TotsugoCore.storedLine(newValue) }
    }

    public init(kind: Kind = .body, text: String, line: Int? = nil) {
        self.kind = kind
        self.storedLine = TotsugoCore.storedLine(line)
        self.offset = 0
        self.length = Self.unpacked
        self.storage = text
    }

    private init(kind: Kind, storedLine: UInt32, buffer: String, offset: UInt32, length: UInt32) {
        self.kind = kind
        self.storedLine = storedLine
        self.offset = offset
        self.length = length
        self.storage = buffer
    }

    /// Equal kinds, lines and texts; how the texts are stored (packed or not) does not count.
    public static func == (lhs: ProvisionParagraph, rhs: ProvisionParagraph) -> Bool {
        lhs.kind == rhs.kind && lhs.storedLine == rhs.storedLine && lhs.textSlice == rhs.textSlice
    }

    /// `blocks` with their paragraphs' texts in one String shared by all of them, each paragraph
    /// keeping its offset and length in it. Every native String is a heap object of its own
    /// (a 32-byte header, the bytes, a NUL, rounded up by malloc); an item's paragraphs in one
    /// buffer pay that once (a 100k-provision `regulation` run peaked 4.4 MB lower). Texts
    /// short enough to be stored inline in the String (15 UTF-8 bytes or fewer) take no heap
    /// object and stay as they are; table cells stay as they are.
    public static func packed(_ blocks: [ProvisionBlock]) -> [ProvisionBlock] {
        var total = 0
        var count = 0
        for case .paragraph(let paragraph) in blocks where Self.packs(paragraph) {
            total += paragraph.storage.utf8.count
            count += 1
        }
        guard count > 1, total < Int(Self.unpacked) else { return blocks.compacted() }
        var buffer = String()
        buffer.reserveCapacity(total)
        var placed: [(offset: UInt32, length: UInt32)] = []
        placed.reserveCapacity(count)
        for case .paragraph(let paragraph) in blocks where Self.packs(paragraph) {
            placed.append((UInt32(buffer.utf8.count), UInt32(paragraph.storage.utf8.count)))
            buffer += paragraph.storage
        }
        var next = 0
        return blocks.map { block in
            guard case .paragraph(let paragraph) = block, Self.packs(paragraph) else { return block }
            defer { next += 1 }
            return .paragraph(ProvisionParagraph(
                kind: paragraph.kind, storedLine: paragraph.storedLine, buffer: buffer,
                offset: placed[next].offset, length: placed[next].length))
        }
    }

    private static func packs(_ paragraph: ProvisionParagraph) -> Bool {
        paragraph.length == Self.unpacked && paragraph.storage.utf8.count > 15
    }

    /// The runs of the text that are placeholders a company fills in (`○月`, `○○部`, `＿＿`),
    /// as ranges of `text` (of a packed paragraph, of the String `text` makes: read `text` once
    /// and use `Provision.placeholders(in:)` on it to cut that same String).
    public var placeholders: [Range<String.Index>] { Provision.placeholders(in: text) }

    /// Whether the text has a placeholder (without copying a packed text).
    public var hasPlaceholders: Bool { Provision.hasPlaceholder(in: textSlice) }
}

public struct ProvisionTable: Equatable, Sendable {
    /// Rows of cell texts, top to bottom; merged cells hold their text in the first cell only.
    public var rows: [[String]]
    /// How many leading rows are header rows (e.g. 役職名 / 役割と責任).
    public var headerRows: Int
    private var storedLine: UInt32

    /// The table's first line in its item's file, if known.
    public var line: Int? {
        get { storedLine == 0 ? nil : Int(storedLine) }
        set { storedLine = TotsugoCore.storedLine(newValue) }
    }

    public init(rows: [[String]], headerRows: Int = 0, line: Int? = nil) {
        self.rows = rows
        self.headerRows = headerRows
        self.storedLine = TotsugoCore.storedLine(line)
    }
}

public enum Provision {
    /// Placeholder characters of Japanese sample regulations: ○/〇 (e.g. `○月○日`, `○○部長`)
    /// and runs of two or more fill-in underscores (`＿＿`, `__`).
    static let placeholderMarks: Set<Character> = ["○", "〇"]
    static let blankMarks: Set<Character> = ["＿", "_"]

    /// `text` cut at its placeholders, in order: every piece with whether it is one (for the
    /// emitters' highlighting). Never empty: a text without placeholders is one plain piece.
    public static func pieces(of text: String) -> [(text: String, placeholder: Bool)] {
        var pieces: [(text: String, placeholder: Bool)] = []
        var position = text.startIndex
        for range in placeholders(in: text) {
            if position < range.lowerBound { pieces.append((String(text[position..<range.lowerBound]), false)) }
            pieces.append((String(text[range]), true))
            position = range.upperBound
        }
        if position < text.endIndex || pieces.isEmpty { pieces.append((String(text[position...]), false)) }
        return pieces
    }

    /// Whether `text` has a placeholder (what `placeholders(in:)` finds), without making one.
    public static func hasPlaceholder(in text: some StringProtocol) -> Bool {
        var previousBlank = false
        for character in text {
            if placeholderMarks.contains(character) { return true }
            let blank = blankMarks.contains(character)
            if blank, previousBlank { return true }
            previousBlank = blank
        }
        return false
    }

    /// Maximal runs of placeholder marks in `text`, in order.
    public static func placeholders(in text: String) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let isMark = placeholderMarks.contains(character)
            let isBlank = blankMarks.contains(character)
            guard isMark || isBlank else {
                index = text.index(after: index)
                continue
            }
            let marks = isMark ? placeholderMarks : blankMarks
            var end = text.index(after: index)
            while end < text.endIndex, marks.contains(text[end]) { end = text.index(after: end) }
            if isMark || text.distance(from: index, to: end) >= 2 { result.append(index..<end) }
            index = end
        }
        return result
    }
}
