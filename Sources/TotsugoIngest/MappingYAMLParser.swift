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

    static let headerKeys = ["id", "title", "source", "targets", "status", "reviewer", "defaults"]
    static let defaultKeys = ["relationship", "rationale", "strength"]
    static let entryKeys = ["item", "targets", "proposal", "placement", "note", "status", "relationship", "rationale", "strength", "rejected"]
    /// `status:` of an entry: only `todo` (listed, not reviewed yet); a reviewed entry has none.
    static let entryStatuses = ["todo"]
    static let linkKeys = ["ref", "relationship", "rationale", "strength", "note", "review", "reviewer", "date"]
    static let rejectedKeys = ["ref", "reviewer", "date", "note"]
    /// `review:` of a link (a rejected candidate goes under the entry's `rejected:`).
    static let linkReviews: [ReviewStatus] = [.unconfirmed, .confirmed]
    static let statuses = ["draft", "complete", "not-complete", "deprecated", "superseded"]

    public func parse(_ input: InputFile) throws(DiagnosticError) -> Mapping {
        try parse(input, keepingEntries: true)
    }

    /// The same reading and the same diagnostics; without `keepingEntries` each entry is dropped
    /// once read (the mapping comes back with no entries, reviewed or todo). Only an entry whose
    /// links wait for the header's default relationship is kept until the header is read, for
    /// the diagnostics that need it. `review import` checks the 31 MB mapping it writes at 100k
    /// reads back this way: a second whole mapping was the top of its peak (BENCHMARKS.md,
    /// "Review import, second pass").
    public func parse(_ input: InputFile, keepingEntries: Bool) throws(DiagnosticError) -> Mapping {
        // Composed straight from libyaml's events (`YAMLEventComposer`, counting nodes as it
        // goes), each entry read as soon as it is composed: no tree of the whole file.
        var mapping = streaming ? try readStreaming(input, keepingEntries: keepingEntries) : try readWithYams(input)
        if !keepingEntries {
            mapping.entries = []
            mapping.unreviewed = []
        }
        return mapping
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
            var entries = ReadEntries()
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
    private func readStreaming(_ input: InputFile, keepingEntries: Bool) throws(DiagnosticError) -> Mapping {
        var composed = readEntries(input, keepingEntries: keepingEntries)
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
            // Moved out, so the defaults are applied in place rather than to a copy.
            var entries = ReadEntries()
            swap(&entries, &composed.entries)
            return entries
        }
        if !placed { reader.diagnostics.removeFirst(entryDiagnostics) }  // the tree reader would not have read them
        return try result(mapping, reader)
    }

    /// The file composed from libyaml's events, each item of `entries` read as an entry as soon
    /// as it is composed. Without `keepingEntries`, an entry is kept only when `applyDefaults`
    /// may report on it (a reviewed entry with a link that gives no relationship).
    private func readEntries(_ input: InputFile, keepingEntries: Bool = true) -> (composed: YAMLEventComposer.Composed, entries: ReadEntries, reader: YAMLNodeReader, exceeded: Bool) {
        var reader = YAMLNodeReader(file: input.path, budget: nodeBudget)
        var entries = ReadEntries()
        var exceeded = false
        let composed = input.bytes.withUnsafeBufferPointer { bytes in
            YAMLEventComposer.compose(bytes, file: input.path, streaming: "entries", limit: nodeBudget) { node in
                do throws(YAMLNodeReader.BudgetExceeded) {
                    if let entry = try readEntry(node, &reader),
                       keepingEntries || entry.extras.map({ !$0.todo && !$0.gaps.isEmpty }) == true {
                        entries.append(entry)
                    }
                    return true
                } catch {
                    exceeded = true
                    return false
                }
            }
        }
        entries.entries = entries.entries.compacted()
        return (composed, entries, reader, exceeded)
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
        entries readEntries: (inout YAMLNodeReader, [N]) throws(YAMLNodeReader.BudgetExceeded) -> ReadEntries
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
        var defaults = LinkDefaults()
        if let defaultsNode = header["defaults"] {
            if defaultsNode.isNull {
                r.error(header.keyNode("defaults") ?? defaultsNode,
                        "'defaults' in the 'mapping' header is empty; give relationship, rationale or strength, or remove it")
            } else if let fields = try r.fields(defaultsNode, what: "'defaults'", allowed: Self.defaultKeys) {
                defaults = try readDefaults(fields, in: "'defaults'", &r)
            }
        }
        var read = try readEntries(&r, try r.sequence(top["entries"], what: "'entries'") ?? [])
        let unreviewed = applyDefaults(&read, defaults, &r)
        let entries = read.entries
        var mapping = Mapping(
            id: id,
            title: try r.string(header["title"], what: "'title'").map(Normalization.display),
            source: source,
            targets: targets,
            status: status,
            reviewer: try r.string(header["reviewer"], what: "'reviewer'").map(Normalization.display).flatMap { $0.isEmpty ? nil : $0 },
            entries: entries,
            location: r.location(root))
        mapping.unreviewed = unreviewed
        mapping.writtenID = rawID
        mapping.idLocation = header["id"].map { r.location($0) }
        return mapping
    }

    /// Defaults for the links of the whole file (`defaults:` in the header) or of one entry
    /// (its own `relationship`, `rationale`, `strength` keys). `…Written` is set when the key
    /// was given but its value is wrong (already reported): links then take nothing from this
    /// level and are not reported again.
    struct LinkDefaults: Sendable {
        var relationship: Relationship?
        var relationshipWritten = false
        var rationale: Rationale?
        var strength: Int?
    }

    /// A link that gives no relationship: it is read with a placeholder and takes the default
    /// once the header has been read (it may come after the entries in the file).
    struct Gap: Sendable {
        var link: Int
        var writtenRef: String
    }

    /// What an entry needs once the header is read; nil for the common entry (no defaults of
    /// its own, not todo, every link with its relationship), so those cost nothing extra.
    struct EntryExtras: Sendable {
        var defaults = LinkDefaults()
        var todo = false
        var gaps: [Gap] = []
        var isEmpty: Bool {
            !todo && gaps.isEmpty && !defaults.relationshipWritten && defaults.rationale == nil && defaults.strength == nil
        }
    }

    /// The entries as read, and what some of them need once the header is read (by index).
    struct ReadEntries: Sendable {
        var entries: [MappingEntry] = []
        var extras: [(index: Int, extras: EntryExtras)] = []

        mutating func append(_ read: (entry: MappingEntry, extras: EntryExtras?)) {
            if let extras = read.extras { self.extras.append((entries.count, extras)) }
            entries.append(read.entry)
        }
    }

    private func readDefaults<N: YAMLReadable>(_ fields: YAMLNodeReader.Fields<N>, in what: String,
                                               _ r: inout YAMLNodeReader) throws(YAMLNodeReader.BudgetExceeded) -> LinkDefaults {
        var defaults = LinkDefaults()
        if let node = fields["relationship"] {
            defaults.relationshipWritten = true
            if let raw = try r.required(fields, "relationship", in: what, hint: "expected one of \(Relationship.allCases.map(\.rawValue).joined(separator: ", "))") {
                defaults.relationship = relationship(raw, at: node, &r)
            }
        }
        defaults.rationale = try rationale(fields, &r)
        defaults.strength = try strength(fields, &r)
        return defaults
    }

    private func relationship<N: YAMLReadable>(_ raw: String, at node: N, _ r: inout YAMLNodeReader) -> Relationship? {
        if let relationship = Relationship(parsing: raw) { return relationship }
        let known = Relationship.allCases.map(\.rawValue)
        let hint = Suggestion.nearest(to: Normalization.key(raw), in: known).map { " (did you mean '\($0)'?)" } ?? ""
        r.error(node, "unknown relationship '\(raw)'\(hint); expected one of \(known.joined(separator: ", "))")
        return nil
    }

    private func rationale<N: YAMLReadable>(_ fields: YAMLNodeReader.Fields<N>, _ r: inout YAMLNodeReader) throws(YAMLNodeReader.BudgetExceeded) -> Rationale? {
        guard let node = fields["rationale"], let raw = try r.string(node, what: "'rationale'") else { return nil }
        let rationale = Rationale(rawValue: Normalization.key(raw))
        if rationale == nil { r.error(node, "unknown rationale '\(raw)' (expected syntactic, semantic or functional)") }
        return rationale
    }

    private func strength<N: YAMLReadable>(_ fields: YAMLNodeReader.Fields<N>, _ r: inout YAMLNodeReader) throws(YAMLNodeReader.BudgetExceeded) -> Int? {
        guard let node = fields["strength"], let raw = try r.string(node, what: "'strength'") else { return nil }
        guard let strength = Int(raw), (0...10).contains(strength) else {
            r.error(node, "strength must be a whole number from 0 to 10 (NIST IR 8477), not '\(raw)'")
            return nil
        }
        return strength
    }

    private func readEntry<N: YAMLReadable>(_ node: N, _ r: inout YAMLNodeReader) throws(YAMLNodeReader.BudgetExceeded) -> (entry: MappingEntry, extras: EntryExtras?)? {
        guard let fields = try r.fields(node, what: "an entry", allowed: Self.entryKeys, required: ["item"]) else { return nil }
        if fields["targets"] == nil && fields["status"] == nil {
            r.error(node, "an entry lacks 'targets' (write 'status: todo' for an item not reviewed yet)")
        }
        let item = try r.required(fields, "item", in: "an entry", hint: "name the source item this entry reviews")
        var todo = false
        if let statusNode = fields["status"] {
            let status = try r.required(fields, "status", in: "an entry",
                                        hint: "write 'status: todo' for an item not reviewed yet, or remove the key once it is reviewed")
            if let status {
                if Self.entryStatuses.contains(Normalization.key(status)) {
                    todo = true
                } else {
                    r.error(statusNode, "unknown entry status '\(status)'; the only entry status is 'todo' (not reviewed yet): "
                        + "remove 'status' once the entry is reviewed")
                }
            }
        }
        if todo {
            // Not reviewed: what only a reviewed entry says would be ignored, so it is an error.
            for key in ["targets", "proposal", "placement"] {
                if let keyNode = fields.keyNode(key) {
                    r.error(keyNode, "an entry marked 'status: todo' is not reviewed yet, so its '\(key)' would be ignored; "
                        + "delete 'status: todo' once the item is reviewed")
                }
            }
        } else if fields["targets"] == nil, fields["status"] != nil {
            r.error(node, "an entry lacks 'targets'")
        }
        if let targetsNode = fields["targets"], targetsNode.isNull {
            r.error(fields.keyNode("targets") ?? targetsNode,
                    "'targets' in an entry is empty; list its links, or write 'targets: []' for reviewed: no counterpart anywhere")
        }
        let defaults = try readDefaults(fields, in: "an entry", &r)
        guard let item else {
            // Still read the links, for their own diagnostics.
            for linkNode in try r.sequence(fields["targets"], what: "'targets'") ?? [] { _ = try readLink(linkNode, &r) }
            return nil
        }
        var links: [MappingLink] = []
        var extras = EntryExtras(defaults: defaults, todo: todo)
        let linkNodes = try r.sequence(fields["targets"], what: "'targets'") ?? []
        links.reserveCapacity(linkNodes.count)  // exact: a grown array kept up to twice the room
        for linkNode in linkNodes {
            guard let (link, writtenRef) = try readLink(linkNode, &r) else { continue }
            if let writtenRef { extras.gaps.append(Gap(link: links.count, writtenRef: writtenRef)) }
            links.append(link)
        }
        var rejected: [RejectedCandidate] = []
        for rejectedNode in try r.sequence(fields["rejected"], what: "'rejected'") ?? [] {
            if let candidate = try readRejected(rejectedNode, &r) { rejected.append(candidate) }
        }
        var placement: ItemReference?
        if let placementNode = fields["placement"], let raw = try r.string(placementNode, what: "'placement'") {
            placement = ItemReference(parsing: raw)
            if placement?.item == nil { r.error(placementNode, "placement must be 'catalog-id:item-id'") }
        }
        let entry = MappingEntry(
            item: Normalization.key(item),
            writtenItem: item,
            links: links,
            proposal: try r.string(fields["proposal"], what: "'proposal'").map(Normalization.block).flatMap { $0.isEmpty ? nil : $0 },
            placement: placement,
            note: try r.string(fields["note"], what: "'note'").map(Normalization.block).flatMap { $0.isEmpty ? nil : $0 },
            rejected: rejected,
            location: fields["item"].map { r.location($0) } ?? r.location(node))
        return (entry, extras.isEmpty ? nil : extras)
    }

    /// A link: the long form (a mapping with `ref`, `relationship`…) or the one-line form, a
    /// plain `catalog-id:item-id` taking the entry's and the header's defaults. A link that
    /// gives no relationship comes with its `ref` as written (it holds a placeholder until the
    /// defaults are applied).
    private func readLink<N: YAMLReadable>(_ node: N, _ r: inout YAMLNodeReader) throws(YAMLNodeReader.BudgetExceeded) -> (MappingLink, writtenRef: String?)? {
        if node.isScalar {
            let raw = try r.string(node, what: "a link")
            guard let raw, !Normalization.key(raw).isEmpty else {
                r.error(node, "a link in 'targets' is empty; write 'catalog-id:item-id' (or a mapping with 'ref' and 'relationship'), or remove the item")
                return nil
            }
            guard let reference = ItemReference(parsing: raw) else {
                r.error(node, "a one-line link must be 'catalog-id:item-id', not '\(raw)'")
                return nil
            }
            return (MappingLink(target: reference, relationship: .noRelationship, location: r.location(node)), raw)
        }
        guard let fields = try r.fields(node, what: "a target", allowed: Self.linkKeys, required: ["ref"]) else { return nil }
        let rawRef = try r.required(fields, "ref", in: "a target", hint: "write 'catalog-id:item-id' (a bare catalog id only with no-relationship)")
        var rawRelationship: String?
        if fields["relationship"] != nil {
            rawRelationship = try r.required(fields, "relationship", in: "a target",
                                             hint: "expected one of \(Relationship.allCases.map(\.rawValue).joined(separator: ", ")) (or leave the key out to take the default)")
            if rawRelationship == nil { return nil }  // empty: reported at its key
        }
        guard let refNode = fields["ref"], let rawRef else { return nil }
        guard let reference = ItemReference(parsing: rawRef) else {
            r.error(refNode, "'ref' must be 'catalog-id:item-id'")
            return nil
        }
        var relationship: Relationship?
        if let rawRelationship, let relationshipNode = fields["relationship"] {
            relationship = self.relationship(rawRelationship, at: relationshipNode, &r)
            if relationship == nil { return nil }
        }
        if let relationship, reference.item == nil && relationship != .noRelationship {
            r.error(refNode, "'\(rawRef)' names a whole catalog; that is only allowed with relationship no-relationship")
        }
        let rationale = try rationale(fields, &r)
        let strength = try strength(fields, &r)
        var review = ReviewStatus.unconfirmed
        if let reviewNode = fields["review"], let raw = try r.string(reviewNode, what: "'review'") {
            let key = Normalization.key(raw)
            if let status = Self.linkReviews.first(where: { $0.rawValue == key }) {
                review = status
            } else if key == ReviewStatus.rejected.rawValue {
                r.error(reviewNode, "a rejected candidate is not a link: move '\(rawRef)' from 'targets' to the entry's 'rejected:' list")
            } else {
                let hint = Suggestion.nearest(to: key, in: Self.linkReviews.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""
                r.error(reviewNode, "unknown review status '\(raw)'\(hint); expected unconfirmed (未確認) or confirmed (確認済)")
            }
        }
        let link = MappingLink(
            target: reference,
            relationship: relationship ?? .noRelationship,
            rationale: rationale,
            strength: strength,
            note: try r.string(fields["note"], what: "'note'").map(Normalization.display),
            review: review,
            reviewer: try reviewer(fields, &r),
            date: try date(fields, &r),
            location: r.location(refNode))
        return (link, relationship == nil ? rawRef : nil)
    }

    /// A rejected candidate: `catalog-id:item-id`, or a mapping with `ref` and optionally
    /// `reviewer`, `date`, `note`.
    private func readRejected<N: YAMLReadable>(_ node: N, _ r: inout YAMLNodeReader) throws(YAMLNodeReader.BudgetExceeded) -> RejectedCandidate? {
        if node.isScalar {
            guard let raw = try r.string(node, what: "a rejected candidate"), !Normalization.key(raw).isEmpty else {
                r.error(node, "a rejected candidate is empty; write 'catalog-id:item-id', or remove the item")
                return nil
            }
            guard let reference = ItemReference(parsing: raw), reference.item != nil else {
                r.error(node, "a rejected candidate must be 'catalog-id:item-id', not '\(raw)'")
                return nil
            }
            return RejectedCandidate(target: reference, location: r.location(node))
        }
        guard let fields = try r.fields(node, what: "a rejected candidate", allowed: Self.rejectedKeys, required: ["ref"]) else { return nil }
        guard let refNode = fields["ref"],
              let rawRef = try r.required(fields, "ref", in: "a rejected candidate", hint: "write 'catalog-id:item-id'") else { return nil }
        guard let reference = ItemReference(parsing: rawRef), reference.item != nil else {
            r.error(refNode, "'ref' of a rejected candidate must be 'catalog-id:item-id'")
            return nil
        }
        return RejectedCandidate(
            target: reference, reviewer: try reviewer(fields, &r), date: try date(fields, &r),
            note: try r.string(fields["note"], what: "'note'").map(Normalization.display).flatMap { $0.isEmpty ? nil : $0 },
            location: r.location(refNode))
    }

    private func reviewer<N: YAMLReadable>(_ fields: YAMLNodeReader.Fields<N>, _ r: inout YAMLNodeReader) throws(YAMLNodeReader.BudgetExceeded) -> String? {
        try r.string(fields["reviewer"], what: "'reviewer'").map(Normalization.display).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `date: YYYY-MM-DD` (a real calendar date).
    private func date<N: YAMLReadable>(_ fields: YAMLNodeReader.Fields<N>, _ r: inout YAMLNodeReader) throws(YAMLNodeReader.BudgetExceeded) -> String? {
        guard let node = fields["date"], let raw = try r.string(node, what: "'date'") else { return nil }
        let text = Normalization.display(raw)
        if text.isEmpty { return nil }
        guard ReviewDate.isValid(text) else {
            r.error(node, "date must be a calendar date written YYYY-MM-DD (e.g. 2026-11-30), not '\(raw)'")
            return nil
        }
        return text
    }

    /// Applies the defaults in place: each link takes its own value, else its entry's, else the
    /// header's. Rationale and strength defaults do not apply to `no-relationship` links (NIST
    /// IR 8477 gives those strength 0 and no rationale). A link left with no relationship is an
    /// error at its position and is left out. Entries marked `status: todo` are taken out of
    /// `read.entries` and returned.
    private func applyDefaults(_ read: inout ReadEntries, _ header: LinkDefaults, _ r: inout YAMLNodeReader) -> [MappingEntry] {
        func fill(_ links: inout [MappingLink], rationale: Rationale?, strength: Int?) {
            guard rationale != nil || strength != nil else { return }
            for k in links.indices where links[k].relationship != .noRelationship {
                if links[k].rationale == nil, let rationale { links[k].rationale = rationale }
                if links[k].strength == nil, let strength { links[k].strength = strength }
            }
        }
        var todo: [Int] = []
        for (index, extras) in read.extras {
            if extras.todo {
                todo.append(index)
                continue
            }
            var unresolved: [Int] = []
            for gap in extras.gaps {
                let relationship: Relationship?
                if extras.defaults.relationshipWritten {
                    relationship = extras.defaults.relationship  // nil: wrong, reported at the entry's key
                } else if header.relationshipWritten {
                    relationship = header.relationship  // nil: wrong, reported at the header's key
                } else {
                    relationship = nil
                    r.diagnostics.append(.error(read.entries[index].links[gap.link].location ?? SourceLocation(file: r.file),
                        "link '\(gap.writtenRef)' has no relationship; write one on the link (relationship: …), on its entry, "
                        + "or under 'defaults:' in the 'mapping' header (expected one of \(Relationship.allCases.map(\.rawValue).joined(separator: ", ")))"))
                }
                guard let relationship else {
                    unresolved.append(gap.link)
                    continue
                }
                read.entries[index].links[gap.link].relationship = relationship
                if read.entries[index].links[gap.link].target.item == nil && relationship != .noRelationship {
                    r.diagnostics.append(.error(read.entries[index].links[gap.link].location ?? SourceLocation(file: r.file),
                        "'\(gap.writtenRef)' names a whole catalog; that is only allowed with relationship no-relationship"))
                }
            }
            for k in unresolved.reversed() { read.entries[index].links.remove(at: k) }
            fill(&read.entries[index].links, rationale: extras.defaults.rationale, strength: extras.defaults.strength)
        }
        var unreviewed: [MappingEntry] = []
        if !todo.isEmpty {
            unreviewed = todo.map { read.entries[$0] }
            var kept: [MappingEntry] = []
            kept.reserveCapacity(read.entries.count - todo.count)
            var next = 0
            for (index, entry) in read.entries.enumerated() {
                if next < todo.count, todo[next] == index { next += 1 } else { kept.append(entry) }
            }
            read.entries = kept
        }
        if header.rationale != nil || header.strength != nil {
            for index in read.entries.indices {
                fill(&read.entries[index].links, rationale: header.rationale, strength: header.strength)
            }
        }
        return unreviewed
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
