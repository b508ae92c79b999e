import Dispatch
import Foundation
import TotsugoEmit

/// On SIGINT, SIGTERM or SIGHUP, removes the staging folders of the run (waiting for a commit
/// in progress to finish), then ends the process by the same signal, so an interrupted run
/// leaves the output folder as it was and no temporary files behind. (SIGKILL cannot be
/// caught: the next run into the folder removes what such a run left.)
enum SignalCleanup {
    private nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []
    private static let state = NSLock()
    private nonisolated(unsafe) static var interrupted = false

    static func install() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                state.withLock { interrupted = true }
                OutputWriter.discardActiveStagings()
                signal(signalNumber, SIG_DFL)
                // Process-directed: dispatch threads block signals, so raise() here would not end it.
                kill(getpid(), signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Called before the process exits with an error: when a signal is being handled, the
    /// error is most likely its consequence (the staging folder removed under a writer), so
    /// the process waits for the handler to end it by the signal instead.
    static func yieldToSignalHandler() {
        guard state.withLock({ interrupted }) else { return }
        while true { pause() }
    }
}
