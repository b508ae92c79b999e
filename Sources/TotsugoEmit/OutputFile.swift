import Foundation

/// A new file written through a buffer with POSIX `write`: large outputs (the 突合表 as CSV or
/// Markdown) are emitted row by row into it instead of into one in-memory array. Used by
/// `OutputWriter.Staging` on its temporary files; `close()` reports a failed final write.
public struct OutputFile: ~Copyable {
    public let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int

    /// Creates (or truncates) `path`.
    public init(path: String, bufferSize: Int = 1 << 20) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OutputWriter.Failure(path: path, reason: "cannot create: \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.descriptor = fd
        self.capacity = bufferSize
        buffer.reserveCapacity(bufferSize)
    }

    deinit { if descriptor >= 0 { Foundation.close(descriptor) } }

    /// The pending bytes; append to it, then call `flushIfFull()`.
    public var pending: [UInt8] {
        _read { yield buffer }
        _modify { yield &buffer }
    }

    /// Writes the buffer out once it holds at least its capacity.
    public mutating func flushIfFull() throws {
        if buffer.count >= capacity { try flush() }
    }

    public mutating func write(_ bytes: [UInt8]) throws {
        if buffer.isEmpty && bytes.count >= capacity {
            try writeAll(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        try flushIfFull()
    }

    public mutating func flush() throws {
        if buffer.isEmpty { return }
        try writeAll(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes; the file is complete only if this returns.
    public mutating func close() throws {
        try flush()
        let fd = descriptor
        descriptor = -1
        if Foundation.close(fd) != 0 {
            throw OutputWriter.Failure(path: path, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure != 0 {
            throw OutputWriter.Failure(path: path, reason: "cannot write: \(String(cString: strerror(failure)))")
        }
    }
}
