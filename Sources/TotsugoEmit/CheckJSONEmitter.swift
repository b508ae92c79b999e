import TotsugoCore
import TotsugoMatch

/// `totsugo check --format json`: stable keys (sorted), documented in docs/check-and-diff.md.
/// Ratios are 0–1 with at most 4 decimals; null when no item is in scope.
public struct CheckJSONEmitter {
    public init() {}

    public static let formatVersion = "totsugo-check/2"

    public func render(_ report: CheckReport) -> [UInt8] {
        let thresholds = report.thresholds
        let root: JSONValue = .object([
            "format": .string(Self.formatVersion),
            "passed": .bool(report.passed),
            "thresholds": .object([
                "level": thresholds.level.map(Self.selector) ?? .null,
                "min-mapped": .optionalRatio(thresholds.minMapped),
                "min-reviewed": .optionalRatio(thresholds.minReviewed),
                "rules": .array(thresholds.rules.map { rule in
                    .object([
                        "threshold": .string(rule.metric.rawValue),
                        "name": .string(rule.name),
                        "target": Self.target(rule.scope.target),
                        "level": rule.scope.level.map(Self.selector) ?? .null,
                        "required": .ratio(rule.value),
                    ])
                }),
            ]),
            "unused-rules": .array(report.unusedRules.map { .string($0.name) }),
            "mappings": .array(report.mappings.map(mapping)),
        ])
        return root.rendered()
    }

    func mapping(_ report: CheckReport.MappingReport) -> JSONValue {
        let mapping = report.resolved.mapping
        var object: [String: JSONValue] = [
            "id": .string(mapping.id),
            "file": .optional(mapping.location?.file),
            "source": .string(mapping.source),
            "targets": .array(mapping.targets.map(JSONValue.string)),
            "status": .string(mapping.status),
            "passed": .bool(report.passed),
            "scope": counts(report.scope),
            "coverage": .array(report.coverage.lines.map { line in
                var object = counts(line.count)
                if case .object(var members) = object {
                    members["target"] = .optional(line.target)
                    members["target-title"] = .string(line.targetTitle)
                    members["level"] = line.level.map { .int($0.rank) } ?? .null
                    if !report.vocabulary.isStandard { members["level-name"] = .optional(line.level?.name) }
                    if report.coverage.sourceExtent.totalItems != nil {
                        members["mapped-ratio-of-total"] = .optionalRatio(report.coverage.shareOfTotal(line).map { $0 / 100 })
                    }
                    object = .object(members)
                }
                return object
            }),
            "results": .array(report.results.map { result in
                var members: [String: JSONValue] = [
                    "threshold": .string(result.metric.rawValue),
                    "name": .string(result.name),
                    "target": .optional(result.target),
                    "level": result.level.map { .int($0.rank) } ?? .null,
                    "items": .int(result.items),
                    "required": .ratio(result.required),
                    "actual": .optionalRatio(result.actual),
                    "passed": .bool(result.passed),
                ]
                if !report.vocabulary.isStandard { members["level-name"] = .optional(result.level?.name) }
                return .object(members)
            }),
            "unreviewed": .array(report.unreviewed.map(JSONValue.string)),
        ]
        // A partial source catalog: items held and the declared total (null when unknown).
        if report.coverage.sourceExtent.isPartial {
            object["source-extent"] = .object([
                "extent": .string("partial"),
                "held-items": .int(report.coverage.sourceHeld),
                "total-items": report.coverage.sourceExtent.totalItems.map { .int($0) } ?? .null,
            ])
        }
        return .object(object)
    }

    /// `"every"` (plain: any target and each target), `"any"`, or the catalog id.
    /// A level as given: its position (a number, `LV2`) as a number, a level name as a string.
    static func selector(_ level: LevelSelector) -> JSONValue {
        level.standard.map { .int($0.rank) } ?? .string(level.written)
    }

    static func target(_ target: ThresholdScope.Target) -> JSONValue {
        switch target {
        case .every: .string("every")
        case .any: .string("any")
        case .catalog(let id): .string(id)
        }
    }

    func counts(_ c: Coverage.Count) -> JSONValue {
        .object([
            "items": .int(c.items),
            "reviewed": .int(c.reviewed),
            "mapped": .int(c.mapped),
            "fully-covered": .int(c.fullyCovered),
            "no-counterpart": .int(c.noCounterpart),
            "unreviewed": .int(c.unreviewed),
            "reviewed-ratio": .optionalRatio(c.items == 0 ? nil : Double(c.reviewed) / Double(c.items)),
            "mapped-ratio": .optionalRatio(c.items == 0 ? nil : Double(c.mapped) / Double(c.items)),
        ])
    }
}

extension CheckJSONEmitter: RenderedFormat {
    public typealias Artifact = CheckReport
    public var name: String { "json" }
}
