import Foundation

/// A new file written with POSIX `write`. Large outputs (the 突合表 as CSV or Markdown) are
/// emitted into a buffer of about `chunkSize` bytes that is written out and reused (`stream`),
/// instead of into one array holding the whole file. `close()` reports a failed close.
public struct OutputFile: ~Copyable {
    public let path: String
    private var descriptor: Int32
    /// False for standard output, which is written to but never closed.
    private let ownsDescriptor: Bool
    /// A device, FIFO or standard output: written in order, never re-created by path.
    public private(set) var isStream = false
    /// The parts of a package the writer zipped into the file (a workbook's sheets, styles,
    /// shared strings…), for progress; nil for a file that is not a package.
    public var parts: Int?

    /// Buffer size for `stream`.
    public static let chunkSize = 1 << 20

    /// Creates `path`, which must not exist yet: the file is opened exclusively and never
    /// through a symbolic link, so nothing planted at the path is written through.
    public init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OutputWriter.Failure(path: path, reason: "cannot create: \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.descriptor = fd
        self.ownsDescriptor = true
    }

    private init(standardOutput: Void) {
        path = "<standard output>"
        descriptor = STDOUT_FILENO
        ownsDescriptor = false
        isStream = true
    }

    /// An existing device or FIFO (`--out /dev/null`, a named pipe), written through: it is
    /// opened for writing, never created, replaced or truncated.
    public init(writingThrough path: String) throws {
        let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else {
            throw OutputWriter.Failure(path: path, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.descriptor = fd
        self.ownsDescriptor = true
        self.isStream = true
    }

    /// Standard output (reports printed rather than written to a file).
    public static func standardOutput() -> OutputFile { OutputFile(standardOutput: ()) }

    deinit { if descriptor >= 0, ownsDescriptor { Foundation.close(descriptor) } }

    /// For writers that must create the file themselves by its path (ZIPFoundation): closes
    /// and removes the empty file this opened, then lets `create` make a new file at `path`
    /// (it must create it exclusively). Only for files in a private staging folder.
    public mutating func recreate(_ create: (String) throws -> Void) throws {
        guard !isStream else { throw OutputWriter.Failure(path: path, reason: "this format needs a file (--out)") }
        try close()
        unlink(path)
        try create(path)
    }

    /// Lets `emit` append to a buffer and call back after each piece (a row); the buffer is
    /// written out whenever it holds `chunkSize` bytes, and at the end.
    public mutating func stream(_ emit: (inout [UInt8], (inout [UInt8]) throws -> Void) throws -> Void) throws {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.chunkSize + Self.chunkSize / 4)
        try emit(&buffer) { buffer in
            if buffer.count >= Self.chunkSize {
                try self.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try write(buffer)
    }

    /// Makes sure what was written is on the disk.
    public func sync() throws {
        if fsync(descriptor) != 0 {
            throw OutputWriter.Failure(path: path, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
    }

    /// Closes the file; it is complete only if this returns.
    public mutating func close() throws {
        let fd = descriptor
        descriptor = -1
        guard ownsDescriptor, fd >= 0 else { return }
        if Foundation.close(fd) != 0 {
            throw OutputWriter.Failure(path: path, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
    }

    /// Appends the `count` bytes of the open file `source` from its start, copied by the
    /// kernel (`copy_file_range`) where it can, else read and written here.
    func append(contentsOf source: Int32, count: Int) throws {
        typealias CopyFileRange = @convention(c) (Int32, UnsafeMutablePointer<Int64>?, Int32, UnsafeMutablePointer<Int64>?, Int, UInt32) -> Int
        var sourceOffset: Int64 = 0
        #if canImport(Glibc)
        // glibc declares copy_file_range only for _GNU_SOURCE, which Swift's Glibc module does not set.
        if !isStream, let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "copy_file_range") {  // RTLD_DEFAULT
            let copy = unsafeBitCast(symbol, to: CopyFileRange.self)
            while sourceOffset < Int64(count) {
                let n = copy(source, &sourceOffset, descriptor, nil, count - Int(sourceOffset), 0)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }  // not supported here (or the file ended): the rest by read and write
            }
        }
        #endif
        var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
        while sourceOffset < Int64(count) {
            let n = buffer.withUnsafeMutableBytes { pread(source, $0.baseAddress!, min($0.count, count - Int(sourceOffset)), off_t(sourceOffset)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw OutputWriter.Failure(path: path, reason: "cannot read a temporary file: \(n < 0 ? String(cString: strerror(errno)) : "it ended early")")
            }
            try write(n == buffer.count ? buffer : Array(buffer[0..<n]))
            sourceOffset += Int64(n)
        }
    }

    public func write(_ bytes: [UInt8]) throws {
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
