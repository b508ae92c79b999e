import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch

/// What `carry` is asked for: the mapping `mapping`, written for the catalog version `old`,
/// rewritten for `new` (docs/check-and-diff.md, "Carrying a mapping to a new version").
public struct CarryRequest: Sendable {
    public var old: String
    public var new: String
    public var mapping: String
    /// The carried mapping's id (nil: the old id, with the old catalog's id in it replaced by the new one's).
    public var id: String?
    /// Where to write it (nil: `<id>.yaml` beside the old mapping).
    public var out: String?
    /// Replace an existing file at the destination (the old mapping itself, to rewrite it in place).
    public var force: Bool
    public var similarity: Double

    public init(old: String, new: String, mapping: String, id: String? = nil, out: String? = nil, force: Bool = false,
                similarity: Double = TextSimilarity.defaultThreshold) {
        self.old = old
        self.new = new
        self.mapping = mapping
        self.id = id
        self.out = out
        self.force = force
        self.similarity = similarity
    }
}

/// What `carry` wrote.
public struct CarriedMapping: Sendable {
    public var path: String
    public var carry: MappingCarry
}

extension Pipeline {
    /// `carry`: the diff of `old` and `new`, then the mapping rewritten for `new`; what was dropped,
    /// carried and set back to re-review is reported at the old mapping's positions (warnings for
    /// the drops and re-reviews, notes for the carried ids).
    public static func carry(_ request: CarryRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> CarriedMapping {
        let oldCatalog = try loadCatalog(request.old, diagnostics: diagnostics)
        let newCatalog = try loadCatalog(request.new, diagnostics: diagnostics)
        let inputs = InputLoader().load([request.mapping])
        if !inputs.diagnostics.isEmpty {
            diagnostics.report(inputs.diagnostics)
            throw inputs.missingInput ? .missingInput : .badInput
        }
        guard inputs.mappings.count == 1, inputs.catalogs.isEmpty, let mapping = inputs.mappings.first else {
            diagnostics.report([.error(SourceLocation(file: request.mapping), "expected one mapping file (.yaml), found \(inputs.mappings.count) mapping(s) and \(inputs.catalogs.count) catalog(s)")])
            throw .badInput
        }
        let diff = CatalogDiff(old: oldCatalog, new: newCatalog, threshold: request.similarity)
        let at = mapping.location ?? SourceLocation(file: request.mapping)
        switch MappingEdition(of: mapping, diff: diff) {
        case .old: break
        case .new:
            diagnostics.report([.error(at, "mapping '\(mapping.id)' is already written for \(newCatalog.id) (\(newCatalog.version)); nothing to carry")])
            throw .badInput
        case .unrelated:
            diagnostics.report([.error(at, "mapping '\(mapping.id)' names neither \(oldCatalog.id) nor \(newCatalog.id) (source \(mapping.source), targets \(mapping.targets.joined(separator: ", ")))")])
            throw .badInput
        }
        let id = request.id.map(Normalization.key) ?? MappingCarry.defaultID(mapping.id, diff: diff)
        if let problem = Mapping.fileNameProblem(id, written: request.id) {
            diagnostics.report([.error(SourceLocation(file: "--id"), "mapping id '\(request.id ?? id)' cannot name output files: \(problem)")])
            throw .badInput
        }
        let carried = MappingCarry(mapping, diff: diff, id: id)
        let destination = request.out ?? ((request.mapping as NSString).deletingLastPathComponent as NSString).appendingPathComponent("\(id).yaml")
        if !request.force, FileManager.default.fileExists(atPath: destination) {
            throw .cannotWrite("error: \(destination) already exists; carry does not replace it (pass --force to overwrite it, or choose --out)")
        }
        diagnostics.report(carried.events.map { event in
            let severity: Diagnostic.Severity = event.kind == .carried ? .note : .warning
            return Diagnostic(severity, at: event.location ?? at, event.detail)
        })
        let text = CarriedMappingText.text(carried, from: request.mapping, diff: diff)
        // The file must read back as a mapping (its references are checked by validate/build).
        let scratch = TotsugoTemporary.file(named: (destination as NSString).lastPathComponent, text: text)
        defer { try? FileManager.default.removeItem(atPath: (scratch as NSString).deletingLastPathComponent) }
        let check = InputLoader().load([scratch])
        if !check.diagnostics.filter({ $0.severity == .error }).isEmpty {
            throw .internalError("the carried mapping does not read back: \(check.diagnostics.map(\.description).joined(separator: "; "))")
        }
        let written = try write(text, as: MappingSkeleton.yaml, to: .file(destination), diagnostics: diagnostics)
        return CarriedMapping(path: written ?? destination, carry: carried)
    }
}

/// The carried mapping as YAML: the header, then every entry in the old order. An entry to
/// re-review is `status: todo` with the reason in its note and its carried links, proposal and
/// placement as comments right below, to restore once reviewed.
enum CarriedMappingText {
    static func text(_ carry: MappingCarry, from path: String, diff: CatalogDiff) -> String {
        let mapping = carry.mapping
        let old = diff.old.catalog, new = diff.new.catalog
        var out = "# Carried by totsugo carry from \(comment((path as NSString).lastPathComponent)) (written for \(old.id) \(comment(old.version)))"
            + " to \(new.id) \(comment(new.version)).\n"
        out += "# \(carry.entries.count) entries; \(carry.droppedCount) dropped (items removed); \(carry.reReviewCount) to re-review"
            + " (status: todo, their links as comments below them: review, restore, delete 'status: todo').\n"
        let dropped = carry.events.filter { $0.kind == .dropped }.map { comment($0.item) }
        if !dropped.isEmpty { out += "# Dropped (removed in \(new.id)): \(dropped.joined(separator: ", ")).\n" }
        out += "# Comments of the original file are not carried.\n"
        out += "mapping:\n"
        out += "  id: \(YAMLText.quoted(mapping.id))\n"
        if let title = mapping.title { out += "  title: \(YAMLText.quoted(title))\n" }
        out += "  source: \(YAMLText.quoted(mapping.source))\n"
        out += "  targets: [\(mapping.targets.map(YAMLText.quoted).joined(separator: ", "))]\n"
        out += "  status: \(YAMLText.quoted(mapping.status))\n"
        out += "  reviewer: \(YAMLText.quoted(mapping.reviewer ?? ""))\n"
        out += "\n"
        if carry.entries.isEmpty { return out + "entries: []\n" }
        out += "entries:\n"
        for (index, carried) in carry.entries.enumerated() {
            if index > 0 { out += "\n" }
            let entry = carried.entry
            out += "  - item: \(YAMLText.quoted(entry.writtenItem ?? entry.item))\n"
            let todo = carried.wasTodo || !carried.reReview.isEmpty
            if todo {
                out += "    status: todo\n"
                let reason = carried.reReview.isEmpty ? nil : "【要再確認】" + carried.reReview.joined(separator: "。") + "。"
                let note = [reason, entry.note].compactMap { $0 }.joined(separator: " ")
                if !note.isEmpty { out += "    note: \(YAMLText.quoted(note))\n" }
                if carried.wasTodo && carried.reReview.isEmpty { continue }
                out += "    # 改訂前の突合（確認のうえ戻す）:\n"
                out += body(entry).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { "    # " + $0.dropFirst(4) + "\n" }.joined()
            } else {
                out += body(entry)
                if let note = entry.note { out += "    note: \(YAMLText.quoted(note))\n" }
            }
        }
        return out
    }

    /// targets, proposal and placement of an entry, indented as in an entry.
    static func body(_ entry: MappingEntry) -> String {
        var out = ""
        if entry.links.isEmpty {
            out += "    targets: []\n"
        } else {
            out += "    targets:\n"
            for link in entry.links {
                let item = link.target.writtenItem ?? link.target.item
                out += "      - ref: \(YAMLText.quoted(item.map { "\(link.target.catalog):\($0)" } ?? link.target.catalog))\n"
                out += "        relationship: \(link.relationship.rawValue)\n"
                if let rationale = link.rationale { out += "        rationale: \(rationale.rawValue)\n" }
                if let strength = link.strength { out += "        strength: \(strength)\n" }
                if let note = link.note { out += "        note: \(YAMLText.quoted(note))\n" }
            }
        }
        if let proposal = entry.proposal { out += "    proposal: \(YAMLText.quoted(proposal))\n" }
        if let placement = entry.placement {
            out += "    placement: \(YAMLText.quoted("\(placement.catalog):\(placement.writtenItem ?? placement.item ?? "")"))\n"
        }
        return out
    }

    static func comment(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
    }
}
