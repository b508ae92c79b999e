/// The zip container (PKWARE APPNOTE 6.3.x, no zip64) around parts deflated by `Deflate`:
/// local header with the CRC and sizes (known, since a part is compressed before it is
/// written), the data, then the central directory. Every header field is fixed by the part
/// alone: modification time 2000-01-01 00:00, made by Unix, permissions 0644, no extra
/// fields, so a package's bytes depend only on its parts.
struct ZipWriter {
    struct TooLarge: Error, CustomStringConvertible {
        var what: String
        var description: String { "zip package too large: \(what) (zip64 is not written)" }
    }

    /// Where the bytes go, in order.
    private let sink: ([UInt8]) throws -> Void
    private var offset = 0
    private var directory: [UInt8] = []
    private var entries = 0

    /// DOS date and time of 2000-01-01 00:00:00: ((2000 - 1980) << 9) | (1 << 5) | 1, and 0.
    static let dosDate: UInt16 = 0x2821
    static let dosTime: UInt16 = 0

    init(sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
    }

    /// Adds one deflated part.
    mutating func add(_ path: String, _ part: Deflate) throws {
        let name = Array(path.utf8)
        guard part.count <= Int(UInt32.max), part.compressed.count <= Int(UInt32.max), offset <= Int(UInt32.max) else {
            throw TooLarge(what: path)
        }
        guard entries < Int(UInt16.max), name.count <= Int(UInt16.max) else { throw TooLarge(what: "\(entries + 1) parts") }
        // Bit 11: the name is UTF-8 (only set when it is not ASCII).
        let flags: UInt16 = name.allSatisfy { $0 < 0x80 } ? 0 : 0x0800
        var header: [UInt8] = []
        header.reserveCapacity(30 + name.count)
        Self.put(UInt32(0x0403_4B50), &header)
        Self.put(UInt16(20), &header)                    // version needed: 2.0 (deflate)
        Self.put(flags, &header)
        Self.put(UInt16(8), &header)                     // deflate
        Self.put(Self.dosTime, &header)
        Self.put(Self.dosDate, &header)
        Self.put(part.crc, &header)
        Self.put(UInt32(part.compressed.count), &header)
        Self.put(UInt32(part.count), &header)
        Self.put(UInt16(name.count), &header)
        Self.put(UInt16(0), &header)                     // no extra field
        header += name

        Self.put(UInt32(0x0201_4B50), &directory)
        Self.put(UInt16(0x031E), &directory)             // made by: Unix, 3.0
        Self.put(UInt16(20), &directory)
        Self.put(flags, &directory)
        Self.put(UInt16(8), &directory)
        Self.put(Self.dosTime, &directory)
        Self.put(Self.dosDate, &directory)
        Self.put(part.crc, &directory)
        Self.put(UInt32(part.compressed.count), &directory)
        Self.put(UInt32(part.count), &directory)
        Self.put(UInt16(name.count), &directory)
        Self.put(UInt16(0), &directory)                  // extra
        Self.put(UInt16(0), &directory)                  // comment
        Self.put(UInt16(0), &directory)                  // disk
        Self.put(UInt16(0), &directory)                  // internal attributes
        Self.put(UInt32(0o100644) << 16, &directory)     // regular file, rw-r--r--
        Self.put(UInt32(offset), &directory)
        directory += name

        try sink(header)
        try sink(part.compressed)
        offset += header.count + part.compressed.count
        entries += 1
    }

    /// Writes the central directory and its end record.
    mutating func finish() throws {
        guard offset <= Int(UInt32.max), directory.count <= Int(UInt32.max) else { throw TooLarge(what: "central directory") }
        var end: [UInt8] = []
        Self.put(UInt32(0x0605_4B50), &end)
        Self.put(UInt16(0), &end)
        Self.put(UInt16(0), &end)
        Self.put(UInt16(entries), &end)
        Self.put(UInt16(entries), &end)
        Self.put(UInt32(directory.count), &end)
        Self.put(UInt32(offset), &end)
        Self.put(UInt16(0), &end)                        // no comment
        try sink(directory)
        try sink(end)
        offset += directory.count + end.count
        directory = []
    }

    private static func put<T: FixedWidthInteger>(_ value: T, _ out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }
}
