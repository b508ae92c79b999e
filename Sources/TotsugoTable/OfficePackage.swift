import Foundation
import TotsugoCore
import TotsugoXML
import ZIPFoundation

/// The zip package of an Office Open XML file (an .xlsx workbook, a .docx document), opened
/// in memory, with every limit that concerns the package applied: entry count, entry names,
/// inflated size and ratio of each part read. `Workbook` and `WordDocument` read through it.
final class OfficePackage {
    /// What the package is, in diagnostics: the workbook or the document.
    struct Kind {
        /// `workbook`, `document`.
        var noun: String
        /// `an xlsx workbook`, `a docx document`.
        var named: String
        /// `.xlsx`, `.docx`.
        var fileExtension: String
        /// `Excel or LibreOffice`, `Word or LibreOffice`.
        var savedBy: String

        static let workbook = Kind(noun: "workbook", named: "an xlsx workbook", fileExtension: ".xlsx", savedBy: "Excel or LibreOffice")
        static let document = Kind(noun: "document", named: "a docx document", fileExtension: ".docx", savedBy: "Word or LibreOffice")
    }

    /// The bounds of `WorkbookLimits` (or `DocumentLimits`) that concern the package.
    struct Limits {
        var maxFileBytes: Int
        var maxEntries: Int
        var maxPartBytes: Int
        var maxCompressionRatio: Int
    }

    let file: String
    let kind: Kind
    let limits: Limits
    private let archive: Archive
    private var entries: [String: Entry] = [:]

    convenience init(bytes: [UInt8], file: String, limits: WorkbookLimits) throws(DiagnosticError) {
        try self.init(bytes: bytes, file: file, kind: .workbook,
                      limits: Limits(maxFileBytes: limits.maxFileBytes, maxEntries: limits.maxEntries,
                                     maxPartBytes: limits.maxPartBytes, maxCompressionRatio: limits.maxCompressionRatio))
    }

    init(bytes: [UInt8], file: String, kind: Kind, limits: Limits) throws(DiagnosticError) {
        self.file = file
        self.kind = kind
        self.limits = limits
        let here = SourceLocation(file: file)
        guard bytes.count <= limits.maxFileBytes else {
            throw DiagnosticError(.error(here, "the \(kind.noun) is \(bytes.count) bytes, over the limit of \(limits.maxFileBytes)"))
        }
        guard bytes.starts(with: [0x50, 0x4B]) else {
            throw DiagnosticError(.error(here, "not \(kind.named) (not a zip package); save it from \(kind.savedBy) as \(kind.fileExtension)"))
        }
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw DiagnosticError(.error(here, "not a readable \(kind.named.split(separator: " ").dropFirst().joined(separator: " ")) (the zip package is damaged: \(error))"))
        }
        var count = 0
        for entry in archive {
            count += 1
            guard count <= limits.maxEntries else {
                throw DiagnosticError(.error(here, "the package has more than \(limits.maxEntries) entries; not a \(kind.noun) this tool reads"))
            }
            let path = entry.path
            if let problem = Self.unsafeName(path) {
                throw DiagnosticError(.error(here, "the package holds an entry named \"\(Self.printable(path))\" (\(problem)); refusing it"))
            }
            guard entries[path] == nil else {
                throw DiagnosticError(.error(here, "the package holds two entries named \"\(Self.printable(path))\""))
            }
            entries[path] = entry
        }
    }

    /// Why an entry name is refused, or nil. A package's parts have short relative names.
    static func unsafeName(_ path: String) -> String? {
        if path.isEmpty { return "an empty name" }
        if path.utf8.count > 1024 { return "a name over 1024 bytes" }
        if path.hasPrefix("/") || path.hasPrefix("\\") { return "an absolute path" }
        if path.contains("\\") { return "a backslash in the name" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "a control character in the name" }
        if path.split(separator: "/", omittingEmptySubsequences: false).contains("..") { return "a path leaving the package" }
        if path.first.map({ $0.isLetter && path.dropFirst().hasPrefix(":") }) == true { return "a drive letter" }
        return nil
    }

    static func printable(_ path: String) -> String {
        let escaped = path.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
        return escaped.count > 200 ? String(escaped.prefix(200)) + "…" : escaped
    }

    func contains(_ part: String) -> Bool { entries[part] != nil }

    /// Where a diagnostic about part `part` (line and column in it) points: `book.xlsx/xl/…:l:c`, `rules.docx/word/…:l:c`.
    func location(_ part: String, line: Int = 1, column: Int = 1) -> SourceLocation {
        SourceLocation(file: "\(file)/\(part)", line: line, column: column)
    }

    /// Inflates `part` piece by piece into `consume` (which may throw `DiagnosticError` to
    /// stop), enforcing the part size and ratio limits as the bytes arrive, and checks the CRC.
    func stream(_ part: String, into consume: (UnsafeRawBufferPointer) throws -> Void) throws(DiagnosticError) {
        guard let entry = entries[part] else {
            throw DiagnosticError(.error(SourceLocation(file: file), "the package has no part \(part)"))
        }
        let here = location(part)
        let limit = limits.maxPartBytes, ratio = limits.maxCompressionRatio
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw DiagnosticError(.error(here, "the part inflates to \(entry.uncompressedSize) bytes, over the limit of \(limit)"))
        }
        let compressed = max(Int(clamping: entry.compressedSize), 1)
        let declared = Int(clamping: entry.uncompressedSize)
        if declared > 1 << 20, declared / compressed > ratio {
            throw DiagnosticError(.error(here, "the part inflates to \(declared) bytes from \(compressed) (more than \(ratio) times); a zip bomb?"))
        }
        var total = 0
        do {
            let checksum = try archive.extract(entry, bufferSize: 64 << 10) { data in
                total += data.count
                if total > limit {
                    throw DiagnosticError(.error(here, "the part inflates to more than \(limit) bytes (the limit); a zip bomb?"))
                }
                if total > 1 << 20, total / compressed > ratio {
                    throw DiagnosticError(.error(here, "the part inflates to more than \(total) bytes from \(compressed) (more than \(ratio) times; its header said \(declared)); a zip bomb?"))
                }
                try data.withUnsafeBytes { try consume($0) }
            }
            guard checksum == entry.checksum else {
                throw DiagnosticError(.error(here, "the part is damaged (its CRC does not match)"))
            }
        } catch let error as DiagnosticError {
            throw error
        } catch {
            throw DiagnosticError(.error(here, "cannot inflate the part: \(error)"))
        }
    }

    /// Streams `part` through `delegate` with the project's safe XML layer (no DOCTYPE, no
    /// entities). `check` runs after each piece so the delegate can stop the read early.
    func parse(_ part: String, delegate: any XMLReaderDelegate, check: () throws(DiagnosticError) -> Void = {}) throws(DiagnosticError) {
        let reader: XMLPushReader
        do {
            reader = try XMLPushReader(file: "\(file)/\(part)", delegate: delegate)
        } catch {
            throw Self.diagnostics(error)
        }
        do {
            try stream(part) { piece in
                do throws(XMLFailure) {
                    try reader.push(piece)
                } catch {
                    throw Self.diagnostics(error)
                }
                try check()
            }
            try reader.finish()
        } catch let error as XMLFailure {
            throw Self.diagnostics(error)
        } catch let error as DiagnosticError {
            throw error
        } catch {
            throw DiagnosticError(.error(location(part), "\(error)"))
        }
        try check()
    }

    static func diagnostics(_ failure: XMLFailure) -> DiagnosticError {
        DiagnosticError(.badInput, failure.issues.map { Diagnostic.error(SourceLocation(file: $0.file, line: $0.line, column: $0.column), $0.message) })
    }
}
