import TotsugoCore
import TotsugoMatch

/// `totsugo diff --format json`: stable keys (sorted), documented in docs/check-and-diff.md.
/// `pairs` lists only paired items that differ; `stale-entries` is null without `--mappings`.
public struct DiffJSONEmitter {
    public init() {}

    public static let formatVersion = "totsugo-diff/1"

    package func render(_ diff: CatalogDiff, stale: [StaleEntry]?) -> [UInt8] {
        let root: JSONValue = .object([
            "format": .string(Self.formatVersion),
            "old": catalog(diff.old.catalog),
            "new": catalog(diff.new.catalog),
            "similarity-threshold": .ratio(diff.threshold),
            "summary": .object([
                "added": .int(diff.added.count),
                "removed": .int(diff.removed.count),
                "renumbered": .int(diff.renumbered.count),
                "moved": .int(diff.moved.count),
                "changed": .int(diff.changed.count),
                "unchanged": .int(diff.unchangedCount),
                "stale-entries": stale.map { .int($0.count) } ?? .null,
            ]),
            "added": .array(diff.added.map { item($0, in: diff.new) }),
            "removed": .array(diff.removed.map { item($0, in: diff.old) }),
            "pairs": .array(diff.pairs.filter { !$0.isUnchanged }.map { pair in
                .object([
                    "old": item(pair.old, in: diff.old),
                    "new": item(pair.new, in: diff.new),
                    "match": .string(pair.match.rawValue),
                    "similarity": .ratio(pair.similarity),
                    "renumbered": .bool(pair.renumbered),
                    "moved": .bool(pair.moved),
                    "changes": .array(pair.changes.map(change)),
                ])
            }),
            "stale-entries": stale.map { .array($0.map(staleEntry)) } ?? .null,
        ])
        return root.rendered()
    }

    func catalog(_ catalog: Catalog) -> JSONValue {
        .object([
            "id": .string(catalog.id),
            "title": .string(catalog.title),
            "version": .string(catalog.version),
            "file": .optional(catalog.location?.file),
        ])
    }

    func item(_ item: CatalogItem, in index: CatalogIndex) -> JSONValue {
        let path = index.paths[item.id] ?? []
        return .object([
            "id": .string(item.id),
            "number": .string(item.number),
            "heading": .string(item.heading),
            "text": .optional(item.text),
            "levels": .array(item.levels.map { .string($0.description) }),
            "tags": .array(item.tags.map(JSONValue.string)),
            "parent": path.count >= 2 ? .string(path[path.count - 2].id) : .null,
            "line": item.location.map { .int($0.line) } ?? .null,
        ])
    }

    func change(_ change: CatalogDiff.FieldChange) -> JSONValue {
        .object([
            "field": .string(change.field.rawValue),
            "old": .string(change.old),
            "new": .string(change.new),
            "diff": change.diff.map { diff in
                .array(diff.segments.map { .object(["op": .string($0.operation.rawValue), "text": .string($0.text)]) })
            } ?? .null,
        ])
    }

    func staleEntry(_ entry: StaleEntry) -> JSONValue {
        .object([
            "mapping": .string(entry.mappingID),
            "file": .optional(entry.location?.file),
            "line": entry.location.map { .int($0.line) } ?? .null,
            "column": entry.location.map { .int($0.column) } ?? .null,
            "entry": .string(entry.entryItem),
            "role": .string(entry.role.rawValue),
            "reference": .string(entry.reference.description),
            "reasons": .array(entry.reasons.map { .string($0.rawValue) }),
            "detail": .string(entry.detail),
        ])
    }
}

extension DiffJSONEmitter: RenderedFormat {
    public typealias Artifact = DiffArtifact
    public var name: String { "json" }
    public func render(_ artifact: DiffArtifact) -> [UInt8] { render(artifact.diff, stale: artifact.stale) }
}
