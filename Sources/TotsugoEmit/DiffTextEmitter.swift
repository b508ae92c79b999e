import TotsugoCore
import TotsugoMatch

/// `totsugo diff` for terminals and logs. Character diffs use `[-deleted-]{+inserted+}`.
/// `stale` is nil when no mappings were given.
public struct DiffTextEmitter {
    public init() {}

    package func render(_ diff: CatalogDiff, stale: [StaleEntry]?) -> [UInt8] {
        let old = diff.old.catalog, new = diff.new.catalog
        var out = "totsugo diff: \(old.shortTitle) (\(old.id), \(old.version)) → \(new.shortTitle) (\(new.id), \(new.version))\n"
        out += "old: \(old.location?.file ?? "?")\nnew: \(new.location?.file ?? "?")\n"
        out += "summary: \(DiffSummary.line(diff, stale: stale))\n"

        out += section("Added", diff.added.map { "+ \(Self.item($0))" })
        out += section("Removed", diff.removed.map { "- \(Self.item($0))" })
        out += section("Renumbered", diff.renumbered.map {
            "\($0.old.id) → \($0.new.id)  \($0.new.label)  (matched by \($0.match.rawValue); similarity \(DiffSummary.score($0.similarity)))"
        })
        out += section("Moved", diff.moved.map {
            "\($0.new.id) \($0.new.label): under \(DiffSummary.parent($0.oldParent)) → \(DiffSummary.parent($0.newParent))"
        })
        out += section("Changed", diff.changed.map { pair in
            var lines = ["\(pair.new.id) \(pair.new.label)" + (pair.renumbered ? " (was \(pair.old.id))" : "")]
            for change in pair.changes {
                let body = change.diff?.inline ?? "\(change.old.isEmpty ? "(none)" : change.old) → \(change.new.isEmpty ? "(none)" : change.new)"
                lines.append("    \(change.field.rawValue): " + body.replacingOccurrences(of: "\n", with: "\n      "))
            }
            return lines.joined(separator: "\n")
        })
        if let stale {
            out += section("Stale mapping entries (re-review)", stale.map(Self.stale))
        }
        return Array(out.utf8)
    }

    func section(_ title: String, _ lines: [String]) -> String {
        guard !lines.isEmpty else { return "" }
        return "\n\(title) (\(lines.count))\n" + lines.map { "  " + $0 + "\n" }.joined()
    }

    static func item(_ item: CatalogItem) -> String {
        var text = "\(item.id)  \(item.label)"
        if !item.levels.isEmpty { text += "  [\(item.levelText)]" }
        return text
    }

    static func stale(_ entry: StaleEntry) -> String {
        "\(entry.location?.description ?? "?"): \(entry.mappingID) entry \(entry.entryItem): \(entry.role.rawValue) \(entry.reference) \(entry.detail)"
    }
}

/// Pieces shared by the diff emitters.
enum DiffSummary {
    static func line(_ diff: CatalogDiff, stale: [StaleEntry]?) -> String {
        var parts = ["\(diff.added.count) added", "\(diff.removed.count) removed", "\(diff.renumbered.count) renumbered",
                     "\(diff.moved.count) moved", "\(diff.changed.count) changed", "\(diff.unchangedCount) unchanged"]
        if let stale { parts.append("\(stale.count) stale mapping reference(s)") }
        return parts.joined(separator: ", ") + "; similarity threshold \(score(diff.threshold))"
    }

    /// Two decimals, locale independent.
    static func score(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func parent(_ item: CatalogItem?) -> String {
        item.map(\.label) ?? "(top level)"
    }
}

extension DiffTextEmitter: RenderedFormat {
    public typealias Artifact = DiffArtifact
    public var name: String { "text" }
    public var aliases: [String] { ["txt"] }
    public func render(_ artifact: DiffArtifact) -> [UInt8] { render(artifact.diff, stale: artifact.stale) }
}
