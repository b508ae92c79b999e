import TotsugoCore

/// The mapping does not target the base catalog the regulation is built on.
public struct RegulationError: Error, Equatable, CustomStringConvertible {
    public var mapping: String
    public var base: String
    public init(mapping: String, base: String) {
        self.mapping = mapping
        self.base = base
    }
    public var description: String {
        "mapping '\(mapping)' does not list '\(base)' among its targets; a sample regulation needs it (use --base to name another base catalog)"
    }
}

/// Builds the sample regulation from a resolved mapping whose targets include the base
/// catalog (付録5). Only reviewed entries take part: unreviewed industry items are counted on
/// the front page. Text comes from the catalogs and the mapping only.
public struct RegulationBuilder {
    public let resolved: ResolvedMapping
    public let options: RegulationOptions

    public init(_ resolved: ResolvedMapping, options: RegulationOptions = RegulationOptions()) {
        self.resolved = resolved
        self.options = options
    }

    /// Whether `resolved` targets the base catalog named in `options`.
    public static func targetsBase(_ resolved: ResolvedMapping, options: RegulationOptions = RegulationOptions()) -> Bool {
        resolved.targets.contains { $0.catalog.id == options.baseCatalog }
    }

    public func build() throws(RegulationError) -> RegulationDocument {
        guard let base = resolved.targets.first(where: { $0.catalog.id == options.baseCatalog }) else {
            throw RegulationError(mapping: resolved.mapping.id, base: options.baseCatalog)
        }
        let source = resolved.source
        let filter = RegulationFilter(options: options, source: source)
        let numbers = ReferenceNumbers(source)

        var annotations: [String: [RegulationDocument.Reference]] = [:]
        var revisions: [String: [RegulationDocument.Revision]] = [:]
        var placed: [String: [RegulationDocument.IndustryOnlyItem]] = [:]
        var appendix: [RegulationDocument.IndustryOnlyItem] = []
        var counts = Counts()

        for id in source.orderedIDs {
            guard let entry = resolved.entries[id], let item = source.items[id] else {
                if resolved.entries[id] == nil, source.items[id]?.children.isEmpty ?? false { counts.unreviewed += 1 }
                continue
            }
            let decision = filter.decide(id)
            if decision == .drop { counts.filteredOut += 1; continue }
            if decision == .keepUnlevelled || decision == .keepUnlevelledUntagged { counts.unlevelled += 1 }
            if decision == .keepUntagged || decision == .keepUnlevelledUntagged { counts.untagged += 1 }

            let reference = RegulationDocument.Reference(
                itemID: id, marker: marker(id, numbers: numbers, filter: filter), label: Self.headingLabel(item),
                levels: filter.levels(of: id))
            let entryNotes = entry.note.map { [$0] } ?? []
            // Links to items a partial base catalog does not hold (the resolver warned) have no
            // place in the text: counted and said in the notes, never attached to nothing.
            let linked = resolved.matches(entry, in: base)
            let matches = linked.compactMap(\.target.item).filter(base.contains)
            let unheld = linked.filter { $0.target.item.map { !base.contains($0) } ?? false }.map(\.target)
            counts.unheldLinks += unheld.count
            let placement = entry.placement.flatMap { $0.catalog == base.catalog.id ? $0.item : nil }.flatMap { base.contains($0) ? $0 : nil }
            if !matches.isEmpty {
                counts.mapped += 1
                var seen = Set<String>()
                for target in matches where seen.insert(target).inserted {
                    annotations[target, default: []].append(reference)
                }
                if let proposal = entry.proposal {
                    let place = placement ?? matches[0]
                    // The same 反映案 at the same place is one revision listing every item.
                    if let same = revisions[place]?.firstIndex(where: { $0.text == proposal }) {
                        revisions[place]![same].references.append(reference)
                        revisions[place]![same].notes += entryNotes.filter { !revisions[place]![same].notes.contains($0) }
                    } else {
                        revisions[place, default: []].append(.init(references: [reference], text: proposal, notes: entryNotes))
                    }
                }
                continue
            }
            var only = RegulationDocument.IndustryOnlyItem(
                references: [reference], notes: entryNotes, proposal: entry.proposal,
                summary: entry.proposal == nil ? item.text : nil, fallbackReason: nil)
            if let placement {
                placed[placement, default: []].merging(only)
                counts.placed += 1
            } else {
                only.fallbackReason = fallbackReason(entry.placement, base: base, unheld: unheld)
                appendix.merging(only)
                counts.appendix += 1
            }
        }

        // A 反映案 that is also the 反映案 of an industry-only item placed at the same section is
        // one provision: the item's, citing the mapped items too.
        for (place, items) in placed {
            for (index, only) in items.enumerated() {
                guard let proposal = only.proposal, let same = revisions[place]?.firstIndex(where: { $0.text == proposal }) else { continue }
                let revision = revisions[place]!.remove(at: same)
                placed[place]![index].references += revision.references
                placed[place]![index].notes += revision.notes.filter { !placed[place]![index].notes.contains($0) }
            }
        }
        func section(_ item: CatalogItem, depth: Int) -> RegulationDocument.Section {
            RegulationDocument.Section(
                kind: .base, id: item.id, heading: depth == 1 ? Self.chapterHeading(item) : item.label, depth: depth,
                text: item.text, provisions: item.provisions,
                annotations: annotations[item.id] ?? [], revisions: revisions[item.id] ?? [],
                industryOnly: placed[item.id] ?? [],
                children: item.children.map { section($0, depth: depth + 1) })
        }
        var sections = base.catalog.items.map { section($0, depth: 1) }
        // A part of a split holds the base chapters that carry its industry items, so the
        // parts differ; the chapters left out are named on the front page.
        if options.part != nil {
            counts.omittedChapters = sections.filter { !$0.carriesIndustryItems }.map(\.heading)
            if counts.omittedChapters.count < sections.count { sections.removeAll { !$0.carriesIndustryItems } }
            else { counts.omittedChapters = [] }
        }
        if !appendix.isEmpty {
            sections.append(RegulationDocument.Section(
                kind: .appendix, id: "appendix", heading: "付録 業界独自の項目（配置先の指定なし）", depth: 1,
                text: "突合表で配置先が\(base.catalog.shortTitle)の項目として指定されていない業界独自の項目です。配置先を決めて規程本文に移してください。",
                annotations: [], revisions: [], industryOnly: [], children: []))
            sections[sections.count - 1].industryOnly = appendix
        }

        var document = RegulationDocument(
            title: "業界向け情報セキュリティサンプル規程（\(source.catalog.shortTitle)）",
            variant: options.variantTitle, variantSuffix: options.fileSuffix,
            facts: facts(base: base), notes: notes(base: base, counts: counts),
            sections: sections, date: options.date ?? InputDate.latest(resolved))
        document.annotationStyle = options.annotationStyle
        document.tocField = options.tocField
        if document.hasPlaceholders {
            document.notes.append("○月、＿＿ など各社で記入する箇所は強調表示しています（Word 版では黄色の蛍光ペン）。")
        }
        if options.annotationStyle == .comments {
            document.notes.append("Word 版では、対応する業界ガイドラインの項目を余白のコメントに、反映案を変更履歴（挿入）として示しています。反映案は［校閲］タブで一つずつ承諾・元に戻すことができます。")
        }
        return document
    }

    /// A chapter's heading with its number as 「第N章」 when the number is a plain chapter
    /// number (`1.`, `10`), so chapters and their sections (`1.`, `2.` …) are told apart.
    static func chapterHeading(_ item: CatalogItem) -> String {
        var number = item.number
        while number.hasSuffix(".") || number.hasSuffix("．") { number.removeLast() }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }) else { return item.label }
        var unnumbered = item
        unnumbered.number = ""
        let heading = unnumbered.label
        return heading.isEmpty ? "第\(number)章" : "第\(number)章 \(heading)"
    }

    /// The item's heading as `CatalogItem.label` shows it, without the number (the marker has it).
    static func headingLabel(_ item: CatalogItem) -> String {
        var unnumbered = item
        unnumbered.number = ""
        let label = unnumbered.label
        return label.isEmpty ? item.label : label
    }

    struct Counts {
        var mapped = 0, placed = 0, appendix = 0, filteredOut = 0, unreviewed = 0, unlevelled = 0, untagged = 0
        /// Links to items the (partial) base catalog does not hold.
        var unheldLinks = 0
        /// Chapters a split part leaves out (no industry item of the part in them).
        var omittedChapters: [String] = []
    }

    func marker(_ id: String, numbers: ReferenceNumbers, filter: RegulationFilter) -> String {
        var inner = resolved.source.catalog.shortTitle
        let number = numbers.number(id)
        if !number.isEmpty { inner += " " + number }
        let levels = filter.levels(of: id)
        if !levels.isEmpty { inner += " (" + levels.map(\.description).joined(separator: "/") + ")" }
        return "〔\(inner)〕"
    }

    func fallbackReason(_ placement: ItemReference?, base: CatalogIndex, unheld: [ItemReference] = []) -> String {
        let unheldText = unheld.isEmpty ? "" : "対応先 "
            + unheld.map(CrossReferenceTable.unheldText).joined(separator: "、")
            + " は\(base.catalog.shortTitle)のカタログに収録されていないため、本文の該当箇所に配置できません。"
        guard let placement else { return unheldText + "突合表に配置先の指定がありません。" }
        if placement.catalog == base.catalog.id, let item = placement.item, !base.contains(item) {
            return unheldText + "配置先 \(CrossReferenceTable.unheldText(placement)) は\(base.catalog.shortTitle)のカタログに収録されていません。"
        }
        if placement.catalog != base.catalog.id {
            return unheldText + "配置先「\(placementText(placement))」は\(base.catalog.shortTitle)の項目ではありません。"
        }
        return unheldText + "配置先は\(base.catalog.shortTitle)の全体を指しており、項目を指定していません。"
    }

    /// A placement outside the base as a reader names it: the catalog's short title and the
    /// item's number and heading when the catalog is at hand.
    func placementText(_ placement: ItemReference) -> String {
        guard let index = resolved.targets.first(where: { $0.catalog.id == placement.catalog }) else {
            return placement.description
        }
        guard let item = placement.item, let found = index.items[item] else { return index.catalog.shortTitle }
        return "\(index.catalog.shortTitle) \(found.label)"
    }

    func facts(base: CatalogIndex) -> [RegulationDocument.Fact] {
        let source = resolved.source.catalog
        let mapping = resolved.mapping
        var facts: [RegulationDocument.Fact] = [
            .init(name: "業界ガイドライン", value: source.title),
            .init(name: "業界ガイドラインの版", value: source.version),
            .init(name: "発行者", value: source.publisher),
        ]
        if let date = source.date { facts.append(.init(name: "業界ガイドラインの発行時期", value: date)) }
        facts.append(.init(name: "ベースとした規程", value: base.catalog.title))
        facts.append(.init(name: "ベースの版", value: base.catalog.version))
        if let date = base.catalog.date { facts.append(.init(name: "ベースの発行時期", value: date)) }
        var mappingText = "\(mapping.title ?? mapping.id)（\(mapping.id)、状態: \(RelationshipWords.status(mapping.status))"
        if let reviewer = mapping.reviewer, !reviewer.isEmpty { mappingText += "、レビュー: \(reviewer)" }
        facts.append(.init(name: "突合表", value: mappingText + "）"))
        if let variant = options.variantTitle { facts.append(.init(name: "収録範囲", value: variant)) }
        if let date = options.date {
            facts.append(.init(name: "作成日", value: date))
        } else if let date = InputDate.latest(resolved) {
            facts.append(.init(name: "基準日", value: "\(date)（突合した文書の発行時期のうち最新）"))
        }
        return facts
    }

    func notes(base: CatalogIndex, counts: Counts) -> [String] {
        let source = resolved.source.catalog
        var notes: [String] = []
        if resolved.mapping.status != "complete" {
            notes.append("突合表の状態は「\(RelationshipWords.status(resolved.mapping.status))」です。対応付けは確定していません。")
        }
        notes.append("\(source.shortTitle)の収録範囲: \(source.completeness)")
        notes.append("\(base.catalog.shortTitle)の収録範囲: \(base.catalog.completeness)")
        for line in base.catalog.provenance { notes.append("\(base.catalog.shortTitle)の出典: \(line)") }
        let inAppendix = counts.appendix > 0 ? "（うち配置先の指定がない \(counts.appendix) 件は付録に掲載）" : ""
        notes.append("業界ガイドラインの項目: \(base.catalog.shortTitle)の項目に対応 \(counts.mapped) 件、業界独自の項目 \(counts.placed + counts.appendix) 件\(inAppendix)。")
        if counts.unheldLinks > 0 {
            notes.append("\(base.catalog.shortTitle)のカタログに収録されていない項目への対応 \(counts.unheldLinks) 件（突合表では\(CrossReferenceTable.unheldMark)）は、本文に注記していません。")
        }
        if counts.unreviewed > 0 {
            notes.append("未突合の業界ガイドライン項目 \(counts.unreviewed) 件は本書に含まれていません。")
        }
        if counts.filteredOut > 0 {
            notes.append("収録範囲の条件により \(counts.filteredOut) 件を除外しました。")
        }
        if counts.unlevelled > 0 {
            notes.append("レベルが設定されていない項目 \(counts.unlevelled) 件は、どのレベル指定でも収録しています。")
        }
        if counts.untagged > 0 {
            notes.append("マネジメント対策・技術対策の分類タグがない項目 \(counts.untagged) 件は、各分冊に収録しています。")
        }
        if !counts.omittedChapters.isEmpty {
            notes.append("この分冊に収録する業界ガイドラインの項目がない章は省略しています: \(counts.omittedChapters.joined(separator: "、"))。")
        }
        notes.append("〔 〕は対応する業界ガイドラインの項目（略称・項目番号・レベル）です。「反映案」は突合表に記載された業界向けの修正案です。同じ反映案の項目は一つにまとめ、すべての項目番号を示しています。")
        notes.append("優先度は、その条項に対応する業界ガイドラインの項目のうち最も高いレベル（LV1 が最優先）です。")
        return notes
    }
}

/// How an industry item's number is cited: `No.44` as printed; a top-level number as printed;
/// a number that already starts with its parent's (`3.1` under `3.`, `1-1-1` under `1-1`) as printed; otherwise
/// prefixed with the parent's cited number (`(1)` under `2.` → `2.(1)`).
struct ReferenceNumbers {
    let source: CatalogIndex

    init(_ source: CatalogIndex) { self.source = source }

    func number(_ id: String) -> String {
        let path = (source.paths[id] ?? []).filter { !$0.number.isEmpty }
        guard let item = path.last, source.items[id]?.number.isEmpty == false else { return "" }
        if path.count == 1 || item.number.lowercased().hasPrefix("no") { return item.number }
        let parent = path[path.count - 2]
        var parentStem = parent.number
        while parentStem.hasSuffix(".") { parentStem.removeLast() }
        // `3.1` under `3.`, `1-1-1` under `1-1`: the number already holds its parent's.
        if item.number.hasPrefix(parentStem + ".") || item.number.hasPrefix(parentStem + "-") { return item.number }
        return number(parent.id) + item.number
    }
}

extension RegulationDocument.Section {
    /// Whether this section or one below it holds an industry item (annotation, 反映案, item).
    var carriesIndustryItems: Bool {
        !annotations.isEmpty || !revisions.isEmpty || !industryOnly.isEmpty || children.contains { $0.carriesIndustryItems }
    }
}

extension Array where Element == RegulationDocument.IndustryOnlyItem {
    /// Appends `item`, or adds its references to an item already here with the same 反映案
    /// (and the same reason, in the appendix): one provision for all of them.
    mutating func merging(_ item: Element) {
        if let proposal = item.proposal,
           let same = firstIndex(where: { $0.proposal == proposal && $0.fallbackReason == item.fallbackReason }) {
            self[same].references += item.references
            self[same].notes += item.notes.filter { !self[same].notes.contains($0) }
        } else {
            append(item)
        }
    }
}
