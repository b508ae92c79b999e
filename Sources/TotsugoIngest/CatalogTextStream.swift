import TotsugoCore

/// Where `CatalogTextParser`'s one parser takes its lines from: the text in memory
/// (`CatalogTextParser.Lines`) or the file read a piece at a time (`CatalogTextParser.PieceLines`).
protocol TextLineSource {
    /// The next line without its LF or CR LF; nil after the last.
    mutating func next() throws(DiagnosticError) -> String?
    /// 1-based number of the line `next()` returned last.
    var number: Int { get }
}

extension CatalogTextParser.Lines: TextLineSource {}

extension CatalogTextParser: StreamingCatalogReader {
    public func read(path: String, limits: InputLimits) throws(DiagnosticError) -> Catalog {
        try CatalogTextParser(limits: limits).read(path: path, sizeLimit: limits.maxInputBytes)
    }

    /// The catalog in the file at `path`, read a piece of about `pieceBytes` at a time (each
    /// ending at an LF), never whole: what `parse(InputFile.read(path))` gives, with the same
    /// diagnostics at the same places. A first pass over the pieces makes the checks of
    /// `InputFile.decode` (BOM, empty file, the first invalid UTF-8 byte),
    /// `InputFile.controlCharacters` and `hiddenLineBreaks`; a second pass parses the lines.
    package func read(path: String, sizeLimit: Int, pieceBytes: Int = LinePieces.defaultPieceBytes) throws(DiagnosticError) -> Catalog {
        var lines = PieceLines(pieces: try LinePieces(path: path, sizeLimit: sizeLimit, pieceBytes: pieceBytes))
        defer { lines.pieces.closeFile() }
        var check = FileCheck(path: path, limit: InputLimits.maxDiagnosticsPerFile)
        while let piece = try lines.pieces.next() { try check.take(piece) }
        if check.blank { throw InputFile.empty(path) }
        lines.byteOrderMark = check.byteOrderMark
        lines.expectedBytes = lines.pieces.total
        try lines.pieces.rewind()
        let controls = check.controls
        check.controls = []
        return try parse(lines: &lines, file: path, hiddenBreaks: check.hiddenBreaks, controls: { controls },
                         keepingItems: true, eachItem: nil)
    }

    /// The checks of the whole text made a piece at a time. A piece starts a line and ends
    /// after an LF (or at the end of the file), so each check sees whole lines and UTF-8
    /// sequences; positions are offset by the lines and bytes before the piece.
    struct FileCheck {
        let path: String
        let limit: Int
        var byteOrderMark = false
        /// Only blanks (and a BOM) so far: an empty file.
        var blank = true
        /// Whether a piece has been taken (a BOM is looked for in the first only).
        var started = false
        /// Number of the piece's first line, and bytes (after a BOM) before it.
        var line = 1
        var offset = 0
        var controls: [Diagnostic] = []
        var hiddenBreaks: [Diagnostic] = []

        mutating func take(_ piece: ArraySlice<UInt8>) throws(DiagnosticError) {
            var text = piece
            if !started, text.starts(with: InputFile.byteOrderMark) {
                byteOrderMark = true
                text = text.dropFirst(InputFile.byteOrderMark.count)
            }
            started = true
            let (path, limit, line, offset) = (self.path, self.limit, self.line, self.offset)
            var controls = self.controls, hiddenBreaks = self.hiddenBreaks
            self.controls = []
            self.hiddenBreaks = []
            if blank { blank = text.allSatisfy(InputFile.isBlankByte) }
            let result: (invalid: DiagnosticError?, lines: Int) = text.withUnsafeBufferPointer { bytes in
                if let bad = InputFile.firstInvalidUTF8(bytes) {
                    let (l, column) = InputFile.position(of: bad, in: bytes)
                    return (InputFile.invalidUTF8(path, line: line + l - 1, column: column, byte: bytes[bad], offset: offset + bad), 0)
                }
                if controls.count < limit {
                    controls += InputFile.controlCharacters(in: bytes, firstLine: line, path: path, limit: limit - controls.count)
                }
                if hiddenBreaks.count < limit {
                    hiddenBreaks += CatalogTextParser.hiddenLineBreaks(in: bytes, firstLine: line, path: path, limit: limit - hiddenBreaks.count)
                }
                var lineFeeds = 0
                for b in bytes where b == 0x0A { lineFeeds += 1 }
                return (nil, lineFeeds)
            }
            if let invalid = result.invalid { throw invalid }
            self.controls = controls
            self.hiddenBreaks = hiddenBreaks
            self.line += result.lines
            self.offset += text.count
        }
    }

    /// The lines of the file, read again a piece at a time after `FileCheck` has passed it.
    /// Every piece is checked again (valid UTF-8, the same BOM and size), so a file saved over
    /// between the two passes is refused rather than decoded loosely.
    struct PieceLines: TextLineSource {
        var pieces: LinePieces
        var byteOrderMark = false
        /// The file's size as the first pass read it.
        var expectedBytes = 0
        private var piece: ArraySlice<UInt8> = []
        private var start = 0
        private var finished = false
        private(set) var number = 0

        init(pieces: LinePieces) { self.pieces = pieces }

        mutating func next() throws(DiagnosticError) -> String? {
            while !finished {
                if start < piece.endIndex {
                    let newline = piece[start...].firstIndex(of: 0x0A)
                    let end = newline ?? piece.endIndex
                    let (base, from) = (piece.startIndex, start)
                    let line = piece.withUnsafeBufferPointer {
                        CatalogTextParser.Lines.line($0, from - base, end - base, endsWithLF: newline != nil)
                    }
                    number += 1
                    if let newline { start = newline + 1 } else { start = end; finished = true }
                    return line
                }
                // Let go of the piece before the next one is read into the same buffer.
                let isFirst = piece.isEmpty && number == 0
                piece = []
                guard var text = try pieces.next() else {
                    guard pieces.total == expectedBytes else { throw LinePieces.changedWhileRead(pieces.path) }
                    // The file ended with an LF (or is empty): its last line is empty.
                    finished = true
                    number += 1
                    return ""
                }
                if isFirst, byteOrderMark {
                    guard text.starts(with: InputFile.byteOrderMark) else { throw LinePieces.changedWhileRead(pieces.path) }
                    text = text.dropFirst(InputFile.byteOrderMark.count)
                }
                let endsFile = text.last != 0x0A
                let valid = text.withUnsafeBufferPointer { InputFile.firstInvalidUTF8($0) == nil }
                guard valid, endsFile ? pieces.total == expectedBytes : pieces.total <= expectedBytes else {
                    throw LinePieces.changedWhileRead(pieces.path)
                }
                piece = text
                start = piece.startIndex
            }
            return nil
        }
    }
}
