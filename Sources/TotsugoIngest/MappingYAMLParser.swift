import TotsugoCore
import Yams

/// Reads a mapping file (docs/mapping-yaml.md) with Yams. Every problem is reported with
/// the line and column Yams gives; unknown keys, relationships and rationales are errors.
public struct MappingYAMLParser {
    /// Maximum YAML nodes visited (aliases count each time they are used).
    public var nodeBudget: Int

    /// Tests turn this off to compare with reading the whole tree.
    var streaming = true
    /// Files at least this large are read in two halves at once (`readInHalves`); the tests and
    /// the `yaml-halves` fuzz target set it to 0 or `.max` to compare both ways.
    public var halvesMinimumBytes = YAMLSequenceSplit.minimumBytes

    public init(nodeBudget: Int = YAMLNodeReader.defaultBudget) {
        self.nodeBudget = nodeBudget
    }

    static let headerKeys = ["id", "title", "source", "targets", "status", "reviewer"]
    static let entryKeys = ["item", "targets", "proposal", "placement", "note"]
    static let linkKeys = ["ref", "relationship", "rationale", "strength", "note"]
    static let statuses = ["draft", "complete", "not-complete", "deprecated", "superseded"]

    public func parse(_ input: InputFile) throws(DiagnosticError) -> Mapping {
        let file = input.path
        // The plain case is composed straight from libyaml's events, each entry read as soon as
        // it is composed (no tree of the whole file); anything else (syntax errors, anchors,
        // aliases, tags, repeated keys) goes to Yams.
        if streaming, let mapping = try readStreaming(input) { return mapping }
        let text = input.text  // decoded once, for the guard and Yams
        if let bomb = YAMLAliasGuard.check(text, file: file, limit: nodeBudget) {
            throw DiagnosticError(bomb)
        }
        let root: Node
        do {
            // `.basic`: no regex tag resolution (a third of composing); the reader never looks at
            // tags (`string` and `null` read the scalar text), so valid files read the same.
            guard let composed = try Yams.compose(yaml: text, .basic) else {
                throw DiagnosticError(.error(SourceLocation(file: file), "file holds no YAML document"))
            }
            root = composed
        } catch let error as DiagnosticError {
            throw error
        } catch let error as YamlError {
            throw DiagnosticError(Self.diagnostic(error, file: file))
        } catch {
            throw DiagnosticError(.error(SourceLocation(file: file), "cannot read YAML: \(error)"))
        }
        return try readTree(root, file: file)
    }

    private func readTree(_ root: some YAMLReadable, file: String) throws(DiagnosticError) -> Mapping {
        var reader = YAMLNodeReader(file: file, budget: nodeBudget)
        let mapping = try? read(root, &reader) { r, nodes throws(YAMLNodeReader.BudgetExceeded) in
            var entries: [MappingEntry] = []
            for node in nodes {
                if let entry = try readEntry(node, &r) { entries.append(entry) }
            }
            return entries
        }
        return try result(mapping, reader)
    }

    /// The plain case: entries are read while libyaml's events are composed, then the rest of
    /// the file. Diagnostics come in the same order as reading the whole tree would give (the
    /// entries' between the header's); nil when the file needs Yams.
    private func readStreaming(_ input: InputFile) throws(DiagnosticError) -> Mapping? {
        if let mapping = readInHalves(input) { return mapping }
        let composed = input.bytes.withUnsafeBufferPointer { readEntries($0, of: input.path, streaming: .value(of: "entries"), firstLine: 1) }
        var reader = composed.reader
        if composed.exceeded { throw DiagnosticError(.badInput, reader.diagnostics) }
        guard let root = composed.root else { return nil }
        let entryDiagnostics = reader.diagnostics.count
        var placed = false
        let mapping = try? read(root, &reader) { r, _ in
            // Move the entries' diagnostics (recorded first) after the header's read so far.
            r.diagnostics = Array(r.diagnostics[entryDiagnostics...]) + Array(r.diagnostics[..<entryDiagnostics])
            placed = true
            return composed.entries
        }
        if !placed { reader.diagnostics.removeFirst(entryDiagnostics) }  // the tree reader would not have read them
        return try result(mapping, reader)
    }

    /// A large file in the plain layout (`YAMLSequenceSplit`) is read in two halves at once: the
    /// second half of `entries` on a thread of its own while this one reads the first half and
    /// the header. Only when nothing in the file has anything to report and both halves together
    /// stay within the node budget; otherwise nil, and the file is read in one pass, which gives
    /// the same mapping and every diagnostic in its place.
    func readInHalves(_ input: InputFile) -> Mapping? {
        input.bytes.withUnsafeBufferPointer { bytes -> Mapping? in
            guard let cut = YAMLSequenceSplit.find(bytes, key: "entries", minimumBytes: halvesMinimumBytes) else { return nil }
            nonisolated(unsafe) let parser = self
            nonisolated(unsafe) let secondHalf = UnsafeBufferPointer(rebasing: bytes[cut.offset...])
            let file = input.path
            let second = BackgroundValue { parser.readEntries(secondHalf, of: file, streaming: .root, firstLine: cut.line) }
            let first = readEntries(UnsafeBufferPointer(rebasing: bytes[..<cut.offset]), of: file, streaming: .value(of: "entries"), firstLine: 1)
            let rest = second.value
            guard let root = first.root, rest.root != nil, !first.exceeded, !rest.exceeded,
                  first.reader.diagnostics.isEmpty, rest.reader.diagnostics.isEmpty else { return nil }
            var reader = first.reader
            guard let mapping = (try? read(root, &reader) { _, _ in first.entries + rest.entries }) ?? nil,
                  reader.diagnostics.isEmpty, reader.spent + rest.reader.spent <= nodeBudget else { return nil }
            return mapping
        }
    }

    /// `bytes` composed from libyaml's events, each item of the streamed sequence read as an
    /// entry as soon as it is composed.
    private func readEntries(_ bytes: UnsafeBufferPointer<UInt8>, of path: String, streaming: YAMLEventComposer.Streamed,
                             firstLine: Int) -> (root: YAMLEventNode?, entries: [MappingEntry], reader: YAMLNodeReader, exceeded: Bool) {
        var reader = YAMLNodeReader(file: path, budget: nodeBudget)
        var entries: [MappingEntry] = []
        var exceeded = false
        let root = YAMLEventComposer.compose(bytes, streaming: streaming, firstLine: firstLine) { node in
            do throws(YAMLNodeReader.BudgetExceeded) {
                if let entry = try readEntry(node, &reader) { entries.append(entry) }
                return true
            } catch {
                exceeded = true
                return false
            }
        }
        return (root, entries.compacted(), reader, exceeded)
    }

    private func result(_ mapping: Mapping??, _ reader: YAMLNodeReader) throws(DiagnosticError) -> Mapping {
        // `mapping` is nil when the budget ran out (its diagnostic is recorded).
        if let mapping = mapping ?? nil, reader.diagnostics.isEmpty { return mapping }
        throw DiagnosticError(.badInput, reader.diagnostics)
    }

    private func read<N: YAMLReadable>(
        _ root: N, _ r: inout YAMLNodeReader,
        entries readEntries: (inout YAMLNodeReader, [N]) throws(YAMLNodeReader.BudgetExceeded) -> [MappingEntry]
    ) throws(YAMLNodeReader.BudgetExceeded) -> Mapping? {
        guard let top = try r.fields(root, what: "the mapping file", allowed: ["mapping", "entries"], required: ["mapping", "entries"]),
              let headerNode = top["mapping"],
              let header = try r.fields(headerNode, what: "the 'mapping' header", allowed: Self.headerKeys, required: ["id", "source", "targets"])
        else { return nil }
        let id = Normalization.key(try r.string(header["id"], what: "'id'") ?? "")
        let source = Normalization.key(try r.string(header["source"], what: "'source'") ?? "")
        var targets: [String] = []
        for node in try r.sequence(header["targets"], what: "'targets'") ?? [] {
            if let target = try r.string(node, what: "a target catalog id") { targets.append(Normalization.key(target)) }
        }
        if targets.isEmpty, let node = header["targets"] { r.error(node, "'targets' must name at least one target catalog") }
        let status = Normalization.key(try r.string(header["status"], what: "'status'") ?? "draft")
        if !Self.statuses.contains(status), let node = header["status"] {
            r.error(node, "unknown status '\(status)' (expected \(Self.statuses.joined(separator: ", ")))")
        }
        let entries = try readEntries(&r, try r.sequence(top["entries"], what: "'entries'") ?? [])
        return Mapping(
            id: id,
            title: try r.string(header["title"], what: "'title'").map(Normalization.display),
            source: source,
            targets: targets,
            status: status,
            reviewer: try r.string(header["reviewer"], what: "'reviewer'").map(Normalization.display).flatMap { $0.isEmpty ? nil : $0 },
            entries: entries,
            location: r.location(root))
    }

    private func readEntry<N: YAMLReadable>(_ node: N, _ r: inout YAMLNodeReader) throws(YAMLNodeReader.BudgetExceeded) -> MappingEntry? {
        guard let fields = try r.fields(node, what: "an entry", allowed: Self.entryKeys, required: ["item", "targets"]),
              let item = try r.string(fields["item"], what: "'item'")
        else { return nil }
        var links: [MappingLink] = []
        let linkNodes = try r.sequence(fields["targets"], what: "'targets'") ?? []
        links.reserveCapacity(linkNodes.count)  // exact: a grown array kept up to twice the room
        for linkNode in linkNodes {
            if let link = try readLink(linkNode, &r) { links.append(link) }
        }
        var placement: ItemReference?
        if let placementNode = fields["placement"], let raw = try r.string(placementNode, what: "'placement'") {
            placement = ItemReference(parsing: raw)
            if placement?.item == nil { r.error(placementNode, "placement must be 'catalog-id:item-id'") }
        }
        return MappingEntry(
            item: Normalization.key(item),
            writtenItem: item,
            links: links,
            proposal: try r.string(fields["proposal"], what: "'proposal'").map(Normalization.block).flatMap { $0.isEmpty ? nil : $0 },
            placement: placement,
            note: try r.string(fields["note"], what: "'note'").map(Normalization.block).flatMap { $0.isEmpty ? nil : $0 },
            location: fields["item"].map { r.location($0) } ?? r.location(node))
    }

    private func readLink<N: YAMLReadable>(_ node: N, _ r: inout YAMLNodeReader) throws(YAMLNodeReader.BudgetExceeded) -> MappingLink? {
        guard let fields = try r.fields(node, what: "a target", allowed: Self.linkKeys, required: ["ref", "relationship"]),
              let refNode = fields["ref"], let relationshipNode = fields["relationship"],
              let rawRef = try r.string(refNode, what: "'ref'"),
              let rawRelationship = try r.string(relationshipNode, what: "'relationship'")
        else { return nil }
        guard let reference = ItemReference(parsing: rawRef) else {
            r.error(refNode, "'ref' must be 'catalog-id:item-id'")
            return nil
        }
        guard let relationship = Relationship(parsing: rawRelationship) else {
            let known = Relationship.allCases.map(\.rawValue)
            let hint = Suggestion.nearest(to: Normalization.key(rawRelationship), in: known).map { " (did you mean '\($0)'?)" } ?? ""
            r.error(relationshipNode, "unknown relationship '\(rawRelationship)'\(hint); expected one of \(known.joined(separator: ", "))")
            return nil
        }
        if reference.item == nil && relationship != .noRelationship {
            r.error(refNode, "'\(rawRef)' names a whole catalog; that is only allowed with relationship no-relationship")
        }
        var rationale: Rationale?
        if let rationaleNode = fields["rationale"], let raw = try r.string(rationaleNode, what: "'rationale'") {
            rationale = Rationale(rawValue: Normalization.key(raw))
            if rationale == nil { r.error(rationaleNode, "unknown rationale '\(raw)' (expected syntactic, semantic or functional)") }
        }
        var strength: Int?
        if let strengthNode = fields["strength"], let raw = try r.string(strengthNode, what: "'strength'") {
            strength = Int(raw)
            if strength == nil || !(0...10).contains(strength!) {
                r.error(strengthNode, "strength must be a whole number from 0 to 10 (NIST IR 8477), not '\(raw)'")
            }
        }
        return MappingLink(
            target: reference,
            relationship: relationship,
            rationale: rationale,
            strength: strength,
            note: try r.string(fields["note"], what: "'note'").map(Normalization.display),
            location: r.location(refNode))
    }

    static func diagnostic(_ error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return .error(SourceLocation(file: file, line: mark.line, column: mark.column), "YAML syntax error: \(prefix)\(problem)")
        case .reader(let problem, _, _, _):
            return .error(SourceLocation(file: file), "YAML cannot be read: \(problem)")
        default:
            return .error(SourceLocation(file: file), "YAML error: \(error)")
        }
    }
}
