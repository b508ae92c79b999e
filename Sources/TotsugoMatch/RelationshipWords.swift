import TotsugoCore

/// How the outputs name a link's relationship and rationale for association staff and
/// companies (the mapping files keep the standard's English values, NIST IR 8477 / OSCAL).
/// Read as 「業界の項目は、対象の項目と …」.
public enum RelationshipWords {
    public static func relationship(_ relationship: Relationship) -> String {
        switch relationship {
        case .equal: "同等"
        case .equivalentTo: "同趣旨"
        case .subsetOf: "一部に相当"
        case .supersetOf: "包含"
        case .intersectsWith: "一部重複"
        case .noRelationship: "対応なし"
        }
    }

    public static func rationale(_ rationale: Rationale) -> String {
        switch rationale {
        case .syntactic: "文言上"
        case .semantic: "意味上"
        case .functional: "機能上"
        }
    }

    /// One line per relationship, for the legends of the table.
    public static let legend: [(word: String, meaning: String)] = [
        ("同等", "同じことを求めている"),
        ("同趣旨", "同じ趣旨を別の言葉で求めている"),
        ("一部に相当", "業界の項目は、対象の項目が求めることの一部を求めている（対象の方が広い）"),
        ("包含", "業界の項目は、対象の項目が求めることを含み、さらに多くを求めている（業界の方が広い）"),
        ("一部重複", "共通する内容があり、それぞれに相手にない内容もある"),
        ("対応なし", "突合した結果、対象に相当する記載がない"),
        ("文言上・意味上・機能上", "関係の根拠: 同じ文言／同じ意味（言葉は異なる）／同じ効果（手段は異なる）"),
        ("強度 n/10", "関係の強さ（10 = 同等、0 = 対応なし）"),
    ]
}

extension RelationshipWords {
    /// A mapping's review status in the members' words (the file keeps OSCAL's values:
    /// draft, complete, not-complete, deprecated, superseded); an unknown value as written.
    public static func status(_ status: String) -> String {
        switch status.lowercased() {
        case "draft": "草案"
        case "complete": "確定"
        case "not-complete": "作業中"
        case "deprecated": "廃止"
        case "superseded": "改訂版あり"
        case "derived": "派生（未レビュー）"
        default: status
        }
    }
}
