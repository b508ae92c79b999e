internal import CLibXML2

/// Receives a document's elements and text in document order while `XMLReader` parses it.
/// Comments and processing instructions are not reported.
public protocol XMLReaderDelegate: AnyObject {
    func startElement(_ element: XMLReader.Element)
    func endElement()
    /// A run of character data (entities and character references decoded, CDATA included);
    /// one text may arrive in several runs. The bytes are UTF-8 and valid only during the call.
    func characters(_ text: UnsafeBufferPointer<UInt8>)
    /// The text of a CDATA section (`<![CDATA[…]]>`), when reading without a schema; by
    /// default handed to `characters` as any text. A reader that gives white space a meaning
    /// (OSCAL XML's layout, `OSCALXMLReader`) tells text written in CDATA from the rest.
    func cdata(_ text: UnsafeBufferPointer<UInt8>)
}

extension XMLReaderDelegate {
    public func cdata(_ text: UnsafeBufferPointer<UInt8>) { characters(text) }
}

/// Streams a document through libxml2's SAX2 parser in one pass, validating it against an
/// XSD on the way (libxml2's SAX plug, the same streaming validator xmlTextReader uses); no
/// tree is built, so memory stays at the input plus what the delegate keeps.
///
/// Safe like `XMLDocument` (`SafeParsing`: no network, no entities, no DTD, any DOCTYPE refused
/// before its internal subset is read). Errors as `XMLDocument` and the tree validator gave
/// them: a document that is not well-formed fails with the parser's issues only, a valid
/// one with the schema's issues only, each positioned at the start tag of its element.
/// The delegate sees the events of invalid documents too, up to the parser's first fatal
/// error; callers keep what they build only when `read` returns.
public enum XMLReader {
    /// A start tag. Valid only during `startElement`.
    public struct Element {
        /// Local name (without prefix).
        public let name: String
        /// 1-based line where the start tag ends (as libxml2 numbers element nodes).
        public let line: Int
        /// The element's namespace URI (nil when it has none).
        public let namespaceURI: String?
        /// Byte offset of the start tag's `<` in the input (-1 from `XMLPushReader`, which
        /// keeps no whole input).
        public let offset: Int
        /// libxml2's SAX2 attribute array: (localname, prefix, URI, value, end) per attribute.
        let attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
        let attributeCount: Int

        /// The value of the first attribute with this local name, as `xmlGetProp` gives it.
        public func attribute(_ name: String) -> String? {
            guard let attributes else { return nil }
            for index in 0..<attributeCount {
                let base = index * 5
                guard let local = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4],
                      name.withCString({ xmlStrEqual(local, UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)) == 1 })
                else { continue }
                return Self.decode(UnsafeBufferPointer(start: start, count: end - start))
            }
            return nil
        }

        /// Every attribute in document order: local name, namespace URI (nil for an unprefixed
        /// one), value (decoded as `attribute(_:)` decodes it).
        public var allAttributes: [(name: String, namespaceURI: String?, value: String)] {
            guard let attributes else { return [] }
            return (0..<attributeCount).compactMap { index in
                let base = index * 5
                guard let local = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4] else { return nil }
                return (String(cString: local), attributes[base + 2].map { String(cString: $0) },
                        Self.decode(UnsafeBufferPointer(start: start, count: end - start)))
            }
        }

        /// Without entity substitution libxml2 hands `&` in attribute values to SAX2 as the
        /// character reference `&#38;` (the tree builder decodes it; so do we). No other
        /// reference can remain: predefined entities and character references are decoded
        /// by the parser, and any other entity is undeclared (no DOCTYPE), a fatal error.
        static func decode(_ raw: UnsafeBufferPointer<UInt8>) -> String {
            guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
            let reference = Array("&#38;".utf8)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(raw.count)
            var index = 0
            while index < raw.count {
                if raw[index] == UInt8(ascii: "&"), index + reference.count <= raw.count,
                   raw[index..<(index + reference.count)].elementsEqual(reference) {
                    bytes.append(UInt8(ascii: "&"))
                    index += reference.count
                } else {
                    bytes.append(raw[index])
                    index += 1
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Parses `bytes`, validating against `schema` when given, and reports the document to
    /// `delegate`. Throws the issues described above; `file` names them.
    public static func read(_ bytes: [UInt8], file: String, schema: XMLSchema?, delegate: any XMLReaderDelegate) throws(XMLFailure) {
        if let failure = SafeParsing.unsupportedEncoding(bytes, file: file) { throw failure }
        guard let ctxt = xmlNewParserCtxt() else {
            throw XMLFailure(issues: [XMLIssue(file: file, line: 0, column: 0, message: "libxml2 could not allocate a parser")])
        }
        defer { xmlFreeParserCtxt(ctxt) }
        let session = ReaderSession(file: file, delegate: delegate)
        session.bytes = bytes
        ctxt.pointee._private = session.pointer
        // Only the callbacks below: no tree, no entity lookup, no DTD handling.
        let sax = ctxt.pointee.sax!
        sax.pointee = xmlSAXHandler()
        sax.pointee.initialized = XML_SAX2_MAGIC
        sax.pointee.internalSubset = SafeParsing.rejectDoctype
        sax.pointee.startElementNs = startElement
        sax.pointee.endElementNs = endElement
        sax.pointee.characters = characters
        sax.pointee.ignorableWhitespace = characters
        sax.pointee.cdataBlock = cdataBlock

        var validator: xmlSchemaValidCtxtPtr?
        var plug: xmlSchemaSAXPlugPtr?
        /// Our handler in front of the plug's (see below); the parser context must not free it.
        var front: UnsafeMutablePointer<xmlSAXHandler>?
        defer {
            // Unplugging puts back the context's own handler and user data.
            if let plug { xmlSchemaSAXUnplug(plug) }
            if let front { front.deallocate() }
            if let validator { xmlSchemaFreeValidCtxt(validator) }
        }
        if let schema {
            guard let created = xmlSchemaNewValidCtxt(schema.pointer) else {
                throw XMLFailure(issues: [XMLIssue(file: file, line: 0, column: 0, message: "cannot create schema validator")])
            }
            validator = created
            xmlSchemaSetValidStructuredErrors(created, collectSchemaError, session.pointer)
            // The plug rewires ctxt->sax and ctxt->userData in place (and restores them on unplug).
            let base = UnsafeMutableRawPointer(ctxt)
            plug = xmlSchemaSAXPlug(
                created,
                (base + MemoryLayout<xmlParserCtxt>.offset(of: \.sax)!).assumingMemoryBound(to: xmlSAXHandlerPtr?.self),
                (base + MemoryLayout<xmlParserCtxt>.offset(of: \.userData)!).assumingMemoryBound(to: UnsafeMutableRawPointer?.self))
            guard plug != nil else {
                throw XMLFailure(issues: [XMLIssue(file: file, line: 0, column: 0, message: "cannot attach the schema validator")])
            }
            xmlSchemaValidateSetLocator(created, locateSchemaError, session.pointer)
            // The validator keeps an element's text by appending each run the parser reports to
            // what it has (xmlStrncat, which measures the whole string first): quadratic in the
            // length of one text, as the parser reports plain text in runs of a few hundred bytes
            // and each character reference as a run of its own (an 8 MB heading took 20–44 s).
            // A handler of ours goes in front of the plug and hands it each text in one run.
            session.validatorSAX = ctxt.pointee.sax!.pointee
            session.validatorData = ctxt.pointee.userData
            front = UnsafeMutablePointer<xmlSAXHandler>.allocate(capacity: 1)
            front!.initialize(to: xmlSAXHandler())
            front!.pointee.initialized = XML_SAX2_MAGIC
            front!.pointee.internalSubset = SafeParsing.rejectDoctype
            front!.pointee.startElementNs = frontStartElement
            front!.pointee.endElementNs = frontEndElement
            front!.pointee.characters = frontCharacters
            front!.pointee.ignorableWhitespace = frontCharacters
            ctxt.pointee.sax = front
            ctxt.pointee.userData = UnsafeMutableRawPointer(ctxt)
        }

        xmlSetStructuredErrorFunc(session.pointer, collectStructuredError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        // CDATA reported as such (without XML_PARSE_NOCDATA, which would send it to `characters`);
        // through the schema's plug (the front handler has no cdataBlock) it is text as any.
        let options = SafeParsing.options & ~Int32(XML_PARSE_NOCDATA.rawValue)
        if let doc = SafeParsing.parse(ctxt, bytes, file: file, options: options) { xmlFreeDoc(doc) }
        if front != nil { session.flushText() }
        if let attached = plug {
            xmlSchemaSAXUnplug(attached)
            plug = nil
        }
        if let handler = front {
            handler.deallocate()
            front = nil
        }
        if session.doctypeRejected != nil || ctxt.pointee.wellFormed == 0 {
            throw SafeParsing.failure(session)
        }
        if !session.schemaIssues.isEmpty {
            throw XMLFailure(issues: ErrorCollector.capped(session.schemaIssues, dropped: session.droppedSchemaIssues, file: file))
        }
        if let validator, xmlSchemaIsValid(validator) != 1 {
            throw XMLFailure(issues: [XMLIssue(file: file, line: 0, column: 0, message: "document does not match the schema")])
        }
    }
}

/// The state of one `XMLReader.read`, reached from libxml2's callbacks through the parser
/// context's `_private` (an ErrorCollector, for the DOCTYPE guard).
private final class ReaderSession: ErrorCollector {
    unowned let delegate: any XMLReaderDelegate
    var schemaIssues: [XMLIssue] = []
    var droppedSchemaIssues = 0
    /// Lines of the open elements' start tags, for positioning schema errors.
    var openLines: [Int] = []
    /// An end tag was just reported: its element stays on `openLines` until the next event,
    /// because the validator checks an element's content right after its end tag.
    var closing = false

    /// The schema plug's handler and user data, which our front handler forwards to.
    var validatorSAX = xmlSAXHandler()
    var validatorData: UnsafeMutableRawPointer?
    /// Text read since the last start or end tag, not yet handed to the plug.
    var pendingText: [UInt8] = []
    /// The input, to find where a start tag begins (libxml2 reports where parsing has got to).
    var bytes: [UInt8] = []

    /// The offset of the `<` of the start tag being reported: the last one before where the
    /// parser has got to (a start tag holds no other `<`).
    func tagStart(consumed: Int) -> Int {
        var index = min(consumed, bytes.count - 1)
        while index > 0, bytes[index] != UInt8(ascii: "<") { index -= 1 }
        return max(index, 0)
    }

    /// Hands the text gathered since the last tag to the plug (the validator, then the
    /// delegate through `characters`) in one run.
    func flushText() {
        guard !pendingText.isEmpty else { return }
        if let forward = validatorSAX.characters {
            pendingText.withUnsafeBufferPointer { text in
                var start = 0
                while start < text.count {  // libxml2 takes an Int32 length
                    let count = min(text.count - start, 1 << 30)
                    forward(validatorData, text.baseAddress! + start, Int32(count))
                    start += count
                }
            }
        }
        if pendingText.count > 1 << 16 {
            pendingText = []
        } else {
            pendingText.removeAll(keepingCapacity: true)
        }
    }

    init(file: String, delegate: any XMLReaderDelegate) {
        self.delegate = delegate
        super.init(file: file)
    }

    func settle() {
        if closing {
            openLines.removeLast()
            closing = false
        }
    }

    static func from(context: UnsafeMutableRawPointer?) -> ReaderSession {
        let ctxt = context!.assumingMemoryBound(to: xmlParserCtxt.self)
        return Unmanaged<ReaderSession>.fromOpaque(ctxt.pointee._private!).takeUnretainedValue()
    }
}

private let startElement: startElementNsSAX2Func = { context, localname, _, uri, _, _, attributeCount, _, attributes in
    let session = ReaderSession.from(context: context)
    session.settle()
    let ctxt = context!.assumingMemoryBound(to: xmlParserCtxt.self)
    let line = Int(ctxt.pointee.input?.pointee.line ?? 0)
    session.openLines.append(line)
    let name = localname.map { String(cString: $0) } ?? ""
    let offset = session.tagStart(consumed: Int(xmlByteConsumed(ctxt)))
    session.delegate.startElement(XMLReader.Element(name: name, line: line, namespaceURI: uri.map { String(cString: $0) }, offset: offset,
                                                    attributes: attributes, attributeCount: Int(attributeCount)))
}

private let endElement: endElementNsSAX2Func = { context, _, _, _ in
    let session = ReaderSession.from(context: context)
    session.settle()
    session.closing = true
    session.delegate.endElement()
}

private let characters: charactersSAXFunc = { context, text, length in
    let session = ReaderSession.from(context: context)
    session.settle()
    guard let text, length > 0 else { return }
    session.delegate.characters(UnsafeBufferPointer(start: text, count: Int(length)))
}

private let cdataBlock: cdataBlockSAXFunc = { context, text, length in
    let session = ReaderSession.from(context: context)
    session.settle()
    guard let text, length > 0 else { return }
    session.delegate.cdata(UnsafeBufferPointer(start: text, count: Int(length)))
}

/// The front handler, used when validating: the parser's user data is then the parser
/// context (as without the plug); text is gathered, and handed on before each tag.
private let frontStartElement: startElementNsSAX2Func = { context, localname, prefix, uri, namespaceCount, namespaces, attributeCount, defaultedCount, attributes in
    let session = ReaderSession.from(context: context)
    session.flushText()
    session.validatorSAX.startElementNs?(session.validatorData, localname, prefix, uri, namespaceCount, namespaces, attributeCount, defaultedCount, attributes)
}

private let frontEndElement: endElementNsSAX2Func = { context, localname, prefix, uri in
    let session = ReaderSession.from(context: context)
    session.flushText()
    session.validatorSAX.endElementNs?(session.validatorData, localname, prefix, uri)
}

private let frontCharacters: charactersSAXFunc = { context, text, length in
    guard let text, length > 0 else { return }
    ReaderSession.from(context: context).pendingText.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(length)))
}

/// Schema errors carry no node while streaming; the validator asks for a position instead.
/// The start tag of the innermost open element: where the tree validator put them too.
private let locateSchemaError: xmlSchemaValidityLocatorFunc = { context, file, line in
    guard let context else { return -1 }
    let session = Unmanaged<ReaderSession>.fromOpaque(context).takeUnretainedValue()
    file?.pointee = nil
    line?.pointee = UInt(session.openLines.last ?? 0)
    return 0
}

private let collectSchemaError: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let session = Unmanaged<ReaderSession>.fromOpaque(userData).takeUnretainedValue()
    guard session.schemaIssues.count < ErrorCollector.limit else {
        session.droppedSchemaIssues += 1
        return
    }
    session.schemaIssues.append(session.issue(UnsafePointer(error)))
}
