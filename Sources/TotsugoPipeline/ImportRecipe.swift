import Foundation
import TotsugoCore
import Yams

/// What the user says about a table they import as a catalog (docs/import.md): a small YAML
/// file of flat `key: value` lines, the same names as `import catalog`'s flags (a flag given
/// on the command line replaces the recipe's value). Every value keeps where it was written,
/// so a problem with it (a column no header names) is reported there.
public struct ImportRecipe: Sendable, Equatable {
    /// A value with where it came from (`recipe.yaml:7:12`, or `command line`).
    public struct Value<T: Sendable & Equatable>: Sendable, Equatable {
        public var value: T
        public var location: SourceLocation
        public init(_ value: T, at location: SourceLocation) {
            self.value = value
            self.location = location
        }
    }

    // The catalog's front matter.
    public var id: Value<String>?
    public var title: Value<String>?
    public var shortTitle: Value<String>?
    public var publisher: Value<String>?
    public var version: Value<String>?
    /// The guideline's publication date (front matter `date`), not the import date.
    public var date: Value<String>?
    /// Names of the hierarchy levels (front matter `levels`), e.g. `大項目 / 中項目 / 要求事項`.
    public var hierarchyNames: Value<String>?
    /// What the table covers, in the recipe's words; the importer adds its own row count.
    public var completeness: Value<String>?
    /// Extra provenance lines (front matter `source`), before the importer's own.
    public var sources: [Value<String>] = []

    // Where the rows are.
    public var sheet: Value<String>?
    public var encoding: Value<String>?
    public var delimiter: Value<String>?
    public var headerRows: Value<Int>?
    /// Row numbers (as the file shows them: sheet rows, CSV lines' rows) not to import.
    public var skipRows: Value<[ClosedRange<Int>]>?
    /// `skip`: a row whose id cell is empty is skipped (and counted); default: an error.
    public var skipBlankIDs: Value<Bool>?

    // Which column holds what: a letter (`C`) or the header text (`No.`, `要求事項`).
    public var idColumn: Value<String>?
    public var titleColumn: Value<String>?
    public var textColumn: Value<String>?
    public var levelColumn: Value<String>?
    public var tagsColumn: Value<String>?

    // The hierarchy.
    public var hierarchyColumns: Value<[String]>?
    /// `from-columns`: one heading item per distinct hierarchy-column value.
    public var headingsFromColumns: Value<Bool>?
    /// An id pattern such as `1-1-1` or `3.1.2`: the parent of `3.1.2` is `3.1`.
    public var idPattern: Value<String>?
    /// Cell spellings → levels (`必須: LV1`); without it, `LV1`, `Lv.1`, `レベル1`, `1` are read.
    public var levelValues: Value<[String: Level]>?

    public init() {}

    /// The keys a recipe may hold, in the order docs/import.md lists them.
    public static let keys = [
        "id", "title", "short-title", "publisher", "version", "date", "hierarchy-names", "completeness", "source",
        "sheet", "encoding", "delimiter", "header-rows", "skip-rows", "blank-ids",
        "id-column", "title-column", "text-column", "level-column", "tags-column",
        "hierarchy-columns", "headings", "id-pattern", "level-values",
    ]

    /// `self` with every value `overrides` holds put in its place.
    public func overridden(by overrides: ImportRecipe) -> ImportRecipe {
        var merged = self
        func take<T>(_ path: WritableKeyPath<ImportRecipe, T?>) {
            if let value = overrides[keyPath: path] { merged[keyPath: path] = value }
        }
        take(\.id); take(\.title); take(\.shortTitle); take(\.publisher); take(\.version); take(\.date)
        take(\.hierarchyNames); take(\.completeness); take(\.sheet); take(\.encoding); take(\.delimiter)
        take(\.headerRows); take(\.skipRows); take(\.skipBlankIDs); take(\.idColumn); take(\.titleColumn)
        take(\.textColumn); take(\.levelColumn); take(\.tagsColumn); take(\.hierarchyColumns)
        take(\.headingsFromColumns); take(\.idPattern); take(\.levelValues)
        merged.sources += overrides.sources
        return merged
    }

    /// Reads a recipe file; every problem is located in it.
    public static func read(_ path: String) throws(DiagnosticError) -> ImportRecipe {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(.error(SourceLocation(file: path), "no such recipe file"), kind: .missingInput)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticError(.error(SourceLocation(file: path), "the recipe is not UTF-8 text"))
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(DiagnosticError) -> ImportRecipe {
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text, .basic) else {
                throw DiagnosticError(.error(SourceLocation(file: file), "the recipe is empty; it needs at least id-column and title-column"))
            }
            root = composed
        } catch let error as DiagnosticError {
            throw error
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw DiagnosticError(.error(SourceLocation(file: file, line: mark.line, column: mark.column), "YAML syntax error: \(problem)"))
            default:
                throw DiagnosticError(.error(SourceLocation(file: file), "YAML error: \(error)"))
            }
        } catch {
            throw DiagnosticError(.error(SourceLocation(file: file), "cannot read the recipe: \(error)"))
        }
        func at(_ node: Node) -> SourceLocation {
            SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        guard let mapping = root.mapping else {
            throw DiagnosticError(.error(at(root), "a recipe is a list of 'key: value' lines"))
        }
        var recipe = ImportRecipe()
        var diagnostics: [Diagnostic] = []
        func scalar(_ node: Node, _ key: String) -> Value<String>? {
            guard let s = node.scalar else {
                diagnostics.append(.error(at(node), "'\(key)' takes one value"))
                return nil
            }
            let value = s.string.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else {
                diagnostics.append(.error(at(node), "'\(key)' is empty"))
                return nil
            }
            return Value(value, at: at(node))
        }
        func list(_ node: Node, _ key: String) -> [Value<String>] {
            if let sequence = node.sequence { return sequence.compactMap { scalar($0, key) } }
            return scalar(node, key).map { [$0] } ?? []
        }
        for (keyNode, node) in mapping {
            let key = keyNode.scalar?.string ?? ""
            switch key {
            case "id": recipe.id = scalar(node, key)
            case "title": recipe.title = scalar(node, key)
            case "short-title": recipe.shortTitle = scalar(node, key)
            case "publisher": recipe.publisher = scalar(node, key)
            case "version": recipe.version = scalar(node, key)
            case "date": recipe.date = scalar(node, key)
            case "hierarchy-names": recipe.hierarchyNames = scalar(node, key)
            case "completeness": recipe.completeness = scalar(node, key)
            case "source": recipe.sources = list(node, key)
            case "sheet": recipe.sheet = scalar(node, key)
            case "encoding": recipe.encoding = scalar(node, key)
            case "delimiter": recipe.delimiter = scalar(node, key)
            case "header-rows":
                guard let v = scalar(node, key) else { continue }
                guard let n = Int(v.value), n >= 0 else {
                    diagnostics.append(.error(v.location, "header-rows must be a number of rows (0, 1, 2, …), not '\(v.value)'"))
                    continue
                }
                recipe.headerRows = Value(n, at: v.location)
            case "skip-rows":
                var ranges: [ClosedRange<Int>] = []
                for v in list(node, key) {
                    if let range = rowRange(v.value) { ranges.append(range) }
                    else { diagnostics.append(.error(v.location, "skip-rows takes row numbers or ranges (5, 40-42), not '\(v.value)'")) }
                }
                recipe.skipRows = Value(ranges, at: at(node))
            case "blank-ids":
                guard let v = scalar(node, key) else { continue }
                switch v.value {
                case "skip": recipe.skipBlankIDs = Value(true, at: v.location)
                case "error": recipe.skipBlankIDs = Value(false, at: v.location)
                default: diagnostics.append(.error(v.location, "blank-ids is 'skip' or 'error', not '\(v.value)'"))
                }
            case "id-column": recipe.idColumn = scalar(node, key)
            case "title-column": recipe.titleColumn = scalar(node, key)
            case "text-column": recipe.textColumn = scalar(node, key)
            case "level-column": recipe.levelColumn = scalar(node, key)
            case "tags-column": recipe.tagsColumn = scalar(node, key)
            case "hierarchy-columns":
                let columns = list(node, key).flatMap { v in
                    v.value.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
                recipe.hierarchyColumns = Value(columns, at: at(node))
            case "headings":
                guard let v = scalar(node, key) else { continue }
                switch v.value {
                case "from-columns": recipe.headingsFromColumns = Value(true, at: v.location)
                case "none": recipe.headingsFromColumns = Value(false, at: v.location)
                default: diagnostics.append(.error(v.location, "headings is 'from-columns' or 'none', not '\(v.value)'"))
                }
            case "id-pattern": recipe.idPattern = scalar(node, key)
            case "level-values":
                guard let pairs = node.mapping else {
                    diagnostics.append(.error(at(node), "level-values maps cell spellings to levels, e.g. '必須: LV1'"))
                    continue
                }
                var values: [String: Level] = [:]
                for (spelling, levelNode) in pairs {
                    guard let written = spelling.scalar?.string, let raw = levelNode.scalar?.string else {
                        diagnostics.append(.error(at(spelling), "level-values maps one spelling to one level"))
                        continue
                    }
                    guard let level = Level(parsing: raw) else {
                        diagnostics.append(.error(at(levelNode), "unknown level '\(raw)'; levels are LV1, LV2, LV3"))
                        continue
                    }
                    values[Normalization.key(written)] = level
                }
                recipe.levelValues = Value(values, at: at(node))
            default:
                let hint = Suggestion.nearest(to: key, in: keys).map { "; did you mean '\($0)'?" } ?? ""
                diagnostics.append(.error(at(keyNode), "unknown recipe key '\(key)'\(hint) (keys: \(keys.joined(separator: ", ")))"))
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticError(.badInput, diagnostics) }
        return recipe
    }

    /// `5` or `40-42` (also `40〜42`).
    public static func rowRange(_ raw: String) -> ClosedRange<Int>? {
        let text = Normalization.text(raw).replacingOccurrences(of: "~", with: "-")
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(parts.count), let low = Int(parts[0]), low >= 1 else { return nil }
        guard parts.count == 2 else { return low...low }
        guard let high = Int(parts[1]), high >= low else { return nil }
        return low...high
    }
}
