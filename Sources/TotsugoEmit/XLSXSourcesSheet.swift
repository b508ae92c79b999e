import TotsugoMatch

/// 出典: the mapping (id, status, reviewer, how much is reviewed), then every catalog used
/// with publisher, edition, completeness and provenance, so a reader knows what the table
/// rests on and what it leaves out.
struct XLSXSourcesSheet {
    static let name = "出典"
    static let headings = ["役割", "ID", "略称", "名称", "発行者", "版", "日付", "項目数", "網羅状況", "出典", "その他"]

    let resolved: ResolvedMapping

    func sheet(named name: String) -> XLSXSheet {
        var sheet = XLSXSheet(name: name)
        let mapping = resolved.mapping
        let rowCount = resolved.rowItemIDs.count
        let reviewed = resolved.rowItemIDs.filter { resolved.entries[$0] != nil }.count
        // Counted entry by entry: a flat array of every link was a transient 40 MiB at 100k
        // items, the largest allocation while the workbook was written.
        var linkCount = 0, confirmed = 0
        for entry in mapping.entries {
            linkCount += entry.links.count
            for link in entry.links where link.review == .confirmed { confirmed += 1 }
        }
        let facts: [(String, String)] = [
            ("マッピング", mapping.id),
            ("名称", mapping.title ?? ""),
            ("状態", RelationshipWords.status(mapping.status)),
            ("レビュー担当", (mapping.reviewer ?? "").isEmpty ? "（未設定）" : mapping.reviewer ?? ""),
            ("突合済み", "\(reviewed) / \(rowCount) 行"),
            ("確認済みの対応", "\(confirmed) / \(linkCount) 件（残りは担当者の確認を待つ候補）"),
            ("凡例", "#N/A = \(CoverageLabels.gapMeaning(resolved))。（未突合） = まだ突合していない。"
                + (CrossReferenceTable.reviewLegend(mapping).map { $0 + "。" } ?? "")),
            ("関係の読み方", RelationshipWords.legend.map { "\($0.word): \($0.meaning)" }.joined(separator: "\n")),
        ]
        for (key, value) in facts {
            sheet.rows.append([.text(key, .label), .text(value, .value)] + Array(repeating: .empty(), count: Self.headings.count - 2))
            let row = sheet.rows.count
            sheet.merges.append(.init(top: row, left: 2, bottom: row, right: 6))
        }
        sheet.rows.append([])
        let headerRow = sheet.rows.count + 1
        sheet.rows.append(Self.headings.map { .text($0, .columnHeader) })
        for (role, catalogIndex) in RelationshipWords.catalogRoles(resolved) {
            let catalog = catalogIndex.catalog
            let properties = catalog.properties.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
            sheet.rows.append([
                .text(role), .text(catalog.id), .text(catalog.shortTitle),
                .text(catalog.title), .text(catalog.publisher), .text(catalog.version), .text(catalog.date ?? ""),
                .number(Double(catalogIndex.items.count)), .text(catalog.completeness),
                .text(catalog.provenance.joined(separator: "\n")), .text(properties),
            ])
        }
        sheet.widths = [14, 22, 12, 36, 24, 12, 9, 7, 40, 48, 30]
        sheet.autoFilter = .init(top: headerRow, left: 1, bottom: sheet.rows.count, right: Self.headings.count)
        sheet.printTitleRows = headerRow...headerRow
        sheet.pageHeader = "出典と網羅状況"
        sheet.printScale = 70
        return sheet
    }
}
