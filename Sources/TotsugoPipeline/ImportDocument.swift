import Foundation
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import TotsugoTable

/// Turns a regulation document (.docx) into a catalog: every heading an item (its depth from the
/// heading level, its number the one Word computes), everything between two headings the
/// provisions of the first (paragraphs, bullet and numbered list items, tables), in order.
///
/// Ids come from the computed numbers: the counter value of the heading's own level, under its
/// parent's id (`3`, `3.2`, `3.2.1`), whatever the number looks like (`第3章`, `(2)`, `ア`);
/// a heading without a number gets `p1`, `p2`… among its siblings. Two headings that compute the
/// same id are reported and the second gets `-2` (`3.2-2`). Paragraphs before the first heading
/// belong to no item and are reported, not imported.
///
/// The importer takes the document's blocks one at a time as they are read (`begin`, `add`
/// for each, `finish`), so the document's paragraphs are never all held at once; nor are the
/// items: an item's text and fingerprint are made as soon as its provisions are complete (the
/// next item's heading, or the end), and only the headings still open are kept.
struct DocumentImporter {
    let file: String
    let recipe: ImportRecipe
    var diagnostics: [Diagnostic] = []
    /// The recipe is in error: the blocks are not used.
    private var refused = false
    /// The headings open, outermost first; only the last one can still take provisions.
    private var stack: [Open] = []
    /// Each id made, with the index of its heading's diagnostic name in `nameEnds` (a second
    /// heading computing the same id names the first).
    private var ids: [String: Int] = [:]
    /// The headings' diagnostic names (`paragraph 12 ("総則")`) end to end, UTF-8, and where
    /// each ends: one buffer instead of a String per item.
    private var names: [UInt8] = []
    private var nameEnds: [Int] = []
    private var unnumberedRoots = 0
    private var items = 0, paragraphs = 0, tables = 0, outside = 0
    /// The items' text as written, in document order, without the front matter (its counts
    /// are known at the end).
    private var body: [UInt8] = []
    /// The items' fingerprints in the order the catalog parser closes them (children before
    /// their parent): the order they leave `stack`.
    private var made: [Fingerprint] = []

    /// The items' text written so far (what tests watch: an item is written once complete).
    var textWritten: String { String(decoding: body, as: UTF8.self) }
    /// The provisions held, not yet written (those of the last heading open, if any).
    var provisionsHeld: Int { stack.reduce(0) { $0 + ($1.pending?.provisions.count ?? 0) } }
    /// The headings open: the last item made and its ancestors.
    var headingsOpen: Int { stack.count }

    /// A heading open: an item whose children may still come.
    private struct Open {
        var id: String
        var level: Int
        var depth: Int
        var unnumberedChildren = 0
        /// Until its text is written: the item's number, heading and provisions.
        var pending: (number: String, heading: String, provisions: [ProvisionBlock])?
        /// Once its text is written.
        var fingerprint: Fingerprint?
    }

    struct Result {
        /// The items' text without the front matter (`render` puts that before it).
        var body: [UInt8]
        var fingerprints: [Fingerprint]
        var items: Int
        var paragraphs: Int
        var tables: Int
        var outside: Int
    }

    init(file: String, recipe: ImportRecipe) {
        self.file = file
        self.recipe = recipe
    }

    /// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR as line feeds.
    static func lineBreaks(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\u{2028}" || $0 == "\u{2029}" }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{2028}" || $0 == "\u{2029}" ? "\n" : $0 }))
    }

    /// Bullet marks typed at the start of a paragraph (not Word's list bullets).
    static let typedBullets: Set<Character> = ["●", "■", "◆", "・", "•", "◇", "□"]

    /// Checks the recipe; false (with the errors in `diagnostics`) when the document's blocks cannot be used.
    @discardableResult
    mutating func begin() -> Bool {
        for (value, key, flag) in [(recipe.id, "id", "--id"), (recipe.title, "title", "--title"),
                                   (recipe.publisher, "publisher", "--publisher"), (recipe.version, "version", "--version")]
        where value == nil {
            diagnostics.append(.error(SourceLocation(file: "command line"), "the catalog's \(key) is not given: write '\(key): …' in the recipe or pass \(flag)"))
        }
        for value in [recipe.id, recipe.title, recipe.shortTitle, recipe.publisher, recipe.version, recipe.date, recipe.hierarchyNames, recipe.completeness].compactMap({ $0 }) + recipe.sources
        where value.value.contains(where: \.isNewline) {
            diagnostics.append(.error(value.location, "front-matter values are one line each"))
        }
        if let date = recipe.date, InputDate.w3cValid(date.value) == false {
            diagnostics.append(.error(date.location, "date must be YYYY, YYYY-MM or YYYY-MM-DD, not '\(date.value)'"))
        }
        let tableOnly: [(ImportRecipe.Value<String>?, String)] = [(recipe.idColumn, "id-column"), (recipe.titleColumn, "title-column"),
                                                                   (recipe.textColumn, "text-column"), (recipe.levelColumn, "level-column"),
                                                                   (recipe.tagsColumn, "tags-column"), (recipe.sheet, "sheet"),
                                                                   (recipe.encoding, "encoding"), (recipe.delimiter, "delimiter")]
        for (value, key) in tableOnly {
            if let value { diagnostics.append(.warning(value.location, "\(key) is for tables; a document's items are its headings, so it is not used")) }
        }
        refused = diagnostics.contains(where: { $0.severity == .error })
        return !refused
    }

    private mutating func attach(_ block: ProvisionBlock, at location: SourceLocation, what: @autoclosure () -> String) {
        guard !stack.isEmpty else {
            outside += 1
            diagnostics.append(.warning(location, "\(what()) comes before the first heading: it belongs to no item and is not imported"))
            return
        }
        stack[stack.count - 1].pending?.provisions.append(block)
    }

    /// Writes the text of the last heading open (its provisions are complete) and keeps its
    /// fingerprint instead of its fields.
    private mutating func writePending() {
        guard let last = stack.indices.last, let item = stack[last].pending else { return }
        stack[last].pending = nil
        let open = stack[last]
        func put(_ s: some StringProtocol) { body.append(contentsOf: s.utf8) }
        put("\n" + String(repeating: "#", count: open.depth) + " ")
        if !item.number.isEmpty {
            put("\(item.number) | \(item.heading)")
        } else {
            put(item.heading.contains(" | ") ? " | \(item.heading)" : item.heading)
        }
        put("\n@id: \(open.id)\n")
        if !item.provisions.isEmpty {
            put("@provisions:\n")
            for line in ProvisionText.render(item.provisions) { put(line); put("\n") }
        }
        stack[last].fingerprint = Fingerprint(id: open.id, depth: open.depth, number: item.number, heading: item.heading, provisions: item.provisions)
    }

    /// Closes the last heading open (its children are all made).
    private mutating func close() {
        writePending()
        if let fingerprint = stack.removeLast().fingerprint { made.append(fingerprint) }
    }

    /// The diagnostic name of the heading `ids` gives the index of.
    private func name(_ index: Int) -> String {
        String(decoding: names[(index == 0 ? 0 : nameEnds[index - 1])..<nameEnds[index]], as: UTF8.self)
    }

    /// DEL and C1 controls are valid XML but never text of a catalog (both formats refuse them).
    private mutating func refuseControls(_ text: String, at location: SourceLocation, in what: @autoclosure () -> String) -> Bool {
        guard let bad = text.unicodeScalars.first(where: { $0.value == 0x7F || (0x80...0x9F).contains($0.value)
            || ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") }) else { return false }
        diagnostics.append(.error(location, String(format: "control character U+%04X in \(what()); remove it in Word", bad.value)))
        return true
    }

    /// The next block of the document.
    mutating func add(_ block: WordDocument.Block) {
        guard !refused else { return }
        var block = block
        // U+2028 / U+2029 are line breaks to a reader; structured text allows only LF.
        switch block {
        case .table(var table):
            table.rows = table.rows.map { $0.map(Self.lineBreaks) }
            block = .table(table)
        case .paragraph(var paragraph):
            paragraph.text = Self.lineBreaks(paragraph.text)
            block = .paragraph(paragraph)
        }
        switch block {
        case .table(let table):
            tables += 1
            if table.rows.contains(where: { $0.contains { refuseControls($0, at: table.location, in: "a cell of the table") } }) { return }
            attach(.table(ProvisionTable(rows: table.rows, headerRows: table.headerRows, line: table.location.line)),
                   at: table.location, what: "a table of \(table.rows.count) rows")
        case .paragraph(let paragraph):
            paragraphs += 1
            let text = Normalization.trimmed(paragraph.text[...], newlines: true)
            if refuseControls(text + (paragraph.label ?? ""), at: paragraph.location, in: "the paragraph \(WordDocument.quote(text))") { return }
            if let level = paragraph.headingLevel {
                let heading = Normalization.display(CatalogImporter.oneLine(text))
                guard !heading.isEmpty else {
                    if paragraph.label != nil {
                        diagnostics.append(.warning(paragraph.location, "an empty heading with the number \(paragraph.label!); it makes no item (its number still counts, as in Word)"))
                    }
                    return
                }
                writePending()
                while let last = stack.last, last.level >= level { close() }
                let parent = stack.indices.last
                let number = paragraph.isBullet ? "" : Normalization.display(paragraph.label ?? "")
                var own: String
                if !paragraph.isBullet, let value = paragraph.numberPath.last, paragraph.label != nil {
                    own = String(value)
                } else if let parent {
                    stack[parent].unnumberedChildren += 1
                    own = "p\(stack[parent].unnumberedChildren)"
                } else {
                    unnumberedRoots += 1
                    own = "p\(unnumberedRoots)"
                }
                var id = Normalization.key(parent.map { stack[$0].id + "." + own } ?? own)
                if let first = ids[id] {
                    var n = 2
                    while ids["\(id)-\(n)"] != nil { n += 1 }
                    diagnostics.append(.warning(paragraph.location, "the heading \(WordDocument.quote(text)) computes the number '\(number.isEmpty ? id : number)' (id \(id)), as \(name(first)) does; it gets the id \(id)-\(n). Check the numbering in Word (a restarted or second list?)"))
                    id = "\(id)-\(n)"
                }
                names.append(contentsOf: WordDocument.paragraphName(paragraph.ordinal, text).utf8)
                ids[id] = nameEnds.count
                nameEnds.append(names.count)
                items += 1
                stack.append(Open(id: id, level: level, depth: stack.count + 1, pending: (number, heading, [])))
                return
            }
            guard !text.isEmpty else { return }
            var kind: ProvisionParagraph.Kind = .body
            var body = text
            if let label = paragraph.label {
                kind = paragraph.isBullet ? .bullet(marker: label, depth: paragraph.listLevel) : .numbered(label: label, depth: paragraph.listLevel)
            } else if let first = text.first, Self.typedBullets.contains(first) {
                let rest = text.dropFirst()
                let trimmed = rest.drop { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }
                if !trimmed.isEmpty {
                    kind = .bullet(marker: String(first), depth: 0)
                    body = String(trimmed)
                }
            }
            attach(.paragraph(ProvisionParagraph(kind: kind, text: body, line: paragraph.location.line)),
                   at: paragraph.location, what: WordDocument.quote(text))
        }
    }

    /// The items read, or nil when something was in error (in `diagnostics`).
    mutating func finish() -> Result? {
        if diagnostics.contains(where: { $0.severity == .error }) { return nil }
        if items == 0 {
            diagnostics.append(.error(SourceLocation(file: file), "the document has no headings (paragraphs in a heading style such as 見出し 1 / Heading 1, or with an outline level), so there are no items to import"))
            return nil
        }
        while !stack.isEmpty { close() }
        defer { body = []; made = [] }
        return Result(body: body, fingerprints: made, items: items, paragraphs: paragraphs, tables: tables, outside: outside)
    }

    /// What the read-back of one item made is compared with: its id and depth, and a hash of
    /// each field compared (number, heading, provisions without their locations). Kept instead
    /// of the items, which are written as soon as they are complete and dropped (BENCHMARKS.md,
    /// "The .docx import and regulation, second pass").
    struct Fingerprint: Equatable {
        var id: String
        var depth: Int
        var number: Int
        var heading: Int
        var provisions: Int
        var provisionCount: Int

        init(id: String, depth: Int, number: String, heading: String, provisions: [ProvisionBlock]) {
            self.id = id
            self.depth = depth
            self.number = number.hashValue
            self.heading = heading.hashValue
            self.provisions = Self.hash(provisions)
            provisionCount = provisions.count
        }

        /// Every field of the blocks that `==` compares, locations left out.
        static func hash(_ blocks: [ProvisionBlock]) -> Int {
            var hasher = Hasher()
            for block in blocks {
                switch block {
                case .paragraph(let paragraph):
                    switch paragraph.kind {
                    case .body: hasher.combine(0)
                    case .bullet(let marker, let depth): hasher.combine(1); hasher.combine(marker); hasher.combine(depth)
                    case .numbered(let label, let depth): hasher.combine(2); hasher.combine(label); hasher.combine(depth)
                    }
                    hasher.combine(paragraph.text)
                case .table(let table):
                    hasher.combine(3)
                    hasher.combine(table.headerRows)
                    hasher.combine(table.rows)
                }
            }
            return hasher.finalize()
        }
    }

    /// Compares the items read back from the text written, as the parser closes them, with the
    /// fingerprints of the items made; the first difference names the item and the field.
    struct ReadBackCheck {
        let made: [Fingerprint]
        private(set) var next = 0
        private(set) var difference: Diagnostic?

        init(_ made: [Fingerprint]) { self.made = made }

        mutating func check(_ item: CatalogItem, depth: Int) {
            guard difference == nil else { return }
            let at = item.location ?? SourceLocation(file: "<text>")
            guard next < made.count else {
                difference = .error(at, "the item \(item.id) reads back, but no such item was made from the document")
                return
            }
            let expected = made[next]
            next += 1
            guard item.id == expected.id else {
                difference = .error(at, "the item \(item.id) reads back where the item \(expected.id) was made (an item out of place, or one missing)")
                return
            }
            let field: String?
            if depth != expected.depth {
                field = "a heading depth of \(depth), not \(expected.depth)"
            } else if item.number.hashValue != expected.number {
                field = "a different number ('\(item.number)')"
            } else if item.heading.hashValue != expected.heading {
                field = "a different heading ('\(item.heading)')"
            } else if item.provisions.count != expected.provisionCount {
                field = "\(item.provisions.count) provisions, not \(expected.provisionCount)"
            } else if Fingerprint.hash(item.provisions) != expected.provisions {
                field = "different provisions (paragraph texts, list marks or table cells)"
            } else if item.headingSource != .quoted || item.text != nil || !item.levels.isEmpty || !item.tags.isEmpty || item.note != nil {
                field = "a text, level, tag, note or heading source that the document does not give"
            } else {
                field = nil
            }
            if let field { difference = .error(at, "the item \(expected.id) reads back with \(field)") }
        }

        /// The difference found, or one for items made but not read back.
        mutating func finish() -> Diagnostic? {
            if difference == nil, next < made.count {
                difference = .error(SourceLocation(file: "<text>"), "the item \(made[next].id) was made from the document but does not read back (\(made.count - next) items missing)")
            }
            return difference
        }
    }

    /// The catalog as structured text (docs/catalog-text.md), items in document order, as
    /// UTF-8 bytes (what is checked and written: a String and its bytes were both alive): the
    /// front matter, whose counts are known only at the end, put before the items' text
    /// (taken from `result`, so that it is moved, not copied).
    func render(_ result: inout Result, provenance: String) -> [UInt8] {
        var out: [UInt8] = []
        func put(_ s: some StringProtocol) { out.append(contentsOf: s.utf8) }
        put("---\n")
        func line(_ key: String, _ value: String?) { if let value { put("\(key): \(value)\n") } }
        line("id", recipe.id?.value)
        line("title", recipe.title?.value)
        line("short-title", recipe.shortTitle?.value ?? recipe.title?.value)
        line("publisher", recipe.publisher?.value)
        line("version", recipe.version?.value)
        line("date", recipe.date?.value)
        line("levels", recipe.hierarchyNames?.value)
        var counts = "文書の段落\(result.paragraphs)件・表\(result.tables)件を読み、見出し\(result.items)件を項目として、その間の本文・箇条書き・表を各項目の規定として取り込んだ"
        if result.outside > 0 { counts += "（最初の見出しより前の\(result.outside)件は取り込んでいない）" }
        counts += "。"
        line("completeness", (recipe.completeness.map { $0.value.last?.isASCII == false ? $0.value : $0.value + " " } ?? "") + counts)
        for source in recipe.sources { line("source", source.value) }
        line("source", provenance)
        put("---\n")
        var text: [UInt8] = []
        swap(&text, &result.body)
        text.insert(contentsOf: out, at: 0)
        return text
    }
}

extension Pipeline {
    /// `import catalog` of a .docx: the document's headings as items, with their provisions.
    /// `alteringText` is a seam for tests: it changes the text before it is read back.
    static func importDocument(_ request: ImportCatalogRequest, recipe: ImportRecipe, diagnostics: any DiagnosticSink,
                               alteringText: ((inout [UInt8]) -> Void)? = nil) throws(CommandFailure) -> ImportedCatalog {
        var importer = DocumentImporter(file: request.source, recipe: recipe)
        importer.begin()
        let warnings: [Diagnostic]
        do throws(DiagnosticError) {
            warnings = try WordDocument.read(path: request.source) { importer.add($0) }
        } catch {
            diagnostics.report(error.diagnostics)
            throw error.kind == .missingInput ? .missingInput : .badInput
        }
        guard let bytes = FileManager.default.contents(atPath: request.source) else {
            diagnostics.report([.error(SourceLocation(file: request.source), "cannot read the file")])
            throw .missingInput
        }
        let result = importer.finish()
        let all = warnings + importer.diagnostics
        if !all.isEmpty { diagnostics.report(all) }
        guard var result, !importer.diagnostics.contains(where: { $0.severity == .error }) else { throw .badInput }
        importer = DocumentImporter(file: request.source, recipe: recipe)  // it holds the ids made

        let origin = ImportProvenance.line(source: request.source, details: [], bytes: Array(bytes), date: request.date)
        var textBytes = importer.render(&result, provenance: origin)
        // The items were written and freed as they were completed; what is compared with the
        // text's read-back is their fingerprints.
        var readBack = DocumentImporter.ReadBackCheck(result.fingerprints)
        result.fingerprints = []
        alteringText?(&textBytes)
        let catalog: Catalog
        do throws(DiagnosticError) {
            let input = try InputFile.decode(textBytes, path: request.destination.path ?? "<stdout>")
            catalog = try CatalogTextParser().parse(input, keepingItems: request.xml, eachItem: { readBack.check($0, depth: $1) })
        } catch {
            diagnostics.report(error.diagnostics)
            throw .internalError("the imported catalog does not read back (a bug: please report it with the document)")
        }
        if let difference = readBack.finish() {
            diagnostics.report([difference])
            throw .internalError("the imported catalog reads back differently from the document (a bug: please report it with the document)")
        }
        diagnostics.progress(ProgressStep("catalog", catalog.id, counts: [.init(result.paragraphs, "paragraph"), .init(result.items, "item")]))
        let xml = try xmlIfAsked(catalog, request: request, diagnostics: diagnostics)
        let written = try write(xml.map { Array($0.utf8) } ?? textBytes, as: ImportedCatalogText(), to: request.destination, diagnostics: diagnostics)
        if let written { diagnostics.progress(ProgressStep("wrote", written, counts: [.init(result.items, "item")])) }
        var imported = ImportedCatalog(catalog: request.xml ? catalog : nil, bytes: textBytes, path: request.destination.path, written: written, rowsRead: result.paragraphs,
                                       itemsImported: result.items, headingsMade: 0)
        imported.xml = xml
        imported.fromDocument = true
        return imported
    }
}
