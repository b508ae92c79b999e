import TotsugoMatch

/// The words every output uses for coverage, so the Markdown, HTML and Excel reports say the
/// same thing in the same Japanese.
public enum CoverageLabels {
    public static let headings = ["対象", "レベル", "項目数", "対応あり", "うち完全に対応", "対応なし（#N/A）", "未突合", "対応率"]
    public static let allLevels = "全レベル"
    public static let legend = "#N/A = 突合済みで対応する記載なし、（未突合） = まだ突合していない"

    /// Level cell: `LV1`, or 全レベル for the all-levels line.
    public static func level(_ line: Coverage.Line) -> String {
        line.level?.description ?? allLevels
    }
}
