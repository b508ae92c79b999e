import Foundation
import TotsugoCore
import TotsugoMatch

/// The sample regulation as a Word document (.docx), written as WordprocessingML parts and
/// zipped with `ZipPackage`, byte-identical across runs. Front page, a table of contents (the
/// headings; a TOC field only when asked for, since a field makes Word prompt on opening),
/// then the body: 付録5 headings as Heading 1–3 (outline levels, so the navigation pane
/// works), each with its provisions (paragraphs, real Word lists, tables with a repeated
/// header row; placeholders such as ○月 highlighted). A4 portrait, page numbers in the footer.
///
/// With `annotationStyle == .comments` (the default) the industry items mapped to a section
/// are a Word comment anchored on its provisions (on the heading when it has none), the 反映案
/// are tracked insertions (each accepted or rejected in Word) with the items cited in a
/// comment, and industry-only items are inserted at their placement as provisions. With
/// `.inline` they are shaded paragraphs of their own styles, as in Markdown and HTML.
public struct RegulationDOCXEmitter {
    public init() {}

    /// Author of the comments and tracked insertions. Not the industry association: the 反映案
    /// and the item correspondences come from the cross-reference, which the association did
    /// not write; a fixed neutral name lets an editor find (and filter) them in 校閲.
    public static let author = "業界ガイドライン対応"
    static let initials = "業界"

    /// The document held in memory (tests, standard output).
    public func render(_ document: RegulationDocument) throws -> [UInt8] {
        var zip = try package(document, spills: nil)
        return try zip.takeData()
    }

    /// Into a staged output file: document.xml and comments.xml spill into the file's own
    /// folder, which is inside the output folder, and the zip is written straight into the
    /// file (a stream, such as standard output or a device, has no folder: the document is then
    /// held in memory).
    public func write(_ document: RegulationDocument, to file: inout OutputFile) throws -> [Diagnostic] {
        if file.isStream {
            try file.write(render(document))
            return []
        }
        var zip = try package(document, spills: Spills(directory: (file.path as NSString).deletingLastPathComponent))
        try file.recreate { path in try zip.write(to: path) }
        return []
    }

    /// The unlinked files document.xml and comments.xml are written into.
    struct Spills {
        let body: SpillFile
        let comments: SpillFile

        init(body: SpillFile, comments: SpillFile) {
            self.body = body
            self.comments = comments
        }

        init(directory: String) throws {
            self.init(body: try SpillFile(directory: directory), comments: try SpillFile(directory: directory))
        }
    }

    /// The package, its two large parts in `spills` when given, else in memory.
    ///
    /// document.xml (42 MB at 100k provisions) and comments.xml (6.8 MB) are not held whole
    /// when there are spill files: each is written once, as the walk over the blocks makes it,
    /// into its unlinked file through a buffer, then read back a chunk at a time while the zip
    /// deflates it. (Making document.xml twice instead, a pass to count its bytes and one as
    /// the zip reads, cost 0.8 s of CPU at 100k.)
    func package(_ document: RegulationDocument, spills: Spills?) throws -> ZipPackage {
        var body = PartBuffer(spill: spills?.body, flushAt: 1 << 20)
        // Comments come a few hundred bytes at a time, 15 % of the body's bytes: a smaller
        // buffer is as good.
        var comments = PartBuffer(spill: spills?.comments, flushAt: 1 << 18)
        var writer = Writer(document: document)
        writer.documentXML({ body.append($0) }, comments: { comments.append($0) })
        let bodyBytes = try body.finish()
        let commentBytes = try comments.finish()
        let parts = RegulationDOCXParts.Present(comments: writer.commentCount > 0, numbering: !writer.bulletMarkers.isEmpty)
        var zip = ZipPackage()
        zip.add("[Content_Types].xml", RegulationDOCXParts.contentTypes(parts))
        zip.add("_rels/.rels", RegulationDOCXParts.packageRelationships)
        if let spills { zip.add("word/document.xml", spilled: spills.body) } else { zip.add("word/document.xml", bytes: bodyBytes) }
        zip.add("word/_rels/document.xml.rels", RegulationDOCXParts.documentRelationships(parts))
        zip.add("word/styles.xml", RegulationDOCXParts.styles)
        zip.add("word/settings.xml", RegulationDOCXParts.settings(updateFields: document.tocField))
        zip.add("word/footer1.xml", RegulationDOCXParts.footer(title: document.title))
        if parts.comments {
            if let spills { zip.add("word/comments.xml", spilled: spills.comments) } else { zip.add("word/comments.xml", bytes: commentBytes) }
        }
        if parts.numbering { zip.add("word/numbering.xml", RegulationDOCXParts.numbering(bullets: writer.bulletMarkers)) }
        zip.add("docProps/core.xml", RegulationDOCXParts.core(title: document.title, date: document.date))
        zip.add("docProps/app.xml", RegulationDOCXParts.app)
        return zip
    }

    /// One part's XML as it is made: written into its spill file whenever `flushAt` bytes have
    /// gathered, or (no spill file) kept whole for `finish` to hand back. The first write
    /// error stops the writing and is thrown by `finish`.
    struct PartBuffer {
        let spill: SpillFile?
        let flushAt: Int
        private var bytes: [UInt8] = []
        private var failure: (any Error)?

        init(spill: SpillFile?, flushAt: Int) {
            self.spill = spill
            self.flushAt = flushAt
            bytes.reserveCapacity(flushAt + (1 << 16))
        }

        mutating func append(_ xml: String) {
            guard failure == nil else { return }
            bytes.append(contentsOf: xml.utf8)
            if spill != nil, bytes.count >= flushAt { flush() }
        }

        private mutating func flush() {
            do { try spill?.append(bytes) } catch { failure = error }
            bytes.removeAll(keepingCapacity: true)
        }

        /// The part's bytes when held in memory; empty when spilled (all written by then).
        mutating func finish() throws -> [UInt8] {
            if spill != nil, failure == nil { flush() }
            if let failure { throw failure }
            return spill == nil ? bytes : []
        }
    }
}

extension RegulationDOCXEmitter {
    /// One pass over the document's blocks (after one that gathers each section's facts):
    /// body XML, the comments it anchors (their XML handed on as each block makes them) and
    /// the bullet markers its lists use. Comment and revision ids come from one counter, so
    /// every id is unique.
    struct Writer {
        let document: RegulationDocument
        /// Per heading, by its ordinal among the heading blocks (`.heading` and
        /// `.industryHeading` in block order), what its section holds.
        let facts: [SectionFacts]
        /// Ordinal of the heading whose section is being written.
        var heading = -1
        /// XML of the comments the current block made, not yet handed on.
        var newComments = ""
        var commentCount = 0
        var bulletMarkers: [String] = []
        var nextID = 0
        /// The annotation comment of the last heading, anchored on its provisions.
        var pendingComment: Int?
        let stamp: String

        init(document: RegulationDocument) {
            self.document = document
            self.stamp = InputDate.timestamp(document.date)
            var facts: [SectionFacts] = []
            document.forEachBlock { block in
                switch block {
                case .heading, .industryHeading: facts.append(SectionFacts())
                case .provisions: if !facts.isEmpty { facts[facts.count - 1].hasProvisions = true }
                case let .annotation(references, priority):
                    if !facts.isEmpty {
                        facts[facts.count - 1].references = references
                        facts[facts.count - 1].priority = priority
                    }
                default: break
                }
            }
            self.facts = facts
        }

        var commentMode: Bool { document.annotationStyle == .comments }

        /// The whole of document.xml, handed to `emit` a piece at a time, and of comments.xml,
        /// handed to `comments` as the blocks anchoring them are written.
        mutating func documentXML(_ emit: (String) -> Void, comments: (String) -> Void) {
            head(emit)
            comments(Self.commentsHead)
            let document = self.document  // walked while `self` changes
            document.forEachBlock { block in
                blockXML(block, emit)
                if !newComments.isEmpty {
                    comments(newComments)
                    newComments = ""
                }
            }
            emit(Self.tail)
            comments(Self.commentsTail)
        }

        /// The XML declaration, the front page and the table of contents, handed to `emit` a
        /// paragraph at a time (the contents are 1.2 MB at 100k provisions).
        func head(_ emit: (String) -> Void) {
            var body = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
            """
            // Front page.
            body += paragraph(style: "Title", [run(document.title)])
            if let variant = document.variant { body += paragraph(style: "Subtitle", [run(variant)]) }
            for fact in document.facts {
                body += paragraph(style: "FrontFact", [run(fact.name + "：", style: "NoteLabel"), run(fact.value)])
            }
            for note in document.notes { body += paragraph(style: "FrontNote", [run("※ " + note)]) }
            body += pageBreak()
            emit(body)
            tableOfContents(emit)
            emit(pageBreak())
        }

        static let tail = """
            <w:sectPr><w:footerReference w:type="default" r:id="rId10"/><w:pgSz w:w="11906" w:h="16838"/>\
            <w:pgMar w:top="1701" w:right="1417" w:bottom="1417" w:left="1417" w:header="851" w:footer="567" w:gutter="0"/>\
            <w:cols w:space="425"/></w:sectPr></w:body></w:document>
            """

        /// The headings to depth 3: a plain list, or (asked for) a TOC field pre-filled with them.
        func tableOfContents(_ emit: (String) -> Void) {
            emit(paragraph(style: "TOCHeading", [run("目次")]))
            let outline = document.outline(maxDepth: 3, asProvisions: commentMode)
            let begin = [
                #"<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>"#,
                #"<w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText></w:r>"#,
                #"<w:r><w:fldChar w:fldCharType="separate"/></w:r>"#,
            ]
            let end = #"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#
            if document.tocField, outline.isEmpty { return emit(paragraph(style: nil, begin + [end])) }
            for (index, entry) in outline.enumerated() {
                var runs: [String] = []
                if document.tocField, index == 0 { runs += begin }
                runs.append(run(entry.text))
                if document.tocField, index == outline.count - 1 { runs.append(end) }
                emit(paragraph(style: "TOC\(entry.depth)", runs))
            }
        }

        /// What a heading's section holds up to the next heading: its annotation and whether
        /// it has provisions (where the comment is anchored).
        struct SectionFacts {
            var references: [RegulationDocument.Reference] = []
            var priority: Level?
            var hasProvisions = false
        }

        /// The XML of `block`, the next of the body, handed to `out` a paragraph or table at a time.
        mutating func blockXML(_ block: RegulationDocument.Block, _ out: (String) -> Void) {
            switch block {
            case let .heading(depth, text, _):
                heading += 1
                let section = facts[heading]
                var runs = [run(text)]
                if let priority = section.priority {
                    runs.append(run("　［優先度 \(priority)］", style: "PriorityMark"))
                }
                pendingComment = nil
                if commentMode, !section.references.isEmpty {
                    let id = addComment(annotationComment(section.references, priority: section.priority))
                    if section.hasProvisions {
                        pendingComment = id
                    } else {
                        runs = [rangeStart(id)] + runs + rangeEnd(id)
                    }
                }
                out(paragraph(style: headingStyle(depth), runs))
            case let .text(text):
                out(lines(text).map { paragraph(style: nil, [run($0)]) }.joined())
            case let .provisions(provisions):
                out(provisionsXML(provisions, comment: pendingComment))
                pendingComment = nil
            case let .annotation(references, priority):
                if !commentMode { out(inlineAnnotation(references, priority: priority)) }
            case let .revision(revision):
                out(commentMode ? trackedRevision(revision) : inlineRevision(revision))
            case let .industryHeading(depth, item):
                heading += 1
                pendingComment = nil
                if commentMode, item.fallbackReason == nil {
                    let id = addComment(industryComment(item))
                    // The comment's end and mark are inside the insertion: rejecting the
                    // provision removes its comment too.
                    let runs = [rangeStart(id)] + inserted([run(item.label)] + rangeEnd(id))
                    out(paragraph(style: headingStyle(depth), runs, insertedMark: insertionMark()))
                } else {
                    out(paragraph(style: headingStyle(depth), [run(RegulationDocument.industryHeading(item))]))
                }
            case let .industryBody(item):
                if commentMode, item.fallbackReason == nil {
                    for line in lines(item.proposal ?? "") where item.proposal != nil {
                        out(paragraph(style: nil, inserted(placeholderRuns(line)), insertedMark: insertionMark()))
                    }
                } else {
                    out(inlineIndustryBody(item))
                }
            }
        }

        // MARK: Provisions

        enum Piece {
            case paragraph(properties: String, runs: [String])
            case table(ProvisionTable)
        }

        /// The provisions as paragraphs, list paragraphs and tables; with `comment`, its range
        /// opens in the first paragraph and closes (with the reference mark) in the last.
        mutating func provisionsXML(_ provisions: [ProvisionBlock], comment: Int?) -> String {
            var pieces: [Piece] = []
            for provision in provisions {
                switch provision {
                case .paragraph(let p):
                    switch p.kind {
                    case .body:
                        pieces.append(.paragraph(properties: "", runs: placeholderRuns(p.text)))
                    case let .bullet(marker, depth):
                        let numID = bulletNumber(marker)
                        pieces.append(.paragraph(
                            properties: "<w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"\(min(max(depth, 0), 2))\"/><w:numId w:val=\"\(numID)\"/></w:numPr>",
                            runs: placeholderRuns(p.text)))
                    case let .numbered(label, depth):
                        let left = 420 * (min(max(depth, 0), 4) + 1)
                        pieces.append(.paragraph(
                            properties: "<w:pStyle w:val=\"ListParagraph\"/><w:ind w:left=\"\(left)\" w:hanging=\"420\"/>",
                            runs: [run(label), "<w:r><w:tab/></w:r>"] + placeholderRuns(p.text)))
                    }
                case .table(let table):
                    pieces.append(.table(table))
                }
            }
            var out = ""
            for (index, piece) in pieces.enumerated() {
                let start = comment != nil && index == 0 ? comment : nil
                let end = comment != nil && index == pieces.count - 1 ? comment : nil
                switch piece {
                case let .paragraph(properties, runs):
                    var all = runs
                    if let start { all.insert(rangeStart(start), at: 0) }
                    if let end { all += rangeEnd(end) }
                    out += "<w:p>" + (properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>") + all.joined() + "</w:p>"
                case let .table(table):
                    out += tableXML(table, start: start, end: end)
                }
            }
            return out
        }

        /// A real table: full text width, equal columns, single borders, header rows shaded,
        /// bold and repeated on each page.
        func tableXML(_ table: ProvisionTable, start: Int?, end: Int?) -> String {
            let columns = max(table.rows.map(\.count).max() ?? 1, 1)
            let width = 9072 / columns
            var out = "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
            for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                out += "<w:\(side) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
            }
            out += "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar>"
            out += "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
            out += String(repeating: "<w:gridCol w:w=\"\(width)\"/>", count: columns) + "</w:tblGrid>"
            let rows = table.rows.isEmpty ? [[""]] : table.rows
            for (r, row) in rows.enumerated() {
                let header = r < table.headerRows
                out += "<w:tr>" + (header ? "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" : "<w:trPr><w:cantSplit/></w:trPr>")
                for c in 0..<columns {
                    let text = c < row.count ? row[c] : ""
                    out += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
                    if header { out += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9D9D9\"/>" }
                    out += "</w:tcPr>"
                    let cellLines = lines(text)
                    for (l, line) in cellLines.enumerated() {
                        var runs = placeholderRuns(line, bold: header)
                        if let start, r == 0, c == 0, l == 0 { runs.insert(rangeStart(start), at: 0) }
                        if let end, r == rows.count - 1, c == columns - 1, l == cellLines.count - 1 { runs += rangeEnd(end) }
                        let properties = header ? "<w:pPr><w:jc w:val=\"center\"/></w:pPr>" : "<w:pPr><w:jc w:val=\"left\"/></w:pPr>"
                        out += "<w:p>\(properties)\(runs.joined())</w:p>"
                    }
                    out += "</w:tc>"
                }
                out += "</w:tr>"
            }
            return out + "</w:tbl>"
        }

        /// Runs of `text` with its placeholders (○月, ＿＿) highlighted.
        func placeholderRuns(_ text: String, bold: Bool = false) -> [String] {
            let extra = bold ? "<w:b/>" : ""
            return Provision.pieces(of: text).map { piece in
                plainRun(piece.text, properties: piece.placeholder ? extra + "<w:highlight w:val=\"yellow\"/>" : extra)
            }
        }

        mutating func bulletNumber(_ marker: String) -> Int {
            if let index = bulletMarkers.firstIndex(of: marker) { return index + 1 }
            bulletMarkers.append(marker)
            return bulletMarkers.count
        }

        // MARK: Comments and tracked insertions

        mutating func newID() -> Int {
            defer { nextID += 1 }
            return nextID
        }

        /// A comment of `paragraphs`; its XML goes out after the current block.
        mutating func addComment(_ paragraphs: [String]) -> Int {
            let id = newID()
            commentCount += 1
            newComments += "<w:comment w:id=\"\(id)\" \(revisionAttributes) w:initials=\"\(RegulationDOCXEmitter.initials)\">"
            for (index, text) in paragraphs.enumerated() {
                newComments += "<w:p><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr>"
                if index == 0 { newComments += "<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:annotationRef/></w:r>" }
                newComments += plainRun(text, properties: "") + "</w:p>"
            }
            newComments += "</w:comment>"
            return id
        }

        func rangeStart(_ id: Int) -> String { "<w:commentRangeStart w:id=\"\(id)\"/>" }

        func rangeEnd(_ id: Int) -> [String] {
            ["<w:commentRangeEnd w:id=\"\(id)\"/>",
             "<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"\(id)\"/></w:r>"]
        }

        var revisionAttributes: String {
            "w:author=\"\(XMLText.escape(RegulationDOCXEmitter.author))\" w:date=\"\(stamp)\""
        }

        /// The paragraph mark's own insertion, so rejecting the change removes the paragraph.
        mutating func insertionMark() -> String { "<w:ins w:id=\"\(newID())\" \(revisionAttributes)/>" }

        mutating func inserted(_ runs: [String]) -> [String] {
            ["<w:ins w:id=\"\(newID())\" \(revisionAttributes)>"] + runs + ["</w:ins>"]
        }

        func referenceLines(_ references: [RegulationDocument.Reference]) -> [String] {
            references.map { "\($0.marker) \($0.label)" }
        }

        func annotationComment(_ references: [RegulationDocument.Reference], priority: Level?) -> [String] {
            let head = "業界ガイドラインの対応項目" + (priority.map { "（優先度 \($0)）" } ?? "")
            return [head] + referenceLines(references)
        }

        func industryComment(_ item: RegulationDocument.IndustryOnlyItem) -> [String] {
            var out = ["【業界独自の項目】"] + referenceLines(item.references)
            if item.proposal == nil {
                out.append("反映案は突合表に未記入です。")
                if let summary = item.summary { out.append("業界ガイドライン項目の概要: \(summary)") }
            }
            return out + item.notes.map { "注記: \($0)" }
        }

        /// 反映案 as inserted paragraphs (tracked), with a comment citing the items over them.
        mutating func trackedRevision(_ revision: RegulationDocument.Revision) -> String {
            let id = addComment(["【反映案】"] + referenceLines(revision.references) + revision.notes.map { "注記: \($0)" })
            let textLines = lines(revision.text)
            var out = ""
            for (index, line) in textLines.enumerated() {
                // The comment's end and mark are inside the insertion: rejecting removes both.
                var runs = inserted(placeholderRuns(line) + (index == textLines.count - 1 ? rangeEnd(id) : []))
                if index == 0 { runs.insert(rangeStart(id), at: 0) }
                out += paragraph(style: nil, runs, insertedMark: insertionMark())
            }
            return out
        }

        // MARK: Inline (boxes in the text)

        func inlineAnnotation(_ references: [RegulationDocument.Reference], priority: Level?) -> String {
            let label = "業界ガイドラインの対応項目" + (priority.map { "（優先度 \($0)）" } ?? "")
            var out = paragraph(style: "Annotation", [run(label, style: "NoteLabel")])
            for reference in references {
                out += paragraph(style: "Annotation", [run(reference.marker, style: "AnnotationMark"), run(" " + reference.label)])
            }
            return out
        }

        func inlineRevision(_ revision: RegulationDocument.Revision) -> String {
            var out = ""
            for (index, reference) in revision.references.enumerated() {
                out += paragraph(style: "RevisionNote", [
                    run(index == 0 ? "【反映案】" : "　　　　　", style: "NoteLabel"), run(reference.marker, style: "AnnotationMark"),
                    run(" " + reference.label),
                ])
            }
            for line in lines(revision.text) { out += paragraph(style: "RevisionNote", placeholderRuns(line)) }
            for note in revision.notes { out += paragraph(style: "RevisionNote", [run("注記: ", style: "NoteLabel"), run(note)]) }
            return out
        }

        func inlineIndustryBody(_ item: RegulationDocument.IndustryOnlyItem) -> String {
            var out = ""
            if let proposal = item.proposal {
                for line in lines(proposal) { out += paragraph(style: "IndustryBody", placeholderRuns(line)) }
            } else {
                out += paragraph(style: "IndustryBody", [run("（反映案は突合表に未記入です）", style: "NoteLabel")])
                if let summary = item.summary {
                    out += paragraph(style: "IndustryBody", [run("業界ガイドライン項目の概要: ", style: "NoteLabel"), run(summary)])
                }
            }
            for note in item.notes { out += paragraph(style: "IndustryBody", [run("注記: ", style: "NoteLabel"), run(note)]) }
            if let reason = item.fallbackReason {
                out += paragraph(style: "Annotation", [run("付録に掲載した理由: ", style: "NoteLabel"), run(reason)])
            }
            return out
        }

        // MARK: XML pieces

        static let commentsHead = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            """

        static let commentsTail = "</w:comments>"

        func headingStyle(_ depth: Int) -> String { "Heading\(min(max(depth, 1), 4))" }

        func lines(_ text: String) -> [String] {
            text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }

        func paragraph(style: String?, _ runs: [String], insertedMark: String? = nil) -> String {
            var properties = style.map { "<w:pStyle w:val=\"\($0)\"/>" } ?? ""
            if let insertedMark { properties += "<w:rPr>\(insertedMark)</w:rPr>" }
            return "<w:p>" + (properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>") + runs.joined() + "</w:p>"
        }

        func run(_ text: String, style: String? = nil) -> String {
            plainRun(text, properties: style.map { "<w:rStyle w:val=\"\($0)\"/>" } ?? "")
        }

        func plainRun(_ text: String, properties: String) -> String {
            let rPr = properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>"
            return "<w:r>\(rPr)<w:t xml:space=\"preserve\">\(XMLText.escape(text))</w:t></w:r>"
        }

        func pageBreak() -> String { #"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"# }
    }
}

extension RegulationDOCXEmitter: RenderedFormat {
    public typealias Artifact = RegulationDocument
    public var name: String { "docx" }
}
