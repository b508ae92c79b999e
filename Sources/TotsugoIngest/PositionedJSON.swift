import TotsugoCore

/// A JSON value with the line and column where it starts, for readers that must name the
/// place of every problem (`file:line:col`). Foundation's JSONSerialization keeps no
/// positions, hence this small parser (RFC 8259, strict: no comments, no trailing commas,
/// no NaN, no duplicate keys, no lone surrogates), bounded in nesting depth and in values.
public struct PositionedJSON: Sendable {
    public indirect enum Value: Sendable {
        case null
        case bool(Bool)
        /// The number as written (OSCAL numbers are few; the reader converts what it needs).
        case number(String)
        case string(String)
        case array([PositionedJSON])
        /// Members in document order.
        case object([Member])
    }

    public struct Member: Sendable {
        public var key: String
        public var keyLine: Int
        public var keyColumn: Int
        public var value: PositionedJSON
    }

    public var value: Value
    public var line: Int
    public var column: Int

    /// The member `key` of an object (nil when absent or not an object).
    public subscript(key: String) -> PositionedJSON? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Limits of the parser: nesting depth and the number of values (a hostile file cannot
    /// exhaust the stack or build an unbounded tree beyond what its size allows).
    public struct Limits: Sendable {
        public var maxDepth: Int
        public var maxValues: Int
        public init(maxDepth: Int = 128, maxValues: Int = 20_000_000) {
            self.maxDepth = maxDepth
            self.maxValues = maxValues
        }
    }

    /// Parses `bytes` (UTF-8, already checked by `InputFile`); a syntax error is one
    /// diagnostic at its line and column.
    public static func parse(_ bytes: [UInt8], file: String, limits: Limits = Limits()) throws(DiagnosticError) -> PositionedJSON {
        var parser = Parser(bytes: bytes, file: file, limits: limits)
        return try parser.document()
    }

    struct Parser {
        let bytes: [UInt8]
        let file: String
        let limits: Limits
        var index = 0
        var line = 1
        /// Index of the first byte of the current line (columns count characters, not bytes).
        var lineStart = 0
        var values = 0

        init(bytes: [UInt8], file: String, limits: Limits) {
            self.bytes = bytes
            self.file = file
            self.limits = limits
        }

        /// Where the column was last counted (a minified file is one long line: counting from
        /// the line start each time would be quadratic).
        var countedIndex = 0
        var countedColumn = 1

        /// The column of `index`: characters (UTF-8 lead bytes) from the line start.
        mutating func currentColumn() -> Int {
            if countedIndex < lineStart || countedIndex > index {
                countedIndex = lineStart
                countedColumn = 1
            }
            while countedIndex < index {
                if bytes[countedIndex] & 0xC0 != 0x80 { countedColumn += 1 }
                countedIndex += 1
            }
            return countedColumn
        }

        func location(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }

        mutating func fail(_ message: String) -> DiagnosticError {
            DiagnosticError(.error(location(line, currentColumn()), message))
        }

        mutating func document() throws(DiagnosticError) -> PositionedJSON {
            skipSpace()
            let value = try parseValue(depth: 0)
            skipSpace()
            guard index == bytes.count else { throw fail("unexpected text after the JSON value") }
            return value
        }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0D: index += 1
                case 0x0A:
                    index += 1
                    line += 1
                    lineStart = index
                default: return
                }
            }
        }

        mutating func parseValue(depth: Int) throws(DiagnosticError) -> PositionedJSON {
            guard depth < limits.maxDepth else { throw fail("JSON nested deeper than \(limits.maxDepth) levels") }
            values += 1
            guard values <= limits.maxValues else { throw fail("more than \(limits.maxValues) JSON values") }
            guard index < bytes.count else { throw fail("unexpected end of file: a value was expected") }
            let (startLine, startColumn) = (line, currentColumn())
            func made(_ value: Value) -> PositionedJSON { PositionedJSON(value: value, line: startLine, column: startColumn) }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [Member] = []
                var seen: [String: (Int, Int)] = [:]
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return made(.object(members)) }
                while true {
                    skipSpace()
                    if !members.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "}") { throw fail("a ',' before '}' (JSON allows no trailing comma)") }
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("a member name (a string in double quotes) was expected") }
                    let (keyLine, keyColumn) = (line, currentColumn())
                    let key = try parseString()
                    if let first = seen[key] {
                        throw DiagnosticError(.error(location(keyLine, keyColumn), "'\(key)' is given twice in this object (first at line \(first.0))"))
                    }
                    seen[key] = (keyLine, keyColumn)
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("':' was expected after the member name") }
                    index += 1
                    skipSpace()
                    let value = try parseValue(depth: depth + 1)
                    members.append(Member(key: key, keyLine: keyLine, keyColumn: keyColumn, value: value))
                    skipSpace()
                    guard index < bytes.count else { throw fail("unexpected end of file: ',' or '}' was expected") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return made(.object(members)) }
                    throw fail("',' or '}' was expected")
                }
            case UInt8(ascii: "["):
                index += 1
                var elements: [PositionedJSON] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return made(.array(elements)) }
                while true {
                    skipSpace()
                    if !elements.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "]") { throw fail("a ',' before ']' (JSON allows no trailing comma)") }
                    elements.append(try parseValue(depth: depth + 1))
                    skipSpace()
                    guard index < bytes.count else { throw fail("unexpected end of file: ',' or ']' was expected") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return made(.array(elements)) }
                    throw fail("',' or ']' was expected")
                }
            case UInt8(ascii: "\""):
                return made(.string(try parseString()))
            case UInt8(ascii: "t"):
                try literal("true")
                return made(.bool(true))
            case UInt8(ascii: "f"):
                try literal("false")
                return made(.bool(false))
            case UInt8(ascii: "n"):
                try literal("null")
                return made(.null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return made(.number(try parseNumber()))
            default:
                throw fail("a JSON value was expected")
            }
        }

        mutating func literal(_ word: String) throws(DiagnosticError) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw fail("a JSON value was expected")
            }
            index += expected.count
        }

        mutating func parseNumber() throws(DiagnosticError) -> String {
            let start = index
            func digits() -> Int {
                let from = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                return index - from
            }
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count else { throw fail("a number was expected") }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else if digits() == 0 {
                throw fail("a number was expected")
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw fail("digits were expected after '.'") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw fail("digits were expected in the exponent") }
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func parseString() throws(DiagnosticError) -> String {
            index += 1  // opening quote
            var out: [UInt8] = []
            while true {
                guard index < bytes.count else { throw fail("unexpected end of file inside a string") }
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { throw fail("unexpected end of file inside a string") }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                                throw fail("a lone surrogate \\u\(String(scalar, radix: 16)) is not a character")
                            }
                            index += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw fail("a lone surrogate \\u\(String(scalar, radix: 16)) is not a character") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            throw fail("a lone surrogate \\u\(String(scalar, radix: 16)) is not a character")
                        }
                        out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
                    default:
                        throw fail("unknown escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
                    }
                case 0x00..<0x20:
                    throw fail("a control character (U+\(String(byte, radix: 16, uppercase: true))) inside a string must be escaped")
                default:
                    out.append(byte)
                    index += 1
                }
            }
        }

        mutating func hex4() throws(DiagnosticError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("four hex digits were expected after \\u") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 0x30)
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 0x61 + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 0x41 + 10)
                default: throw fail("four hex digits were expected after \\u")
                }
                value = value * 16 + digit
                index += 1
            }
            return value
        }
    }
}
