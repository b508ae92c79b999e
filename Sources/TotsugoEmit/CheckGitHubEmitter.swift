import TotsugoCore
import TotsugoMatch

/// `totsugo check --format github`: GitHub Actions workflow commands, so failures show as
/// annotations on the mapping YAML. A failed threshold is an `::error` on the mapping
/// header; each in-scope unreviewed item is an `::error` when its mapping failed
/// `min-reviewed`, otherwise a `::warning`. A summary line ends the output.
public struct CheckGitHubEmitter {
    public init() {}

    public func render(_ report: CheckReport) -> [UInt8] {
        var out = ""
        for mapping in report.mappings {
            let resolved = mapping.resolved
            let id = resolved.mapping.id
            let location = resolved.mapping.location
            for result in mapping.results where !result.passed {
                let message = result.actual == nil
                    ? "\(id): \(result.name) — \(result.scopeText): no items in scope (\(report.emptyReason(result))); an empty scope fails"
                    : "\(id): \(result.name) — \(result.scopeText): \(TextColumns.percent(result.actual)) < \(TextColumns.percent(result.required)) (\(result.items) \(result.metric == .confirmed ? "links" : "items") in scope)"
                out += Self.command("error", location, title: "totsugo check: \(result.name)", message)
            }
            let reviewFailed = mapping.results.contains { $0.metric == .reviewed && !$0.passed }
            for itemID in mapping.unreviewed {
                let label = resolved.source.items[itemID]?.label ?? ""
                out += Self.command(reviewFailed ? "error" : "warning", location, title: "unreviewed item",
                                    "\(id): \(itemID) \(label) has no mapping entry")
            }
        }
        for rule in report.unusedRules {
            out += Self.command("error", rule.origin, title: "totsugo check: \(rule.name)", "\(rule.name): no mapping has this target catalog; the rule checks nothing")
        }
        if report.nothingChecked { out += Self.command("error", nil, title: "totsugo check", "no mappings found; the thresholds check nothing") }
        out += report.passed
            ? "totsugo check: passed (\(report.mappings.count) mapping(s))\n"
            : "totsugo check: FAILED (\(report.failedCount) threshold check(s) failed)\n"
        return Array(out.utf8)
    }

    /// One `::error file=…,line=…,col=…::message` line per diagnostic.
    package func render(_ diagnostics: [Diagnostic]) -> [UInt8] {
        var out = ""
        for diagnostic in diagnostics {
            let kind = diagnostic.severity == .note ? "notice" : diagnostic.severity.rawValue
            out += Self.command(kind, diagnostic.location, title: nil, diagnostic.message)
        }
        return Array(out.utf8)
    }

    static func command(_ kind: String, _ location: SourceLocation?, title: String?, _ message: String) -> String {
        var properties: [String] = []
        if let location {
            properties.append("file=\(property(location.file))")
            properties.append("line=\(location.line)")
            if location.column > 1 { properties.append("col=\(location.column)") }
        }
        if let title { properties.append("title=\(property(title))") }
        let head = properties.isEmpty ? "::\(kind)" : "::\(kind) \(properties.joined(separator: ","))"
        return head + "::" + data(message) + "\n"
    }

    /// Escaping rules of the workflow command format.
    static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

extension CheckGitHubEmitter: RenderedFormat {
    public typealias Artifact = CheckReport
    public var name: String { "github" }
}
