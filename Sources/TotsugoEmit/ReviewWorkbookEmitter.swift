import Foundation
import TotsugoCore
import TotsugoMatch

/// What the review workbook is made from: the resolved mapping and its review rows.
public struct ReviewArtifact: Sendable {
    public var resolved: ResolvedMapping
    public var rows: ReviewRows

    public init(resolved: ResolvedMapping, rows: ReviewRows) {
        self.resolved = resolved
        self.rows = rows
    }
}

/// The review workbook (docs/review.md): sheet レビュー (one row per source item, link and
/// candidate; drop-down lists for the vocabularies; frozen header; filters) and sheet 説明 (the
/// columns and words explained for the reviewer, and what the workbook rests on). Written with
/// the same SpreadsheetML layer and fixed zip times as the 突合表: the bytes depend only on the
/// inputs.
public struct ReviewWorkbookEmitter: OutputFormat, Sendable {
    public typealias Artifact = ReviewArtifact
    public init() {}
    public var name: String { "xlsx" }

    public func write(_ artifact: ReviewArtifact, to file: inout OutputFile) throws -> [Diagnostic] {
        var (zip, truncations) = package(artifact)
        try file.recreate { path in try zip.write(to: path) }
        let name = (file.path as NSString).lastPathComponent
        return truncations.map { .warning(SourceLocation(file: name, sheet: $0.sheet, cell: $0.cell), $0.message) }
    }

    /// The workbook in memory (same bytes as `write`).
    public func render(_ artifact: ReviewArtifact) throws -> [UInt8] {
        var (zip, _) = package(artifact)
        return try zip.takeData()
    }

    func package(_ artifact: ReviewArtifact) -> (ZipPackage, [XLSXTruncation]) {
        // The レビュー sheet's cells are made from the review rows each time the sheet XML reads
        // them (`ReviewSheetCells`), never held as a sheet model: the model of 339,011 rows was
        // most of the 100k export's peak (BENCHMARKS "Review workbook memory").
        let layout = reviewSheet(artifact)
        let review = XLSXSheetXML(sheet: layout, cells: ReviewSheetCells(artifact), selected: true)
        // Each text is written from its cell, with no table of distinct texts: at 100k the
        // table and the index per text cell were one of the four reads of every row.
        var reviewTruncations: [XLSXTruncation] = []
        let reviewPart = review.directInlinePart(truncations: &reviewTruncations)
        let guide = XLSXSmallSheet(guideSheet(artifact))
        let names = [ReviewColumns.sheetName, ReviewColumns.guideSheetName]
        var zip = ZipPackage()
        let title = "レビュー用ブック: " + (artifact.resolved.mapping.title ?? artifact.resolved.mapping.id)
        zip.add("[Content_Types].xml", XLSXPackageParts.contentTypes(sheetCount: names.count))
        zip.add("_rels/.rels", XLSXPackageParts.packageRelationships)
        zip.add("docProps/core.xml", XLSXPackageParts.core(title: title, timestamp: InputDate.timestamp(InputDate.latest(artifact.resolved))))
        zip.add("docProps/app.xml", XLSXPackageParts.app(sheetNames: names))
        zip.add("xl/_rels/workbook.xml.rels", XLSXPackageParts.workbookRelationships(sheetCount: names.count))
        zip.add("xl/styles.xml", XLSXStyle.xml(review: true))
        // Every text is an inline string; the package still names a shared-string table.
        zip.add("xl/sharedStrings.xml", XLSXPackageParts.header + "<sst xmlns=\"\(XLSXPackageParts.mainNS)\" count=\"0\" uniqueCount=\"0\"/>")
        zip.add("xl/worksheets/sheet1.xml") { reviewPart }
        zip.add("xl/worksheets/sheet2.xml") { guide.part }
        var guideOutline = guide.part.xml.sheet
        guideOutline.rows = []
        zip.add("xl/workbook.xml", XLSXPackageParts.workbook([layout, guideOutline]))
        return (zip, reviewTruncations + guide.truncations)
    }

    /// The レビュー sheet's layout (widths, panes, filter, drop-down lists, print setup); its
    /// cells come from `ReviewSheetCells`, one heading row then one row per review row.
    func reviewSheet(_ artifact: ReviewArtifact) -> XLSXSheet {
        typealias C = ReviewColumns.Column
        var sheet = XLSXSheet(name: ReviewColumns.sheetName)
        let rowCount = artifact.rows.slots.count + 1
        sheet.widths = [10, 22, 36, 6, 7, 18, 24, 36, 20, 14, 6, 8, 10, 11, 24, 30, 16, 28]
        sheet.frozenRows = 1
        sheet.frozenColumns = 2
        let last = max(rowCount, 2)
        // Room below for rows the reviewer adds.
        let bottom = last + 200
        sheet.autoFilter = .init(top: 1, left: 1, bottom: rowCount, right: C.allCases.count)
        func column(_ c: C) -> XLSXSheet.Range { .init(top: 2, left: c.rawValue + 1, bottom: bottom, right: c.rawValue + 1) }
        sheet.validations = [
            .init(range: column(.kind), kind: .list(ReviewColumns.kindChoices), title: "行の種類",
                  prompt: "項目 = 業界の項目の行、対応 = 登録済みの対応、候補 = 提案された候補。行を足すときは 対応 を選ぶ。",
                  error: "項目・対応・候補 のいずれかを選んでください。"),
            .init(range: column(.relationship), kind: .list(ReviewColumns.relationshipChoices), title: "関係",
                  prompt: "業界の項目は、対象の項目と…。一覧から選ぶ（括弧内は NIST IR 8477 / OSCAL の用語）。",
                  error: "一覧の関係から選んでください。"),
            .init(range: column(.rationale), kind: .list(ReviewColumns.rationaleChoices), title: "関係の根拠",
                  prompt: "文言上 = 同じ文言、意味上 = 言葉は違うが同じ意味、機能上 = 手段は違うが同じ効果。",
                  error: "一覧の根拠から選んでください。"),
            .init(range: column(.strength), kind: .whole(0, 10), title: "強度",
                  prompt: "0〜10 の整数（10 = 同等、7〜9 よく似ている、4〜6 ある程度、1〜3 わずか、0 = 対応なし）。",
                  error: "0 から 10 までの整数を入れてください。"),
            .init(range: column(.status), kind: .list(ReviewColumns.statusChoices), title: "状態",
                  prompt: "確認済 = 対応を認める、却下 = 対応ではない（次から候補に出さない）、未確認 = まだ判断していない。",
                  error: "未確認・確認済・却下 のいずれかを選んでください。"),
        ]
        sheet.printTitleRows = 1...1
        sheet.pageHeader = "突合のレビュー"
        sheet.printScale = 55
        return sheet
    }

    func guideSheet(_ artifact: ReviewArtifact) -> XLSXSheet {
        let resolved = artifact.resolved
        var sheet = XLSXSheet(name: ReviewColumns.guideSheetName)
        func add(_ key: String, _ value: String, _ style: XLSXStyle = .label) {
            sheet.rows.append([.text(key, style), .text(value, .value)])
        }
        let counts = artifact.rows.rows.reduce(into: (items: 0, links: 0, confirmed: 0, rejected: 0)) { counts, row in
            switch row.kind {
            case .item: counts.items += 1
            case .link:
                counts.links += 1
                if row.status == .confirmed { counts.confirmed += 1 }
            case .candidate: if row.status == .rejected { counts.rejected += 1 }
            }
        }
        add("このブックについて", "業界ガイドラインの各項目と対象文書の項目との対応（突合）を確認するためのブックです。"
            + "「レビュー」シートで黄色の欄を記入し、担当者に返してください。記入内容は突合表に取り込まれます。")
        add("突合表", resolved.mapping.title ?? resolved.mapping.id)
        add("業界（行）", resolved.source.catalog.title)
        add("対象（列）", resolved.targets.map { "\($0.catalog.shortTitle): \($0.catalog.title)" }.joined(separator: "\n"))
        add("現在の状況", "項目 \(counts.items) 件、登録済みの対応 \(counts.links) 件（うち確認済 \(counts.confirmed) 件）、"
            + "却下した候補 \(counts.rejected) 件、提案された候補 \(artifact.rows.suggested) 件。")
        add("候補について", "「候補」の行は、項目の見出しと内容の文字の並びが似ている対象の項目を自動で挙げたものです"
            + "（登録済みの対応の見出し・内容・反映案も手がかりにしています）。類似度は 0〜1 で、一致した語を添えています。"
            + "自動の提案であり、確認済にしない限り突合表には載りません。")
        sheet.rows.append([])
        sheet.rows.append([.text("列", .columnHeader), .text("記入のしかた", .columnHeader)])
        typealias C = ReviewColumns.Column
        let explanations: [(C, String)] = [
            (.item, "業界の項目の ID。行を足すときは、その項目の ID をここに書く。"),
            (.itemLabel, "項目の番号と見出し（参照用）。"),
            (.itemText, "項目の内容の要約（参照用）。"),
            (.level, "項目のレベル（参照用）。"),
            (.kind, "項目 = 項目そのものの行（反映案・配置先・項目の備考を書く）。対応 = 登録済みの対応。候補 = 提案された候補、または以前に却下した候補。"),
            (.target, "対象文書の項目の ID（「文書ID:項目ID」）。行を足すときに書く。"),
            (.targetLabel, "対象の項目の文書名・番号・見出し（参照用）。"),
            (.targetText, "対象の項目の内容の要約（参照用）。"),
            (.relationship, "一覧から選ぶ。" + RelationshipWords.legend.prefix(6).map { "\($0.word) = \($0.meaning)" }.joined(separator: "。")
                + "。括弧内は NIST IR 8477 / OSCAL の用語。"),
            (.rationale, "一覧から選ぶ。文言上 = 同じ文言、意味上 = 言葉は違うが同じ意味、機能上 = 手段は違うが同じ効果。"),
            (.strength, "0〜10 の整数。10 = 同等、7〜9 よく似ている、4〜6 ある程度、1〜3 わずか、0 = 対応なし。"),
            (.status, "対応・候補の行: 確認済 = 対応と認める（候補は関係を選んで確認済にすると対応に加わる）、却下 = 対応ではない（次回から候補に出さない）、"
                + "未確認 = まだ判断していない（候補は未確認のままなら取り込まれない）。項目の行: 確認済 = この項目の突合を終えた（対応がなければ「対応なし」として扱う）、未確認 = 未突合。"),
            (.reviewer, "確認した人の名前。"),
            (.date, "確認した日。2026-11-30 のように書く（2026/11/30 も可）。"),
            (.note, "判断の理由などのメモ。項目の行では項目全体の備考。"),
            (.proposal, "項目の行のみ: 業界版のひな形に書く内容・変える内容。"),
            (.placement, "項目の行のみ: 業界独自の項目を置く付録5の章・節（「文書ID:項目ID」）。"),
            (.evidence, "候補の行のみ: 類似度と一致した語（参照用）。"),
        ]
        for (column, text) in explanations { add(column.heading, text, .body) }
        sheet.rows.append([])
        add("取り込みの決まり", "記入に誤りがある欄が一つでもあると、そのセルの位置と理由を示して、何も取り込みません。"
            + "行を消すのではなく、状態を「却下」にしてください。")
        sheet.widths = [22, 110]
        sheet.pageHeader = "レビュー用ブックの説明"
        sheet.printScale = 80
        return sheet
    }
}

/// The cells of the レビュー sheet made from the review rows when the sheet XML reads a row
/// (row 0 the headings): one review row's 18 cells at a time, never the whole sheet. Items
/// are read at the positions the review rows keep (no look-up by id, no copy of an item).
struct ReviewSheetCells: XLSXCells {
    typealias C = ReviewColumns.Column
    let resolved: ResolvedMapping
    let rows: ReviewRows

    init(_ artifact: ReviewArtifact) {
        resolved = artifact.resolved
        rows = artifact.rows
    }

    var rowCount: Int { rows.slots.count + 1 }
    var columnCount: Int { C.allCases.count }

    func forEachCell(inRow index: Int, _ body: (XLSXSheet.Cell) -> Void) {
        if index == 0 {
            for column in C.allCases { body(.text(column.heading, .columnHeader)) }
            return
        }
        let slot = rows.slots[index - 1]
        let row = rows.row(index - 1)
        let source = resolved.source
        let at = Int(rows.groups[Int(slot.group)].position)
        let isItem = row.kind == .item
        let context: XLSXStyle = isItem ? .itemRow : .body
        // Columns left to right (C.item … C.evidence).
        body(.text(row.item, isItem ? .itemRow : .editable))
        body(.text(at >= 0 ? source.label(at: at) : "", context))
        body(.text(at >= 0 ? source.text(at: at) ?? "" : "", context))
        body(.text(at >= 0 ? source.levels(at: at).map(\.description).joined(separator: "/") : "", context))
        body(.text(row.kind.rawValue, context))
        if let target = row.target {
            let index = slot.catalog >= 0 ? resolved.targets[Int(slot.catalog)] : nil
            body(.text(MappingText.reference(target), .editable))
            let label = slot.target >= 0 ? index?.label(at: Int(slot.target)) ?? "" : ""
            body(.text((index.map { "［\($0.catalog.shortTitle)］" } ?? "") + label))
            // A target item its catalog does not hold shows an empty text, not an empty cell.
            if let index, target.item != nil {
                body(.text(slot.target >= 0 ? index.text(at: Int(slot.target)) ?? "" : ""))
            } else {
                body(.empty())
            }
        } else {
            body(isItem ? .empty() : .empty(.editable))
            body(.empty())
            body(.empty())
        }
        if !isItem {
            body(.text(row.relationship.map(ReviewColumns.relationship) ?? "", .editable))
            body(.text(row.rationale.map(ReviewColumns.rationale) ?? "", .editable))
            body(row.strength.map { .number(Double($0), .editableNumber) } ?? .empty(.editableNumber))
        } else {
            body(.empty())
            body(.empty())
            body(.empty())
        }
        body(.text(row.status?.word ?? "", .editable))
        if !isItem {
            body(.text(row.reviewer ?? "", .editable))
            body(.text(row.date ?? "", .editable))
        } else {
            body(.empty())
            body(.empty())
        }
        body(.text(row.note ?? "", .editable))
        if isItem {
            body(.text(row.proposal ?? "", .editable))
            body(.text(row.placement.map(MappingText.reference) ?? "", .editable))
        } else {
            body(.empty())
            body(.empty())
        }
        if let suggestion = row.suggestion {
            let score = String(format: "%.2f", suggestion.score)
            var reason = "類似度 \(score)。一致した語: " + suggestion.matched.joined(separator: "、")
            if let via = suggestion.via {
                let label = resolved.source.label(via.item) ?? via.item
                reason += "。この対象と対応済みの項目「\(label)」に似ている（類似度 \(String(format: "%.2f", via.score))）"
            }
            body(.text(reason))
        } else {
            body(.empty())
        }
    }
}

/// References as the review sheet shows them: `catalog:item`, as the mapping file writes them.
public enum MappingText {
    public static func reference(_ reference: ItemReference) -> String { reference.description }
}
