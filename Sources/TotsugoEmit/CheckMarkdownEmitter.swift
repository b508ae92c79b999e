import TotsugoCore
import TotsugoMatch

/// `totsugo check --format md`: the coverage report as a Japanese document (`make` writes it to
/// Output/coverage.md). The thresholds, then per mapping its カバレッジ table (the one in the
/// 突合表's Markdown), each threshold's result and the unreviewed items.
public struct CheckMarkdownEmitter {
    public init() {}

    public func render(_ report: CheckReport) -> [UInt8] {
        let markdown = MarkdownEmitter()
        var out = "# カバレッジ報告\n\n"
        // min-confirmed (review over links) is named only when it is set.
        let named = CheckMetric.allCases.filter { metric in metric != .confirmed || report.thresholds.rules.contains { $0.metric == metric } }
        out += "基準: " + named.map { metric in
            let rules = report.thresholds.rules.filter { $0.metric == metric }
            guard !rules.isEmpty else { return "\(Self.metricName(metric)): 基準なし" }
            return rules.map { "\(Self.metricName(metric))\(Self.ruleScope($0.scope)) ≥ \(TextColumns.percent($0.value))" }.joined(separator: "、")
        }.joined(separator: "、") + "。"
        if report.thresholds.rules.contains(where: { $0.scope.target == .every }) {
            out += "範囲の指定がない基準は「いずれか」と各対象の両方に適用する。"
        }
        out += "対象: \(Self.scope(report.thresholds))。\(CoverageLabels.legend)。\n"
        for mapping in report.mappings {
            let info = mapping.resolved.mapping
            out += "\n## \(markdown.escape(info.title ?? info.id))\n\n"
            out += "マッピング `\(info.id)` — 状態: \(RelationshipWords.status(info.status))"
            if let file = info.location?.file { out += "、ファイル: \(markdown.escape(file))" }
            out += "。\n\n" + markdown.coverageTable(mapping.coverage) + "\n"
            if mapping.coverage.sourceExtent.isPartial {
                out += "基準の判定は収録した項目に対する割合（\(CoverageLabels.heldShare)）で行う。\n\n"
            }
            if report.thresholds.level != nil {
                out += "対象範囲（\(Self.scope(mapping))）: \(mapping.scope.items) 項目、突合済み \(mapping.scope.reviewed)、対応あり \(mapping.scope.mapped)。\n\n"
            }
            for result in mapping.results {
                var where_ = result.target == nil ? "いずれか" : "\(markdown.escape(result.targetTitle))（`\(result.target!)`）"
                if let level = result.level { where_ += "・\(level)" }
                let actual = result.actual.map { TextColumns.percent($0) } ?? "対象の項目なし（空の範囲は不合格）"
                let comparison = result.actual == nil ? "" : (result.passed ? " ≥ " : " < ") + TextColumns.percent(result.required)
                out += "- \(result.passed ? "合格" : "**不合格**") \(Self.metricName(result.metric)) — \(where_): \(actual)\(comparison)\n"
            }
            if mapping.results.isEmpty { out += "- 基準なし（判定しない）\n" }
            if !mapping.unreviewed.isEmpty {
                out += "\n未突合の項目（\(mapping.unreviewed.count)）: " + mapping.unreviewed.map { "`\($0)`" }.joined(separator: "、") + "\n"
            }
        }
        for rule in report.unusedRules {
            out += "\n- **不合格** `\(rule.name)`: この対象カタログを持つマッピングがない（何も判定しない）。\n"
        }
        if report.mappings.isEmpty { out += report.nothingChecked ? "\nマッピングがない（基準を判定できないため不合格）。\n" : "\nマッピングがない。\n" }
        out += report.passed
            ? "\n結果: 合格（\(report.mappings.count) マッピング）。\n"
            : "\n結果: **不合格** — \(report.mappings.count) マッピングのうち \(report.failedMappingCount) で \(report.failedCount) 件の基準を満たさない。\n"
        return Array(out.utf8)
    }

    static func metricName(_ metric: CheckMetric) -> String {
        switch metric {
        case .reviewed: "突合済みの割合（min-reviewed）"
        case .mapped: "対応ありの割合（min-mapped）"
        case .confirmed: "確認済の対応の割合（min-confirmed）"
        }
    }

    /// `` for a plain rule, else `[any]`-style scope in Japanese: `［いずれか・LV1］`.
    static func ruleScope(_ scope: ThresholdScope) -> String {
        var parts: [String] = []
        switch scope.target {
        case .every: break
        case .any: parts.append("いずれか")
        case .catalog(let id): parts.append("`\(id)`")
        }
        if let level = scope.level { parts.append(level.description) }
        return parts.isEmpty ? "" : "［" + parts.joined(separator: "・") + "］"
    }

    static func scope(_ thresholds: CheckThresholds) -> String {
        guard let level = thresholds.level else { return "全項目" }
        guard let standard = level.standard else { return "\(level.written) までの項目" }
        return standard == .lv1 ? "LV1 の項目" : "LV1–\(standard) の項目"
    }

    static func scope(_ mapping: CheckReport.MappingReport) -> String {
        guard let limit = mapping.limit else { return "全項目" }
        return "\(mapping.vocabulary.upTo(limit)) の項目"
    }
}

extension CheckMarkdownEmitter: RenderedFormat {
    public typealias Artifact = CheckReport
    public var name: String { "md" }
    public var aliases: [String] { ["markdown"] }
}
