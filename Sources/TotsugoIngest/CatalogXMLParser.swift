import TotsugoCore
import TotsugoXML

/// Reads a catalog written in the native XML format (docs/catalog-xml.md) in one streaming
/// pass: parsed safely (no DTD, no entities, no network) and validated against the XSD while
/// the catalog is built from the elements as they arrive. libxml2's errors become
/// diagnostics: a malformed document reports the parser's errors, an invalid one the
/// schema's, and only a valid one the catalog's own (ids, levels, limits).
public struct CatalogXMLParser: Sendable {
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
        let schema: XMLSchema
        switch Self.schema {
        case .success(let compiled): schema = compiled
        case .failure(let failure):
            throw DiagnosticError(.badInput, failure.issues.map { Self.diagnostic($0) })
        }
        let reading = CatalogReading(builder: CatalogBuilder(file: file, limits: limits))
        do {
            try XMLReader.read(input.bytes, file: file, schema: schema, delegate: reading)
        } catch {
            throw DiagnosticError(.badInput, error.issues.map { Self.diagnostic($0) })
        }
        // A limit stopped the building; the document itself was well-formed and valid.
        if let stopped = reading.stopped { throw stopped }
        guard let rootLine = reading.rootLine else {
            throw DiagnosticError(.error(SourceLocation(file: file), "document has no root element"))
        }
        let completenessAt = SourceLocation(file: file, line: reading.completenessLine ?? rootLine)
        let extent = reading.builder.extent(reading.extent, at: completenessAt, total: reading.totalItems, totalAt: completenessAt)
        reading.builder.checkTotal(extent, at: completenessAt)
        if !reading.builder.diagnostics.isEmpty { throw DiagnosticError(.badInput, reading.builder.diagnostics) }
        let catalog = reading.catalog
        var result = Catalog(
            id: Normalization.key(reading.catalogID ?? ""),
            title: catalog.title ?? "",
            shortTitle: catalog.shortTitle ?? "",
            publisher: catalog.publisher ?? "",
            version: catalog.version ?? "",
            date: catalog.date,
            levelNames: catalog.levelNames,
            completeness: catalog.completeness ?? "",
            provenance: catalog.provenance,
            properties: catalog.properties,
            items: reading.items,
            location: SourceLocation(file: file, line: rootLine))
        result.writtenID = reading.catalogID
        result.idLocation = SourceLocation(file: file, line: rootLine)  // libxml2 gives no attribute columns
        result.extent = extent
        result.levelVocabulary = reading.builder.vocabulary
        return result
    }

    static func diagnostic(_ issue: XMLIssue) -> Diagnostic {
        .error(SourceLocation(file: issue.file, line: issue.line, column: issue.column), issue.message)
    }
}

/// Builds the catalog from the reader's events: a stack of open elements, the items still
/// open, and the text of the element being read. Reads what the schema allows; anything
/// else (which the schema reports) is skipped. Single values take the first element, as
/// the schema allows only one.
private final class CatalogReading: XMLReaderDelegate {
    var builder: CatalogBuilder
    /// Set when a limit stopped the building (the pass goes on, for the parser's and the
    /// schema's errors, which come first).
    var stopped: DiagnosticError?
    var rootLine: Int?
    var catalogID: String?
    /// The `extent` and `total-items` attributes of `<completeness>`, and its line.
    var extent, totalItems: String?
    var completenessLine: Int?
    var catalog = Fields()
    var items: [CatalogItem] = []

    struct Fields {
        var title, shortTitle, publisher, version, date, completeness: String?
        var levelNames: [String] = []
        /// `<level-names>`: the catalog's own levels, each with its line.
        var ownLevels: [(name: String, line: Int)] = []
        var provenance: [String] = []
        var properties: [Catalog.Property] = []
        var sawLevels = false, sawProvenance = false, sawLevelNames = false
    }

    enum Frame { case root, levels, levelNames, provenance, item, provisions, table, row, other }
    private var frames: [Frame] = []

    /// An item whose end tag has not come yet.
    struct OpenItem {
        var id: String
        var number: String
        var headingSource: HeadingSource
        var levels: [Level]
        var tags: [String]
        var location: SourceLocation
        var heading, text, note: String?
        var provisions: [ProvisionBlock] = []
        var children: [CatalogItem] = []
    }
    /// The provisions table being read.
    private var table: ProvisionTable?
    private var open: [OpenItem] = []

    enum Target { case title, shortTitle, publisher, version, date, completeness, level, levelName, source, property(String), heading, text, note, paragraph(ProvisionParagraph.Kind), cell }
    /// The element whose text (with its descendants') is being collected, and its depth.
    private var target: Target?
    private var targetDepth = 0
    private var text: [UInt8] = []
    /// Line of the last start tag, and of the element whose text is collected.
    private var elementLine = 0
    private var targetLine = 0

    init(builder: CatalogBuilder) { self.builder = builder }

    func startElement(_ element: XMLReader.Element) {
        elementLine = element.line
        switch frames.last {
        case nil:
            rootLine = element.line
            catalogID = element.attribute("id")
            frames.append(.root)
        case .root:
            switch element.name {
            case "title": collect(catalog.title == nil ? .title : nil)
            case "short-title": collect(catalog.shortTitle == nil ? .shortTitle : nil)
            case "publisher": collect(catalog.publisher == nil ? .publisher : nil)
            case "version": collect(catalog.version == nil ? .version : nil)
            case "date": collect(catalog.date == nil ? .date : nil)
            case "completeness":
                if catalog.completeness == nil {
                    extent = element.attribute("extent")
                    totalItems = element.attribute("total-items")
                    completenessLine = element.line
                }
                collect(catalog.completeness == nil ? .completeness : nil)
            case "levels":
                frames.append(catalog.sawLevels ? .other : .levels)
                catalog.sawLevels = true
            case "level-names":
                frames.append(catalog.sawLevelNames ? .other : .levelNames)
                catalog.sawLevelNames = true
            case "provenance":
                frames.append(catalog.sawProvenance ? .other : .provenance)
                catalog.sawProvenance = true
            case "property": collect(.property(Normalization.display(element.attribute("name") ?? "")))
            case "item": startItem(element)
            default: frames.append(.other)
            }
        case .levels: collect(element.name == "level" ? .level : nil)
        case .levelNames: collect(element.name == "level-name" ? .levelName : nil)
        case .provenance: collect(element.name == "source" ? .source : nil)
        case .item:
            switch element.name {
            case "heading": collect(open[open.count - 1].heading == nil ? .heading : nil)
            case "text": collect(open[open.count - 1].text == nil ? .text : nil)
            case "note": collect(open[open.count - 1].note == nil ? .note : nil)
            case "provisions": frames.append(.provisions)
            case "item": startItem(element)
            default: frames.append(.other)
            }
        case .provisions:
            switch element.name {
            case "p":
                let mark = element.attribute("mark") ?? ""
                let depth = element.attribute("depth").flatMap { Int($0) } ?? 0
                switch element.attribute("kind") {
                case "bullet": collect(.paragraph(.bullet(marker: mark, depth: depth)))
                case "numbered": collect(.paragraph(.numbered(label: mark, depth: depth)))
                default: collect(.paragraph(.body))
                }
            case "table":
                table = ProvisionTable(rows: [], headerRows: element.attribute("header-rows").flatMap { Int($0) } ?? 0,
                                       line: element.line)
                frames.append(.table)
            default: frames.append(.other)
            }
        case .table:
            if element.name == "row" { table?.rows.append([]) }
            frames.append(element.name == "row" ? .row : .other)
        case .row:
            collect(element.name == "cell" ? .cell : nil)
        case .other:
            frames.append(.other)
        }
    }

    func endElement() {
        guard let frame = frames.popLast() else { return }
        if let finished = target, frames.count + 1 == targetDepth {
            target = nil
            // XML 1.0 refuses C0 controls, not DEL and C1 (U+0080–U+009F), which would reach
            // the CSV and Markdown raw; refused as in structured text.
            if let control = InputFile.controlCharacter(in: text) {
                builder.diagnostics.append(.error(SourceLocation(file: builder.file, line: targetLine),
                    "control character \(control) is not allowed (only tab, line feed and carriage return are); remove it"))
            }
            store(String(decoding: text, as: UTF8.self), in: finished)
            text.removeAll(keepingCapacity: true)
        }
        if frame == .item { endItem() }
        if frame == .table, let done = table, !open.isEmpty {
            open[open.count - 1].provisions.append(.table(done))
            table = nil
        }
        if frame == .levelNames {
            builder.declareLevels(catalog.ownLevels.map { ($0.name, SourceLocation(file: builder.file, line: $0.line)) })
        }
    }

    func characters(_ run: UnsafeBufferPointer<UInt8>) {
        if target != nil { text.append(contentsOf: run) }
    }

    /// An element holding a value (nil: one to skip). Text below it is collected until its end.
    private func collect(_ value: Target?) {
        frames.append(.other)
        guard let value, target == nil else { return }
        target = value
        targetLine = elementLine
        targetDepth = frames.count
        text.removeAll(keepingCapacity: true)
    }

    private func store(_ value: String, in target: Target) {
        switch target {
        case .title: catalog.title = Normalization.display(value)
        case .shortTitle: catalog.shortTitle = Normalization.display(value)
        case .publisher: catalog.publisher = Normalization.display(value)
        case .version: catalog.version = Normalization.display(value)
        case .date: catalog.date = Normalization.display(value)
        case .completeness: catalog.completeness = Normalization.display(value)
        case .level: catalog.levelNames.append(Normalization.display(value))
        case .levelName: catalog.ownLevels.append((value, targetLine))
        case .source: catalog.provenance.append(Normalization.display(value))
        case .property(let name): catalog.properties.append(Catalog.Property(name: name, value: Normalization.display(value)))
        case .heading: open[open.count - 1].heading = value
        case .text: open[open.count - 1].text = value
        case .note: open[open.count - 1].note = value
        case .paragraph(let kind):
            open[open.count - 1].provisions.append(.paragraph(ProvisionParagraph(kind: kind, text: value, line: targetLine)))
        case .cell:
            if table != nil, !table!.rows.isEmpty { table!.rows[table!.rows.count - 1].append(value) }
        }
    }

    /// Same checks in the same order as the items' fields were always read: count and
    /// limits, id (an item without one is skipped with its children), heading source, levels.
    private func startItem(_ element: XMLReader.Element) {
        guard stopped == nil else { return frames.append(.other) }
        let location = SourceLocation(file: builder.file, line: element.line)
        do {
            try builder.count(depth: open.count + 1, at: location)
        } catch {
            stopped = error
            return frames.append(.other)
        }
        for name in ["number", "id", "level", "tags"] {
            if let value = element.attribute(name), let control = InputFile.controlCharacter(in: value.utf8) {
                builder.diagnostics.append(.error(location, "control character \(control) in the \(name) attribute is not allowed; remove it"))
            }
        }
        let number = Normalization.display(element.attribute("number") ?? "")
        guard let id = builder.itemID(explicit: element.attribute("id"), number: number, parentID: open.last?.id, at: location) else {
            return frames.append(.other)
        }
        let headingSource = builder.headingSource(element.attribute("heading-source"), at: location)
        let levels = builder.levels(element.attribute("level"), at: location)
        open.append(OpenItem(id: id, number: number, headingSource: headingSource, levels: levels,
                             tags: builder.tags(element.attribute("tags")), location: location))
        frames.append(.item)
    }

    private func endItem() {
        let done = open.removeLast()
        var item = CatalogItem(
            id: done.id,
            number: done.number,
            heading: Normalization.display(done.heading ?? ""),
            headingSource: done.headingSource,
            text: builder.optionalBlock(done.text),
            levels: done.levels,
            tags: done.tags,
            note: builder.optionalBlock(done.note),
            location: done.location)
        item.children = done.children.compacted()
        item.provisions = done.provisions
        if open.isEmpty { items.append(item) } else { open[open.count - 1].children.append(item) }
    }
}

extension CatalogXMLParser: CatalogReader {
    public var fileExtensions: [String] { ["xml"] }
    public func read(_ input: InputFile, limits: InputLimits) throws(DiagnosticError) -> Catalog {
        try CatalogXMLParser(limits: limits).parse(input)
    }
}
