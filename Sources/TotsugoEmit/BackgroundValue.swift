import Foundation

/// A value worked out on a thread of its own (a plain thread, not a dispatch queue: the caller
/// may itself run on a queue's thread and wait for it); `value` waits for it.
final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let done = NSCondition()
    private var result: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            let value = work()
            done.lock()
            result = value
            done.broadcast()
            done.unlock()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    var value: Value {
        done.lock()
        defer { done.unlock() }
        while result == nil { done.wait() }
        return result!
    }
}
