import Foundation
import TotsugoCore

/// The rows of the review workbook (docs/review.md): per source item of the 突合表, in catalog
/// order, one item row (the item's own state, 反映案, 配置先, 備考), then one row per link, per
/// remembered rejected candidate and per suggested candidate.
public struct ReviewRows: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case item = "項目"
        case link = "対応"
        case candidate = "候補"
    }

    public struct Row: Equatable, Sendable {
        public var kind: Kind
        public var item: String
        public var target: ItemReference?
        public var relationship: Relationship?
        public var rationale: Rationale?
        public var strength: Int?
        /// Item rows: confirmed (reviewed entry) or unconfirmed; link rows: the link's review;
        /// candidate rows: rejected (remembered) or nil (a new suggestion, not decided).
        public var status: ReviewStatus?
        public var reviewer: String?
        public var date: String?
        public var note: String?
        public var proposal: String?
        public var placement: ItemReference?
        /// Candidate rows: the score and the n-grams that matched.
        public var suggestion: CandidateRanker.Candidate?
    }

    /// The rows, each made when read from what the rows are built on (`slots`): a row held
    /// as a `Row` (≈ 300 bytes, most of them optionals left nil) was a third of the 100k
    /// export's peak.
    public var rows: Rows { Rows(base: self) }
    public var suggested: Int { suggestions.count }

    /// A row as stored: its kind, its item (`groups`), which link, rejected candidate or
    /// suggestion it is (`index`), and where its target is (`catalog` in the mapping's
    /// targets, `target` in that catalog; -1 when none or not held).
    package struct Slot: Sendable {
        package enum Kind: UInt8, Sendable { case item, link, rejected, suggestion }
        package var kind: Kind
        package var catalog: Int16 = -1
        package var group: Int32
        package var index: Int32 = 0
        package var target: Int32 = -1
    }

    /// A source item of the review: its id, its position in the source catalog, and its
    /// entry's position in `mapping.entries` or its todo entry's in `mapping.unreviewed`.
    package struct Group: Sendable {
        package var item: String
        package var position: Int32
        package var entry: Int32
        package var pending: Int32
    }

    let mapping: Mapping
    package let slots: [Slot]
    package let groups: [Group]
    let suggestions: [CandidateRanker.Candidate]

    /// `suggestions`: how many candidates per item (0: none).
    public init(_ resolved: ResolvedMapping, suggestions: Int = 5) {
        let ranker = suggestions > 0 ? CandidateRanker(resolved) : nil
        let mapping = resolved.mapping
        var todo: [String: Int] = [:]
        for (index, entry) in mapping.unreviewed.enumerated() { todo[entry.item] = index }
        var catalogs: [String: Int] = [:]
        for (index, target) in resolved.targets.enumerated() where catalogs[target.catalog.id] == nil { catalogs[target.catalog.id] = index }
        var slots: [Slot] = [], groups: [Group] = [], found: [CandidateRanker.Candidate] = []
        func slot(_ kind: Slot.Kind, _ group: Int, _ index: Int, _ target: ItemReference?) -> Slot {
            var slot = Slot(kind: kind, group: Int32(group), index: Int32(index))
            if let target, let catalog = catalogs[target.catalog] {
                slot.catalog = Int16(catalog)
                if let item = target.item, let position = resolved.targets[catalog].position(of: item) { slot.target = Int32(position) }
            }
            return slot
        }
        let rowItems = Set(resolved.rowItemIDs)
        // Every row of the 突合表, and the items above them that have a todo entry.
        for id in resolved.source.orderedIDs where rowItems.contains(id) || todo[id] != nil {
            let entryPosition = resolved.entryPosition(id)
            let entry = entryPosition.map { mapping.entries[$0] }
            let pendingPosition = todo[id]
            let group = groups.count
            groups.append(Group(item: id, position: Int32(resolved.source.position(of: id) ?? -1), entry: Int32(entryPosition ?? -1),
                                pending: Int32(pendingPosition ?? -1)))
            slots.append(Slot(kind: .item, group: Int32(group)))
            for (index, link) in (entry?.links ?? []).enumerated() { slots.append(slot(.link, group, index, link.target)) }
            let rejected = (entry ?? pendingPosition.map { mapping.unreviewed[$0] })?.rejected ?? []
            for (index, candidate) in rejected.enumerated() { slots.append(slot(.rejected, group, index, candidate.target)) }
            if let ranker {
                var excluded = Set(rejected.map(\.target))
                for link in entry?.links ?? [] { excluded.insert(link.target) }
                for candidate in ranker.rank(CandidateRanker.query(resolved, item: id), item: id, limit: suggestions, excluding: excluded) {
                    slots.append(slot(.suggestion, group, found.count, candidate.target))
                    found.append(candidate)
                }
            }
        }
        self.mapping = mapping
        self.slots = slots
        self.groups = groups
        self.suggestions = found
    }

    /// The entry of the group's item, when reviewed.
    package func entry(_ group: Group) -> MappingEntry? { group.entry >= 0 ? mapping.entries[Int(group.entry)] : nil }

    /// The row at `index` of `rows`.
    package func row(_ index: Int) -> Row {
        let slot = slots[index]
        let group = groups[Int(slot.group)]
        let entry = entry(group)
        let own = entry ?? (group.pending >= 0 ? mapping.unreviewed[Int(group.pending)] : nil)
        let at = Int(slot.index)
        switch slot.kind {
        case .item:
            return Row(kind: .item, item: group.item, status: entry == nil ? .unconfirmed : .confirmed,
                       note: own?.note, proposal: entry?.proposal, placement: entry?.placement)
        case .link:
            let link = entry!.links[at]
            return Row(kind: .link, item: group.item, target: link.target, relationship: link.relationship, rationale: link.rationale,
                       strength: link.strength, status: link.review, reviewer: link.reviewer, date: link.date, note: link.note)
        case .rejected:
            let candidate = own!.rejected[at]
            return Row(kind: .candidate, item: group.item, target: candidate.target, status: .rejected, reviewer: candidate.reviewer,
                       date: candidate.date, note: candidate.note)
        case .suggestion:
            let candidate = suggestions[at]
            return Row(kind: .candidate, item: group.item, target: candidate.target, suggestion: candidate)
        }
    }

    /// The rows in order, each made when read.
    public struct Rows: RandomAccessCollection, Sendable {
        let base: ReviewRows
        public var startIndex: Int { 0 }
        public var endIndex: Int { base.slots.count }
        public subscript(index: Int) -> Row { base.row(index) }
    }
}

/// The columns of the review sheet and the words of its drop-down lists, shared by the
/// workbook writer and `review import`.
public enum ReviewColumns {
    public static let sheetName = "レビュー"
    public static let guideSheetName = "説明"

    public enum Column: Int, CaseIterable, Sendable {
        case item = 0, itemLabel, itemText, level, kind, target, targetLabel, targetText
        case relationship, rationale, strength, status, reviewer, date, note, proposal, placement, evidence

        public var heading: String {
            switch self {
            case .item: "項目ID"
            case .itemLabel: "項目（番号・見出し）"
            case .itemText: "項目の内容"
            case .level: "レベル"
            case .kind: "行の種類"
            case .target: "対象ID"
            case .targetLabel: "対象（番号・見出し）"
            case .targetText: "対象の内容"
            case .relationship: "関係"
            case .rationale: "関係の根拠"
            case .strength: "強度"
            case .status: "状態"
            case .reviewer: "確認者"
            case .date: "確認日"
            case .note: "備考"
            case .proposal: "反映案"
            case .placement: "配置先"
            case .evidence: "候補の理由（類似度・一致した語）"
            }
        }

        /// Filled in by the reviewer (pale yellow); the others are read-only context.
        public var editable: Bool {
            switch self {
            case .relationship, .rationale, .strength, .status, .reviewer, .date, .note, .proposal, .placement: true
            case .kind, .item, .target: true  // for rows the reviewer adds
            default: false
            }
        }
    }

    /// `一部重複（intersects-with）`: the members' word with the standard's term.
    public static func relationship(_ relationship: Relationship) -> String {
        "\(RelationshipWords.relationship(relationship))（\(relationship.rawValue)）"
    }

    public static func rationale(_ rationale: Rationale) -> String {
        "\(RelationshipWords.rationale(rationale))（\(rationale.rawValue)）"
    }

    public static let relationshipChoices = Relationship.allCases.map(relationship)
    public static let rationaleChoices = Rationale.allCases.map(rationale)
    public static let statusChoices = ReviewStatus.allCases.map(\.word)
    public static let kindChoices = ReviewRows.Kind.allCases.map(\.rawValue)

    /// A relationship as written in a cell: the drop-down value, the word alone, or the term.
    public static func parseRelationship(_ text: String) -> Relationship? {
        let (word, term) = split(text)
        if let term, let relationship = Relationship(parsing: term),
           RelationshipWords.relationship(relationship) == word || word.isEmpty { return relationship }
        if term == nil {
            if let relationship = Relationship.allCases.first(where: { RelationshipWords.relationship($0) == word }) { return relationship }
            return Relationship(parsing: word)
        }
        return nil
    }

    public static func parseRationale(_ text: String) -> Rationale? {
        let (word, term) = split(text)
        if let term, let rationale = Rationale(rawValue: Normalization.key(term)),
           RelationshipWords.rationale(rationale) == word || word.isEmpty { return rationale }
        if term == nil {
            if let rationale = Rationale.allCases.first(where: { RelationshipWords.rationale($0) == word }) { return rationale }
            return Rationale(rawValue: Normalization.key(word))
        }
        return nil
    }

    /// `語（term）` → (語, term); also with ASCII parentheses.
    public static func split(_ text: String) -> (String, String?) {
        let trimmed = Normalization.display(text)
        for (open, close) in [("（", "）"), ("(", ")")] where trimmed.hasSuffix(close) {
            if let start = trimmed.range(of: open, options: .backwards) {
                let word = String(trimmed[..<start.lowerBound]).trimmingCharacters(in: .whitespaces)
                let term = String(trimmed[start.upperBound..<trimmed.index(before: trimmed.endIndex)]).trimmingCharacters(in: .whitespaces)
                return (word, term)
            }
        }
        return (trimmed, nil)
    }
}
