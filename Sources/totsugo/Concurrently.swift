import Dispatch
import Foundation
import TotsugoCore

/// `background()` on another thread while `foreground()` runs on this one; returns both results
/// when both have finished (the workbook, deflate-bound, is made on a second core while the CSV
/// and Markdown are written; coverage is counted while the 突合表 is made).
func concurrently<A: Sendable, B>(_ background: @escaping @Sendable () -> A, _ foreground: () -> B) -> (A, B) {
    let box = Box<A>()
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        box.value = background()
        done.signal()
    }
    let b = foreground()
    done.wait()
    return (box.value!, b)
}

/// The same for work that only throws: an error from either side is rethrown, the foreground's
/// first.
func concurrently(_ background: @escaping @Sendable () throws -> Void, _ foreground: () throws -> Void) throws {
    let (backgroundResult, foregroundResult) = concurrently({ Result { try background() } }, { Result { try foreground() } })
    try foregroundResult.get()
    try backgroundResult.get()
}

/// Written by the background thread before it signals, read after the wait.
private final class Box<T>: @unchecked Sendable {
    var value: T?
}

/// Frees a large value (a 突合表, the loaded workspace) on a thread of its own. Releasing the
/// millions of strings and arrays of a large build takes a noticeable time (≈ 0.3 s for a
/// 100k-row 突合表) that nothing needs to wait for: `wait()` before making the next large value
/// keeps memory bounded, and the process may end before the last release has finished.
final class BackgroundRelease: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)

    /// Starts freeing `value`; the caller must hold no other reference to it (pass `consume x`).
    init<Value>(_ value: consuming Value) {
        let box = Box<Value>()
        box.value = value
        DispatchQueue.global().async { [done] in
            box.value = nil
            done.signal()
        }
    }

    /// Waits until the value is freed.
    func wait() {
        done.wait()
        done.signal()
    }
}

/// Runs `work` on a new thread at nice 19 (`ThreadPriority`) and waits for it. The CSV and
/// Markdown writers run so while the workbook is made: at equal priority they took a share of
/// the deflate thread's core and the build ended ≈ 1 s later (100k items).
func atLowPriority(_ work: @escaping @Sendable () throws -> Void) throws {
    try BackgroundValue(lowPriority: true) { Result { try work() } }.value.get()
}
