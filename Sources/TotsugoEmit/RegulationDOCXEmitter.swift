import TotsugoCore
import TotsugoMatch

/// The sample regulation as a Word document (.docx), written as WordprocessingML parts and
/// zipped with `ZipPackage`, byte-identical across runs. Front page, a TOC field (pre-filled
/// with the headings, refreshed by Word on opening), then the body: 付録5 headings as
/// Heading 1–3 (outline levels, so the navigation pane works), industry-only items one level
/// below their place (Heading 2–4), annotations / 反映案 / 業界独自 bodies in their own
/// paragraph styles (styles.xml). A4 portrait.
public struct RegulationDOCXEmitter {
    public init() {}

    public func render(_ document: RegulationDocument) throws -> [UInt8] {
        var zip = ZipPackage()
        zip.add("[Content_Types].xml", RegulationDOCXParts.contentTypes)
        zip.add("_rels/.rels", RegulationDOCXParts.packageRelationships)
        zip.add("word/document.xml", documentXML(document))
        zip.add("word/_rels/document.xml.rels", RegulationDOCXParts.documentRelationships)
        zip.add("word/styles.xml", RegulationDOCXParts.styles)
        zip.add("word/settings.xml", RegulationDOCXParts.settings)
        zip.add("docProps/core.xml", RegulationDOCXParts.core(title: document.title, date: document.date))
        zip.add("docProps/app.xml", RegulationDOCXParts.app)
        return try zip.data()
    }

    func documentXML(_ document: RegulationDocument) -> String {
        var body = ""
        // Front page.
        body += paragraph(style: "Title", [run(document.title)])
        if let variant = document.variant { body += paragraph(style: "Subtitle", [run(variant)]) }
        for fact in document.facts {
            body += paragraph(style: "FrontFact", [run(fact.name + "：", style: "NoteLabel"), run(fact.value)])
        }
        for note in document.notes { body += paragraph(style: "FrontNote", [run("※ " + note)]) }
        body += pageBreak()
        // Table of contents: a real TOC field over Heading 1–3, pre-filled so it reads without refresh.
        body += paragraph(style: "TOCHeading", [run("目次")])
        let outline = document.outline(maxDepth: 3)
        if outline.isEmpty {
            body += paragraph(style: nil, [
                #"<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>"#,
                #"<w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText></w:r>"#,
                #"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
            ])
        }
        for (index, entry) in outline.enumerated() {
            var runs: [String] = []
            if index == 0 {
                runs.append(#"<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>"#)
                runs.append(#"<w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText></w:r>"#)
                runs.append(#"<w:r><w:fldChar w:fldCharType="separate"/></w:r>"#)
            }
            runs.append(run(entry.text))
            if index == outline.count - 1 { runs.append(#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#) }
            body += paragraph(style: "TOC\(entry.depth)", runs)
        }
        body += pageBreak()
        // Body.
        for block in document.blocks { body += xml(block) }
        body += """
        <w:sectPr><w:pgSz w:w="11906" w:h="16838"/>\
        <w:pgMar w:top="1701" w:right="1417" w:bottom="1417" w:left="1417" w:header="851" w:footer="992" w:gutter="0"/>\
        <w:cols w:space="425"/></w:sectPr>
        """
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)</w:body></w:document>
        """
    }

    func xml(_ block: RegulationDocument.Block) -> String {
        switch block {
        case let .heading(depth, text, _):
            return paragraph(style: headingStyle(depth), [run(text)])
        case let .text(text):
            return lines(text).map { paragraph(style: nil, [run($0)]) }.joined()
        case let .annotation(references):
            var out = paragraph(style: "Annotation", [run("業界ガイドラインの対応項目", style: "NoteLabel")])
            for reference in references {
                out += paragraph(style: "Annotation", [run(reference.marker, style: "AnnotationMark"), run(" " + reference.label)])
            }
            return out
        case let .revision(revision):
            var out = paragraph(style: "RevisionNote", [
                run("【反映案】", style: "NoteLabel"), run(revision.reference.marker, style: "AnnotationMark"),
                run(" " + revision.reference.label),
            ])
            for line in lines(revision.text) { out += paragraph(style: "RevisionNote", [run(line)]) }
            return out
        case let .industryHeading(depth, item):
            return paragraph(style: headingStyle(depth), [run(RegulationDocument.industryHeading(item))])
        case let .industryBody(item):
            var out = ""
            if let proposal = item.proposal {
                for line in lines(proposal) { out += paragraph(style: "IndustryBody", [run(line)]) }
            } else {
                out += paragraph(style: "IndustryBody", [run("（反映案は突合表に未記入です）", style: "NoteLabel")])
                if let summary = item.summary {
                    out += paragraph(style: "IndustryBody", [run("業界ガイドライン項目の概要: ", style: "NoteLabel"), run(summary)])
                }
            }
            if let reason = item.fallbackReason {
                out += paragraph(style: "Annotation", [run("付録に掲載した理由: ", style: "NoteLabel"), run(reason)])
            }
            return out
        }
    }

    func headingStyle(_ depth: Int) -> String { "Heading\(min(max(depth, 1), 4))" }

    func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func paragraph(style: String?, _ runs: [String]) -> String {
        let properties = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
        return "<w:p>\(properties)\(runs.joined())</w:p>"
    }

    func run(_ text: String, style: String? = nil) -> String {
        let properties = style.map { "<w:rPr><w:rStyle w:val=\"\($0)\"/></w:rPr>" } ?? ""
        return "<w:r>\(properties)<w:t xml:space=\"preserve\">\(XMLText.escape(text))</w:t></w:r>"
    }

    func pageBreak() -> String { #"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"# }
}

extension RegulationDOCXEmitter: RenderedFormat {
    public typealias Artifact = RegulationDocument
    public var name: String { "docx" }
}
