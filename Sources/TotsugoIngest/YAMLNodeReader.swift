import TotsugoCore
import Yams

/// Typed access to a composed Yams node tree with positions for every diagnostic, unknown-key
/// checks, and a budget on visited nodes so alias bombs (`&a [*b, *b, …]`) fail fast: Yams
/// shares aliased subtrees, so composing is cheap, and this reader stops expanding them.
struct YAMLNodeReader: Sendable {
    let file: String
    var budget: Int
    let limit: Int
    var diagnostics: [Diagnostic] = []
    struct BudgetExceeded: Error {}
    /// Nodes visited so far.
    var spent: Int { limit - budget }

    init(file: String, budget: Int) {
        self.file = file
        self.budget = budget
        self.limit = budget
    }

    func location(_ node: some YAMLReadable) -> SourceLocation {
        SourceLocation(file: file, line: node.line ?? 1, column: node.column ?? 1)
    }

    mutating func spend(_ node: some YAMLReadable) throws(BudgetExceeded) {
        budget -= 1
        if budget < 0 {
            diagnostics.append(.error(location(node), "too many YAML nodes after alias expansion (alias bomb?); the limit is \(limit) nodes (--max-yaml-nodes)"))
            throw BudgetExceeded()
        }
        if diagnostics.count >= InputLimits.maxDiagnosticsPerFile {
            diagnostics.append(InputLimits.tooManyErrors(at: location(node)))
            throw BudgetExceeded()
        }
    }

    static let defaultBudget = InputLimits.defaultMaxYAMLNodes

    mutating func error(_ node: some YAMLReadable, _ message: String) {
        diagnostics.append(.error(location(node), message))
    }

    /// The values of a mapping node by key, one slot per allowed key (mapping files have a few
    /// keys per node: a linear search beats hashing into a dictionary per node).
    struct Fields<N> {
        let allowed: [String]
        var values: [N?]
        /// The key nodes, for diagnostics about a value at its key's position.
        var keys: [N?]

        subscript(key: String) -> N? {
            guard let slot = allowed.firstIndex(of: key) else { return nil }
            return values[slot]
        }

        func keyNode(_ key: String) -> N? {
            guard let slot = allowed.firstIndex(of: key) else { return nil }
            return keys[slot]
        }
    }

    /// The key/value pairs of a mapping node, checking for unknown and duplicate keys.
    mutating func fields<N: YAMLReadable>(_ node: N, what: @autoclosure () -> String, allowed: [String], required: [String] = []) throws(BudgetExceeded) -> Fields<N>? {
        try spend(node)
        guard let mapping = node.pairs else {
            error(node, "\(what()) must be a mapping of keys to values")
            return nil
        }
        var result = Fields<N>(allowed: allowed, values: Array(repeating: nil, count: allowed.count),
                               keys: Array(repeating: nil, count: allowed.count))
        for (keyNode, value) in mapping {
            try spend(keyNode)
            let key = keyNode.text ?? ""
            guard let slot = allowed.firstIndex(of: key) else {
                let hint = Suggestion.nearest(to: key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                error(keyNode, "unknown key '\(key)' in \(what())\(hint); allowed: \(allowed.joined(separator: ", "))")
                continue
            }
            if result.values[slot] != nil {
                error(keyNode, "duplicate key '\(key)' in \(what())")
                continue
            }
            result.values[slot] = value
            result.keys[slot] = keyNode
        }
        for key in required where result[key] == nil {
            error(node, "\(what()) lacks '\(key)'")
        }
        return result
    }

    /// `controls: false` where the caller reports control characters itself (the mapping id).
    mutating func string<N: YAMLReadable>(_ node: N?, what: @autoclosure () -> String, controls: Bool = true) throws(BudgetExceeded) -> String? {
        guard let node else { return nil }
        try spend(node)
        guard node.isScalar else {
            error(node, "\(what()) must be a single value")
            return nil
        }
        if node.isNull { return nil }
        // Escapes (`"\u001b"`, `"\x85"`) can write what the file itself may not hold; such a
        // character would reach the outputs raw.
        if controls, let text = node.text, let control = InputFile.controlCharacter(in: text.utf8) {
            error(node, "\(what()) holds the control character \(control) (written as an escape?); "
                + "only tab, line feed and carriage return are allowed: remove it")
        }
        return node.text
    }

    /// A required single value: nil with an error at its key when it is null (`key:`, `~`,
    /// `null`) or empty once normalised (`""`, blanks), so no entry or link is dropped
    /// silently. A missing key is reported by `fields`.
    mutating func required<N: YAMLReadable>(_ fields: Fields<N>, _ key: String, in what: @autoclosure () -> String, hint: @autoclosure () -> String,
                                            controls: Bool = true) throws(BudgetExceeded) -> String? {
        guard let node = fields[key] else { return nil }
        let text = try string(node, what: "'\(key)'", controls: controls)
        guard node.isScalar else { return nil }  // not a single value: reported by `string`
        if let text, !Normalization.key(text).isEmpty { return text }
        error(fields.keyNode(key) ?? node, "'\(key)' in \(what()) is empty; \(hint())")
        return nil
    }

    mutating func sequence<N: YAMLReadable>(_ node: N?, what: @autoclosure () -> String) throws(BudgetExceeded) -> [N]? {
        guard let node else { return nil }
        try spend(node)
        if node.isScalar, node.isNull { return [] }
        guard let sequence = node.items else {
            error(node, "\(what()) must be a list")
            return nil
        }
        return sequence
    }
}
