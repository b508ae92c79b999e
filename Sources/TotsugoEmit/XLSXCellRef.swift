/// A1-style references. Rows and columns are 1-based.
enum XLSXCellRef {
    /// 1 → A, 26 → Z, 27 → AA, 702 → ZZ, 703 → AAA.
    static func column(_ index: Int) -> String {
        precondition(index >= 1, "columns are 1-based")
        var number = index
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }

    static func cell(row: Int, column: Int) -> String { self.column(column) + String(row) }

    /// `A2:Z8`; a single cell when both corners are the same.
    static func range(top: Int, left: Int, bottom: Int, right: Int) -> String {
        let start = cell(row: top, column: left)
        let end = cell(row: bottom, column: right)
        return start == end ? start : "\(start):\(end)"
    }

    /// `$A$2:$Z$8`, for defined names.
    static func absoluteRange(top: Int, left: Int, bottom: Int, right: Int) -> String {
        "$\(column(left))$\(top):$\(column(right))$\(bottom)"
    }

    /// A sheet name as it appears in formulas and defined names: `'突合表'`, quotes doubled.
    static func quotedSheet(_ name: String) -> String {
        "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

/// Sheet names as Excel accepts them: at most 31 characters, none of `[]:*?/\`, not starting
/// or ending with `'`, unique in the workbook (case-insensitively).
enum XLSXSheetName {
    static let limit = 31

    static func make(_ raw: String, avoiding taken: [String]) -> String {
        var name = String(raw.map { "[]:*?/\\".contains($0) ? "_" : $0 })
        while name.hasPrefix("'") { name.removeFirst() }
        while name.hasSuffix("'") { name.removeLast() }
        if name.isEmpty { name = "Sheet" }
        let base = cut(name, to: limit)
        var candidate = base
        var number = 2
        while taken.contains(where: { $0.lowercased() == candidate.lowercased() }) {
            let suffix = " (\(number))"
            candidate = cut(base, to: limit - suffix.utf16.count) + suffix
            number += 1
        }
        return candidate
    }

    static func cut(_ text: String, to length: Int) -> String {
        var kept = ""
        for character in text {
            if kept.utf16.count + character.utf16.count > length { break }
            kept.append(character)
        }
        return kept
    }
}
