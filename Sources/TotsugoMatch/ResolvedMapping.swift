import TotsugoCore

/// A mapping whose references have all been checked against the catalogs.
public struct ResolvedMapping: Sendable {
    public let mapping: Mapping
    public let source: CatalogIndex
    /// In the mapping header's order.
    public let targets: [CatalogIndex]
    /// Entry for each reviewed source item id: `entries[id]`.
    public var entries: Entries { Entries(mapping: mapping, positions: entryPositions) }
    /// Position in `mapping.entries` of each reviewed source item's entry (the entries are
    /// not copied into a dictionary of their own).
    private let entryPositions: [String: Int]
    /// The source items that get a row: every leaf, and every inner item with an entry.
    /// Computed once (the table, coverage, reverse view and sheets all walk it).
    public let rowItemIDs: [String]
    /// References to items a partial target catalog does not hold (kept as links, shown as
    /// `CrossReferenceTable.unheldMark`), each at its position.
    public let warnings: [Diagnostic]
    /// For the table of a chain (`ChainTable`): the catalogs it went through, listed among the
    /// sources with the role 経由. Empty for a mapping read from a file.
    public internal(set) var pivots: [CatalogIndex] = []

    init(mapping: Mapping, source: CatalogIndex, targets: [CatalogIndex], entryPositions: [String: Int], warnings: [Diagnostic] = []) {
        self.mapping = mapping
        self.warnings = warnings
        self.source = source
        self.targets = targets
        self.entryPositions = entryPositions
        self.rowItemIDs = source.orderedIDs.filter { id in
            !source.hasChildren(id) || entryPositions[id] != nil
        }
    }

    public struct Entries: Sendable {
        let mapping: Mapping
        let positions: [String: Int]
        public var count: Int { positions.count }
        public subscript(id: String) -> MappingEntry? {
            positions[id].map { mapping.entries[$0] }
        }
    }

    /// Position in `mapping.entries` of the item's entry.
    package func entryPosition(_ itemID: String) -> Int? { entryPositions[itemID] }

    /// Review state of a source item.
    public enum Review: Equatable, Sendable {
        case unreviewed
        case reviewed(MappingEntry)
    }

    public func review(of itemID: String) -> Review {
        entries[itemID].map(Review.reviewed) ?? .unreviewed
    }

    /// Links of an entry into one target catalog that name an item and are not
    /// no-relationship, sorted in that catalog's order.
    public func matches(_ entry: MappingEntry, in target: CatalogIndex) -> [MappingLink] {
        // Each link's position looked up once (the sort compares the same keys as before).
        var keyed: [(position: Int, link: MappingLink)] = []
        for link in entry.links where link.target.catalog == target.catalog.id && link.relationship != .noRelationship {
            guard let item = link.target.item else { continue }
            keyed.append((target.position(of: item) ?? .max, link))
        }
        if keyed.count < 2 { return keyed.map(\.link) }
        return keyed.sorted { $0.position < $1.position }.map(\.link)
    }
}
