import TotsugoCore

/// A catalog as the XML catalog format (`docs/catalog-xml.md`, `Catalogs/schema/catalog.xsd`):
/// what `import catalog --out x.xml` writes. Every item carries its full id, so the file reads
/// back to the same model whatever the numbers look like; elements come in the schema's order.
public enum CatalogXMLWriter {
    public static func render(_ catalog: Catalog) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<catalog xmlns=\"urn:totsugo:catalog:1\" id=\"\(XMLText.escape(catalog.id))\">\n"
        func element(_ name: String, _ value: String?, indent: String = "  ") {
            guard let value else { return }
            out += "\(indent)<\(name)>\(XMLText.escape(value))</\(name)>\n"
        }
        element("title", catalog.title)
        element("short-title", catalog.shortTitle)
        element("publisher", catalog.publisher)
        element("version", catalog.version)
        element("date", catalog.date)
        if !catalog.levelNames.isEmpty {
            out += "  <levels>\n"
            for name in catalog.levelNames { element("level", name, indent: "    ") }
            out += "  </levels>\n"
        }
        if !catalog.levelVocabulary.isStandard {
            out += "  <level-names>\n"
            for name in catalog.levelVocabulary.names { element("level-name", name, indent: "    ") }
            out += "  </level-names>\n"
        }
        var extent = ""
        if case .partial(let total) = catalog.extent {
            extent = " extent=\"partial\"" + (total.map { " total-items=\"\($0)\"" } ?? "")
        }
        out += "  <completeness\(extent)>\(XMLText.escape(catalog.completeness))</completeness>\n"
        if !catalog.provenance.isEmpty {
            out += "  <provenance>\n"
            for source in catalog.provenance { element("source", source, indent: "    ") }
            out += "  </provenance>\n"
        }
        for property in catalog.properties {
            out += "  <property name=\"\(XMLText.escape(property.name))\">\(XMLText.escape(property.value))</property>\n"
        }
        for item in catalog.items { append(item, depth: 1, to: &out) }
        out += "</catalog>\n"
        return out
    }

    private static func append(_ item: CatalogItem, depth: Int, to out: inout String) {
        let indent = String(repeating: "  ", count: depth)
        var attributes = " id=\"\(XMLText.escape(item.id))\""
        if !item.number.isEmpty { attributes += " number=\"\(XMLText.escape(item.number))\"" }
        if item.headingSource != .quoted { attributes += " heading-source=\"\(item.headingSource.rawValue)\"" }
        if !item.levels.isEmpty { attributes += " level=\"\(XMLText.escape(item.levels.map(\.description).joined(separator: " ")))\"" }
        if !item.tags.isEmpty { attributes += " tags=\"\(XMLText.escape(item.tags.joined(separator: " ")))\"" }
        out += "\(indent)<item\(attributes)>\n"
        out += "\(indent)  <heading>\(XMLText.escape(item.heading))</heading>\n"
        if let text = item.text { out += "\(indent)  <text>\(XMLText.escape(text))</text>\n" }
        if let note = item.note { out += "\(indent)  <note>\(XMLText.escape(note))</note>\n" }
        if !item.provisions.isEmpty {
            out += "\(indent)  <provisions>\n"
            for block in item.provisions {
                switch block {
                case .paragraph(let paragraph):
                    var kind = ""
                    switch paragraph.kind {
                    case .body: break
                    case let .bullet(marker, depth):
                        kind = " kind=\"bullet\" mark=\"\(XMLText.escape(marker))\"" + (depth > 0 ? " depth=\"\(depth)\"" : "")
                    case let .numbered(label, depth):
                        kind = " kind=\"numbered\" mark=\"\(XMLText.escape(label))\"" + (depth > 0 ? " depth=\"\(depth)\"" : "")
                    }
                    out += "\(indent)    <p\(kind)>\(XMLText.escape(paragraph.text))</p>\n"
                case .table(let table):
                    out += "\(indent)    <table" + (table.headerRows > 0 ? " header-rows=\"\(table.headerRows)\"" : "") + ">\n"
                    for row in table.rows {
                        out += "\(indent)      <row>" + row.map { "<cell>\(XMLText.escape($0))</cell>" }.joined() + "</row>\n"
                    }
                    out += "\(indent)    </table>\n"
                }
            }
            out += "\(indent)  </provisions>\n"
        }
        for child in item.children { append(child, depth: depth + 1, to: &out) }
        out += "\(indent)</item>\n"
    }
}
