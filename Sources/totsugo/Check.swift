import ArgumentParser
import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import TotsugoPipeline

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "CI coverage gate: validate everything, report coverage, fail below thresholds.",
        discussion: """
        Validates every catalog and mapping (as `totsugo validate`), then computes, per mapping, \
        coverage per target catalog and per source level: items, mapped, fully covered, \
        no counterpart (#N/A), unreviewed. Thresholds are shares 0–1 (or percentages such as \
        95%) of the in-scope source items: --min-reviewed (items with a mapping entry), \
        --min-mapped (items related to a target item), --min-confirmed (links confirmed by a reviewer, \
        of the links of the in-scope items: review counted over links). A plain threshold must hold for "any \
        target" AND for each target catalog on its own; SCOPE=R limits one to a scope: any=R, \
        CATALOG=R (one target catalog), LV2=R (items of that level), CATALOG,LV2=R. Options \
        repeat; every threshold given must hold. --level N limits the scope to items of levels \
        LV1…LVN; a catalog with levels of its own (level-names, e.g. ★3 / ★4) takes its names \
        (--level ★3, ★4=R) or positions (--level 1). A threshold whose scope has no item FAILS (an empty scope proves nothing).

        Defaults come from the config file (--config, else ./totsugo-check.yaml when present; \
        keys min-reviewed, min-mapped, min-mapped[SCOPE], level, catalogs, mappings); an option \
        replaces the config's threshold of the same scope, the others still apply.

        Formats: text (default), md (a Japanese coverage report, as make writes to \
        Output/coverage.md), json, junit, github. With --out the report goes to that file \
        (written atomically; the format follows its extension unless --format says otherwise) \
        and is written whether or not the thresholds are met.

        Exit codes: 0 all thresholds met; 1 a threshold failed (or its scope is empty); 65 \
        invalid catalog, mapping or config (or a threshold names a catalog no mapping targets); 66 a named input does not exist; 73 cannot write --out.

        Examples:
          totsugo check
          totsugo check --min-reviewed 0.95 --level 1
          totsugo check --min-mapped any=95% --min-mapped ipa-3.1-appendix5=90%
          totsugo check --min-mapped 50% --format json > coverage.json
          totsugo check --out Output/coverage.md
          totsugo check --format junit > check-results.xml
          totsugo check --format github        # in a GitHub Actions step
        """
    )

    @Option(help: "Folder of catalogs (default: Catalogs).") var catalogs: String?
    @Option(help: "Folder of mapping files (default: Mappings).") var mappings: String?
    @Option(name: .customLong("min-reviewed"), help: ArgumentHelp(
        "Least share of in-scope items reviewed, e.g. 0.95 or 95%; repeatable.",
        discussion: "Plain: any target and each target catalog. SCOPE=R limits it: any=R, CATALOG=R, LV1=R, CATALOG,LV1=R.",
        valueName: "[SCOPE=]R"))
    var minReviewed: [String] = []
    @Option(name: .customLong("min-mapped"), help: ArgumentHelp(
        "Least share of in-scope items with a counterpart; repeatable, scoped as --min-reviewed.",
        valueName: "[SCOPE=]R"))
    var minMapped: [String] = []
    @Option(name: .customLong("min-confirmed"), help: ArgumentHelp(
        "Least share of the links of in-scope items confirmed by a reviewer (review: confirmed); repeatable, scoped as --min-reviewed.",
        valueName: "[SCOPE=]R"))
    var minConfirmed: [String] = []
    @Option(help: "Only items of levels up to this one count: a position (1, 2, 3), or a level name of the source catalogs (LV1–LV3, or their level-names, e.g. ★3).") var level: String?
    @Option(help: "Output format: \(OutputFormats.check.names.joined(separator: ", ")) (default: from --out's extension, else text).")
    var format: String?
    @Option(help: "Write the report to this file (atomically) instead of standard output.") var out: String?
    @Option(help: "Config file with default thresholds (default: ./totsugo-check.yaml if present).")
    var config: String?
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    static let defaultConfig = "totsugo-check.yaml"

    func validate() throws {
        if let out, out.isEmpty || out.hasSuffix("/") { throw ValidationError("--out needs a file name, not '\(out)'") }
        _ = try commandLineRules()
        _ = try ReportFormat.format(format, out: out, in: OutputFormats.check, fallback: "text")
        if let level, LevelSelector(level) == nil {
            throw ValidationError("--level needs a level: a position (1, 2, 3) or a level name, not '\(level)'")
        }
    }

    func run() throws {
        let configPath = config ?? (FileManager.default.fileExists(atPath: Self.defaultConfig) ? Self.defaultConfig : nil)
        let request = Pipeline.CheckRequest(
            catalogs: catalogs, mappings: mappings, config: configPath, rules: try commandLineRules(),
            level: level.flatMap(LevelSelector.init),
            format: try ReportFormat.format(format, out: out, in: OutputFormats.check, fallback: "text"),
            destination: ReportDestination(out), limits: limitOptions.limits)
        let sink = StandardErrorSink(annotations: request.format.name == "github")
        let result = try running { () throws(CommandFailure) in try Pipeline.check(request, diagnostics: sink) }
        if let written = result.written { print("wrote \(written)") }
    }

    /// `--min-reviewed`/`--min-mapped` values: `R` (plain) or `SCOPE=R`.
    func commandLineRules() throws -> [ThresholdRule] {
        var rules: [ThresholdRule] = []
        for (metric, values) in [(CheckMetric.reviewed, minReviewed), (.mapped, minMapped), (.confirmed, minConfirmed)] {
            for raw in values {
                var scope = ThresholdScope()
                var value = raw
                if let equals = raw.lastIndex(of: "=") {
                    switch ThresholdScope.parse(String(raw[..<equals])) {
                    case .success(let parsed): scope = parsed
                    case .failure(let error): throw ValidationError("--\(metric.rawValue) '\(raw)': \(error.message)")
                    }
                    value = String(raw[raw.index(after: equals)...])
                }
                guard let ratio = CheckConfig.parseRatio(value) else {
                    throw ValidationError("--\(metric.rawValue) must be a fraction 0–1 or a percentage (e.g. 0.95 or 95%), optionally after SCOPE= (any, a target catalog id, LV1–LV3), not '\(raw)'")
                }
                let rule = ThresholdRule(metric, ratio, scope: scope, origin: nil)
                if rules.contains(where: { $0.metric == metric && $0.scope == scope }) {
                    throw ValidationError("--\(metric.rawValue) is given twice for the scope '\(scope.description.isEmpty ? "plain" : scope.description)'")
                }
                rules.append(rule)
            }
        }
        return rules
    }
}
