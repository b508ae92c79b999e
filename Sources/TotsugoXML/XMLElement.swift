internal import CLibXML2

/// An element of an `XMLDocument`. Keeps its document alive.
public struct XMLElement: @unchecked Sendable {
    let node: xmlNodePtr
    public let document: XMLDocument

    init(node: xmlNodePtr, document: XMLDocument) {
        self.node = node
        self.document = document
    }

    /// Local name (without prefix).
    public var name: String { String(cString: node.pointee.name) }

    public var namespaceURI: String? {
        guard let ns = node.pointee.ns, let href = ns.pointee.href else { return nil }
        return String(cString: href)
    }

    /// 1-based line of the start tag.
    public var line: Int { Int(xmlGetLineNo(node)) }

    public func attribute(_ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { totsugo_xmlFree(value) }
        return String(cString: value)
    }

    /// Child elements in document order.
    public var children: [XMLElement] {
        var result: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                result.append(XMLElement(node: current, document: document))
            }
            child = current.pointee.next
        }
        return result
    }

    public func children(named name: String) -> [XMLElement] {
        children.filter { $0.name == name }
    }

    public func firstChild(named name: String) -> XMLElement? {
        children.first { $0.name == name }
    }

    /// Concatenated text of the element and its descendants.
    public var text: String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { totsugo_xmlFree(content) }
        return String(cString: content)
    }
}
