import TotsugoMatch

/// The 突合表 as an HTML table: a group row (colspan per column group) and a column row in
/// `<thead>`, one `<tr>` per industry item with its levels and gap count as data attributes
/// for the filters. `#N/A` cells have class `gap`, （未突合） cells class `unreviewed`.
struct HTMLTableSection {
    let table: CrossReferenceTable

    var html: String {
        var out = "<div class=\"table-wrap\"><table id=\"xref\" class=\"xref\">\n<thead>\n<tr class=\"groups\">"
        for (index, group) in table.groups.enumerated() {
            out += "<th scope=\"colgroup\" colspan=\"\(group.columns.count)\" class=\"g\(index % 2)\">\(HTMLText.escape(group.title))</th>"
        }
        out += "</tr>\n<tr class=\"columns\">"
        let starts = groupStarts
        let prose = proseColumns
        for (index, column) in table.groups.flatMap(\.columns).enumerated() {
            let classes = (starts.contains(index) ? ["gs"] : []) + (prose.contains(index) ? ["prose"] : [])
            out += "<th scope=\"col\"\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")>\(HTMLText.escape(column))</th>"
        }
        out += "</tr>\n</thead>\n<tbody>\n"
        for row in table.rows {
            let levels = row.levels.map(\.description).joined(separator: " ")
            let gaps = row.cells.filter { $0.kind == .gap }.count
            out += "<tr data-levels=\"\(HTMLText.escape(levels))\" data-gaps=\"\(gaps)\">"
            for (index, cell) in row.cells.enumerated() {
                var classes: [String] = []
                if starts.contains(index) { classes.append("gs") }
                if prose.contains(index) && cell.kind == .text { classes.append("prose") }
                switch cell.kind {
                case .gap: classes.append("gap")
                case .unreviewed: classes.append("unreviewed")
                case .text: break
                }
                let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                out += "<td\(attribute)>\(HTMLText.lines(cell.text))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n"
    }

    /// Index of the first column of every group after the first (drawn with a stronger rule).
    var groupStarts: Set<Int> {
        var starts: Set<Int> = []
        var column = 0
        for group in table.groups {
            if column > 0 { starts.insert(column) }
            column += group.columns.count
        }
        return starts
    }

    /// Indexes of the columns holding prose (記載内容, 反映案, 備考): drawn wider.
    var proseColumns: Set<Int> {
        let names: Set<String> = [CrossReferenceTable.targetText, "反映案", "備考"]
        return Set(table.groups.flatMap(\.columns).enumerated().filter { names.contains($0.element) }.map(\.offset))
    }

    /// Levels that occur in the rows, in order (for the level filter).
    var levelsPresent: [String] {
        let present = Set(table.rows.flatMap(\.levels))
        return present.sorted().map(\.description)
    }
}
