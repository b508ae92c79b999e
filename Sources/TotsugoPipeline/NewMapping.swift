import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoIngest

/// What `new-mapping` is asked for: a mapping skeleton from `source` onto `targets`.
public struct NewMappingRequest: Sendable {
    public var source: String
    public var targets: [String]
    public var id: String
    /// Folder (or file) of catalogs the source and targets are read from.
    public var catalogs: String
    /// Where the skeleton goes (nil: `Mappings/<id>.yaml`).
    public var out: String?
    /// Replace an existing file at `out`.
    public var force: Bool
    public var limits: InputLimits

    public init(source: String, targets: [String], id: String, catalogs: String = "Catalogs", out: String? = nil,
                force: Bool = false, limits: InputLimits = .default) {
        self.source = source
        self.targets = targets
        self.id = id
        self.catalogs = catalogs
        self.out = out
        self.force = force
        self.limits = limits
    }

    /// `out`, else `Mappings/<id>.yaml`.
    public var destination: String { out ?? "Mappings/\(Normalization.key(id)).yaml" }
}

/// A mapping skeleton (docs/mapping-yaml.md, "Starting a mapping"): every item of the source
/// catalog that is a row of the 突合表 (an item without children), in catalog order, as an
/// entry marked `status: todo` with the item's number and heading as a comment. A todo entry
/// is not reviewed: `check` counts it as unreviewed and the 突合表 shows （未突合）, exactly as
/// for an item with no entry, until the reviewer deletes `status: todo` and writes its targets.
public enum MappingSkeleton: RenderedFormat {
    case yaml
    public typealias Artifact = String
    public var name: String { "yaml" }
    public func render(_ text: String) throws -> [UInt8] { Array(text.utf8) }

    /// The skeleton's text. `source` is the loaded source catalog; `targets` the target ids.
    public static func text(id: String, source: Catalog, targets: [String]) -> String {
        var lines: [String] = [
            "# Mapping skeleton written by `totsugo new-mapping` (docs/mapping-yaml.md).",
            "# Every item of '\(comment(source.id))' is listed below in catalog order, marked 'status: todo':",
            "# not reviewed yet (check counts it as unreviewed; the 突合表 shows （未突合）).",
            "# To review an item: delete its 'status: todo' line and list its links under 'targets:',",
            "# one line each (- \(comment(targets.first ?? "catalog")):item-id), or write 'targets: []' for",
            "# reviewed: no counterpart anywhere.",
            "mapping:",
            "  id: \(YAMLText.quoted(id))",
            "  source: \(YAMLText.quoted(source.id))",
            "  targets: [\(targets.map(YAMLText.quoted).joined(separator: ", "))]",
            "  status: draft",
            "  # Links that name no relationship take it from here (or from their entry's",
            "  # 'relationship:'); uncomment and choose:",
            "  # defaults:",
            "  #   relationship: intersects-with",
            "  #   rationale: semantic",
        ]
        var rows: [String] = []
        func add(_ item: CatalogItem, depth: Int) {
            if item.children.isEmpty {
                rows.append("  - item: \(YAMLText.quoted(item.id))" + (item.label.isEmpty ? "" : "  # \(comment(item.label))"))
                rows.append("    status: todo")
            } else {
                // A heading for orientation; its children are the rows.
                rows.append("  # " + String(repeating: "  ", count: depth) + comment(item.label.isEmpty ? item.id : item.label))
                for child in item.children { add(child, depth: depth + 1) }
            }
        }
        for item in source.items { add(item, depth: 0) }
        if rows.contains(where: { $0.hasPrefix("  - ") }) {
            lines.append("entries:")
            lines += rows
        } else {
            lines.append("entries: []")
        }
        return lines.joined(separator: "\n") + "\n"
    }


    /// One line of comment text: line breaks and other control characters become spaces.
    static func comment(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" ? " " : scalar
        }))
    }
}

extension Pipeline {
    /// `new-mapping`: loads the catalogs, checks the source, targets and id, and writes the
    /// skeleton as a one-file transaction. Refuses to replace an existing file unless `force`.
    /// Returns the path written and the number of items listed.
    @discardableResult
    public static func newMapping(_ request: NewMappingRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> (path: String, items: Int) {
        let here = SourceLocation(file: request.catalogs)
        var problems: [Diagnostic] = []
        let id = Normalization.key(request.id)
        if let problem = Mapping.fileNameProblem(id, written: request.id) {
            problems.append(.error(SourceLocation(file: "--id"), "mapping id '\(request.id)' cannot name output files: \(problem)"))
        }
        if !problems.isEmpty {
            diagnostics.report(problems)
            throw .badInput
        }
        let destination = request.destination
        if !request.force, FileManager.default.fileExists(atPath: destination) {
            throw .cannotWrite("error: \(destination) already exists; new-mapping does not replace it "
                + "(pass --force to overwrite it, or choose another --out)")
        }
        let workspace = try Workspace.load([request.catalogs], limits: request.limits, diagnostics: diagnostics)
        let byID = Dictionary(workspace.catalogs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func unknown(_ written: String, role: String) -> Diagnostic {
            let key = Normalization.key(written)
            let hint = Suggestion.nearest(to: key, in: Array(byID.keys)).map { "; did you mean '\($0)'?" } ?? ""
            return .error(here, "\(role) catalog \(Normalization.quoted(written, key: key)) is not among the catalogs in \(request.catalogs)\(hint)")
        }
        let source = byID[Normalization.key(request.source)]
        if source == nil { problems.append(unknown(request.source, role: "source")) }
        var targets: [String] = []
        for written in request.targets {
            let key = Normalization.key(written)
            if key.isEmpty {
                problems.append(.error(here, "a target catalog id in --target is empty"))
            } else if byID[key] == nil {
                problems.append(unknown(written, role: "target"))
            } else if targets.contains(key) {
                problems.append(.error(here, "target catalog \(Normalization.quoted(written, key: key)) is given twice in --target"))
            } else {
                targets.append(key)
            }
        }
        if request.targets.isEmpty { problems.append(.error(here, "name at least one target catalog with --target")) }
        guard let source, problems.isEmpty else {
            diagnostics.report(problems)
            throw .badInput
        }
        let text = MappingSkeleton.text(id: id, source: source, targets: targets)
        let written = try write(text, as: MappingSkeleton.yaml, to: .file(destination), diagnostics: diagnostics)
        let items = source.allItems.filter { $0.children.isEmpty }.count
        return (written ?? destination, items)
    }
}
