import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch

/// What `promote` is asked for: one derived link of a chain written into a mapping file as a
/// link to review (docs/chains.md, "Promoting a derived link").
public struct PromoteRequest: Sendable {
    /// `a+b`.
    public var chain: String
    /// Item of the chain's source catalog (the industry guideline).
    public var item: String
    /// Item of the chain's final catalog.
    public var target: String
    /// The mapping file from the source catalog onto the final catalog (created if missing; its
    /// file name without `.yaml` is then the mapping id).
    public var into: String
    public var catalogs: String
    public var mappings: String
    public var limits: InputLimits

    public init(chain: String, item: String, target: String, into: String, catalogs: String = "Catalogs",
                mappings: String = "Mappings", limits: InputLimits = .default) {
        self.chain = chain
        self.item = item
        self.target = target
        self.into = into
        self.catalogs = catalogs
        self.mappings = mappings
        self.limits = limits
    }
}

/// What `promote` wrote.
public struct Promoted: Sendable, Equatable {
    public var path: String
    /// The entry as appended (YAML).
    public var text: String
    /// True when the file was created.
    public var created: Bool
}

extension Pipeline {
    /// `promote`: appends the derived link as an entry of a mapping file, relationship and
    /// strength as composed, the path in its note, the mapping's status left as it is (a new file
    /// is `draft`), so the link is reviewed like any other before it counts as reviewed.
    public static func promote(_ request: PromoteRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> Promoted {
        let workspace = try Workspace.load([request.catalogs, request.mappings], limits: request.limits, diagnostics: diagnostics)
        let here = SourceLocation(file: "command line")
        func fail(_ message: String, at location: SourceLocation? = nil) throws(CommandFailure) -> Never {
            diagnostics.report([.error(location ?? here, message)])
            throw .badInput
        }
        let chain: MappingChain
        do throws(ChainError) {
            chain = try MappingChain(request.chain, mappings: workspace.resolved)
        } catch {
            try fail(error.message)
        }
        let item = Normalization.key(request.item)
        let target = Normalization.key(request.target)
        guard chain.source.contains(item) else {
            try fail("item \(Normalization.quoted(request.item, key: item)) is not in the chain's source catalog '\(chain.source.catalog.id)'")
        }
        guard chain.target.contains(target) else {
            try fail("item \(Normalization.quoted(request.target, key: target)) is not in the chain's final catalog '\(chain.target.catalog.id)'")
        }
        guard let link = chain.links.first(where: { $0.source == item && $0.target == target }) else {
            let reached = chain.links.filter { $0.source == item }.map(\.target)
            try fail("chain '\(chain.id)' derives no link from '\(item)' to '\(target)'"
                + (reached.isEmpty ? " (it reaches nothing from '\(item)')" : " ('\(item)' reaches: \(reached.joined(separator: ", ")))"))
        }
        let entry = entryText(link, chain: chain)
        let fileManager = FileManager.default
        var text: String
        let created = !fileManager.fileExists(atPath: request.into)
        if created {
            let id = Normalization.key(((request.into as NSString).lastPathComponent as NSString).deletingPathExtension)
            if let problem = Mapping.fileNameProblem(id) {
                try fail("the mapping id taken from the file name '\(request.into)' cannot name output files: \(problem)")
            }
            if workspace.resolved.contains(where: { $0.mapping.id == id }) {
                try fail("a mapping with id '\(id)' already exists in \(request.mappings); name the file after another id")
            }
            text = headerText(id: id, chain: chain) + entry
        } else {
            guard let data = fileManager.contents(atPath: request.into), let existing = String(data: data, encoding: .utf8) else {
                throw .cannotWrite("error: cannot read \(request.into)")
            }
            let into = try Workspace.load([request.catalogs, request.into], limits: request.limits, diagnostics: diagnostics)
            guard let mapping = into.resolved.first(where: { $0.mapping.location?.file == request.into }) ?? into.resolved.first else {
                try fail("\(request.into) holds no mapping")
            }
            guard mapping.source.catalog.id == chain.source.catalog.id,
                  mapping.targets.contains(where: { $0.catalog.id == chain.target.catalog.id }) else {
                try fail("\(request.into) maps '\(mapping.source.catalog.id)' onto \(mapping.mapping.targets.joined(separator: ", ")); "
                    + "a link of chain '\(chain.id)' goes into a mapping from '\(chain.source.catalog.id)' onto '\(chain.target.catalog.id)'")
            }
            if let existingEntry = mapping.entries[item] {
                try fail("'\(item)' already has an entry in \(request.into); nothing was changed: add the link under its targets by hand "
                    + "and review it: - \(flowLink(link, chain: chain))", at: existingEntry.location ?? SourceLocation(file: request.into))
            }
            text = existing + (existing.hasSuffix("\n") || existing.isEmpty ? "" : "\n") + entry
        }
        // The result must read back as a valid mapping before it replaces anything.
        let check = TotsugoPipeline.DiagnosticLog()
        let scratch = TotsugoTemporary.file(named: (request.into as NSString).lastPathComponent, text: text)
        defer { try? fileManager.removeItem(atPath: (scratch as NSString).deletingLastPathComponent) }
        if (try? Workspace.load([request.catalogs, scratch], limits: request.limits, diagnostics: check)) == nil || !check.errors.isEmpty {
            try fail("the link cannot be appended to \(request.into) as it is written (its entries must be the last block of the file); "
                + "add it by hand: - item: \(YAMLText.quoted(written(link.source, in: chain.source))), targets: [\(flowLink(link, chain: chain))]"
                + check.errors.map { " (\($0.message))" }.joined())
        }
        let written = try write(text, as: MappingSkeleton.yaml, to: .file(request.into), diagnostics: diagnostics)
        return Promoted(path: written ?? request.into, text: entry, created: created)
    }

    /// The new file's header: the mapping from the chain's source onto its final catalog.
    static func headerText(id: String, chain: MappingChain) -> String {
        [
            "# Direct mapping of \(chain.source.catalog.id) onto \(chain.target.catalog.id). Entries promoted from the derived",
            "# links of chain \(chain.id) (totsugo promote): review each link, then set status and reviewer.",
            "mapping:",
            "  id: \(YAMLText.quoted(id))",
            "  title: \(YAMLText.quoted("\(chain.source.catalog.shortTitle) × \(chain.target.catalog.shortTitle)"))",
            "  source: \(YAMLText.quoted(chain.source.catalog.id))",
            "  targets: [\(YAMLText.quoted(chain.target.catalog.id))]",
            "  status: draft",
            "  reviewer: \"\"",
            "",
            "entries:",
            "",
        ].joined(separator: "\n")
    }

    /// The entry for `link`: relationship and strength as composed; the note says where it came
    /// from (the pivot items) and that it waits for review.
    static func entryText(_ link: DerivedLink, chain: MappingChain) -> String {
        let maybe = link.relationship.certain ? "" : "（共通部分がない可能性あり）"
        let note = "\(chain.id) の派生（\(ChainTable.pathText(link, chain: chain))）から昇格\(maybe)。要レビュー。"
        var lines = [
            "  - item: \(YAMLText.quoted(written(link.source, in: chain.source)))",
            "    targets:",
            "      - ref: \(YAMLText.quoted("\(chain.target.catalog.id):\(written(link.target, in: chain.target))"))",
            "        relationship: \(link.relationship.relationship.rawValue)",
        ]
        if let strength = link.strength { lines.append("        strength: \(strength)") }
        lines.append("        note: \(YAMLText.quoted(note))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The link on one line, as a YAML flow mapping (for a diagnostic).
    static func flowLink(_ link: DerivedLink, chain: MappingChain) -> String {
        let maybe = link.relationship.certain ? "" : "（共通部分がない可能性あり）"
        let note = "\(chain.id) の派生（\(ChainTable.pathText(link, chain: chain))）から昇格\(maybe)。要レビュー。"
        return "{ref: \(YAMLText.quoted("\(chain.target.catalog.id):\(written(link.target, in: chain.target))")), "
            + "relationship: \(link.relationship.relationship.rawValue)" + (link.strength.map { ", strength: \($0)" } ?? "")
            + ", note: \(YAMLText.quoted(note))}"
    }

    /// The item's number as printed when it reads as its id (`No.13`, `A1.` for `a1`), else the id.
    static func written(_ id: String, in index: CatalogIndex) -> String {
        guard let item = index.items[id], !item.number.isEmpty else { return id }
        for candidate in [item.number, String(item.number.reversed().drop { $0 == "." }.reversed())] where Normalization.key(candidate) == id {
            return candidate
        }
        return id
    }
}

/// A private folder holding one file, for reading a text back before it replaces a file.
enum TotsugoTemporary {
    static func file(named name: String, text: String) -> String {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("totsugo-promote-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent(name)
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }
}
