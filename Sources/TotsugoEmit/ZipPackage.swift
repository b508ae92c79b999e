import Foundation
import ZIPFoundation

/// Builds a zip package (xlsx, docx) in memory with ZIPFoundation, byte-identical across runs:
/// parts are stored in the order added, deflated, each with the same fixed modification time
/// and permissions.
public struct ZipPackage {
    private enum Content {
        case bytes([UInt8])
        /// `size` bytes handed out in order by `chunk(position, size)`.
        case stream(size: Int, chunk: (Int, Int) -> Data)
    }

    private var parts: [(path: String, content: Content)] = []

    public init() {}

    /// Fixed part timestamp, 2000-01-01 00:00:00 UTC, whatever the clock or time zone:
    /// ZIPFoundation converts dates to DOS time with `gmtime`, so this is an absolute instant.
    static let fixedDate = Date(timeIntervalSince1970: 946_684_800)

    public mutating func add(_ path: String, _ text: String) {
        parts.append((path, .bytes(Array(text.utf8))))
    }

    public mutating func add(_ path: String, bytes: [UInt8]) {
        parts.append((path, .bytes(bytes)))
    }

    /// A part of `size` bytes made while it is deflated: `chunk(position, length)` returns that
    /// range of the part. Reads come in order from 0 (a second `data()` reads it again).
    public mutating func add(_ path: String, size: Int, chunk: @escaping (Int, Int) -> Data) {
        parts.append((path, .stream(size: size, chunk: chunk)))
    }

    public func data() throws -> [UInt8] {
        var parts = parts
        return try Self.zip(&parts)
    }

    /// Like `data()`, but releases each part as soon as it is deflated (when nothing else holds
    /// its bytes), so a large package does not keep every part alive until the end. The package
    /// is empty afterwards.
    public mutating func takeData() throws -> [UInt8] {
        defer { parts = [] }
        return try Self.zip(&parts)
    }

    private static func zip(_ parts: inout [(path: String, content: Content)]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for index in parts.indices {
            // Chunks are copied straight from the part's bytes: a whole-part `Data` copy doubled
            // the largest part (the shared strings) in memory.
            let path = parts[index].path
            let content = parts[index].content
            parts[index].content = .bytes([])
            switch content {
            case .bytes(let bytes):
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                     modificationDate: fixedDate, permissions: 0o644,
                                     compressionMethod: .deflate) { position, size in
                    bytes.withUnsafeBufferPointer { Data(UnsafeBufferPointer(rebasing: $0[Int(position)..<Int(position) + size])) }
                }
            case .stream(let size, let chunk):
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(size),
                                     modificationDate: fixedDate, permissions: 0o644,
                                     compressionMethod: .deflate) { position, length in
                    chunk(Int(position), length)
                }
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return Array(data)
    }
}
