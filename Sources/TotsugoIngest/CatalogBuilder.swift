import Foundation
import TotsugoCore

/// Shared rules for both catalog formats: how an item id is derived, how levels and tags
/// are read, and the duplicate-id check. One place, so both formats yield the same model.
struct CatalogBuilder {
    let file: String
    let limits: InputLimits
    var diagnostics: [Diagnostic] = []
    /// Line and column of each id's first definition (the file is `file`).
    private var seen: [String: (line: Int, column: Int)] = [:]
    private var itemCount = 0
    /// Levels and tags as read from each distinct attribute value: catalogs repeat a few
    /// values (`LV1`, `management minimum`), so items share one array per value.
    private var levelCache: [String: [Level]] = [:]
    private var tagCache: [String: [String]] = [:]
    /// The catalog's level vocabulary (`declareLevels`); items' levels must be in it.
    private(set) var vocabulary: LevelVocabulary = .standard

    init(file: String, limits: InputLimits = .default) {
        self.file = file
        self.limits = limits
    }

    /// Counts one more item at `depth` (1 = top level); fails at once past a limit.
    mutating func count(depth: Int, at location: SourceLocation) throws(DiagnosticError) {
        itemCount += 1
        if diagnostics.count >= InputLimits.maxDiagnosticsPerFile {
            throw DiagnosticError(.badInput, diagnostics + [InputLimits.tooManyErrors(at: location)])
        }
        if itemCount > limits.maxItems { throw InputLimits.tooManyItems(limits.maxItems, at: location) }
        if depth > limits.maxDepth { throw InputLimits.tooDeep(limits.maxDepth, at: location) }
    }

    /// Id rule: an explicit id wins; otherwise the number (trailing `.` dropped) appended
    /// to the parent's id with `/`. Both normalised as keys.
    mutating func itemID(explicit: String?, number: String, parentID: String?, at location: SourceLocation) -> String? {
        if let explicit, !Normalization.key(explicit).isEmpty {
            return register(Normalization.key(explicit), written: explicit, at: location)
        }
        var own = Normalization.key(number)
        while own.hasSuffix(".") { own.removeLast() }
        guard !own.isEmpty else {
            diagnostics.append(.error(location, "item has neither a number nor an id: no number was read (structured text: `# NUMBER | heading`, with a space on both sides of `|`, else the whole line is the heading; XML: the number attribute); give it one so mappings can refer to it"))
            return nil
        }
        var written = number.trimmingCharacters(in: .whitespaces)
        while written.hasSuffix(".") { written.removeLast() }
        return register(parentID.map { "\($0)/\(own)" } ?? own, written: parentID.map { "\($0)/\(written)" } ?? written, at: location)
    }

    private mutating func register(_ id: String, written: String, at location: SourceLocation) -> String {
        if let first = seen[id] {
            let firstLocation = SourceLocation(file: file, line: first.line, column: first.column)
            diagnostics.append(.error(location, "duplicate item id \(Normalization.quoted(written, key: id)) (first defined at \(firstLocation))"))
        } else {
            seen[id] = (location.line, location.column)
        }
        return id
    }

    mutating func levels(_ raw: String?, at location: SourceLocation) -> [Level] {
        guard let raw else { return [] }
        if let known = levelCache[raw] { return known }
        let before = diagnostics.count
        let result = readLevels(raw, at: location)
        if diagnostics.count == before, levelCache.count < 4096 { levelCache[raw] = result }
        return result
    }

    private mutating func readLevels(_ raw: String, at location: SourceLocation) -> [Level] {
        var result: [Level] = []
        for part in raw.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "|" || $0 == "\u{3000}" }) {
            let token = String(part)
            if Normalization.key(token) == "unknown" { continue }
            if let level = vocabulary.level(named: token) {
                if !result.contains(level) { result.append(level) }
            } else if vocabulary.isStandard {
                diagnostics.append(.error(location, "unknown level '\(token)' (expected LV1, LV2 or LV3; a catalog with levels of its own declares them with level-names)"))
            } else {
                diagnostics.append(.error(location, "unknown level '\(token)' (this catalog's level-names: \(vocabulary.names.joined(separator: " / ")))"))
            }
        }
        return result
    }

    /// The catalog's own level names, in order (each with where it is written); the same rules
    /// in both formats: at least one, each one word, no two alike as keys (`★３` = `★3`).
    /// Must come before the items are read.
    mutating func declareLevels(_ declared: [(name: String, location: SourceLocation)]) {
        var names: [String] = []
        var seen: [String: String] = [:]
        for (raw, location) in declared {
            let name = LevelVocabulary.normalizedName(raw)
            if let problem = LevelVocabulary.problem(with: name) {
                diagnostics.append(.error(location, "level-names: \(problem)"))
            } else if let first = seen[Normalization.key(name)] {
                diagnostics.append(.error(location, "level-names: '\(name)' is declared twice (as '\(first)' before)"))
            } else {
                seen[Normalization.key(name)] = name
                names.append(name)
            }
        }
        if !names.isEmpty { vocabulary = LevelVocabulary(uncheckedNames: names) }
    }

    mutating func tags(_ raw: String?) -> [String] {
        guard let raw else { return [] }
        if let known = tagCache[raw] { return known }
        let result = raw.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\u{3000}" })
            .map { Normalization.key(String($0)) }
            .filter { !$0.isEmpty }
        if tagCache.count < 4096 { tagCache[raw] = result }
        return result
    }

    mutating func headingSource(_ raw: String?, at location: SourceLocation) -> HeadingSource {
        guard let raw else { return .quoted }
        if let source = HeadingSource(rawValue: Normalization.key(raw)) { return source }
        diagnostics.append(.error(location, "unknown heading-source '\(raw)' (expected quoted, paraphrased or topic)"))
        return .quoted
    }

    /// The catalog's extent declaration, the same in both formats: `extent` is `complete` or
    /// `partial` (absent: complete), `total-items` the whole guideline's number of items, only
    /// for a partial catalog, at least 1 and at least the items held (checked by `checkTotal`).
    mutating func extent(_ raw: String?, at location: SourceLocation, total: String?, totalAt totalLocation: SourceLocation) -> Catalog.Extent {
        var partial = false
        if let raw {
            switch Normalization.key(raw) {
            case "complete": partial = false
            case "partial": partial = true
            default:
                diagnostics.append(.error(location, "unknown extent '\(raw)' (expected complete or partial)"))
                return .complete
            }
        }
        guard let total else { return partial ? .partial(totalItems: nil) : .complete }
        let digits = Normalization.key(total)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            diagnostics.append(.error(totalLocation, "total-items '\(total)' is not a whole number (write the number of items of the whole guideline, e.g. 153)"))
            return partial ? .partial(totalItems: nil) : .complete
        }
        guard let count = Int(digits), count <= limits.maxItems else {
            diagnostics.append(.error(totalLocation, "total-items '\(total)' is larger than the item limit (\(limits.maxItems))"))
            return partial ? .partial(totalItems: nil) : .complete
        }
        guard count >= 1 else {
            diagnostics.append(.error(totalLocation, "total-items must be at least 1"))
            return partial ? .partial(totalItems: nil) : .complete
        }
        guard partial else {
            diagnostics.append(.error(totalLocation, "total-items is only for a partial catalog: add 'extent: partial' (XML: extent=\"partial\") when the catalog holds only part of the guideline, or remove total-items (a complete catalog holds all its items)"))
            return .complete
        }
        return .partial(totalItems: count)
    }

    /// A declared total below the items read is an error (the total counts every item of the
    /// whole guideline, at every level, as the catalog does).
    mutating func checkTotal(_ extent: Catalog.Extent, at location: SourceLocation) {
        guard let total = extent.totalItems, total < itemCount else { return }
        diagnostics.append(.error(location, "total-items \(total) is less than the \(itemCount) items this catalog holds: total-items is the number of items of the whole guideline, counted as the catalog counts its own (every level)"))
    }

    func optionalBlock(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let block = Normalization.block(raw)
        return block.isEmpty ? nil : block
    }
}
