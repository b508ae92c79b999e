import Foundation
import ZIPFoundation

/// Makes the bytes of one large zip part in order, a piece at a time, so the whole part never
/// has to be in memory: the zip deflates each piece while the next ones are made.
public protocol ZipPartProducer: Sendable {
    /// Length of the whole part in bytes (the zip needs it before the first byte).
    var count: Int { get }
    /// Appends the next bytes of the part to `out`; returns false once the part is complete.
    mutating func produce(into out: inout [UInt8]) -> Bool
}

/// Builds a zip package (xlsx, docx) with ZIPFoundation, byte-identical across runs: parts are
/// stored in the order added, deflated, each with the same fixed modification time and
/// permissions. Written to a file (`write(to:)`) or into memory (`data()`).
public struct ZipPackage {
    private enum Content {
        case bytes([UInt8])
        /// Made when the zip reaches the part (it may wait for work done meanwhile), then
        /// produced on a thread of its own while the zip deflates what it has made.
        case produced(() throws -> any ZipPartProducer)
        /// Written beforehand into an unlinked file, read back a chunk at a time as deflate
        /// asks for it (no thread: a read is quick next to deflating it).
        case spilled(SpillFile)
    }

    private var parts: [(path: String, content: Content)] = []

    public init() {}

    /// How many parts the package holds (for progress: a workbook's parts).
    public var partCount: Int { parts.count }

    /// Fixed part timestamp, 2000-01-01 00:00:00 UTC, whatever the clock or time zone:
    /// ZIPFoundation converts dates to DOS time with `gmtime`, so this is an absolute instant.
    static let fixedDate = Date(timeIntervalSince1970: 946_684_800)

    /// Deflate reads parts in chunks of this size (ZIPFoundation's default is 16 KiB; larger
    /// chunks cut per-chunk overhead on large parts). Does not change the compressed bytes.
    static let chunkSize = 1 << 20

    public mutating func add(_ path: String, _ text: String) {
        parts.append((path, .bytes(Array(text.utf8))))
    }

    public mutating func add(_ path: String, bytes: [UInt8]) {
        parts.append((path, .bytes(bytes)))
    }

    /// A part made while it is deflated. `make` is called when the zip reaches the part (so the
    /// producer can rest on work finished in the meantime); the producer runs on its own thread,
    /// a few pieces ahead of deflate.
    public mutating func add(_ path: String, producer make: @escaping () throws -> any ZipPartProducer) {
        parts.append((path, .produced(make)))
    }

    /// A part already written into `file` (everything written so far is the part).
    mutating func add(_ path: String, spilled file: SpillFile) {
        parts.append((path, .spilled(file)))
    }

    /// A part whose bytes are made when the zip reaches it (they may wait for work done
    /// meanwhile).
    public mutating func add(_ path: String, later make: @escaping () throws -> [UInt8]) {
        parts.append((path, .produced({ WholePart(bytes: try make()) })))
    }

    /// The package in memory. Releases each part as soon as it is deflated (when nothing else
    /// holds its bytes); the package is empty afterwards.
    public mutating func takeData() throws -> [UInt8] {
        defer { parts = [] }
        let archive = try Archive(data: Data(), accessMode: .create)
        try Self.add(&parts, to: archive)
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return Array(data)
    }

    public func data() throws -> [UInt8] {
        var copy = self
        return try copy.takeData()
    }

    /// Writes the package to a new file at `path` (it must not exist yet), releasing each part
    /// once deflated; the package is empty afterwards.
    public mutating func write(to path: String) throws {
        defer { parts = [] }
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        try Self.add(&parts, to: archive)
    }

    /// One deflated entry of `size` bytes whose chunks `chunk(position, count)` provides.
    private static func addEntry(_ path: String, size: Int, to archive: Archive,
                                 _ chunk: @escaping (Int, Int) throws -> Data) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(size),
                             modificationDate: fixedDate, permissions: 0o644,
                             compressionMethod: .deflate, bufferSize: chunkSize) { position, size in
            try chunk(Int(position), size)
        }
    }

    private static func add(_ parts: inout [(path: String, content: Content)], to archive: Archive) throws {
        for index in parts.indices {
            let path = parts[index].path
            let content = parts[index].content
            parts[index].content = .bytes([])
            switch content {
            case .bytes(let bytes):
                // Chunks are copied straight from the part's bytes (no whole-part `Data` copy).
                try addEntry(path, size: bytes.count, to: archive) { position, size in
                    bytes.withUnsafeBufferPointer { Data(UnsafeBufferPointer(rebasing: $0[position..<position + size])) }
                }
            case .spilled(let file):
                try addEntry(path, size: file.written, to: archive) { position, size in
                    try file.data(at: position, count: size)
                }
            case .produced(let make):
                var producer = try make()
                let size = producer.count
                if size <= chunkSize {
                    // Small: made here in one piece, no thread.
                    var bytes: [UInt8] = []
                    bytes.reserveCapacity(size)
                    while producer.produce(into: &bytes) {}
                    guard bytes.count == size else { throw ZipPartPipe.Mismatch(path: path, announced: size, made: bytes.count) }
                    try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(size),
                                         modificationDate: fixedDate, permissions: 0o644,
                                         compressionMethod: .deflate, bufferSize: chunkSize) { position, size in
                        bytes.withUnsafeBufferPointer { Data(UnsafeBufferPointer(rebasing: $0[Int(position)..<Int(position) + size])) }
                    }
                    continue
                }
                let pipe = ZipPartPipe(path: path, producer: producer)
                defer { pipe.cancel() }
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(size),
                                     modificationDate: fixedDate, permissions: 0o644,
                                     compressionMethod: .deflate, bufferSize: chunkSize) { position, size in
                    try pipe.read(at: Int(position), size: size)
                }
                try pipe.finish()
            }
        }
    }
}

/// A bounded queue of pieces between a producer thread and the zip: the producer fills pieces
/// of about `pieceSize` bytes (at most `depth` waiting), the zip reads them in order.
final class ZipPartPipe: @unchecked Sendable {
    struct Mismatch: Error, CustomStringConvertible {
        var path: String, announced: Int, made: Int
        var description: String { "\(path): part announced \(announced) bytes but made \(made)" }
    }

    static let pieceSize = 1 << 20
    static let depth = 3

    private let path: String
    private let announced: Int
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var ready: [[UInt8]] = []
    private var spare: [[UInt8]] = []
    private var produced = false
    private var cancelled = false
    private var made = 0
    // The reader's own (one thread):
    private var current: [UInt8] = []
    private var offset = 0
    private var position = 0

    init(path: String, producer: any ZipPartProducer) {
        self.path = path
        self.announced = producer.count
        let thread = Thread { [self] in
            var producer = producer
            self.run(&producer)
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func run(_ producer: inout any ZipPartProducer) {
        var more = true
        while more {
            condition.lock()
            while ready.count >= Self.depth && !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            var piece = spare.popLast() ?? []
            condition.unlock()
            piece.removeAll(keepingCapacity: true)
            piece.reserveCapacity(Self.pieceSize + (1 << 18))
            while more && piece.count < Self.pieceSize { more = producer.produce(into: &piece) }
            condition.lock()
            made += piece.count
            ready.append(piece)
            if !more { produced = true }
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Bytes `position ..< position + size` of the part; reads must come in order.
    func read(at position: Int, size: Int) throws -> Data {
        precondition(position == self.position, "\(path): parts are read in order")
        var data = Data(capacity: size)
        var filled = 0
        while filled < size {
            if offset == current.count {
                try next()
            }
            let take = min(size - filled, current.count - offset)
            current.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(rebasing: $0[offset..<offset + take])) }
            offset += take
            filled += take
        }
        self.position += size
        return data
    }

    /// Moves to the next piece, handing the finished one back for reuse.
    private func next() throws {
        condition.lock()
        defer { condition.unlock() }
        if current.capacity > 0 { spare.append(current) }
        current = []
        offset = 0
        while ready.isEmpty && !produced { condition.wait() }
        if ready.isEmpty { throw Mismatch(path: path, announced: announced, made: made) }
        current = ready.removeFirst()
        condition.broadcast()
    }

    /// After the last read: the producer must have made exactly the announced bytes.
    func finish() throws {
        condition.lock()
        defer { condition.unlock() }
        while !produced && ready.isEmpty { condition.wait() }
        let surplus = offset < current.count || ready.contains { !$0.isEmpty }
        guard produced && !surplus && made == announced else {
            throw Mismatch(path: path, announced: announced, made: made)
        }
    }

    /// Stops the producer (after an error in the zip; harmless once it has finished).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// A part made in one piece.
private struct WholePart: ZipPartProducer {
    let bytes: [UInt8]
    var count: Int { bytes.count }

    func produce(into out: inout [UInt8]) -> Bool {
        out.append(contentsOf: bytes)
        return false
    }
}
