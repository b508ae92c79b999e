import TotsugoCore
import TotsugoMatch

/// The 突合表 as one self-contained HTML file: the table with grouped headers and highlighted
/// `#N/A`, a search box and level filter (inline script, works from file://), coverage as
/// inline SVG and as numbers, the reverse view and the catalogs' provenance. No external
/// resources; the bytes depend only on the inputs.
public struct HTMLReportEmitter {
    public init() {}

    /// Rows of the 突合表 and the 逆引き written as HTML (the first page; the page's script
    /// shows the others from the embedded data, a page at a time).
    static let firstRows = 200

    /// The report; `reverse` is made from `resolved` when not given.
    package func render(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage, reverse: ReverseView? = nil,
                        deflateAbove: Int = HTMLReportData.deflateAbove) -> [UInt8] {
        var bytes: [UInt8] = []
        render(table, resolved: resolved, coverage: coverage, reverse: reverse, deflateAbove: deflateAbove) { bytes += $0 }
        return bytes
    }

    /// The report handed to `write` in consecutive pieces (a large report's data a deflated
    /// piece at a time: the whole page is never held at once).
    package func render(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage, reverse: ReverseView? = nil,
                        deflateAbove: Int = HTMLReportData.deflateAbove, write: ([UInt8]) throws -> Void) rethrows {
        // Made here when not given (and then freed once its data is made).
        try render(table, resolved: resolved, coverage: coverage, reverse: { $0(reverse ?? ReverseView(resolved)) },
                   deflateAbove: deflateAbove, write: write)
    }

    /// `reverse` lends the 逆引き once: what the report shows of it (the first rows, and the
    /// data of all rows) is made inside, and the view may be freed as soon as it returns.
    func render(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage,
                reverse: ((ReverseView) -> (html: String, data: HTMLReportData)) -> (html: String, data: HTMLReportData),
                deflateAbove: Int = HTMLReportData.deflateAbove, write: ([UInt8]) throws -> Void) rethrows {
        let mapping = resolved.mapping
        var (reverseHTML, data) = reverse { view in (reverseTable(view, firstRows: Self.firstRows), HTMLReportData(table: table, reverse: view)) }
        let tableSection = HTMLTableSection(table: table, firstRows: Self.firstRows)
        var out = """
        <!DOCTYPE html>
        <html lang="ja">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(HTMLAssets.contentSecurityPolicy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="totsugo">
        <title>\(HTMLText.escape(table.title))</title>
        <style>
        \(HTMLAssets.css)
        </style>
        </head>
        <body>
        <header>
        <h1>\(HTMLText.escape(table.title))</h1>

        """
        let reviewer = (mapping.reviewer ?? "").isEmpty ? "（未設定）" : mapping.reviewer ?? ""
        out += "<p class=\"meta\">マッピング <code>\(HTMLText.escape(mapping.id))</code> — 状態: \(HTMLText.escape(RelationshipWords.status(mapping.status)))、レビュー担当: \(HTMLText.escape(reviewer))</p>\n"
        out += "<p class=\"legend\"><span class=\"gap\">#N/A</span>\(HTMLText.escape(CoverageLabels.gapMeaning(resolved)))　<span class=\"unreviewed\">（未突合）</span>まだ突合していない"
            + (table.reviewLegend.map { "　" + HTMLText.escape($0) } ?? "") + "</p>\n"
        out += "<details class=\"legend\"><summary>「関係」の読み方</summary><dl>"
            + RelationshipWords.legend.map { "<dt>\(HTMLText.escape($0.word))</dt><dd>\(HTMLText.escape($0.meaning))</dd>" }.joined()
            + "</dl></details>\n"
        out += "<nav class=\"noprint\"><a href=\"#table\">突合表</a> · <a href=\"#coverage\">カバレッジ</a> · <a href=\"#reverse\">逆引き</a> · <a href=\"#sources\">出典</a></nav>\n</header>\n"

        out += "<h2 id=\"table\">突合表</h2>\n<div class=\"controls\" role=\"search\">\n"
        out += "<label>検索 <input type=\"search\" id=\"q\" placeholder=\"項目・記載内容・反映案を検索\" autocomplete=\"off\"></label>\n"
        let levels = tableSection.levelsPresent
        if levels.isEmpty {
            out += "<label title=\"業界側の項目にレベルの記載がありません\">レベル <select id=\"level\" disabled><option value=\"\">（レベルなし）</option></select></label>\n"
        } else {
            out += "<label>レベル <select id=\"level\"><option value=\"\">すべて</option>"
            out += levels.map { "<option value=\"\(HTMLText.escape($0))\">\(HTMLText.escape($0))</option>" }.joined()
            out += "</select></label>\n"
        }
        out += "<span class=\"gap-filters\">#N/A を含む行のみ: <label><input type=\"checkbox\" id=\"gaps-only\"> いずれかの対象</label>"
        out += tableSection.targetGroups.map {
            "<label><input type=\"checkbox\" class=\"gaps-in\" id=\"gaps-g\($0.index)\" data-group=\"\($0.index)\"> \(HTMLText.escape($0.title))</label>"
        }.joined()
        out += "</span>\n"
        if !tableSection.targetGroups.isEmpty {
            // Against many frameworks the table is wide: the reader picks the targets shown and
            // can leave out their 記載内容 (the choice also holds when printing).
            out += "<details class=\"pick\"><summary>表示する列</summary><span>"
            out += tableSection.targetGroups.map {
                "<label><input type=\"checkbox\" class=\"show-g\" data-group=\"\($0.index)\" checked> \(HTMLText.escape($0.title))</label>"
            }.joined()
            out += "<label><input type=\"checkbox\" id=\"show-text\" checked> 対象の記載内容</label></span></details>\n"
        }
        out += "<span id=\"count\" aria-live=\"polite\">\(table.rows.count) / \(table.rows.count) 行を表示</span>\n"
        out += Self.pager(id: "xref-pager")
        out += "</div>\n"
        out += Self.partialNote(id: "xref-note", shown: min(table.rows.count, Self.firstRows), of: table.rows.count)
        out += tableSection.html

        out += "<h2 id=\"coverage\">カバレッジ</h2>\n"
        out += HTMLCoverageChart(coverage: coverage).html
        out += coverageTable(coverage)
        out += "<h2 id=\"reverse\">逆引き（IPA 側の項目 → 引用する業界項目）</h2>\n"
        out += reverseHTML
        reverseHTML = ""
        out += "<h2 id=\"sources\">出典と網羅状況</h2>\n"
        out += sourcesTable(resolved)
        try write(Array(out.utf8))
        out = ""
        try data.writeScriptElements(deflateAbove: deflateAbove, write)
        try write(Array("<script>\n\(HTMLAssets.script)\n</script>\n</body>\n</html>\n".utf8))
    }

    /// Page controls of a long table (shown by the script when there is more than one page).
    static func pager(id: String) -> String {
        "<span class=\"pager noprint\" id=\"\(id)\" hidden><button type=\"button\" data-go=\"first\">« 最初</button>"
            + "<button type=\"button\" data-go=\"prev\">‹ 前へ</button><span class=\"where\"></span>"
            + "<button type=\"button\" data-go=\"next\">次へ ›</button><button type=\"button\" data-go=\"last\">最後 »</button>"
            + "<label>1 ページ <select class=\"per-page\"><option>100</option><option selected>200</option><option>500</option>"
            + "<option>1000</option></select> 行</label></span>\n"
    }

    /// What a reader without script, or a printout, holds of a long table.
    static func partialNote(id: String, shown: Int, of total: Int) -> String {
        guard shown < total else { return "<p class=\"note partial\" id=\"\(id)\" hidden></p>\n" }
        return "<p class=\"note partial\" id=\"\(id)\">全 \(total) 行のうち 1–\(shown) 行目を表示しています。"
            + "<span class=\"noscript-only\">ほかの行の表示と検索には、ブラウザーでスクリプトの実行を許可してください。</span></p>\n"
    }

    /// For a partial source catalog, a note on what it holds comes first, and with a declared
    /// total a last column gives the share of that total.
    func coverageTable(_ coverage: Coverage) -> String {
        var out = CoverageLabels.extentNote(coverage).map { "<p class=\"note\" id=\"coverage-extent\">\(HTMLText.escape($0))</p>\n" } ?? ""
        let ofTotal = coverage.sourceExtent.totalItems != nil
        out += "<table class=\"plain\" id=\"coverage-table\"><thead><tr>"
        out += CoverageLabels.headings(for: coverage).map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for line in coverage.lines {
            let c = line.count
            out += "<tr><td>\(HTMLText.escape(line.targetTitle))</td><td>\(CoverageLabels.level(line))</td>"
            for value in [c.items, c.mapped, c.fullyCovered, c.noCounterpart, c.unreviewed] { out += "<td class=\"num\">\(value)</td>" }
            out += "<td class=\"num\">\(HTMLText.oneDecimal(c.mappedPercent))%</td>"
            if ofTotal { out += "<td class=\"num\">\(coverage.shareOfTotal(line).map { HTMLText.oneDecimal($0) + "%" } ?? CoverageLabels.noShare)</td>" }
            out += "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    func reverseTable(_ view: ReverseView, firstRows: Int = .max) -> String {
        let uncited = view.uncited.count
        let headings = view.lines.filter { $0.citations.isEmpty && !$0.isGap }.count
        var out = "<p class=\"note\">IPA 側 \(view.lines.count) 項目のうち、どの業界項目からも引用されていないもの: \(uncited)（#N/A）。"
        if headings > 0 { out += "見出しで、下位の項目だけが引用されているもの \(headings) 項目は #N/A に含めない。" }
        out += "</p>\n"
        var targets: [String] = []
        for line in view.lines where targets.last != line.targetTitle && !targets.contains(line.targetTitle) { targets.append(line.targetTitle) }
        out += "<div class=\"controls\" role=\"search\">\n"
        out += "<label>検索 <input type=\"search\" id=\"rq\" placeholder=\"IPA 側の項目・業界項目を検索\" autocomplete=\"off\"></label>\n"
        out += "<label>対象 <select id=\"r-target\"><option value=\"\">すべて</option>"
            + targets.map { "<option value=\"\(HTMLText.escape($0))\">\(HTMLText.escape($0))</option>" }.joined() + "</select></label>\n"
        out += "<label><input type=\"checkbox\" id=\"r-gaps-only\"> #N/A の項目のみ</label>\n"
        out += "<span id=\"r-count\" aria-live=\"polite\">\(view.lines.count) / \(view.lines.count) 行を表示</span>\n"
        out += Self.pager(id: "reverse-pager")
        out += "</div>\n"
        out += Self.partialNote(id: "reverse-note", shown: min(view.lines.count, firstRows), of: view.lines.count)
        out += "<div class=\"table-wrap\"><table class=\"plain xref-reverse\" id=\"reverse-table\"><thead><tr><th>対象</th><th>項目</th><th>記載内容</th>"
        out += "<th>引用する業界項目</th><th>関係</th></tr></thead><tbody>\n"
        for line in view.lines.prefix(firstRows) {
            out += "<tr><td>\(HTMLText.escape(line.targetTitle))</td><td>\(HTMLText.escape(line.itemLabel))</td><td>\(HTMLText.lines(line.itemText))</td>"
            if line.isGap {
                out += "<td class=\"gap\">#N/A</td><td class=\"gap\">#N/A</td>"
            } else if line.citations.isEmpty {
                out += "<td class=\"below\">\(HTMLText.escape(ReverseView.citedBelowText(line.citationsBelow)))</td><td></td>"
            } else {
                out += "<td>\(HTMLText.lines(line.citations.map(\.sourceLabel).joined(separator: "\n")))</td>"
                out += "<td>\(HTMLText.lines(line.citations.map(\.relationship).joined(separator: "\n")))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    func sourcesTable(_ resolved: ResolvedMapping) -> String {
        var out = "<table class=\"plain\" id=\"sources-table\"><thead><tr><th>役割</th><th>略称</th><th>名称</th><th>発行者</th><th>版</th>"
        out += "<th>項目数</th><th>網羅状況</th><th>出典</th></tr></thead><tbody>\n"
        for (role, catalogIndex) in RelationshipWords.catalogRoles(resolved) {
            let c = catalogIndex.catalog
            out += "<tr><td>\(role)</td><td>\(HTMLText.escape(c.shortTitle))</td><td>\(HTMLText.escape(c.title))</td>"
            out += "<td>\(HTMLText.escape(c.publisher))</td><td>\(HTMLText.escape(c.version))</td><td class=\"num\">\(catalogIndex.items.count)</td>"
            out += "<td>\(HTMLText.lines(c.completeness))</td><td>\(HTMLText.lines(c.provenance.joined(separator: "\n")))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }
}

extension HTMLReportEmitter: OutputFormat {
    public var showsReverseView: Bool { true }
    public var schedule: OutputSchedule { .afterLongestPath }
    public var name: String { "html" }
    public var aliases: [String] { ["htm"] }
    public func write(_ artifact: TableArtifact, to file: inout OutputFile) throws -> [Diagnostic] {
        try render(artifact.table, resolved: artifact.resolved, coverage: artifact.coverage,
                   reverse: { made in artifact.withReverse(made) }) { try file.write($0) }
        return []
    }
}
