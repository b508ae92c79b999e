import CYaml
import TotsugoCore

/// A pass over libyaml's events before Yams composes the document, bounding what composing
/// costs. Yams checks every mapping for duplicate keys by hashing (and comparing) the whole
/// key node; a key that is an alias of a nested alias bomb is hashed through its full
/// expansion — exponential time inside `Yams.compose`, before the node budget of
/// `YAMLNodeReader` can act (found by `make fuzz`). This pass computes each node's expanded
/// size (aliases counted by the size of their anchor) and fails when the expanded sizes of all
/// mapping keys add up past the limit. Values are not counted here: composing shares them, and
/// the reader's budget bounds walking them. Syntax errors are left to Yams (its messages).
enum YAMLAliasGuard {
    /// Nil when composing is bounded, else a positioned diagnostic.
    static func check(_ text: String, file: String, limit: Int) -> Diagnostic? {
        // Without `*` there is no alias, and keys cost no more than the text they are written in.
        guard text.utf8.contains(UInt8(ascii: "*")) else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> Diagnostic? in
            guard let base = buffer.baseAddress else { return nil }
            yaml_parser_set_input_string(&parser, base, buffer.count)
            return walk(&parser, file: file, limit: limit)
        }
    }

    private struct Frame {
        var anchor: String?
        var isMapping: Bool
        var size = 1
        var children = 0
    }

    private static func walk(_ parser: inout yaml_parser_t, file: String, limit: Int) -> Diagnostic? {
        var anchors: [String: Int] = [:]
        var stack: [Frame] = []
        var keyTotal = 0
        var event = yaml_event_t()
        func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }
        /// Adds a finished node of `size` to its parent; true when the key total passes the limit.
        func add(_ size: Int) -> Bool {
            guard !stack.isEmpty else { return false }
            let isKey = stack[stack.count - 1].isMapping && stack[stack.count - 1].children % 2 == 0
            stack[stack.count - 1].children += 1
            stack[stack.count - 1].size = min(stack[stack.count - 1].size + size, Int.max / 4)
            if isKey {
                keyTotal = min(keyTotal + size, Int.max / 4)
                return keyTotal > limit
            }
            return false
        }
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let mark = event.start_mark
            var exceeded = false
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_SCALAR_EVENT:
                if let anchor = name(event.data.scalar.anchor) { anchors[anchor] = 1 }
                exceeded = add(1)
            case YAML_ALIAS_EVENT:
                exceeded = add(name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1)
            case YAML_SEQUENCE_START_EVENT:
                stack.append(Frame(anchor: name(event.data.sequence_start.anchor), isMapping: false))
            case YAML_MAPPING_START_EVENT:
                stack.append(Frame(anchor: name(event.data.mapping_start.anchor), isMapping: true))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { return nil }
                if let anchor = frame.anchor { anchors[anchor] = frame.size }
                exceeded = add(frame.size)
            default:
                break
            }
            if exceeded {
                return .error(SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1),
                              "mapping keys expand to more than \(limit) YAML nodes through aliases (alias bomb?); the limit is --max-yaml-nodes")
            }
        }
    }
}
