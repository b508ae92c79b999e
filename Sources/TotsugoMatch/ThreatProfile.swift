import TotsugoCore

/// The Lv.1 クイックアプローチ for one threat (docs/threat-profiles.md): the threat's measures
/// (a catalog of threats, each with its measures under 組織的/人的/物理的/技術的), what each
/// reaches in the base catalog (付録5) and ISO/IEC 27002 through the profile mapping, and which
/// industry items cover those provisions. A measure whose provisions no industry item covers is
/// flagged.
public struct ThreatProfile: Sendable {
    public struct Measure: Equatable, Sendable {
        public var id: String
        /// 組織的対策 / 人的対策 / 物理的対策 / 技術的対策 (the measure's parent heading).
        public var category: String
        /// `(1) 社内の対応体制をつくる`.
        public var label: String
        /// Base catalog items the measure reaches, in base catalog order.
        public var provisions: [String]
        /// Other catalogs' items it reaches (ISO/IEC 27002 controls), `short-title id`.
        public var others: [String]
        /// Industry items whose links reach one of `provisions` (the provision or an item
        /// inside it), in industry catalog order.
        public var coveredBy: [String]
        public var isUncovered: Bool { coveredBy.isEmpty }
    }

    /// The threat's id (`ransomware`) and heading (`ランサムウェア`).
    public var threat: String
    public var threatHeading: String
    public var measures: [Measure]
    /// Every base catalog item a measure reaches.
    public var provisions: Set<String>
    public var profileCatalog: Catalog

    /// Why a profile cannot be made (said on the command line).
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// `profile`: the mapping from the threat catalog; `threat`: a top-level item of its source
    /// (the threat); `base`: the regulation's base catalog; `industry`: the industry mapping.
    public init(threat written: String, profile: ResolvedMapping, base: String, industry: ResolvedMapping) throws(Failure) {
        let threats = profile.source
        let threat = Normalization.key(written)
        let known = threats.catalog.items.map(\.id)
        guard known.contains(threat) else {
            let hint = Suggestion.nearest(to: threat, in: known).map { "; did you mean '\($0)'?" } ?? ""
            throw Failure(message: "no threat '\(written)' in the threat catalog '\(threats.catalog.id)' (threats: \(known.joined(separator: ", ")))\(hint)")
        }
        guard let baseIndex = profile.targets.first(where: { $0.catalog.id == base }) else {
            throw Failure(message: "the profile mapping '\(profile.mapping.id)' does not map onto the base catalog '\(base)' (its targets: \(profile.mapping.targets.joined(separator: ", ")))")
        }
        // Industry items per base item they link to.
        var industryByBase: [String: [String]] = [:]
        if let industryBase = industry.targets.first(where: { $0.catalog.id == base }) {
            for id in industry.rowItemIDs {
                guard let entry = industry.entries[id] else { continue }
                for link in industry.matches(entry, in: industryBase) { industryByBase[link.target.item!, default: []].append(id) }
            }
        }
        var measures: [Measure] = []
        var provisions: Set<String> = []
        for id in threats.orderedIDs where id != threat && threats.pathLabels(id).count == 3
            && threats.paths[id]?.first?.id == threat {
            let path = threats.paths[id] ?? []
            let links = profile.entries[id].map { entry in profile.targets.flatMap { profile.matches(entry, in: $0) } } ?? []
            let reached = links.filter { $0.target.catalog == base }.compactMap(\.target.item)
            let ordered = reached.sorted { (baseIndex.position(of: $0) ?? .max) < (baseIndex.position(of: $1) ?? .max) }
            var covered: [String] = []
            for provision in ordered {
                for (target, items) in industryByBase where target == provision || Self.isInside(target, provision, in: baseIndex) {
                    for item in items where !covered.contains(item) { covered.append(item) }
                }
            }
            covered.sort { (industry.source.position(of: $0) ?? .max) < (industry.source.position(of: $1) ?? .max) }
            let others = links.filter { $0.target.catalog != base }.map { link in
                let index = profile.targets.first { $0.catalog.id == link.target.catalog }
                return "\(index?.catalog.shortTitle ?? link.target.catalog) \(index?.label(link.target.item ?? "") ?? link.target.item ?? "")"
            }
            measures.append(Measure(id: id, category: path.count > 1 ? path[1].heading : "", label: threats.label(id) ?? id,
                                    provisions: ordered, others: others, coveredBy: covered))
            provisions.formUnion(ordered)
        }
        for id in provisions { sectionLabels[id] = baseIndex.pathLabel(id) }
        self.threat = threat
        self.threatHeading = threats.items[threat]?.heading ?? threat
        self.measures = measures
        self.provisions = provisions
        self.profileCatalog = threats.catalog
    }

    /// `inner` is `outer` or lies inside it.
    static func isInside(_ inner: String, _ outer: String, in index: CatalogIndex) -> Bool {
        guard var at = index.position(of: inner), let stop = index.position(of: outer) else { return false }
        while let parent = index.parentPosition(at) {
            if parent == stop { return true }
            at = parent
        }
        return false
    }

    /// The regulation cut down to the provisions the measures reach: those sections whole (with
    /// what lies inside them), their chapters as headings only, the rest left out; the front page
    /// says which threat, lists every measure with what it reaches and who covers it, and flags
    /// the measures no industry item covers.
    public func apply(to document: RegulationDocument, industry: ResolvedMapping) -> RegulationDocument {
        var result = document
        func keep(_ section: RegulationDocument.Section) -> RegulationDocument.Section? {
            guard section.kind == .base else { return nil }
            if provisions.contains(section.id) {
                // Which of the threat's measures this provision answers, said under its text.
                var reached = section
                let here = measures.filter { $0.provisions.contains(section.id) }.map { measure in
                    "\(measure.category) \(measure.label)" + (measure.isUncovered ? "（業界の項目なし）" : "")
                }
                let line = "【\(threatHeading)への対策】" + here.joined(separator: "／")
                reached.text = [section.text, line].compactMap { $0 }.joined(separator: "\n")
                return reached
            }
            let children = section.children.compactMap(keep)
            guard !children.isEmpty else { return nil }
            var heading = section
            heading.text = nil
            heading.annotations = []
            heading.revisions = []
            heading.industryOnly = []
            heading.children = children
            return heading
        }
        result.sections = document.sections.compactMap(keep)
        let variant = "クイックアプローチ（Lv.1）: \(threatHeading)"
        result.variant = [document.variant, variant].compactMap { $0 }.joined(separator: "・")
        result.variantSuffix = document.variantSuffix + "." + threat
        let uncovered = measures.filter(\.isUncovered)
        result.facts.append(.init(name: "対象の脅威", value: threatHeading))
        result.facts.append(.init(name: "対策", value: "\(measures.count) 件（うち、当たる規程の節に業界の項目が一つも対応していない対策 \(uncovered.count) 件）"))
        let source = industry.source
        var notes = [
            "クイックアプローチ（Lv.1）: 脅威「\(threatHeading)」の対策が関係する規程の節だけを収めた版。節の全体はもとの版を参照。",
            "脅威と対策の出典: \(profileCatalog.provenance.joined(separator: " "))（\(profileCatalog.completeness)）",
        ]
        for measure in measures {
            let covered = measure.coveredBy.isEmpty
                ? "【業界の項目なし】この対策に当たる規程の節に、業界ガイドラインの項目が対応していない"
                // An industry item counts here when it maps to the measure's section or to a part
                // of it: it sits where the measure applies, which is not proof that it meets it.
                : "同じ規程の節（またはその下の項）に対応する業界の項目（この対策を満たすかは個別に確認）: "
                    + measure.coveredBy.map { source.label($0) ?? $0 }.joined(separator: "、")
            notes.append("\(measure.category) \(measure.label) → 規程 \(measure.provisions.map(sectionLabel).joined(separator: "、"))"
                + (measure.others.isEmpty ? "" : "（\(measure.others.joined(separator: "、"))）") + "。\(covered)")
        }
        result.notes = notes + document.notes
        return result
    }

    /// Each reached base item's path label (`1.組織的対策/1.情報セキュリティのための組織`).
    var sectionLabels: [String: String] = [:]

    func sectionLabel(_ id: String) -> String { sectionLabels[id] ?? id }
}
