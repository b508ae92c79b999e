import TotsugoMatch

/// The 突合表 as an HTML table: a group row (colspan per column group) and a column row in
/// `<thead>`, one `<tr>` per industry item with its levels, gap count and the column groups
/// where it is `#N/A` as data attributes for the filters. `#N/A` cells have class `gap`,
/// （未突合） cells class `unreviewed`. Every cell and header carries its group as class `c<g>`,
/// and a target's 記載内容 column also `tt`, so the page can hide groups and those columns.
///
/// Only the first `firstRows` rows are written as HTML (a reader without script sees them; the
/// page's script renders the others from `HTMLReportData`, a page at a time, in the same markup).
struct HTMLTableSection {
    let table: CrossReferenceTable
    var firstRows = Int.max

    var html: String {
        var out = "<div class=\"table-wrap\"><table id=\"xref\" class=\"xref\">\n<thead>\n<tr class=\"groups\">"
        for (index, group) in table.groups.enumerated() {
            out += "<th scope=\"colgroup\" colspan=\"\(group.columns.count)\" class=\"g\(index % 2) c\(index)\">\(HTMLText.escape(group.title))</th>"
        }
        out += "</tr>\n<tr class=\"columns\">"
        let starts = groupStarts
        let prose = proseColumns
        let targetText = targetTextColumns
        let groupOfColumn = table.groups.enumerated().flatMap { group in group.element.columns.map { _ in group.offset } }
        for (index, column) in table.groups.flatMap(\.columns).enumerated() {
            let classes = (starts.contains(index) ? ["gs"] : []) + (prose.contains(index) ? ["prose"] : [])
                + ["c\(groupOfColumn[index])"] + (targetText.contains(index) ? ["tt"] : [])
            out += "<th scope=\"col\" class=\"\(classes.joined(separator: " "))\">\(HTMLText.escape(column))</th>"
        }
        out += "</tr>\n</thead>\n<tbody>\n"
        for row in table.rows.prefix(firstRows) {
            let levels = row.levels.map(\.description).joined(separator: " ")
            let gaps = row.cells.filter { $0.kind == .gap }.count
            var gapGroups: [Int] = []
            for (index, cell) in row.cells.enumerated() where cell.kind == .gap && gapGroups.last != groupOfColumn[index] {
                gapGroups.append(groupOfColumn[index])
            }
            out += "<tr data-levels=\"\(HTMLText.escape(levels))\" data-gaps=\"\(gaps)\" data-gap-groups=\"\(gapGroups.map(String.init).joined(separator: " "))\">"
            for (index, cell) in row.cells.enumerated() {
                var classes: [String] = []
                if starts.contains(index) { classes.append("gs") }
                if cell.kind == .gap {
                    classes.append("gap")
                } else if cell.kind == .unreviewed {
                    classes.append("unreviewed")
                } else if prose.contains(index) {
                    classes.append("prose")
                }
                classes.append("c\(groupOfColumn[index])")
                if targetText.contains(index) { classes.append("tt") }
                out += "<td class=\"\(classes.joined(separator: " "))\">\(HTMLText.lines(cell.text))</td>"
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

    /// Indexes of the target groups' 記載内容 columns (the page can hide them to fit many targets).
    var targetTextColumns: Set<Int> {
        var out: Set<Int> = []
        var column = 0
        let targets = Set(targetGroups.map(\.index))
        for (index, group) in table.groups.enumerated() {
            for (offset, name) in group.columns.enumerated() where targets.contains(index) && name == CrossReferenceTable.targetText {
                out.insert(column + offset)
            }
            column += group.columns.count
        }
        return out
    }

    /// Groups whose cells can be `#N/A` (the target catalogs): index in `table.groups` and title.
    var targetGroups: [(index: Int, title: String)] {
        table.groups.enumerated().filter { $0.offset > 0 && $0.element.title != CrossReferenceTable.proposalGroup }
            .map { ($0.offset, $0.element.title) }
    }

    /// Levels that occur in the rows, in order (for the level filter).
    var levelsPresent: [String] {
        let present = Set(table.rows.flatMap(\.levels))
        return present.sorted().map(\.description)
    }
}
