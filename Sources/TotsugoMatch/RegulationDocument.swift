import TotsugoCore

/// The industry sample regulation (業界向け情報セキュリティサンプル規程) as a format-neutral
/// document: a front page, then the base catalog's (付録5) chapters → sections → subsections
/// with the industry guideline folded in, then (when needed) an appendix chapter for
/// industry-only items that name no usable place. Built by `RegulationBuilder`; the
/// emitters walk `blocks`, so every format shows the same content in the same order.
public struct RegulationDocument: Equatable, Sendable {
    public var title: String
    /// What this variant holds, e.g. `LV1 までの項目・マネジメント対策編`; nil for the full edition.
    public var variant: String?
    /// File name part for the variant, e.g. `.lv1.management`; empty for the full edition.
    public var variantSuffix: String
    /// Front page facts in display order.
    public var facts: [Fact]
    /// Front page notes: completeness of the catalogs used, draft status, filter rules applied.
    public var notes: [String]
    /// Top-level sections: the base catalog's chapters, then the appendix chapter if any.
    public var sections: [Section]
    /// Date taken from the inputs, never from the clock: `--date`, else the latest catalog
    /// date (`InputDate.latest`); nil when there is none.
    public var date: String?
    /// How the industry references and 反映案 appear in the .docx: Word comments and tracked
    /// insertions (`comments`, the default), or marked boxes in the text (`inline`). Markdown
    /// and HTML always show them inline.
    public var annotationStyle: AnnotationStyle = .comments
    /// Whether the .docx carries a TOC field that Word offers to update on opening; without it
    /// the table of contents is a plain list of the headings (no prompt on opening).
    public var tocField = false

    public enum AnnotationStyle: String, CaseIterable, Equatable, Sendable { case comments, inline }

    /// Whether any provision holds a placeholder a company fills in (`○月`, `＿＿`).
    public var hasPlaceholders: Bool {
        var found = false
        forEachBlock { block in
            guard !found, case .provisions(let provisions) = block else { return }
            found = provisions.contains { provision in
                switch provision {
                case .paragraph(let paragraph): paragraph.hasPlaceholders
                case .table(let table): table.rows.joined().contains { Provision.hasPlaceholder(in: $0) }
                }
            }
        }
        return found
    }

    public struct Fact: Equatable, Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// An industry item as the document cites it: `〔自工会/部工会 No.44 (LV1)〕` plus its label.
    public struct Reference: Equatable, Sendable {
        public var itemID: String
        /// `〔short-title number (levels)〕`.
        public var marker: String
        /// The item's heading as a reader sees it (`CatalogItem.label` without the number).
        public var label: String
        /// The item's effective levels (own or inherited), for the priority mark.
        public var levels: [Level]

        public init(itemID: String, marker: String, label: String, levels: [Level] = []) {
            self.itemID = itemID
            self.marker = marker
            self.label = label
            self.levels = levels
        }
    }

    /// 反映案 of an industry item that maps to this base item: a marked revision note.
    /// Several industry items with the same 反映案 at the same place are one revision that
    /// lists all their references.
    public struct Revision: Equatable, Sendable {
        public var references: [Reference]
        public var text: String
        /// The mapping's notes on these entries (for the editor; comments in the .docx).
        public var notes: [String] = []
        public var reference: Reference { references[0] }
    }

    /// An industry item with no counterpart in the base catalog (業界独自の項目).
    public struct IndustryOnlyItem: Equatable, Sendable {
        /// The industry items this provision stands for: one, or several with the same 反映案.
        public var references: [Reference]
        public var reference: Reference { references[0] }
        /// The mapping's notes on these entries (for the editor).
        public var notes: [String] = []
        /// 反映案 from the mapping: the body. Nil when the mapping gives none.
        public var proposal: String?
        /// The industry catalog's own short description of the item, shown when there is no 反映案.
        public var summary: String?
        /// Why the item is in the appendix chapter rather than at a placement; nil when placed.
        public var fallbackReason: String?

        /// The heading as a provision: the items' labels, distinct ones joined by 「／」.
        public var label: String {
            var labels: [String] = []
            for reference in references where !labels.contains(reference.label) { labels.append(reference.label) }
            return labels.joined(separator: "／")
        }
        /// All references' markers, `〔…〕〔…〕`.
        public var markers: String { references.map(\.marker).joined() }
    }

    public struct Section: Equatable, Sendable {
        public enum Kind: Equatable, Sendable { case base, appendix }
        public var kind: Kind
        /// Base catalog item id; `appendix` for the appendix chapter.
        public var id: String
        public var heading: String
        /// 1 for chapters, 2 for sections, 3 for subsections (deeper if the catalog is deeper).
        public var depth: Int
        public var text: String?
        /// The base item's own provisions (from an imported regulation document); when present
        /// they are the body and `text` (our summary) is not shown.
        public var provisions: [ProvisionBlock] = []
        /// Industry items mapped to this base item, in the industry catalog's order.
        public var annotations: [Reference]
        public var revisions: [Revision]
        /// Industry-only items placed here, in the industry catalog's order; shown after the children.
        public var industryOnly: [IndustryOnlyItem]
        public var children: [Section]
        /// The highest-priority (lowest) level among the industry items mapped or placed here.
        public var priority: Level? {
            (annotations.flatMap(\.levels) + revisions.flatMap { $0.references.flatMap(\.levels) }).min()
        }
    }

    /// One printable unit, in reading order.
    public enum Block: Equatable, Sendable {
        case heading(depth: Int, text: String, appendix: Bool)
        /// Our summary of a base item without provisions.
        case text(String)
        /// The base item's provisions, in order.
        case provisions([ProvisionBlock])
        /// Annotation under a base section: the industry items mapped to it and the priority
        /// (highest industry level mapped there).
        case annotation([Reference], priority: Level?)
        case revision(Revision)
        /// Heading of an industry-only item (`【業界独自の項目】 …`), one level below its parent.
        case industryHeading(depth: Int, IndustryOnlyItem)
        case industryBody(IndustryOnlyItem)
    }

    /// Heading text of an industry-only item.
    public static func industryHeading(_ item: IndustryOnlyItem) -> String {
        "【業界独自の項目】\(item.markers) \(item.label)"
    }

    /// The body sections flattened in reading order: heading, text, annotation, revision
    /// notes, children, then the industry-only items placed in the section. All of them in one
    /// array (tests, small documents); the emitters walk them with `forEachBlock` instead.
    public var blocks: [Block] {
        var out: [Block] = []
        forEachBlock { out.append($0) }
        return out
    }

    /// `blocks` one at a time, without the array (5 MB at 100,000 provisions, held while the
    /// md and html were written: BENCHMARKS.md, "The .docx import and regulation, second pass").
    public func forEachBlock(_ body: (Block) throws -> Void) rethrows {
        func visit(_ section: Section) throws {
            try body(.heading(depth: section.depth, text: section.heading, appendix: section.kind == .appendix))
            if !section.provisions.isEmpty {
                try body(.provisions(section.provisions))
            } else if let text = section.text {
                try body(.text(text))
            }
            if !section.annotations.isEmpty { try body(.annotation(section.annotations, priority: section.priority)) }
            for revision in section.revisions { try body(.revision(revision)) }
            for child in section.children { try visit(child) }
            for item in section.industryOnly {
                try body(.industryHeading(depth: section.depth + 1, item))
                try body(.industryBody(item))
            }
        }
        for section in sections { try visit(section) }
    }

    /// How many industry items the document cites (mapped, 反映案 or industry-only).
    public var industryItemCount: Int {
        var ids = Set<String>()
        forEachBlock { block in
            switch block {
            case let .annotation(references, _): references.forEach { ids.insert($0.itemID) }
            case let .revision(revision): revision.references.forEach { ids.insert($0.itemID) }
            case let .industryHeading(_, item): item.references.forEach { ids.insert($0.itemID) }
            default: break
            }
        }
        return ids.count
    }

    /// Headings for a table of contents: (depth, text), depth ≤ `maxDepth`.
    /// With `asProvisions`, an industry-only item at its placement is listed by its label (the
    /// .docx inserts it as a provision); otherwise as `【業界独自の項目】〔…〕 label`.
    public func outline(maxDepth: Int = 3, asProvisions: Bool = false) -> [(depth: Int, text: String)] {
        var out: [(depth: Int, text: String)] = []
        forEachBlock { block in
            switch block {
            case let .heading(depth, text, _) where depth <= maxDepth: out.append((depth, text))
            case let .industryHeading(depth, item) where depth <= maxDepth:
                out.append((depth, asProvisions && item.fallbackReason == nil ? item.label : Self.industryHeading(item)))
            default: break
            }
        }
        return out
    }
}
