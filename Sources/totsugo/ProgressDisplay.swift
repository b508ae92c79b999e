import Dispatch
import Foundation
import TotsugoPipeline
#if canImport(Glibc)
import Glibc
#endif

/// Progress of a long run on a terminal: once the run has lasted `after` seconds (1 by
/// default), each step the library reports (inputs read, a 突合表 made, a file written, with
/// their counts) is one line on stderr:
///
///     totsugo: read: 3 catalogs, 120,000 items, 1 mapping [2.1 s]
///     totsugo: table bench: 95,000 rows [3.0 s]
///     totsugo: wrote bench.xlsx: 95,000 rows [5.8 s]
///
/// Shown only when stderr is a terminal, and never under CI (the CI variable set), with
/// TERM=dumb or TOTSUGO_PROGRESS=0: piped and logged output stays what it was. A shorter run
/// shows nothing. TOTSUGO_PROGRESS_AFTER sets the seconds.
final class ProgressDisplay: @unchecked Sendable {
    private let start = DispatchTime.now().uptimeNanoseconds
    private let after: Double
    private let lock = NSLock()

    private init(after: Double) { self.after = after }

    /// The display for this process, or nil when progress is not shown.
    static func forStandardError(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressDisplay? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        if let ci = environment["CI"], !ci.isEmpty, ci != "0", ci.lowercased() != "false" { return nil }
        if environment["TERM"] == "dumb" || environment["TOTSUGO_PROGRESS"] == "0" { return nil }
        let after = environment["TOTSUGO_PROGRESS_AFTER"].flatMap(Double.init) ?? 1
        return ProgressDisplay(after: max(0, after))
    }

    func show(_ step: ProgressStep) {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard seconds >= after else { return }
        let line = "totsugo: " + Self.describe(step) + " [\(String(format: "%.1f", seconds)) s]\n"
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// `read: 3 catalogs, 120,000 items, 1 mapping`, `wrote bench.xlsx: 95,000 rows`.
    static func describe(_ step: ProgressStep) -> String {
        let head = step.subject.isEmpty ? step.phase : "\(step.phase) \(step.subject)"
        let counts = step.counts.map { "\(grouped($0.value)) \($0.value == 1 ? $0.unit : plural($0.unit))" }
        return counts.isEmpty ? head : "\(head): \(counts.joined(separator: ", "))"
    }

    /// `rows`, `entries` (a unit ending in a consonant and `y`).
    static func plural(_ unit: String) -> String {
        if unit.hasSuffix("y"), let before = unit.dropLast().last, !"aeiou".contains(before) { return unit.dropLast() + "ies" }
        return unit + "s"
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (k, digit) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }
}
