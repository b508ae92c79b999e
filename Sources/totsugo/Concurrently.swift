import Dispatch

/// Runs `background` on another thread while `foreground` runs on this one, and returns when
/// both have finished: the workbook (deflate-bound) is made on the second core while the CSV
/// and Markdown are written. An error from either side is rethrown, the foreground's first.
func concurrently(_ background: @escaping @Sendable () throws -> Void, _ foreground: () throws -> Void) throws {
    let done = DispatchSemaphore(value: 0)
    let outcome = Outcome()
    DispatchQueue.global().async {
        do { try background() } catch { outcome.error = error }
        done.signal()
    }
    let foregroundResult = Result { try foreground() }
    done.wait()
    try foregroundResult.get()
    if let error = outcome.error { throw error }
}

/// Written by the background thread before it signals, read after the wait.
private final class Outcome: @unchecked Sendable {
    var error: (any Error)?
}

/// `background()` on another thread and `foreground()` on this one; both results.
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

/// Written by the background thread before it signals, read after the wait.
private final class Box<T>: @unchecked Sendable {
    var value: T?
}
