import TotsugoCore

/// Lookup structure over one catalog: items by id, catalog order, and each item's path
/// from the top level down to itself.
public struct CatalogIndex: Sendable {
    public let catalog: Catalog
    public let items: [String: CatalogItem]
    /// Position in depth-first document order.
    public let order: [String: Int]
    /// Ancestors from the top level down, ending with the item itself.
    public let paths: [String: [CatalogItem]]

    public init(_ catalog: Catalog) {
        self.catalog = catalog
        var items: [String: CatalogItem] = [:]
        var order: [String: Int] = [:]
        var paths: [String: [CatalogItem]] = [:]
        func visit(_ list: [CatalogItem], _ path: [CatalogItem]) {
            for item in list {
                let here = path + [item]
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
    }

    /// Item ids in catalog order.
    public var orderedIDs: [String] { order.sorted { $0.value < $1.value }.map(\.key) }

    /// `3.情報資産管理/1.情報資産の管理/1.1情報資産の特定と機密性の評価` — the seed's 項目 column.
    public func pathLabel(_ id: String) -> String {
        (paths[id] ?? []).map(\.label).joined(separator: "/")
    }
}
