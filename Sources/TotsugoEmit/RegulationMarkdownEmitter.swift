import TotsugoCore
import TotsugoMatch

/// The sample regulation as Markdown: the title is `#`, 付録5 chapters `##`, sections `###`,
/// subsections `####` (industry-only items one level below their place). Annotations are
/// block quotes starting `**業界ガイドラインの対応項目**`, 反映案 block quotes starting
/// `**【反映案】**`, so neither reads as regulation text. Markdown syntax in the inputs is escaped.
public struct RegulationMarkdownEmitter {
    public init() {}

    /// The document in order: the front page and contents, then each block.
    public func pieces(of document: RegulationDocument, _ emit: (String) throws -> Void) rethrows {
        var out = "# \(inline(document.title))\n\n"
        if let variant = document.variant { out += "**\(inline(variant))**\n\n" }
        for fact in document.facts { out += "- **\(inline(fact.name))**: \(inline(fact.value))\n" }
        out += "\n"
        for note in document.notes { out += "> ※ \(inline(note))\n>\n" }
        if !document.notes.isEmpty { out.removeLast(2); out += "\n" }
        out += "## 目次\n\n"
        for entry in document.outline(maxDepth: 3) {
            out += String(repeating: "  ", count: entry.depth - 1) + "- \(inline(entry.text))\n"
        }
        out += "\n"
        try emit(out)
        try document.forEachBlock { try emit(markdown($0)) }
    }

    func markdown(_ block: RegulationDocument.Block) -> String {
        switch block {
        case let .heading(depth, text, _):
            return heading(depth, text)
        case let .text(text):
            return paragraph(text) + "\n"
        case let .provisions(provisions):
            return provisionsMarkdown(provisions)
        case let .annotation(references, priority):
            var out = "> **業界ガイドラインの対応項目**" + (priority.map { "（優先度 \(inline($0.description))）" } ?? "") + "\n"
            for reference in references { out += "> - **\(inline(reference.marker))** \(inline(reference.label))\n" }
            return out + "\n"
        case let .revision(revision):
            var out = "> **【反映案】** " + revision.references.map { "**\(inline($0.marker))** \(inline($0.label))" }.joined(separator: "、") + "\n>\n"
            out += revision.text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "> " + marked(String($0)) + "  " }.joined(separator: "\n")
            for note in revision.notes { out += "\n>\n> 注記: " + inline(note) }
            return out + "\n\n"
        case let .industryHeading(depth, item):
            return heading(depth, RegulationDocument.industryHeading(item))
        case let .industryBody(item):
            var out = ""
            if let proposal = item.proposal {
                out += proposal.split(separator: "\n", omittingEmptySubsequences: false).map { marked(String($0)) }.joined(separator: "  \n") + "\n\n"
            } else {
                out += "*（反映案は突合表に未記入です）*\n\n"
                if let summary = item.summary { out += "業界ガイドライン項目の概要: " + paragraph(summary) + "\n" }
            }
            for note in item.notes { out += "> 注記: \(inline(note))\n\n" }
            if let reason = item.fallbackReason { out += "> 付録に掲載した理由: \(inline(reason))\n\n" }
            return out
        }
    }

    /// Paragraphs; bullets as `- ` items (the document's marker `●` is the list's, so not
    /// repeated); numbered items led by their own label; tables as pipe tables (header rows
    /// bold when more than one); placeholders as `<mark>`.
    func provisionsMarkdown(_ provisions: [ProvisionBlock]) -> String {
        var out = ""
        var inList = false
        for provision in provisions {
            if case .paragraph(let p) = provision, case .bullet = p.kind {} else if inList { out += "\n"; inList = false }
            switch provision {
            case .paragraph(let p):
                switch p.kind {
                case .body:
                    out += p.text.split(separator: "\n", omittingEmptySubsequences: false).map { marked(String($0)) }.joined(separator: "  \n") + "\n\n"
                case let .bullet(_, depth):
                    out += String(repeating: "  ", count: max(depth, 0)) + "- " + marked(p.text) + "\n"
                    inList = true
                case let .numbered(label, depth):
                    out += String(repeating: "　", count: max(depth, 0)) + inline(label) + " " + marked(p.text) + "\n\n"
                }
            case .table(let table):
                let columns = max(table.rows.map(\.count).max() ?? 1, 1)
                func row(_ cells: [String], bold: Bool) -> String {
                    "| " + (0..<columns).map { c in
                        let text = c < cells.count ? marked(cells[c]) : ""
                        return bold && !text.isEmpty ? "**\(text)**" : text
                    }.joined(separator: " | ") + " |\n"
                }
                let header = table.headerRows > 0 ? table.rows[0] : Array(repeating: "", count: columns)
                out += row(header, bold: false)
                out += "|" + String(repeating: " --- |", count: columns) + "\n"
                for (index, cells) in table.rows.enumerated() where table.headerRows == 0 || index > 0 {
                    out += row(cells, bold: index < table.headerRows)
                }
                out += "\n"
            }
        }
        if inList { out += "\n" }
        return out
    }

    /// `inline` text with placeholders a company fills in as `<mark>…</mark>`; line breaks as
    /// `<br>` (the text may sit in a table cell).
    func marked(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            Provision.pieces(of: String(line)).map { $0.placeholder ? "<mark>\(inline($0.text))</mark>" : inline($0.text) }.joined()
        }.joined(separator: "<br>")
    }

    func heading(_ depth: Int, _ text: String) -> String {
        String(repeating: "#", count: min(depth + 1, 6)) + " " + inline(text) + "\n\n"
    }

    /// Lines of a text block, kept as hard line breaks.
    func paragraph(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { inline(String($0)) }.joined(separator: "  \n") + "\n"
    }

    /// Escapes characters Markdown would read as syntax, and `<`/`&` so no HTML passes through.
    func inline(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "#", "|", "~": out += "\\" + String(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        // Text at a line start must not become a list item (`- a`, `+ a`, `1. a`, `1) a`).
        let digits = out.prefix { $0.isASCII && $0.isNumber }
        let rest = out.dropFirst(digits.count)
        if let first = out.first, first == "-" || first == "+", out.dropFirst().first == " " {
            out = "\\" + out
        } else if !digits.isEmpty, let mark = rest.first, mark == "." || mark == ")",
                  rest.dropFirst().first == " " || rest.count == 1 {
            out.insert("\\", at: rest.startIndex)
        }
        return out
    }
}

extension RegulationMarkdownEmitter: PiecewiseFormat {
    public typealias Artifact = RegulationDocument
    public var name: String { "md" }
    public var aliases: [String] { ["markdown"] }
}
