import TotsugoMatch

/// 逆引き: each IPA item (every item of every target catalog, in catalog order) with the
/// industry items that cite it; `#N/A` where no reviewed industry item cites it or any of its
/// sub-items; a heading cited only through its sub-items says so (件数 counts direct citations).
struct XLSXReverseSheet {
    static let name = "逆引き"
    static let headings = ["対象", "項目", "記載内容", "引用する業界項目", "関係", "件数"]

    let view: ReverseView

    func sheet(named name: String) -> XLSXSheet {
        var sheet = XLSXSheet(name: name)
        sheet.rows.append(Self.headings.map { .text($0, .columnHeader) })
        for line in view.lines {
            var row: [XLSXSheet.Cell] = [.text(line.targetTitle), .text(line.itemLabel), .text(line.itemText)]
            if line.isGap {
                row += [.text("#N/A", .gap), .text("#N/A", .gap)]
            } else if line.citations.isEmpty {
                row += [.text(ReverseView.citedBelowText(line.citationsBelow)), .text("")]
            } else {
                // One line per citation, never joined (the labels are the catalog's own strings).
                row.append(XLSXSheet.Cell(value: .lines(line.citations.map(\.sourceLabel)), style: .body))
                row.append(XLSXSheet.Cell(value: .lines(line.citations.map(\.relationship)), style: .body))
            }
            row.append(.number(Double(line.citations.count)))
            sheet.rows.append(row)
        }
        let lastRow = sheet.rows.count
        sheet.widths = [10, widthOfItems, 40, 36, 26, 6]
        sheet.frozenRows = 1
        sheet.frozenColumns = 2
        sheet.autoFilter = .init(top: 1, left: 1, bottom: lastRow, right: Self.headings.count)
        if lastRow > 1 {
            sheet.conditionalFormats.append((.init(top: 2, left: 4, bottom: lastRow, right: 5), .gapText))
        }
        sheet.printTitleRows = 1...1
        sheet.printTitleColumns = 1...2
        sheet.pageHeader = "逆引き: IPA 側の項目 → 引用する業界項目"
        sheet.printScale = 80
        return sheet
    }

    var widthOfItems: Double {
        let widest = view.lines.map { XLSXText.widestLine($0.itemLabel) }.max() ?? 0
        return Double(min(max(widest + 2, 16), 40))
    }
}
