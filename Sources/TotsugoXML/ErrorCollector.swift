internal import CLibXML2

/// Collects libxml2 structured errors for one parse or validation. Passed to libxml2 as an
/// opaque pointer; the C callbacks below are non-capturing, as C function pointers must be.
class ErrorCollector {
    static let limit = 50
    let file: String
    var issues: [XMLIssue] = []
    /// Issues past `limit`, counted but not kept.
    var dropped = 0
    /// Set by the DOCTYPE guard when a document declares a DTD.
    var doctypeRejected: XMLIssue?

    init(file: String) { self.file = file }

    func add(_ error: UnsafePointer<xmlError>) {
        guard issues.count < Self.limit else {
            dropped += 1
            return
        }
        issues.append(issue(error))
    }

    /// `issues`, then one "too many errors" line when some were dropped.
    static func capped(_ issues: [XMLIssue], dropped: Int, file: String) -> [XMLIssue] {
        guard dropped > 0 else { return issues }
        let last = issues.last
        return issues + [XMLIssue(file: file, line: last?.line ?? 0, column: last?.column ?? 0,
                                  message: "too many errors (\(limit) shown); \(dropped) more not shown")]
    }

    var reported: [XMLIssue] { Self.capped(issues, dropped: dropped, file: file) }

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
                message: "DOCTYPE declarations are not allowed: no file totsugo reads (catalog or OSCAL XML, xlsx, docx) needs a DTD or entities "
                    + "(external entities, entity expansion and DTD loading are disabled)")
        }
        xmlStopParser(ctxt)
    }

    /// Parses `bytes` with `ctxt` (its SAX handler set up by the caller): UTF-8 whatever the
    /// document declares, positions named `file`. libxml2 reads the bytes in small chunks
    /// (an I/O callback over the caller's buffer), so it keeps no copy of the whole input.
    /// Returns the document a tree-building handler made, if any. Call
    /// `unsupportedEncoding` first.
    static func parse(_ ctxt: xmlParserCtxtPtr, _ bytes: [UInt8], file: String, options: Int32 = SafeParsing.options) -> xmlDocPtr? {
        bytes.withUnsafeBytes { buffer in
            var cursor = Cursor(bytes: buffer, offset: 0)
            return withUnsafeMutablePointer(to: &cursor) { pointer in
                // Read in chunks, a declared encoding would switch the decoder for the rest
                // of the input; IGNORE_ENC keeps it UTF-8 (the whole-buffer parse converted
                // everything before the declaration was read, so it ignored it too).
                xmlCtxtReadIO(ctxt, readChunk, nil, pointer, file, "UTF-8", options | Int32(XML_PARSE_IGNORE_ENC.rawValue))
            }
        }
    }

    /// What IGNORE_ENC skips: libxml2 rejects an encoding name it does not know ("Unsupported
    /// encoding x", parsing stops there). The XML declaration alone (up to the next markup)
    /// is parsed as the whole document was, and its issues returned when that happens.
    static func unsupportedEncoding(_ bytes: [UInt8], file: String) -> XMLFailure? {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard bytes[start...].starts(with: Array("<?xml".utf8)) else { return nil }
        let end = bytes[(start + 1)...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
        let declaration = Array(bytes[..<end])
        guard declaration.count >= 8,
              declaration.indices.dropLast(7).contains(where: { declaration[$0..<($0 + 8)].elementsEqual("encoding".utf8) }),
              let ctxt = xmlNewParserCtxt() else { return nil }
        defer { xmlFreeParserCtxt(ctxt) }
        let collector = ErrorCollector(file: file)
        xmlSetStructuredErrorFunc(collector.pointer, collectStructuredError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let doc = declaration.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                xmlCtxtReadMemory(ctxt, base, Int32(buffer.count), file, "UTF-8", options)
            }
        }
        if let doc { xmlFreeDoc(doc) }
        guard ctxt.pointee.errNo == Int32(XML_ERR_UNSUPPORTED_ENCODING.rawValue) else { return nil }
        return failure(collector)
    }

    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var offset: Int
    }

    static let readChunk: xmlInputReadCallback = { context, buffer, length in
        guard let context, let buffer, length > 0 else { return 0 }
        let cursor = context.assumingMemoryBound(to: Cursor.self)
        let count = min(Int(length), cursor.pointee.bytes.count - cursor.pointee.offset)
        guard count > 0, let base = cursor.pointee.bytes.baseAddress else { return 0 }
        UnsafeMutableRawPointer(buffer).copyMemory(from: base + cursor.pointee.offset, byteCount: count)
        cursor.pointee.offset += count
        return Int32(count)
    }

    /// The issues a failed parse throws: the DOCTYPE refusal alone, or what libxml2 reported.
    static func failure(_ collector: ErrorCollector) -> XMLFailure {
        if let rejected = collector.doctypeRejected { return XMLFailure(issues: [rejected]) }
        return XMLFailure(issues: collector.issues.isEmpty
            ? [XMLIssue(file: collector.file, line: 0, column: 0, message: "document is not well-formed")]
            : collector.reported)
    }
}
