import ArgumentParser
import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoPipeline

/// The executable's diagnostics sink: diagnostics to stderr (`DiagnosticPrinter`), with
/// `--format github` also as workflow annotations on stdout; phases with TOTSUGO_TRACE=1;
/// progress of a long run when stderr is a terminal (`ProgressDisplay`).
struct StandardErrorSink: DiagnosticSink {
    var annotations = false
    private let trace = PhaseTrace()
    private let display = ProgressDisplay.forStandardError()

    init(annotations: Bool = false) { self.annotations = annotations }

    func report(_ diagnostics: [Diagnostic]) {
        if diagnostics.isEmpty { return }
        if annotations { FileHandle.standardOutput.write(Data(CheckGitHubEmitter().render(diagnostics))) }
        DiagnosticPrinter.print(diagnostics)
    }

    func phase(_ name: String) { trace.mark(name) }

    func progress(_ step: ProgressStep) { display?.show(step) }
}

extension CommandFailure {
    /// The documented exit code (README "Exit codes"); the message, if any, to stderr first.
    var exitCode: ExitCode {
        switch self {
        case .checkFailed: return ExitCodes.checkFailed
        case .badInput: return ExitCodes.badInput
        case .missingInput: return ExitCodes.missingInput
        case .internalError(let message):
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            return ExitCodes.internalError
        case .cannotWrite(let message):
            FileHandle.standardError.write(Data("\(message)\n".utf8))
            return ExitCodes.cannotWrite
        }
    }
}

/// Runs one library command, turning its failure into the documented exit code.
func running<T>(_ command: () throws(CommandFailure) -> T) throws -> T {
    do throws(CommandFailure) {
        return try command()
    } catch {
        throw error.exitCode
    }
}
