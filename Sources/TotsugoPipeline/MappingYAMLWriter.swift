import Foundation
import TotsugoCore
import TotsugoEmit

/// The one canonical form of a mapping file (docs/mapping-yaml.md, "Canonical form"), written by
/// `format`, `review import` and `import mapping`: the leading comment block, the header, then
/// one entry per source item, a blank line between entries, every key in a fixed order and every
/// link in the long form with its values spelled out (defaults applied). Strings are
/// double-quoted (`YAMLText.quoted`); the vocabularies (relationship, rationale, status) and
/// numbers are plain.
public enum MappingYAMLWriter {
    /// `leadingComment`: the lines kept above `mapping:` (each starting with `#`, or empty).
    /// `order`: source item ids in the order entries are written (catalog order); entries of
    /// items not in it, and every entry when it is nil, keep the file's order (by line).
    public static func text(_ mapping: Mapping, leadingComment: [String] = [], order: [String]? = nil) -> String {
        String(decoding: bytes(mapping, leadingComment: leadingComment, order: order), as: UTF8.self)
    }

    /// The same file as UTF-8 bytes, made as bytes: `review import` holds the 31 MB text of the
    /// 100k mapping once, not as a String and its bytes beside it (BENCHMARKS.md, "Review
    /// import, second pass").
    public static func bytes(_ mapping: Mapping, leadingComment: [String] = [], order: [String]? = nil) -> [UInt8] {
        var out: [UInt8] = []
        for line in leadingComment { out += line + "\n" }
        out += "mapping:\n"
        out += "  id: \(YAMLText.quoted(mapping.writtenID ?? mapping.id))\n"
        if let title = mapping.title { out += "  title: \(YAMLText.quoted(title))\n" }
        out += "  source: \(YAMLText.quoted(mapping.source))\n"
        out += "  targets: [\(mapping.targets.map(YAMLText.quoted).joined(separator: ", "))]\n"
        out += "  status: \(mapping.status)\n"
        out += "  reviewer: \(YAMLText.quoted(mapping.reviewer ?? ""))\n"
        out += "\n"
        let entries = ordered(mapping, order: order)
        if entries.isEmpty {
            out += "entries: []\n"
            return out
        }
        out += "entries:\n"
        for (index, (entry, todo)) in entries.enumerated() {
            if index > 0 { out += "\n" }
            out += "  - item: \(YAMLText.quoted(entry.writtenItem ?? entry.item))\n"
            if todo {
                out += "    status: todo\n"
            } else if entry.links.isEmpty {
                out += "    targets: []\n"
            } else {
                out += "    targets:\n"
                for link in entry.links {
                    out += "      - ref: \(YAMLText.quoted(reference(link.target)))\n"
                    out += "        relationship: \(link.relationship.rawValue)\n"
                    if let rationale = link.rationale { out += "        rationale: \(rationale.rawValue)\n" }
                    if let strength = link.strength { out += "        strength: \(strength)\n" }
                    if let note = link.note { out += "        note: \(YAMLText.quoted(note))\n" }
                    if link.review != .unconfirmed { out += "        review: \(link.review.rawValue)\n" }
                    if let reviewer = link.reviewer { out += "        reviewer: \(YAMLText.quoted(reviewer))\n" }
                    if let date = link.date { out += "        date: \(YAMLText.quoted(date))\n" }
                }
            }
            if let proposal = entry.proposal { out += "    proposal: \(YAMLText.quoted(proposal))\n" }
            if let placement = entry.placement { out += "    placement: \(YAMLText.quoted(reference(placement)))\n" }
            if let note = entry.note { out += "    note: \(YAMLText.quoted(note))\n" }
            if !entry.rejected.isEmpty {
                out += "    rejected:\n"
                for candidate in entry.rejected {
                    out += "      - ref: \(YAMLText.quoted(reference(candidate.target)))\n"
                    if let reviewer = candidate.reviewer { out += "        reviewer: \(YAMLText.quoted(reviewer))\n" }
                    if let date = candidate.date { out += "        date: \(YAMLText.quoted(date))\n" }
                    if let note = candidate.note { out += "        note: \(YAMLText.quoted(note))\n" }
                }
            }
        }
        return out
    }

    /// `catalog:item`, both normalised (the keys they are read as).
    static func reference(_ reference: ItemReference) -> String { reference.description }

    /// Reviewed and todo entries together, `true` for todo.
    static func ordered(_ mapping: Mapping, order: [String]?) -> [(MappingEntry, Bool)] {
        var all = mapping.entries.map { ($0, false) } + mapping.unreviewed.map { ($0, true) }
        let position = Dictionary((order ?? []).enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func key(_ index: Int) -> (Int, Int, Int, Int) {
            let entry = all[index].0
            return (position[entry.item] ?? Int.max, entry.location?.line ?? Int.max, entry.location?.column ?? 0, index)
        }
        let indices = all.indices.sorted { key($0) < key($1) }
        all = indices.map { all[$0] }
        return all
    }

    /// The comment block at the top of a mapping file, from its bytes: only the lines up to the
    /// first key are decoded (the whole 31 MB file of the 100k bench as a String, split into
    /// lines, came on top of the mapping `review import` holds). The same lines as
    /// `leadingComment(of: String)`.
    public static func leadingComment(of bytes: [UInt8]) -> [String] {
        var end = 0
        while end < bytes.count {
            let next = bytes[end...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
            let trimmed = String(decoding: bytes[end..<next], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            end = next
            if !trimmed.hasPrefix("#") && !trimmed.isEmpty { break }
        }
        return leadingComment(of: String(decoding: bytes[..<end], as: UTF8.self))
    }

    /// The comment block at the top of a mapping file (up to its first key), as written; lines
    /// end with LF or CR LF (in Swift a CR LF is one Character, not a "\n" followed by more).
    public static func leadingComment(of text: String) -> [String] {
        var lines: [String] = []
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") || trimmed.isEmpty { lines.append(line) } else { break }
        }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return lines
    }
}

/// Appends a string's UTF-8 (the writer's `out += "…"`).
private func += (out: inout [UInt8], text: String) {
    out.append(contentsOf: text.utf8)
}

/// A mapping file already made as bytes (`MappingYAMLWriter.bytes`), written as it is.
public enum MappingFileBytes: RenderedFormat {
    case yaml
    public typealias Artifact = [UInt8]
    public var name: String { "yaml" }
    public func render(_ bytes: [UInt8]) -> [UInt8] { bytes }
}
