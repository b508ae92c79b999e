import TotsugoCore
import TotsugoMatch

/// `totsugo check` for people: per mapping a compact coverage table (one line per target
/// and level, `いずれか` = any target), the threshold results, and the unreviewed items.
public struct CheckTextEmitter {
    /// At most this many unreviewed ids are listed per mapping.
    public var unreviewedLimit = 20

    public init() {}

    public func render(_ report: CheckReport) -> [UInt8] {
        var out = "totsugo check — \(Self.describe(report.thresholds))\n"
        for mapping in report.mappings {
            let mappingInfo = mapping.resolved.mapping
            out += "\n\(mappingInfo.id)  (source \(mappingInfo.source), status \(mappingInfo.status)"
            if let file = mappingInfo.location?.file { out += ", \(file)" }
            out += ")\n"
            var rows = [["target", "level", "items", "mapped", "full", "#N/A", "unreviewed", "reviewed", "mapped"]]
            // With one target, the "any target" lines repeat the target's lines: left out.
            let singleTarget = mapping.resolved.targets.count == 1
            for line in mapping.coverage.lines where !(singleTarget && line.target == nil) {
                let c = line.count
                let reviewed = c.items == 0 ? nil : Double(c.reviewed) / Double(c.items)
                let mapped = c.items == 0 ? nil : Double(c.mapped) / Double(c.items)
                rows.append([line.targetTitle, line.level?.description ?? "all", "\(c.items)", "\(c.mapped)",
                             "\(c.fullyCovered)", "\(c.noCounterpart)", "\(c.unreviewed)",
                             TextColumns.percent(reviewed), TextColumns.percent(mapped)])
            }
            out += TextColumns.render(rows, rightAligned: Set(2...8), indent: "  ")
            if let note = Self.extentLine(mapping.coverage) { out += "  \(note)\n" }
            if report.thresholds.level != nil {
                out += "  in scope (\(Self.scopeText(mapping))): \(mapping.scope.items) items, \(mapping.scope.reviewed) reviewed, \(mapping.scope.mapped) mapped\n"
            }
            for result in mapping.results {
                out += "  \(Self.line(result, report))\n"
            }
            if !mapping.unreviewed.isEmpty {
                let shown = mapping.unreviewed.prefix(unreviewedLimit).joined(separator: ", ")
                let more = mapping.unreviewed.count > unreviewedLimit ? ", … and \(mapping.unreviewed.count - unreviewedLimit) more" : ""
                out += "  unreviewed (\(mapping.unreviewed.count)): \(shown)\(more)\n"
            }
        }
        for rule in report.unusedRules {
            out += "\nFAIL \(rule.name): no mapping has this target catalog; the rule checks nothing\n"
        }
        if report.mappings.isEmpty {
            out += report.nothingChecked ? "\nFAIL: no mappings found; the thresholds check nothing\n" : "\nno mappings found\n"
        }
        out += report.passed
            ? "\npassed: \(report.mappings.count) mapping(s)\n"
            : "\nFAILED: \(report.failedCount) threshold check(s) failed in \(report.failedMappingCount) of \(report.mappings.count) mapping(s)\n"
        return Array(out.utf8)
    }

    /// For a partial source catalog: what it holds and, with a declared total, the mapped share
    /// of that total (any target); the thresholds keep using the items held.
    static func extentLine(_ coverage: Coverage) -> String? {
        guard coverage.sourceExtent.isPartial else { return nil }
        guard let total = coverage.sourceExtent.totalItems else {
            return "source catalog is partial: \(coverage.sourceHeld) items held, total not declared; shares and thresholds are of the items held"
        }
        let any = coverage.lines.last { $0.target == nil && $0.level == nil }
        let share = any.flatMap(coverage.shareOfTotal).map { ", mapped \(TextColumns.percent($0 / 100)) of all \(total) (any target)" } ?? ""
        return "source catalog is partial: \(coverage.sourceHeld) of \(total) items held\(share); shares and thresholds are of the items held"
    }

    /// `PASS min-mapped — target x (X): 50.0% ≥ 50.0% (3 of 6 items)`; an empty scope FAILs.
    static func line(_ result: CheckReport.Result, _ report: CheckReport) -> String {
        let head = "\(result.passed ? "PASS" : "FAIL") \(result.name) — \(result.scopeText): "
        guard let actual = result.actual else {
            if result.metric == .confirmed { return head + "no links in scope; an empty scope fails" }
            return head + "no items in scope (\(report.emptyReason(result))); an empty scope fails"
        }
        let count = Int((actual * Double(result.items)).rounded())
        return head + TextColumns.percent(actual) + (result.passed ? " ≥ " : " < ") + TextColumns.percent(result.required)
            + " (\(count) of \(result.items) \(result.metric == .confirmed ? "links" : "items"))"
    }

    /// `min-reviewed 95.0%, min-mapped 50.0%, min-mapped[any,LV1] 80.0%, scope: all items`.
    static func describe(_ thresholds: CheckThresholds) -> String {
        var parts: [String] = []
        for metric in CheckMetric.allCases {
            let rules = thresholds.rules.filter { $0.metric == metric }
            // min-confirmed (review over links) is named only when it is set.
            if rules.isEmpty && metric == .confirmed { continue }
            parts += rules.isEmpty ? ["\(metric.rawValue) —"] : rules.map { "\($0.name) \(TextColumns.percent($0.value))" }
        }
        return parts.joined(separator: ", ") + ", scope: \(scopeText(thresholds))"
    }

    static func scopeText(_ thresholds: CheckThresholds) -> String {
        guard let level = thresholds.level else { return "all items" }
        guard let standard = level.standard else { return "items of levels up to \(level.written)" }
        return standard == .lv1 ? "LV1 items" : "LV1–\(standard) items"
    }

    static func scopeText(_ mapping: CheckReport.MappingReport) -> String {
        guard let limit = mapping.limit else { return "all items" }
        return "\(mapping.vocabulary.upTo(limit)) items"
    }
}

extension CheckTextEmitter: RenderedFormat {
    public typealias Artifact = CheckReport
    public var name: String { "text" }
    public var aliases: [String] { ["txt"] }
}
