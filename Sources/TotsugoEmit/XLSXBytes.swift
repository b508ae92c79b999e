/// Where SpreadsheetML bytes go: a buffer (`XLSXBytes`), or a counter (`XLSXByteCount`) that
/// works out a part's exact length up front with the same code that writes it (the zip needs
/// each part's size before its first byte).
protocol XLSXSink {
    mutating func append(_ text: StaticString)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>)
    mutating func append(byte: UInt8)
    /// A non-negative integer in decimal.
    mutating func append(_ number: Int)
}

extension XLSXSink {
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// `text` escaped as `XLSXText.escape` does.
    mutating func appendEscaped(_ text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ XLSXBytes.escape($0, into: &self) }) { return done }
        var copy = text
        copy.withUTF8 { XLSXBytes.escape($0, into: &self) }
    }
}

/// Counts the bytes a part would have.
struct XLSXByteCount: XLSXSink {
    var count = 0

    mutating func append(_ text: StaticString) { count += text.utf8CodeUnitCount }
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { count += bytes.count }
    mutating func append(byte: UInt8) { count += 1 }
    mutating func append(_ number: Int) { count += XLSXBytes.digits(number) }
}

/// A SpreadsheetML part built as UTF-8 bytes in one buffer: large sheets and the shared
/// string table were dominated by String concatenation and scalar-by-scalar escaping.
struct XLSXBytes: XLSXSink {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: buffer)
    }

    mutating func append(byte: UInt8) { bytes.append(byte) }

    /// An integer in decimal.
    mutating func append(_ number: Int) {
        guard number >= 0 else { append(String(number)); return }
        var divisor = 1
        while divisor <= number / 10 { divisor *= 10 }
        var rest = number
        while divisor > 0 {
            bytes.append(0x30 + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Length of `number` in decimal (with its sign).
    static func digits(_ number: Int) -> Int {
        guard number >= 0 else { return String(number).utf8.count }
        var count = 1
        var rest = number
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }

    /// `&`, `<`, `>`, `"` as entities; C0 controls other than tab, LF, CR and U+FFFE/U+FFFF as
    /// `_xHHHH_`; a literal `_xHHHH_` protected as `_x005F_xHHHH_`. Every byte the rules look
    /// at is ASCII (or the lead of U+FFFE/U+FFFF), so a byte scan gives the scalar result.
    static func escape<Sink: XLSXSink>(_ input: UnsafeBufferPointer<UInt8>, into out: inout Sink) {
        var start = 0
        var i = 0
        let count = input.count
        func flush(_ end: Int, _ out: inout Sink) {
            if end > start { out.append(UnsafeBufferPointer(rebasing: input[start..<end])) }
        }
        while i < count {
            // Eight bytes at a time while none of them is one the rules look at (the bulk of
            // any text): nothing to do for them.
            if i + 8 <= count, let base = input.baseAddress,
               !mayNeedEscaping(UnsafeRawPointer(base).loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                i += 8
                continue
            }
            let byte = input[i]
            switch byte {
            case 0x26, 0x3C, 0x3E, 0x22:
                flush(i, &out)
                switch byte {
                case 0x26: out.append("&amp;" as StaticString)
                case 0x3C: out.append("&lt;" as StaticString)
                case 0x3E: out.append("&gt;" as StaticString)
                default: out.append("&quot;" as StaticString)
                }
                i += 1
                start = i
            case 0x5F where startsEscapeLiteral(input, at: i):
                flush(i, &out)
                out.append("_x005F_" as StaticString)
                i += 1
                start = i
            case 0x09, 0x0A, 0x0D:
                i += 1
            case 0x00..<0x20:
                flush(i, &out)
                appendHexEscape(UInt32(byte), into: &out)
                i += 1
                start = i
            case 0xEF where i + 2 < count && input[i + 1] == 0xBF && (input[i + 2] == 0xBE || input[i + 2] == 0xBF):
                flush(i, &out)
                appendHexEscape(input[i + 2] == 0xBE ? 0xFFFE : 0xFFFF, into: &out)
                i += 3
                start = i
            default:
                i += 1
            }
        }
        flush(count, &out)
    }

    /// False only when none of the word's eight bytes is a control (< 0x20), `"`, `&`, `<`, `>`,
    /// `_` or 0xEF, the bytes `escape` looks at (SWAR: a zero byte in `x` is found exactly by
    /// `(x - 0x01…) & ~x & 0x80…`, a byte below 0x20 by `(x - 0x20…) & ~x & 0x80…`).
    @inline(__always)
    static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        // Multi-byte text first (cheap): every byte ≥ 0x80 and none 0xEF.
        if word & highs == highs && hasZero(word ^ (ones &* 0xEF)) == 0 { return false }
        var found = (word &- ones &* 0x20) & ~word & highs
        found |= hasZero(word ^ (ones &* 0x22)) | hasZero(word ^ (ones &* 0x26))
        found |= hasZero(word ^ (ones &* 0x3C)) | hasZero(word ^ (ones &* 0x3E))
        found |= hasZero(word ^ (ones &* 0x5F)) | hasZero(word ^ (ones &* 0xEF))
        return found != 0
    }

    /// True when `_xHHHH_` starts at `index`.
    static func startsEscapeLiteral(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < input.count, input[index + 1] == 0x78, input[index + 6] == 0x5F else { return false }
        for k in (index + 2)...(index + 5) {
            switch input[k] {
            case 0x30...0x39, 0x41...0x46, 0x61...0x66: continue
            default: return false
            }
        }
        return true
    }

    /// `_xHHHH_` with four upper-case hex digits.
    static func appendHexEscape<Sink: XLSXSink>(_ value: UInt32, into out: inout Sink) {
        let hex: StaticString = "0123456789ABCDEF"
        out.append(byte: 0x5F)
        out.append(byte: 0x78)
        for shift in stride(from: 12, through: 0, by: -4) { out.append(byte: hex.utf8Start[Int((value >> UInt32(shift)) & 0xF)]) }
        out.append(byte: 0x5F)
    }
}
