internal import CLibXML2

/// Collects libxml2 structured errors for one parse or validation. Passed to libxml2 as an
/// opaque pointer; the C callbacks below are non-capturing, as C function pointers must be.
class ErrorCollector {
    static let limit = 50
    let file: String
    var issues: [XMLIssue] = []
    /// Set by the DOCTYPE guard when a document declares a DTD.
    var doctypeRejected: XMLIssue?

    init(file: String) { self.file = file }

    func add(_ error: UnsafePointer<xmlError>) {
        guard issues.count < Self.limit else { return }
        issues.append(issue(error))
    }

    func issue(_ error: UnsafePointer<xmlError>) -> XMLIssue {
        let e = error.pointee
        var message = e.message.map { String(cString: $0) } ?? "unknown XML error"
        while message.last?.isNewline == true || message.last == " " { message.removeLast() }
        return XMLIssue(file: file, line: Int(e.line), column: Int(e.int2), message: message)
    }

    var pointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> ErrorCollector? {
        guard let pointer else { return nil }
        return Unmanaged<ErrorCollector>.fromOpaque(pointer).takeUnretainedValue()
    }
}

/// `xmlStructuredErrorFunc` that appends to the ErrorCollector given as user data.
let collectStructuredError: xmlStructuredErrorFunc = { userData, error in
    guard let error, let collector = ErrorCollector.from(userData) else { return }
    collector.add(UnsafePointer(error))
}

/// How every document is parsed, DOM or streamed: no network (XML_PARSE_NONET), no entity
/// substitution (no XML_PARSE_NOENT), no DTD loading (no DTDLOAD / DTDATTR / DTDVALID), and
/// any `<!DOCTYPE …>` refused by `rejectDoctype` before its internal subset is read.
enum SafeParsing {
    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue
        | XML_PARSE_NOCDATA.rawValue)

    /// SAX `internalSubset` replacement: called when `<!DOCTYPE` has been read, before any
    /// internal subset or external DTD is processed. Records the position and stops the
    /// parser. The parser context's `_private` must be the ErrorCollector.
    static let rejectDoctype: internalSubsetSAXFunc = { context, _, _, _ in
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

    /// Parses `bytes` with `ctxt` (its SAX handler set up by the caller): UTF-8 whatever the
    /// document declares (an unknown encoding name is still an error), positions named `file`.
    /// Returns the document a tree-building handler made, if any.
    static func parse(_ ctxt: xmlParserCtxtPtr, _ bytes: [UInt8], file: String) -> xmlDocPtr? {
        (bytes.isEmpty ? [0] : bytes).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                xmlCtxtReadMemory(ctxt, base, Int32(bytes.count), file, "UTF-8", options)
            }
        }
    }

    /// The issues a failed parse throws: the DOCTYPE refusal alone, or what libxml2 reported.
    static func failure(_ collector: ErrorCollector) -> XMLFailure {
        if let rejected = collector.doctypeRejected { return XMLFailure(issues: [rejected]) }
        return XMLFailure(issues: collector.issues.isEmpty
            ? [XMLIssue(file: collector.file, line: 0, column: 0, message: "document is not well-formed")]
            : collector.issues)
    }
}
