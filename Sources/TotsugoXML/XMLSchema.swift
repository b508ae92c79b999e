internal import CLibXML2

/// A compiled W3C XML Schema (XSD). Compile once, validate many documents (`XMLReader`).
public final class XMLSchema: @unchecked Sendable {
    let pointer: xmlSchemaPtr

    /// Compiles the schema text. `file` names it in issue positions.
    public init(xsd: String, file: String) throws(XMLFailure) {
        let collector = ErrorCollector(file: file)
        // xmlSchemaNewMemParserCtxt keeps the pointer, not a copy: the buffer must outlive
        // xmlSchemaParse. A heap copy freed with the context (release builds freed the Swift
        // array right after the call and the schema read freed memory: "Document is empty").
        let bytes = Array(xsd.utf8)
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(bytes.count, 1))
        defer { buffer.deallocate() }
        for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        let parserContext: xmlSchemaParserCtxtPtr? = xmlSchemaNewMemParserCtxt(buffer.baseAddress, Int32(bytes.count))
        guard let parserContext else {
            throw XMLFailure(issues: [XMLIssue(file: file, line: 0, column: 0, message: "cannot create schema parser")])
        }
        defer { xmlSchemaFreeParserCtxt(parserContext) }
        xmlSchemaSetParserStructuredErrors(parserContext, collectStructuredError, collector.pointer)
        xmlSetStructuredErrorFunc(collector.pointer, collectStructuredError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        guard let compiled = xmlSchemaParse(parserContext) else {
            throw XMLFailure(issues: collector.issues.isEmpty
                ? [XMLIssue(file: file, line: 0, column: 0, message: "schema does not compile")]
                : collector.reported)
        }
        pointer = compiled
    }

    deinit { xmlSchemaFree(pointer) }
}
