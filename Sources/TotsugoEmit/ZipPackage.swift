import Foundation
import ZIPFoundation

/// Builds a zip package (xlsx, docx) in memory with ZIPFoundation, byte-identical across runs:
/// parts are stored in the order added, deflated, each with the same fixed modification time
/// and permissions.
public struct ZipPackage {
    private var parts: [(path: String, bytes: [UInt8])] = []

    public init() {}

    /// Fixed part timestamp, 2000-01-01 00:00:00 UTC, whatever the clock or time zone:
    /// ZIPFoundation converts dates to DOS time with `gmtime`, so this is an absolute instant.
    static let fixedDate = Date(timeIntervalSince1970: 946_684_800)

    public mutating func add(_ path: String, _ text: String) {
        parts.append((path, Array(text.utf8)))
    }

    public mutating func add(_ path: String, bytes: [UInt8]) {
        parts.append((path, bytes))
    }

    public func data() throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in parts {
            // Chunks are copied straight from the part's bytes: a whole-part `Data` copy doubled
            // the largest part (the shared strings) in memory.
            let bytes = part.bytes
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(bytes.count),
                                 modificationDate: Self.fixedDate, permissions: 0o644,
                                 compressionMethod: .deflate) { position, size in
                bytes.withUnsafeBufferPointer { Data(UnsafeBufferPointer(rebasing: $0[Int(position)..<Int(position) + size])) }
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return Array(data)
    }
}
