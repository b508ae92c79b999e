import Foundation
import TotsugoCore
import TotsugoTable
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
    /// The catalog's own level names in order (front matter `level-names`), e.g. `★3 / ★4`;
    /// absent: LV1 / LV2 / LV3.
    public var levelNames: Value<String>?
    /// Cell spellings → levels (`必須: LV1`, or a name of `level-names`); without it, the level
    /// names themselves are read (and, for LV1–LV3, `Lv.1`, `レベル1`, `1`).
    public var levelValues: Value<[String: Level]>?

    /// The vocabulary `level-names` declares (names normalised; checked by `parse`).
    public var levelVocabulary: LevelVocabulary {
        guard let levelNames else { return .standard }
        return LevelVocabulary(uncheckedNames: levelNames.value.split(separator: "/", omittingEmptySubsequences: false)
            .map { LevelVocabulary.normalizedName(String($0)) })
    }

    // A mapping recipe (`import mapping`).
    /// The source catalog id (the recipe key `source` of a mapping recipe).
    public var sourceCatalog: Value<String>?
    /// The target catalog ids, in the order of the 突合表's column groups.
    public var targets: Value<[Value<String>]>?
    /// The relationship every imported link gets (declared, never guessed).
    public var relationship: Value<Relationship>?
    /// The cross-reference columns and the rules that read their cells.
    public var crossReferenceColumns: [CrossReferenceColumn] = []

    /// One cross-reference column of a mapping recipe: where it is (a letter or header text)
    /// and the rules that say which text names which target catalog's items.
    public struct CrossReferenceColumn: Sendable, Equatable {
        public var column: Value<String>
        public var rules: [CrossReferenceRule]
        /// Where each rule was written, in the order of `rules`.
        public var ruleLocations: [SourceLocation]
        /// Where each rule's `catalog` was written, in the order of `rules`.
        public var catalogLocations: [SourceLocation]

        public init(column: Value<String>, rules: [CrossReferenceRule], ruleLocations: [SourceLocation] = [], catalogLocations: [SourceLocation] = []) {
            self.column = column
            self.rules = rules
            self.ruleLocations = ruleLocations
            self.catalogLocations = catalogLocations
        }
    }

    /// What a recipe is read for: `import catalog` or `import mapping`.
    public enum Kind: Sendable {
        case catalog, mapping
    }

    public init() {}

    /// The keys a recipe may hold, in the order docs/import.md lists them.
    public static let keys = [
        "id", "title", "short-title", "publisher", "version", "date", "hierarchy-names", "completeness", "source",
        "sheet", "encoding", "delimiter", "header-rows", "skip-rows", "blank-ids",
        "id-column", "title-column", "text-column", "level-column", "tags-column",
        "hierarchy-columns", "headings", "id-pattern", "level-names", "level-values",
    ]

    /// The keys a mapping recipe may hold (docs/import.md, "Table → mapping").
    public static let mappingKeys = [
        "id", "title", "source", "targets", "relationship", "columns",
        "sheet", "encoding", "delimiter", "header-rows", "skip-rows", "blank-ids", "id-column",
    ]

    /// The keys of one rule of a cross-reference column.
    public static let ruleKeys = ["pattern", "catalog", "item", "ranges"]

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
        take(\.headingsFromColumns); take(\.idPattern); take(\.levelNames); take(\.levelValues)
        take(\.sourceCatalog); take(\.targets); take(\.relationship)
        if !overrides.crossReferenceColumns.isEmpty { merged.crossReferenceColumns = overrides.crossReferenceColumns }
        merged.sources += overrides.sources
        return merged
    }

    /// Reads a recipe file; every problem is located in it.
    public static func read(_ path: String, kind: Kind = .catalog) throws(DiagnosticError) -> ImportRecipe {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(.error(SourceLocation(file: path), "no such recipe file"), kind: .missingInput)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticError(.error(SourceLocation(file: path), "the recipe is not UTF-8 text"))
        }
        return try parse(text, file: path, kind: kind)
    }

    public static func parse(_ text: String, file: String, kind: Kind = .catalog) throws(DiagnosticError) -> ImportRecipe {
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
        var pendingLevelValues: (values: [(written: String, raw: String, at: SourceLocation)], at: SourceLocation)?
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
            if kind == .mapping, !mappingKeys.contains(key) {
                if keys.contains(key) {
                    diagnostics.append(.error(at(keyNode), "'\(key)' is a key of catalog recipes (import catalog); a mapping recipe has: \(mappingKeys.joined(separator: ", "))"))
                } else {
                    let hint = Suggestion.nearest(to: key, in: mappingKeys).map { "; did you mean '\($0)'?" } ?? ""
                    diagnostics.append(.error(at(keyNode), "unknown recipe key '\(key)'\(hint) (keys of a mapping recipe: \(mappingKeys.joined(separator: ", ")))"))
                }
                continue
            }
            switch (key, kind) {
            case ("source", .mapping): recipe.sourceCatalog = scalar(node, key); continue
            case ("targets", .mapping):
                recipe.targets = Value(list(node, key), at: at(node))
                continue
            case ("relationship", .mapping):
                guard let v = scalar(node, key) else { continue }
                guard let relationship = Relationship(parsing: v.value) else {
                    let names = Relationship.allCases.map(\.rawValue)
                    let hint = Suggestion.nearest(to: v.value, in: names).map { "; did you mean '\($0)'?" } ?? ""
                    diagnostics.append(.error(v.location, "unknown relationship '\(v.value)'\(hint) (\(names.joined(separator: ", ")))"))
                    continue
                }
                if relationship == .noRelationship {
                    diagnostics.append(.error(v.location, "the default relationship of imported links cannot be 'no-relationship': a cell that names an item says it corresponds (intersects-with, subset-of, …)"))
                    continue
                }
                recipe.relationship = Value(relationship, at: v.location)
                continue
            case ("columns", .mapping):
                recipe.crossReferenceColumns = crossReferenceColumns(node, at: at, diagnostics: &diagnostics)
                continue
            default: break
            }
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
            case "level-names": recipe.levelNames = scalar(node, key)
            case "level-values":
                guard let pairs = node.mapping else {
                    diagnostics.append(.error(at(node), "level-values maps cell spellings to levels, e.g. '必須: LV1'"))
                    continue
                }
                var values: [(written: String, raw: String, at: SourceLocation)] = []
                for (spelling, levelNode) in pairs {
                    guard let written = spelling.scalar?.string, let raw = levelNode.scalar?.string else {
                        diagnostics.append(.error(at(spelling), "level-values maps one spelling to one level"))
                        continue
                    }
                    values.append((written, raw, at(levelNode)))
                }
                pendingLevelValues = (values, at(node))
            default:
                let hint = Suggestion.nearest(to: key, in: keys).map { "; did you mean '\($0)'?" } ?? ""
                diagnostics.append(.error(at(keyNode), "unknown recipe key '\(key)'\(hint) (keys: \(keys.joined(separator: ", ")))"))
            }
        }
        // level-names first (its key may come after level-values), then the values against it.
        let vocabulary = recipe.levelVocabulary
        if let declared = recipe.levelNames {
            var seen = Set<String>()
            for name in vocabulary.names {
                if let problem = LevelVocabulary.problem(with: name) {
                    diagnostics.append(.error(declared.location, "level-names: \(problem)"))
                } else if !seen.insert(Normalization.key(name)).inserted {
                    diagnostics.append(.error(declared.location, "level-names: '\(name)' is declared twice"))
                }
            }
        }
        if let pending = pendingLevelValues {
            var values: [String: Level] = [:]
            for value in pending.values {
                guard let level = vocabulary.level(named: value.raw) else {
                    diagnostics.append(.error(value.at, "unknown level '\(value.raw)'; levels are \(vocabulary.names.joined(separator: ", "))"))
                    continue
                }
                values[Normalization.key(value.written)] = level
            }
            recipe.levelValues = Value(values, at: pending.at)
        }
        if !diagnostics.isEmpty { throw DiagnosticError(.badInput, diagnostics) }
        return recipe
    }

    /// `columns:` of a mapping recipe: a list of `column:` with its `rules:` (pattern, catalog,
    /// item, ranges: expand).
    static func crossReferenceColumns(_ node: Node, at: (Node) -> SourceLocation, diagnostics: inout [Diagnostic]) -> [CrossReferenceColumn] {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            diagnostics.append(.error(at(node), "columns is a list of cross-reference columns, each '- column: …' with its 'rules:'"))
            return []
        }
        var columns: [CrossReferenceColumn] = []
        for entry in sequence {
            guard let fields = entry.mapping else {
                diagnostics.append(.error(at(entry), "a cross-reference column is 'column: …' with 'rules:'"))
                continue
            }
            var column: Value<String>?
            var rulesNode: Node?
            for (keyNode, value) in fields {
                let key = keyNode.scalar?.string ?? ""
                switch key {
                case "column":
                    if let s = value.scalar, !s.string.trimmingCharacters(in: .whitespaces).isEmpty {
                        column = Value(s.string.trimmingCharacters(in: .whitespaces), at: at(value))
                    } else {
                        diagnostics.append(.error(at(value), "'column' takes a column letter or header text"))
                    }
                case "rules": rulesNode = value
                default:
                    let hint = Suggestion.nearest(to: key, in: ["column", "rules"]).map { "; did you mean '\($0)'?" } ?? ""
                    diagnostics.append(.error(at(keyNode), "unknown key '\(key)' of a cross-reference column\(hint) (column, rules)"))
                }
            }
            guard let column else {
                diagnostics.append(.error(at(entry), "a cross-reference column needs 'column:' (a letter or its header text)"))
                continue
            }
            guard let rulesNode, let ruleNodes = rulesNode.sequence, !ruleNodes.isEmpty else {
                diagnostics.append(.error(rulesNode.map(at) ?? at(entry), "column '\(column.value)' needs 'rules:', a list of '- pattern: …' with 'catalog: …'"))
                continue
            }
            var result = CrossReferenceColumn(column: column, rules: [])
            for ruleNode in ruleNodes {
                guard let ruleFields = ruleNode.mapping else {
                    diagnostics.append(.error(at(ruleNode), "a rule is 'pattern: …' with 'catalog: …' (and optionally 'item:', 'ranges: expand')"))
                    continue
                }
                var values: [String: (String, SourceLocation)] = [:]
                var ok = true
                for (keyNode, value) in ruleFields {
                    let key = keyNode.scalar?.string ?? ""
                    guard ruleKeys.contains(key) else {
                        let hint = Suggestion.nearest(to: key, in: ruleKeys).map { "; did you mean '\($0)'?" } ?? ""
                        diagnostics.append(.error(at(keyNode), "unknown key '\(key)' of a rule\(hint) (\(ruleKeys.joined(separator: ", ")))"))
                        ok = false
                        continue
                    }
                    guard let s = value.scalar, !s.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                        diagnostics.append(.error(at(value), "'\(key)' of a rule takes one value"))
                        ok = false
                        continue
                    }
                    values[key] = (s.string, at(value))
                }
                guard ok else { continue }
                guard let pattern = values["pattern"], let catalog = values["catalog"] else {
                    diagnostics.append(.error(at(ruleNode), "a rule needs both 'pattern:' and 'catalog:'"))
                    continue
                }
                var expands = false
                if let ranges = values["ranges"] {
                    guard ranges.0 == "expand" || ranges.0 == "none" else {
                        diagnostics.append(.error(ranges.1, "ranges is 'expand' or 'none', not '\(ranges.0)'"))
                        continue
                    }
                    expands = ranges.0 == "expand"
                }
                do {
                    let rule = try CrossReferenceRule(pattern: pattern.0, catalog: catalog.0, item: values["item"]?.0, expandsRanges: expands)
                    result.rules.append(rule)
                    result.ruleLocations.append(at(ruleNode))
                    result.catalogLocations.append(catalog.1)
                } catch {
                    let place = "\(error)".hasPrefix("item template") ? values["item"]?.1 ?? pattern.1 : pattern.1
                    diagnostics.append(.error(place, "\(error)"))
                }
            }
            columns.append(result)
        }
        return columns
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
