internal import CLibXML2

/// A parsed XML document owned by Swift. Parsing is safe by construction:
/// no network (XML_PARSE_NONET), no entity substitution, no DTD loading, and any
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

    /// Options used for every parse. Deliberately without XML_PARSE_NOENT and
    /// XML_PARSE_DTDLOAD / DTDATTR / DTDVALID.
    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue
        | XML_PARSE_NOCDATA.rawValue)

    /// Parses `bytes` (the file's content); `file` is used in issue positions.
    public static func parse(_ bytes: [UInt8], file: String) throws(XMLFailure) -> XMLDocument {
        guard let ctxt = xmlNewParserCtxt() else {
            throw XMLFailure(issues: [XMLIssue(file: file, line: 0, column: 0, message: "libxml2 could not allocate a parser")])
        }
        defer { xmlFreeParserCtxt(ctxt) }
        let collector = ErrorCollector(file: file)
        ctxt.pointee._private = collector.pointer
        ctxt.pointee.sax.pointee.internalSubset = rejectDoctype
        xmlSetStructuredErrorFunc(collector.pointer, collectStructuredError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }

        let doc: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                xmlCtxtReadMemory(ctxt, base, Int32(buffer.count), file, "UTF-8", options)
            }
        }
        if let rejected = collector.doctypeRejected {
            if let doc { xmlFreeDoc(doc) }
            throw XMLFailure(issues: [rejected])
        }
        guard let doc, ctxt.pointee.wellFormed != 0 else {
            if let doc { xmlFreeDoc(doc) }
            let issues = collector.issues.isEmpty
                ? [XMLIssue(file: file, line: 0, column: 0, message: "document is not well-formed")]
                : collector.issues
            throw XMLFailure(issues: issues)
        }
        return XMLDocument(pointer: doc, file: file)
    }

    public var root: XMLElement? {
        guard let node = xmlDocGetRootElement(pointer) else { return nil }
        return XMLElement(node: node, document: self)
    }

    /// Validates against `schema`; returns the issues (empty when valid).
    public func validate(against schema: XMLSchema) -> [XMLIssue] {
        schema.validate(self)
    }
}

/// SAX `internalSubset` replacement: called when `<!DOCTYPE` has been read, before any
/// internal subset or external DTD is processed. Records the position and stops the parser.
private let rejectDoctype: internalSubsetSAXFunc = { context, _, _, _ in
    guard let context else { return }
    let ctxt = context.assumingMemoryBound(to: xmlParserCtxt.self)
    if let collector = ErrorCollector.from(ctxt.pointee._private), collector.doctypeRejected == nil {
        let line = Int(ctxt.pointee.input?.pointee.line ?? 0)
        collector.doctypeRejected = XMLIssue(
            file: collector.file, line: line, column: 1,
            message: "DOCTYPE declarations are not allowed: catalogs use no DTD and no entities "
                + "(external entities, entity expansion and DTD loading are disabled)")
    }
    xmlStopParser(ctxt)
}
