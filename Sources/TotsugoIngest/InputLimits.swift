import TotsugoCore

/// Resource limits for reading inputs that come from outside (README "Limits"). Each one
/// fails with a positioned `file:line:col: error:` diagnostic (exit 65) and can be raised
/// on the command line (`--max-input-bytes`, `--max-items`, `--max-depth`, `--max-yaml-nodes`).
/// XML element depth is bounded by libxml2 itself (256 without XML_PARSE_HUGE, never set);
/// entity expansion cannot happen (any DOCTYPE is rejected).
public struct InputLimits: Sendable, Equatable {
    /// Largest input file in bytes.
    public var maxInputBytes: Int
    /// Most items in one catalog (all levels counted).
    public var maxItems: Int
    /// Deepest item nesting in a catalog (1 = top-level items only).
    public var maxDepth: Int
    /// Most YAML nodes visited in one mapping, aliases counted each time they are used.
    public var maxYAMLNodes: Int

    public static let defaultMaxInputBytes = 64 << 20
    public static let defaultMaxItems = 200_000
    public static let defaultMaxDepth = 32
    public static let defaultMaxYAMLNodes = 10_000_000

    /// Errors reported per file before a parser gives up on it (so a hostile file cannot
    /// produce millions of diagnostics).
    public static let maxDiagnosticsPerFile = 200

    public init(maxInputBytes: Int = defaultMaxInputBytes, maxItems: Int = defaultMaxItems,
                maxDepth: Int = defaultMaxDepth, maxYAMLNodes: Int = defaultMaxYAMLNodes) {
        self.maxInputBytes = maxInputBytes
        self.maxItems = maxItems
        self.maxDepth = maxDepth
        self.maxYAMLNodes = maxYAMLNodes
    }

    public static let `default` = InputLimits()

    static func tooManyItems(_ limit: Int, at location: SourceLocation) -> DiagnosticError {
        DiagnosticError(.error(location, "catalog has more than \(limit) items; raise the limit with --max-items if this is intended"))
    }

    static func tooDeep(_ limit: Int, at location: SourceLocation) -> DiagnosticError {
        DiagnosticError(.error(location, "items are nested deeper than \(limit) levels; raise the limit with --max-depth if this is intended"))
    }

    static func tooManyErrors(at location: SourceLocation) -> Diagnostic {
        .error(location, "too many errors (\(maxDiagnosticsPerFile)); stopped reading this file")
    }
}
