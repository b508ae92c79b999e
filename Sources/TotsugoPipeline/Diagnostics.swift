import TotsugoCore

/// Where a command's diagnostics and progress go. The library never prints: the executable
/// passes a sink that writes to stderr; tests pass a `DiagnosticLog`.
public protocol DiagnosticSink: Sendable {
    /// Every problem of one step, errors and warnings, each with its location.
    func report(_ diagnostics: [Diagnostic])
    /// The end of a phase of the run (for TOTSUGO_TRACE and progress).
    func phase(_ name: String)
}

extension DiagnosticSink {
    public func phase(_ name: String) {}
}

/// Collects what a command reports (tests, and callers that print later).
public final class DiagnosticLog: DiagnosticSink, @unchecked Sendable {
    private var collected: [Diagnostic] = []
    private var phases: [String] = []
    private let lock = NSLockLike()

    public init() {}

    public func report(_ diagnostics: [Diagnostic]) { lock.locked { collected += diagnostics } }
    public func phase(_ name: String) { lock.locked { phases.append(name) } }

    public var diagnostics: [Diagnostic] { lock.locked { collected } }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// Why a command did not succeed; the executable maps each to its documented exit code.
public enum CommandFailure: Error, Equatable, Sendable {
    /// A check ran and a threshold was not met (exit 1).
    case checkFailed
    /// Input exists but is wrong (exit 65).
    case badInput
    /// A named input does not exist or is not a readable regular file (exit 66).
    case missingInput
    /// Something that should not happen (exit 70).
    case internalError(String)
    /// An output file could not be written (exit 73).
    case cannotWrite(String)
}
