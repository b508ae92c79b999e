import TotsugoCore
import TotsugoXML

/// Reads a catalog written in the native XML format (docs/catalog-xml.md). The document is
/// parsed safely (no DTD, no entities, no network) and validated against the XSD first;
/// libxml2's errors become diagnostics.
public struct CatalogXMLParser {
    /// Compiled once per process.
    private static let schema: Result<XMLSchema, XMLFailure> = {
        Result { () throws(XMLFailure) -> XMLSchema in try XMLSchema(xsd: CatalogSchema.xsd, file: "catalog.xsd") }
    }()

    public var limits: InputLimits

    public init(limits: InputLimits = .default) {
        self.limits = limits
    }

    public func parse(_ input: InputFile) throws(DiagnosticError) -> Catalog {
        let file = input.path
        let document: XMLDocument
        do {
            document = try XMLDocument.parse(input.bytes, file: file)
        } catch {
            throw DiagnosticError(.badInput, error.issues.map { Self.diagnostic($0) })
        }
        let schema: XMLSchema
        switch Self.schema {
        case .success(let compiled): schema = compiled
        case .failure(let failure):
            throw DiagnosticError(.badInput, failure.issues.map { Self.diagnostic($0) })
        }
        let issues = document.validate(against: schema)
        if !issues.isEmpty {
            throw DiagnosticError(.badInput, issues.map { Self.diagnostic($0) })
        }
        guard let root = document.root else {
            throw DiagnosticError(.error(SourceLocation(file: file), "document has no root element"))
        }
        var builder = CatalogBuilder(file: file, limits: limits)
        func value(_ name: String) -> String? {
            root.firstChild(named: name).map { Normalization.display($0.text) }
        }
        var items: [CatalogItem] = []
        for element in root.children(named: "item") {
            if let item = try self.item(element, parentID: nil, depth: 1, builder: &builder) { items.append(item) }
        }
        if !builder.diagnostics.isEmpty { throw DiagnosticError(.badInput, builder.diagnostics) }
        return Catalog(
            id: Normalization.key(root.attribute("id") ?? ""),
            title: value("title") ?? "",
            shortTitle: value("short-title") ?? "",
            publisher: value("publisher") ?? "",
            version: value("version") ?? "",
            date: value("date"),
            levelNames: root.firstChild(named: "levels")?.children(named: "level").map { Normalization.display($0.text) } ?? [],
            completeness: value("completeness") ?? "",
            provenance: root.firstChild(named: "provenance")?.children(named: "source").map { Normalization.display($0.text) } ?? [],
            properties: root.children(named: "property").map {
                Catalog.Property(name: Normalization.display($0.attribute("name") ?? ""), value: Normalization.display($0.text))
            },
            items: items,
            location: SourceLocation(file: file, line: root.line))
    }

    private func item(_ element: XMLElement, parentID: String?, depth: Int, builder: inout CatalogBuilder) throws(DiagnosticError) -> CatalogItem? {
        let location = SourceLocation(file: builder.file, line: element.line)
        try builder.count(depth: depth, at: location)
        let number = Normalization.display(element.attribute("number") ?? "")
        guard let id = builder.itemID(explicit: element.attribute("id"), number: number, parentID: parentID, at: location) else {
            return nil
        }
        // Fields first, then children: the same order of diagnostics as before.
        var item = CatalogItem(
            id: id,
            number: number,
            heading: Normalization.display(element.firstChild(named: "heading")?.text ?? ""),
            headingSource: builder.headingSource(element.attribute("heading-source"), at: location),
            text: builder.optionalBlock(element.firstChild(named: "text")?.text),
            levels: builder.levels(element.attribute("level"), at: location),
            tags: builder.tags(element.attribute("tags")),
            note: builder.optionalBlock(element.firstChild(named: "note")?.text),
            location: location)
        for child in element.children(named: "item") {
            if let childItem = try self.item(child, parentID: id, depth: depth + 1, builder: &builder) { item.children.append(childItem) }
        }
        return item
    }

    static func diagnostic(_ issue: XMLIssue) -> Diagnostic {
        .error(SourceLocation(file: issue.file, line: issue.line, column: issue.column), issue.message)
    }
}
