/// The shared string table (`xl/sharedStrings.xml`): each distinct text once, in first-use
/// order, so the same input always gives the same indexes.
struct XLSXSharedStrings {
    private(set) var texts: [String] = []
    private var indexes: [String: Int] = [:]
    /// Number of references (the `count` attribute).
    private(set) var uses = 0

    /// Room for `count` distinct texts, so the table never rehashes while it grows (rehashing
    /// Japanese strings, with their NFC-aware hashing, was a large part of the workbook).
    mutating func reserveCapacity(_ count: Int) {
        indexes.reserveCapacity(count)
        texts.reserveCapacity(count)
    }

    mutating func index(of text: String) -> Int {
        uses += 1
        // One hash per use: the default is inserted in place when the text is new.
        let next = texts.count
        let index = Self.value(&indexes[text, default: next])
        if index == next { texts.append(text) }
        return index
    }

    private static func value(_ slot: inout Int) -> Int { slot }

    var xml: [UInt8] {
        var out = XLSXBytes(capacity: texts.reduce(256) { $0 + $1.utf8.count + 24 })
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        out.append("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"")
        out.append(uses)
        out.append("\" uniqueCount=\"")
        out.append(texts.count)
        out.append("\">")
        for text in texts {
            // xml:space keeps leading/trailing spaces and line breaks as they are.
            let preserve = text.first?.isWhitespace == true || text.last?.isWhitespace == true || text.utf8.contains(0x0A)
            out.append(preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>")
            out.appendEscaped(text)
            out.append("</t></si>")
        }
        out.append("</sst>")
        return out.bytes
    }
}
