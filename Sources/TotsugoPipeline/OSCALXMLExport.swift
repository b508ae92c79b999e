import TotsugoCore
import TotsugoEmit
import TotsugoIngest

/// OSCAL XML from the OSCAL JSON `export oscal` writes (docs/oscal.md, "OSCAL XML"): the JSON
/// bytes are parsed back (`PositionedJSON`) and written as XML by the rules `OSCALXMLReader`
/// reads with, inverted (`OSCALXMLModel`: string members of a definition's flags as attributes,
/// children in the model's order, group-as arrays as repeated elements, Markdown as markup).
/// Independent of how the JSON is made: any document the JSON export writes renders.
/// Reading the XML back gives the catalog or mapping the JSON gives, so an export from it is
/// the same bytes.
public enum OSCALXMLExport {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The XML of one exported JSON document.
    public static func render(json bytes: [UInt8]) throws -> [UInt8] {
        let json: PositionedJSON
        do {
            json = try PositionedJSON.parse(bytes, file: "export")
        } catch {
            throw Failure(description: error.diagnostics.map(\.message).joined(separator: "; "))
        }
        guard case .object(let members) = json.value, members.count == 1, let root = members.first,
              let definitionName = OSCALXMLModel.roots[root.key], let definition = OSCALXMLModel.definitions[definitionName] else {
            throw Failure(description: "not an OSCAL catalog or mapping-collection")
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        try element(root.key, root.value, definition, depth: 0, namespace: true, into: &out)
        return Array(out.utf8)
    }

    /// The file name of the XML beside `<name>.oscal.json`.
    public static func fileName(_ jsonName: String) -> String {
        jsonName.hasSuffix(".json") ? String(jsonName.dropLast(5)) + ".xml" : jsonName + ".xml"
    }

    static func indent(_ depth: Int) -> String { String(repeating: "  ", count: depth) }

    static func element(_ name: String, _ value: PositionedJSON, _ definition: OSCALXMLModel.Definition, depth: Int,
                        namespace: Bool = false, into out: inout String) throws {
        guard case .object(let members) = value.value else { throw Failure(description: "\(name) is not an object") }
        var values: [String: PositionedJSON] = [:]
        for member in members {
            guard definition.flags.contains(member.key) || definition.child(json: member.key) != nil else {
                throw Failure(description: "'\(member.key)' has no place in \(definition.name) in OSCAL XML")
            }
            values[member.key] = member.value
        }
        out += indent(depth) + "<" + name
        if namespace { out += " xmlns=\"\(OSCALXMLModel.namespace)\"" }
        for flag in definition.flags {
            guard let flagValue = values[flag] else { continue }
            guard case .string(var text) = flagValue.value else { throw Failure(description: "\(definition.name) \(flag) is not a string") }
            // The XML set links to the XML catalogs beside it.
            if definition.name == "rlink", flag == "href", text.hasSuffix(".oscal.json") { text = fileName(text) }
            if definition.name == "rlink", flag == "media-type", text == "application/json" { text = "application/xml" }
            out += " \(flag)=\"\(escapeAttribute(text))\""
        }
        let children = definition.children.filter { values[$0.json] != nil }
        guard !children.isEmpty else { out += "/>\n"; return }
        out += ">\n"
        for child in children {
            let childValue = values[child.json]!
            var items = [childValue]
            if child.many {
                guard case .array(let elements) = childValue.value else { throw Failure(description: "\(child.json) is not an array") }
                items = elements
            }
            for item in items {
                switch child.kind {
                case .assembly(let name):
                    try element(child.xml, item, OSCALXMLModel.definitions[name]!, depth: depth + 1, into: &out)
                case .field:
                    out += indent(depth + 1) + "<\(child.xml)>" + escapeText(try string(item, child.json)) + "</\(child.xml)>\n"
                case .markupLine:
                    out += indent(depth + 1) + "<\(child.xml)>" + inline(try string(item, child.json)) + "</\(child.xml)>\n"
                case .markupMultiline:
                    out += indent(depth + 1) + "<\(child.xml)>\n" + blocks(try string(item, child.json), depth: depth + 2) + indent(depth + 1) + "</\(child.xml)>\n"
                case .prose:
                    out += blocks(try string(item, child.json), depth: depth + 1)
                case .opaque:
                    throw Failure(description: "\(child.json) in \(definition.name): totsugo does not write it")
                }
            }
        }
        out += indent(depth) + "</\(name)>\n"
    }

    static func string(_ value: PositionedJSON, _ what: String) throws -> String {
        guard case .string(let text) = value.value else { throw Failure(description: "\(what) is not a string") }
        return text
    }

    /// Paragraphs (separated by a blank line in Markdown), one `<p>` each.
    static func blocks(_ markdown: String, depth: Int) -> String {
        markdown.components(separatedBy: "\n\n").map { indent(depth) + "<p>" + inline($0) + "</p>\n" }.joined()
    }

    /// Markdown inline constructs as markup, each only where reading it back gives the same
    /// text (`OSCALXMLConverter.inline`): `{{ insert: type, id }}`, `[text](href)`, `**x**`,
    /// `*x*`, `` `x` ``; anything else is text. A line break followed by indentation (a
    /// space or tab) is written in a CDATA section with its indentation, because the reader
    /// takes it as the layout of a pretty-printed file anywhere else (one space): the text
    /// reads back as it is.
    static func inline(_ markdown: String) -> String {
        let markup = inlineMarkup(markdown)
        guard markup.contains("\n") else { return markup }
        let scalars = Array(markup.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n", index + 1 < scalars.count, scalars[index + 1] == " " || scalars[index + 1] == "\t" {
                var end = index + 1
                while end < scalars.count, scalars[end] == " " || scalars[end] == "\t" { end += 1 }
                out.append(contentsOf: "<![CDATA[".unicodeScalars)
                out.append(contentsOf: scalars[index..<end])
                out.append(contentsOf: "]]>".unicodeScalars)
                index = end
                continue
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }

    static func inlineMarkup(_ markdown: String) -> String {
        let characters = Array(markdown)
        var out = ""
        var index = 0
        func find(_ needle: String, from start: Int) -> Int? {
            let pattern = Array(needle)
            guard start <= characters.count - pattern.count else { return nil }
            for position in start...(characters.count - pattern.count) where Array(characters[position..<(position + pattern.count)]) == pattern {
                return position
            }
            return nil
        }
        while index < characters.count {
            let rest = String(characters[index...])
            if rest.hasPrefix("{{ insert: "), let end = find(" }}", from: index) {
                let body = String(characters[(index + 11)..<end])
                let parts = body.components(separatedBy: ", ")
                if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !body.contains("}"), !body.contains("\n"),
                   "{{ insert: \(parts[0]), \(parts[1]) }}" == String(characters[index..<(end + 3)]) {
                    out += "<insert type=\"\(escapeAttribute(parts[0]))\" id-ref=\"\(escapeAttribute(parts[1]))\"/>"
                    index = end + 3
                    continue
                }
            }
            if characters[index] == "[", let middle = find("](", from: index + 1), let end = find(")", from: middle + 2),
               !characters[(index + 1)..<middle].contains("["), !characters[(index + 1)..<middle].contains("]"),
               !characters[(middle + 2)..<end].contains(where: { $0.isWhitespace || $0 == "(" }) {
                out += "<a href=\"\(escapeAttribute(String(characters[(middle + 2)..<end])))\">" + inlineMarkup(String(characters[(index + 1)..<middle])) + "</a>"
                index = end + 1
                continue
            }
            if rest.hasPrefix("**"), let end = find("**", from: index + 2), end > index + 2 {
                out += "<strong>" + inlineMarkup(String(characters[(index + 2)..<end])) + "</strong>"
                index = end + 2
                continue
            }
            if characters[index] == "*", let end = find("*", from: index + 1), end > index + 1, characters[index + 1] != "*" {
                out += "<em>" + inlineMarkup(String(characters[(index + 1)..<end])) + "</em>"
                index = end + 1
                continue
            }
            if characters[index] == "`", let end = find("`", from: index + 1) {
                out += "<code>" + escapeText(String(characters[(index + 1)..<end])) + "</code>"
                index = end + 1
                continue
            }
            out += escapeText(String(characters[index]))
            index += 1
        }
        return out
    }

    /// XMLText's exact escapers: the reader must get back the very string.
    static func escapeText(_ text: String) -> String { XMLText.escapeExact(text) }
    static func escapeAttribute(_ text: String) -> String { XMLText.escapeAttributeExact(text) }
}
