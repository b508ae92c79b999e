import Dispatch
import Foundation

/// With TOTSUGO_TRACE=1 in the environment, prints when each phase of a command ends, in
/// seconds since the command started, to stderr (`trace: ingest 1.62 s`). For benchmarks and
/// profiling (BENCHMARKS.md); silent otherwise.
struct PhaseTrace: Sendable {
    private let start = DispatchTime.now().uptimeNanoseconds
    private let enabled = ProcessInfo.processInfo.environment["TOTSUGO_TRACE"] == "1"

    func mark(_ phase: String) {
        guard enabled else { return }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        FileHandle.standardError.write(Data("trace: \(phase) \(String(format: "%.2f", seconds)) s\n".utf8))
    }
}
