import TotsugoCore

/// Where a command's diagnostics and progress go. The library never prints: the executable
/// passes a sink that writes to stderr; tests pass a `DiagnosticLog`.
public protocol DiagnosticSink: Sendable {
    /// Every problem of one step, errors and warnings, each with its location.
    func report(_ diagnostics: [Diagnostic])
    /// The end of a phase of the run (for TOTSUGO_TRACE and progress).
    func phase(_ name: String)
    /// What a long run has done so far, with counts (the executable shows it on a terminal).
    func progress(_ step: ProgressStep)
}

extension DiagnosticSink {
    public func phase(_ name: String) {}
    public func progress(_ step: ProgressStep) {}
}

/// One step of a run and what it counted: `read` (catalogs, items, mappings), `table` (rows of
/// one mapping's 突合表), `wrote` (a file and the rows in it).
public struct ProgressStep: Sendable, Equatable {
    public struct Count: Sendable, Equatable {
        public var value: Int
        /// Singular, in English (`item`, `row`); the display makes the plural.
        public var unit: String

        public init(_ value: Int, _ unit: String) {
            self.value = value
            self.unit = unit
        }
    }

    public var phase: String
    /// The mapping or file the step is about ("" for the whole run).
    public var subject: String
    public var counts: [Count]

    public init(_ phase: String, _ subject: String = "", counts: [Count] = []) {
        self.phase = phase
        self.subject = subject
        self.counts = counts
    }
}

/// Collects what a command reports (tests, and callers that print later).
public final class DiagnosticLog: DiagnosticSink, @unchecked Sendable {
    private var collected: [Diagnostic] = []
    private var phases: [String] = []
    private var steps: [ProgressStep] = []
    private let lock = NSLockLike()

    public init() {}

    public func report(_ diagnostics: [Diagnostic]) { lock.locked { collected += diagnostics } }
    public func phase(_ name: String) { lock.locked { phases.append(name) } }
    public func progress(_ step: ProgressStep) { lock.locked { steps.append(step) } }

    /// The progress steps reported, in order.
    public var progressSteps: [ProgressStep] { lock.locked { steps } }

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
