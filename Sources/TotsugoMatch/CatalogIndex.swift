import TotsugoCore

/// Lookup structure over one catalog: items by id, catalog order, and each item's path
/// from the top level down to itself. A class: mappings and tables pass it around per row, and
/// copying a struct of a whole catalog retained every field each time.
public final class CatalogIndex: Sendable {
    public let catalog: Catalog
    public let items: [String: CatalogItem]
    /// Position in depth-first document order.
    public let order: [String: Int]
    /// Ancestors from the top level down, ending with the item itself.
    public let paths: [String: [CatalogItem]]
    /// Item ids in catalog order.
    public let orderedIDs: [String]

    public init(_ catalog: Catalog) {
        self.catalog = catalog
        var items: [String: CatalogItem] = [:]
        var order: [String: Int] = [:]
        var paths: [String: [CatalogItem]] = [:]
        var orderedIDs: [String] = []
        func visit(_ list: [CatalogItem], _ path: [CatalogItem]) {
            for item in list {
                let here = path + [item]
                if order[item.id] == nil { orderedIDs.append(item.id) }
                order[item.id] = order.count
                items[item.id] = item
                paths[item.id] = here
                visit(item.children, here)
            }
        }
        visit(catalog.items, [])
        self.items = items
        self.order = order
        self.paths = paths
        // A repeated id keeps its last position (as the dictionary does), so order by it.
        self.orderedIDs = orderedIDs.count == order.count && order.count == items.count && Self.inOrder(orderedIDs, order)
            ? orderedIDs : order.sorted { $0.value < $1.value }.map(\.key)
    }

    private static func inOrder(_ ids: [String], _ order: [String: Int]) -> Bool {
        var last = -1
        for id in ids {
            guard let position = order[id], position > last else { return false }
            last = position
        }
        return true
    }

    /// `3.情報資産管理/1.情報資産の管理/1.1情報資産の特定と機密性の評価` — the seed's 項目 column.
    public func pathLabel(_ id: String) -> String {
        (paths[id] ?? []).map(\.label).joined(separator: "/")
    }
}
