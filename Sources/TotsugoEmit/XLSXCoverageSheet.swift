import TotsugoMatch

/// カバレッジ: per target catalog (and "any target") and per level, how many industry items
/// are mapped, explicitly without counterpart (`#N/A`), or not reviewed yet.
struct XLSXCoverageSheet {
    static let name = "カバレッジ"
    static let headings = CoverageLabels.headings

    let coverage: Coverage

    func sheet(named name: String) -> XLSXSheet {
        var sheet = XLSXSheet(name: name)
        let headings = CoverageLabels.headings(for: coverage)
        let ofTotal = coverage.sourceExtent.totalItems != nil
        sheet.rows.append(headings.map { .text($0, .columnHeader) })
        for line in coverage.lines {
            let count = line.count
            var row: [XLSXSheet.Cell] = [
                .text(line.targetTitle), .text(CoverageLabels.level(line)),
                .number(Double(count.items)), .number(Double(count.mapped)), .number(Double(count.fullyCovered)),
                .number(Double(count.noCounterpart)), .number(Double(count.unreviewed)),
                .number(count.items == 0 ? 0 : Double(count.mapped) / Double(count.items), .percent),
            ]
            if ofTotal { row.append(coverage.shareOfTotal(line).map { .number($0 / 100, .percent) } ?? .text(CoverageLabels.noShare)) }
            sheet.rows.append(row)
        }
        let lastRow = sheet.rows.count
        sheet.widths = [22, 10, 9, 10, 14, 16, 9, 10] + (ofTotal ? [22] : [])
        sheet.frozenRows = 1
        sheet.autoFilter = .init(top: 1, left: 1, bottom: lastRow, right: headings.count)
        if lastRow > 1 {
            sheet.conditionalFormats.append((.init(top: 2, left: 8, bottom: lastRow, right: 8), .shareBar))
        }
        // A partial source catalog: what it holds, below the table (outside the filter).
        if let note = CoverageLabels.extentNote(coverage) {
            sheet.rows.append([])
            sheet.rows.append([.text(note)])
            // Across the table's width, so it reads as a paragraph, not a narrow column.
            sheet.merges.append(.init(top: sheet.rows.count, left: 1, bottom: sheet.rows.count, right: headings.count))
        }
        sheet.printTitleRows = 1...1
        sheet.pageHeader = "カバレッジ"
        return sheet
    }
}
