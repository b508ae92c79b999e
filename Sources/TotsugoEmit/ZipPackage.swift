import Foundation
import ZIPFoundation

/// Builds a zip package (xlsx, docx) in memory with ZIPFoundation, byte-identical across runs:
/// parts are stored in the order added, deflated, each with the same fixed modification time
/// and permissions.
public struct ZipPackage {
    private var parts: [(path: String, bytes: [UInt8])] = []

    public init() {}

    /// Fixed part timestamp (2000-01-01 00:00 as a DOS date), whatever the clock or time zone:
    /// the date is built in the calendar ZIPFoundation converts it back with.
    static let fixedDate: Date = {
        var components = DateComponents()
        components.year = 2000
        components.month = 1
        components.day = 1
        return Calendar.current.date(from: components) ?? Date(timeIntervalSince1970: 946_684_800)
    }()

    public mutating func add(_ path: String, _ text: String) {
        parts.append((path, Array(text.utf8)))
    }

    public mutating func add(_ path: String, bytes: [UInt8]) {
        parts.append((path, bytes))
    }

    public func data() throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in parts {
            let data = Data(part.bytes)
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count),
                                 modificationDate: Self.fixedDate, permissions: 0o644,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return Array(data)
    }
}
