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

    public var rows: [Row]
    public var suggested: Int { rows.filter { $0.suggestion != nil }.count }

    /// `suggestions`: how many candidates per item (0: none).
    public init(_ resolved: ResolvedMapping, suggestions: Int = 5) {
        let ranker = suggestions > 0 ? CandidateRanker(resolved) : nil
        var todo: [String: MappingEntry] = [:]
        for entry in resolved.mapping.unreviewed { todo[entry.item] = entry }
        var rows: [Row] = []
        let rowItems = Set(resolved.rowItemIDs)
        // Every row of the 突合表, and the items above them that have a todo entry.
        for id in resolved.source.orderedIDs where rowItems.contains(id) || todo[id] != nil {
            let entry = resolved.entries[id]
            let pending = todo[id]
            rows.append(Row(kind: .item, item: id, status: entry == nil ? .unconfirmed : .confirmed,
                            note: (entry ?? pending)?.note, proposal: entry?.proposal, placement: entry?.placement))
            for link in entry?.links ?? [] {
                rows.append(Row(kind: .link, item: id, target: link.target, relationship: link.relationship, rationale: link.rationale,
                                strength: link.strength, status: link.review, reviewer: link.reviewer, date: link.date, note: link.note))
            }
            let rejected = (entry ?? pending)?.rejected ?? []
            for candidate in rejected {
                rows.append(Row(kind: .candidate, item: id, target: candidate.target, status: .rejected, reviewer: candidate.reviewer,
                                date: candidate.date, note: candidate.note))
            }
            if let ranker {
                var excluded = Set(rejected.map(\.target))
                for link in entry?.links ?? [] { excluded.insert(link.target) }
                for candidate in ranker.rank(CandidateRanker.query(resolved, item: id), item: id, limit: suggestions, excluding: excluded) {
                    rows.append(Row(kind: .candidate, item: id, target: candidate.target, suggestion: candidate))
                }
            }
        }
        self.rows = rows
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
