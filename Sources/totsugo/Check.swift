import ArgumentParser
import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "CI coverage gate: validate everything, report coverage, fail below thresholds.",
        discussion: """
        Validates every catalog and mapping (as `totsugo validate`), then computes, per mapping, \
        coverage per target catalog and per source level: items, mapped, fully covered, \
        no counterpart (#N/A), unreviewed. Thresholds are shares 0–1 (or percentages such as \
        95%) of the in-scope source items: --min-reviewed (items with a mapping entry), \
        --min-mapped (items related to at least one target item). --level N limits the scope \
        to items of levels LV1…LVN.

        Defaults come from the config file (--config, else ./totsugo-check.yaml when present; \
        keys min-reviewed, min-mapped, level, catalogs, mappings); options override it.

        Formats: text (default), md (a Japanese coverage report, as make writes to \
        Output/coverage.md), json, junit, github. With --out the report goes to that file \
        (written atomically; the format follows its extension unless --format says otherwise) \
        and is written whether or not the thresholds are met.

        Exit codes: 0 all thresholds met; 1 a threshold failed; 65 invalid catalog, mapping \
        or config; 66 a named input does not exist; 73 cannot write --out.

        Examples:
          totsugo check
          totsugo check --min-reviewed 0.95 --level 1
          totsugo check --min-mapped 50% --format json > coverage.json
          totsugo check --out Output/coverage.md
          totsugo check --format junit > check-results.xml
          totsugo check --format github        # in a GitHub Actions step
        """
    )

    @Option(help: "Folder of catalogs (default: Catalogs).") var catalogs: String?
    @Option(help: "Folder of mapping files (default: Mappings).") var mappings: String?
    @Option(name: .customLong("min-reviewed"), help: "Least share of in-scope items reviewed, e.g. 0.95 or 95%.")
    var minReviewed: String?
    @Option(name: .customLong("min-mapped"), help: "Least share of in-scope items with a counterpart.")
    var minMapped: String?
    @Option(help: "Only items of levels 1…N count (1, 2, 3 or LV1–LV3).") var level: String?
    @Option(help: "Output format: text, md, json, junit, github (default: from --out's extension, else text).")
    var format: CheckFormat?
    @Option(help: "Write the report to this file (atomically) instead of standard output.") var out: String?
    @Option(help: "Config file with default thresholds (default: ./totsugo-check.yaml if present).")
    var config: String?
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    static let defaultConfig = "totsugo-check.yaml"

    func validate() throws {
        for (name, value) in [("--min-reviewed", minReviewed), ("--min-mapped", minMapped)] {
            if let value, CheckConfig.parseRatio(value) == nil {
                throw ValidationError("\(name) must be a fraction 0–1 or a percentage (e.g. 0.95 or 95%), not '\(value)'")
            }
        }
        if let level, Level(parsing: level) == nil {
            throw ValidationError("--level must be 1, 2 or 3 (or LV1–LV3), not '\(level)'")
        }
    }

    func run() throws {
        var settings = try loadConfig()
        if let minReviewed { settings.thresholds.minReviewed = CheckConfig.parseRatio(minReviewed) }
        if let minMapped { settings.thresholds.minMapped = CheckConfig.parseRatio(minMapped) }
        if let level { settings.thresholds.level = Level(parsing: level) }
        let catalogFolder = catalogs ?? settings.catalogs ?? "Catalogs"
        let mappingFolder = mappings ?? settings.mappings ?? "Mappings"

        let resolved = try Workspace.load([catalogFolder, mappingFolder], limits: limitOptions.limits, report: fail).resolved
        let report = CheckReport(resolved, thresholds: settings.thresholds)
        try ReportFile.write(report, as: try ReportFile.format(chosenFormat.rawValue, out: nil, in: OutputFormats.check, fallback: "text"), to: out)
        if !report.passed { throw ExitCodes.checkFailed }
    }

    func loadConfig() throws -> CheckConfig {
        let path: String
        if let config {
            path = config
        } else if FileManager.default.fileExists(atPath: Self.defaultConfig) {
            path = Self.defaultConfig
        } else {
            return CheckConfig()
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            fail([.error(SourceLocation(file: path), "no such config file")])
            throw ExitCodes.missingInput
        }
        do throws(DiagnosticError) {
            return try CheckConfig.parse(String(decoding: data, as: UTF8.self), file: path)
        } catch {
            fail(error.diagnostics)
            throw ExitCodes.badInput
        }
    }

    var chosenFormat: CheckFormat {
        format ?? out.flatMap { CheckFormat(extension: ($0 as NSString).pathExtension) } ?? .text
    }

    /// Prints diagnostics to stderr, and with `--format github` also as annotations.
    func fail(_ diagnostics: [Diagnostic]) {
        if chosenFormat == .github { FileHandle.standardOutput.write(Data(CheckGitHubEmitter().render(diagnostics))) }
        DiagnosticPrinter.print(diagnostics)
    }
}

enum CheckFormat: String, CaseIterable, ExpressibleByArgument {
    case text, md, json, junit, github

    init?(argument: String) {
        self.init(rawValue: argument.lowercased() == "markdown" ? "md" : argument.lowercased())
    }

    /// From a file extension: `.md`, `.json`, `.xml` (JUnit), `.txt`.
    init?(extension raw: String) {
        switch raw.lowercased() {
        case "md", "markdown": self = .md
        case "json": self = .json
        case "xml": self = .junit
        case "txt", "text": self = .text
        default: return nil
        }
    }
}
