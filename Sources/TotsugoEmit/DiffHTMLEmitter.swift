import TotsugoCore
import TotsugoMatch

/// `totsugo diff --format html`: one self-contained page (inline CSS, no scripts, no external
/// resources). Every item that differs is one row with the old version on the left and the
/// new on the right; deleted characters are marked in the old column and inserted ones in
/// the new. All text is escaped.
public struct DiffHTMLEmitter {
    public init() {}

    package func render(_ diff: CatalogDiff, stale: [StaleEntry]?) -> [UInt8] {
        let old = diff.old.catalog, new = diff.new.catalog
        var out = """
        <!DOCTYPE html>
        <html lang="ja">
        <head>
        <meta charset="utf-8">
        <title>差分: \(e(old.shortTitle)) → \(e(new.shortTitle))</title>
        <style>
        body{font-family:sans-serif;margin:1.5em;line-height:1.5}
        table{border-collapse:collapse;width:100%;margin-bottom:1.5em}
        th,td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top;text-align:left}
        th{background:#eee}
        td.old,td.new{width:42%;white-space:pre-wrap}
        td.kind{white-space:nowrap}
        tr.added td.new{background:#e6ffec}
        tr.removed td.old{background:#ffebe9}
        del{background:#ffc0c0;text-decoration:line-through}
        ins{background:#b4f0c0;text-decoration:none}
        .id{font-family:monospace;color:#555}
        .field{font-size:.85em;color:#555}
        </style>
        </head>
        <body>
        <h1>差分: \(e(old.title)) → \(e(new.title))</h1>

        """
        out += "<table>\n<tr><th></th><th>カタログ</th><th>版</th><th>ファイル</th></tr>\n"
        out += "<tr><th>旧</th><td><span class=\"id\">\(e(old.id))</span> \(e(old.shortTitle))</td><td>\(e(old.version))</td><td>\(e(old.location?.file ?? ""))</td></tr>\n"
        out += "<tr><th>新</th><td><span class=\"id\">\(e(new.id))</span> \(e(new.shortTitle))</td><td>\(e(new.version))</td><td>\(e(new.location?.file ?? ""))</td></tr>\n</table>\n"
        out += "<p>\(e(DiffJapanese.summary(diff, stale: stale)))<br>\(e(DiffJapanese.pairing))</p>\n"

        out += "<h2>差分</h2>\n<table>\n<tr><th>種類</th><th>旧</th><th>新</th></tr>\n"
        var rows = 0
        for pair in diff.pairs where !pair.isUnchanged {
            var kinds: [String] = []
            if pair.renumbered { kinds.append("番号変更") }
            if pair.moved { kinds.append("移動") }
            if !pair.changes.isEmpty { kinds.append("変更") }
            let detail = pair.match == .id ? "" : "<br><span class=\"field\">対応づけ: \(e(DiffJapanese.match(pair.match)))、類似度 \(DiffSummary.score(pair.similarity))</span>"
            out += "<tr class=\"changed\"><td class=\"kind\">\(kinds.joined(separator: "<br>"))\(detail)</td>"
            out += "<td class=\"old\">\(side(pair.old, parent: pair.oldParent, pair: pair, showing: .delete))</td>"
            out += "<td class=\"new\">\(side(pair.new, parent: pair.newParent, pair: pair, showing: .insert))</td></tr>\n"
            rows += 1
        }
        for item in diff.removed {
            out += "<tr class=\"removed\"><td class=\"kind\">削除</td><td class=\"old\">\(plain(item))</td><td class=\"new\"></td></tr>\n"
            rows += 1
        }
        for item in diff.added {
            out += "<tr class=\"added\"><td class=\"kind\">追加</td><td class=\"old\"></td><td class=\"new\">\(plain(item))</td></tr>\n"
            rows += 1
        }
        if rows == 0 { out += "<tr><td colspan=\"3\">差分はない。</td></tr>\n" }
        out += "</table>\n"

        if let stale {
            out += "<h2>要再確認のマッピング項目 (\(stale.count))</h2>\n"
            if stale.isEmpty {
                out += "<p>\(DiffJapanese.noStale)</p>\n"
            } else {
                out += "<p>\(DiffJapanese.reviewStale)</p>\n<table>\n<tr><th>位置</th><th>マッピング</th><th>項目</th><th>役割</th><th>参照</th><th>変わったこと</th></tr>\n"
                for entry in stale {
                    out += "<tr><td class=\"id\">\(e(entry.location?.description ?? "?"))</td><td class=\"id\">\(e(entry.mappingID))</td><td class=\"id\">\(e(entry.entryItem))</td><td>\(DiffJapanese.role(entry.role))</td><td class=\"id\">\(e(entry.reference.description))</td><td>\(e(DiffJapanese.impact(entry.impact)))</td></tr>\n"
                }
                out += "</table>\n"
            }
        }
        out += "</body>\n</html>\n"
        return Array(out.utf8)
    }

    /// One side of a pair: id, label, parent and text, with this side's half of the diffs.
    func side(_ item: CatalogItem, parent: CatalogItem?, pair: CatalogDiff.Pair, showing operation: CharacterDiff.Operation) -> String {
        let heading = pair.changes.first { $0.field == .heading }?.diff.map { half($0, operation) } ?? e(item.heading)
        let number = item.number.isEmpty ? "" : e(item.number) + " "
        var out = "<span class=\"id\">\(e(item.id))</span><br><b>\(number)\(heading)</b>"
        if pair.moved { out += "<br><span class=\"field\">親: \(e(DiffJapanese.parent(parent)))</span>" }
        for change in pair.changes where change.field == .levels || change.field == .tags {
            let value = operation == .delete ? change.old : change.new
            out += "<br><span class=\"field\">\(DiffJapanese.field(change.field)):</span> \(operation == .delete ? "<del>" : "<ins>")\(e(value.isEmpty ? DiffJapanese.none : value))\(operation == .delete ? "</del>" : "</ins>")"
        }
        if let textDiff = pair.changes.first(where: { $0.field == .text })?.diff {
            out += "\n" + half(textDiff, operation)
        } else if let text = item.text, !text.isEmpty {
            out += "\n" + e(text)
        }
        return out
    }

    func plain(_ item: CatalogItem) -> String {
        var out = "<span class=\"id\">\(e(item.id))</span><br><b>\(e(item.label))</b>"
        if !item.levels.isEmpty { out += " <span class=\"field\">[\(item.levelText)]</span>" }
        if let text = item.text, !text.isEmpty { out += "\n" + e(text) }
        return out
    }

    /// The segments one side shows: common text plus its own deletions or insertions.
    func half(_ diff: CharacterDiff, _ operation: CharacterDiff.Operation) -> String {
        diff.segments.map { segment in
            if segment.operation == .equal { return e(segment.text) }
            guard segment.operation == operation else { return "" }
            return operation == .delete ? "<del>\(e(segment.text))</del>" : "<ins>\(e(segment.text))</ins>"
        }.joined()
    }

    func e(_ text: String) -> String { XMLText.escape(text) }
}

extension DiffHTMLEmitter: RenderedFormat {
    public typealias Artifact = DiffArtifact
    public var name: String { "html" }
    public var aliases: [String] { ["htm"] }
    public func render(_ artifact: DiffArtifact) -> [UInt8] { render(artifact.diff, stale: artifact.stale) }
}
