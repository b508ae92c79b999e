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
        var out = ""
        write(into: &out, indent: "")
        out += "\n"
        return Array(out.utf8)
    }

    func write(into out: inout String, indent: String) {
        switch self {
        case .string(let text): out += JSONValue.quote(text)
        case .int(let value): out += String(value)
        case .array(let values):
            guard !values.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (index, value) in values.enumerated() {
                out += indent + "  "
                value.write(into: &out, indent: indent + "  ")
                out += index == values.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (index, (key, value)) in members.enumerated() {
                out += indent + "  " + JSONValue.quote(key) + ": "
                value.write(into: &out, indent: indent + "  ")
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }
}

/// Name-based UUIDs (RFC 9562 version 5, SHA-1): the same name always gives the same uuid, so
/// a re-export is byte-identical and a diff of two exports shows what changed.
public enum NameUUID {
    public static func v5(_ name: String, namespace: String = OSCAL.uuidNamespace) -> String {
        var bytes = hexBytes(namespace)
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

    static func hexBytes(_ uuid: String) -> [UInt8] {
        let digits = Array(uuid.replacingOccurrences(of: "-", with: "").utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16) ?? 0 }
    }
}
