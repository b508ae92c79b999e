/// How cell values and references of SpreadsheetML are read.
enum CellText {
    /// Excel writes characters XML cannot hold (and a literal `_xHHHH_`) as `_xHHHH_`
    /// (`_x000D_` for a carriage return, `_x005F_` for `_`); decodes them.
    static func unescape(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 7, bytes.indices.dropLast().contains(where: { bytes[$0] == UInt8(ascii: "_") && bytes[$0 + 1] == UInt8(ascii: "x") })
        else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "_"), index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"),
               bytes[index + 6] == UInt8(ascii: "_"),
               let value = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
               let scalar = Unicode.Scalar(value) {
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                index += 7
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A number cell's value as the user means it: an integral number without a fraction
    /// (`1`, not `1.0`: numbers used as ids), any other in its shortest round-trip form
    /// (`0.1`, `2.5`, `1e-07`). Nil when `text` is not a number.
    static func number(_ text: String) -> String? {
        let utf8 = text.utf8
        // The common case: already a plain integer as Excel and LibreOffice write ids.
        if !utf8.isEmpty, utf8.count <= 15 {
            var digits = utf8[...]
            if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
            if !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), digits.first != 0x30 || digits.count == 1,
               text != "-0" {
                return text
            }
        }
        guard let value = Double(text.trimmingSpaces), value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return value.description
    }

    /// `C12` → (column 2, row 12); nil when not a cell reference within Excel's bounds.
    static func reference(_ text: String) -> (column: Int, row: Int)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(byte - 64)
                letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = column * 26 + Int(byte - 96)
                letters += 1
            case UInt8(ascii: "$") where digits == 0: continue
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                row = row * 10 + Int(byte - 48)
                digits += 1
            default: return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, column <= maxColumns, row >= 1, row <= maxRows else { return nil }
        return (column - 1, row)
    }

    /// `A1:C3` → the two corners (0-based columns, 1-based rows); a single cell is a range of one.
    static func range(_ text: String) -> (first: (column: Int, row: Int), last: (column: Int, row: Int))? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let first = reference(String(parts[0])) else { return nil }
        guard parts.count == 2 else { return (first, first) }
        guard let last = reference(String(parts[1])) else { return nil }
        return ((min(first.column, last.column), min(first.row, last.row)), (max(first.column, last.column), max(first.row, last.row)))
    }

    /// Excel's sheet bounds (XFD1048576).
    static let maxColumns = 16_384
    static let maxRows = 1_048_576
}

extension String {
    var trimmingSpaces: Substring {
        var text = self[...]
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
