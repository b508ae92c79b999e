import TotsugoCore
import Yams

/// Typed access to a composed Yams node tree with positions for every diagnostic, unknown-key
/// checks, and a budget on visited nodes so alias bombs (`&a [*b, *b, …]`) fail fast: Yams
/// shares aliased subtrees, so composing is cheap, and this reader stops expanding them.
public struct YAMLNodeReader {
    let file: String
    var budget: Int
    let limit: Int
    var diagnostics: [Diagnostic] = []
    struct BudgetExceeded: Error {}

    init(file: String, budget: Int) {
        self.file = file
        self.budget = budget
        self.limit = budget
    }

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    mutating func spend(_ node: Node) throws(BudgetExceeded) {
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

    public static let defaultBudget = InputLimits.defaultMaxYAMLNodes

    mutating func error(_ node: Node, _ message: String) {
        diagnostics.append(.error(location(node), message))
    }

    /// The key/value pairs of a mapping node, checking for unknown and duplicate keys.
    mutating func fields(_ node: Node, what: String, allowed: [String], required: [String] = []) throws(BudgetExceeded) -> [String: Node]? {
        try spend(node)
        guard case .mapping(let mapping) = node else {
            error(node, "\(what) must be a mapping of keys to values")
            return nil
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            try spend(keyNode)
            let key = keyNode.string ?? ""
            if !allowed.contains(key) {
                let hint = Suggestion.nearest(to: key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                error(keyNode, "unknown key '\(key)' in \(what)\(hint); allowed: \(allowed.joined(separator: ", "))")
                continue
            }
            if result[key] != nil {
                error(keyNode, "duplicate key '\(key)' in \(what)")
                continue
            }
            result[key] = value
        }
        for key in required where result[key] == nil {
            error(node, "\(what) lacks '\(key)'")
        }
        return result
    }

    mutating func string(_ node: Node?, what: String) throws(BudgetExceeded) -> String? {
        guard let node else { return nil }
        try spend(node)
        guard case .scalar(let scalar) = node else {
            error(node, "\(what) must be a single value")
            return nil
        }
        if node.null != nil { return nil }
        return scalar.string
    }

    mutating func sequence(_ node: Node?, what: String) throws(BudgetExceeded) -> [Node]? {
        guard let node else { return nil }
        try spend(node)
        if case .scalar = node, node.null != nil { return [] }
        guard case .sequence(let sequence) = node else {
            error(node, "\(what) must be a list")
            return nil
        }
        return Array(sequence)
    }
}
