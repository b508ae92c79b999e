import TotsugoXML

/// `<Relationship Id Type Target TargetMode>` of one .rels part.
struct Relationship {
    var id: String
    var type: String
    var target: String
    var external: Bool
}

/// Reads a .rels part.
final class RelationshipsReader: XMLReaderDelegate {
    var relationships: [Relationship] = []

    func startElement(_ element: XMLReader.Element) {
        guard element.name == "Relationship", let id = element.attribute("Id"), let target = element.attribute("Target") else { return }
        relationships.append(Relationship(id: id, type: element.attribute("Type") ?? "", target: target,
                                          external: element.attribute("TargetMode") == "External"))
    }

    func endElement() {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}

    /// The part a relationship of part `source` points to, as a package entry name.
    static func resolve(_ target: String, from source: String) -> String {
        var components: [Substring]
        if target.hasPrefix("/") {
            components = []
        } else {
            components = source.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        }
        for component in target.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                if !components.isEmpty { components.removeLast() }
                continue
            }
            components.append(component)
        }
        return components.joined(separator: "/")
    }

    /// The .rels part of `part`: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    static func relsPart(of part: String) -> String {
        var components = part.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let name = components.removeLast()
        return (components + ["_rels", name + ".rels"]).joined(separator: "/")
    }
}

/// Reads `<sheet name r:id state>` of workbook.xml, in order.
final class WorkbookListReader: XMLReaderDelegate {
    struct Sheet {
        var name: String
        var relationship: String
        var line: Int
    }

    var sheets: [Sheet] = []

    func startElement(_ element: XMLReader.Element) {
        // r:id is the only attribute of <sheet> named "id" (sheetId is another name).
        guard element.name == "sheet", let name = element.attribute("name") else { return }
        sheets.append(Sheet(name: name, relationship: element.attribute("id") ?? "", line: element.line))
    }

    func endElement() {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}

/// Collects the text of a string item (`<si>` of the shared-string table, `<is>` of an inline
/// string): the `<t>` of the plain form and of each rich-text run `<r>`, joined; phonetic
/// readings (`<rPh>`, furigana Japanese Excel stores next to the text) and `<phoneticPr>`
/// are skipped.
struct StringItemText {
    private(set) var bytes: [UInt8] = []
    /// Depth inside `<rPh>`/`<phoneticPr>`; text there is not the cell's.
    private var phonetic = 0
    /// Inside a `<t>` that counts.
    private var inText = false

    mutating func start(_ name: String) {
        switch name {
        case "rPh", "phoneticPr": phonetic += 1
        case "t": inText = phonetic == 0
        default: break
        }
    }

    mutating func end(_ name: String) {
        switch name {
        case "rPh", "phoneticPr": phonetic -= 1
        case "t": inText = false
        default: break
        }
    }

    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {
        if inText { bytes.append(contentsOf: text) }
    }

    /// The text, with Excel's `_xHHHH_` escapes decoded; resets for the next item.
    mutating func take() -> String {
        defer {
            bytes.removeAll(keepingCapacity: true)
            phonetic = 0
            inText = false
        }
        return CellText.unescape(String(decoding: bytes, as: UTF8.self))
    }
}

/// Reads xl/sharedStrings.xml into the table of strings cells of type `s` index.
final class SharedStringsReader: XMLReaderDelegate {
    var strings: [String] = []
    private var item = StringItemText()
    private var inItem = false
    private var names: [String] = []

    func startElement(_ element: XMLReader.Element) {
        names.append(element.name)
        if element.name == "si" {
            inItem = true
        } else if inItem {
            item.start(element.name)
        }
    }

    func endElement() {
        let name = names.removeLast()
        if name == "si" {
            strings.append(item.take())
            inItem = false
        } else if inItem {
            item.end(name)
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        if inItem { item.characters(text) }
    }
}
