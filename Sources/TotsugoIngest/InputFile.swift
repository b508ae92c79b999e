import Foundation
import TotsugoCore

/// Reads an input file as checked UTF-8: exists, within the size limit, not empty, valid
/// UTF-8 (the first bad byte is reported with its line and column). A UTF-8 BOM is dropped.
public struct InputFile: Sendable {
    public var path: String
    public var bytes: [UInt8]
    /// The text, decoded on each use (the parsers read `bytes`; holding both doubled the input
    /// in memory while it was parsed).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Default maximum input size (64 MiB); catalogs and mappings are far smaller.
    public static let defaultSizeLimit = InputLimits.defaultMaxInputBytes

    public static func read(_ path: String, sizeLimit: Int = defaultSizeLimit) throws(DiagnosticError) -> InputFile {
        try decode(try readBytes(path, sizeLimit: sizeLimit), path: path)
    }

    /// The regular file at `path` opened for reading (blocking), with its size: what
    /// `readBytes` checks before reading (a missing or non-regular file fails with kind
    /// `.missingInput`; one over `sizeLimit`, as `tooLarge`). The caller closes the descriptor;
    /// a reader that streams the file bounds what it reads by `sizeLimit` itself.
    public static func openForReading(_ path: String, sizeLimit: Int = defaultSizeLimit) throws(DiagnosticError) -> (descriptor: Int32, size: Int) {
        let start = SourceLocation(file: path)
        // Regular files only, checked before opening: opening a FIFO for reading waits for a
        // writer (the build hung on `Catalogs/pipe.xml`), a device may never end.
        var info = stat()
        guard stat(path, &info) == 0 else {
            var link = stat()
            let what = lstat(path, &link) == 0 ? "broken symbolic link (its target does not exist)" : "no such file"
            throw DiagnosticError(.error(start, what), kind: .missingInput)
        }
        if let problem = notRegular(info.st_mode) {
            throw DiagnosticError(.error(start, problem), kind: .missingInput)
        }
        // Refuse an over-size file before reading any of it (the read below is bounded too,
        // for files that grow or report no size).
        if Int64(info.st_size) > Int64(sizeLimit) {
            throw tooLarge(path, size: Int64(info.st_size), limit: sizeLimit)
        }
        // O_NONBLOCK: should the file have been replaced by a FIFO since, opening does not wait.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            throw DiagnosticError(.error(start, "cannot read file: \(String(cString: strerror(errno)))"), kind: .missingInput)
        }
        guard fstat(fd, &info) == 0 else {
            let error = errno
            close(fd)
            throw DiagnosticError(.error(start, "cannot read file: \(String(cString: strerror(error)))"), kind: .missingInput)
        }
        if let problem = notRegular(info.st_mode) {
            close(fd)
            throw DiagnosticError(.error(start, problem), kind: .missingInput)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return (fd, Int(info.st_size))
    }

    /// The bytes of the regular file at `path`, bounded by `sizeLimit` (every reader of a user's
    /// file uses this: catalogs, mappings, tables).
    public static func readBytes(_ path: String, sizeLimit: Int = defaultSizeLimit) throws(DiagnosticError) -> [UInt8] {
        let start = SourceLocation(file: path)
        let (fd, size) = try openForReading(path, sizeLimit: sizeLimit)
        defer { close(fd) }
        let expected = min(max(size, 0), sizeLimit)
        // Read straight into the byte array (a Data and a copy of it held the file twice).
        // One byte more than expected, to notice a file that grew (or reports no size).
        var bytes = [UInt8](repeating: 0, count: expected + 1)
        var filled = 0
        var failure: Int32 = 0
        while true {
            if filled == bytes.count {
                if filled > sizeLimit { break }
                bytes += repeatElement(0, count: min(max(filled, 1 << 16), sizeLimit + 1 - filled))
            }
            let count = bytes.count - filled
            let n = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + filled, count) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeLast(bytes.count - filled)
        if failure != 0 {
            throw DiagnosticError(.error(start, "cannot read file: \(String(cString: strerror(failure)))"), kind: .missingInput)
        }
        if bytes.count > sizeLimit {
            throw tooLarge(path, size: nil, limit: sizeLimit)
        }
        return bytes
    }

    /// Why a file of this mode is not read (nil for a regular file).
    static func notRegular(_ mode: mode_t) -> String? {
        let what: String
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "is a folder, not a file (name the folder to search it, or a file in it)"
        case S_IFIFO: what = "a FIFO (named pipe)"
        case S_IFSOCK: what = "a socket"
        case S_IFCHR: what = "a character device"
        case S_IFBLK: what = "a block device"
        default: what = "a special file"
        }
        return "is \(what), not a regular file: inputs are read from regular files only"
    }

    public static func tooLarge(_ path: String, size: Int64?, limit: Int) -> DiagnosticError {
        let actual = size.map { " (\($0) bytes)" } ?? ""
        return DiagnosticError(.error(SourceLocation(file: path),
            "file is larger than the input limit of \(limit) bytes\(actual); raise the limit with --max-input-bytes if this is intended"))
    }

    /// The UTF-8 byte order mark, dropped from the start of a file.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Checks and decodes bytes already in memory.
    public static func decode(_ raw: [UInt8], path: String) throws(DiagnosticError) -> InputFile {
        var bytes = raw
        if bytes.starts(with: byteOrderMark) { bytes.removeFirst(byteOrderMark.count) }
        if bytes.allSatisfy(isBlankByte) { throw empty(path) }
        if let bad = firstInvalidUTF8(bytes) {
            let (line, column) = position(of: bad, in: bytes)
            throw invalidUTF8(path, line: line, column: column, byte: bytes[bad], offset: bad)
        }
        return InputFile(path: path, bytes: bytes)
    }

    /// What makes a file empty: it holds only these (and a BOM).
    @inline(__always)
    static func isBlankByte(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    static func empty(_ path: String) -> DiagnosticError {
        DiagnosticError(.error(SourceLocation(file: path), "file is empty"))
    }

    /// `offset` counts from after a BOM.
    static func invalidUTF8(_ path: String, line: Int, column: Int, byte: UInt8, offset: Int) -> DiagnosticError {
        DiagnosticError(.error(SourceLocation(file: path, line: line, column: column),
            String(format: "invalid UTF-8 (byte 0x%02X at offset %d); save the file as UTF-8", byte, offset)))
    }

    /// Control characters in text that is copied into the outputs: C0 except tab, line feed
    /// and carriage return (what XML 1.0 refuses too), DEL, and C1 (U+0080–U+009F). One error
    /// per character, at most `limit`, each at its line and column. `bytes` is valid UTF-8.
    public static func controlCharacters(in bytes: [UInt8], path: String, limit: Int) -> [Diagnostic] {
        bytes.withUnsafeBufferPointer { controlCharacters(in: $0, firstLine: 1, path: path, limit: limit) }
    }

    /// The same over a piece of a file that starts a line (`firstLine`) and ends after an LF or
    /// at the end of the file.
    static func controlCharacters(in bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, path: String, limit: Int) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var line = firstLine
        var lineStart = 0
        var i = 0
        while i < bytes.count, found.count < limit {
            let b = bytes[i]
            var scalar: UInt32?
            if b == 0x0A {
                line += 1
                lineStart = i + 1
            } else if b < 0x20 && b != 0x09 && b != 0x0D || b == 0x7F {
                scalar = UInt32(b)
            } else if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] >= 0x80, bytes[i + 1] <= 0x9F {
                scalar = UInt32(bytes[i + 1])
            }
            if let scalar {
                let column = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<i]), as: UTF8.self).count + 1
                let code = String(format: "U+%04X", scalar) + (controlNames[scalar].map { " (\($0))" } ?? "")
                found.append(.error(SourceLocation(file: path, line: line, column: column),
                    "control character \(code) is not allowed (only tab, line feed and carriage return are); remove it"))
            }
            i += 1
        }
        return found
    }

    /// The first control character (as `controlCharacters` defines them) in an already decoded
    /// value, described for a message (`U+001B (ESC)`); nil when there is none.
    static func controlCharacter(in bytes: some Collection<UInt8>) -> String? {
        // Every scalar of a mapping is checked: over contiguous bytes (a native string's UTF-8,
        // an array) eight bytes are tested at a time and only a word that may hold a control
        // character is looked at byte by byte.
        if let found = bytes.withContiguousStorageIfAvailable({ controlCharacter(inBuffer: $0) }) { return found }
        return controlCharacter(bytes: bytes, previous: 0)
    }

    private static func controlCharacter(inBuffer bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var previous: UInt8 = 0
        var i = 0
        while i + 8 <= bytes.count {
            // A word without such a byte ends in a byte that is not 0xC2 either; after a word
            // that ended in 0xC2 the next word's first byte is looked at.
            if previous != 0xC2, !ByteScan.mayHoldControl(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                previous = 0
            } else if let found = controlCharacter(bytes: UnsafeBufferPointer(rebasing: bytes[i..<i + 8]), previous: previous) {
                return found
            } else {
                previous = bytes[i + 7]
            }
            i += 8
        }
        return controlCharacter(bytes: UnsafeBufferPointer(rebasing: bytes[i...]), previous: previous)
    }

    @inline(__always)
    private static func controlCharacter(bytes: some Collection<UInt8>, previous start: UInt8) -> String? {
        var previous = start
        for b in bytes {
            var scalar: UInt32?
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D || b == 0x7F { scalar = UInt32(b) }
            if previous == 0xC2, b >= 0x80, b <= 0x9F { scalar = UInt32(b) }
            if let scalar { return String(format: "U+%04X", scalar) + (controlNames[scalar].map { " (\($0))" } ?? "") }
            previous = b
        }
        return nil
    }

    static let controlNames: [UInt32: String] = [0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL"]

    /// Offset of the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8($0) }
    }

    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        let raw = UnsafeRawPointer(bytes.baseAddress)
        while i < n {
            // Eight ASCII bytes at a time (mapping files and markup are mostly ASCII).
            if let raw, i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            // Three-byte sequences whose lead byte allows any continuation (kana and kanji
            // among them: most of a Japanese file) checked at once.
            if (0xE1...0xEC).contains(b) || b >= 0xEE && b <= 0xEF, i + 3 <= n,
               bytes[i + 1] & 0xC0 == 0x80, bytes[i + 2] & 0xC0 == 0x80 {
                i += 3
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            for k in 1..<length {
                let c = bytes[i + k]
                let (lo, hi) = k == 1 ? (lower, upper) : (UInt8(0x80), UInt8(0xBF))
                if c < lo || c > hi { return i }
            }
            i += length
        }
        return nil
    }

    /// 1-based line and column (in characters of the valid prefix) of a byte offset.
    static func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        bytes.withUnsafeBufferPointer { position(of: offset, in: $0) }
    }

    static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        let prefix = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<offset]), as: UTF8.self)
        return (line, prefix.count + 1)
    }
}
