import TotsugoCore

/// The 突合表 of a chain, one row per item of the final catalog (ISO/IEC 27002: the 93
/// controls): the industry items that reach it through the pivot catalog (派生, with the path),
/// the industry items a reviewed direct mapping links to it (直接, when there is one), and a note
/// where several partial (一部に相当) items may together cover it. Made of the same
/// `CrossReferenceTable`, `ResolvedMapping` and `Coverage` as a mapping's table, so every table
/// format writes it.
public struct ChainTable: Sendable {
    public let table: CrossReferenceTable
    /// The chain read as a mapping from the final catalog (rows) to the industry catalog: one
    /// entry per row item, its derived links (never reviewed ones). Status `derived`.
    public let resolved: ResolvedMapping
    /// Per final item: reached by a derived link, by a direct one, by either. The denominator is
    /// the number of rows (93 for ISO/IEC 27002).
    public let coverage: Coverage

    public static let derivedStatus = "derived"

    /// `direct`: reviewed mappings from the chain's source catalog onto its final catalog,
    /// shown beside the derived links.
    public init(_ chain: MappingChain, direct: [ResolvedMapping] = []) {
        let source = chain.source
        let target = chain.target
        let pivotNames = chain.pivots.map(\.catalog.shortTitle).joined(separator: "・")
        var derivedByTarget: [String: [DerivedLink]] = [:]
        for link in chain.links { derivedByTarget[link.target, default: []].append(link) }
        let rowIDs = target.orderedIDs.filter { id in !target.hasChildren(id) || derivedByTarget[id] != nil }
        // Direct reviewed links per final item: (source item, link), in source order.
        var directByTarget: [String: [(String, MappingLink)]] = [:]
        for mapping in direct {
            guard let index = mapping.targets.first(where: { $0.catalog.id == target.catalog.id }) else { continue }
            for id in mapping.rowItemIDs {
                guard let entry = mapping.entries[id] else { continue }
                for link in mapping.matches(entry, in: index) { directByTarget[link.target.item!, default: []].append((id, link)) }
            }
        }
        let hasDirect = !direct.isEmpty
        // The industry items' 記載内容 only when the catalog holds some (a catalog of titles
        // alone would give a column of empty lines).
        let sourceText = source.orderedIDs.contains { !(source.text($0) ?? "").isEmpty }
        let sourceColumns = ["業界の項目"] + (sourceText ? [CrossReferenceTable.targetText] : [])
        let targetLevels = target.catalog.levelNames.isEmpty ? ["項目"] : target.catalog.levelNames
        let hasText = rowIDs.contains { !(target.text($0) ?? "").isEmpty }
        var groups = [CrossReferenceTable.Group(title: "\(target.catalog.shortTitle)の項目",
                                                columns: targetLevels + (hasText ? [CrossReferenceTable.targetText] : []))]
        groups.append(CrossReferenceTable.Group(title: Self.derivedGroupTitle(source: source.catalog.shortTitle, pivots: pivotNames),
                            columns: sourceColumns + ["関係", "経由"]))
        if hasDirect {
            groups.append(CrossReferenceTable.Group(title: "直接の突合: \(source.catalog.shortTitle)（レビュー済み）",
                                columns: sourceColumns + ["関係"]))
        }
        groups.append(CrossReferenceTable.Group(title: "注記", columns: ["複数の項目による充足"]))

        var rows: [CrossReferenceTable.Row] = []
        var entries: [MappingEntry] = []
        for id in rowIDs {
            var cells: [CrossReferenceTable.Cell] = CrossReferenceTable.hierarchyCells(target.pathLabels(id), count: targetLevels.count)
            if hasText { cells.append(.text(target.text(id) ?? "")) }
            let derived = derivedByTarget[id] ?? []
            if derived.isEmpty {
                cells += Array(repeating: .gap, count: sourceColumns.count + 2)
            } else {
                cells.append(.lines(derived.map { source.pathLabel($0.source) }))
                if sourceText { cells.append(.lines(derived.map { source.text($0.source) ?? "" })) }
                cells.append(.lines(derived.map { RelationshipWords.derived($0.relationship, strength: $0.strength) }))
                cells.append(.lines(derived.map { Self.pathText($0, chain: chain) }))
            }
            let directLinks = directByTarget[id] ?? []
            if hasDirect {
                if directLinks.isEmpty {
                    cells += Array(repeating: .gap, count: sourceColumns.count + 1)
                } else {
                    cells.append(.lines(directLinks.map { source.pathLabel($0.0) }))
                    if sourceText { cells.append(.lines(directLinks.map { source.text($0.0) ?? "" })) }
                    cells.append(.lines(directLinks.map { CrossReferenceTable.relationshipText($0.1) }))
                }
            }
            cells.append(.text(Self.partialNote(derived: derived, direct: directLinks, source: source)))
            rows.append(CrossReferenceTable.Row(itemID: id, levels: [], cells: cells))
            entries.append(MappingEntry(item: id, links: derived.map { link in
                MappingLink(target: ItemReference(catalog: source.catalog.id, item: link.source), relationship: link.relationship.relationship,
                            strength: link.strength, note: Self.pathText(link, chain: chain))
            }))
        }
        let title = "突合表（派生）: \(target.catalog.title) × \(source.catalog.title)（\(pivotNames) 経由）"
        self.table = CrossReferenceTable(title: title, groups: groups, rows: rows)

        let mapping = Mapping(id: chain.id, title: title, source: target.catalog.id, targets: [source.catalog.id],
                              status: Self.derivedStatus, reviewer: nil, entries: entries)
        var positions: [String: Int] = [:]
        for (k, entry) in entries.enumerated() { positions[entry.item] = k }
        var resolved = ResolvedMapping(mapping: mapping, source: target, targets: [source], entryPositions: positions)
        resolved.pivots = chain.pivots
        self.resolved = resolved

        // Coverage of the final catalog's items (the denominator is the row count).
        func line(_ title: String, _ reached: (String) -> (Bool, Bool)) -> Coverage.Line {
            var count = Coverage.Count(items: rowIDs.count)
            for id in rowIDs {
                let (mapped, full) = reached(id)
                if mapped { count.mapped += 1 } else { count.noCounterpart += 1 }
                if full { count.fullyCovered += 1 }
            }
            return Coverage.Line(target: nil, targetTitle: title, level: nil, count: count)
        }
        let derivedReach: (String) -> (Bool, Bool) = { id in
            let links = derivedByTarget[id] ?? []
            return (!links.isEmpty, links.contains { $0.relationship.certain && $0.relationship.relationship.coversTargetFully })
        }
        let directReach: (String) -> (Bool, Bool) = { id in
            let links = directByTarget[id] ?? []
            return (!links.isEmpty, links.contains { $0.1.relationship.coversTargetFully })
        }
        var lines = [line("派生（\(pivotNames) 経由）: \(source.catalog.shortTitle)", derivedReach)]
        if hasDirect {
            lines.append(line("直接の突合: \(source.catalog.shortTitle)", directReach))
            lines.append(line("いずれか", { id in
                let (a, b) = (derivedReach(id), directReach(id))
                return (a.0 || b.0, a.1 || b.1)
            }))
        }
        self.coverage = Coverage(lines: lines, source: target)
    }

    static func derivedGroupTitle(source: String, pivots: String) -> String {
        "派生: \(source)（\(pivots) 経由・未レビュー）"
    }

    /// 経由: each path as its pivot items, then the reviewed relationships it composed:
    /// `付録5 3.情報資産管理〔一部重複 → 一部重複〕`; several paths joined with 「／」.
    public static func pathText(_ link: DerivedLink, chain: MappingChain) -> String {
        link.paths.map { path in
            let pivots = zip(path.pivots, chain.pivots).map { reference, index in
                "\(index.catalog.shortTitle) \(index.pathLabel(reference.item ?? ""))"
            }.joined(separator: " → ")
            return pivots + "〔" + path.relationships.map(RelationshipWords.relationship).joined(separator: " → ") + "〕"
        }.joined(separator: "／")
    }

    /// Where two or more industry items each cover part of the row item (一部に相当, derived
    /// for certain or reviewed), they may cover it together: said, with the items, for review.
    static func partialNote(derived: [DerivedLink], direct: [(String, MappingLink)], source: CatalogIndex) -> String {
        var items: [String] = []
        for link in derived where link.relationship == ComposedRelationship(.subsetOf) && !items.contains(link.source) {
            items.append(link.source)
        }
        for (id, link) in direct where link.relationship == .subsetOf && !items.contains(id) { items.append(id) }
        guard items.count >= 2 else { return "" }
        let labels = items.map { source.label($0) ?? $0 }.joined(separator: "・")
        return "一部に相当する業界の項目が \(items.count) 件（\(labels)）: 合わせてこの項目の全体を満たす可能性がある（要確認）"
    }
}

extension Coverage {
    /// Coverage lines worked out elsewhere (a chain's table), of `source`'s items.
    init(lines: [Line], source: CatalogIndex) {
        self.lines = lines
        self.sourceExtent = source.catalog.extent
        self.sourceHeld = source.orderedIDs.count
        self.sourceTitle = source.catalog.shortTitle
    }
}

extension RelationshipWords {
    /// A derived link's 関係: 「一部重複（強度 3/10）」, or 「一部重複の可能性（…）」 when the ends
    /// may share nothing.
    public static func derived(_ relationship: ComposedRelationship, strength: Int?) -> String {
        let word = Self.relationship(relationship.relationship) + (relationship.certain ? "" : "の可能性")
        return strength.map { "\(word)（強度 \($0)/10）" } ?? word
    }

    /// The catalogs a table rests on, each with its role in the table: 業界（行）and 対象（列）
    /// for a mapping; for a chain's table, 対象（行）, 業界（派生の列）and 経由.
    public static func catalogRoles(_ resolved: ResolvedMapping) -> [(role: String, catalog: CatalogIndex)] {
        if resolved.mapping.status == ChainTable.derivedStatus {
            return [("対象（行）", resolved.source)] + resolved.targets.map { ("業界（派生の列）", $0) } + resolved.pivots.map { ("経由", $0) }
        }
        return [("業界（行）", resolved.source)] + resolved.targets.map { ("対象（列）", $0) }
    }
}
