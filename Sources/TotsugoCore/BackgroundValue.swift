import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A value worked out on a thread of its own (a plain thread, not a dispatch queue: the caller
/// may itself run on a queue's thread and wait for it, or inside `concurrentPerform`, where a
/// nested one would run serially); `value` waits for it. `lowPriority` runs it at nice 19
/// (`ThreadPriority`), for work needed later than what runs meanwhile.
public final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let done = NSCondition()
    private var result: Value?

    public init(lowPriority: Bool = false, _ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            if lowPriority { ThreadPriority.lowerThisThread() }
            let value = work()
            done.lock()
            result = value
            done.broadcast()
            done.unlock()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    public var value: Value {
        done.lock()
        defer { done.unlock() }
        while result == nil { done.wait() }
        return result!
    }
}

/// On two cores a large build has more runnable threads than cores once the workbook deflates;
/// work that is needed later than the deflate's next bytes (the CSV and Markdown files, the
/// workbook's later sheets) runs at nice 19, on what the deflate leaves. Linux sets nice per
/// thread (`setpriority` on the thread id); elsewhere this does nothing.
public enum ThreadPriority {
    /// Lowers the calling thread to nice 19 (for good: an unprivileged thread cannot raise it
    /// again, so only on threads made for the purpose).
    public static func lowerThisThread() {
        #if canImport(Glibc)
        // glibc declares gettid only for _GNU_SOURCE, which Swift's Glibc module does not set.
        typealias GetThreadID = @convention(c) () -> pid_t
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "gettid") else { return }  // RTLD_DEFAULT
        let thread = unsafeBitCast(symbol, to: GetThreadID.self)()
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(thread), 19)
        #endif
    }
}
