import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch

/// What `regulation` is asked for.
public struct RegulationRequest: Sendable {
    public var catalogs: String
    public var mappings: String
    public var out: String
    public var formats: [any OutputFormat<RegulationDocument>]
    /// One document per variant (a --split makes one per tag).
    public var variants: [RegulationOptions]
    public var limits: InputLimits
    /// The base was named by the user: a catalog of that id must exist (a typo is an error,
    /// not "nothing to write").
    public var baseNamed = false
    /// `--profile`: the Lv.1 quick-approach edition for this threat (ThreatProfile.swift).
    public var profile: String?
    /// Where the threat profile mapping is read (with the catalogs).
    public var profiles = "Profiles"

    public init(catalogs: String = "Catalogs", mappings: String = "Mappings", out: String = "Output",
                formats: [any OutputFormat<RegulationDocument>] = OutputFormats.regulation.formats,
                variants: [RegulationOptions] = [RegulationOptions()], limits: InputLimits = .default) {
        self.catalogs = catalogs
        self.mappings = mappings
        self.out = out
        self.formats = formats
        self.variants = variants
        self.limits = limits
    }
}

public struct RegulationResult: Sendable, Equatable {
    public var written: [String]
    /// Mappings left out because their targets do not include the base catalog.
    public var skipped: [String]
}

extension Pipeline {
    /// `regulation`: the sample regulation of every mapping that targets the base catalog,
    /// every variant in every format, as one transaction.
    public static func regulation(_ request: RegulationRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> RegulationResult {
        let workspace = try Workspace.load([request.catalogs, request.mappings], limits: request.limits, diagnostics: diagnostics)
        let known = workspace.catalogs.map(\.id)
        for base in Set(request.variants.map(\.baseCatalog)).sorted() where request.baseNamed && !known.contains(base) {
            let hint = Suggestion.nearest(to: base, in: known).map { "; did you mean '\($0)'?" } ?? ""
            diagnostics.report([.error(SourceLocation(file: request.catalogs), "no catalog has the id '\(base)' given as the base of the regulation\(hint)")])
            throw .badInput
        }
        let profileMapping = try request.profile.map { _ throws(CommandFailure) in try loadProfile(request, diagnostics: diagnostics) }
        var documents: [(stem: String, document: RegulationDocument)] = []
        var skipped: [String] = []
        for resolved in workspace.resolved {
            // A split of a catalog none of whose items carries a split tag gives identical parts.
            if let part = request.variants.first?.part, RegulationBuilder.targetsBase(resolved, options: request.variants[0]),
               !resolved.source.catalog.allItems.contains(where: { !Set($0.tags).isDisjoint(with: part.allTags) }) {
                let source = resolved.source.catalog
                diagnostics.report([.warning(source.location ?? SourceLocation(file: request.catalogs),
                    "--split \(part.allTags.joined(separator: ",")): no item of '\(source.id)' carries any of these tags, so every part of mapping '\(resolved.mapping.id)' holds all its items; tag the items (or their chapters) with '@tags: \(part.allTags.joined(separator: "' or '@tags: "))' to split them")])
            }
            for given in request.variants {
                guard RegulationBuilder.targetsBase(resolved, options: given) else {
                    skipped.append(resolved.mapping.id)
                    break
                }
                guard let options = given.resolvingLevel(in: resolved.source.catalog.levelVocabulary) else {
                    let vocabulary = resolved.source.catalog.levelVocabulary
                    diagnostics.report([.error(resolved.mapping.location ?? SourceLocation(file: request.mappings),
                        "--level '\(given.levelSelector?.written ?? "")': the source catalog '\(resolved.source.catalog.id)' of mapping '\(resolved.mapping.id)' has levels \(vocabulary.names.joined(separator: " / ")) (name one, or give its position 1–\(vocabulary.levels.count))")])
                    throw .badInput
                }
                var document: RegulationDocument
                do throws(RegulationError) {
                    document = try RegulationBuilder(resolved, options: options).build()
                } catch {
                    diagnostics.report([.error(resolved.mapping.location ?? SourceLocation(file: request.mappings), "\(error)")])
                    throw .badInput
                }
                // The minimum edition is a declared set: none declared is an error, not an empty document.
                if options.minimum, document.industryItemCount == 0 {
                    let source = resolved.source.catalog
                    diagnostics.report([.error(source.location ?? resolved.mapping.location ?? SourceLocation(file: request.catalogs),
                        "--minimum: no reviewed item of '\(source.id)' (mapping '\(resolved.mapping.id)'\(options.fileSuffix == ".minimum" ? "" : ", document \(resolved.mapping.id).regulation\(options.fileSuffix)")) is tagged '\(RegulationOptions.minimumTag)', so the minimum edition would be empty; declare the minimum set with '@tags: \(RegulationOptions.minimumTag)' on its items (or on their chapter) in the catalog")])
                    throw .badInput
                }
                if let threat = request.profile, let profileMapping {
                    document = try profiled(document, threat: threat, profile: profileMapping, industry: resolved, options: options,
                                            diagnostics: diagnostics)
                }
                let stem = "\(resolved.mapping.id).regulation\(document.variantSuffix)"
                diagnostics.progress(ProgressStep("document", stem, counts: document.progressCounts))
                documents.append((stem, document))
            }
        }
        guard !documents.isEmpty else { return RegulationResult(written: [], skipped: skipped) }
        let written = try writing(to: request.out, diagnostics: diagnostics) { staging in
            for (stem, document) in documents {
                for format in request.formats {
                    diagnostics.report(try staging.addFile(name: "\(stem).\(format.name)") { try format.write(document, to: &$0) })
                    diagnostics.progress(ProgressStep("wrote", "\(stem).\(format.name)", counts: document.progressCounts))
                }
            }
        }
        return RegulationResult(written: written, skipped: skipped)
    }
}

extension RegulationDocument {
    /// What a progress line says of a document: its sections (the base catalog's chapters,
    /// sections and subsections of every depth; not the appendix chapter) and the provisions
    /// they carry.
    var progressCounts: [ProgressStep.Count] {
        var sections = 0
        var provisions = 0
        func visit(_ section: Section) {
            if section.kind == .base { sections += 1 }
            provisions += section.provisions.count
            section.children.forEach(visit)
        }
        self.sections.forEach(visit)
        return [.init(sections, "section"), .init(provisions, "provision")]
    }
}
