import TotsugoCore
import TotsugoMatch

/// The wording of the diff reports read as documents (Markdown, HTML), in Japanese like the
/// catalogs they compare; the text and JSON reports keep the English of the terminal and of
/// machine readers (`DiffSummary`, `StaleEntry.detail`).
enum DiffJapanese {
    /// `件数: 追加 2、削除 2、…、要再確認のマッピング参照 1。類似度のしきい値 0.65。`
    static func summary(_ diff: CatalogDiff, stale: [StaleEntry]?) -> String {
        var parts = ["追加 \(diff.added.count)", "削除 \(diff.removed.count)", "番号変更 \(diff.renumbered.count)",
                     "移動 \(diff.moved.count)", "変更 \(diff.changed.count)", "変更なし \(diff.unchangedCount)"]
        if let stale { parts.append("要再確認のマッピング参照 \(stale.count)") }
        return "件数: " + parts.joined(separator: "、") + "。類似度のしきい値 \(DiffSummary.score(diff.threshold))。"
    }

    static let pairing = "項目の対応づけ: まず id、次に正規化した見出しと本文の類似度（文字バイグラムの Dice 係数）、"
        + "次に番号が変わった親の下での番号。"

    static let noStale = "削除・番号変更・移動・変更された項目を参照しているマッピング項目はない。"
    static let reviewStale = "次のマッピング項目を再確認すること: 突合元または突合先の項目が変わっている。"
    static let none = "（なし）"
    static let topLevel = "（最上位）"

    static func field(_ field: CatalogDiff.Field) -> String {
        switch field {
        case .heading: "見出し"
        case .text: "本文"
        case .levels: "レベル"
        case .tags: "タグ"
        }
    }

    static func match(_ match: CatalogDiff.Match) -> String {
        switch match {
        case .id: "id"
        case .similarity: "類似度"
        case .position: "番号の位置"
        }
    }

    static func role(_ role: StaleEntry.Role) -> String {
        switch role {
        case .source: "突合元"
        case .target: "突合先"
        }
    }

    static func parent(_ item: CatalogItem?) -> String {
        item.map(\.label) ?? topLevel
    }

    /// `番号変更 3/3.2 → 3/3.3、本文を変更`, `削除`.
    static func impact(_ impact: StaleEntry.Impact) -> String {
        if impact.removed { return "削除" }
        var parts: [String] = []
        if let from = impact.renumberedFrom, let to = impact.renumberedTo { parts.append("番号変更 \(from) → \(to)") }
        if impact.moved { parts.append("\(impact.newParent ?? topLevel) の下へ移動") }
        if !impact.changedFields.isEmpty { parts.append(impact.changedFields.map(field).joined(separator: "・") + "を変更") }
        return parts.joined(separator: "、")
    }
}
