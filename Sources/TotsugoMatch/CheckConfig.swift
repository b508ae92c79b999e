import TotsugoCore

/// The `totsugo check` config file (`totsugo-check.yaml` at the repository root): plain
/// `key: value` lines, `#` comments. Keys: `min-reviewed`, `min-mapped` (0–1, or a percentage
/// such as `95%`), each also scoped as `min-mapped[SCOPE]` (`any`, a target catalog id, a
/// level, or `catalog,LV1`: see `ThresholdScope.parse`), `level` (1–3 or LV1–LV3), `catalogs`,
/// `mappings` (folders).
public struct CheckConfig: Equatable, Sendable {
    public var thresholds = CheckThresholds()
    public var catalogs: String?
    public var mappings: String?

    public static let keys = ["catalogs", "level", "mappings", "min-confirmed", "min-mapped", "min-reviewed"]

    public init() {}

    public static func parse(_ text: String, file: String) throws(DiagnosticError) -> CheckConfig {
        var config = CheckConfig()
        var diagnostics: [Diagnostic] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let here = SourceLocation(file: file, line: index + 1)
            var line = String(raw)
            if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line == "---" { continue }
            guard let colon = line.firstIndex(of: ":") else {
                diagnostics.append(.error(here, "expected 'key: value'"))
                continue
            }
            var key = Normalization.key(String(line[..<colon])).replacingOccurrences(of: "_", with: "-")
            var value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            var scopeText: String?
            if let open = key.firstIndex(of: "["), key.hasSuffix("]") {
                scopeText = String(key[key.index(after: open)..<key.index(before: key.endIndex)])
                key = String(key[..<open])
            }
            if let scopeText, CheckMetric(rawValue: key) == nil {
                diagnostics.append(.error(here, "only min-reviewed, min-mapped and min-confirmed take a scope, not '\(key)[\(scopeText)]'"))
                continue
            }
            switch key {
            case "min-reviewed", "min-mapped", "min-confirmed":
                guard let ratio = parseRatio(value) else {
                    diagnostics.append(.error(here, "\(key) must be a fraction 0–1 or a percentage (e.g. 0.95 or 95%), not '\(value)'"))
                    continue
                }
                var scope = ThresholdScope()
                if let scopeText {
                    switch ThresholdScope.parse(scopeText) {
                    case .success(let parsed): scope = parsed
                    case .failure(let error):
                        diagnostics.append(.error(here, error.message))
                        continue
                    }
                }
                let rule = ThresholdRule(CheckMetric(rawValue: key)!, ratio, scope: scope, origin: here)
                if let twice = config.thresholds.rules.first(where: { $0.metric == rule.metric && $0.scope == rule.scope }) {
                    diagnostics.append(.error(here, "\(rule.name) is set twice (also at line \(twice.origin?.line ?? 0))"))
                    continue
                }
                config.thresholds.set(rule)
            case "level":
                guard let level = LevelSelector(value) else {
                    diagnostics.append(.error(here, "level must be a level of the source catalogs (1, 2 or 3, LV1–LV3, or a name of their level-names), not '\(value)'"))
                    continue
                }
                config.thresholds.level = level
                config.thresholds.levelOrigin = here
            case "catalogs": config.catalogs = value
            case "mappings": config.mappings = value
            default:
                let hint = Suggestion.nearest(to: key, in: keys).map { "; did you mean '\($0)'?" } ?? ""
                diagnostics.append(.error(here, "unknown key '\(key)' (known: \(keys.joined(separator: ", ")))\(hint)"))
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticError(.badInput, diagnostics) }
        return config
    }

    /// `0.95`, `95%`, `1` → 0–1; nil when out of range or not a number.
    public static func parseRatio(_ raw: String) -> Double? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        var scale = 1.0
        if text.hasSuffix("%") { text.removeLast(); scale = 100 }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
        let ratio = value / scale
        return (0...1).contains(ratio) ? ratio : nil
    }
}
