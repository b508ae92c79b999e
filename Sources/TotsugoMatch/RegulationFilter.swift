import TotsugoCore

/// Which industry items a regulation variant holds. Rules (docs/regulation.md):
/// - Levels and tags are an item's own, or inherited: levels from the nearest ancestor that has
///   any, tags as the union of the item's and all its ancestors' tags.
/// - `maxLevel`: items whose lowest level is ≤ the limit. Items with no level (own or
///   inherited) are kept in every level variant and counted on the front page.
/// - `part` (split): items carrying the part's tag. Items carrying none of the split's tags
///   are kept in every part and counted on the front page; an item with two split tags
///   appears in both parts.
/// - `minimum`: only items tagged `minimum` (a positive selection: untagged items are left out).
public struct RegulationOptions: Equatable, Sendable {
    public static let defaultBase = "ipa-3.1-appendix5"
    public static let minimumTag = "minimum"

    /// One document of a split: its tag and the full list of split tags.
    public struct Part: Equatable, Sendable {
        public var tag: String
        public var allTags: [String]
        public init(tag: String, allTags: [String]) {
            self.tag = tag
            self.allTags = allTags
        }
    }

    public var baseCatalog: String
    /// `--level` as given; `maxLevel` is it resolved in the source catalog's vocabulary
    /// (`resolvingLevel`).
    public var levelSelector: LevelSelector?
    public var maxLevel: Level?
    public var part: Part?
    public var minimum: Bool
    /// Date printed on the front page; from the command line, never the clock.
    public var date: String?
    /// References and 反映案 in the .docx as Word comments and tracked insertions, or inline.
    public var annotationStyle: RegulationDocument.AnnotationStyle = .comments
    /// A TOC field in the .docx (Word then offers to update fields on opening).
    public var tocField = false

    public init(baseCatalog: String = RegulationOptions.defaultBase, maxLevel: Level? = nil, part: Part? = nil,
                minimum: Bool = false, date: String? = nil, levelSelector: LevelSelector? = nil) {
        self.baseCatalog = baseCatalog
        self.maxLevel = maxLevel
        self.levelSelector = levelSelector ?? maxLevel.map(LevelSelector.init)
        self.part = part
        self.minimum = minimum
        self.date = date
    }

    /// These options with `levelSelector` resolved in `vocabulary` (nil: it names no level there).
    public func resolvingLevel(in vocabulary: LevelVocabulary) -> RegulationOptions? {
        guard let levelSelector else { return self }
        guard let level = levelSelector.resolve(in: vocabulary) else { return nil }
        var copy = self
        copy.maxLevel = level
        return copy
    }

    /// `.lv1.minimum.management` (`lvN`: the N-th level of the catalog's vocabulary); empty for
    /// the full edition.
    public var fileSuffix: String {
        var parts: [String] = []
        if let maxLevel { parts.append("lv\(maxLevel.rank)") }
        if minimum { parts.append("minimum") }
        if let part { parts.append(part.tag) }
        return parts.map { "." + $0 }.joined()
    }

    /// `LV1 までの項目・最低限版・マネジメント対策編`; nil for the full edition.
    public var variantTitle: String? {
        var parts: [String] = []
        if let maxLevel { parts.append("\(maxLevel) までの項目") }
        if minimum { parts.append("最低限実施すべき項目（最低限版）") }
        if let part { parts.append(Self.partTitle(part.tag)) }
        return parts.isEmpty ? nil : parts.joined(separator: "・")
    }

    static func partTitle(_ tag: String) -> String {
        switch tag {
        case "management": "マネジメント対策編"
        case "technical": "技術対策編"
        default: "「\(tag)」編"
        }
    }
}

/// Effective levels and tags of industry items, and the filter decision.
struct RegulationFilter {
    let options: RegulationOptions
    let source: CatalogIndex

    enum Decision: Equatable { case keep, keepUnlevelled, keepUntagged, keepUnlevelledUntagged, drop }

    func levels(of id: String) -> [Level] {
        for item in (source.paths[id] ?? []).reversed() where !item.levels.isEmpty { return item.levels }
        return []
    }

    func tags(of id: String) -> Set<String> {
        Set((source.paths[id] ?? []).flatMap(\.tags))
    }

    /// Whether the item is in this variant, and whether it is in only because it lacks a
    /// level or a split tag.
    func decide(_ id: String) -> Decision {
        let tags = tags(of: id)
        if options.minimum, !tags.contains(RegulationOptions.minimumTag) { return .drop }
        var unlevelled = false
        if let maxLevel = options.maxLevel {
            if let lowest = levels(of: id).min() {
                if lowest > maxLevel { return .drop }
            } else {
                unlevelled = true
            }
        }
        var untagged = false
        if let part = options.part {
            if tags.isDisjoint(with: part.allTags) {
                untagged = true
            } else if !tags.contains(part.tag) {
                return .drop
            }
        }
        switch (unlevelled, untagged) {
        case (false, false): return .keep
        case (true, false): return .keepUnlevelled
        case (false, true): return .keepUntagged
        case (true, true): return .keepUnlevelledUntagged
        }
    }
}
