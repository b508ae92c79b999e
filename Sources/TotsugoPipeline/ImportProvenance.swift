import Crypto
import Foundation
import TotsugoTable

/// What the importers write about where a catalog or mapping came from, in the members' words
/// (it is printed in the 出典 sheet): the file's name, its sheet or encoding, its SHA-256, and
/// the date given on the command line (never the clock).
enum ImportProvenance {
    static func line(source: String, table: Table, how: String?, bytes: some DataProtocol, date: String?) -> String {
        var details: [String] = []
        if let sheet = table.sheet { details.append("シート「\(sheet)」") }
        if let how { details.append(how) }
        return line(source: source, details: details, bytes: bytes, date: date)
    }

    /// The line for a file read whole (a document): its name, `details`, SHA-256 and the date.
    static func line(source: String, details: [String], bytes: some DataProtocol, date: String?) -> String {
        line(source: source, details: details, digest: SHA256.hash(data: bytes), date: date)
    }

    /// The line for a file whose SHA-256 was made as it was read.
    static func line(source: String, details: [String], digest: SHA256.Digest, date: String?) -> String {
        var details = details
        details.append("SHA-256 \(digest.map { String(format: "%02x", $0) }.joined())")
        let origin = "取り込み元: \((source as NSString).lastPathComponent)（" + details.joined(separator: "、") + "）"
        return origin + (date.map { "。\($0) 取り込み。" } ?? "。取り込み日の記載なし。")
    }
}

/// YAML written by the commands (`import mapping`, `new-mapping`).
enum YAMLText {
    /// A double-quoted scalar; control and format characters escaped as `\uXXXX`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                let category = scalar.properties.generalCategory
                if category == .control || category == .format {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
