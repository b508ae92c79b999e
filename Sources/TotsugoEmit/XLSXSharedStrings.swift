/// The shared string table (`xl/sharedStrings.xml`): each distinct text once, in first-use
/// order, so the same input always gives the same indexes.
struct XLSXSharedStrings {
    private(set) var texts: [String] = []
    private var indexes: [String: Int] = [:]
    /// Number of references (the `count` attribute).
    private(set) var uses = 0

    mutating func index(of text: String) -> Int {
        uses += 1
        if let index = indexes[text] { return index }
        indexes[text] = texts.count
        texts.append(text)
        return texts.count - 1
    }

    var xml: String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        out += "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(uses)\" uniqueCount=\"\(texts.count)\">"
        for text in texts {
            // xml:space keeps leading/trailing spaces and line breaks as they are.
            let preserve = text.first?.isWhitespace == true || text.last?.isWhitespace == true || text.utf8.contains(0x0A)
            out += preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>"
            out += XLSXText.escape(text) + "</t></si>"
        }
        return out + "</sst>"
    }
}
