import TotsugoCore
import TotsugoMatch

/// The sample regulation as one self-contained HTML file (no external CSS, fonts, scripts or
/// images) with print CSS for A4. Headings h1 (title) and h2–h5; annotations are
/// `aside.annotation`, 反映案 `aside.revision`, industry-only items `section.industry-only`.
/// All input text is escaped.
public struct RegulationHTMLEmitter {
    public init() {}

    static let css = """
    body { font-family: "Yu Mincho", "YuMincho", "Noto Serif CJK JP", "Hiragino Mincho ProN", serif; line-height: 1.7; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; }
    h1, h2, h3, h4, h5, .mark, .label { font-family: "Yu Gothic", "YuGothic", "Noto Sans CJK JP", "Hiragino Sans", sans-serif; }
    h1 { font-size: 1.7em; text-align: center; margin-top: 2em; }
    .variant { text-align: center; font-size: 1.2em; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
    dl.facts dt { font-weight: bold; }
    dl.facts dd { margin: 0; }
    ul.notes { font-size: .85em; color: #404040; }
    nav.toc ul { list-style: none; padding-left: 1.2em; }
    aside.annotation { border-left: 4px solid #2e74b5; background: #deeaf6; color: #1f4e79; font-size: .9em; padding: .3em .8em; margin: .5em 0 .5em 1em; }
    aside.annotation ul { margin: .2em 0; padding-left: 1.2em; }
    aside.revision { border: 1px dashed #bf8f00; background: #fff2cc; padding: .3em .8em; margin: .5em 0 .5em 1em; }
    section.industry-only { border-left: 4px solid #548235; background: #e2efda; padding: .1em .8em; margin: .8em 0 .8em 1em; }
    .mark { font-weight: bold; }
    ul.provision { list-style: none; padding-left: 1.5em; }
    ul.provision li::before { content: attr(data-marker); display: inline-block; width: 1.5em; margin-left: -1.5em; }
    table.provision { border-collapse: collapse; width: 100%; margin: .5em 0; }
    table.provision th, table.provision td { border: 1px solid #444; padding: .2em .5em; vertical-align: top; text-align: left; }
    table.provision th { background: #d9d9d9; }
    mark { background: #ffff00; }
    ins { text-decoration: underline; text-decoration-color: #bf8f00; }
    p.note { font-size: .9em; }
    .label { font-weight: bold; }
    p.pending { font-style: italic; }
    @page { size: A4; margin: 20mm 18mm; }
    @media print {
      body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
      .front, nav.toc { break-after: page; }
      h2, h3, h4, h5 { break-after: avoid; }
      aside, section.industry-only { break-inside: avoid; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """

    /// The page in order: head, front page and contents, then each block, then the end.
    public func pieces(of document: RegulationDocument, _ emit: (String) throws -> Void) rethrows {
        var out = "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<title>\(escape(document.title + (document.variant.map { "（\($0)）" } ?? "")))</title>\n"
        out += "<style>\n\(Self.css)\n</style>\n</head>\n<body>\n<div class=\"front\">\n"
        out += "<h1>\(escape(document.title))</h1>\n"
        if let variant = document.variant { out += "<p class=\"variant\">\(escape(variant))</p>\n" }
        out += "<dl class=\"facts\">\n"
        for fact in document.facts { out += "<dt>\(escape(fact.name))</dt><dd>\(escape(fact.value))</dd>\n" }
        out += "</dl>\n<ul class=\"notes\">\n"
        for note in document.notes { out += "<li>\(escape(note))</li>\n" }
        out += "</ul>\n</div>\n<nav class=\"toc\">\n<h2>目次</h2>\n"
        out += tableOfContents(document.outline(maxDepth: 3))
        out += "</nav>\n<main>\n"
        try emit(out)
        try document.forEachBlock { try emit(html($0)) }
        try emit("</main>\n</body>\n</html>\n")
    }

    /// Nested lists, one level per heading depth.
    func tableOfContents(_ outline: [(depth: Int, text: String)]) -> String {
        var out = ""
        var depth = 0
        for entry in outline {
            while depth < entry.depth { out += "<ul>\n"; depth += 1 }
            while depth > entry.depth { out += "</ul>\n"; depth -= 1 }
            out += "<li>\(escape(entry.text))</li>\n"
        }
        while depth > 0 { out += "</ul>\n"; depth -= 1 }
        return out
    }

    func html(_ block: RegulationDocument.Block) -> String {
        switch block {
        case let .heading(depth, text, _):
            return heading(depth, text)
        case let .text(text):
            return "<p>\(lines(text))</p>\n"
        case let .provisions(provisions):
            return provisionsHTML(provisions)
        case let .annotation(references, priority):
            let label = "業界ガイドラインの対応項目" + (priority.map { "（優先度 \($0)）" } ?? "")
            var out = "<aside class=\"annotation\"><span class=\"label\">\(escape(label))</span>\n<ul>\n"
            for reference in references {
                out += "<li><span class=\"mark\">\(escape(reference.marker))</span> \(escape(reference.label))</li>\n"
            }
            return out + "</ul></aside>\n"
        case let .revision(revision):
            var out = "<aside class=\"revision\"><p><span class=\"label\">【反映案】</span>"
            out += revision.references.map { "<span class=\"mark\">\(escape($0.marker))</span> \(escape($0.label))" }.joined(separator: "<br>\n")
            out += "</p>\n<p><ins>\(marked(revision.text))</ins></p>\n"
            for note in revision.notes { out += "<p class=\"note\"><span class=\"label\">注記:</span> \(escape(note))</p>\n" }
            return out + "</aside>\n"
        case let .industryHeading(depth, item):
            return "<section class=\"industry-only\">\n" + heading(depth, RegulationDocument.industryHeading(item))
        case let .industryBody(item):
            var out = ""
            if let proposal = item.proposal {
                out += "<p><ins>\(marked(proposal))</ins></p>\n"
            } else {
                out += "<p class=\"pending\">（反映案は突合表に未記入です）</p>\n"
                if let summary = item.summary { out += "<p><span class=\"label\">業界ガイドライン項目の概要:</span> \(lines(summary))</p>\n" }
            }
            for note in item.notes { out += "<p class=\"note\"><span class=\"label\">注記:</span> \(escape(note))</p>\n" }
            if let reason = item.fallbackReason { out += "<p><span class=\"label\">付録に掲載した理由:</span> \(escape(reason))</p>\n" }
            return out + "</section>\n"
        }
    }

    /// Paragraphs; bullet items as one `ul` per run of bullets (the marker is the document's
    /// own, `●`); numbered items as paragraphs led by their label (`(1)`, `ア`); tables with a
    /// `thead`; placeholders as `<mark>`.
    func provisionsHTML(_ provisions: [ProvisionBlock]) -> String {
        var out = ""
        var openLists = 0
        func closeLists(to depth: Int) {
            while openLists > depth { out += "</ul>\n"; openLists -= 1 }
        }
        for provision in provisions {
            switch provision {
            case .paragraph(let p):
                switch p.kind {
                case .body:
                    closeLists(to: 0)
                    out += "<p class=\"provision\">\(marked(p.text))</p>\n"
                case let .bullet(marker, depth):
                    if openLists == 0 { out += "<ul class=\"provision\">\n"; openLists = 1 }
                    let indent = depth > 0 ? " style=\"margin-left: \(depth * 2)em\"" : ""
                    out += "<li data-marker=\"\(escape(marker))\"\(indent)>\(marked(p.text))</li>\n"
                case let .numbered(label, depth):
                    closeLists(to: 0)
                    out += "<p class=\"provision numbered\" style=\"margin-left: \(depth + 1)em\"><span class=\"number\">\(escape(label))</span> \(marked(p.text))</p>\n"
                }
            case .table(let table):
                closeLists(to: 0)
                out += "<table class=\"provision\">\n"
                for (index, row) in table.rows.enumerated() {
                    let header = index < table.headerRows
                    if index == 0, header { out += "<thead>\n" }
                    if index == table.headerRows, index > 0 { out += "</thead>\n" }
                    if index == table.headerRows { out += "<tbody>\n" }
                    let cell = header ? "th" : "td"
                    out += "<tr>" + row.map { "<\(cell)>\(marked($0))</\(cell)>" }.joined() + "</tr>\n"
                }
                if table.headerRows >= table.rows.count, !table.rows.isEmpty { out += "</thead>\n" } else if !table.rows.isEmpty { out += "</tbody>\n" }
                out += "</table>\n"
            }
        }
        closeLists(to: 0)
        return out
    }

    /// Escaped text, line breaks as `<br>`, placeholders a company fills in as `<mark>`.
    func marked(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            Provision.pieces(of: String(line)).map { $0.placeholder ? "<mark>\(escape($0.text))</mark>" : escape($0.text) }.joined()
        }.joined(separator: "<br>\n")
    }

    func heading(_ depth: Int, _ text: String) -> String {
        let level = min(depth + 1, 6)
        return "<h\(level)>\(escape(text))</h\(level)>\n"
    }

    func lines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "<br>\n")
    }

    func escape(_ text: String) -> String { XMLText.escape(text) }
}

extension RegulationHTMLEmitter: PiecewiseFormat {
    public typealias Artifact = RegulationDocument
    public var name: String { "html" }
    public var aliases: [String] { ["htm"] }
}
