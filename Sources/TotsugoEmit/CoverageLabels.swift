import TotsugoMatch

/// The words every output uses for coverage, so the Markdown, HTML and Excel reports say the
/// same thing in the same Japanese.
public enum CoverageLabels {
    public static let headings = ["対象", "レベル", "項目数", "対応あり", "うち完全に対応", "対応なし（#N/A）", "未突合", "対応率"]
    public static let allLevels = "全レベル"
    public static let legend = "#N/A = 突合済みで対応する記載なし、（未突合） = まだ突合していない"

    /// What `#N/A` means in the 突合表 of `resolved`: a reviewed absence, or, in a table derived
    /// through a pivot catalog (a chain), only that no path reaches the item (nobody compared
    /// the two directly).
    public static func gapMeaning(_ resolved: ResolvedMapping) -> String {
        guard !resolved.pivots.isEmpty else { return "突合済みで対応する記載なし" }
        let through = resolved.pivots.map(\.catalog.shortTitle).joined(separator: "・")
        return "\(through) を経由して届く業界の項目がない（直接突合した結果ではない）"
    }

    /// The legend line of a 突合表 (`legend`, with `gapMeaning`).
    public static func legend(_ resolved: ResolvedMapping) -> String {
        "#N/A = \(gapMeaning(resolved))、（未突合） = まだ突合していない"
    }
    /// The share column when the source catalog is partial: of the items held.
    public static let heldShare = "対応率（収録分）"
    /// A per-level line's share of the declared total: not known (no per-level totals).
    public static let noShare = "―"

    /// Level cell: `LV1`, or 全レベル for the all-levels line.
    public static func level(_ line: Coverage.Line) -> String {
        line.level?.description ?? allLevels
    }

    /// The column headings for `coverage`: today's, or, for a partial source catalog, the share
    /// labelled as of the items held, then (with a declared total) the share of the total.
    public static func headings(for coverage: Coverage) -> [String] {
        guard coverage.sourceExtent.isPartial else { return headings }
        var result = Array(headings.dropLast()) + [heldShare]
        if let total = coverage.sourceExtent.totalItems { result.append(totalShare(total)) }
        return result
    }

    /// `対応率（全 153 項目に対する）`.
    public static func totalShare(_ total: Int) -> String { "対応率（全 \(total) 項目に対する）" }

    /// What a partial source catalog holds, said above the coverage table; nil for a complete
    /// one. Only a declared total is used.
    public static func extentNote(_ coverage: Coverage) -> String? {
        guard coverage.sourceExtent.isPartial else { return nil }
        let title = coverage.sourceTitle
        guard let total = coverage.sourceExtent.totalItems else {
            return "業界側（\(title)）のカタログは一部のみ収録: 収録 \(coverage.sourceHeld) 項目（全体の項目数は未申告）。"
                + "「\(heldShare)」は収録した項目に対する割合で、ガイドライン全体に対する割合ではない。"
        }
        return "業界側（\(title)）のカタログは一部のみ収録: 収録 \(coverage.sourceHeld)／全 \(total) 項目。"
            + "「\(heldShare)」は収録した項目に対する割合、「\(totalShare(total))」はガイドライン全体の \(total) 項目に対する割合"
            + "（レベル別の全数は申告されていないため、全レベルの行のみ）。"
    }
}
