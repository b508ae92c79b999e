import TotsugoCore
import TotsugoMatch

/// The 突合表 as one self-contained HTML file: the table with grouped headers and highlighted
/// `#N/A`, a search box and level filter (inline script, works from file://), coverage as
/// inline SVG and as numbers, the reverse view and the catalogs' provenance. No external
/// resources; the bytes depend only on the inputs.
public struct HTMLReportEmitter {
    public init() {}

    /// The report; `reverse` is made from `resolved` when not given.
    package func render(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage, reverse: ReverseView? = nil) -> [UInt8] {
        let mapping = resolved.mapping
        let tableSection = HTMLTableSection(table: table)
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
        out += "<p class=\"legend\"><span class=\"gap\">#N/A</span>突合済みで対応する記載なし　<span class=\"unreviewed\">（未突合）</span>まだ突合していない</p>\n"
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
            out += levels.map { "<option value=\"\($0)\">\($0)</option>" }.joined()
            out += "</select></label>\n"
        }
        out += "<label><input type=\"checkbox\" id=\"gaps-only\"> #N/A を含む行のみ</label>\n"
        out += "<span id=\"count\" aria-live=\"polite\">\(table.rows.count) / \(table.rows.count) 行を表示</span>\n</div>\n"
        out += tableSection.html

        out += "<h2 id=\"coverage\">カバレッジ</h2>\n"
        out += HTMLCoverageChart(coverage: coverage).html
        out += coverageTable(coverage)
        out += "<h2 id=\"reverse\">逆引き（IPA 側の項目 → 引用する業界項目）</h2>\n"
        out += reverseTable(reverse ?? ReverseView(resolved))
        out += "<h2 id=\"sources\">出典と網羅状況</h2>\n"
        out += sourcesTable(resolved)
        out += "<script>\n\(HTMLAssets.script)\n</script>\n</body>\n</html>\n"
        return Array(out.utf8)
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

    func reverseTable(_ view: ReverseView) -> String {
        let uncited = view.uncited.count
        let headings = view.lines.filter { $0.citations.isEmpty && !$0.isGap }.count
        var out = "<p class=\"note\">IPA 側 \(view.lines.count) 項目のうち、どの業界項目からも引用されていないもの: \(uncited)（#N/A）。"
        if headings > 0 { out += "見出しで、下位の項目だけが引用されているもの \(headings) 項目は #N/A に含めない。" }
        out += "</p>\n"
        out += "<div class=\"table-wrap\"><table class=\"plain xref-reverse\" id=\"reverse-table\"><thead><tr><th>対象</th><th>項目</th><th>記載内容</th>"
        out += "<th>引用する業界項目</th><th>関係</th></tr></thead><tbody>\n"
        for line in view.lines {
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
    public var name: String { "html" }
    public var aliases: [String] { ["htm"] }
    public func write(_ artifact: TableArtifact, to file: inout OutputFile) throws -> [Diagnostic] {
        try file.write(render(artifact.table, resolved: artifact.resolved, coverage: artifact.coverage, reverse: artifact.reverse))
        return []
    }
}
