import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import TotsugoTable

/// What `review export` is asked for: the review workbook of one mapping file.
public struct ReviewExportRequest: Sendable {
    public var mapping: String
    public var catalogs: String
    /// nil: `<mapping-id>.review.xlsx` in the current folder.
    public var out: String?
    /// Suggested candidates per source item (0: none).
    public var suggestions: Int
    public var limits: InputLimits

    public init(mapping: String, catalogs: String = "Catalogs", out: String? = nil, suggestions: Int = 5, limits: InputLimits = .default) {
        self.mapping = mapping
        self.catalogs = catalogs
        self.out = out
        self.suggestions = suggestions
        self.limits = limits
    }
}

/// What `review import` is asked for: an edited review workbook, read back into a mapping file.
public struct ReviewImportRequest: Sendable {
    public var workbook: String
    /// The mapping file the workbook was exported from (its header and top comments are kept).
    public var mapping: String
    public var catalogs: String
    /// nil: the mapping file itself is rewritten.
    public var out: String?
    public var limits: InputLimits

    public init(workbook: String, mapping: String, catalogs: String = "Catalogs", out: String? = nil, limits: InputLimits = .default) {
        self.workbook = workbook
        self.mapping = mapping
        self.catalogs = catalogs
        self.out = out
        self.limits = limits
    }
}

extension Pipeline {
    /// The mapping file resolved against the catalogs.
    static func resolvedMapping(_ path: String, catalogs: String, limits: InputLimits, diagnostics: any DiagnosticSink) throws(CommandFailure) -> ResolvedMapping {
        let workspace = try Workspace.load([catalogs, path], limits: limits, diagnostics: diagnostics)
        guard let resolved = workspace.resolved.first(where: { $0.mapping.location?.file == path }) ?? workspace.resolved.first else {
            diagnostics.report([.error(SourceLocation(file: path), "no mapping read from \(path)")])
            throw .badInput
        }
        return resolved
    }

    /// `review export`: writes the review workbook; returns its path and the rows written.
    @discardableResult
    public static func reviewExport(_ request: ReviewExportRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> (path: String, rows: ReviewRows) {
        let resolved = try resolvedMapping(request.mapping, catalogs: request.catalogs, limits: request.limits, diagnostics: diagnostics)
        let rows = ReviewRows(resolved, suggestions: request.suggestions)
        diagnostics.progress(ProgressStep("review rows", resolved.mapping.id, counts: [.init(rows.rows.count, "row"), .init(rows.suggested, "suggestion")]))
        let destination = request.out ?? "\(resolved.mapping.id).review.xlsx"
        _ = try write(ReviewArtifact(resolved: resolved, rows: rows), as: ReviewWorkbookEmitter(), to: .file(destination), diagnostics: diagnostics)
        diagnostics.progress(ProgressStep("wrote", destination, counts: [.init(rows.rows.count, "row")]))
        return (destination, rows)
    }

    /// `review import`: reads the edited workbook; every wrong cell is an error at its address
    /// and nothing is written unless every cell reads. Returns the path written and the mapping.
    @discardableResult
    public static func reviewImport(_ request: ReviewImportRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> (path: String, mapping: Mapping) {
        let (mapping, order) = try readReviewWorkbook(request, diagnostics: diagnostics)
        returnFreedMemory()  // the workspace and the rows' groups, freed on return
        let comments: [String]
        do throws(DiagnosticError) {
            comments = MappingYAMLWriter.leadingComment(of: try InputFile.read(request.mapping, sizeLimit: request.limits.maxInputBytes).bytes)
        } catch {
            diagnostics.report(error.diagnostics)
            throw .badInput
        }
        // The file made once, as bytes: checked, then written.
        let bytes = MappingYAMLWriter.bytes(mapping, leadingComment: comments, order: order)
        // What is written must read back (a bug otherwise); every entry is read and checked,
        // none is kept.
        do throws(DiagnosticError) {
            _ = try MappingYAMLParser(nodeBudget: request.limits.maxYAMLNodes).parse(try InputFile.decode(bytes, path: request.mapping), keepingEntries: false)
        } catch {
            diagnostics.report(error.diagnostics)
            throw .internalError("the mapping made from the workbook does not read back (a bug: please report it with the workbook)")
        }
        let destination = request.out ?? request.mapping
        diagnostics.progress(ProgressStep("mapping", mapping.id, counts: [.init(mapping.entries.count, "entry"),
                                                                          .init(mapping.entries.reduce(0) { $0 + $1.links.count }, "link")]))
        _ = try write(bytes, as: MappingFileBytes.yaml, to: .file(destination), diagnostics: diagnostics)
        diagnostics.progress(ProgressStep("wrote", destination, counts: [.init(mapping.entries.count, "entry")]))
        return (destination, mapping)
    }

    /// The mapping the workbook makes and the order of its entries (`review import`). A function
    /// of its own so that the catalogs and the reader are released before the mapping is written
    /// and read back: the check parse of the 31 MB mapping at 100k took ≈ 150 MiB, which came
    /// on top of the workspace (BENCHMARKS "Review workbook memory"; it keeps no entries now,
    /// "Review import, second pass").
    static func readReviewWorkbook(_ request: ReviewImportRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> (Mapping, [String]) {
        let resolved = try resolvedMapping(request.mapping, catalogs: request.catalogs, limits: request.limits, diagnostics: diagnostics)
        returnFreedMemory()  // what the files were read with, freed in the reading threads' arenas
        var reader: ReviewTableReader
        let mapping: Mapping
        do throws(DiagnosticError) {
            // The rows stream from the sheet into the reader; a sheet that needs its whole table
            // (merged cells, rows out of order) is read again as a table.
            let workbook = try Workbook(path: request.workbook)
            let name = workbook.tableName(sheet: ReviewColumns.sheetName)
            var streamed = ReviewTableReader(file: name.file, sheet: name.sheet, resolved: resolved)
            if try workbook.forEachRow(sheet: ReviewColumns.sheetName, { streamed.take($0) }) {
                // Finished before it is copied: a copy made first shared the groups, so making
                // the entries copied every group's links (+80 MiB at 100k).
                mapping = streamed.finish()
                reader = streamed
            } else {
                reader = ReviewTableReader(file: name.file, sheet: name.sheet, resolved: resolved)
                mapping = reader.read(try workbook.table(sheet: ReviewColumns.sheetName).rows)
            }
        } catch {
            diagnostics.report(error.diagnostics)
            throw error.kind == .missingInput ? .missingInput : .badInput
        }
        diagnostics.progress(ProgressStep("read", request.workbook, counts: [.init(reader.rowCount, "row")]))
        if !reader.diagnostics.isEmpty {
            diagnostics.report(reader.diagnostics)
            if reader.diagnostics.contains(where: { $0.severity == .error }) { throw .badInput }
        }
        return (mapping, reader.order)
    }
}

/// Reads the レビュー sheet back into a mapping (docs/review.md, "Reading the workbook back"):
/// given the sheet's rows one at a time (`take`), as they stream out of the workbook, then
/// `finish`. Keeps what the mapping needs of each row, never the rows: at 100k the sheet as a
/// table was most of the import's peak (BENCHMARKS "Review workbook memory").
struct ReviewTableReader {
    typealias C = ReviewColumns.Column
    /// The file and sheet the rows come from (no rows: for cell positions).
    let table: Table
    let resolved: ResolvedMapping
    var diagnostics: [Diagnostic] = []
    /// The entries' items in the order they are written.
    var order: [String] = []
    /// Rows given so far, the heading row included.
    private(set) var rowCount = 0

    private let targets: [String: CatalogIndex]
    private var header: Table.Row?
    /// The headings are wrong (reported): the other rows are not read.
    private var stopped = false
    private var groups: [String: Group] = [:]
    private var itemOrder: [String] = []
    /// Per item, the first row naming it that came before its group was made (a row of an
    /// unknown 行の種類): where an item without its own row is reported.
    private var earlierRows: [String: (number: Int, written: String)] = [:]

    init(file: String, sheet: String, resolved: ResolvedMapping) {
        table = Table(file: file, sheet: sheet, rows: [])
        self.resolved = resolved
        targets = Dictionary(resolved.targets.map { ($0.catalog.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// One item's rows as read.
    struct Group {
        /// The item's own row (its number only).
        var itemRow: Table.Row?
        /// The first row naming the item, and the item as written there.
        var first: (number: Int, written: String)
        var status: ReviewStatus = .unconfirmed
        var proposal: String?
        var placement: ItemReference?
        var note: String?
        var links: [MappingLink] = []
        var rejected: [RejectedCandidate] = []
        var seen: [ItemReference: Int] = [:]
        /// A row of the item has a wrong cell (reported): no further check of the item.
        var broken = false
    }

    func cell(_ row: Table.Row, _ column: C) -> String {
        column.rawValue < row.cells.count ? Normalization.display(row.cells[column.rawValue]) : ""
    }

    /// `review.xlsx:レビュー!I12`, ordered by row then column when printed.
    func location(_ row: Table.Row, _ column: C) -> SourceLocation {
        var location = table.location(row: row, column: column.rawValue)
        location.line = row.number
        location.column = column.rawValue + 1
        return location
    }

    mutating func error(_ row: Table.Row, _ column: C, _ message: String) {
        diagnostics.append(.error(location(row, column), message))
    }

    /// `'一部' (did you mean 一部重複?)`: the nearest word, or one that starts with what was written.
    static func hint(_ written: String, _ words: [String]) -> String {
        let near = words.first { $0.hasPrefix(written) && !written.isEmpty } ?? Suggestion.nearest(to: written, in: words)
        return near.map { " (did you mean \($0)?)" } ?? ""
    }

    /// Reads a whole table (a sheet whose rows cannot stream).
    mutating func read(_ rows: [Table.Row]) -> Mapping {
        for row in rows { take(row) }
        return finish()
    }

    /// The next row of the sheet (in sheet order; the first is the headings).
    mutating func take(_ row: Table.Row) {
        rowCount += 1
        guard header != nil else {
            header = row
            for column in C.allCases where cell(row, column) != column.heading {
                error(row, column, "column heading '\(cell(row, column))' should be '\(column.heading)': the columns of the review sheet must stay as exported (add rows, not columns)")
            }
            if !diagnostics.isEmpty { stopped = true }
            return
        }
        guard !stopped else { return }
        let source = resolved.source
        if C.allCases.allSatisfy({ cell(row, $0).isEmpty }) { return }
        let kindText = cell(row, .kind)
        let targetText = cell(row, .target)
        let kind: ReviewRows.Kind
        if let known = ReviewRows.Kind(rawValue: kindText) {
            kind = known
        } else if kindText.isEmpty {
            kind = targetText.isEmpty ? .item : .link  // a row the reviewer added
        } else {
            error(row, .kind, "unknown row kind '\(kindText)'\(Self.hint(kindText, ReviewColumns.kindChoices)); expected 項目, 対応 or 候補")
            let key = Normalization.key(cell(row, .item))
            if groups[key] == nil && earlierRows[key] == nil { earlierRows[key] = (row.number, cell(row, .item)) }
            return
        }
        let written = cell(row, .item)
        let item = Normalization.key(written)
        guard !item.isEmpty else {
            error(row, .item, "the 項目ID is empty; every row names the industry item it belongs to")
            return
        }
        guard source.contains(item) else {
            let near = Suggestion.nearest(to: item, in: source.orderedIDs).map { " (did you mean \($0)?)" } ?? ""
            error(row, .item, "unknown item '\(written)' in catalog '\(source.catalog.id)'\(near)")
            return
        }
        if groups[item] == nil {
            groups[item] = Group(first: (row.number, written))
            itemOrder.append(item)
        }
        // A wrong cell is reported and the row is not used; the other cells are still read
        // (each wrong cell is an error of its own).
        var bad = false
        let statusText = cell(row, .status)
        var status: ReviewStatus?
        if !statusText.isEmpty {
            status = ReviewStatus.allCases.first { $0.word == statusText }
            if status == nil {
                error(row, .status, "unknown status '\(statusText)'\(Self.hint(statusText, ReviewColumns.statusChoices)); expected 未確認, 確認済 or 却下")
                bad = true
            }
        }
        if kind == .item {
            for column in [C.target, .relationship, .rationale, .strength, .reviewer, .date] where !cell(row, column).isEmpty {
                error(row, column, "\(column.heading) belongs on a 対応 or 候補 row, not on the item's own row (行の種類 項目)")
            }
            if groups[item]?.itemRow != nil {
                error(row, .kind, "item '\(written)' has a second 項目 row (the first is row \(groups[item]!.itemRow!.number)); keep one")
                return
            }
            if status == .rejected {
                error(row, .status, "an item's own row cannot be 却下: mark it 確認済 (reviewed; with no 対応 row it has no counterpart) or 未確認")
            }
            var group = groups[item]!
            group.itemRow = Table.Row(number: row.number, cells: [])
            group.status = status ?? .unconfirmed
            if bad { group.broken = true }
            let proposal = cell(row, .proposal)
            group.proposal = proposal.isEmpty ? nil : Normalization.block(row.cells[C.proposal.rawValue])
            let note = C.note.rawValue < row.cells.count ? Normalization.block(row.cells[C.note.rawValue]) : ""
            group.note = note.isEmpty ? nil : note
            let placement = cell(row, .placement)
            if !placement.isEmpty {
                if let reference = reference(placement, row, .placement, targets: targets) { group.placement = reference }
            }
            groups[item] = group
            return
        }
        for column in [C.proposal, .placement] where !cell(row, column).isEmpty {
            error(row, column, "\(column.heading) belongs on the item's own row (行の種類 項目), not on a \(kind.rawValue) row")
        }
        guard !targetText.isEmpty else {
            error(row, .target, "the 対象ID is empty; write the target item as 'catalog-id:item-id'")
            return
        }
        let target = reference(targetText, row, .target, targets: targets)
        if target == nil { bad = true }
        let relationshipText = cell(row, .relationship)
        var relationship: Relationship?
        if !relationshipText.isEmpty {
            relationship = ReviewColumns.parseRelationship(relationshipText)
            if relationship == nil {
                let words = Relationship.allCases.map(RelationshipWords.relationship)
                error(row, .relationship, "unknown relationship '\(relationshipText)'\(Self.hint(ReviewColumns.split(relationshipText).0, words)); "
                    + "choose one of the list: \(words.joined(separator: "、"))")
                bad = true
            }
        }
        let rationaleText = cell(row, .rationale)
        var rationale: Rationale?
        if !rationaleText.isEmpty {
            rationale = ReviewColumns.parseRationale(rationaleText)
            if rationale == nil {
                let words = Rationale.allCases.map(RelationshipWords.rationale)
                error(row, .rationale, "unknown rationale '\(rationaleText)'\(Self.hint(ReviewColumns.split(rationaleText).0, words)); choose 文言上, 意味上 or 機能上")
                bad = true
            }
        }
        let strengthText = cell(row, .strength)
        var strength: Int?
        if !strengthText.isEmpty {
            let key = Normalization.key(strengthText)
            if let value = Double(key), value == value.rounded(), (0...10).contains(value) {
                strength = Int(value)
            } else {
                error(row, .strength, "strength must be a whole number from 0 to 10, not '\(strengthText)'")
                bad = true
            }
        }
        let dateText = cell(row, .date)
        var date: String?
        if !dateText.isEmpty {
            date = Self.date(dateText)
            if date == nil {
                error(row, .date, "date must be a calendar date such as 2026-11-30 (or 2026/11/30), not '\(dateText)'")
                bad = true
            }
        }
        let reviewer = cell(row, .reviewer)
        let note = cell(row, .note)
        let decided = status ?? .unconfirmed
        // An existing link, or a candidate the reviewer confirmed or gave a relationship.
        let isLink = decided != .rejected && (kind == .link || decided == .confirmed || relationship != nil)
        if isLink, relationship == nil, ReviewColumns.parseRelationship(relationshipText) == nil, relationshipText.isEmpty {
            error(row, .relationship, "the row is \(decided == .confirmed ? "確認済" : "an existing 対応") but has no 関係; choose one from the list (or mark the row 却下)")
            bad = true
        }
        // The group is changed in place (`groups[item]!…`): a copy taken out and stored back
        // copied its links and its `seen` on every row.
        guard let target else {
            groups[item]!.broken = true
            return
        }
        if let first = groups[item]!.seen[target] {
            error(row, .target, "item '\(written)' has '\(targetText)' twice (also row \(first)); keep one row per target")
            return
        }
        if bad {
            groups[item]!.seen[target] = row.number
            groups[item]!.broken = true
            return
        }
        if decided == .rejected {
            groups[item]!.seen[target] = row.number
            groups[item]!.rejected.append(RejectedCandidate(target: target, reviewer: reviewer.isEmpty ? nil : reviewer, date: date,
                                                            note: note.isEmpty ? nil : note))
        } else if isLink, let relationship {
            if target.item == nil && relationship != .noRelationship {
                error(row, .target, "'\(targetText)' names a whole catalog; that is only allowed with 対応なし")
                return  // (the row is not recorded in `seen`)
            }
            groups[item]!.seen[target] = row.number
            groups[item]!.links.append(MappingLink(target: target, relationship: relationship, rationale: rationale, strength: strength,
                                                   note: note.isEmpty ? nil : note, review: decided, reviewer: reviewer.isEmpty ? nil : reviewer, date: date))
        } else {
            groups[item]!.seen[target] = row.number
        }
    }

    /// The mapping from every row given; the diagnostics say what was wrong.
    mutating func finish() -> Mapping {
        var mapping = resolved.mapping
        guard header != nil else {
            diagnostics.append(.error(SourceLocation(file: table.file, sheet: ReviewColumns.sheetName, cell: "A1"), "the sheet is empty; export the workbook again"))
            return mapping
        }
        if stopped { return mapping }
        // Existing links need their row: deleting a row is not a decision.
        for entry in mapping.entries {
            guard let group = groups[entry.item], let itemRow = group.itemRow, !group.broken else { continue }
            for link in entry.links where group.seen[link.target] == nil {
                error(itemRow, .item, "the 対応 '\(link.target)' of item '\(entry.writtenItem ?? entry.item)' has no row in the sheet; "
                    + "to remove it set its 状態 to 却下 rather than deleting the row")
            }
        }
        for item in itemOrder where groups[item]?.itemRow == nil && groups[item]?.broken == false {
            guard let group = groups[item] else { continue }
            let first = earlierRows[item] ?? group.first
            error(Table.Row(number: first.number, cells: []), .item, "item '\(first.written)' has rows but no 項目 row of its own; put the item's row back (行の種類 項目)")
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return mapping }
        // Moved out: each item's group is freed as its entry is made (at 100k the groups and
        // the entries side by side were the top of the import's first half).
        var groups: [String: Group] = [:]
        swap(&groups, &self.groups)
        return build(mapping: &mapping, groups: &groups, itemOrder: itemOrder)
    }

    /// The mapping with every item of the sheet as decided there; items not in the sheet keep
    /// their entries. Takes each group out of `groups` as its entry is made.
    mutating func build(mapping: inout Mapping, groups: inout [String: Group], itemOrder: [String]) -> Mapping {
        // Indices, not copies of the entries (two dictionaries of 85k entries at 100k).
        let oldEntryIndex = Dictionary(mapping.entries.indices.map { (mapping.entries[$0].item, $0) }, uniquingKeysWith: { first, _ in first })
        let oldTodoIndex = Dictionary(mapping.unreviewed.indices.map { (mapping.unreviewed[$0].item, $0) }, uniquingKeysWith: { first, _ in first })
        let oldEntries = mapping.entries, oldUnreviewed = mapping.unreviewed
        func oldEntry(_ item: String) -> MappingEntry? { oldEntryIndex[item].map { oldEntries[$0] } }
        func oldTodo(_ item: String) -> MappingEntry? { oldTodoIndex[item].map { oldUnreviewed[$0] } }
        var entries: [MappingEntry] = []
        var todo: [MappingEntry] = []
        // The file's order first; a new entry goes before the first one that follows it in the catalog.
        let old = MappingYAMLWriter.ordered(mapping, order: nil).map(\.0.item)
        var kept = Set<String>()
        for item in old where groups[item] == nil {
            if let entry = oldEntry(item) { entries.append(entry) } else if let entry = oldTodo(item) { todo.append(entry) }
            kept.insert(item)
        }
        for item in itemOrder {
            guard var group = groups.removeValue(forKey: item) else { continue }
            let previous = oldEntry(item) ?? oldTodo(item)
            // Links keep how the file wrote their reference (changed in place: the group's array
            // is the only reference to it).
            let written = Dictionary((previous?.links ?? []).map { ($0.target, $0.target.writtenItem) }, uniquingKeysWith: { first, _ in first })
            var links: [MappingLink] = []
            swap(&links, &group.links)
            for k in links.indices { links[k].target.writtenItem = written[links[k].target] ?? nil }
            var entry = MappingEntry(item: item, writtenItem: previous?.writtenItem ?? item, links: links, proposal: group.proposal,
                                     placement: group.placement, note: group.note, rejected: group.rejected)
            entry.location = previous?.location
            if group.status == .confirmed || !links.isEmpty {
                entries.append(entry)
            } else {
                if let row = group.itemRow {
                    if group.proposal != nil { error(row, .proposal, "反映案 is for a reviewed item: mark the item 確認済 (or leave the cell empty)") }
                    if group.placement != nil { error(row, .placement, "配置先 is for a reviewed item: mark the item 確認済 (or leave the cell empty)") }
                }
                if oldTodoIndex[item] != nil || !group.rejected.isEmpty || group.note != nil { todo.append(entry) }
            }
        }
        let position = Dictionary(resolved.source.orderedIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        // A set of what is written (a scan of the entries per old item was quadratic: 100k items
        // took 25 s, BENCHMARKS "Importers and exporters").
        let written = Set(entries.map(\.item)).union(todo.map(\.item))
        var order = old.filter { kept.contains($0) || written.contains($0) }
        let present = Set(order)
        let added = (entries.map(\.item) + todo.map(\.item)).filter { !present.contains($0) }.sorted { (position[$0] ?? 0) < (position[$1] ?? 0) }
        if !added.isEmpty {
            // Each new item before the first item that follows it in the catalog: one merge of
            // the two orders (both ascending where the file follows the catalog), not an insert
            // per item.
            var merged: [String] = []
            merged.reserveCapacity(order.count + added.count)
            var next = 0
            for item in order {
                while next < added.count, (position[item] ?? 0) > (position[added[next]] ?? 0) {
                    merged.append(added[next])
                    next += 1
                }
                merged.append(item)
            }
            merged += added[next...]
            order = merged
        }
        self.order = order
        mapping.entries = entries
        mapping.unreviewed = todo
        return mapping
    }

    /// A `catalog:item` cell naming an item of one of the mapping's targets.
    mutating func reference(_ text: String, _ row: Table.Row, _ column: C, targets: [String: CatalogIndex]) -> ItemReference? {
        guard let reference = ItemReference(parsing: text) else {
            error(row, column, "'\(text)' is not 'catalog-id:item-id'")
            return nil
        }
        guard let index = targets[reference.catalog] else {
            let near = Suggestion.nearest(to: reference.catalog, in: Array(targets.keys)).map { " (did you mean \($0)?)" } ?? ""
            error(row, column, "'\(text)' names catalog '\(reference.catalog)', which is not a target of this mapping\(near)")
            return nil
        }
        if let item = reference.item, !index.contains(item) {
            let near = (index.orderedIDs.first { $0.hasSuffix("/" + item) } ?? Suggestion.nearest(to: item, in: index.orderedIDs)).map { " (did you mean \(index.catalog.id):\($0)?)" } ?? ""
            error(row, column, "unknown item '\(reference.item!)' in catalog '\(index.catalog.id)'\(near)")
            return nil
        }
        var plain = reference
        plain.writtenItem = nil
        return plain
    }

    /// `2026-11-30`, `2026/11/30`, `2026/1/5`, `2026年1月5日`, or an Excel date serial number.
    static func date(_ text: String) -> String? {
        let key = Normalization.key(text)
        if ReviewDate.isValid(key) { return key }
        if let serial = Int(key), (20000...80000).contains(serial) {
            // Excel's day 0 is 1899-12-30 (counting its 1900 leap-year error).
            let seconds = TimeInterval(serial - 25569) * 86400
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: seconds))
            return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        }
        let pieces = key.split(whereSeparator: { "/.年月日".contains($0) }).map(String.init)
        guard pieces.count == 3, let y = Int(pieces[0]), let m = Int(pieces[1]), let d = Int(pieces[2]), pieces[0].count == 4 else { return nil }
        let made = String(format: "%04d-%02d-%02d", y, m, d)
        return ReviewDate.isValid(made) ? made : nil
    }
}

extension Pipeline {
    /// `review measure`: precision@1 and recall@5 of the suggestions on held-out links of a
    /// mapping (docs/review.md).
    public static func measureSuggestions(mapping: String, catalogs: String, holdout: Double, seed: UInt64, limits: InputLimits = .default,
                                          diagnostics: any DiagnosticSink) throws(CommandFailure) -> SuggestionMeasurement {
        let resolved = try resolvedMapping(mapping, catalogs: catalogs, limits: limits, diagnostics: diagnostics)
        return SuggestionMeasurement(resolved, holdout: holdout, seed: seed)
    }
}
