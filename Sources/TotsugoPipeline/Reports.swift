import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch

/// Where a report goes (`check`, `diff`): standard output, or a file written as a one-file
/// transaction (staged, then renamed into place under the folder's lock).
public enum ReportDestination: Sendable, Equatable {
    case standardOutput
    case file(String)

    public init(_ out: String?) { self = out.map(ReportDestination.file) ?? .standardOutput }
}

extension Pipeline {
    /// Writes `artifact` in `format` to `destination`; returns the path written, if a file.
    static func write<Artifact>(_ artifact: Artifact, as format: any OutputFormat<Artifact>, to destination: ReportDestination,
                                diagnostics: any DiagnosticSink) throws(CommandFailure) -> String? {
        switch destination {
        case .standardOutput:
            var file = OutputFile.standardOutput()
            do {
                diagnostics.report(try format.write(artifact, to: &file))
            } catch {
                throw .cannotWrite("\(error)")
            }
            return nil
        case .file(let out):
            if writesThrough(out) {
                // `--out /dev/null` or a named pipe: written through, never replaced.
                do {
                    var file = try OutputFile(writingThrough: out)
                    diagnostics.report(try format.write(artifact, to: &file))
                    try file.close()
                } catch {
                    throw .cannotWrite("\(error)")
                }
                return out
            }
            let folder = (out as NSString).deletingLastPathComponent
            return try writing(to: folder.isEmpty ? "." : folder, diagnostics: diagnostics) { staging in
                diagnostics.report(try staging.addFile(name: (out as NSString).lastPathComponent) { try format.write(artifact, to: &$0) })
            }.first
        }
    }

    /// Whether `out` is an existing device or named pipe (`--out /dev/null`): written through,
    /// never replaced by a staged file.
    static func writesThrough(_ out: String) -> Bool {
        var info = stat()
        return stat(out, &info) == 0 && [S_IFCHR, S_IFIFO].contains(info.st_mode & S_IFMT)
    }

    /// What `check` is asked for: folders (nil: from the config, else Catalogs and Mappings),
    /// the config file (nil: none), the thresholds given on the command line, which replace
    /// the config's of the same scope, and a level.
    public struct CheckRequest: Sendable {
        public var catalogs: String?
        public var mappings: String?
        public var config: String?
        public var rules: [ThresholdRule]
        public var level: LevelSelector?
        public var format: any OutputFormat<CheckReport>
        public var destination: ReportDestination
        public var limits: InputLimits

        public init(catalogs: String? = nil, mappings: String? = nil, config: String? = nil, rules: [ThresholdRule] = [],
                    level: LevelSelector? = nil, format: any OutputFormat<CheckReport>, destination: ReportDestination = .standardOutput,
                    limits: InputLimits = .default) {
            self.catalogs = catalogs
            self.mappings = mappings
            self.config = config
            self.rules = rules
            self.level = level
            self.format = format
            self.destination = destination
            self.limits = limits
        }

        /// The same with a level of the standard vocabulary (LV1–LV3).
        public init(catalogs: String? = nil, mappings: String? = nil, config: String? = nil, rules: [ThresholdRule] = [],
                    level: Level?, format: any OutputFormat<CheckReport>, destination: ReportDestination = .standardOutput,
                    limits: InputLimits = .default) {
            self.init(catalogs: catalogs, mappings: mappings, config: config, rules: rules, level: level.map(LevelSelector.init),
                      format: format, destination: destination, limits: limits)
        }
    }

    /// `check`: validates everything, writes the coverage report, and fails with
    /// `.checkFailed` (after writing it) when a threshold is not met.
    @discardableResult
    public static func check(_ request: CheckRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> (report: CheckReport, written: String?) {
        var settings = try loadConfig(request.config, diagnostics: diagnostics)
        for rule in request.rules { settings.thresholds.set(rule) }
        if let level = request.level {
            settings.thresholds.level = level
            settings.thresholds.levelOrigin = nil
        }
        let catalogFolder = request.catalogs ?? settings.catalogs ?? "Catalogs"
        let mappingFolder = request.mappings ?? settings.mappings ?? "Mappings"
        let resolved = try Workspace.load([catalogFolder, mappingFolder], limits: request.limits, diagnostics: diagnostics).resolved
        settings.thresholds.classifyingLevelNames(targets: Set(resolved.flatMap { $0.targets.map(\.catalog.id) }),
                                                  vocabularies: resolved.map(\.source.catalog.levelVocabulary))
        let unresolved = CheckReport.unresolvedLevels(resolved, thresholds: settings.thresholds)
        if !unresolved.isEmpty {
            diagnostics.report(unresolved.map { .error($0.0 ?? SourceLocation(file: "command line"), $0.1) })
            throw .badInput
        }
        let report = CheckReport(resolved, thresholds: settings.thresholds)
        if !report.unusedRules.isEmpty {
            // A rule for a catalog no mapping targets checks nothing: most likely a typo.
            let known = Set(resolved.flatMap { $0.targets.map(\.catalog.id) }).sorted()
            diagnostics.report(report.unusedRules.map { rule in
                let hint = Suggestion.nearest(to: rule.scope.description, in: known).map { "; did you mean '\($0)'?" } ?? ""
                return .error(rule.origin ?? SourceLocation(file: "command line"), "threshold \(rule.name): no mapping has target catalog '\(rule.scope.description.split(separator: ",")[0])' (targets: \(known.joined(separator: ", ")))\(hint)")
            })
            throw .badInput
        }
        diagnostics.progress(ProgressStep("coverage", counts: [.init(report.mappings.count, "mapping"),
                                                               .init(report.mappings.reduce(0) { $0 + $1.results.count }, "threshold")]))
        let written = try write(report, as: request.format, to: request.destination, diagnostics: diagnostics)
        if let written { diagnostics.progress(ProgressStep("wrote", written, counts: [.init(report.mappings.count, "mapping")])) }
        if !report.passed { throw .checkFailed }
        return (report, written)
    }

    /// The check config at `path` (nil: none, all defaults).
    static func loadConfig(_ path: String?, diagnostics: any DiagnosticSink) throws(CommandFailure) -> CheckConfig {
        guard let path else { return CheckConfig() }
        // The shared bounded reader: a missing file, a folder, a device or a FIFO each get
        // their own message (a FIFO was "no such config file").
        let data: [UInt8]
        do throws(DiagnosticError) {
            data = try InputFile.readBytes(path)
        } catch {
            diagnostics.report(error.diagnostics)
            throw error.kind == .missingInput ? .missingInput : .badInput
        }
        do throws(DiagnosticError) {
            return try CheckConfig.parse(String(decoding: data, as: UTF8.self), file: path)
        } catch {
            diagnostics.report(error.diagnostics)
            throw .badInput
        }
    }

    /// What `diff` is asked for.
    public struct DiffRequest: Sendable {
        public var old: String
        public var new: String
        public var mappings: String?
        public var similarity: Double
        public var format: any OutputFormat<DiffArtifact>
        public var destination: ReportDestination

        public init(old: String, new: String, mappings: String? = nil, similarity: Double = TextSimilarity.defaultThreshold,
                    format: any OutputFormat<DiffArtifact>, destination: ReportDestination = .standardOutput) {
            self.old = old
            self.new = new
            self.mappings = mappings
            self.similarity = similarity
            self.format = format
            self.destination = destination
        }
    }

    /// `diff`: compares two editions of a catalog (and finds the mapping entries it makes stale)
    /// and writes the report.
    @discardableResult
    public static func diff(_ request: DiffRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> (diff: CatalogDiff, written: String?) {
        let oldCatalog = try loadCatalog(request.old, diagnostics: diagnostics)
        let newCatalog = try loadCatalog(request.new, diagnostics: diagnostics)
        diagnostics.progress(ProgressStep("read", counts: [.init(2, "catalog"), .init(itemCount(oldCatalog.items) + itemCount(newCatalog.items), "item")]))
        let diff = CatalogDiff(old: oldCatalog, new: newCatalog, threshold: request.similarity)
        diagnostics.progress(ProgressStep("paired", counts: [.init(diff.comparedPairs, "comparison"), .init(diff.pairs.count, "pair"),
                                                             .init(diff.added.count, "added item"), .init(diff.removed.count, "removed item")]))
        var stale: [StaleEntry]?
        if let mappings = request.mappings {
            let inputs = InputLoader().load([mappings])
            if !inputs.diagnostics.isEmpty {
                diagnostics.report(inputs.diagnostics)
                throw inputs.missingInput ? .missingInput : .badInput
            }
            stale = StaleEntries.find(in: inputs.mappings.sorted { $0.id < $1.id }, diff: diff)
            diagnostics.progress(ProgressStep("checked", counts: [.init(inputs.mappings.count, "mapping"), .init(stale?.count ?? 0, "stale reference")]))
        }
        let written = try write(DiffArtifact(diff: diff, stale: stale), as: request.format, to: request.destination, diagnostics: diagnostics)
        if let written {
            diagnostics.progress(ProgressStep("wrote", written, counts: [.init(diff.pairs.count + diff.added.count + diff.removed.count, "item")]))
        }
        return (diff, written)
    }

    /// How many items `items` holds, children included (without listing them).
    static func itemCount(_ items: [CatalogItem]) -> Int {
        items.reduce(items.count) { $0 + itemCount($1.children) }
    }

    static func loadCatalog(_ path: String, diagnostics: any DiagnosticSink) throws(CommandFailure) -> Catalog {
        let inputs = InputLoader().load([path])
        if !inputs.diagnostics.isEmpty {
            diagnostics.report(inputs.diagnostics)
            throw inputs.missingInput ? .missingInput : .badInput
        }
        guard inputs.catalogs.count == 1, inputs.mappings.isEmpty else {
            diagnostics.report([.error(SourceLocation(file: path), "expected one catalog file (.xml or .txt), found \(inputs.catalogs.count) catalog(s) and \(inputs.mappings.count) mapping(s)")])
            throw .badInput
        }
        return inputs.catalogs[0]
    }
}
