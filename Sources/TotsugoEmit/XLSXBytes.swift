/// A SpreadsheetML part built as UTF-8 bytes in one buffer: large sheets and the shared
/// string table were dominated by String concatenation and scalar-by-scalar escaping.
struct XLSXBytes {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

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

    /// `text` escaped as `XLSXText.escape` does, appended as bytes.
    mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { XLSXBytes.escape($0, into: &bytes) }
    }

    /// `&`, `<`, `>`, `"` as entities; C0 controls other than tab, LF, CR and U+FFFE/U+FFFF as
    /// `_xHHHH_`; a literal `_xHHHH_` protected as `_x005F_xHHHH_`. Every byte the rules look
    /// at is ASCII (or the lead of U+FFFE/U+FFFF), so a byte scan gives the scalar result.
    static func escape(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var start = 0
        var i = 0
        let count = input.count
        func flush(_ end: Int, _ out: inout [UInt8]) {
            if end > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<end])) }
        }
        while i < count {
            let byte = input[i]
            switch byte {
            case 0x26, 0x3C, 0x3E, 0x22:
                flush(i, &out)
                switch byte {
                case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
                case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
                case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
                default: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
                }
                i += 1
                start = i
            case 0x5F where startsEscapeLiteral(input, at: i):
                flush(i, &out)
                out.append(contentsOf: Array("_x005F_".utf8))
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
    static func appendHexEscape(_ value: UInt32, into out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        out.append(0x5F)
        out.append(0x78)
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int((value >> UInt32(shift)) & 0xF)]) }
        out.append(0x5F)
    }
}
