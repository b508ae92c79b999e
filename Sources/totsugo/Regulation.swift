import ArgumentParser
import TotsugoScheduler
import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoMatch
import TotsugoPipeline

struct Regulation: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate the industry sample regulation (業界向け情報セキュリティサンプル規程) per mapping.",
        discussion: """
        For every mapping whose targets include the base catalog (IPA 付録5, id \
        ipa-3.1-appendix5, or --base), writes IPA's sample regulation with the industry \
        guideline folded in: the base chapters, sections and subsections in order, each with \
        its provisions when the base catalog carries them (imported from the 付録5 .docx; else \
        our one-line summary); the industry items mapped to each section (〔short-title number \
        (level)〕) with a priority mark; the mapping's 反映案 (items with the same 反映案 as \
        one); industry-only items (reviewed, no counterpart in the base) as provisions under \
        their placement, or in an appendix chapter when the mapping names none. Unreviewed \
        items are left out and counted on the front page. Rules: docs/regulation.md.

        Files: <mapping-id>.regulation[.lvN][.minimum][.<tag>].<docx|md|html>. Nothing is \
        written unless every input is valid; the date on the front page comes only from --date.

        In the .docx, the industry items mapped to a section are Word comments on its \
        provisions, 反映案 and industry-only items are tracked insertions (accept or reject each \
        in Word); --annotations inline shows them as shaded paragraphs instead.

        Variants: --level N keeps items whose lowest level is N or less (items with no level \
        stay in); --split management,technical writes one document per tag (items with none \
        of the tags go into each; a part leaves out base chapters without any of its items); \
        --minimum keeps only items tagged `minimum` (an error when none is).

        Example:
          totsugo regulation --format docx,md,html --out Output
          totsugo regulation --level 1 --split management,technical --date 2024-06-01
          totsugo regulation --profile ransomware      (<mapping-id>.regulation.ransomware.*)
        """
    )

    @Option(help: "Folder of catalogs.") var catalogs = "Catalogs"
    @Option(help: "Folder of mapping files.") var mappings = "Mappings"
    @Option(help: "Output folder (created if missing).") var out = "Output"
    @Option(help: "Comma-separated output formats: \(OutputFormats.regulation.names.joined(separator: ", ")).")
    var format = "docx,md,html"
    @Option(help: "Only industry items up to this level: a position (1, 2, 3) or a level name of the source catalog (LV1, or its level-names, e.g. ★3).") var level: String?
    @Option(help: "Comma-separated tags; one document per tag (e.g. management,technical).") var split: String?
    @Flag(help: "Minimum edition: only industry items tagged `minimum`.") var minimum = false
    @Option(help: "Id of the base catalog (default: \(RegulationOptions.defaultBase)).") var base: String?
    @Option(help: "Date printed on the front page and in the document properties (e.g. 2024-06-01).") var date: String?
    @Option(help: "How the .docx shows the industry items and 反映案: comments (Word comments and tracked insertions, the default) or inline (shaded paragraphs, as in md/html).")
    var annotations: RegulationDocument.AnnotationStyle = .comments
    @Flag(help: "Put a TOC field in the .docx (Word offers to update it, with page numbers, on opening); default: a plain list of the headings.")
    var tocField = false
    @Option(help: "Lv.1 quick approach: only the provisions this threat's measures reach (e.g. ransomware; docs/threat-profiles.md).") var profile: String?
    @Option(help: "Folder of threat profile mappings (with --profile).") var profiles = "Profiles"
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out needs a folder") }
        _ = try formats()
        if let level, LevelSelector(level) == nil { throw ValidationError("--level needs a level: a position (1, 2, 3) or a level name") }
        if let split {
            let tags = splitTags(split)
            if tags.isEmpty { throw ValidationError("--split needs at least one tag") }
            // Each tag names files (<id>.regulation.<tag>.docx): one plain word.
            for tag in tags where tag.utf8.count > 64 || tag.unicodeScalars.contains(where: {
                $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || "/\\.:<>\"|?*".unicodeScalars.contains($0)
            }) {
                throw ValidationError("--split tag '\(tag)' cannot be part of a file name: use letters, digits, '-' or '_' (at most 64 bytes)")
            }
        }
        if let date, InputDate.w3c(date) == nil {
            throw ValidationError("--date must be a date such as 2024-06-01 (or 2024-06, 2024), not '\(date)'")
        }
    }

    func formats() throws -> [any OutputFormat<RegulationDocument>] {
        try FormatOption.parse(format, in: OutputFormats.regulation)
    }

    func splitTags(_ list: String) -> [String] {
        var tags: [String] = []
        for part in list.split(separator: ",") {
            let tag = Normalization.key(String(part))
            if !tag.isEmpty, !tags.contains(tag) { tags.append(tag) }
        }
        return tags
    }

    func variants() -> [RegulationOptions] {
        var common = RegulationOptions(baseCatalog: Normalization.key(baseCatalog), minimum: minimum, date: date,
                                       levelSelector: level.flatMap(LevelSelector.init))
        common.annotationStyle = annotations
        common.tocField = tocField
        guard let split else { return [common] }
        let tags = splitTags(split)
        return tags.map { tag in
            var options = common
            options.part = .init(tag: tag, allTags: tags)
            return options
        }
    }

    var baseCatalog: String { base ?? RegulationOptions.defaultBase }

    func run() throws {
        Scheduler.preferSmallFootprint()
        var request = RegulationRequest(catalogs: catalogs, mappings: mappings, out: out, formats: try formats(),
                                        variants: variants(), limits: limitOptions.limits)
        request.baseNamed = base != nil
        request.profile = profile
        request.profiles = profiles
        let result = try running { () throws(CommandFailure) in try Pipeline.regulation(request, diagnostics: StandardErrorSink()) }
        for id in result.skipped { print("skipped \(id): its targets do not include \(Normalization.key(baseCatalog))") }
        if result.written.isEmpty { print("no mapping targets \(Normalization.key(baseCatalog)); nothing to write") }
        for path in result.written { print("wrote \(path)") }
    }
}

extension RegulationDocument.AnnotationStyle: ExpressibleByArgument {}
