import Foundation
import TotsugoCore
import TotsugoXML

/// Bounds on what reading one .docx may cost (a zip bomb, a million empty paragraphs), checked
/// while reading. The package bounds are those of `WorkbookLimits`.
public struct DocumentLimits: Sendable, Equatable {
    public var maxFileBytes: Int
    public var maxEntries: Int
    public var maxPartBytes: Int
    public var maxCompressionRatio: Int
    /// Paragraphs (`w:p`, table cells' included) read from word/document.xml.
    public var maxParagraphs: Int
    /// Table cells read from word/document.xml.
    public var maxCells: Int

    public init(maxFileBytes: Int = 256 << 20, maxEntries: Int = 10_000, maxPartBytes: Int = 1 << 30,
                maxCompressionRatio: Int = 250, maxParagraphs: Int = 2_000_000, maxCells: Int = 5_000_000) {
        self.maxFileBytes = maxFileBytes
        self.maxEntries = maxEntries
        self.maxPartBytes = maxPartBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.maxParagraphs = maxParagraphs
        self.maxCells = maxCells
    }
}

/// A .docx document (WordprocessingML, as Word, LibreOffice and python-docx write it) read into
/// its paragraphs and tables in document order.
///
///     let document = try WordDocument(path: "付録5.docx")
///     document.blocks     // [.paragraph(…), .table(…), …]
///     document.warnings   // tracked changes, comments, text boxes, footnotes met on the way
///
/// Headings come from paragraph styles (styles.xml: `heading 1`…, `見出し 1`…, styles based on
/// them, `w:outlineLvl` in the style or the paragraph). Numbers come from Word's automatic
/// numbering (numbering.xml), computed as Word shows them (`WordNumbering`), since a real file
/// does not hold them in the text.
///
/// Nothing is dropped silently: tracked insertions are read as accepted and tracked deletions
/// left out, text boxes are read (one branch of `mc:AlternateContent`) and placed after the
/// paragraph that anchors them, and comments and footnotes are quoted in a warning; each such
/// warning names the paragraph (`paragraph 12 ("…")`).
///
/// The package is read like a workbook (`OfficePackage`): entry names checked (zip-slip),
/// each part inflated piece by piece into libxml2's push parser with the size and ratio
/// bounds (zip bombs) and any DOCTYPE refused.
public final class WordDocument {
    public struct Paragraph: Equatable, Sendable {
        /// The text as read: runs joined, tabs as `\t`, line breaks as `\n`.
        public var text: String
        /// The heading level (0 = level 1) from the paragraph's style or outline level; nil for body text.
        public var headingLevel: Int?
        /// The number Word shows before the paragraph (`第1章`, `1.2`, `(1)`, `ア`), or the bullet mark.
        public var label: String?
        public var isBullet: Bool
        /// Counter values of the numbering's levels 0…level (`[1, 2]` for 1.2); empty for bullets and unnumbered paragraphs.
        public var numberPath: [Int]
        /// The list level (`w:ilvl`), 0 when not in a list.
        public var listLevel: Int
        /// 1-based position among all paragraphs of the document (table cells' included).
        public var ordinal: Int
        public var location: SourceLocation
    }

    public struct Table: Equatable, Sendable {
        /// Rows of cell texts; a merged cell's text is in its first cell, the cells it covers are "".
        public var rows: [[String]]
        public var headerRows: Int
        public var location: SourceLocation
    }

    public enum Block: Equatable, Sendable {
        case paragraph(Paragraph)
        case table(Table)
    }

    /// `paragraph 12 ("本規程は、当社の…")`: how diagnostics name a paragraph.
    public static func paragraphName(_ ordinal: Int, _ text: String) -> String { DocumentBodyReader.name(ordinal, text) }
    /// `"本規程は、当社の…"`: a paragraph's first words, for a diagnostic at its location.
    public static func quote(_ text: String) -> String { DocumentBodyReader.quote(text) }

    public let file: String
    public private(set) var blocks: [Block] = []
    public private(set) var warnings: [Diagnostic] = []

    public convenience init(path: String, file: String? = nil, limits: DocumentLimits = DocumentLimits()) throws(DiagnosticError) {
        let name = file ?? path
        try self.init(bytes: try Self.contents(path: path, file: name, limits: limits), file: name, limits: limits)
    }

    /// Reads the document at `path` handing each block to `each` as soon as it is complete,
    /// in document order, without keeping them (`import catalog` of a large document holds
    /// only what it makes of them). Returns the warnings `warnings` would hold.
    public static func read(path: String, file: String? = nil, limits: DocumentLimits = DocumentLimits(),
                            each: (Block) -> Void) throws(DiagnosticError) -> [Diagnostic] {
        let name = file ?? path
        return try read(bytes: try contents(path: path, file: name, limits: limits), file: name, limits: limits, each: each)
    }

    private static func contents(path: String, file name: String, limits: DocumentLimits) throws(DiagnosticError) -> [UInt8] {
        let here = SourceLocation(file: name)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw DiagnosticError(.error(here, "no such file"), kind: .missingInput)
        }
        if let size = attributes[.size] as? NSNumber, size.intValue > limits.maxFileBytes {
            throw DiagnosticError(.error(here, "the document is \(size.intValue) bytes, over the limit of \(limits.maxFileBytes)"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(.error(here, "cannot read the file"), kind: .missingInput)
        }
        return [UInt8](data)
    }

    public init(bytes: [UInt8], file: String, limits: DocumentLimits = DocumentLimits()) throws(DiagnosticError) {
        self.file = file
        var blocks: [Block] = []
        warnings = try Self.read(bytes: bytes, file: file, limits: limits) { blocks.append($0) }
        self.blocks = blocks
    }

    static func read(bytes: [UInt8], file: String, limits: DocumentLimits, each: (Block) -> Void) throws(DiagnosticError) -> [Diagnostic] {
        let package = try OfficePackage(bytes: bytes, file: file, kind: .document,
                                        limits: .init(maxFileBytes: limits.maxFileBytes, maxEntries: limits.maxEntries,
                                                      maxPartBytes: limits.maxPartBytes, maxCompressionRatio: limits.maxCompressionRatio))
        let here = SourceLocation(file: file)
        var documentPart = "word/document.xml"
        if package.contains("_rels/.rels") {
            let root = RelationshipsReader()
            try package.parse("_rels/.rels", delegate: root)
            if let office = root.relationships.first(where: { !$0.external && $0.type.hasSuffix("/officeDocument") }) {
                documentPart = RelationshipsReader.resolve(office.target, from: "")
            }
        }
        guard package.contains(documentPart) else {
            throw DiagnosticError(.error(here, "the package has no document part (\(documentPart)); not a docx document"))
        }
        // The parts the document names (styles, numbering, comments, notes), by relationship.
        var parts: [String: String] = [:]
        let relsPart = RelationshipsReader.relsPart(of: documentPart)
        if package.contains(relsPart) {
            let rels = RelationshipsReader()
            try package.parse(relsPart, delegate: rels)
            for relationship in rels.relationships where !relationship.external {
                let kind = String(relationship.type.split(separator: "/").last ?? "")
                if parts[kind] == nil { parts[kind] = RelationshipsReader.resolve(relationship.target, from: documentPart) }
            }
        }
        func read<Reader: XMLReaderDelegate>(_ kind: String, _ reader: Reader) throws(DiagnosticError) -> Reader? {
            guard let part = parts[kind], package.contains(part) else { return nil }
            try package.parse(part, delegate: reader)
            return reader
        }
        let styles = try read("styles", StylesReader())?.styles ?? WordStyles()
        let numbering = try read("numbering", NumberingReader())?.numbering ?? WordNumbering()
        let comments = try read("comments", NotesReader())?.notes ?? [:]
        let footnotes = try read("footnotes", NotesReader())?.notes ?? [:]
        let endnotes = try read("endnotes", NotesReader())?.notes ?? [:]

        let body = DocumentBodyReader(file: file, part: documentPart, package: package, styles: styles, numbering: numbering,
                                      comments: comments, footnotes: footnotes, endnotes: endnotes, limits: limits)
        try withoutActuallyEscaping(each) { (each) throws(DiagnosticError) in
            body.emit = each
            defer { body.emit = nil }
            try package.parse(documentPart, delegate: body) { () throws(DiagnosticError) in
                if let fatal = body.fatal { throw fatal }
            }
        }
        return body.warnings
    }
}

/// Reads word/document.xml in one streaming pass into paragraphs and tables.
final class DocumentBodyReader: XMLReaderDelegate {
    let file: String
    let part: String
    let package: OfficePackage
    let styles: WordStyles
    var counter: NumberingCounter
    let comments: [String: NotesReader.Note]
    let footnotes: [String: NotesReader.Note]
    let endnotes: [String: NotesReader.Note]
    let limits: DocumentLimits

    /// Where each finished block goes (set for the read).
    var emit: ((WordDocument.Block) -> Void)?
    var warnings: [Diagnostic] = []
    var fatal: DiagnosticError?

    private struct ParagraphState {
        var line: Int
        var ordinal: Int
        var text: [UInt8] = []
        var style: String?
        var numID: String?
        var ilvl: Int?
        var outlineLevel: Int?
        var inserted: [UInt8] = []
        var deleted: [UInt8] = []
        var comments: [String] = []
        /// Note ids with the number Word shows (references are numbered in document order).
        var footnotes: [(id: String, shown: Int)] = []
        var endnotes: [(id: String, shown: Int)] = []
        var symbols: [String] = []
        /// Paragraphs of text boxes anchored in this paragraph, to be placed after it.
        var boxed: [(text: String, ordinal: Int, line: Int)] = []
        var inTextBox: Bool
    }

    private struct TableState {
        var line: Int
        var rows: [[String]] = []
        var headerFlags: [Bool] = []
        var row: [String] = []
        var rowHeader = false
        var cell: [String] = []
        var span = 1
        var continuesMerge = false
    }

    private var names: [String] = []
    private var paragraphs: [ParagraphState] = []
    private var tables: [TableState] = []
    private var ordinal = 0
    private var cells = 0
    private var footnoteCount = 0, endnoteCount = 0
    /// Depths of constructs whose content is not text of the document or is read elsewhere.
    private var fallback = 0, deleted = 0, inserted = 0, skipped = 0, change = 0, textBox = 0
    private var inText = false
    private var unknownFormats: Set<String> = []
    /// Heading level by paragraph style (styles.xml does not change while the body is read).
    private var headingLevels: [String: Int?] = [:]
    private var missingNumbering: Set<String> = []

    init(file: String, part: String, package: OfficePackage, styles: WordStyles, numbering: WordNumbering,
         comments: [String: NotesReader.Note], footnotes: [String: NotesReader.Note], endnotes: [String: NotesReader.Note],
         limits: DocumentLimits) {
        self.file = file
        self.part = part
        self.package = package
        self.styles = styles
        counter = NumberingCounter(numbering: numbering)
        self.comments = comments
        self.footnotes = footnotes
        self.endnotes = endnotes
        self.limits = limits
    }

    private func location(_ line: Int) -> SourceLocation { package.location(part, line: line) }

    /// `rules.docx:paragraph 12`: where a paragraph is, for a reader of the document (Word
    /// writes the body on one or two lines of XML, so a line says nothing). Sorted by paragraph.
    func location(paragraph ordinal: Int, table: Bool = false) -> SourceLocation {
        var location = SourceLocation(file: file, line: ordinal)
        location.cell = table ? "table at paragraph \(ordinal)" : "paragraph \(ordinal)"
        return location
    }

    func startElement(_ element: XMLReader.Element) {
        let parent = names.last
        names.append(element.name)
        if skipped > 0 {
            skipped += 1
            return
        }
        if fallback > 0 {
            if element.name == "Fallback" { fallback += 1 }
            return
        }
        let val = element.attribute("val")
        switch element.name {
        case "Fallback": fallback = 1
        case "instrText", "delInstrText", "rt", "sdtPr", "rPr", "sectPr", "tblPr", "tblGrid", "tcMar", "tblBorders":
            // Field codes, ruby readings, properties: not text of the document.
            if element.name == "rPr" && parent != "r" && parent != "pPr" { break }
            skipped = 1
        case "pPrChange", "rPrChange", "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange", "numberingChange":
            change += 1
        case "txbxContent": textBox += 1
        case "altChunk":
            // Another document embedded as it is (HTML, RTF, another docx): not read.
            warnings.append(.warning(location(paragraph: ordinal + 1), "the document embeds another file (w:altChunk \(element.attribute("id") ?? "")) here; its text is not read (open the file in Word and save it, which merges it)"))
        case "p":
            ordinal += 1
            guard ordinal <= limits.maxParagraphs else {
                fatal = fatal ?? DiagnosticError(.error(location(paragraph: ordinal), "the document has more than \(limits.maxParagraphs) paragraphs (the limit)"))
                return
            }
            paragraphs.append(ParagraphState(line: element.line, ordinal: ordinal, inTextBox: textBox > 0))
        case "pStyle" where change == 0 && parent == "pPr": setParagraph { $0.style = val }
        case "numId" where change == 0 && parent == "numPr": setParagraph { $0.numID = val }
        case "ilvl" where change == 0 && parent == "numPr": setParagraph { $0.ilvl = val.flatMap { Int($0) } }
        case "outlineLvl" where change == 0 && parent == "pPr": setParagraph { $0.outlineLevel = val.flatMap { Int($0) } }
        case "ins", "moveTo": if parent != "rPr" && parent != "pPr" { inserted += 1 }
        case "del", "moveFrom": if parent != "rPr" && parent != "pPr" { deleted += 1 }
        case "t", "delText": inText = true
        case "tab" where parent == "r": append([0x09])
        case "br" where parent == "r", "cr" where parent == "r":
            let type = element.attribute("type")
            if type != "page" && type != "column" { append([0x0A]) }
        case "noBreakHyphen" where parent == "r": append(Array("-".utf8))
        case "sym" where parent == "r":
            let code = element.attribute("char").flatMap { UInt32($0, radix: 16) }
            let mark = code.flatMap { Unicode.Scalar($0) }.map { NumberingCounter.bulletMark(String($0)) } ?? "・"
            append(Array(mark.utf8))
            setParagraph { $0.symbols.append(mark) }
        case "commentReference", "commentRangeStart":
            if let id = element.attribute("id") { setParagraph { if !$0.comments.contains(id) { $0.comments.append(id) } } }
        case "footnoteReference":
            footnoteCount += 1
            if let id = element.attribute("id") { setParagraph { [footnoteCount] in $0.footnotes.append((id, footnoteCount)) } }
        case "endnoteReference":
            endnoteCount += 1
            if let id = element.attribute("id") { setParagraph { [endnoteCount] in $0.endnotes.append((id, endnoteCount)) } }
        case "tbl": tables.append(TableState(line: ordinal + 1))
        case "tr" where !tables.isEmpty:
            tables[tables.count - 1].row = []
            tables[tables.count - 1].rowHeader = false
        case "tblHeader" where change == 0 && !tables.isEmpty:
            tables[tables.count - 1].rowHeader = val != "0" && val != "false" && val != "off"
        case "gridBefore" where change == 0 && !tables.isEmpty:
            let n = min(val.flatMap { Int($0) } ?? 0, 64)
            tables[tables.count - 1].row += Array(repeating: "", count: max(0, n))
        case "tc" where !tables.isEmpty:
            cells += 1
            if cells > limits.maxCells {
                fatal = fatal ?? DiagnosticError(.error(location(paragraph: ordinal + 1, table: true), "the document has more than \(limits.maxCells) table cells (the limit)"))
            }
            tables[tables.count - 1].cell = []
            tables[tables.count - 1].span = 1
            tables[tables.count - 1].continuesMerge = false
        case "gridSpan" where change == 0 && !tables.isEmpty:
            tables[tables.count - 1].span = max(1, min(val.flatMap { Int($0) } ?? 1, 64))
        case "vMerge" where change == 0 && !tables.isEmpty:
            tables[tables.count - 1].continuesMerge = val == nil || val == "continue"
        default: break
        }
    }

    private func setParagraph(_ change: (inout ParagraphState) -> Void) {
        guard !paragraphs.isEmpty else { return }
        change(&paragraphs[paragraphs.count - 1])
    }

    private func append(_ bytes: [UInt8]) {
        guard !paragraphs.isEmpty else { return }
        if deleted > 0 {
            paragraphs[paragraphs.count - 1].deleted += bytes
            return
        }
        paragraphs[paragraphs.count - 1].text += bytes
        if inserted > 0 { paragraphs[paragraphs.count - 1].inserted += bytes }
    }

    func endElement() {
        let name = names.removeLast()
        if skipped > 0 {
            skipped -= 1
            return
        }
        if fallback > 0 {
            if name == "Fallback" { fallback -= 1 }
            return
        }
        switch name {
        case "t", "delText": inText = false
        case "pPrChange", "rPrChange", "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange", "numberingChange": change -= 1
        case "ins", "moveTo": if names.last != "rPr" && names.last != "pPr" { inserted = max(0, inserted - 1) }
        case "del", "moveFrom": if names.last != "rPr" && names.last != "pPr" { deleted = max(0, deleted - 1) }
        case "txbxContent": textBox -= 1
        case "p": if !paragraphs.isEmpty { endParagraph(paragraphs.removeLast()) }
        case "tc" where !tables.isEmpty:
            var table = tables.removeLast()
            let text = table.cell.joined(separator: "\n").trimmingCharacters(in: .newlines)
            table.row.append(table.continuesMerge && text.isEmpty ? "" : text)
            table.row += Array(repeating: "", count: table.span - 1)
            tables.append(table)
        case "tr" where !tables.isEmpty:
            var table = tables.removeLast()
            table.rows.append(table.row)
            table.headerFlags.append(table.rowHeader)
            tables.append(table)
        case "tbl" where !tables.isEmpty:
            let table = tables.removeLast()
            let marked = table.headerFlags.prefix { $0 }.count
            let headerRows = marked > 0 ? marked : (table.rows.count > 1 ? 1 : 0)
            if !tables.isEmpty {
                // A table inside a cell: its rows become lines of the cell.
                let lines = table.rows.map { $0.joined(separator: " | ") }
                tables[tables.count - 1].cell += lines
                warnings.append(.warning(location(paragraph: table.line, table: true), "a table inside a table cell (\(table.rows.count) rows) is read as lines of that cell, cells separated by ' | '"))
            } else {
                emit?(.table(WordDocument.Table(rows: table.rows, headerRows: headerRows, location: location(paragraph: table.line, table: true))))
            }
        default: break
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard inText, fallback == 0, skipped == 0 else { return }
        append(Array(text))
    }

    /// `paragraph 12 ("本規程は、当社の…")` for warnings.
    static func name(_ ordinal: Int, _ text: String) -> String {
        "paragraph \(ordinal) (\(quote(text, empty: "empty")))"
    }

    /// `"本規程は、当社の…"`: the first words of a paragraph, quoted.
    static func quote(_ text: String, empty: String = "an empty paragraph") -> String {
        // Called for every paragraph: Foundation's replacingOccurrences and a full count were a
        // quarter of `import catalog` at 100k paragraphs. Without CR and LF the text is shown as
        // it is, and only its first 25 characters are counted.
        let shown: String
        if !text.utf8.contains(0x0A) && !text.utf8.contains(0x0D) {
            shown = text
        } else {
            shown = text.replacingOccurrences(of: "\n", with: " ")
        }
        let cut = shown.index(shown.startIndex, offsetBy: 24, limitedBy: shown.endIndex)
        let quoted = cut.map { $0 < shown.endIndex } == true ? String(shown[..<cut!]) + "…" : shown
        return quoted.isEmpty ? empty : "\"\(quoted)\""
    }

    private func headingLevel(ofStyle style: String) -> Int? {
        if let known = headingLevels[style] { return known }
        let level = styles.headingLevel(style)
        headingLevels[style] = level
        return level
    }

    private func endParagraph(_ state: ParagraphState) {
        let text = String(decoding: state.text, as: UTF8.self)
        let here = location(paragraph: state.ordinal)
        // Only the warnings name the paragraph.
        var named: String { Self.quote(text) }
        if !state.inserted.isEmpty {
            warnings.append(.warning(here, "\(named) holds a tracked insertion, read as accepted: \"\(String(decoding: state.inserted, as: UTF8.self))\""))
        }
        if !state.deleted.isEmpty {
            warnings.append(.warning(here, "\(named) holds a tracked deletion, left out (read as accepted): \"\(String(decoding: state.deleted, as: UTF8.self))\""))
        }
        for id in state.comments {
            let note = comments[id]
            let by = note?.author.map { " by \($0)" } ?? ""
            warnings.append(.warning(here, "\(named) has a comment\(by), not imported: \"\(note?.text ?? "")\""))
        }
        for (kind, ids, notes) in [("footnote", state.footnotes, footnotes), ("endnote", state.endnotes, endnotes)] {
            for (id, shown) in ids {
                let text = Normalization.trimmed((notes[id]?.text ?? "")[...], newlines: true)
                warnings.append(.warning(here, "\(named) has \(kind) \(shown), not imported: \"\(text)\""))
            }
        }

        // Style, heading level and number.
        let style = state.style ?? styles.defaultParagraphStyle
        let headingLevel = state.outlineLevel.flatMap { $0 < 9 ? $0 : nil } ?? (state.outlineLevel == nil ? style.flatMap { self.headingLevel(ofStyle: $0) } : nil)
        var numID = state.numID
        var ilvl = state.ilvl
        if numID == nil, let style, let inherited = styles.numbering(style) {
            numID = inherited.numID
            ilvl = ilvl ?? inherited.ilvl ?? counter.numbering.level(numID: inherited.numID, linkedTo: style)
        }
        var number: NumberingCounter.Number?
        if let numID, numID != "0" {
            number = counter.next(numID: numID, ilvl: ilvl ?? 0)
            if number == nil, !missingNumbering.contains(numID) {
                missingNumbering.insert(numID)
                warnings.append(.warning(here, "\(named) names numbering \(numID) level \(ilvl ?? 0), which numbering.xml does not define; its number is left out"))
            }
            if let level = counter.numbering.level(numID: numID, ilvl: ilvl ?? 0), !NumberingCounter.formats.contains(level.format),
               !unknownFormats.contains(level.format) {
                unknownFormats.insert(level.format)
                warnings.append(.warning(here, "\(named) is numbered in the format '\(level.format)', which this reader does not know; shown as decimal numbers"))
            }
        }
        let label = number.flatMap { $0.label.isEmpty ? nil : $0.label }
        let paragraph = WordDocument.Paragraph(text: text, headingLevel: headingLevel, label: label, isBullet: number?.isBullet ?? false,
                                               numberPath: number?.path ?? [], listLevel: ilvl ?? 0, ordinal: state.ordinal, location: here)

        if state.inTextBox, !paragraphs.isEmpty {
            // A text box's paragraph: placed after the paragraph it is anchored in.
            let shown = label.map { $0 + (paragraph.isBullet ? " " : "") + text } ?? text
            paragraphs[paragraphs.count - 1].boxed.append((shown, state.ordinal, state.line))
            paragraphs[paragraphs.count - 1].boxed += state.boxed
            return
        }
        if !tables.isEmpty {
            let shown = label.map { $0 + (paragraph.isBullet ? " " : "") + text } ?? text
            tables[tables.count - 1].cell.append(shown)
            for boxed in state.boxed {
                tables[tables.count - 1].cell.append(boxed.text)
                warnings.append(.warning(location(paragraph: boxed.ordinal), "\(Self.quote(boxed.text)) is in a text box; read into the table cell after \(Self.name(state.ordinal, text))"))
            }
            return
        }
        emit?(.paragraph(paragraph))
        for boxed in state.boxed where !boxed.text.isEmpty {
            warnings.append(.warning(location(paragraph: boxed.ordinal), "\(Self.quote(boxed.text)) is in a text box; read as a paragraph after \(Self.name(state.ordinal, text))"))
            emit?(.paragraph(WordDocument.Paragraph(text: boxed.text, headingLevel: nil, label: nil, isBullet: false, numberPath: [],
                                                            listLevel: 0, ordinal: boxed.ordinal, location: location(paragraph: boxed.ordinal))))
        }
    }
}
