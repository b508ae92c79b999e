import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

/// Runs `work` on a new thread of the lowest scheduling priority (nice 19) and waits for it.
/// On two cores a large build has more runnable threads than cores once the workbook deflates;
/// at equal priority the CSV and Markdown writers took a share of the deflate thread's core and
/// the build ended ≈ 1 s later (100k items). At nice 19 they run on what the workbook leaves.
/// Linux sets nice per thread (`setpriority` on the thread id); elsewhere this is plain.
func atLowPriority(_ work: @escaping @Sendable () throws -> Void) throws {
    let box = Box<Result<Void, Error>>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        lowerThisThreadsPriority()
        box.value = Result { try work() }
        done.signal()
    }
    thread.start()
    done.wait()
    try box.value!.get()
}

private func lowerThisThreadsPriority() {
    #if canImport(Glibc)
    // glibc declares gettid only for _GNU_SOURCE, which Swift's Glibc module does not set.
    typealias GetThreadID = @convention(c) () -> pid_t
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "gettid") else { return }  // RTLD_DEFAULT
    let thread = unsafeBitCast(symbol, to: GetThreadID.self)()
    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(thread), 19)
    #endif
}
