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

        public init(itemID: String, marker: String, label: String) {
            self.itemID = itemID
            self.marker = marker
            self.label = label
        }
    }

    /// 反映案 of an industry item that maps to this base item: a marked revision note.
    public struct Revision: Equatable, Sendable {
        public var reference: Reference
        public var text: String
    }

    /// An industry item with no counterpart in the base catalog (業界独自の項目).
    public struct IndustryOnlyItem: Equatable, Sendable {
        public var reference: Reference
        /// 反映案 from the mapping: the body. Nil when the mapping gives none.
        public var proposal: String?
        /// The industry catalog's own short description of the item, shown when there is no 反映案.
        public var summary: String?
        /// Why the item is in the appendix chapter rather than at a placement; nil when placed.
        public var fallbackReason: String?
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
        /// Industry items mapped to this base item, in the industry catalog's order.
        public var annotations: [Reference]
        public var revisions: [Revision]
        /// Industry-only items placed here, in the industry catalog's order; shown after the children.
        public var industryOnly: [IndustryOnlyItem]
        public var children: [Section]
    }

    /// One printable unit, in reading order.
    public enum Block: Equatable, Sendable {
        case heading(depth: Int, text: String, appendix: Bool)
        case text(String)
        /// Annotation under a base section: the industry items mapped to it.
        case annotation([Reference])
        case revision(Revision)
        /// Heading of an industry-only item (`【業界独自の項目】 …`), one level below its parent.
        case industryHeading(depth: Int, IndustryOnlyItem)
        case industryBody(IndustryOnlyItem)
    }

    /// Heading text of an industry-only item.
    public static func industryHeading(_ item: IndustryOnlyItem) -> String {
        "【業界独自の項目】\(item.reference.marker) \(item.reference.label)"
    }

    /// The body sections flattened in reading order: heading, text, annotation, revision
    /// notes, children, then the industry-only items placed in the section.
    public var blocks: [Block] {
        var out: [Block] = []
        func visit(_ section: Section) {
            out.append(.heading(depth: section.depth, text: section.heading, appendix: section.kind == .appendix))
            if let text = section.text { out.append(.text(text)) }
            if !section.annotations.isEmpty { out.append(.annotation(section.annotations)) }
            for revision in section.revisions { out.append(.revision(revision)) }
            for child in section.children { visit(child) }
            for item in section.industryOnly {
                out.append(.industryHeading(depth: section.depth + 1, item))
                out.append(.industryBody(item))
            }
        }
        for section in sections { visit(section) }
        return out
    }

    /// Headings for a table of contents: (depth, text), depth ≤ `maxDepth`.
    public func outline(maxDepth: Int = 3) -> [(depth: Int, text: String)] {
        blocks.compactMap { block in
            switch block {
            case let .heading(depth, text, _) where depth <= maxDepth: (depth, text)
            case let .industryHeading(depth, item) where depth <= maxDepth: (depth, Self.industryHeading(item))
            default: nil
            }
        }
    }
}
