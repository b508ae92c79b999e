import Crypto
import Foundation
import TotsugoCore

/// A JSON value whose objects keep their members in the order given (OSCAL documents read
/// best in the model's order: `uuid`, `metadata`, …), written with two-space indent and a
/// final newline: the same value always gives the same bytes.
public indirect enum OrderedJSON: Equatable, Sendable {
    case string(String)
    case int(Int)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    public static func == (a: Self, b: Self) -> Bool { a.rendered() == b.rendered() }

    public func rendered() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(into: &out, depth: 0)
        out.append(0x0A)
        return out
    }

    /// Written byte by byte: strings are copied as UTF-8, escaping only what JSON requires
    /// (`"`, `\\`, control characters), the same escapes `JSONValue.quote` writes.
    func write(into out: inout [UInt8], depth: Int) {
        func indent(_ depth: Int) {
            out.append(contentsOf: repeatElement(0x20, count: 2 * depth))
        }
        switch self {
        case .string(let text): Self.quote(text, into: &out)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .array(let values):
            guard !values.isEmpty else { out.append(contentsOf: "[]".utf8); return }
            out.append(contentsOf: "[\n".utf8)
            for (index, value) in values.enumerated() {
                indent(depth + 1)
                value.write(into: &out, depth: depth + 1)
                if index < values.count - 1 { out.append(UInt8(ascii: ",")) }
                out.append(0x0A)
            }
            indent(depth)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { out.append(contentsOf: "{}".utf8); return }
            out.append(contentsOf: "{\n".utf8)
            for (index, (key, value)) in members.enumerated() {
                indent(depth + 1)
                Self.quote(key, into: &out)
                out.append(contentsOf: ": ".utf8)
                value.write(into: &out, depth: depth + 1)
                if index < members.count - 1 { out.append(UInt8(ascii: ",")) }
                out.append(0x0A)
            }
            indent(depth)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: copied whole after a scan eight bytes at a time.
        let copied: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard !OSCALJSONBytes.needsEscape(bytes) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied != true {
            if copied == nil, !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out.append(contentsOf: text.utf8)
            } else {
                escaped(text, into: &out)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `text` with what JSON requires escaped (`"`, `\\`, control characters), no quotes.
    static func escaped(_ text: String, into out: inout [UInt8]) {
        let hex = OSCALJSONBytes.hexDigits
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
    }
}

/// Byte tests of the JSON writers.
enum OSCALJSONBytes {
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// True when a byte of `bytes` must be escaped in a JSON string (below 0x20, `"` or `\\`),
    /// tested eight bytes at a time.
    @inline(__always)
    static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let below20 = (word &- ones &* 0x20) & ~word & high
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            let hasQuote = (quote &- ones) & ~quote & high
            let hasBackslash = (backslash &- ones) & ~backslash & high
            if below20 | hasQuote | hasBackslash != 0 { return true }
            i += 8
        }
        while i < count {
            let byte = base[i]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return true }
            i += 1
        }
        return false
    }
}

/// Name-based UUIDs (RFC 9562 version 5, SHA-1): the same name always gives the same uuid, so
/// a re-export is byte-identical and a diff of two exports shows what changed.
public enum NameUUID {
    public static func v5(_ name: String, namespace: String = OSCAL.uuidNamespace) -> String {
        var hasher = Insecure.SHA1()
        if namespace == OSCAL.uuidNamespace {
            hasher.update(data: defaultNamespaceBytes)
        } else {
            hasher.update(data: hexBytes(namespace))
        }
        var name = name
        name.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        let digest = hasher.finalize()
        // Hex digits by table (String(format:) per byte was most of the export's time).
        return digest.withUnsafeBytes { raw in
            String(unsafeUninitializedCapacity: 36) { text in
                var at = 0
                for index in 0..<16 {
                    var byte = raw[index]
                    if index == 6 { byte = (byte & 0x0F) | 0x50 }
                    if index == 8 { byte = (byte & 0x3F) | 0x80 }
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    text[at] = OSCALJSONBytes.hexDigits[Int(byte >> 4)]
                    text[at + 1] = OSCALJSONBytes.hexDigits[Int(byte & 0x0F)]
                    at += 2
                }
                return at
            }
        }
    }

    static let defaultNamespaceBytes = hexBytes(OSCAL.uuidNamespace)

    static func hexBytes(_ uuid: String) -> [UInt8] {
        let digits = Array(uuid.replacingOccurrences(of: "-", with: "").utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16) ?? 0 }
    }
}

/// What the OSCAL export writes its documents into, member by member in the model's order:
/// straight into bytes (`JSONStreamWriter`, for the files) or into an `OrderedJSON` tree
/// (`OrderedJSONBuilder`, for callers that want the value). Both give the same bytes.
protocol OSCALJSONSink {
    mutating func beginObject()
    mutating func endObject()
    mutating func beginArray()
    mutating func endArray()
    /// The next member's key; its value follows.
    mutating func key(_ key: StaticString)
    mutating func string(_ value: String)
}

extension OSCALJSONSink {
    mutating func member(_ key: StaticString, _ value: String) {
        self.key(key)
        string(value)
    }
}

/// Writes a document as `OrderedJSON.rendered()` does (two-space indent, `[]`/`{}` when empty,
/// a final newline from `finish()`) straight into `bytes`, which the caller may write out and
/// empty between members (`OutputFile` chunks).
struct JSONStreamWriter: OSCALJSONSink {
    var bytes: [UInt8] = []
    /// Per open container: true while it has no member yet.
    private var empty: [Bool] = []
    private var afterKey = false

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// A writer that goes on inside `depth` open containers, each holding a member already
    /// (a later element of an array another writer began): its bytes follow that writer's.
    init(continuingAfter depth: Int, capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
        empty = Array(repeating: false, count: depth)
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 256)

    @inline(__always) private mutating func newline(depth: Int) {
        bytes.append(0x0A)
        let count = 2 * depth
        if count <= Self.spaces.count {
            Self.spaces.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<count])) }
        } else {
            bytes.append(contentsOf: repeatElement(0x20, count: count))
        }
    }

    /// Before a member or an element of the innermost container.
    @inline(__always) private mutating func next() {
        let last = empty.count - 1
        if empty[last] { empty[last] = false } else { bytes.append(UInt8(ascii: ",")) }
        newline(depth: empty.count)
    }

    @inline(__always) private mutating func beforeValue() {
        if afterKey { afterKey = false } else if !empty.isEmpty { next() }
    }

    mutating func beginObject() {
        beforeValue()
        bytes.append(UInt8(ascii: "{"))
        empty.append(true)
    }

    mutating func endObject() { close(UInt8(ascii: "}")) }

    mutating func beginArray() {
        beforeValue()
        bytes.append(UInt8(ascii: "["))
        empty.append(true)
    }

    mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func close(_ bracket: UInt8) {
        let wasEmpty = empty.removeLast()
        if !wasEmpty { newline(depth: empty.count) }
        bytes.append(bracket)
    }

    mutating func key(_ key: StaticString) {
        next()
        // Keys are the model's names: nothing to escape.
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":"), 0x20])
        afterKey = true
    }

    mutating func string(_ value: String) {
        beforeValue()
        OrderedJSON.quote(value, into: &bytes)
    }

    /// The final newline, once the root value is closed.
    mutating func finish() { bytes.append(0x0A) }
}

/// Builds the `OrderedJSON` tree of what is written into it.
struct OrderedJSONBuilder: OSCALJSONSink {
    private enum Open {
        case array([OrderedJSON])
        case object([(String, OrderedJSON)], key: String)
    }
    private var open: [Open] = []
    private(set) var result: OrderedJSON = .object([])

    private mutating func add(_ value: OrderedJSON) {
        guard let last = open.popLast() else { result = value; return }
        switch last {
        case .array(var values):
            values.append(value)
            open.append(.array(values))
        case .object(var members, let key):
            members.append((key, value))
            open.append(.object(members, key: ""))
        }
    }

    mutating func beginObject() { open.append(.object([], key: "")) }
    mutating func endObject() {
        guard case .object(let members, _) = open.popLast() else { preconditionFailure("endObject without an object") }
        add(.object(members))
    }
    mutating func beginArray() { open.append(.array([])) }
    mutating func endArray() {
        guard case .array(let values) = open.popLast() else { preconditionFailure("endArray without an array") }
        add(.array(values))
    }
    mutating func key(_ key: StaticString) {
        guard case .object(let members, _) = open.popLast() else { preconditionFailure("key outside an object") }
        open.append(.object(members, key: key.description))
    }
    mutating func string(_ value: String) { add(.string(value)) }
}
