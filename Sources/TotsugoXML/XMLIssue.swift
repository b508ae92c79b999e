/// A problem reported by libxml2 (parser or schema validator), with the position it gave.
public struct XMLIssue: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when libxml2 did not know.
    public var line: Int
    /// 1-based; 0 when libxml2 did not know (schema errors carry no column).
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Thrown when parsing or validation fails; carries every issue libxml2 reported (capped).
public struct XMLFailure: Error, Sendable {
    public var issues: [XMLIssue]
    public init(issues: [XMLIssue]) { self.issues = issues }
}
