internal import CLibXML2

/// What a document's root element is, read cheaply: libxml2's xmlTextReader streams the
/// document up to its first start tag, however long the comments, processing instructions
/// and white space before it (no tree, no network, no DTD loading, no entity substitution,
/// errors silenced; the input is what the caller read within its size limit). For choosing a reader by content (OSCAL XML or totsugo's
/// catalog XML); the chosen reader parses the whole document safely and reports its problems.
public enum XMLRootSniff {
    public struct Root: Equatable, Sendable {
        public var name: String
        public var namespaceURI: String?
        public init(name: String, namespaceURI: String?) {
            self.name = name
            self.namespaceURI = namespaceURI
        }
    }

    /// The root element, or nil when there is none before the parser stops (not XML, say).
    public static func root(of bytes: [UInt8]) -> Root? {
        let count = min(bytes.count, Int(Int32.max))
        guard count > 0 else { return nil }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        return bytes.withUnsafeBufferPointer { buffer -> Root? in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: count) { base -> Root? in
                guard let reader = xmlReaderForMemory(base, Int32(count), nil, "UTF-8", options) else { return nil }
                defer { xmlFreeTextReader(reader) }
                xmlTextReaderSetStructuredErrorHandler(reader, { _, _ in }, nil)
                while xmlTextReaderRead(reader) == 1 {
                    guard xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue) else { continue }
                    guard let local = xmlTextReaderConstLocalName(reader) else { return nil }
                    let uri = xmlTextReaderConstNamespaceUri(reader)
                    return Root(name: String(cString: local), namespaceURI: uri.map { String(cString: $0) })
                }
                return nil
            }
        }
    }
}
