#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TotsugoCore

/// A file's bytes a piece at a time, each piece ending after an LF byte (or at the end of the
/// file; a line longer than a piece makes the piece longer), within the size limit. Pieces end
/// after an LF, so no UTF-8 sequence and no line is ever split between two. Read this way:
/// delimited text tables (`DelimitedText.forEachRow`) and structured-text catalogs
/// (`CatalogTextParser.read(path:limits:)`).
package struct LinePieces {
    /// The file is read this many bytes at a time, each piece running on to the end of a line.
    package static let defaultPieceBytes = 1 << 20

    package static func changedWhileRead(_ path: String) -> DiagnosticError {
        DiagnosticError(.error(SourceLocation(file: path), "the file changed while it was read; read it again"))
    }

    package let path: String
    let descriptor: Int32
    let sizeLimit: Int
    let pieceBytes: Int
    var buffer: [UInt8] = []
    /// Where each read goes before it is appended to `buffer`.
    var scratch: [UInt8]
    var handedOut = 0
    package private(set) var total = 0
    var atEnd = false

    package init(path: String, sizeLimit: Int, pieceBytes: Int) throws(DiagnosticError) {
        self.path = path
        let opened = try InputFile.openForReading(path, sizeLimit: sizeLimit)
        descriptor = opened.descriptor
        self.sizeLimit = sizeLimit
        self.pieceBytes = max(pieceBytes, 1)
        // No larger than the file (and one byte to see that it ends).
        scratch = [UInt8](repeating: 0, count: min(self.pieceBytes, max(opened.size, 0) + 1))
    }

    package func closeFile() { _ = close(descriptor) }

    package mutating func rewind() throws(DiagnosticError) {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw readError(errno) }
        buffer = []
        handedOut = 0
        total = 0
        atEnd = false
    }

    package func readError(_ error: Int32) -> DiagnosticError {
        DiagnosticError(.error(SourceLocation(file: path), "cannot read file: \(String(cString: strerror(error)))"), kind: .missingInput)
    }

    package mutating func next() throws(DiagnosticError) -> ArraySlice<UInt8>? {
        buffer.removeFirst(handedOut)
        handedOut = 0
        while true {
            if atEnd {
                if buffer.isEmpty { return nil }
                handedOut = buffer.count
                return buffer[...]
            }
            let old = buffer.count
            var n: Int
            repeat {
                n = scratch.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            } while n < 0 && errno == EINTR
            if n < 0 { throw readError(errno) }
            if n == 0 { atEnd = true; continue }
            buffer.append(contentsOf: scratch[..<n])
            total += n
            if total > sizeLimit { throw InputFile.tooLarge(path, size: nil, limit: sizeLimit) }
            // The carry before `old` holds no LF.
            if let lf = buffer[old...].lastIndex(of: 0x0A) {
                handedOut = lf + 1
                return buffer[..<handedOut]
            }
        }
    }
}
