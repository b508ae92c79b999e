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
        // Most strings need no escape: copied whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        let hex = Array("0123456789abcdef".utf8)
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
        out.append(UInt8(ascii: "\""))
    }
}

/// Name-based UUIDs (RFC 9562 version 5, SHA-1): the same name always gives the same uuid, so
/// a re-export is byte-identical and a diff of two exports shows what changed.
public enum NameUUID {
    public static func v5(_ name: String, namespace: String = OSCAL.uuidNamespace) -> String {
        var bytes = namespace == OSCAL.uuidNamespace ? defaultNamespaceBytes : hexBytes(namespace)
        bytes += Array(name.utf8)
        var digest = Array(Array(Insecure.SHA1.hash(data: bytes)).prefix(16))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        // Hex digits by table (String(format:) per byte was most of the export's time).
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in digest.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static let defaultNamespaceBytes = hexBytes(OSCAL.uuidNamespace)

    static func hexBytes(_ uuid: String) -> [UInt8] {
        let digits = Array(uuid.replacingOccurrences(of: "-", with: "").utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16) ?? 0 }
    }
}
