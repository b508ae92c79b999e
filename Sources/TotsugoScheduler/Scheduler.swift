import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Every thread totsugo starts, at which priority, what is freed in the background, and the
/// allocator setting: the one place that decides how a run uses the machine's cores. The model,
/// the parsers and the emitters say what may run side by side; this says how.
///
/// Everything here is `package`: tuning, not API.
package enum Scheduler {
    /// How urgent work on a thread of its own is.
    package enum Priority: Sendable {
        case normal
        /// Nice 19 on Linux: for work needed later than what runs meanwhile (the CSV and Markdown
        /// while the workbook deflates, the workbook's later sheets).
        case low
    }

    /// Starts `work` on a thread of its own; `value` of the result waits for it. A plain thread,
    /// not a dispatch queue: the caller may itself run on a queue's thread and wait for it, or
    /// inside `forEachSlice`, where a nested queue would run serially.
    package static func start<Value: Sendable>(_ priority: Priority = .normal,
                                               _ work: @escaping @Sendable () -> Value) -> Pending<Value> {
        Pending(priority: priority, work)
    }

    /// Runs `background` on another thread while `foreground` runs on this one; returns both
    /// results once both have finished.
    package static func both<A: Sendable, B>(_ background: @escaping @Sendable () -> A, _ foreground: () -> B) -> (A, B) {
        let pending = start(.normal, background)
        let b = foreground()
        return (pending.value, b)
    }

    /// The same for work that only throws: an error from either side is rethrown, the
    /// foreground's first.
    package static func both(_ background: @escaping @Sendable () throws -> Void, _ foreground: () throws -> Void) throws {
        let (backgroundResult, foregroundResult) = both({ Result { try background() } }, { Result { try foreground() } })
        try foregroundResult.get()
        try backgroundResult.get()
    }

    /// Runs `work` on a thread of its own at `priority` and waits for it.
    package static func run(_ priority: Priority, _ work: @escaping @Sendable () throws -> Void) throws {
        try start(priority) { Result { try work() } }.value.get()
    }

    /// `body` of every index in `0..<count`, worked out spread over the cores (the calls may
    /// run in any order and at once), returned in index order.
    package static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in slots.set(index, body(index)) }
        return slots.values
    }

    /// Frees a large value (a 突合表, the loaded workspace) on a thread of its own: releasing
    /// the millions of strings and arrays of a large build takes a noticeable time that nothing
    /// needs to wait for. `wait()` before making the next large value keeps memory bounded; the
    /// process may end before the last release has finished. The caller must hold no other
    /// reference to the value (pass `consume x`).
    package static func release<Value>(_ value: consuming Value) -> Release {
        Release(value)
    }

    /// The process-wide allocator setting, applied once at start.
    ///
    /// glibc's malloc raises its mmap threshold after each large block is freed (up to 32 MiB),
    /// so the large arrays of a big run end up inside the heap and are not given back when
    /// freed; a fixed threshold of 4 MiB keeps them in their own mappings, returned on free.
    package static func configureAllocator() {
        mallopt(-3, 4 << 20)  // M_MMAP_THRESHOLD
    }

    /// For a command whose peak is its model rather than its speed (`regulation`), called
    /// before its first thread starts: at most two malloc arenas for the whole process.
    ///
    /// glibc gives each thread that allocates an arena of its own (up to 8 per core); memory
    /// one arena frees is not reused by another, so the items a loader thread made and the
    /// document the main thread builds after it each keep their own resident slack. At 100k
    /// provisions two arenas gave back 2.9 MiB of a 66.5 MiB peak; they cost `build` 10 % of its
    /// wall time (its table threads then wait on each other's arena), `regulation` 3 %
    /// (BENCHMARKS.md, "Seventh step"), so only commands that ask for it get it.
    package static func preferSmallFootprint() {
        mallopt(-8, 2)  // M_ARENA_MAX
    }

    /// glibc's `mallopt`; nothing elsewhere. It is in <malloc.h>, which Swift's Glibc module
    /// does not import, so it is looked up by name.
    private static func mallopt(_ parameter: Int32, _ value: Int32) {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {  // RTLD_DEFAULT
            _ = unsafeBitCast(symbol, to: Mallopt.self)(parameter, value)
        }
        #endif
    }

    /// A value being worked out on a thread of its own.
    package final class Pending<Value: Sendable>: @unchecked Sendable {
        private let done = NSCondition()
        private var result: Value?

        fileprivate init(priority: Priority, _ work: @escaping @Sendable () -> Value) {
            let thread = Thread { [self] in
                if priority == .low { Scheduler.lowerThisThread() }
                let value = work()
                done.lock()
                result = value
                done.broadcast()
                done.unlock()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }

        /// Waits for the value.
        package var value: Value {
            done.lock()
            defer { done.unlock() }
            while result == nil { done.wait() }
            return result!
        }
    }

    /// A value being freed on a thread of its own.
    package final class Release: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)

        fileprivate init<Value>(_ value: consuming Value) {
            let box = Box<Value>()
            box.value = value
            DispatchQueue.global().async { [done] in
                box.value = nil
                done.signal()
            }
        }

        /// Waits until the value is freed.
        package func wait() {
            done.wait()
            done.signal()
        }
    }

    /// Lowers the calling thread to nice 19, for good (an unprivileged thread cannot raise it
    /// again, so only on threads made for the purpose). Linux sets nice per thread
    /// (`setpriority` on the thread id); elsewhere this does nothing.
    private static func lowerThisThread() {
        #if canImport(Glibc)
        // glibc declares gettid only for _GNU_SOURCE, which Swift's Glibc module does not set.
        typealias GetThreadID = @convention(c) () -> pid_t
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "gettid") else { return }  // RTLD_DEFAULT
        let thread = unsafeBitCast(symbol, to: GetThreadID.self)()
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(thread), 19)
        #endif
    }
}

/// One result per index, set from the worker threads of `map`.
private final class Slots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }
    var values: [T] { lock.withLock { slots.map { $0! } } }
}

/// Written by one thread before it signals, read after the wait.
private final class Box<T>: @unchecked Sendable {
    var value: T?
}
