internal import CLibXML2

/// A parsed XML document (DOM) owned by Swift, for small documents read whole (the tests read
/// xlsx parts with it); catalogs are streamed with `XMLReader`. Parsing is safe by
/// construction (`SafeParsing`): no network, no entity substitution, no DTD loading, and any
/// `<!DOCTYPE …>` is rejected before its internal subset is read, so external entities
/// (XXE), entity-expansion bombs and external DTD URLs all fail fast without I/O.
public final class XMLDocument: @unchecked Sendable {
    let pointer: xmlDocPtr
    public let file: String

    private init(pointer: xmlDocPtr, file: String) {
        self.pointer = pointer
        self.file = file
    }

    deinit { xmlFreeDoc(pointer) }

    /// Parses `bytes` (the file's content); `file` is used in issue positions.
    public static func parse(_ bytes: [UInt8], file: String) throws(XMLFailure) -> XMLDocument {
        if let failure = SafeParsing.unsupportedEncoding(bytes, file: file) { throw failure }
        guard let ctxt = xmlNewParserCtxt() else {
            throw XMLFailure(issues: [XMLIssue(file: file, line: 0, column: 0, message: "libxml2 could not allocate a parser")])
        }
        defer { xmlFreeParserCtxt(ctxt) }
        let collector = ErrorCollector(file: file)
        ctxt.pointee._private = collector.pointer
        ctxt.pointee.sax.pointee.internalSubset = SafeParsing.rejectDoctype
        xmlSetStructuredErrorFunc(collector.pointer, collectStructuredError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }

        let doc = SafeParsing.parse(ctxt, bytes, file: file)
        guard let doc, collector.doctypeRejected == nil, ctxt.pointee.wellFormed != 0 else {
            if let doc { xmlFreeDoc(doc) }
            throw SafeParsing.failure(collector)
        }
        return XMLDocument(pointer: doc, file: file)
    }

    public var root: XMLElement? {
        guard let node = xmlDocGetRootElement(pointer) else { return nil }
        return XMLElement(node: node, document: self)
    }
}
