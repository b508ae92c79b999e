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
        out += "基準: 突合済みの割合（min-reviewed）\(Self.threshold(report.thresholds.minReviewed))、"
        out += "対応ありの割合（min-mapped）\(Self.threshold(report.thresholds.minMapped))。"
        out += "対象: \(Self.scope(report.thresholds))。\(CoverageLabels.legend)。\n"
        for mapping in report.mappings {
            let info = mapping.resolved.mapping
            out += "\n## \(markdown.escape(info.title ?? info.id))\n\n"
            out += "マッピング `\(info.id)` — 状態: \(info.status)"
            if let file = info.location?.file { out += "、ファイル: \(markdown.escape(file))" }
            out += "。\n\n" + markdown.coverageTable(mapping.coverage) + "\n"
            if report.thresholds.level != nil {
                out += "対象範囲（\(Self.scope(report.thresholds))）: \(mapping.scope.items) 項目、突合済み \(mapping.scope.reviewed)、対応あり \(mapping.scope.mapped)。\n\n"
            }
            for result in mapping.results {
                let name = result.name == "min-reviewed" ? "突合済みの割合（min-reviewed）" : "対応ありの割合（min-mapped）"
                let actual = result.actual.map { TextColumns.percent($0) } ?? "対象の項目なし"
                let comparison = result.actual == nil ? "" : (result.passed ? " ≥ " : " < ") + TextColumns.percent(result.required)
                out += "- \(result.passed ? "合格" : "**不合格**") \(name): \(actual)\(comparison)\n"
            }
            if mapping.results.isEmpty { out += "- 基準なし（判定しない）\n" }
            if !mapping.unreviewed.isEmpty {
                out += "\n未突合の項目（\(mapping.unreviewed.count)）: " + mapping.unreviewed.map { "`\($0)`" }.joined(separator: "、") + "\n"
            }
        }
        if report.mappings.isEmpty { out += "\nマッピングがない。\n" }
        out += report.passed
            ? "\n結果: 合格（\(report.mappings.count) マッピング）。\n"
            : "\n結果: **不合格** — \(report.mappings.count) マッピングのうち \(report.failedMappingCount) で \(report.failedCount) 件の基準を満たさない。\n"
        return Array(out.utf8)
    }

    static func threshold(_ value: Double?) -> String {
        value.map { " ≥ " + TextColumns.percent($0) } ?? ": 基準なし"
    }

    static func scope(_ thresholds: CheckThresholds) -> String {
        guard let level = thresholds.level else { return "全項目" }
        return level == .lv1 ? "LV1 の項目" : "LV1–\(level) の項目"
    }
}

extension CheckMarkdownEmitter: OutputFormat {
    public var name: String { "md" }
    public var aliases: [String] { ["markdown"] }
    public func write(_ report: CheckReport, to file: inout OutputFile) throws -> [Diagnostic] {
        try file.write(render(report))
        return []
    }
}
