import TotsugoCore
import TotsugoMatch

/// `totsugo diff --format md`: summary, one table per kind of change, character diffs as
/// `<del>`/`<ins>` (GitHub renders them), and the stale mapping entries.
public struct DiffMarkdownEmitter {
    public init() {}

    public func render(_ diff: CatalogDiff, stale: [StaleEntry]?) -> [UInt8] {
        let old = diff.old.catalog, new = diff.new.catalog
        var out = "# 差分: \(esc(old.title)) → \(esc(new.title))\n\n"
        out += "| | catalog | edition | file |\n|---|---|---|---|\n"
        out += "| old | `\(old.id)` \(esc(old.shortTitle)) | \(esc(old.version)) | \(esc(old.location?.file ?? "")) |\n"
        out += "| new | `\(new.id)` \(esc(new.shortTitle)) | \(esc(new.version)) | \(esc(new.location?.file ?? "")) |\n\n"
        out += "Summary: \(DiffSummary.line(diff, stale: stale)).\n"
        out += "Items are paired by id, then by similarity of normalised heading + text (character bigram Dice), then by number under a renumbered parent.\n"

        if !diff.added.isEmpty {
            out += "\n## Added (\(diff.added.count))\n\n| id | item | level | text |\n|---|---|---|---|\n"
            for item in diff.added { out += "| `\(item.id)` | \(esc(item.label)) | \(item.levelText) | \(esc(item.text ?? "")) |\n" }
        }
        if !diff.removed.isEmpty {
            out += "\n## Removed (\(diff.removed.count))\n\n| id | item | level | text |\n|---|---|---|---|\n"
            for item in diff.removed { out += "| `\(item.id)` | \(esc(item.label)) | \(item.levelText) | \(esc(item.text ?? "")) |\n" }
        }
        if !diff.renumbered.isEmpty {
            out += "\n## Renumbered (\(diff.renumbered.count))\n\n| old id | new id | item | matched by | similarity |\n|---|---|---|---|---:|\n"
            for pair in diff.renumbered {
                out += "| `\(pair.old.id)` | `\(pair.new.id)` | \(esc(pair.new.label)) | \(pair.match.rawValue) | \(DiffSummary.score(pair.similarity)) |\n"
            }
        }
        if !diff.moved.isEmpty {
            out += "\n## Moved (\(diff.moved.count))\n\n| item | old parent | new parent |\n|---|---|---|\n"
            for pair in diff.moved {
                out += "| `\(pair.new.id)` \(esc(pair.new.label)) | \(esc(DiffSummary.parent(pair.oldParent))) | \(esc(DiffSummary.parent(pair.newParent))) |\n"
            }
        }
        if !diff.changed.isEmpty {
            out += "\n## Changed (\(diff.changed.count))\n\n| item | field | change |\n|---|---|---|\n"
            for pair in diff.changed {
                for change in pair.changes {
                    let body = change.diff.map(inline) ?? "\(esc(change.old.isEmpty ? "(none)" : change.old)) → \(esc(change.new.isEmpty ? "(none)" : change.new))"
                    out += "| `\(pair.new.id)` \(esc(pair.new.label)) | \(change.field.rawValue) | \(body) |\n"
                }
            }
        }
        if let stale {
            out += "\n## Stale mapping entries (\(stale.count))\n\n"
            if stale.isEmpty {
                out += "No mapping entry refers to a removed, renumbered, moved or changed item.\n"
            } else {
                out += "Re-review these entries: their source or target item changed.\n\n| location | mapping | entry | role | reference | what changed |\n|---|---|---|---|---|---|\n"
                for entry in stale {
                    out += "| \(esc(entry.location?.description ?? "?")) | `\(entry.mappingID)` | `\(entry.entryItem)` | \(entry.role.rawValue) | `\(entry.reference)` | \(esc(entry.detail)) |\n"
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
