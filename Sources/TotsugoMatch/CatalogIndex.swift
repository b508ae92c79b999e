import Foundation
import TotsugoCore

/// Lookup structure over one catalog: items by id, catalog order, each item's path from the
/// top level down to itself, and each item's label and path label made once, when first asked
/// for. A class: mappings
/// and tables pass it around per row, and copying a struct of a whole catalog retained every
/// field each time.
///
/// Items stay in the catalog's tree: per item, in document order, the index keeps the position
/// of its parent and its place among its siblings, and reads an item through the tree (a list
/// or dictionary of items, or of whole paths, held every item again).
public final class CatalogIndex: Sendable {
    public let catalog: Catalog
    /// Item ids in catalog order.
    public let orderedIDs: [String]

    /// Per item in depth-first document order (`position` points at an id's last one): the
    /// parent's position (-1 at the top) and the item's index among its parent's children.
    private let parents: [Int]
    private let siblingIndex: [Int32]
    private let position: [String: Int]
    private let names = Names()

    public init(_ catalog: Catalog) {
        self.catalog = catalog
        var ids: [String] = []
        var parents: [Int] = []
        var siblingIndex: [Int32] = []
        var position: [String: Int] = [:]
        func visit(_ list: [CatalogItem], parent: Int) {
            for (sibling, item) in list.enumerated() {
                let here = parents.count
                position[item.id] = here
                ids.append(item.id)
                parents.append(parent)
                siblingIndex.append(Int32(sibling))
                visit(item.children, parent: here)
            }
        }
        visit(catalog.items, parent: -1)
        self.parents = parents
        self.siblingIndex = siblingIndex
        self.position = position
        // One position per id; a repeated id (catalogs with one are refused on input, but a
        // model can be built by hand) keeps its last position and is listed there.
        self.orderedIDs = position.count == ids.count ? ids : position.sorted { $0.value < $1.value }.map(\.key)
    }

    /// `index.items[id]`: the item with that id.
    public var items: Items { Items(index: self) }
    /// `index.paths[id]`: ancestors from the top level down, ending with the item itself.
    public var paths: Paths { Paths(index: self) }

    public struct Items {
        let index: CatalogIndex
        /// Distinct ids.
        public var count: Int { index.position.count }
        public subscript(id: String) -> CatalogItem? {
            index.position[id].map { index.withNode($0) { copy $0 } }
        }
    }

    public struct Paths {
        let index: CatalogIndex
        public subscript(id: String) -> [CatalogItem]? {
            guard let here = index.position[id] else { return nil }
            return index.chain(here).map { position in index.withNode(position) { copy $0 } }
        }
    }

    /// Lends `body` the item at `position`, reached down the tree without copying the items
    /// on the way.
    private func withNode<R>(_ position: Int, _ body: (borrowing CatalogItem) -> R) -> R {
        let index = Int(siblingIndex[position])
        let parent = parents[position]
        if parent < 0 { return body(catalog.items[index]) }
        return withNode(parent) { body($0.children[index]) }
    }

    /// Positions from the top level down to `here`.
    private func chain(_ here: Int) -> [Int] {
        var chain: [Int] = []
        var at = here
        while at >= 0 {
            chain.append(at)
            at = parents[at]
        }
        return chain.reversed()
    }

    /// The item's position in depth-first document order: the key of the positional reads
    /// below, for callers that read one item several times.
    package func position(of id: String) -> Int? { position[id] }

    /// An item's text, levels, or whether it has children, read in place (a copy of the
    /// whole item retains every field; the 突合表 asks for these per row and link).
    public func text(_ id: String) -> String? {
        position[id].flatMap(text(at:))
    }

    package func text(at position: Int) -> String? {
        withNode(position) { $0.text }
    }

    /// The item's note (what a reader should know about it, e.g. why two levels are given).
    public func note(_ id: String) -> String? {
        guard let at = position[id] else { return nil }
        return withNode(at) { $0.note }
    }

    public func levels(_ id: String) -> [Level] {
        guard let at = position[id] else { return [] }
        return withNode(at) { $0.levels }
    }

    public func hasChildren(_ id: String) -> Bool {
        guard let at = position[id] else { return false }
        return withNode(at) { !$0.children.isEmpty }
    }

    public func contains(_ id: String) -> Bool { position[id] != nil }

    /// The position of the parent of the item at `position`; nil at the top level.
    package func parentPosition(_ position: Int) -> Int? {
        let parent = parents[position]
        return parent < 0 ? nil : parent
    }

    /// `item.label`, made once per item.
    public func label(_ id: String) -> String? {
        position[id].map(label(at:))
    }

    package func label(at position: Int) -> String { withLabels { $0.labels[position] } }

    package func levels(at position: Int) -> [Level] { withNode(position) { $0.levels } }

    /// The labels of the item's path, from the top level down.
    public func pathLabels(_ id: String) -> [String] {
        position[id].map(pathLabels(at:)) ?? []
    }

    package func pathLabels(at position: Int) -> [String] {
        withLabels { made in
            var labels: [String] = []
            var at = position
            while at >= 0 {
                labels.append(made.labels[at])
                at = parents[at]
            }
            return labels.reversed()
        }
    }

    /// `3.情報資産管理/1.情報資産の管理/1.1情報資産の特定と機密性の評価` — the seed's 項目 column.
    public func pathLabel(_ id: String) -> String {
        position[id].map(pathLabel(at:)) ?? ""
    }

    package func pathLabel(at position: Int) -> String { withLabels { $0.pathLabels[position] } }

    /// Every item's label and path label, in depth-first document order.
    struct Labels: Sendable {
        var labels: [String] = []
        var pathLabels: [String] = []
    }

    /// The labels, made for every item the first time one is asked for. `regulation` never
    /// asks (its headings are made from the items): there they were 3.9 MB of a 47 MB heap at
    /// 100k provisions, alive at the peak (BENCHMARKS.md, "Seventh step").
    private func withLabels<R>(_ body: (Labels) -> R) -> R {
        names.read(make: {
            var made = Labels()
            made.labels.reserveCapacity(parents.count)
            made.pathLabels.reserveCapacity(parents.count)
            for position in parents.indices {
                let label = withNode(position) { $0.label }
                let parent = parents[position]
                made.labels.append(label)
                made.pathLabels.append(parent < 0 ? label : "\(made.pathLabels[parent])/\(label)")
            }
            return made
        }, body)
    }

    /// Made once under a lock and read under it; the tables read them from several threads.
    private final class Names: @unchecked Sendable {
        private let lock = NSLock()
        private var made = Labels()
        private var isMade = false

        func read<R>(make: () -> Labels, _ body: (Labels) -> R) -> R {
            lock.lock()
            defer { lock.unlock() }
            if !isMade {
                made = make()
                isMade = true
            }
            return body(made)
        }
    }
}
