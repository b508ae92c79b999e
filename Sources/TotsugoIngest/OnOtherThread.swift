import Foundation

/// A value worked out on a thread of its own (not a dispatch queue: the files are read inside
/// `concurrentPerform`, where a nested one would run serially); `value` waits for it.
final class OnOtherThread<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            result = work()
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits for the value; call once.
    var value: Value {
        done.wait()
        return result!
    }
}
