import Dispatch

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
