import Foundation
import TotsugoCore
import TotsugoXML

/// OSCAL catalogs and mapping collections in XML (docs/oscal.md, "OSCAL XML"). The document
/// is parsed safely (`XMLReader`: no DTD, no entities, no network), turned into the JSON tree
/// OSCAL's JSON format gives the same document (`OSCALXMLModel`: flags as string members,
/// group-as names, markup as Markdown), each value at the line and column of its element or
/// attribute, and read by the JSON readers: every check of OSCAL JSON applies unchanged.
/// An element or attribute the model does not define where it stands is an error here, at its
/// `file:line:col`.
public struct OSCALXMLReader: ContentDocumentReader {
    public init() {}
    public var fileExtensions: [String] { ["xml"] }

    /// A root element in one of OSCAL's namespaces (a wrong version of it is reported by the
    /// reader, not read as a catalog of ours).
    public func claims(_ bytes: [UInt8]) -> Bool {
        guard let root = XMLRootSniff.root(of: bytes), let namespace = root.namespaceURI else { return false }
        return namespace.hasPrefix("http://csrc.nist.gov/ns/oscal")
    }

    public func read(_ input: InputFile, limits: InputLimits) throws(DiagnosticError) -> ReadDocument {
        let json = try Self.json(input, limits: limits)
        return try OSCALJSONReader().read(json: json, file: input.path, limits: limits)
    }

    /// The document as OSCAL JSON (`{"catalog": {…}}`), positioned in the XML.
    public static func json(_ input: InputFile, limits: InputLimits) throws(DiagnosticError) -> PositionedJSON {
        let builder = OSCALXMLTree(maxDepth: 4 * limits.maxDepth + 16)
        do {
            try XMLReader.read(input.bytes, file: input.path, schema: nil, delegate: builder)
        } catch {
            throw DiagnosticError(.badInput, error.issues.map { .error(SourceLocation(file: $0.file, line: $0.line, column: $0.column), $0.message) })
        }
        var converter = OSCALXMLConverter(file: input.path, bytes: input.bytes)
        if builder.tooDeep { converter.error(builder.tooDeepAt, "elements nested deeper than \(4 * limits.maxDepth + 16) levels") }
        guard let root = builder.root else { throw DiagnosticError(.error(SourceLocation(file: input.path), "document has no root element")) }
        let json = converter.document(root)
        if !converter.errors.isEmpty { throw DiagnosticError(.badInput, converter.errors) }
        return json!
    }
}

/// An element as read: name, namespace, where its start tag begins, attributes, content.
final class OSCALXMLNode {
    let name: String
    let namespaceURI: String?
    let offset: Int
    let attributes: [(name: String, namespaceURI: String?, value: String)]
    var children: [Content] = []

    enum Content {
        case element(OSCALXMLNode)
        case text(String)
        /// Text written in a CDATA section: taken as written, never as layout (the export
        /// writes a line break followed by indentation so, `OSCALXMLExport`).
        case cdata(String)

        /// The text of a text or CDATA run.
        var text: String? {
            switch self {
            case .text(let text), .cdata(let text): text
            case .element: nil
            }
        }
    }

    init(_ element: XMLReader.Element) {
        name = element.name
        namespaceURI = element.namespaceURI
        offset = element.offset
        attributes = element.allAttributes
    }
}

/// Builds the element tree from the reader's events (OSCAL documents are small: the tree is
/// at most a few times the input).
final class OSCALXMLTree: XMLReaderDelegate {
    var root: OSCALXMLNode?
    var open: [OSCALXMLNode] = []
    var text: [UInt8] = []
    let maxDepth: Int
    var tooDeep = false
    var tooDeepAt = 0
    var skipping = 0

    init(maxDepth: Int) { self.maxDepth = maxDepth }

    func flush() {
        guard !text.isEmpty else { return }
        open.last?.children.append(.text(String(decoding: text, as: UTF8.self)))
        text.removeAll(keepingCapacity: true)
    }

    func startElement(_ element: XMLReader.Element) {
        if skipping > 0 { skipping += 1; return }
        flush()
        if open.count >= maxDepth {
            if !tooDeep { tooDeep = true; tooDeepAt = element.offset }
            skipping = 1
            return
        }
        let node = OSCALXMLNode(element)
        if let parent = open.last { parent.children.append(.element(node)) } else { root = node }
        open.append(node)
    }

    func endElement() {
        if skipping > 0 { skipping -= 1; return }
        flush()
        open.removeLast()
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        if skipping == 0 { self.text.append(contentsOf: text) }
    }

    func cdata(_ text: UnsafeBufferPointer<UInt8>) {
        guard skipping == 0 else { return }
        flush()
        open.last?.children.append(.cdata(String(decoding: text, as: UTF8.self)))
    }
}

/// Turns the element tree into OSCAL's JSON tree (`OSCALXMLModel`), with positions.
struct OSCALXMLConverter {
    let file: String
    let bytes: [UInt8]
    var errors: [Diagnostic] = []
    /// Line starts, for positions; and the last position worked out (positions are mostly
    /// asked in document order, so a long line is counted once).
    let lineStarts: [Int]
    var last = (offset: 0, line: 1, column: 1)

    init(file: String, bytes: [UInt8]) {
        self.file = file
        self.bytes = bytes
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
        lineStarts = starts
    }

    /// Line and column (characters) of a byte offset.
    mutating func position(_ offset: Int) -> (line: Int, column: Int) {
        guard offset >= 0 else { return (0, 0) }
        let offset = min(offset, bytes.count)
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var (index, column) = (lineStarts[low], 1)
        if last.line == low + 1, last.offset <= offset { (index, column) = (last.offset, last.column) }
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        last = (offset, low + 1, column)
        return (low + 1, column)
    }

    mutating func location(_ offset: Int) -> SourceLocation {
        let (line, column) = position(offset)
        return SourceLocation(file: file, line: line, column: column)
    }

    mutating func error(_ offset: Int, _ message: String) {
        if errors.count < InputLimits.maxDiagnosticsPerFile { errors.append(.error(location(offset), message)) }
    }

    /// The attributes of the start tag at `offset` as written, in document order, namespace
    /// declarations left out (as libxml2 reports attributes): qualified name, where the name
    /// and the value begin.
    func writtenAttributes(_ offset: Int) -> [(name: String, at: Int, value: Int)] {
        guard offset >= 0 else { return [] }
        var result: [(name: String, at: Int, value: Int)] = []
        var index = offset + 1
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") { index += 1 }
        while index < bytes.count {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") else { break }
            let nameStart = index
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "=") { index += 1 }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'") { index += 1 }
            guard index < bytes.count else { break }
            let quote = bytes[index]
            index += 1
            if name != "xmlns", !name.hasPrefix("xmlns:") { result.append((name, nameStart, index)) }
            while index < bytes.count, bytes[index] != quote { index += 1 }
            index += 1
        }
        return result
    }

    /// A node's attributes with their names as written (`xml:lang`) and places.
    func attributes(_ node: OSCALXMLNode) -> [(name: String, namespaceURI: String?, value: String, written: String, at: Int, valueAt: Int)] {
        let written = writtenAttributes(node.offset)
        return node.attributes.enumerated().map { index, attribute in
            // libxml2 reports them in the order written; a mismatch cannot happen without a DTD.
            if index < written.count, written.count == node.attributes.count {
                let place = written[index]
                return (attribute.name, attribute.namespaceURI, attribute.value, place.name, place.at, place.value)
            }
            return (attribute.name, attribute.namespaceURI, attribute.value, attribute.name, node.offset, node.offset)
        }
    }

    /// Checks that `node` has no attribute but `allowed` (unprefixed ones), and gives their values.
    @discardableResult
    mutating func allowedAttributes(_ node: OSCALXMLNode, _ what: String, _ allowed: [String] = []) -> [String: (value: String, at: Int)] {
        var values: [String: (value: String, at: Int)] = [:]
        for attribute in attributes(node) {
            if attribute.namespaceURI == nil, allowed.contains(attribute.name) {
                values[attribute.name] = (attribute.value, attribute.valueAt)
                continue
            }
            let namespace = attribute.namespaceURI.map { " (namespace \(Self.name($0)))" } ?? ""
            error(attribute.at, "unknown attribute \(Self.name(attribute.written))\(namespace) on \(what) (OSCAL 1.2 defines: \(allowed.isEmpty ? "none" : allowed.joined(separator: ", ")))")
        }
        return values
    }

    /// `{"catalog": {…}}` or `{"mapping-collection": {…}}`; nil when the root is not one.
    mutating func document(_ root: OSCALXMLNode) -> PositionedJSON? {
        guard root.namespaceURI == OSCALXMLModel.namespace else {
            error(root.offset, "the root element is in the namespace \(Self.name(root.namespaceURI ?? "")), not OSCAL's '\(OSCALXMLModel.namespace)'")
            return nil
        }
        guard let definition = OSCALXMLModel.roots[root.name].flatMap({ OSCALXMLModel.definitions[$0] }) else {
            error(root.offset, "an OSCAL document for totsugo holds one catalog or one mapping-collection (found \(Self.name(root.name)))")
            return nil
        }
        let (line, column) = position(root.offset)
        let value = assembly(root, definition)
        return PositionedJSON(value: .object([PositionedJSON.Member(key: root.name, keyLine: line, keyColumn: column, value: value)]), line: line, column: column)
    }

    mutating func made(_ value: PositionedJSON.Value, at offset: Int) -> PositionedJSON {
        let (line, column) = position(offset)
        return PositionedJSON(value: value, line: line, column: column)
    }

    func isOSCAL(_ node: OSCALXMLNode) -> Bool { node.namespaceURI == OSCALXMLModel.namespace }

    /// `'name'`, or `'name' (namespace 'uri', not OSCAL's)` for an element of another namespace.
    func named(_ node: OSCALXMLNode) -> String {
        isOSCAL(node) ? Self.name(node.name) : "\(Self.name(node.name)) (namespace \(Self.name(node.namespaceURI ?? "")), not OSCAL's)"
    }

    /// An error for text where only elements go (white space is layout).
    mutating func noText(_ content: OSCALXMLNode.Content, in node: OSCALXMLNode, _ what: String, _ hint: String) {
        if let text = content.text, text.contains(where: { !$0.isWhitespace }) {
            error(node.offset, "text directly in \(what) (\(Self.excerpt(text)))\(hint)")
        }
    }

    /// An assembly: flags, then children in the model's order.
    mutating func assembly(_ node: OSCALXMLNode, _ definition: OSCALXMLModel.Definition) -> PositionedJSON {
        // Positions are worked out in document order (each from the last: linear on one long line).
        let here = position(node.offset)
        var members: [PositionedJSON.Member] = []
        for attribute in attributes(node) {
            guard attribute.namespaceURI == nil, definition.flags.contains(attribute.name) else {
                let namespace = attribute.namespaceURI.map { " (namespace \(Self.name($0)))" } ?? ""
                error(attribute.at, "unknown attribute \(Self.name(attribute.written))\(namespace) on \(definition.name) (OSCAL 1.2 defines: \(definition.flags.isEmpty ? "none" : definition.flags.sorted().joined(separator: ", ")))")
                continue
            }
            let (keyLine, keyColumn) = position(attribute.at)
            members.append(PositionedJSON.Member(key: attribute.name, keyLine: keyLine, keyColumn: keyColumn, value: made(.string(attribute.value), at: attribute.valueAt)))
        }
        // Children: repeated ones gathered into one array, in first-appearance order.
        var arrays: [String: (index: Int, elements: [PositionedJSON])] = [:]
        var proseBlocks: [OSCALXMLNode] = []
        var prosePosition = (0, 0)
        var lastOrder = 0, lastName = ""
        for content in node.children {
            guard case .element(let child) = content else {
                noText(content, in: node, definition.name, ": OSCAL allows elements only here")
                continue
            }
            guard isOSCAL(child), let spec = definition.child(xml: child.name) else {
                let names = definition.children.flatMap { $0.kind == .prose ? ["p", "ul", "ol", "table", "h1–h6", "pre", "blockquote"] : [$0.xml] }
                error(child.offset, "unknown element \(named(child)) in \(definition.name) (OSCAL 1.2 defines: \(names.isEmpty ? "none" : names.joined(separator: ", ")))")
                continue
            }
            if spec.order < lastOrder {
                error(child.offset, "element '\(child.name)' after '\(lastName)' in \(definition.name): OSCAL's order puts \(child.name) before \(lastName)")
            }
            if spec.order > lastOrder { lastOrder = spec.order; lastName = child.name }
            let (line, column) = position(child.offset)
            if spec.kind == .prose {
                if proseBlocks.isEmpty { prosePosition = (line, column) }
                proseBlocks.append(child)
                continue
            }
            let value = convert(child, spec)
            if spec.many {
                if arrays[spec.json] == nil {
                    arrays[spec.json] = (members.count, [])
                    members.append(PositionedJSON.Member(key: spec.json, keyLine: line, keyColumn: column, value: value))
                }
                arrays[spec.json]!.elements.append(value)
            } else if let first = members.first(where: { $0.key == spec.json }) {
                error(child.offset, "'\(child.name)' is given twice in \(definition.name) (first at line \(first.keyLine))")
            } else {
                members.append(PositionedJSON.Member(key: spec.json, keyLine: line, keyColumn: column, value: value))
            }
        }
        for (_, array) in arrays {
            let first = array.elements[0]
            members[array.index].value = PositionedJSON(value: .array(array.elements), line: first.line, column: first.column)
        }
        if !proseBlocks.isEmpty {
            let (line, column) = prosePosition
            let text = blocks(proseBlocks)
            members.append(PositionedJSON.Member(key: "prose", keyLine: line, keyColumn: column, value: PositionedJSON(value: .string(text), line: line, column: column)))
        }
        return PositionedJSON(value: .object(members), line: here.line, column: here.column)
    }

    /// A text for a message: trimmed, at most `limit` characters, quoted.
    static func excerpt(_ text: String, limit: Int = 30) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return "'" + (trimmed.count > limit ? String(trimmed.prefix(limit)) + "…" : trimmed) + "'"
    }

    /// A name or namespace as written, for a message: quoted, at most 80 characters (an
    /// element or attribute name may be megabytes long).
    static func name(_ text: String) -> String { excerpt(text, limit: 80) }

    mutating func convert(_ node: OSCALXMLNode, _ spec: OSCALXMLModel.Child) -> PositionedJSON {
        switch spec.kind {
        case .assembly(let name): return assembly(node, OSCALXMLModel.definitions[name]!)
        case .field:
            let here = position(node.offset)
            allowedAttributes(node, spec.xml)
            return PositionedJSON(value: .string(plainText(node, spec.xml)), line: here.line, column: here.column)
        case .markupLine:
            let here = position(node.offset)
            allowedAttributes(node, spec.xml)
            return PositionedJSON(value: .string(inline(node.children, in: spec.xml)), line: here.line, column: here.column)
        case .markupMultiline:
            let here = position(node.offset)
            allowedAttributes(node, spec.xml)
            var blockNodes: [OSCALXMLNode] = []
            for content in node.children {
                guard case .element(let child) = content else {
                    noText(content, in: node, spec.xml, ": write it in a paragraph (<p>)")
                    continue
                }
                if isOSCAL(child), OSCALXMLModel.blockElements.contains(child.name) { blockNodes.append(child) }
                else { error(child.offset, "unknown element \(named(child)) in \(spec.xml) (markup-multiline: p, ul, ol, table, h1–h6, pre, blockquote, hr)") }
            }
            return PositionedJSON(value: .string(blocks(blockNodes)), line: here.line, column: here.column)
        case .prose: return made(.string(blocks([node])), at: node.offset)
        case .opaque: return opaque(node)
        }
    }

    mutating func plainText(_ node: OSCALXMLNode, _ what: String) -> String {
        var text = ""
        for content in node.children {
            if let run = content.text { text += run }
            else if case .element(let child) = content { error(child.offset, "unknown element \(named(child)) in \(what) (text only)") }
        }
        return text
    }

    /// What totsugo reads as "not imported" only: flags as strings, text as a string, child
    /// elements by name (an array when repeated).
    mutating func opaque(_ node: OSCALXMLNode) -> PositionedJSON {
        let elements = node.children.compactMap { if case .element(let child) = $0 { child } else { nil } }
        if node.attributes.isEmpty, elements.isEmpty {
            return made(.string(node.children.compactMap(\.text).joined()), at: node.offset)
        }
        var members: [PositionedJSON.Member] = []
        let (line, column) = position(node.offset)
        for attribute in node.attributes {
            members.append(PositionedJSON.Member(key: attribute.name, keyLine: line, keyColumn: column, value: made(.string(attribute.value), at: node.offset)))
        }
        var grouped: [String: [PositionedJSON]] = [:]
        var order: [String] = []
        for element in elements {
            if grouped[element.name] == nil { order.append(element.name) }
            grouped[element.name, default: []].append(opaque(element))
        }
        for name in order {
            let values = grouped[name]!
            members.append(PositionedJSON.Member(key: name, keyLine: values[0].line, keyColumn: values[0].column,
                                                 value: values.count == 1 ? values[0] : PositionedJSON(value: .array(values), line: values[0].line, column: values[0].column)))
        }
        return PositionedJSON(value: .object(members), line: line, column: column)
    }

    // MARK: markup to Markdown

    /// Block elements as Markdown, separated by blank lines.
    mutating func blocks(_ nodes: [OSCALXMLNode]) -> String {
        var out: [String] = []
        for node in nodes { out.append(block(node)) }
        return out.joined(separator: "\n\n")
    }

    mutating func block(_ node: OSCALXMLNode) -> String {
        switch node.name {
        case "p":
            allowedAttributes(node, "p")
            return inline(node.children, in: "p")
        case "h1", "h2", "h3", "h4", "h5", "h6":
            allowedAttributes(node, node.name)
            return String(repeating: "#", count: Int(String(node.name.last!))!) + " " + inline(node.children, in: node.name)
        case "pre":
            allowedAttributes(node, "pre")
            return "```\n" + codeText(node.children, in: "pre") + "\n```"
        case "hr":
            allowedAttributes(node, "hr")
            nothingIn(node, "hr")
            return "---"
        case "blockquote":
            allowedAttributes(node, "blockquote")
            var inner: [OSCALXMLNode] = []
            for content in node.children {
                guard case .element(let child) = content else {
                    noText(content, in: node, "blockquote", ": write it in a paragraph (<p>)")
                    continue
                }
                if isOSCAL(child), OSCALXMLModel.blockElements.contains(child.name) { inner.append(child) }
                else { error(child.offset, "unknown element \(named(child)) in blockquote (p, ul, ol, table, h1–h6, pre, blockquote, hr)") }
            }
            return blocks(inner).split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
        case "ul", "ol": return list(node, depth: 0)
        case "table": return table(node)
        default:
            error(node.offset, "unknown element \(named(node)) in prose")
            return ""
        }
    }

    /// An element OSCAL defines as empty (`hr`, `img`, `insert`): content is an error (the
    /// Markdown it becomes has no place for it).
    mutating func nothingIn(_ node: OSCALXMLNode, _ what: String) {
        for content in node.children {
            if case .element(let child) = content {
                error(child.offset, "unknown element \(named(child)) in \(what) (OSCAL 1.2 defines \(what) as empty)")
            } else if let text = content.text, text.contains(where: { !$0.isWhitespace }) {
                error(node.offset, "text in \(what) (\(Self.excerpt(text))): OSCAL 1.2 defines \(what) as empty")
            }
        }
    }

    mutating func list(_ node: OSCALXMLNode, depth: Int) -> String {
        let attributes = allowedAttributes(node, node.name, node.name == "ol" ? ["start"] : [])
        var lines: [String] = []
        var number = 0
        if let start = attributes["start"] {
            if !start.value.isEmpty, start.value.allSatisfy({ $0.isASCII && $0.isNumber }), let first = Int(start.value), first < Int.max {
                number = first - 1
            } else {
                error(start.at, "ol start \(Self.excerpt(start.value)) is not a whole number (0, 1, 2, …)")
            }
        }
        for content in node.children {
            guard case .element(let item) = content else {
                noText(content, in: node, node.name, ": write it in a list item (<li>)")
                continue
            }
            guard isOSCAL(item), item.name == "li" else {
                error(item.offset, "unknown element \(named(item)) in \(node.name) (li only)")
                continue
            }
            allowedAttributes(item, "li")
            number += 1
            let marker = node.name == "ol" ? "\(number). " : "- "
            let indent = String(repeating: "  ", count: depth)
            var inlineContent: [OSCALXMLNode.Content] = []
            var nested: [String] = []
            for part in item.children {
                if case .element(let sub) = part, isOSCAL(sub), sub.name == "ul" || sub.name == "ol" { nested.append(list(sub, depth: depth + 1)) }
                else { inlineContent.append(part) }
            }
            lines.append(indent + marker + inline(inlineContent, in: "li").trimmingCharacters(in: .whitespacesAndNewlines))
            lines += nested
        }
        return lines.joined(separator: "\n")
    }

    /// Rows as `| a | b |` lines; a first row with `th` cells is the header, its cells'
    /// `align` the columns' alignment (`:---`, `:---:`, `---:`), as Markdown has it.
    mutating func table(_ node: OSCALXMLNode) -> String {
        allowedAttributes(node, "table")
        var lines: [String] = []
        for content in node.children {
            guard case .element(let row) = content else {
                noText(content, in: node, "table", ": a table holds rows (<tr>) only")
                continue
            }
            guard isOSCAL(row), row.name == "tr" else { error(row.offset, "unknown element \(named(row)) in table (tr only)"); continue }
            allowedAttributes(row, "tr")
            var cells: [String] = []
            var alignments: [(value: String, at: Int)?] = []
            var header = false
            for cellContent in row.children {
                guard case .element(let cell) = cellContent else {
                    noText(cellContent, in: row, "tr", ": write it in a cell (<td>, <th>)")
                    continue
                }
                guard isOSCAL(cell), cell.name == "td" || cell.name == "th" else { error(cell.offset, "unknown element \(named(cell)) in tr (th, td)"); continue }
                let align = allowedAttributes(cell, cell.name, ["align"])["align"]
                if let align, !["left", "center", "right"].contains(align.value) {
                    error(align.at, "\(cell.name) align \(Self.excerpt(align.value)) is not left, center or right")
                }
                alignments.append(align)
                header = header || cell.name == "th"
                cells.append(inline(cell.children, in: cell.name).trimmingCharacters(in: .whitespacesAndNewlines))
            }
            lines.append("| " + cells.joined(separator: " | ") + " |")
            if header, lines.count == 1 {
                lines.append("|" + alignments.map { align in
                    switch align?.value {
                    case "left": " :--- |"
                    case "center": " :---: |"
                    case "right": " ---: |"
                    default: " --- |"
                    }
                }.joined())
            } else {
                for align in alignments.compactMap({ $0 }) {
                    error(align.at, "align outside a table's header row: a Markdown table aligns whole columns, from the header row (the first row, of th cells)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Text with the layout of a pretty-printed document taken out: a run of white space
    /// holding a line break followed by indentation (spaces or tabs) is one space, as NIST's
    /// XML-to-JSON conversion makes it (`<p>\n      <insert …/>` is `" {{ insert: … }}"`).
    /// Other white space stays as written (a line break without indentation stays a line
    /// break, the Markdown soft break OSCAL JSON holds), and so does text in CDATA sections
    /// (`Content.cdata`): the export writes a line break followed by indentation in one, so
    /// a text exported to XML reads back as it was.
    static func layoutCollapsed(_ text: String) -> String {
        guard text.utf8.contains(0x0A) else { return text }
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while index < bytes.count {
            guard isSpace(bytes[index]) else { out.append(bytes[index]); index += 1; continue }
            let start = index
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            let run = bytes[start..<index]
            let layout = run.indices.contains { run[$0] == 0x0A && $0 + 1 < index && (run[$0 + 1] == 0x20 || run[$0 + 1] == 0x09) }
            if layout { out.append(0x20) } else { out += run }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text of `pre` and `code`, as written: Markdown's code fence and code span hold
    /// text only, so an element in them is an error (it would be read as literal `*x*`).
    mutating func codeText(_ children: [OSCALXMLNode.Content], in what: String) -> String {
        var out = ""
        for content in children {
            if let text = content.text { out += text }
            else if case .element(let child) = content {
                error(child.offset, "element \(named(child)) in \(what): \(what == "pre" ? "a preformatted block (a Markdown code fence)" : "code (a Markdown code span)") holds text only")
            }
        }
        return out
    }

    /// A link's or image's title in Markdown: ` "title"` (`"` and `\` escaped).
    static func linkTitle(_ title: String?) -> String {
        guard let title else { return "" }
        return " \"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Inline markup as Markdown: text as written (less layout: `layoutCollapsed`), `em` `*x*`, `strong` `**x**`, `code` `` `x` ``,
    /// `q` `"x"`, `sub` `~x~`, `sup` `^x^`, `a` `[x](href "title")`, `img` `![alt](src "title")`,
    /// `insert` `{{ insert: type, id-ref }}`.
    mutating func inline(_ children: [OSCALXMLNode.Content], in what: String) -> String {
        var out = ""
        for content in children {
            switch content {
            case .text(let text): out += Self.layoutCollapsed(text)
            case .cdata(let text): out += text
            case .element(let child):
                guard isOSCAL(child) else {
                    error(child.offset, "unknown element \(named(child)) in \(what)")
                    continue
                }
                switch child.name {
                case "em", "i":
                    allowedAttributes(child, child.name)
                    out += "*" + inline(child.children, in: child.name) + "*"
                case "strong", "b":
                    allowedAttributes(child, child.name)
                    out += "**" + inline(child.children, in: child.name) + "**"
                case "code":
                    allowedAttributes(child, child.name, ["class"])
                    out += "`" + codeText(child.children, in: child.name) + "`"
                case "q":
                    allowedAttributes(child, child.name)
                    out += "\"" + inline(child.children, in: child.name) + "\""
                case "sub":
                    allowedAttributes(child, child.name)
                    out += "~" + inline(child.children, in: child.name) + "~"
                case "sup":
                    allowedAttributes(child, child.name)
                    out += "^" + inline(child.children, in: child.name) + "^"
                case "a":
                    let attributes = allowedAttributes(child, child.name, ["href", "title"])
                    out += "[" + inline(child.children, in: child.name) + "](" + (attributes["href"]?.value ?? "") + Self.linkTitle(attributes["title"]?.value) + ")"
                case "img":
                    let attributes = allowedAttributes(child, child.name, ["src", "alt", "title"])
                    nothingIn(child, "img")
                    out += "![" + (attributes["alt"]?.value ?? "") + "](" + (attributes["src"]?.value ?? "") + Self.linkTitle(attributes["title"]?.value) + ")"
                case "insert":
                    let attributes = allowedAttributes(child, child.name, ["type", "id-ref"])
                    nothingIn(child, "insert")
                    guard let type = attributes["type"]?.value, let idRef = attributes["id-ref"]?.value else {
                        error(child.offset, "insert needs type and id-ref")
                        continue
                    }
                    out += "{{ insert: \(type), \(idRef) }}"
                default:
                    error(child.offset, "unknown element \(Self.name(child.name)) in \(what) (inline markup: em, strong, code, q, sub, sup, a, img, insert, i, b)")
                }
            }
        }
        return out
    }
}
