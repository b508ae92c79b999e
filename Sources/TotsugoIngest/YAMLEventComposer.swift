import CYaml
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
/// objects, tags or duplicate-key hashing of whole nodes, and a smaller tree. Only the plain
/// case is handled here: one document without anchors, aliases, explicit tags, non-scalar keys
/// or repeated keys, and no syntax error. Anything else returns nil and the caller composes with
/// Yams, so every diagnostic (syntax errors, duplicate keys, documents) stays Yams' own.
///
/// Streaming: with `streaming: .value(of: key)`, each item of the sequence under that top-level
/// key (the mapping file's `entries`) is handed to `item` as soon as it is composed and is not
/// kept, so the whole file never exists as a tree; the sequence is left empty in the returned
/// root. `.root` does the same with a document that is one sequence (the second half of a file
/// split by `YAMLSequenceSplit`). `item` returns false to stop. The caller must be ready to drop
/// what it read from items if `compose` returns nil (the file then goes to Yams from the start).
enum YAMLEventComposer {
    enum Streamed {
        case none
        case value(of: String)
        case root
    }

    static func compose(_ bytes: [UInt8], streaming key: String? = nil,
                        item: (YAMLEventNode) -> Bool = { _ in true }) -> YAMLEventNode? {
        bytes.withUnsafeBufferPointer { compose($0, streaming: key.map(Streamed.value) ?? .none, item: item) }
    }

    /// `firstLine`: the line number of the first byte (the lines of a file's second half).
    static func compose(_ bytes: UnsafeBufferPointer<UInt8>, streaming: Streamed, firstLine: Int = 1,
                        item: (YAMLEventNode) -> Bool) -> YAMLEventNode? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, base, bytes.count)
        return walk(&parser, streaming: streaming, firstLine: firstLine, item: item)
    }

    static func compose(_ text: String) -> YAMLEventNode? {
        compose(Array(text.utf8))
    }

    private struct Frame {
        var isMapping: Bool
        var row: Int32
        var col: Int32
        var children: [YAMLEventNode] = []
        /// Items go to the streaming callback instead of `children`.
        var streams = false
    }

    private static func walk(_ parser: inout yaml_parser_t, streaming: Streamed, firstLine: Int,
                             item: (YAMLEventNode) -> Bool) -> YAMLEventNode? {
        var stack: [Frame] = []
        var root: YAMLEventNode?
        var documents = 0
        var event = yaml_event_t()
        var stopped = false
        func add(_ node: YAMLEventNode) -> Bool {
            if stack.isEmpty {
                guard root == nil else { return false }
                root = node
            } else if stack[stack.count - 1].streams {
                if !item(node) { stopped = true }
                return !stopped
            } else {
                stack[stack.count - 1].children.append(node)
            }
            return true
        }
        /// True when a sequence starting now is the one streamed.
        func isStreamedSequence() -> Bool {
            switch streaming {
            case .none: return false
            case .root: return stack.isEmpty
            case .value(of: let key):
                guard stack.count == 1, stack[0].isMapping, stack[0].children.count % 2 == 1 else { return false }
                return stack[0].children.last?.text == key
            }
        }
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let row = Int32(clamping: Int(event.start_mark.line) + firstLine)
            let col = Int32(clamping: Int(event.start_mark.column) + 1)
            switch event.type {
            case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
                continue
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 { return nil }
            case YAML_STREAM_END_EVENT:
                return documents == 1 && stack.isEmpty ? root : nil
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                guard scalar.anchor == nil, scalar.tag == nil else { return nil }
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE
                guard add(YAMLEventNode(kind: .scalar(text, plain: plain), row: row, col: col)) else { return nil }
            case YAML_SEQUENCE_START_EVENT:
                guard event.data.sequence_start.anchor == nil, event.data.sequence_start.tag == nil else { return nil }
                stack.append(Frame(isMapping: false, row: row, col: col, streams: isStreamedSequence()))
            case YAML_MAPPING_START_EVENT:
                guard event.data.mapping_start.anchor == nil, event.data.mapping_start.tag == nil else { return nil }
                stack.append(Frame(isMapping: true, row: row, col: col))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast(), frame.isMapping == (event.type == YAML_MAPPING_END_EVENT) else { return nil }
                let node: YAMLEventNode
                if frame.isMapping {
                    guard let pairs = pairs(frame.children) else { return nil }
                    node = YAMLEventNode(kind: .mapping(pairs), row: frame.row, col: frame.col)
                } else {
                    node = YAMLEventNode(kind: .sequence(frame.children), row: frame.row, col: frame.col)
                }
                guard add(node) else { return nil }
            default:
                return nil  // aliases, and anything unexpected
            }
        }
    }

    /// Keys and values paired; nil when a key is not a scalar or repeats (String equality, as
    /// Yams compares keys), which Yams then reports.
    private static func pairs(_ children: [YAMLEventNode]) -> [(YAMLEventNode, YAMLEventNode)]? {
        guard children.count % 2 == 0 else { return nil }
        var pairs: [(YAMLEventNode, YAMLEventNode)] = []
        pairs.reserveCapacity(children.count / 2)
        var keys: [String] = []
        var keySet: Set<String> = []
        let many = children.count > 32
        for k in stride(from: 0, to: children.count, by: 2) {
            guard let key = children[k].text else { return nil }
            if many {
                guard keySet.insert(key).inserted else { return nil }
            } else {
                if keys.contains(key) { return nil }
                keys.append(key)
            }
            pairs.append((children[k], children[k + 1]))
        }
        return pairs
    }
}
