#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TotsugoCore

/// The character encoding of a text table file. `auto` (the default) detects it; any other
/// case forces it, and bytes that do not fit the forced encoding are an error (never
/// replacement characters).
public enum TextEncoding: String, Sendable, CaseIterable, CustomStringConvertible {
    /// A byte order mark decides; without one, UTF-8 if the bytes are valid UTF-8, else CP932
    /// if they are valid CP932, else an error at the first bad byte.
    case auto
    /// UTF-8, with or without a byte order mark (Excel's "CSV UTF-8" writes one).
    case utf8 = "utf-8"
    /// Windows code page 932, what Japanese Excel writes as "CSV": Shift_JIS with the NEC and
    /// IBM extensions (①, ㈱, 髙, ⅰ) and Microsoft's mappings (0x8160 → ～ U+FF5E,
    /// 0x817C → － U+FF0D, 0x5C → \ U+005C).
    case cp932
    /// UTF-16 little-endian (Excel's "Unicode text", tab-separated, with a byte order mark).
    case utf16LE = "utf-16le"
    /// UTF-16 big-endian.
    case utf16BE = "utf-16be"

    /// Reads the name a user types: `auto`, `utf-8`/`utf8`, `cp932`/`shift_jis`/`sjis`/
    /// `windows-31j`, `utf-16le`/`utf-16` (little-endian, as Windows writes it), `utf-16be`.
    /// Case and `-`/`_` are ignored. Nil for anything else.
    public init?(name: String) {
        let key = String(name.lowercased().filter { $0 != "-" && $0 != "_" })
        switch key {
        case "auto": self = .auto
        case "utf8": self = .utf8
        case "cp932", "ms932", "windows31j", "shiftjis", "sjis", "mskanji": self = .cp932
        case "utf16le", "utf16", "unicode": self = .utf16LE
        case "utf16be": self = .utf16BE
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .auto: "auto"
        case .utf8: "UTF-8"
        case .cp932: "CP932 (Shift_JIS)"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        }
    }
}

/// Text decoded to UTF-8, with what was found out about it.
public struct DecodedText: Sendable, Equatable {
    /// The text as UTF-8 bytes, without a byte order mark. Valid UTF-8, no NUL characters.
    public var utf8: [UInt8]
    /// The encoding the bytes were read in (never `auto`).
    public var encoding: TextEncoding
    /// Whether the file started with a byte order mark.
    public var byteOrderMark: Bool

    public var text: String { String(decoding: utf8, as: UTF8.self) }
}

/// Decoding of a text file's bytes, with positioned errors.
public enum TextDecoding {
    /// Decodes `bytes` (read from `file`, named in diagnostics) in `encoding`, detecting it
    /// when `auto`. Fails with `file:line:col: error:` at the first byte that does not fit;
    /// line and column count the characters decoded before it.
    public static func decode(_ bytes: [UInt8], file: String, encoding: TextEncoding = .auto) throws(DiagnosticError) -> DecodedText {
        let bom = ByteOrderMark(bytes)
        let decoded: DecodedText
        switch encoding {
        case .auto:
            switch bom {
            case .utf8: decoded = try decodeUTF8(bytes, from: 3, file: file, bom: true)
            case .utf16LE: decoded = try decodeUTF16(bytes, from: 2, bigEndian: false, file: file, bom: true)
            case .utf16BE: decoded = try decodeUTF16(bytes, from: 2, bigEndian: true, file: file, bom: true)
            case nil: decoded = try detect(bytes, file: file)
            }
        case .utf8:
            if let bom, bom != .utf8 { throw forcedMismatch(file, forced: encoding, bom: bom) }
            decoded = try decodeUTF8(bytes, from: bom == .utf8 ? 3 : 0, file: file, bom: bom == .utf8)
        case .cp932:
            if let bom { throw forcedMismatch(file, forced: encoding, bom: bom) }
            decoded = try decodeCP932(bytes, file: file)
        case .utf16LE, .utf16BE:
            let bigEndian = encoding == .utf16BE
            if let bom, bom != (bigEndian ? .utf16BE : .utf16LE) { throw forcedMismatch(file, forced: encoding, bom: bom) }
            decoded = try decodeUTF16(bytes, from: bom == nil ? 0 : 2, bigEndian: bigEndian, file: file, bom: bom != nil)
        }
        if let nul = decoded.utf8.firstIndex(of: 0) {
            let (line, column) = TextPosition.after(decoded.utf8[..<nul])
            let hint = encoding == .auto && !decoded.byteOrderMark
                ? "; if this is UTF-16 text without a byte order mark, name its encoding (utf-16le or utf-16be)"
                : "; a text table holds no NUL characters (is this a binary file?)"
            throw DiagnosticError(.error(SourceLocation(file: file, line: line, column: column),
                "NUL character in the text (read as \(decoded.encoding))" + hint))
        }
        return decoded
    }

    enum ByteOrderMark: Equatable {
        case utf8, utf16LE, utf16BE

        init?(_ bytes: [UInt8]) {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { self = .utf8 }
            else if bytes.starts(with: [0xFF, 0xFE]) { self = .utf16LE }
            else if bytes.starts(with: [0xFE, 0xFF]) { self = .utf16BE }
            else { return nil }
        }

        var encoding: TextEncoding {
            switch self {
            case .utf8: .utf8
            case .utf16LE: .utf16LE
            case .utf16BE: .utf16BE
            }
        }
    }

    static func forcedMismatch(_ file: String, forced: TextEncoding, bom: ByteOrderMark) -> DiagnosticError {
        DiagnosticError(.error(SourceLocation(file: file),
            "the file starts with a \(bom.encoding) byte order mark, but its encoding was given as \(forced); leave the encoding to be detected, or name \(bom.encoding)"))
    }

    /// No byte order mark: UTF-8 if valid, else CP932 if valid, else an error at the first bad
    /// byte of the encoding that read further (the likelier one), naming the other's too.
    static func detect(_ bytes: [UInt8], file: String) throws(DiagnosticError) -> DecodedText {
        guard let badUTF8 = firstInvalidUTF8(bytes, from: 0) else {
            return DecodedText(utf8: bytes, encoding: .utf8, byteOrderMark: false)
        }
        let cp932: CP932Result
        do { cp932 = try CP932.decode(bytes) } catch { throw DiagnosticError(.error(SourceLocation(file: file), error.message)) }
        switch cp932 {
        case .decoded(let utf8):
            return DecodedText(utf8: utf8, encoding: .cp932, byteOrderMark: false)
        case .invalid(let badCP932, let prefix):
            let utf8Position = TextPosition.after(bytes[..<badUTF8])
            let cp932Position = TextPosition.after(prefix[...])
            let utf8Byte = hex(bytes, badUTF8), cp932Byte = hex(bytes, badCP932)
            let message: String, position: (line: Int, column: Int)
            if badCP932 > badUTF8 {
                position = cp932Position
                message = "the text is neither UTF-8 nor CP932 (Shift_JIS): it reads as CP932 up to the invalid byte \(cp932Byte) here (offset \(badCP932)); as UTF-8 it fails at \(utf8Position.line):\(utf8Position.column) (byte \(utf8Byte)). Save the file as UTF-8 or name its encoding"
            } else {
                position = utf8Position
                message = "the text is neither UTF-8 nor CP932 (Shift_JIS): it reads as UTF-8 up to the invalid byte \(utf8Byte) here (offset \(badUTF8)); as CP932 it fails at \(cp932Position.line):\(cp932Position.column) (byte \(cp932Byte)). Save the file as UTF-8 or name its encoding"
            }
            throw DiagnosticError(.error(SourceLocation(file: file, line: position.line, column: position.column), message))
        }
    }

    static func hex(_ bytes: [UInt8], _ offset: Int) -> String {
        let digits = Array("0123456789ABCDEF")
        let byte = bytes[offset]
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }

    static func decodeUTF8(_ bytes: [UInt8], from start: Int, file: String, bom: Bool) throws(DiagnosticError) -> DecodedText {
        if let bad = firstInvalidUTF8(bytes, from: start) {
            let (line, column) = TextPosition.after(bytes[start..<bad])
            throw DiagnosticError(.error(SourceLocation(file: file, line: line, column: column),
                "invalid UTF-8 (byte \(hex(bytes, bad)) at offset \(bad)); the file is not UTF-8: name its encoding (e.g. cp932 for a CSV saved by Japanese Excel), or save it as UTF-8"))
        }
        return DecodedText(utf8: start == 0 ? bytes : Array(bytes[start...]), encoding: .utf8, byteOrderMark: bom)
    }

    static func decodeCP932(_ bytes: [UInt8], file: String) throws(DiagnosticError) -> DecodedText {
        let result: CP932Result
        do { result = try CP932.decode(bytes) } catch { throw DiagnosticError(.error(SourceLocation(file: file), error.message)) }
        switch result {
        case .decoded(let utf8):
            return DecodedText(utf8: utf8, encoding: .cp932, byteOrderMark: false)
        case .invalid(let bad, let prefix):
            let (line, column) = TextPosition.after(prefix[...])
            throw DiagnosticError(.error(SourceLocation(file: file, line: line, column: column),
                "invalid CP932 (Shift_JIS) (byte \(hex(bytes, bad)) at offset \(bad)); the file is not CP932: name its encoding, or leave it to be detected"))
        }
    }

    static func decodeUTF16(_ bytes: [UInt8], from start: Int, bigEndian: Bool, file: String, bom: Bool) throws(DiagnosticError) -> DecodedText {
        let encoding: TextEncoding = bigEndian ? .utf16BE : .utf16LE
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count - start) * 3 / 2)
        func fail(_ offset: Int, _ what: String) -> DiagnosticError {
            let (line, column) = TextPosition.after(out[...])
            return DiagnosticError(.error(SourceLocation(file: file, line: line, column: column), "invalid \(encoding): \(what) at offset \(offset)"))
        }
        var i = start
        let end = bytes.count
        @inline(__always) func unit(_ at: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) : UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at])
        }
        while i < end {
            guard i + 1 < end else { throw fail(i, "the text ends in the middle of a character (odd number of bytes)") }
            let u = unit(i)
            var scalar = u
            if u >= 0xD800 && u <= 0xDBFF {
                guard i + 3 < end else { throw fail(i, "a high surrogate without its low surrogate") }
                let low = unit(i + 2)
                guard low >= 0xDC00 && low <= 0xDFFF else { throw fail(i, "a high surrogate without its low surrogate") }
                scalar = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                i += 4
            } else if u >= 0xDC00 && u <= 0xDFFF {
                throw fail(i, "a low surrogate without its high surrogate")
            } else {
                i += 2
            }
            appendUTF8(scalar, to: &out)
        }
        return DecodedText(utf8: out, encoding: encoding, byteOrderMark: bom)
    }

    @inline(__always) static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | v >> 6)); out.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | v >> 12)); out.append(UInt8(0x80 | (v >> 6) & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        } else {
            out.append(UInt8(0xF0 | v >> 18)); out.append(UInt8(0x80 | (v >> 12) & 0x3F))
            out.append(UInt8(0x80 | (v >> 6) & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// Offset of the first byte that is not part of valid UTF-8 (overlong forms, surrogates and
    /// values above U+10FFFF are invalid), or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { b -> Int? in
            var i = start
            let n = b.count
            while i < n {
                let c = b[i]
                if c < 0x80 { i += 1; continue }
                let length: Int, lowest: UInt8, highest: UInt8
                switch c {
                case 0xC2...0xDF: length = 2; lowest = 0x80; highest = 0xBF
                case 0xE0: length = 3; lowest = 0xA0; highest = 0xBF
                case 0xE1...0xEC, 0xEE, 0xEF: length = 3; lowest = 0x80; highest = 0xBF
                case 0xED: length = 3; lowest = 0x80; highest = 0x9F
                case 0xF0: length = 4; lowest = 0x90; highest = 0xBF
                case 0xF1...0xF3: length = 4; lowest = 0x80; highest = 0xBF
                case 0xF4: length = 4; lowest = 0x80; highest = 0x8F
                default: return i
                }
                guard i + length <= n, b[i + 1] >= lowest, b[i + 1] <= highest else { return i }
                for k in 2..<length where b[i + k] & 0xC0 != 0x80 { return i }
                i += length
            }
            return nil
        }
    }
}

enum CP932Result {
    case decoded([UInt8])
    /// The offset of the first byte that is not CP932, and the UTF-8 of everything before it.
    case invalid(Int, [UInt8])
}

struct CP932Failure: Error { var message: String }

/// CP932 through the C library's iconv ("CP932": glibc's table is Microsoft's, with the NEC
/// and IBM extensions). Measured on Linux: Foundation's `String(data:encoding: .shiftJIS)`
/// agrees with it on every one- and two-byte sequence, but cannot say where bad bytes are and
/// is slower; iconv's strict "SHIFT_JIS" refuses ① and 髙 and maps 0x5C to ¥.
enum CP932 {
    static func decode(_ bytes: [UInt8]) throws(CP932Failure) -> CP932Result {
        let descriptor = iconv_open("UTF-8", "CP932")
        if descriptor == iconv_t(bitPattern: -1) {
            throw CP932Failure(message: "cannot decode CP932: the C library has no CP932 converter (iconv)")
        }
        defer { iconv_close(descriptor) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 2)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = bytes
        var consumed = 0
        var failure: Int32 = 0
        input.withUnsafeMutableBufferPointer { inputBuffer in
            chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                guard let inputBase = inputBuffer.baseAddress, let chunkBase = chunkBuffer.baseAddress else { return }
                let inputStart = UnsafeMutableRawPointer(inputBase).assumingMemoryBound(to: CChar.self)
                var inPointer: UnsafeMutablePointer<CChar>? = inputStart
                var inLeft = inputBuffer.count
                while inLeft > 0 {
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(chunkBase).assumingMemoryBound(to: CChar.self)
                    var outLeft = chunkBuffer.count
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    out.append(contentsOf: UnsafeBufferPointer(start: chunkBase, count: chunkBuffer.count - outLeft))
                    if result == -1 {
                        let error = errno
                        if error == E2BIG { continue }
                        failure = error
                        break
                    }
                }
                consumed = inputBuffer.count - inLeft
            }
        }
        if failure != 0 {
            // EILSEQ: an invalid sequence; EINVAL: the text ends inside a character.
            return .invalid(consumed, out)
        }
        return .decoded(out)
    }
}

/// Line and column (1-based, column in characters) in UTF-8 text; CR LF, LF and CR each end a
/// line.
enum TextPosition {
    /// The position just after `prefix`.
    static func after(_ prefix: ArraySlice<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = prefix.startIndex
        var i = prefix.startIndex
        while i < prefix.endIndex {
            let byte = prefix[i]
            if byte == 0x0A || byte == 0x0D {
                line += 1
                if byte == 0x0D, i + 1 < prefix.endIndex, prefix[i + 1] == 0x0A { i += 1 }
                lineStart = i + 1
            }
            i += 1
        }
        return (line, characters(prefix[lineStart...]) + 1)
    }

    /// Characters (grapheme clusters, as Swift counts them) in valid UTF-8 that holds no line
    /// end. Fast when every scalar is one that never joins its neighbours into one character
    /// (ASCII, Latin, kana, kanji, full-width forms, symbols: the text of Japanese tables);
    /// otherwise (combining marks, joiners, variation selectors, Hangul, flags…) Swift counts.
    static func characters(_ utf8: ArraySlice<UInt8>) -> Int {
        var count = 0
        var i = utf8.startIndex
        let end = utf8.endIndex
        while i < end {
            let lead = utf8[i]
            if lead < 0x80 {
                count += 1
                i += 1
                continue
            }
            let scalar: UInt32
            if lead < 0xE0 {
                scalar = UInt32(lead & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F)
                i += 2
            } else if lead < 0xF0 {
                scalar = UInt32(lead & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
                i += 3
            } else {
                scalar = UInt32(lead & 0x07) << 18 | UInt32(utf8[i + 1] & 0x3F) << 12 | UInt32(utf8[i + 2] & 0x3F) << 6 | UInt32(utf8[i + 3] & 0x3F)
                i += 4
            }
            guard standsAlone(scalar) else { return String(decoding: utf8, as: UTF8.self).count }
            count += 1
        }
        return count
    }

    /// Scalars whose grapheme cluster break property is Other or Control and that are not
    /// Regional Indicators or Hangul jamo/syllables: next to each other they are one character
    /// each. (Extended pictographs are included: they join only through ZWJ or an extender,
    /// which are not.)
    @inline(__always) static func standsAlone(_ v: UInt32) -> Bool {
        switch v {
        case 0x0000...0x02FF,                       // ASCII, Latin-1, Latin Extended, IPA, spacing modifiers
             0x2010...0x2027, 0x2030...0x205E,      // general punctuation without the zero-width and format characters
             0x2070...0x209F,                       // super- and subscripts
             0x20A0...0x20CF,                       // currency
             0x2100...0x2BFF,                       // letterlike, number forms (Ⅰ), arrows, math, technical, ①, box drawing, shapes, symbols
             0x3000...0x3029, 0x3030...0x3098, 0x309B...0x30FF, // CJK punctuation, hiragana, katakana (not the combining marks)
             0x3100...0x33FF,                       // bopomofo, compatibility jamo, kanbun, enclosed CJK (㈱), CJK compatibility (㌔)
             0x3400...0x4DBF, 0x4E00...0x9FFF,      // kanji
             0xF900...0xFAFF,                       // CJK compatibility ideographs
             0xFF01...0xFF9D, 0xFFE0...0xFFEE,      // full-width and half-width forms (not ﾞ ﾟ, which join; not half-width Hangul)
             0x20000...0x3FFFF:                     // kanji outside the BMP (𠮷)
            return true
        default:
            return false
        }
    }
}
