import CYaml
import TotsugoCore
import Yams

/// What the mapping reader needs of a YAML node: its position, its shape, its text. Yams'
/// `Node` has it, and so does the lean `YAMLEventNode` composed straight from libyaml events.
protocol YAMLReadable {
    var line: Int? { get }
    var column: Int? { get }
    /// Key/value pairs of a mapping node, else nil.
    var pairs: [(Self, Self)]? { get }
    /// Items of a sequence node, else nil.
    var items: [Self]? { get }
    var isScalar: Bool { get }
    /// A plain scalar spelled as null (`~`, `null`, empty): Yams' `node.null != nil`.
    var isNull: Bool { get }
    /// Yams' `node.string`.
    var text: String? { get }
}

extension Node: YAMLReadable {
    var line: Int? { mark?.line }
    var column: Int? { mark?.column }
    var pairs: [(Node, Node)]? {
        guard case .mapping(let mapping) = self else { return nil }
        return mapping.map { ($0.key, $0.value) }
    }
    var items: [Node]? {
        guard case .sequence(let sequence) = self else { return nil }
        return Array(sequence)
    }
    var isScalar: Bool {
        if case .scalar = self { return true }
        return false
    }
    var isNull: Bool { null != nil }
    var text: String? { string }
}

/// A YAML node as the mapping reader needs it, without Yams' tags, styles and anchors.
struct YAMLEventNode: YAMLReadable, Sendable {
    enum Kind {
        case scalar(String, plain: Bool)
        case sequence([YAMLEventNode])
        case mapping([(YAMLEventNode, YAMLEventNode)])
    }
    var kind: Kind
    var row: Int32
    var col: Int32

    var line: Int? { Int(row) }
    var column: Int? { Int(col) }
    var pairs: [(YAMLEventNode, YAMLEventNode)]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }
    var items: [YAMLEventNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }
    var isScalar: Bool {
        if case .scalar = kind { return true }
        return false
    }
    /// As Yams' `NSNull.construct`: plain style only.
    var isNull: Bool {
        guard case .scalar(let text, plain: true) = kind else { return false }
        switch text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
    var text: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }
}

/// Composes a mapping file from libyaml's events into `YAMLEventNode`s: no Yams `Event`
/// objects, tags or duplicate-key hashing of whole nodes, and a smaller tree. This is the only
/// composer of mapping files: anchors and aliases (an alias shares its anchor's node, so it costs
/// one node here; the reader counts its expansion), tags (ignored: the reader reads a scalar's
/// text and plain-null-ness, as Yams' `string` and `null` do), and every error is reported here
/// with its own position: syntax errors (libyaml's messages, as Yams words them), a repeated or
/// non-scalar key, an undefined alias, several documents, and more than `limit` nodes. Nodes
/// are counted as they are composed, so no file builds a tree of more than `limit` nodes.
///
/// Streaming: with `streaming: key`, each item of the sequence under that top-level key (the
/// mapping file's `entries`) is handed to `item` as soon as it is composed and is not kept, so
/// the whole file never exists as a tree; the sequence is left empty in the returned root.
/// `item` returns false to stop. A streamed sequence with an anchor is kept whole (an alias may
/// name it).
enum YAMLEventComposer {
    /// What composing gave: the root, or the diagnostic that stopped it, or `stopped` when
    /// `item` returned false. `nodes`: how many nodes were composed (aliases one each).
    struct Composed {
        var root: YAMLEventNode?
        var diagnostic: Diagnostic?
        var stopped = false
        var nodes = 0
    }

    /// Keys longer than this are cut in diagnostics (a key can be megabytes long).
    static let keyShown = 60

    static func compose(_ bytes: [UInt8], streaming key: String? = nil, limit: Int = InputLimits.defaultMaxYAMLNodes,
                        item: (YAMLEventNode) -> Bool = { _ in true }) -> YAMLEventNode? {
        composed(bytes, streaming: key, limit: limit, item: item).root
    }

    static func composed(_ bytes: [UInt8], file: String = "m.yaml", streaming key: String? = nil, limit: Int = InputLimits.defaultMaxYAMLNodes,
                         item: (YAMLEventNode) -> Bool = { _ in true }) -> Composed {
        bytes.withUnsafeBufferPointer { compose($0, file: file, streaming: key, limit: limit, item: item) }
    }

    static func compose(_ bytes: UnsafeBufferPointer<UInt8>, file: String, streaming key: String?,
                        limit: Int, item: (YAMLEventNode) -> Bool) -> Composed {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            return Composed(diagnostic: .error(SourceLocation(file: file, line: 1), "file holds no YAML document"))
        }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return Composed(diagnostic: .error(SourceLocation(file: file, line: 1), "YAML error: cannot start the YAML parser"))
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, base, bytes.count)
        return walk(&parser, bytes: bytes, file: file, streaming: key, limit: limit, item: item)
    }

    static func compose(_ text: String) -> YAMLEventNode? {
        compose(Array(text.utf8))
    }

    private struct Frame {
        var isMapping: Bool
        var row: Int32
        var col: Int32
        var anchor: String?
        var children: [YAMLEventNode] = []
        /// Items go to the streaming callback instead of `children`.
        var streams = false
        /// A mapping's keys, for repeats once there are many (a linear search of the keys
        /// among `children` while there are few).
        var keySet: Set<String> = []
    }

    /// A key as diagnostics show it: cut after `keyShown` characters.
    static func shown(_ key: String) -> String {
        var out = ""
        for (index, ch) in key.enumerated() {
            if index == keyShown { return out + "…" }
            out.append(ch)
        }
        return out
    }

    /// The composer's open collections and what it has composed so far.
    private struct WalkState {
        var stack: [Frame] = []
        var result = Composed()
        let limit: Int

        init(limit: Int) { self.limit = limit }

        /// Adds a finished node; a diagnostic (at the node's own start) when it is a key that is
        /// not a scalar or repeats.
        mutating func add(_ node: YAMLEventNode, item: (YAMLEventNode) -> Bool) -> String? {
            guard !stack.isEmpty else {
                result.root = node
                return nil
            }
            let top = stack.count - 1
            if stack[top].streams {
                if !item(node) { result.stopped = true }
                return nil
            }
            if stack[top].isMapping && stack[top].children.count % 2 == 0 {
                guard let key = node.text else { return "a mapping key must be a single value, not a list or mapping" }
                // The keys so far are the mapping's even children (no copy of them is kept).
                let first = stack[top].children.count / 2
                if first < 32 {
                    if let repeated = Self.firstKey(key, in: stack[top].children) {
                        let original = stack[top].children[repeated]
                        return "duplicate key '\(shown(key))' (first at line \(original.row), column \(original.col))"
                    }
                    if first == 31 {
                        var keySet: Set<String> = [key]
                        for k in stride(from: 0, to: stack[top].children.count, by: 2) { keySet.insert(stack[top].children[k].text ?? "") }
                        stack[top].keySet = keySet
                    }
                } else if !stack[top].keySet.insert(key).inserted {
                    let original = stack[top].children[Self.firstKey(key, in: stack[top].children) ?? 0]
                    return "duplicate key '\(shown(key))' (first at line \(original.row), column \(original.col))"
                }
            }
            stack[top].children.append(node)
            return nil
        }

        static func firstKey(_ key: String, in children: [YAMLEventNode]) -> Int? {
            stride(from: 0, to: children.count, by: 2).first { children[$0].text == key }
        }

        /// One more node; false past the limit.
        mutating func count() -> Bool {
            result.nodes += 1
            return result.nodes <= limit
        }
    }

    private static func walk(_ parser: inout yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, file: String, streaming key: String?,
                             limit: Int, item: (YAMLEventNode) -> Bool) -> Composed {
        var anchors: [String: YAMLEventNode] = [:]
        var documents = 0
        var event = yaml_event_t()
        func location(_ mark: yaml_mark_t) -> SourceLocation {
            SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        }
        func fail(_ mark: yaml_mark_t, _ message: String) -> Composed {
            var failed = state.result
            failed.root = nil
            failed.diagnostic = .error(location(mark), message)
            return failed
        }
        func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }
        // The open collections and the result are fields of one struct with mutating methods,
        // not variables captured by local functions: captured, every append went through a
        // dynamic exclusivity check (≈ 35 M instructions at 10k rows).
        var state = WalkState(limit: limit)
        func isStreamedSequence() -> Bool {
            guard let key, state.stack.count == 1, state.stack[0].isMapping, state.stack[0].children.count % 2 == 1 else { return false }
            return state.stack[0].children.last?.text == key
        }
        let tooMany = "too many YAML nodes: more than \(limit) in this file; the limit is \(limit) nodes (--max-yaml-nodes)"
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                var failed = state.result
                failed.root = nil
                failed.diagnostic = syntaxError(parser, file: file, bytes: bytes)
                return failed
            }
            defer { yaml_event_delete(&event) }
            let mark = event.start_mark
            let row = Int32(clamping: Int(mark.line) + 1)
            let col = Int32(clamping: Int(mark.column) + 1)
            var problem: String?
            var problemRow = row, problemCol = col
            switch event.type {
            case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
                continue
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    return fail(mark, "YAML syntax error: expected a single document in the stream but found another document")
                }
            case YAML_STREAM_END_EVENT:
                if documents == 0 { return fail(mark, "file holds no YAML document") }
                return state.result
            case YAML_SCALAR_EVENT:
                guard state.count() else { return fail(mark, tooMany) }
                let scalar = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE
                let node = YAMLEventNode(kind: .scalar(text, plain: plain), row: row, col: col)
                if let anchor = name(scalar.anchor) { anchors[anchor] = node }
                problem = state.add(node, item: item)
            case YAML_ALIAS_EVENT:
                guard state.count() else { return fail(mark, tooMany) }
                let anchor = name(event.data.alias.anchor) ?? ""
                guard let node = anchors[anchor] else { return fail(mark, "YAML syntax error: found undefined alias '*\(shown(anchor))'") }
                problem = state.add(node, item: item)
            case YAML_SEQUENCE_START_EVENT:
                guard state.count() else { return fail(mark, tooMany) }
                let anchor = name(event.data.sequence_start.anchor)
                state.stack.append(Frame(isMapping: false, row: row, col: col, anchor: anchor, streams: anchor == nil && isStreamedSequence()))
            case YAML_MAPPING_START_EVENT:
                guard state.count() else { return fail(mark, tooMany) }
                state.stack.append(Frame(isMapping: true, row: row, col: col, anchor: name(event.data.mapping_start.anchor)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = state.stack.popLast() else { return fail(mark, "YAML syntax error: unexpected end of a collection") }
                let node: YAMLEventNode
                if frame.isMapping {
                    var pairs: [(YAMLEventNode, YAMLEventNode)] = []
                    pairs.reserveCapacity(frame.children.count / 2)
                    for k in stride(from: 0, to: frame.children.count - 1, by: 2) {
                        pairs.append((frame.children[k], frame.children[k + 1]))
                    }
                    node = YAMLEventNode(kind: .mapping(pairs), row: frame.row, col: frame.col)
                } else {
                    node = YAMLEventNode(kind: .sequence(frame.children), row: frame.row, col: frame.col)
                }
                if let anchor = frame.anchor { anchors[anchor] = node }
                (problemRow, problemCol) = (frame.row, frame.col)
                problem = state.add(node, item: item)
            default:
                continue
            }
            if let problem {
                var failed = state.result
                failed.root = nil
                failed.diagnostic = .error(SourceLocation(file: file, line: Int(problemRow), column: Int(problemCol)), problem)
                return failed
            }
            if state.result.stopped { return state.result }
        }
    }

    /// libyaml's error as Yams words it (`YamlError(from:)` and `MappingYAMLParser.diagnostic`).
    static func syntaxError(_ parser: yaml_parser_t, file: String, bytes: UnsafeBufferPointer<UInt8>? = nil) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR, YAML_COMPOSER_ERROR:
            let context = parser.context.map { String(cString: $0) + " " } ?? ""
            let mark = parser.problem_mark
            return .error(SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1),
                          "YAML syntax error: \(context)\(problem)")
        case YAML_MEMORY_ERROR:
            return .error(SourceLocation(file: file, line: 1), "YAML error: out of memory")
        default:
            // A reader error (a control character, bad UTF-8) has a byte offset, no mark:
            // placed at its line and column rather than at the file's start.
            var location = SourceLocation(file: file, line: 1)
            if let bytes, Int(parser.problem_offset) <= bytes.count {
                let offset = Int(parser.problem_offset)
                var line = 1
                var lineStart = 0
                for i in 0..<offset where bytes[i] == 0x0A {
                    line += 1
                    lineStart = i + 1
                }
                let column = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<offset]), as: UTF8.self).count + 1
                location = SourceLocation(file: file, line: line, column: column)
            }
            var message = "YAML cannot be read: \(problem)"
            if parser.problem_value >= 0, parser.problem_value < 0x110000 {
                message += String(format: " (U+%04X)", parser.problem_value)
            }
            return .error(location, message)
        }
    }
}
