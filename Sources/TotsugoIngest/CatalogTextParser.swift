import TotsugoCore

/// Reads a catalog written in the structured-text format (docs/catalog-text.md):
/// front matter between `---` lines, then one `#`-heading per item (`#` depth = tree depth),
/// `@key: value` attribute lines right under a heading, then the item's text.
public struct CatalogTextParser: Sendable {
    public var limits: InputLimits

    public init(limits: InputLimits = .default) {
        self.limits = limits
    }

    static let requiredKeys = ["id", "title", "short-title", "publisher", "version", "completeness"]
    static let frontMatterKeys = Set(requiredKeys + ["date", "levels", "source", "property", "extent", "total-items", "level-names"])
    static let attributeKeys: Set<String> = ["id", "level", "tags", "heading-source", "note"]

    /// An item being read, before its children are attached.
    private struct Pending {
        var depth: Int
        var number: String
        var heading: String
        var attributes: [String: (String, SourceLocation)] = [:]
        /// The text lines joined with LF as they are read (an array of lines cost a String each).
        var body = ""
        var bodyLines = 0
        var location: SourceLocation
        var children: [CatalogItem] = []
        var id: String?
        var readingAttributes = true
        /// After `@provisions:`: the item's provisions, read line by line.
        var provisions: ProvisionText.Reader?
    }

    /// The lines of the file without their LF or CRLF, one at a time (a file of 63 MiB of empty
    /// lines held 66 million Strings at once), split on bytes: splitting the String by
    /// Character (grapheme clusters) was a fifth of reading a large catalog. LF and CR LF are
    /// never part of a larger grapheme cluster; one CR left at the end of a line is dropped as
    /// well. A CR anywhere else, U+2028 and U+2029 are refused (`hiddenLineBreaks`).
    /// Line-start checks (`#`, `@`, `\#`) are on bytes too: a mark followed by a combining
    /// character counts as that mark (String's `hasPrefix` compares canonical equivalence).
    struct Lines {
        let bytes: [UInt8]
        private var start = 0
        private var finished = false
        /// 1-based number of the line `next()` returned last.
        private(set) var number = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func next() -> String? {
            guard !finished else { return nil }
            let newline = bytes[start...].firstIndex(of: 0x0A)
            let line = bytes.withUnsafeBufferPointer { Self.line($0, start, newline ?? bytes.count, endsWithLF: newline != nil) }
            number += 1
            if let newline { start = newline + 1 } else { finished = true }
            return line
        }

        /// The line in `bytes[start..<end]` (`end` at its LF, or the end of the text).
        static func line(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, endsWithLF: Bool) -> String {
            var end = end
            if endsWithLF, end > start, bytes[end - 1] == 0x0D { end -= 1 }  // CR LF
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }  // and one more CR, as before
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// Every line, at once (tests).
    static func lines(_ bytes: [UInt8]) -> [String] {
        var reader = Lines(bytes)
        var lines: [String] = []
        while let line = reader.next() { lines.append(line) }
        return lines
    }

    /// Line breaks that are not line breaks here: a CR that does not end a line (old Mac line
    /// ends, `text\r# 3 | Three`), U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR. What
    /// follows one on its line (a heading) would be read as text of the line, so each is an
    /// error at its line (counted in LFs) and column. At most `limit`.
    static func hiddenLineBreaks(in bytes: [UInt8], path: String, limit: Int) -> [Diagnostic] {
        bytes.withUnsafeBufferPointer { hiddenLineBreaks(in: $0, firstLine: 1, path: path, limit: limit) }
    }

    /// The same over a piece of a file that starts a line (`firstLine`) and ends after an LF or
    /// at the end of the file (a CR last in the piece is then last in the file).
    static func hiddenLineBreaks(in bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, path: String, limit: Int) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var line = firstLine
        var lineStart = 0
        let n = bytes.count
        var i = 0
        while i < n, found.count < limit {
            let b = bytes[i]
            var what: String?
            if b == 0x0A {
                line += 1
                lineStart = i + 1
            } else if b == 0x0D {
                // Allowed: CR LF, CR CR LF and a CR ending the file (all dropped as line ends).
                let next = i + 1 < n ? bytes[i + 1] : 0x0A
                let ends = next == 0x0A || next == 0x0D && i + 2 < n && bytes[i + 2] == 0x0A || i + 1 == n
                if !ends { what = "a carriage return (CR) that is not followed by a line feed (old Mac line ends?)" }
            } else if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                what = bytes[i + 2] == 0xA8 ? "U+2028 LINE SEPARATOR" : "U+2029 PARAGRAPH SEPARATOR"
            }
            if let what {
                let column = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<i]), as: UTF8.self).count + 1
                found.append(.error(SourceLocation(file: path, line: line, column: column),
                    "\(what) is not a line break in structured text: lines end with LF or CR LF, and a heading after it "
                    + "would be read as text; save the file with LF or CR LF line ends"))
            }
            i += 1
        }
        return found
    }

    /// Characters that may come before a line's first mark: tabs, any space (Unicode Zs: the
    /// ideographic space, U+00A0, U+2002…) and any invisible format character (Unicode Cf:
    /// U+FEFF, a byte order mark left in the middle of a file by joining files, U+200B, U+2060,
    /// U+00AD…).
    static func isLeadingBlank(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " || scalar == "\t" { return true }
        guard scalar.value >= 0x80 else { return false }
        let category = scalar.properties.generalCategory
        return category == .spaceSeparator || category == .format
    }

    /// The heading marks: `#`, the full-width `＃` and the small `﹟`.
    static func isHeadingMark(_ scalar: Unicode.Scalar) -> Bool { scalar == "#" || scalar == "＃" || scalar == "﹟" }
    /// The attribute marks: `@`, the full-width `＠` and the small `﹫`.
    static func isAttributeMark(_ scalar: Unicode.Scalar) -> Bool { scalar == "@" || scalar == "＠" || scalar == "﹫" }

    static func isBlank(_ line: String) -> Bool {
        line.unicodeScalars.allSatisfy { isLeadingBlank($0) || $0 == "\r" }
    }

    /// A text line with its escape removed: `\#`, `\＃`, `\@` or `\＠` first on the line (after
    /// any indentation) keeps the mark as text.
    static func unescaped(_ line: String) -> String {
        let scalars = line.unicodeScalars
        guard let backslash = scalars.firstIndex(where: { !isLeadingBlank($0) }), scalars[backslash] == "\\" else { return line }
        let next = scalars.index(after: backslash)
        guard next < scalars.endIndex, isHeadingMark(scalars[next]) || isAttributeMark(scalars[next]) else { return line }
        var result = String.UnicodeScalarView(scalars[..<backslash])
        result.append(contentsOf: scalars[next...])
        return String(result)
    }

    /// The error for a line that looks like a heading or an attribute but is not one where it
    /// stands (docs/catalog-text.md, "Headings and attributes are never text"): a heading that is
    /// indented, written with `＃`, or behind an invisible U+FEFF; an attribute that is indented,
    /// written with `＠`, or after the item's text. Such a line would otherwise be read as text
    /// and its item or attribute lost. Nil for any other line. `at` makes a location from a column.
    static func misplacedMarkup(_ line: String, afterText: Bool, at: (Int) -> SourceLocation) -> Diagnostic? {
        // Most lines start with none of the marks or blanks: decided on the first byte or scalar.
        guard let firstByte = line.utf8.first else { return nil }
        if firstByte < 0x80 {
            guard firstByte == UInt8(ascii: " ") || firstByte == UInt8(ascii: "\t") || firstByte == UInt8(ascii: "#")
                || firstByte == UInt8(ascii: "@") else { return nil }
        } else {
            let scalar = line.unicodeScalars.first!
            guard isLeadingBlank(scalar) || isHeadingMark(scalar) || isAttributeMark(scalar) else { return nil }
        }
        let scalars = line.unicodeScalars
        var index = scalars.startIndex
        var indent = 0
        var bom = false
        var invisible: Unicode.Scalar?
        var unusualSpace: Unicode.Scalar?
        while index < scalars.endIndex, isLeadingBlank(scalars[index]) {
            let scalar = scalars[index]
            if scalar == "\u{FEFF}" { bom = true }
            else if scalar.properties.generalCategory == .format { invisible = invisible ?? scalar }
            else if scalar != " ", scalar != "\t", scalar != "\u{3000}" { unusualSpace = unusualSpace ?? scalar }
            indent += 1
            index = scalars.index(after: index)
        }
        guard index < scalars.endIndex else { return nil }
        let rest = scalars[index...]
        let column = indent + 1
        let first = rest.first!
        let wide = first != "#" && first != "@"
        func code(_ scalar: Unicode.Scalar) -> String {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        let placement = bom
            ? "an invisible byte order mark (U+FEFF) comes before it (files joined together?); remove it"
            : invisible.map { "an invisible format character (\(code($0))) comes before it; remove it" }
            ?? (unusualSpace.map { "it is indented (with the space character \(code($0)))" }
            ?? (indent > 0 ? "it is indented" : wide ? "it is written with a \(first == "＃" || first == "＠" ? "full-width" : "small") '\(first)' (\(code(first)))" : ""))
        if isHeadingMark(first) {
            let marks = rest.prefix { isHeadingMark($0) }
            let after = rest.dropFirst(marks.count).first
            let spaced = after == " " || after == "\t" || after == "\u{3000}"
            guard spaced || String(String.UnicodeScalarView(rest)).contains(" | ") else { return nil }
            return .error(at(column), "this looks like a heading, but \(placement): headings start at column 1 with '#' "
                + "(start the line with '\\#' to keep it as text)")
        }
        if isAttributeMark(first) {
            let key = rest.dropFirst().prefix { $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "-" || $0 == "_" }
            let colon = rest.dropFirst(1 + key.count).first
            guard let head = key.first, head.properties.isAlphabetic, colon == ":" || colon == "：" else { return nil }
            let name = "@" + Normalization.key(String(String.UnicodeScalarView(key)))
            if indent == 0, !wide {
                guard afterText else { return nil }  // before the first heading: "text before the first item heading"
                return .error(at(column), "attribute '\(name)' after the item's text: attributes go right under the heading, "
                    + "before any text (start the line with '\\@' to keep it as text)")
            }
            return .error(at(column), "this looks like the attribute '\(name)', but \(placement): attributes start at column 1 "
                + "with '@', right under the heading (start the line with '\\@' to keep it as text)")
        }
        return nil
    }

    /// `@provisions:` (spaces after it allowed): the item's provisions follow.
    static func isProvisionsLine(_ line: String) -> Bool {
        line.hasPrefix("@provisions:") && line.dropFirst("@provisions:".count).allSatisfy { $0 == " " || $0 == "\t" }
    }

    public func parse(_ input: InputFile) throws(DiagnosticError) -> Catalog {
        try parse(input, keepingItems: true)
    }

    /// The same reading and the same diagnostics; without `keepingItems` each item is dropped
    /// once read (the catalog comes back with no items). `import catalog` checks its 40 MB text
    /// reads back this way: the whole item tree was 60 MiB of its peak (BENCHMARKS.md, "Import
    /// memory").
    public func parse(_ input: InputFile, keepingItems: Bool) throws(DiagnosticError) -> Catalog {
        try parse(input, keepingItems: keepingItems, eachItem: nil)
    }

    /// The same reading, handing `eachItem` every item as it is closed: children before their
    /// parent, with the item's heading depth (1 for the top level); without `keepingItems` the
    /// item comes without its children. The .docx import compares its read-back item by item
    /// this way, holding neither model whole (BENCHMARKS.md, "The .docx import and regulation,
    /// second pass").
    public func parse(_ input: InputFile, keepingItems: Bool,
                      eachItem: ((_ item: CatalogItem, _ depth: Int) -> Void)?) throws(DiagnosticError) -> Catalog {
        var lines = Lines(input.bytes)
        let limit = InputLimits.maxDiagnosticsPerFile
        return try parse(lines: &lines, file: input.path,
                         hiddenBreaks: Self.hiddenLineBreaks(in: input.bytes, path: input.path, limit: limit),
                         controls: { InputFile.controlCharacters(in: input.bytes, path: input.path, limit: limit) },
                         keepingItems: keepingItems, eachItem: eachItem)
    }

    /// The one parser, over lines from memory (`Lines`) or read from the file a piece at a time
    /// (`CatalogTextParser.PieceLines`); `hiddenBreaks` and `controls` are what the checks of the whole
    /// text found.
    func parse(lines: inout some TextLineSource, file: String, hiddenBreaks: [Diagnostic], controls: () -> [Diagnostic],
               keepingItems: Bool, eachItem: ((_ item: CatalogItem, _ depth: Int) -> Void)?) throws(DiagnosticError) -> Catalog {
        var diagnostics: [Diagnostic] = []
        func at(_ line: Int, _ column: Int = 1) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }

        // Front matter.
        var first = try lines.next()
        while let line = first, line.isEmpty || line.trimmingCharacters(in: .whitespaces).isEmpty { first = try lines.next() }
        guard let opening = first, opening.trimmingCharacters(in: .whitespaces) == "---" else {
            throw DiagnosticError(.badInput, hiddenBreaks
                + [.error(at(first == nil ? lines.number + 1 : lines.number), "expected front matter starting with '---' (see docs/catalog-text.md)")])
        }
        let frontStart = lines.number
        var idLocation = at(frontStart)
        var meta: [String: String] = [:]
        var metaLocations: [String: SourceLocation] = [:]
        var sources: [String] = []
        var properties: [Catalog.Property] = []
        var closed = false
        while let line = try lines.next() {
            let lineNumber = lines.number
            if diagnostics.count >= InputLimits.maxDiagnosticsPerFile {
                throw DiagnosticError(.badInput, diagnostics + [InputLimits.tooManyErrors(at: at(lineNumber))])
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "---" { closed = true; break }
            if trimmed.isEmpty || trimmed.hasPrefix("//") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                diagnostics.append(.error(at(lineNumber), "expected 'key: value' in front matter"))
                continue
            }
            let key = Normalization.key(String(line[..<colon]))
            let value = Normalization.display(String(line[line.index(after: colon)...]))
            guard Self.frontMatterKeys.contains(key) else {
                diagnostics.append(.error(at(lineNumber), "unknown front matter key '\(key)' (known: \(Self.frontMatterKeys.sorted().joined(separator: ", ")))"))
                continue
            }
            switch key {
            case "source": sources.append(value)
            case "property":
                guard let equals = value.firstIndex(of: "=") else {
                    diagnostics.append(.error(at(lineNumber), "expected 'property: name = value'"))
                    continue
                }
                properties.append(Catalog.Property(name: Normalization.display(String(value[..<equals])),
                                                   value: Normalization.display(String(value[value.index(after: equals)...]))))
            default:
                if meta[key] != nil { diagnostics.append(.error(at(lineNumber), "front matter key '\(key)' given twice")) }
                meta[key] = value
                metaLocations[key] = at(lineNumber, line.distance(from: line.startIndex, to: colon) + 2)
                if key == "id" { idLocation = at(lineNumber, line.distance(from: line.startIndex, to: colon) + 2) }
            }
        }
        guard closed else {
            throw DiagnosticError(.error(at(frontStart), "front matter is not closed with '---'"))
        }
        for key in Self.requiredKeys where (meta[key] ?? "").isEmpty {
            diagnostics.append(.error(at(frontStart), "front matter lacks '\(key)'"))
        }

        diagnostics += controls()
        diagnostics += hiddenBreaks

        // Items.
        var builder = CatalogBuilder(file: file, limits: limits)
        if let declared = meta["level-names"] {
            let location = metaLocations["level-names"] ?? at(frontStart)
            builder.declareLevels(declared.split(separator: "/", omittingEmptySubsequences: false).map { (String($0), location) })
        }
        var stack: [Pending] = []
        var roots: [CatalogItem] = []

        func close(_ pending: Pending) -> CatalogItem {
            var item = CatalogItem(
                id: pending.id ?? "",
                number: pending.number,
                heading: pending.heading,
                headingSource: builder.headingSource(pending.attributes["heading-source"]?.0, at: pending.attributes["heading-source"]?.1 ?? pending.location),
                text: builder.optionalBlock(pending.body),
                levels: builder.levels(pending.attributes["level"]?.0, at: pending.attributes["level"]?.1 ?? pending.location),
                tags: builder.tags(pending.attributes["tags"]?.0),
                note: pending.attributes["note"].map { Normalization.display($0.0) },
                children: pending.children.compacted(),
                location: pending.location)
            if var reader = pending.provisions {
                item.provisions = reader.finish()
                diagnostics += reader.diagnostics
            }
            return item
        }
        func popTo(depth: Int) {
            while let last = stack.last, last.depth >= depth {
                stack.removeLast()
                let item = close(last)
                if last.id != nil { eachItem?(item, last.depth) }
                if last.id != nil, keepingItems {
                    if stack.isEmpty { roots.append(item) } else { stack[stack.count - 1].children.append(item) }
                }
            }
        }
        /// Assigns the id when the attribute block ends (an @id may override the number).
        func settleID() {
            guard var top = stack.last, top.readingAttributes else { return }
            top.readingAttributes = false
            top.id = builder.itemID(explicit: top.attributes["id"]?.0, number: top.number,
                                    parentID: stack.dropLast().last?.id, at: top.location)
            stack[stack.count - 1] = top
        }

        while let line = try lines.next() {
            let lineNumber = lines.number
            if diagnostics.count >= InputLimits.maxDiagnosticsPerFile {
                throw DiagnosticError(.badInput, diagnostics + [InputLimits.tooManyErrors(at: at(lineNumber))])
            }
            if line.utf8.first == UInt8(ascii: "#") {
                settleID()
                let depth = line.prefix(while: { $0 == "#" }).count
                let rest = line.dropFirst(depth)
                guard rest.first == " " || rest.first == "\t" else {
                    diagnostics.append(.error(at(lineNumber, depth + 1), "a heading needs a space after its '#' marks (write '\\#' for a literal '#')"))
                    continue
                }
                let expectedMax = (stack.last?.depth ?? 0) + 1
                if depth > expectedMax {
                    diagnostics.append(.error(at(lineNumber), "heading level \(depth) under level \(expectedMax - 1): levels cannot be skipped"))
                    continue
                }
                try builder.count(depth: depth, at: at(lineNumber))
                popTo(depth: depth)
                let title = String(rest)
                var number = ""
                var heading = Normalization.display(title)
                if let bar = title.range(of: " | ") {
                    number = Normalization.display(String(title[..<bar.lowerBound]))
                    heading = Normalization.display(String(title[bar.upperBound...]))
                }
                stack.append(Pending(depth: depth, number: number, heading: heading, location: at(lineNumber)))
                continue
            }
            if !stack.isEmpty, line.utf8.first == UInt8(ascii: "@"), Self.isProvisionsLine(line) {
                // The item's provisions follow, up to the next heading.
                settleID()
                if stack[stack.count - 1].provisions != nil {
                    diagnostics.append(.error(at(lineNumber), "'@provisions:' given twice for one item"))
                }
                stack[stack.count - 1].provisions = ProvisionText.Reader()
                continue
            }
            if stack.last?.provisions != nil {
                if line.utf8.first == UInt8(ascii: "@") {
                    diagnostics.append(.error(at(lineNumber), "an attribute after the item's provisions: attributes go right under the heading (start a paragraph that begins with '@' with '\\@')"))
                    continue
                }
                stack[stack.count - 1].provisions!.line(line, at: at(lineNumber))
                continue
            }
            if stack.last?.readingAttributes == true, line.utf8.first == UInt8(ascii: "@") {
                // An attribute, handled below.
            } else if let misplaced = Self.misplacedMarkup(line, afterText: stack.last.map { !$0.readingAttributes } ?? false, at: { at(lineNumber, $0) }) {
                // A heading or attribute that is not where the format puts one: never text.
                diagnostics.append(misplaced)
                continue
            }
            guard !stack.isEmpty else {
                if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    diagnostics.append(.error(at(lineNumber), "text before the first item heading"))
                }
                continue
            }
            if stack[stack.count - 1].readingAttributes, line.utf8.first == UInt8(ascii: "@") {
                guard let colon = line.firstIndex(of: ":") else {
                    diagnostics.append(.error(at(lineNumber), "expected '@key: value'"))
                    continue
                }
                let key = Normalization.key(String(line[line.index(after: line.startIndex)..<colon]))
                guard Self.attributeKeys.contains(key) else {
                    diagnostics.append(.error(at(lineNumber, 2), "unknown attribute '@\(key)' (known: \(Self.attributeKeys.sorted().map { "@" + $0 }.joined(separator: ", ")))"))
                    continue
                }
                let value = Normalization.display(String(line[line.index(after: colon)...]))
                stack[stack.count - 1].attributes[key] = (value, at(lineNumber, colon.utf16Offset(in: line) + 2))
                continue
            }
            // Blank lines between the heading and its attributes keep the attribute block open.
            if !Self.isBlank(line) { settleID() }
            if stack[stack.count - 1].bodyLines > 0 { stack[stack.count - 1].body += "\n" }
            stack[stack.count - 1].body += Self.unescaped(line)
            stack[stack.count - 1].bodyLines += 1
        }
        settleID()
        popTo(depth: 1)
        let extent = builder.extent(meta["extent"], at: metaLocations["extent"] ?? at(frontStart),
                                    total: meta["total-items"], totalAt: metaLocations["total-items"] ?? at(frontStart))
        builder.checkTotal(extent, at: metaLocations["total-items"] ?? at(frontStart))
        diagnostics.append(contentsOf: builder.diagnostics)
        if !diagnostics.isEmpty {
            throw DiagnosticError(.badInput, diagnostics.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) })
        }
        var catalog = Catalog(
            id: Normalization.key(meta["id"] ?? ""),
            title: meta["title"] ?? "",
            shortTitle: meta["short-title"] ?? "",
            publisher: meta["publisher"] ?? "",
            version: meta["version"] ?? "",
            date: meta["date"],
            levelNames: (meta["levels"] ?? "").split(separator: "/").map { Normalization.display(String($0)) }.filter { !$0.isEmpty },
            completeness: meta["completeness"] ?? "",
            provenance: sources,
            properties: properties,
            items: roots,
            location: at(frontStart - 1))
        catalog.writtenID = meta["id"]
        catalog.idLocation = idLocation
        catalog.extent = extent
        catalog.levelVocabulary = builder.vocabulary
        return catalog
    }
}

extension CatalogTextParser: CatalogReader {
    public var fileExtensions: [String] { ["txt"] }
    public func read(_ input: InputFile, limits: InputLimits) throws(DiagnosticError) -> Catalog {
        try CatalogTextParser(limits: limits).parse(input)
    }
}
