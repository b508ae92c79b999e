/// One guideline (or appendix) as a tree of items, with metadata and provenance.
public struct Catalog: Equatable, Sendable {
    /// Stable id, normalised with `Normalization.key` (e.g. `ipa-3.1-appendix5`).
    public var id: String
    public var title: String
    /// Short label used in table headers and annotations (e.g. `付録5`, `自工会/部工会`).
    public var shortTitle: String
    public var publisher: String
    /// Edition as the publisher names it (e.g. `第3.1版`, `2.3`, `2023年2月改訂`).
    public var version: String
    /// Publication date as known (`2023-02`, `2023`), or nil.
    public var date: String?
    /// Names of the hierarchy levels, outermost first (e.g. 大項目, 中項目, 小項目).
    public var levelNames: [String]
    /// The catalog's own implementation levels, in order (`level-names:`); LV1 / LV2 / LV3 when
    /// the catalog declares none. Not to be confused with `levelNames` (hierarchy depths).
    public var levelVocabulary: LevelVocabulary = .standard
    /// What part of the source this catalog holds, e.g. "94 of 153 item numbers".
    public var completeness: String
    /// The same, machine-readable: complete (the default), or partial with the declared total
    /// number of items of the whole guideline when it is known.
    public var extent: Extent = .complete
    /// Where the facts come from, one note per source.
    public var provenance: [String]
    /// Other facts about the catalog, e.g. the 付録3 scoring scale.
    public var properties: [Property]
    public var items: [CatalogItem]
    public var location: SourceLocation?
    /// The id as written in the file, and where, for diagnostics about the id.
    public var writtenID: String?
    public var idLocation: SourceLocation?

    /// `'written'`, plus the key when normalisation changed it.
    public var quotedID: String { Normalization.quoted(writtenID, key: id) }

    public init(id: String, title: String, shortTitle: String, publisher: String, version: String,
                date: String? = nil, levelNames: [String] = [], completeness: String,
                provenance: [String] = [], properties: [Property] = [], items: [CatalogItem] = [],
                location: SourceLocation? = nil) {
        self.id = id
        self.title = title
        self.shortTitle = shortTitle
        self.publisher = publisher
        self.version = version
        self.date = date
        self.levelNames = levelNames
        self.completeness = completeness
        self.provenance = provenance
        self.properties = properties
        self.items = items
        self.location = location
    }

    /// Whether a catalog holds every item of its guideline. A reference to an item a partial
    /// catalog does not hold is a warning (the item may exist in the guideline); against a
    /// complete catalog it is an error.
    public enum Extent: Equatable, Sendable {
        case complete
        /// `totalItems`: the number of items of the whole guideline, counted as the catalog
        /// counts its own (every level), when declared; nil when unknown.
        case partial(totalItems: Int?)

        public var isPartial: Bool { if case .partial = self { true } else { false } }
        /// The declared total of a partial catalog, if any.
        public var totalItems: Int? { if case .partial(let total) = self { total } else { nil } }
    }

    public struct Property: Equatable, Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Every item, depth first in document order (the catalog order).
    public var allItems: [CatalogItem] {
        var result: [CatalogItem] = []
        func visit(_ items: [CatalogItem]) {
            for item in items {
                result.append(item)
                visit(item.children)
            }
        }
        visit(items)
        return result
    }

    /// The same catalog with every source location removed (for comparing parses of
    /// the same content written in different formats).
    public func withoutLocations() -> Catalog {
        var copy = self
        copy.location = nil
        copy.writtenID = nil
        copy.idLocation = nil
        copy.items = items.map { $0.withoutLocations() }
        return copy
    }
}

/// How an item's heading relates to the source text. Data honesty: the outputs show it.
public enum HeadingSource: String, CaseIterable, Sendable {
    /// The heading as printed in the guideline (quoted in shared/reference or the seeds).
    case quoted
    /// Our short wording of the item's subject; not the publisher's title.
    case paraphrased
    /// Not a title at all: a topic the item is known to concern (shown as 参考: …).
    case topic
}

public struct CatalogItem: Equatable, Sendable {
    /// Unique key within the catalog, normalised with `Normalization.key`.
    public var id: String
    /// Number or label as printed (`No.44`, `3.`, `(1)`, `1.1`); may be empty.
    public var number: String
    public var heading: String
    public var headingSource: HeadingSource
    /// Short description in our own words (never the guideline's body text).
    public var text: String?
    /// Level(s); more than one when sources disagree (the note says which says what).
    public var levels: [Level]
    /// Free tags, normalised keys (e.g. `management`, `technical`, `minimum`).
    public var tags: [String]
    public var note: String?
    /// The item's own body from an imported regulation document, in order (see `ProvisionBlock`);
    /// empty for every catalog we ship.
    public var provisions: [ProvisionBlock] = []
    public var children: [CatalogItem]
    public var location: SourceLocation?

    public init(id: String, number: String, heading: String, headingSource: HeadingSource = .quoted,
                text: String? = nil, levels: [Level] = [], tags: [String] = [], note: String? = nil,
                children: [CatalogItem] = [], location: SourceLocation? = nil) {
        self.id = id
        self.number = number
        self.heading = heading
        self.headingSource = headingSource
        self.text = text
        self.levels = levels
        self.tags = tags
        self.note = note
        self.children = children
        self.location = location
    }

    /// Number and heading as a reader sees them: `1.はじめに`, `(1)守るべき工事情報`,
    /// `No.44 他社との…`. A topic heading is marked `参考: …` so it is never taken for a title.
    public var label: String {
        let shownHeading = headingSource == .topic ? "参考: \(heading)" : heading
        guard !number.isEmpty else { return shownHeading }
        guard !shownHeading.isEmpty else { return number }
        let joinsTight = number.last.map { ".)）．".contains($0) } ?? false
        return joinsTight ? number + shownHeading : number + " " + shownHeading
    }

    /// Level text as shown in tables: `LV1`, or `LV1/LV2` when sources disagree.
    public var levelText: String { levels.map(\.description).joined(separator: "/") }

    public func withoutLocations() -> CatalogItem {
        var copy = self
        copy.location = nil
        copy.provisions = provisions.map { block in
            switch block {
            case .paragraph(var paragraph):
                paragraph.line = nil
                return .paragraph(paragraph)
            case .table(var table):
                table.line = nil
                return .table(table)
            }
        }
        copy.children = children.map { $0.withoutLocations() }
        return copy
    }
}

extension Array {
    /// A copy with no spare capacity: arrays grown one append at a time keep up to twice the
    /// room they need, which large catalogs and mappings hold for the whole run.
    public func compacted() -> [Element] {
        capacity > count ? withUnsafeBufferPointer { Array($0) } : self
    }
}
