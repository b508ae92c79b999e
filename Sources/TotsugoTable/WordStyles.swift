import TotsugoCore
import TotsugoXML

/// The paragraph styles of word/styles.xml that matter to an import: which are headings (and of
/// which level) and which carry automatic numbering.
struct WordStyles {
    struct Style {
        var name: String?
        var basedOn: String?
        /// `w:outlineLvl` (0 = level 1; 9 = body text).
        var outlineLevel: Int?
        var numID: String?
        var ilvl: Int?
    }

    var styles: [String: Style] = [:]
    var defaultParagraphStyle: String?

    /// The heading level (0-based) of style `id`: its outline level, else its name (`heading 1`,
    /// `Heading 1`, `見出し 1`, `見出し１`), else the style it is based on.
    func headingLevel(_ id: String) -> Int? {
        var current: String? = id
        var seen: Set<String> = []
        while let styleID = current, !seen.contains(styleID), let style = styles[styleID] {
            seen.insert(styleID)
            if let level = style.outlineLevel { return level < 9 ? level : nil }
            if let name = style.name, let level = Self.headingLevel(named: name) { return level }
            current = style.basedOn
        }
        return nil
    }

    /// `heading 3` → 2, `見出し 1` → 0; nil for other names.
    static func headingLevel(named name: String) -> Int? {
        let folded = Normalization.text(name).lowercased().replacingOccurrences(of: " ", with: "")
        for prefix in ["heading", "見出し"] where folded.hasPrefix(prefix) {
            if let n = Int(folded.dropFirst(prefix.count)), (1...9).contains(n) { return n - 1 }
        }
        return nil
    }

    /// The numbering a paragraph of style `id` has from its style (or the styles it is based on).
    func numbering(_ id: String) -> (numID: String, ilvl: Int?)? {
        var current: String? = id
        var seen: Set<String> = []
        while let styleID = current, !seen.contains(styleID), let style = styles[styleID] {
            seen.insert(styleID)
            if let numID = style.numID { return (numID, style.ilvl) }
            current = style.basedOn
        }
        return nil
    }
}

/// Reads word/styles.xml.
final class StylesReader: XMLReaderDelegate {
    var styles = WordStyles()
    private var names: [String] = []
    private var id: String?
    private var style = WordStyles.Style()

    func startElement(_ element: XMLReader.Element) {
        names.append(element.name)
        let val = element.attribute("val")
        switch element.name {
        case "style":
            id = element.attribute("type") == "paragraph" ? element.attribute("styleId") : nil
            style = WordStyles.Style()
            if id != nil, element.attribute("default") == "1" || element.attribute("default") == "true" { styles.defaultParagraphStyle = id }
        case "name" where id != nil && names.count == 3: style.name = val
        case "basedOn" where id != nil: style.basedOn = val
        case "outlineLvl" where id != nil && names.contains("pPr"): style.outlineLevel = val.flatMap { Int($0) }
        case "numId" where id != nil && names.contains("pPr"): style.numID = val
        case "ilvl" where id != nil && names.contains("pPr"): style.ilvl = val.flatMap { Int($0) }
        default: break
        }
    }

    func endElement() {
        if names.removeLast() == "style", let id {
            styles.styles[id] = style
            self.id = nil
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}

/// Reads the notes of word/comments.xml, word/footnotes.xml or word/endnotes.xml: id → text
/// (paragraphs joined with a line break), and the author of a comment.
final class NotesReader: XMLReaderDelegate {
    struct Note {
        var text: String
        var author: String?
    }

    var notes: [String: Note] = [:]
    private var names: [String] = []
    private var id: String?
    private var author: String?
    private var paragraphs: [String] = []
    private var text: [UInt8] = []
    private var inText = false

    func startElement(_ element: XMLReader.Element) {
        names.append(element.name)
        if names.count == 2, ["comment", "footnote", "endnote"].contains(element.name) {
            id = element.attribute("id")
            author = element.attribute("author")
            paragraphs = []
            return
        }
        switch element.name {
        case "p": text = []
        case "t" where id != nil: inText = true
        case "tab" where id != nil && names.contains("r"): text.append(0x09)
        default: break
        }
    }

    func endElement() {
        let name = names.removeLast()
        if names.count == 1, ["comment", "footnote", "endnote"].contains(name) {
            if let id { notes[id] = Note(text: paragraphs.filter { !$0.isEmpty }.joined(separator: "\n"), author: author) }
            id = nil
            return
        }
        switch name {
        case "t": inText = false
        case "p" where id != nil: paragraphs.append(String(decoding: text, as: UTF8.self))
        default: break
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        if inText { self.text.append(contentsOf: text) }
    }
}
