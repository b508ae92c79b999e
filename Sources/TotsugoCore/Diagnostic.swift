/// One message for the user, always printed as `file:line:col: severity: message`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity = .error, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public static func error(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: location, message)
    }

    public static func warning(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.warning, at: location, message)
    }

    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// Why a run failed; decides the exit code (see README "Exit codes").
public enum FailureKind: Sendable {
    /// Input exists but is wrong (malformed, schema violation, bad reference…): exit 65.
    case badInput
    /// A named input file or folder does not exist or cannot be read: exit 66.
    case missingInput
}

/// An error carrying diagnostics; thrown by parsers and the resolver.
public struct DiagnosticError: Error, Sendable {
    public var kind: FailureKind
    public var diagnostics: [Diagnostic]
    /// What a mapping reader could read despite errors in some entries or links (those left
    /// out), so that its references can still be checked in the same run; never built from.
    public var readSoFar: Mapping?

    public init(_ kind: FailureKind = .badInput, _ diagnostics: [Diagnostic]) {
        self.kind = kind
        self.diagnostics = diagnostics
    }

    public init(_ diagnostic: Diagnostic, kind: FailureKind = .badInput) {
        self.init(kind, [diagnostic])
    }
}
