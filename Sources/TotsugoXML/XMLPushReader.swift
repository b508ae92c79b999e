internal import CLibXML2

/// Streams a document that arrives in pieces (a zip entry as it inflates, say) through
/// libxml2's SAX2 push parser: no tree, no copy of the whole input, so memory stays at one
/// piece plus what the delegate keeps. No schema validation (use `XMLReader` for that).
///
/// Safe like `XMLReader` and `XMLDocument` (`SafeParsing`: no network, no entities, no DTD,
/// any DOCTYPE refused before its internal subset is read); the input is read as UTF-8
/// whatever it declares, and an encoding name libxml2 does not know is refused as there.
///
///     let reader = try XMLPushReader(file: "sheet1.xml", delegate: builder)
///     for piece in pieces { try reader.push(piece) }
///     try reader.finish()
///
/// `push` throws as soon as the parser has failed (the caller can stop feeding); the delegate
/// sees events up to the first fatal error, so callers keep what they build only when
/// `finish` returns.
public final class XMLPushReader {
    private let ctxt: xmlParserCtxtPtr
    private let session: PushSession
    private var started = false
    private var finished = false

    public init(file: String, delegate: any XMLReaderDelegate) throws(XMLFailure) {
        guard let ctxt = xmlCreatePushParserCtxt(nil, nil, nil, 0, file) else {
            throw XMLFailure(issues: [XMLIssue(file: file, line: 0, column: 0, message: "libxml2 could not allocate a parser")])
        }
        self.ctxt = ctxt
        session = PushSession(file: file, delegate: delegate)
        ctxt.pointee._private = session.pointer
        // Only the callbacks below: no tree, no entity lookup, no DTD handling.
        let sax = ctxt.pointee.sax!
        sax.pointee = xmlSAXHandler()
        sax.pointee.initialized = XML_SAX2_MAGIC
        sax.pointee.internalSubset = SafeParsing.rejectDoctype
        sax.pointee.startElementNs = pushStartElement
        sax.pointee.endElementNs = pushEndElement
        sax.pointee.characters = pushCharacters
        sax.pointee.ignorableWhitespace = pushCharacters
        xmlCtxtUseOptions(ctxt, SafeParsing.options | Int32(XML_PARSE_IGNORE_ENC.rawValue))
    }

    deinit {
        ctxt.pointee._private = nil
        xmlFreeParserCtxt(ctxt)
    }

    /// Parses the next piece of the document.
    public func push(_ bytes: UnsafeRawBufferPointer) throws(XMLFailure) {
        guard !finished else { return }
        if !started {
            started = true
            if let failure = SafeParsing.unsupportedEncoding(Array(bytes.prefix(4096)), file: session.file) {
                finished = true
                throw failure
            }
        }
        var offset = 0
        while offset < bytes.count {  // libxml2 takes an Int32 length
            let count = min(bytes.count - offset, 1 << 24)
            try chunk(bytes.baseAddress! + offset, count, terminate: false)
            offset += count
        }
    }

    /// Ends the document; throws what the parser reported if it is not well-formed.
    public func finish() throws(XMLFailure) {
        guard !finished else { throw SafeParsing.failure(session) }
        try chunk(nil, 0, terminate: true)
        finished = true
    }

    private func chunk(_ base: UnsafeRawPointer?, _ count: Int, terminate: Bool) throws(XMLFailure) {
        xmlSetStructuredErrorFunc(session.pointer, collectStructuredError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        _ = xmlParseChunk(ctxt, base?.assumingMemoryBound(to: CChar.self), Int32(count), terminate ? 1 : 0)
        if session.doctypeRejected != nil || ctxt.pointee.wellFormed == 0 || ctxt.pointee.disableSAX != 0 {
            finished = true
            throw SafeParsing.failure(session)
        }
    }
}

/// The state of one push parse, reached from libxml2's callbacks through `_private`.
private final class PushSession: ErrorCollector {
    unowned let delegate: any XMLReaderDelegate

    init(file: String, delegate: any XMLReaderDelegate) {
        self.delegate = delegate
        super.init(file: file)
    }

    static func from(context: UnsafeMutableRawPointer?) -> PushSession {
        let ctxt = context!.assumingMemoryBound(to: xmlParserCtxt.self)
        return Unmanaged<PushSession>.fromOpaque(ctxt.pointee._private!).takeUnretainedValue()
    }
}

private let pushStartElement: startElementNsSAX2Func = { context, localname, _, uri, _, _, attributeCount, _, attributes in
    let session = PushSession.from(context: context)
    let ctxt = context!.assumingMemoryBound(to: xmlParserCtxt.self)
    let line = Int(ctxt.pointee.input?.pointee.line ?? 0)
    let name = localname.map { String(cString: $0) } ?? ""
    // The push parser keeps no whole input to find the tag's start in: offset -1 (not known).
    session.delegate.startElement(XMLReader.Element(name: name, line: line, namespaceURI: uri.map { String(cString: $0) }, offset: -1,
                                                    attributes: attributes, attributeCount: Int(attributeCount)))
}

private let pushEndElement: endElementNsSAX2Func = { context, _, _, _ in
    PushSession.from(context: context).delegate.endElement()
}

private let pushCharacters: charactersSAXFunc = { context, text, length in
    guard let text, length > 0 else { return }
    PushSession.from(context: context).delegate.characters(UnsafeBufferPointer(start: text, count: Int(length)))
}
