import TotsugoCore
import TotsugoScheduler

/// The 突合表 as a format-neutral table (layout of 表3 in the seed): the industry item, then
/// one column group per target catalog, then the 反映案. Emitters only render it.
public struct CrossReferenceTable: Equatable, Sendable {
    public struct Group: Equatable, Sendable {
        public var title: String
        public var columns: [String]

        public init(title: String, columns: [String]) {
            self.title = title
            self.columns = columns
        }
    }

    public struct Cell: Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            case text
            /// Reviewed, and nothing in this target group corresponds: shown as `#N/A`.
            case gap
            /// The source item has no mapping entry yet.
            case unreviewed
        }
        /// One text, or the lines of a cell several links share (joined only when asked for:
        /// the lines are labels and texts the catalogs already hold, so a large table does not
        /// hold a second copy of them).
        private enum Content: Equatable, Sendable {
            case one(String)
            case lines([String])
        }
        private var content: Content
        public var kind: Kind

        public init(text: String, kind: Kind) {
            self.content = .one(text)
            self.kind = kind
        }

        /// The cell's text; lines are joined with "\n".
        public var text: String {
            switch content {
            case .one(let text): text
            case .lines(let lines): lines.joined(separator: "\n")
            }
        }

        /// The lines of a cell made with several `lines`, as stored (nothing joined, nothing
        /// allocated); nil for a single text, whose `text` costs nothing either.
        package var storedLines: [String]? {
            if case .lines(let lines) = content { return lines }
            return nil
        }

        public static func == (a: Cell, b: Cell) -> Bool { a.kind == b.kind && a.text == b.text }

        public static func text(_ value: String) -> Cell { Cell(text: value, kind: .text) }
        /// A text cell of several lines (one per link).
        public static func lines(_ lines: [String]) -> Cell {
            lines.count == 1 ? .text(lines[0]) : Cell(content: .lines(lines), kind: .text)
        }
        public static let gap = Cell(text: "#N/A", kind: .gap)
        public static let unreviewed = Cell(text: "（未突合）", kind: .unreviewed)

        private init(content: Content, kind: Kind) {
            self.content = content
            self.kind = kind
        }
    }

    public struct Row: Equatable, Sendable {
        public var itemID: String
        public var levels: [Level]
        public var cells: [Cell]

        public init(itemID: String, levels: [Level], cells: [Cell]) {
            self.itemID = itemID
            self.levels = levels
            self.cells = cells
        }
    }

    public var title: String
    public var groups: [Group]
    public var rows: [Row]

    public var columnCount: Int { groups.reduce(0) { $0 + $1.columns.count } }

    public static let targetText = "記載内容"
    /// Marks a link to an item a partial target catalog does not hold (the item may be in the
    /// guideline; the resolver warned): shown after the id as written, `No.200（カタログ未収録）`.
    public static let unheldMark = "（カタログ未収録）"

    /// `No.200（カタログ未収録）`: the reference's item as written, then the mark.
    public static func unheldText(_ reference: ItemReference) -> String {
        (reference.writtenItem ?? reference.item ?? "") + unheldMark
    }
    public static let proposalGroup = "業界サンプル規程への反映案"

    /// What the table says about review state, for the legend (nil when the mapping has no
    /// link): all 未確認, all 確認済, or, when both occur, how the unconfirmed links are marked.
    public var reviewLegend: String?

    public init(title: String, groups: [Group], rows: [Row], reviewLegend: String? = nil) {
        self.title = title
        self.groups = groups
        self.rows = rows
        self.reviewLegend = reviewLegend
    }

    /// Ends the 関係 of a link nobody has confirmed yet, when the mapping also has confirmed
    /// links (`marksUnconfirmed`).
    public static let unconfirmedMark = "（未確認）"
    /// The column of the notes (the mapping's note on each link, the entry's note, the source
    /// item's note).
    public static let noteColumn = "備考"

    /// Whether the 関係 cells mark unconfirmed links: only when the mapping has both confirmed
    /// and unconfirmed links (a mark on every link, or on none, says nothing the legend does not).
    public static func marksUnconfirmed(_ mapping: Mapping) -> Bool {
        var confirmed = false, unconfirmed = false
        for entry in mapping.entries {
            for link in entry.links {
                if link.review == .confirmed { confirmed = true } else { unconfirmed = true }
                if confirmed && unconfirmed { return true }
            }
        }
        return false
    }

    /// The legend line on review state: nil for a mapping with no link.
    public static func reviewLegend(_ mapping: Mapping) -> String? {
        let links = mapping.entries.reduce(0) { $0 + $1.links.count }
        guard links > 0 else { return nil }
        let confirmed = mapping.entries.reduce(0) { $0 + $1.links.filter { $0.review == .confirmed }.count }
        if confirmed == 0 { return "対応はすべて未確認（担当者の確認を待つ候補。\(links) 件）" }
        if confirmed == links { return "対応はすべて確認済（\(links) 件）" }
        return "「関係」の末尾の\(unconfirmedMark) = 担当者がまだ確認していない候補。印のない対応は確認済（確認済 \(confirmed) / \(links) 件）"
    }

    /// The columns of a target catalog's group: its levels (or 項目 when it has none; the
    /// levels together are the item's path, so no 項目 column repeats them), 記載内容, 関係,
    /// and 備考 when a link into it carries a note.
    static func targetColumns(_ target: CatalogIndex, notes: Bool) -> [String] {
        (target.catalog.levelNames.isEmpty ? ["項目"] : target.catalog.levelNames) + [Self.targetText, "関係"] + (notes ? [noteColumn] : [])
    }

    public init(_ resolved: ResolvedMapping) {
        let source = resolved.source
        let sourceLevels = source.catalog.levelNames.isEmpty ? ["項目"] : source.catalog.levelNames
        let hasLevels = source.orderedIDs.contains { !source.levels($0).isEmpty }
        let hasSourceNotes = resolved.rowItemIDs.contains { !(source.note($0) ?? "").isEmpty }
        var notedTargets: Set<String> = []
        for entry in resolved.mapping.entries {
            for link in entry.links where !(link.note ?? "").isEmpty { notedTargets.insert(link.target.catalog) }
        }
        let layout = Layout(levelColumns: sourceLevels.count, hasLevels: hasLevels, hasSourceNotes: hasSourceNotes,
                            targetNotes: resolved.targets.map { notedTargets.contains($0.catalog.id) },
                            marksUnconfirmed: Self.marksUnconfirmed(resolved.mapping))
        var groups = [Group(title: "業界セキュリティガイドラインの記載項目（\(source.catalog.shortTitle)）",
                            columns: sourceLevels + [Self.targetText] + (hasLevels ? ["レベル"] : []) + (hasSourceNotes ? [Self.noteColumn] : []))]
        for (target, notes) in zip(resolved.targets, layout.targetNotes) {
            groups.append(Group(title: target.catalog.shortTitle, columns: Self.targetColumns(target, notes: notes)))
        }
        groups.append(Group(title: Self.proposalGroup, columns: ["反映案", "反映先", Self.noteColumn]))

        // Rows are independent: a large table is made in slices on the cores there are,
        // joined in order (the same rows as one pass).
        let ids = resolved.rowItemIDs
        let sliceCount = ids.count < 4096 ? 1 : 4
        let bounds = (0...sliceCount).map { ids.count * $0 / sliceCount }
        let slices = Scheduler.map(sliceCount) { k in
            var rows: [Row] = []
            rows.reserveCapacity(bounds[k + 1] - bounds[k])
            for id in ids[bounds[k]..<bounds[k + 1]] {
                if let row = Self.row(id, resolved: resolved, layout: layout) { rows.append(row) }
            }
            return rows
        }
        var rows: [Row] = []
        rows.reserveCapacity(slices.reduce(0) { $0 + $1.count })
        for slice in slices { rows += slice }
        let targetNames = resolved.targets.map(\.catalog.shortTitle).joined(separator: "・")
        self.init(title: "突合表: \(source.catalog.title) × \(targetNames)", groups: groups, rows: rows,
                  reviewLegend: Self.reviewLegend(resolved.mapping))
    }

    /// Which optional columns the table has (the same for every row).
    private struct Layout: Sendable {
        var levelColumns: Int
        var hasLevels: Bool
        var hasSourceNotes: Bool
        /// Per target, in order: whether its group has a 備考 column.
        var targetNotes: [Bool]
        var marksUnconfirmed: Bool
    }

    private static func row(_ id: String, resolved: ResolvedMapping, layout: Layout) -> Row? {
        let source = resolved.source
        guard source.contains(id) else { return nil }
        let levels = source.levels(id)
        // Sized once: grown by appends, a row's array kept up to twice the room it needs.
        var cells: [Cell] = []
        cells.reserveCapacity(layout.levelColumns + 3 + resolved.targets.reduce(0) { $0 + $1.catalog.levelNames.count + 3 } + 3)
        cells += hierarchyCells(source.pathLabels(id), count: layout.levelColumns)
        cells.append(.text(source.text(id) ?? ""))
        if layout.hasLevels { cells.append(.text(levels.count == 1 ? levels[0].description : levels.map(\.description).joined(separator: "/"))) }
        if layout.hasSourceNotes { cells.append(.text(source.note(id) ?? "")) }
        switch resolved.review(of: id) {
        case .unreviewed:
            for (target, notes) in zip(resolved.targets, layout.targetNotes) {
                cells += Array(repeating: .unreviewed, count: targetColumns(target, notes: notes).count)
            }
            cells += [.unreviewed, .text(""), .text("")]
        case .reviewed(let entry):
            for (target, notes) in zip(resolved.targets, layout.targetNotes) {
                cells += targetCells(resolved.matches(entry, in: target), in: target, notes: notes, marksUnconfirmed: layout.marksUnconfirmed)
            }
            let placement = entry.placement.map { reference in
                let index = resolved.targets.first { $0.catalog.id == reference.catalog }
                if let index, let item = reference.item, !index.contains(item) {
                    return "\(index.catalog.shortTitle) \(Self.unheldText(reference))"
                }
                return "\(index?.catalog.shortTitle ?? reference.catalog) \(index?.pathLabel(reference.item ?? "") ?? "")"
            } ?? ""
            cells += [.text(entry.proposal ?? ""), .text(placement), .text(entry.note ?? "")]
        }
        return Row(itemID: id, levels: levels, cells: cells)
    }

    /// One cell per hierarchy level: the ancestor's label at that depth; deeper levels than
    /// there are columns go into the last column joined with `/`.
    static func hierarchyCells(_ labels: [String], count: Int) -> [Cell] {
        var cells: [Cell] = []
        cells.reserveCapacity(count)
        for column in 0..<count {
            if column == count - 1 {
                cells.append(.text(column + 1 == labels.count ? labels[column] : labels.dropFirst(column).joined(separator: "/")))
            } else {
                cells.append(.text(column < labels.count ? labels[column] : ""))
            }
        }
        return cells
    }

    /// The cells of one target catalog's group (`targetColumns`): its hierarchy columns (or
    /// 項目), 記載内容, 関係 and, with `notes`, 備考 (each link's note) for the links into it.
    /// Several links share each cell, one per line; a column whose lines are all empty is one
    /// empty cell (no cell of line breaks only); no link gives `#N/A` in every cell of the group.
    /// With `marksUnconfirmed`, an unconfirmed link's 関係 ends （未確認）.
    static func targetCells(_ links: [MappingLink], in target: CatalogIndex, notes: Bool = false, marksUnconfirmed: Bool = false) -> [Cell] {
        let levels = target.catalog.levelNames.count
        let itemColumns = max(levels, 1)
        let width = itemColumns + 2 + (notes ? 1 : 0)
        guard !links.isEmpty else { return Array(repeating: .gap, count: width) }
        // Each link's item looked up once; its labels and text read by position.
        func item(_ link: MappingLink) -> (labels: [String], text: String) {
            guard let id = link.target.item else { return ([], "") }
            // A partial catalog's unheld item (the resolver warned): the id as written, marked.
            guard let at = target.position(of: id) else { return ([unheldText(link.target)], "") }
            return (levels == 0 ? [target.pathLabel(at: at)] : target.pathLabels(at: at), target.text(at: at) ?? "")
        }
        func relationship(_ link: MappingLink) -> String {
            marksUnconfirmed && link.review != .confirmed ? relationshipText(link) + unconfirmedMark : relationshipText(link)
        }
        var column: [String] = []
        column.reserveCapacity(links.count)
        var columns = Array(repeating: column, count: width)
        for link in links {
            let one = item(link)
            for (k, cell) in hierarchyCells(one.labels, count: itemColumns).enumerated() {
                columns[k].append(cell.text)
            }
            columns[itemColumns].append(one.text)
            columns[itemColumns + 1].append(relationship(link))
            if notes { columns[itemColumns + 2].append(link.note ?? "") }
        }
        return columns.map { lines in lines.allSatisfy(\.isEmpty) ? .text("") : .lines(lines) }
    }

    /// 「一部重複（意味上・強度 6/10）」. Made once per combination (six relationships, four
    /// rationales with none, strengths 0–10 or none) and shared by every link that has it.
    static func relationshipText(_ link: MappingLink) -> String {
        if let strength = link.strength, !(0...10).contains(strength) { return makeRelationshipText(link) }
        let r = Relationship.allCases.firstIndex(of: link.relationship)!
        let a = link.rationale.map { Rationale.allCases.firstIndex(of: $0)! + 1 } ?? 0
        let s = link.strength.map { $0 + 1 } ?? 0
        return relationshipTexts[(r * (Rationale.allCases.count + 1) + a) * 12 + s]
    }

    private static let relationshipTexts: [String] = {
        var texts: [String] = []
        for relationship in Relationship.allCases {
            for rationale in [nil] + Rationale.allCases.map(Optional.some) {
                for strength in [nil] + (0...10).map(Optional.some) {
                    texts.append(makeRelationshipText(MappingLink(target: ItemReference(catalog: "", item: nil), relationship: relationship,
                                                                  rationale: rationale, strength: strength)))
                }
            }
        }
        return texts
    }()

    /// The 関係 cell in the members' words: the relationship, then why and how strongly it
    /// holds, e.g. 「一部重複（意味上・強度 6/10）」.
    private static func makeRelationshipText(_ link: MappingLink) -> String {
        let details = [link.rationale.map(RelationshipWords.rationale), link.strength.map { "強度 \($0)/10" }].compactMap { $0 }
        let relationship = RelationshipWords.relationship(link.relationship)
        return details.isEmpty ? relationship : "\(relationship)（\(details.joined(separator: "・"))）"
    }
}
