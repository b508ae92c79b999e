import TotsugoCore
import TotsugoMatch

/// `totsugo diff --format md`: summary, one table per kind of change, character diffs as
/// `<del>`/`<ins>` (GitHub renders them), and the stale mapping entries.
public struct DiffMarkdownEmitter {
    public init() {}

    package func render(_ diff: CatalogDiff, stale: [StaleEntry]?) -> [UInt8] {
        let old = diff.old.catalog, new = diff.new.catalog
        var out = "# 差分: \(esc(old.title)) → \(esc(new.title))\n\n"
        out += "| | カタログ | 版 | ファイル |\n|---|---|---|---|\n"
        out += "| 旧 | `\(old.id)` \(esc(old.shortTitle)) | \(esc(old.version)) | \(esc(old.location?.file ?? "")) |\n"
        out += "| 新 | `\(new.id)` \(esc(new.shortTitle)) | \(esc(new.version)) | \(esc(new.location?.file ?? "")) |\n\n"
        out += "\(DiffJapanese.summary(diff, stale: stale))\n"
        out += "\(DiffJapanese.pairing)\n"

        if !diff.added.isEmpty {
            out += "\n## 追加 (\(diff.added.count))\n\n| id | 項目 | レベル | 本文 |\n|---|---|---|---|\n"
            for item in diff.added { out += "| `\(item.id)` | \(esc(item.label)) | \(item.levelText) | \(esc(item.text ?? "")) |\n" }
        }
        if !diff.removed.isEmpty {
            out += "\n## 削除 (\(diff.removed.count))\n\n| id | 項目 | レベル | 本文 |\n|---|---|---|---|\n"
            for item in diff.removed { out += "| `\(item.id)` | \(esc(item.label)) | \(item.levelText) | \(esc(item.text ?? "")) |\n" }
        }
        if !diff.renumbered.isEmpty {
            out += "\n## 番号変更 (\(diff.renumbered.count))\n\n| 旧 id | 新 id | 項目 | 対応づけ | 類似度 |\n|---|---|---|---|---:|\n"
            for pair in diff.renumbered {
                out += "| `\(pair.old.id)` | `\(pair.new.id)` | \(esc(pair.new.label)) | \(DiffJapanese.match(pair.match)) | \(DiffSummary.score(pair.similarity)) |\n"
            }
        }
        if !diff.moved.isEmpty {
            out += "\n## 移動 (\(diff.moved.count))\n\n| 項目 | 旧の親 | 新の親 |\n|---|---|---|\n"
            for pair in diff.moved {
                out += "| `\(pair.new.id)` \(esc(pair.new.label)) | \(esc(DiffJapanese.parent(pair.oldParent))) | \(esc(DiffJapanese.parent(pair.newParent))) |\n"
            }
        }
        if !diff.changed.isEmpty {
            out += "\n## 変更 (\(diff.changed.count))\n\n| 項目 | 欄 | 変更 |\n|---|---|---|\n"
            for pair in diff.changed {
                for change in pair.changes {
                    let body = change.diff.map(inline) ?? "\(esc(change.old.isEmpty ? DiffJapanese.none : change.old)) → \(esc(change.new.isEmpty ? DiffJapanese.none : change.new))"
                    out += "| `\(pair.new.id)` \(esc(pair.new.label)) | \(DiffJapanese.field(change.field)) | \(body) |\n"
                }
            }
        }
        if let stale {
            out += "\n## 要再確認のマッピング項目 (\(stale.count))\n\n"
            if stale.isEmpty {
                out += "\(DiffJapanese.noStale)\n"
            } else {
                out += "\(DiffJapanese.reviewStale)\n\n| 位置 | マッピング | 項目 | 役割 | 参照 | 変わったこと |\n|---|---|---|---|---|---|\n"
                for entry in stale {
                    out += "| \(esc(entry.location?.description ?? "?")) | `\(entry.mappingID)` | `\(entry.entryItem)` | \(DiffJapanese.role(entry.role)) | `\(entry.reference)` | \(esc(DiffJapanese.impact(entry.impact))) |\n"
                }
            }
        }
        return Array(out.utf8)
    }

    func inline(_ diff: CharacterDiff) -> String {
        diff.segments.map { segment in
            switch segment.operation {
            case .equal: esc(segment.text)
            case .delete: "<del>\(esc(segment.text))</del>"
            case .insert: "<ins>\(esc(segment.text))</ins>"
            }
        }.joined()
    }

    /// Table-safe Markdown: HTML specials escaped (the diff uses tags), `|` escaped, newlines as `<br>`.
    func esc(_ text: String) -> String {
        XMLText.escape(text)
            .replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\n", with: "<br>")
    }
}

extension DiffMarkdownEmitter: RenderedFormat {
    public typealias Artifact = DiffArtifact
    public var name: String { "md" }
    public var aliases: [String] { ["markdown"] }
    public func render(_ artifact: DiffArtifact) -> [UInt8] { render(artifact.diff, stale: artifact.stale) }
}
