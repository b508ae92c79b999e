import TotsugoCore
import Yams

/// Reads a mapping file (docs/mapping-yaml.md) in one streamed pass over libyaml's events (the
/// libyaml that Yams ships), with no tree of the whole file. Every problem is reported with the
/// line and column libyaml gives, worded as Yams words it; unknown keys, relationships and
/// rationales are errors.
public struct MappingYAMLParser: Sendable {
    /// Maximum YAML nodes visited (aliases count each time they are used).
    public var nodeBudget: Int

    /// Tests turn this off to compare with reading the whole tree.
    var streaming = true

    public init(nodeBudget: Int = InputLimits.defaultMaxYAMLNodes) {
        self.nodeBudget = nodeBudget
    }

    static let headerKeys = ["id", "title", "source", "targets", "status", "reviewer"]
    static let entryKeys = ["item", "targets", "proposal", "placement", "note"]
    static let linkKeys = ["ref", "relationship", "rationale", "strength", "note"]
    static let statuses = ["draft", "complete", "not-complete", "deprecated", "superseded"]

    public func parse(_ input: InputFile) throws(DiagnosticError) -> Mapping {
        // Composed straight from libyaml's events (`YAMLEventComposer`, counting nodes as it
        // goes), each entry read as soon as it is composed: no tree of the whole file.
        if streaming { return try readStreaming(input) }
        return try readWithYams(input)
    }

    /// Yams' node tree, for the tests to compare with (`streaming = false`). The file is first
    /// composed and its entries read in one pass as `parse` does, which finds what stops a file
    /// (the node limit, the read budget, repeated and non-scalar keys, undefined aliases, syntax,
    /// several documents) the same way, so Yams never composes more than the node limit; only
    /// a file that passes is composed by Yams, and that tree is read.
    func readWithYams(_ input: InputFile) throws(DiagnosticError) -> Mapping {
        let file = input.path
        let check = readEntries(input)
        if check.exceeded { throw DiagnosticError(.badInput, check.reader.diagnostics) }
        if let diagnostic = check.composed.diagnostic { throw DiagnosticError(diagnostic) }
        let root: Node
        do {
            // `.basic`: no regex tag resolution; the reader never looks at tags.
            guard let composed = try Yams.compose(yaml: input.text, .basic) else {
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

    /// Entries are read while libyaml's events are composed, then the rest of the file.
    /// Diagnostics come in the same order as reading the whole tree would give (the entries'
    /// between the header's). A composing error (syntax, repeated key, node limit…) is the
    /// file's one diagnostic, as it would be from Yams.
    private func readStreaming(_ input: InputFile) throws(DiagnosticError) -> Mapping {
        let composed = readEntries(input)
        var reader = composed.reader
        if composed.exceeded { throw DiagnosticError(.badInput, reader.diagnostics) }
        if let diagnostic = composed.composed.diagnostic { throw DiagnosticError(diagnostic) }
        guard let root = composed.composed.root else {
            throw DiagnosticError(.error(SourceLocation(file: input.path), "file holds no YAML document"))
        }
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

    /// The file composed from libyaml's events, each item of `entries` read as an entry as soon
    /// as it is composed.
    private func readEntries(_ input: InputFile) -> (composed: YAMLEventComposer.Composed, entries: [MappingEntry], reader: YAMLNodeReader, exceeded: Bool) {
        var reader = YAMLNodeReader(file: input.path, budget: nodeBudget)
        var entries: [MappingEntry] = []
        var exceeded = false
        let composed = input.bytes.withUnsafeBufferPointer { bytes in
            YAMLEventComposer.compose(bytes, file: input.path, streaming: "entries", limit: nodeBudget) { node in
                do throws(YAMLNodeReader.BudgetExceeded) {
                    if let entry = try readEntry(node, &reader) { entries.append(entry) }
                    return true
                } catch {
                    exceeded = true
                    return false
                }
            }
        }
        return (composed, entries.compacted(), reader, exceeded)
    }

    private func result(_ mapping: Mapping??, _ reader: YAMLNodeReader) throws(DiagnosticError) -> Mapping {
        // `mapping` is nil when the budget ran out (its diagnostic is recorded).
        if let mapping = mapping ?? nil, reader.diagnostics.isEmpty { return mapping }
        var error = DiagnosticError(.badInput, reader.diagnostics)
        // Errors in entries or links (an unknown relationship, a misspelled key): the rest can
        // still be checked against the catalogs. Not when the header names no catalogs to check
        // against, or reading stopped (a limit, too many errors).
        if let mapping = mapping ?? nil, !mapping.source.isEmpty, !mapping.targets.isEmpty,
           !reader.diagnostics.contains(where: { $0.message.hasPrefix("too many") }) {
            error.readSoFar = mapping
        }
        throw error
    }

    private func read<N: YAMLReadable>(
        _ root: N, _ r: inout YAMLNodeReader,
        entries readEntries: (inout YAMLNodeReader, [N]) throws(YAMLNodeReader.BudgetExceeded) -> [MappingEntry]
    ) throws(YAMLNodeReader.BudgetExceeded) -> Mapping? {
        guard let top = try r.fields(root, what: "the mapping file", allowed: ["mapping", "entries"], required: ["mapping", "entries"]),
              let headerNode = top["mapping"],
              let header = try r.fields(headerNode, what: "the 'mapping' header", allowed: Self.headerKeys, required: ["id", "source", "targets"])
        else { return nil }
        let rawID = try r.required(header, "id", in: "the 'mapping' header", hint: "the mapping id names the output files (e.g. id: nikkenren-2023)",
                                   controls: false)
        let id = Normalization.key(rawID ?? "")
        if let rawID, let problem = Mapping.fileNameProblem(id, written: rawID), let idNode = header["id"] {
            r.error(idNode, "mapping id '\(rawID)' cannot name output files: \(problem); "
                + "write one file name without folders, e.g. 'nikkenren-2023' (letters, digits, '-', '_' inside; Japanese is fine)")
        }
        let source = Normalization.key(try r.required(header, "source", in: "the 'mapping' header", hint: "name the source catalog id") ?? "")
        var targets: [String] = []
        var writtenTargets: [String] = []
        for node in try r.sequence(header["targets"], what: "'targets'") ?? [] {
            let target = try r.string(node, what: "a target catalog id")
            if let target, !Normalization.key(target).isEmpty {
                let key = Normalization.key(target)
                if let first = targets.firstIndex(of: key) {
                    r.error(node, "target catalog \(Normalization.quoted(target, key: key)) is listed twice in 'targets' "
                        + "(the same catalog as '\(writtenTargets[first])'); the 突合表 would repeat its columns: remove one")
                } else {
                    targets.append(key)
                    writtenTargets.append(target)
                }
            } else if node.isScalar {
                r.error(node, "a target catalog id in 'targets' is empty; name the catalog or remove the item")
            }
        }
        if targets.isEmpty, let node = header["targets"] { r.error(node, "'targets' must name at least one target catalog") }
        let status = Normalization.key(try r.string(header["status"], what: "'status'") ?? "draft")
        if !Self.statuses.contains(status), let node = header["status"] {
            r.error(node, "unknown status '\(status)' (expected \(Self.statuses.joined(separator: ", ")))")
        }
        if let node = top["entries"], node.isNull {
            r.error(top.keyNode("entries") ?? node, "'entries' in the mapping file is empty; write 'entries: []' for a mapping with no reviewed items yet")
        }
        let entries = try readEntries(&r, try r.sequence(top["entries"], what: "'entries'") ?? [])
        var mapping = Mapping(
            id: id,
            title: try r.string(header["title"], what: "'title'").map(Normalization.display),
            source: source,
            targets: targets,
            status: status,
            reviewer: try r.string(header["reviewer"], what: "'reviewer'").map(Normalization.display).flatMap { $0.isEmpty ? nil : $0 },
            entries: entries,
            location: r.location(root))
        mapping.writtenID = rawID
        mapping.idLocation = header["id"].map { r.location($0) }
        return mapping
    }

    private func readEntry<N: YAMLReadable>(_ node: N, _ r: inout YAMLNodeReader) throws(YAMLNodeReader.BudgetExceeded) -> MappingEntry? {
        guard let fields = try r.fields(node, what: "an entry", allowed: Self.entryKeys, required: ["item", "targets"]) else { return nil }
        let item = try r.required(fields, "item", in: "an entry", hint: "name the source item this entry reviews")
        if let targetsNode = fields["targets"], targetsNode.isNull {
            r.error(fields.keyNode("targets") ?? targetsNode,
                    "'targets' in an entry is empty; list its links, or write 'targets: []' for reviewed: no counterpart anywhere")
        }
        guard let item else {
            // Still read the links, for their own diagnostics.
            for linkNode in try r.sequence(fields["targets"], what: "'targets'") ?? [] { _ = try readLink(linkNode, &r) }
            return nil
        }
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
        guard let fields = try r.fields(node, what: "a target", allowed: Self.linkKeys, required: ["ref", "relationship"]) else { return nil }
        let rawRef = try r.required(fields, "ref", in: "a target", hint: "write 'catalog-id:item-id' (a bare catalog id only with no-relationship)")
        let rawRelationship = try r.required(fields, "relationship", in: "a target",
                                             hint: "expected one of \(Relationship.allCases.map(\.rawValue).joined(separator: ", "))")
        guard let refNode = fields["ref"], let relationshipNode = fields["relationship"], let rawRef, let rawRelationship else { return nil }
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

extension MappingYAMLParser: MappingReader {
    public var fileExtensions: [String] { ["yaml", "yml"] }
    public func read(_ input: InputFile, limits: InputLimits) throws(DiagnosticError) -> Mapping {
        try MappingYAMLParser(nodeBudget: limits.maxYAMLNodes).parse(input)
    }
}
