#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TotsugoCore
import TotsugoIngest

/// How a text table was read by `DelimitedText.forEachRow` (its rows went to the caller).
public struct DelimitedTableReading: Sendable, Equatable {
    /// The encoding the file was read in (never `auto`).
    public var encoding: TextEncoding
    /// Whether the file started with a byte order mark.
    public var byteOrderMark: Bool
    /// The delimiter the cells were split on (never `auto`).
    public var delimiter: Delimiter
    /// How many rows were given.
    public var rows: Int
}

extension DelimitedText {
    /// The rows of the file at `path` given to `body` one at a time, as `read` would hold them
    /// in its table, none of them kept; every byte of the file goes to `bytes` once, in order (for
    /// a checksum). Throws what `read` throws, at the same place; the rows given before a
    /// failure are then to be dropped by the caller.
    ///
    /// UTF-8 and CP932 text is decoded a piece at a time: a piece ends after an LF byte, which is
    /// never inside a UTF-8 sequence nor a CP932 trail byte. Before any row is given, a first
    /// pass over the file settles its encoding and that every byte decodes, so that a bad byte
    /// anywhere is reported (as `read` reports it) before any row is read. UTF-16 text, and a
    /// file that does not decode, are read whole, as `read` does.
    public static func forEachRow(_ path: String, options: Options = Options(),
                                  bytes observe: (ArraySlice<UInt8>) -> Void = { _ in },
                                  _ body: (Table.Row) -> Void) throws(DiagnosticError) -> DelimitedTableReading {
        try forEachRow(path, options: options, pieceBytes: LinePieces.defaultPieceBytes, bytes: observe, body)
    }

    package static func forEachRow(_ path: String, options: Options, pieceBytes: Int,
                                   bytes observe: (ArraySlice<UInt8>) -> Void,
                                   _ body: (Table.Row) -> Void) throws(DiagnosticError) -> DelimitedTableReading {
        var file = try LinePieces(path: path, sizeLimit: options.maxInputBytes, pieceBytes: pieceBytes)
        defer { file.closeFile() }
        guard let (encoding, bom) = try file.streamableEncoding(options.encoding) else {
            var bytes = try InputFile.readBytes(path, sizeLimit: options.maxInputBytes)
            observe(bytes[...])
            let decoded = try TextDecoding.decode(bytes, file: path, encoding: options.encoding)
            bytes = []
            let read = try parse(decoded, file: path, options: options)
            for row in read.table.rows { body(row) }
            return DelimitedTableReading(encoding: read.encoding, byteOrderMark: read.byteOrderMark,
                                         delimiter: read.delimiter, rows: read.table.rows.count)
        }
        try file.rewind()
        var stream = RowStream(file: path, encoding: encoding, options: options)
        var first = true
        while let piece = try file.next() {
            observe(piece)
            // The first pass settled that every byte decodes and none is NUL; the file is read
            // again here, so a file saved over in between is caught rather than decoded loosely.
            guard !piece.contains(0) else { throw LinePieces.changedWhileRead(path) }
            if encoding == .cp932 {
                guard case .decoded(let utf8)? = try? CP932.decode(Array(piece)) else { throw LinePieces.changedWhileRead(path) }
                try stream.take(utf8, final: false, body)
            } else {
                let text = first && bom ? piece.dropFirst(3) : piece
                guard TextDecoding.firstInvalidUTF8(Array(text), from: 0) == nil else { throw LinePieces.changedWhileRead(path) }
                try stream.take(text, final: false, body)
            }
            first = false
        }
        return DelimitedTableReading(encoding: encoding, byteOrderMark: bom,
                                     delimiter: try stream.finish(body), rows: stream.rows)
    }

    /// Rows parsed from UTF-8 text given a piece at a time, split anywhere: a row is read only
    /// once the text holds all of it (and the byte after it), so rows, positions and
    /// diagnostics are those of the whole text.
    package struct RowStream {
        let file: String
        let encoding: TextEncoding
        let options: Options
        var parser: Parser?
        /// Text before the delimiter is known (the first row is not whole yet).
        var waiting: [UInt8] = []

        package init(file: String, encoding: TextEncoding, options: Options) {
            self.file = file
            self.encoding = encoding
            self.options = options
        }

        package var rows: Int { parser?.rowCount ?? 0 }

        package mutating func take(_ utf8: some Collection<UInt8>, final: Bool, _ body: (Table.Row) -> Void) throws(DiagnosticError) {
            if parser == nil {
                waiting.append(contentsOf: utf8)
                let delimiter: Delimiter
                if options.delimiter != .auto {
                    delimiter = options.delimiter
                } else {
                    guard let found = detectDelimiter(waiting, file: file, encoding: encoding, final: final) else { return }
                    delimiter = found
                }
                parser = Parser(text: waiting, file: file, delimiter: delimiter.byte, options: options)
                waiting = []
            } else {
                parser!.replaceRead(with: utf8)
            }
            while parser!.i < parser!.text.count {
                if !final && !Parser.holdsRow(parser!.text, from: parser!.i, delimiter: parser!.delimiter) { break }
                body(try parser!.nextRow())
            }
        }

        /// Reads what is left as the end of the file; returns the delimiter.
        package mutating func finish(_ body: (Table.Row) -> Void) throws(DiagnosticError) -> Delimiter {
            try take(EmptyCollection<UInt8>(), final: true, body)
            if rows == 0 {
                throw DiagnosticError(.error(SourceLocation(file: file), "the file is empty: it holds no rows"))
            }
            return Delimiter.allCases.first { $0 != .auto && $0.byte == parser!.delimiter }!
        }
    }
}

extension LinePieces {
    /// The encoding the file is read in a piece at a time and whether it starts with a byte
    /// order mark, once every piece is checked to decode (without NUL); nil when it is to be
    /// read whole (UTF-16, a byte order mark that contradicts the given encoding, or bytes
    /// that do not decode: `TextDecoding.decode` says where).
    mutating func streamableEncoding(_ given: TextEncoding) throws(DiagnosticError) -> (TextEncoding, Bool)? {
        guard let first = try next() else {
            switch given {
            case .auto, .utf8: return (.utf8, false)
            case .cp932: return (.cp932, false)
            case .utf16LE, .utf16BE: return nil
            }
        }
        let bom = TextDecoding.ByteOrderMark(Array(first.prefix(3)))
        let candidates: [TextEncoding]
        switch (given, bom) {
        case (.auto, nil): candidates = [.utf8, .cp932]
        case (.auto, .utf8?), (.utf8, .utf8?), (.utf8, nil): candidates = [.utf8]
        case (.cp932, nil): candidates = [.cp932]
        default: return nil
        }
        for encoding in candidates {
            try rewind()
            var valid = true
            var isFirst = true
            while valid, let piece = try next() {
                let text = isFirst && bom != nil ? piece.dropFirst(3) : piece
                isFirst = false
                if text.contains(0) { valid = false; break }
                if encoding == .utf8 {
                    valid = TextDecoding.firstInvalidUTF8(Array(text), from: 0) == nil
                } else if case .decoded? = try? CP932.decode(Array(text)) {
                    valid = true
                } else {
                    valid = false
                }
            }
            if valid { return (encoding, bom != nil) }
        }
        return nil
    }
}
