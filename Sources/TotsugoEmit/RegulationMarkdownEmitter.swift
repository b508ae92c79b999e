import TotsugoCore
import TotsugoMatch

/// The sample regulation as Markdown: the title is `#`, 付録5 chapters `##`, sections `###`,
/// subsections `####` (industry-only items one level below their place). Annotations are
/// block quotes starting `**業界ガイドラインの対応項目**`, 反映案 block quotes starting
/// `**【反映案】**`, so neither reads as regulation text. Markdown syntax in the inputs is escaped.
public struct RegulationMarkdownEmitter {
    public init() {}

    public func render(_ document: RegulationDocument) -> [UInt8] {
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
        for block in document.blocks { out += markdown(block) }
        return Array(out.utf8)
    }

    func markdown(_ block: RegulationDocument.Block) -> String {
        switch block {
        case let .heading(depth, text, _):
            return heading(depth, text)
        case let .text(text):
            return paragraph(text) + "\n"
        case let .annotation(references):
            var out = "> **業界ガイドラインの対応項目**\n"
            for reference in references { out += "> - **\(inline(reference.marker))** \(inline(reference.label))\n" }
            return out + "\n"
        case let .revision(revision):
            var out = "> **【反映案】** **\(inline(revision.reference.marker))** \(inline(revision.reference.label))\n>\n"
            out += revision.text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "> " + inline(String($0)) + "  " }.joined(separator: "\n")
            return out + "\n\n"
        case let .industryHeading(depth, item):
            return heading(depth, RegulationDocument.industryHeading(item))
        case let .industryBody(item):
            var out = ""
            if let proposal = item.proposal {
                out += paragraph(proposal) + "\n"
            } else {
                out += "*（反映案は突合表に未記入です）*\n\n"
                if let summary = item.summary { out += "業界ガイドライン項目の概要: " + paragraph(summary) + "\n" }
            }
            if let reason = item.fallbackReason { out += "> 付録に掲載した理由: \(inline(reason))\n\n" }
            return out
        }
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

extension RegulationMarkdownEmitter: RenderedFormat {
    public typealias Artifact = RegulationDocument
    public var name: String { "md" }
    public var aliases: [String] { ["markdown"] }
}
