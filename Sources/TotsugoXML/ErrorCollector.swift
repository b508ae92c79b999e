internal import CLibXML2

/// Collects libxml2 structured errors for one parse or validation. Passed to libxml2 as an
/// opaque pointer; the C callbacks below are non-capturing, as C function pointers must be.
final class ErrorCollector {
    static let limit = 50
    let file: String
    var issues: [XMLIssue] = []
    /// Set by the DOCTYPE guard when a document declares a DTD.
    var doctypeRejected: XMLIssue?

    init(file: String) { self.file = file }

    func add(_ error: UnsafePointer<xmlError>) {
        guard issues.count < Self.limit else { return }
        let e = error.pointee
        var message = e.message.map { String(cString: $0) } ?? "unknown XML error"
        while message.last?.isNewline == true || message.last == " " { message.removeLast() }
        issues.append(XMLIssue(file: file, line: Int(e.line), column: Int(e.int2), message: message))
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
