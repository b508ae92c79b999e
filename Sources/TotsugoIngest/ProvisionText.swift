import TotsugoCore

/// The provisions of an item in structured text (docs/catalog-text.md, "Provisions"): after a
/// line `@provisions:`, every line up to the next heading is one block line.
///
///     @provisions:
///     本規程は、当社の情報資産を守るために定める。      ← a body paragraph
///     - ● 社内の機器                                    ← a bullet (mark, text)
///       - ・ 持ち出す記録媒体                            ← two spaces per list depth
///     + (1) 番号付きの項目                              ← a numbered item (label, text)
///     | 役職名 | 役割と責任 |                             ← a table: rows of cells,
///     |---|---|                                         ← header rows above this line
///     | 責任者 | ○月までに方針を定める |
///
/// In the text of a block, `\n` is a line break inside the paragraph or cell, `\\` a backslash,
/// `\|` a bar; a backslash before any other character keeps that character (`\-` at the start
/// of a body paragraph that begins with `-`). A blank line ends a table; blank lines are
/// otherwise ignored.
public enum ProvisionText {
    /// The lines of `blocks` (without the `@provisions:` line).
    public static func render(_ blocks: [ProvisionBlock]) -> [String] {
        var lines: [String] = []
        var previousTable = false
        for block in blocks {
            switch block {
            case .paragraph(let paragraph):
                previousTable = false
                switch paragraph.kind {
                case .body:
                    lines.append(bodyLine(paragraph.text))
                case .bullet(let marker, let depth):
                    lines.append(String(repeating: "  ", count: max(0, depth)) + "- " + mark(marker) + " " + escape(paragraph.text))
                case .numbered(let label, let depth):
                    lines.append(String(repeating: "  ", count: max(0, depth)) + "+ " + mark(label) + " " + escape(paragraph.text))
                }
            case .table(let table):
                if previousTable { lines.append("") }
                previousTable = true
                for (index, row) in table.rows.enumerated() {
                    if index == table.headerRows, index > 0 {
                        lines.append("|" + String(repeating: "---|", count: max(1, row.count)))
                    }
                    lines.append("|" + row.map { " " + cell($0) + " |" }.joined())
                }
                if table.headerRows > 0, table.headerRows >= table.rows.count {
                    lines.append("|" + String(repeating: "---|", count: max(1, table.rows.last?.count ?? 1)))
                }
            }
        }
        return lines
    }

    /// `\`, line breaks and `|` escaped.
    static func escape(_ text: String, bar: Bool = false) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "|" where bar: out += "\\|"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A bullet mark or number label: one token, so spaces inside are escaped.
    /// An empty mark is written as nothing (`-  text`: two spaces).
    static func mark(_ text: String) -> String {
        escape(text).replacingOccurrences(of: " ", with: "\\ ")
    }

    static func bodyLine(_ text: String) -> String {
        let escaped = escape(text)
        guard let first = escaped.unicodeScalars.first else { return "\\" }
        let special: Set<Unicode.Scalar> = ["-", "+", "|", "#", "@", "＃", "＠", "﹟", "﹫"]
        // A backslash written first is always the first of an escape pair already.
        if special.contains(first) || CatalogTextParser.isLeadingBlank(first) { return "\\" + escaped }
        return escaped
    }

    static func cell(_ text: String) -> String {
        var escaped = escape(text, bar: true)
        if let first = escaped.unicodeScalars.first, first == " " || first == "\t" || first == "-" || first == ":" { escaped = "\\" + escaped }
        if let last = escaped.unicodeScalars.last, last == " " || last == "\t" {
            escaped = String(escaped.unicodeScalars.dropLast()) + "\\" + String(last)
        }
        return escaped
    }

    /// Characters of a line with escapes decoded, each marked escaped or not.
    static func unescape(_ text: Substring) -> [(Character, Bool)] {
        var out: [(Character, Bool)] = []
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            guard character == "\\" else { out.append((character, false)); continue }
            guard let next = iterator.next() else { break }  // a lone backslash: nothing
            switch next {
            case "n": out.append(("\n", true))
            case "r": out.append(("\r", true))
            default: out.append((next, true))
            }
        }
        return out
    }

    /// Reads provisions block lines as they come, one at a time.
    public struct Reader {
        public private(set) var blocks: [ProvisionBlock] = []
        public private(set) var diagnostics: [Diagnostic] = []
        private var table: ProvisionTable?
        private var separatorSeen = false

        public init() {}

        public mutating func line(_ line: String, at location: SourceLocation) {
            if CatalogTextParser.isBlank(line) {
                endTable()
                return
            }
            if line.hasPrefix("|") {
                var cells: [String] = []
                var current: [(Character, Bool)] = []
                for (character, escaped) in Self.scan(line.dropFirst()) {
                    if character == "|", !escaped {
                        cells.append(Self.trimmed(current))
                        current = []
                    } else {
                        current.append((character, escaped))
                    }
                }
                if !Self.trimmed(current).isEmpty { cells.append(Self.trimmed(current)) }
                let isSeparator = !cells.isEmpty && cells.allSatisfy { cell in
                    let core = cell.drop { $0 == ":" }.reversed().drop { $0 == ":" }
                    return core.count >= 3 && core.allSatisfy { $0 == "-" }
                } && !line.contains("\\")
                if table == nil { table = ProvisionTable(rows: [], headerRows: 0, line: location.line) }
                if isSeparator {
                    if separatorSeen || table!.rows.isEmpty {
                        diagnostics.append(.error(location, "a table has one header separator line (|---|), under its header rows"))
                    } else {
                        table!.headerRows = table!.rows.count
                        separatorSeen = true
                    }
                } else {
                    table!.rows.append(cells)
                }
                return
            }
            endTable()
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            if rest.hasPrefix("- ") || rest.hasPrefix("+ ") {
                guard indent % 2 == 0 else {
                    diagnostics.append(.error(location, "list items are indented by two spaces per depth; this one by \(indent)"))
                    return
                }
                let item = rest.dropFirst(2)
                let mark: String, text: String
                if !item.utf8.contains(UInt8(ascii: "\\")) {
                    // No escapes (most lines): mark and text are the line's own characters,
                    // copied once at their size (a String grown a Character at a time keeps
                    // up to twice the room; 100,000 provisions held 4 MB of it).
                    guard let space = item.firstIndex(of: " ") else {
                        diagnostics.append(.error(location, "a list item is '- mark text' or '+ label text'; this one has no text after its \(rest.hasPrefix("-") ? "mark" : "label")"))
                        return
                    }
                    mark = String(item[..<space])
                    text = String(item[item.index(after: space)...])
                } else {
                    let chars = Self.scan(item)
                    guard let space = chars.firstIndex(where: { $0.0 == " " && !$0.1 }) else {
                        diagnostics.append(.error(location, "a list item is '- mark text' or '+ label text'; this one has no text after its \(rest.hasPrefix("-") ? "mark" : "label")"))
                        return
                    }
                    mark = String(chars[..<space].map(\.0))
                    text = String(chars[(space + 1)...].map(\.0))
                }
                let kind: ProvisionParagraph.Kind = rest.hasPrefix("-") ? .bullet(marker: mark, depth: indent / 2) : .numbered(label: mark, depth: indent / 2)
                blocks.append(.paragraph(ProvisionParagraph(kind: kind, text: text, line: location.line)))
                return
            }
            if indent > 0 {
                diagnostics.append(.error(location, "an indented line in provisions is a list item ('- mark text' or '+ label text'); start a body paragraph that begins with a space with '\\'"))
                return
            }
            let text = line.utf8.contains(UInt8(ascii: "\\")) ? String(Self.scan(line[...]).map(\.0)) : line
            blocks.append(.paragraph(ProvisionParagraph(kind: .body, text: text, line: location.line)))
        }

        /// The blocks read, without the spare room of an array grown one append at a time
        /// (a third of the provisions' memory at 100,000 of them), their paragraphs' texts
        /// packed in one buffer (`ProvisionParagraph.packed`).
        public mutating func finish() -> [ProvisionBlock] {
            endTable()
            return ProvisionParagraph.packed(blocks)
        }

        private mutating func endTable() {
            if var table {
                table.rows = table.rows.compacted()
                blocks.append(.table(table))
            }
            table = nil
            separatorSeen = false
        }

        static func scan(_ text: Substring) -> [(Character, Bool)] { ProvisionText.unescape(text) }

        /// Unescaped spaces and tabs trimmed at both ends.
        static func trimmed(_ cell: [(Character, Bool)]) -> String {
            var slice = cell[...]
            while let first = slice.first, !first.1, first.0 == " " || first.0 == "\t" { slice = slice.dropFirst() }
            while let last = slice.last, !last.1, last.0 == " " || last.0 == "\t" { slice = slice.dropLast() }
            return String(slice.map(\.0))
        }
    }
}
