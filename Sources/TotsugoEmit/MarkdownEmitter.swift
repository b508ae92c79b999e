import TotsugoCore
import TotsugoMatch

/// The 突合表 as a Markdown document: the catalogs used with their completeness, a coverage
/// summary, then the table. Markdown has one header row, so each column is headed
/// `group: column`. `#N/A` gaps are bold; `|` is escaped and line breaks become `<br>`.
public struct MarkdownEmitter {
    public init() {}

    /// The whole document in memory (tests, small tables).
    package func render(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage) -> [UInt8] {
        var out: [UInt8] = []
        emit(table, resolved: resolved, coverage: coverage, into: &out) { _ in }
        return out
    }

    /// Writes the document into `file` row by row: only the file's buffer is in memory.
    package func write(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage, to file: inout OutputFile) throws {
        try file.stream { buffer, rowWritten in
            try emit(table, resolved: resolved, coverage: coverage, into: &buffer, rowWritten: rowWritten)
        }
    }

    /// Appends the document to `bytes`, calling `rowWritten` after each table row (to flush it).
    func emit(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage, into bytes: inout [UInt8],
              rowWritten: (inout [UInt8]) throws -> Void) rethrows {
        var out = "# \(escape(table.title))\n\n"
        let mapping = resolved.mapping
        out += "マッピング `\(mapping.id)` — 状態: \(RelationshipWords.status(mapping.status))、レビュー担当: \(mapping.reviewer.map(escape) ?? "（未設定）")。"
        out += "\(CoverageLabels.legend(resolved))。\n\n"
        out += "## 出典と網羅状況\n\n| カタログ | 名称 | 発行者 | 版 | 網羅状況 |\n|---|---|---|---|---|\n"
        for index in RelationshipWords.catalogRoles(resolved).map(\.catalog) {
            let c = index.catalog
            out += "| \(escape(c.shortTitle)) | \(escape(c.title)) | \(escape(c.publisher)) | \(escape(c.version)) | \(escape(c.completeness)) |\n"
        }
        out += "\n## カバレッジ\n\n" + coverageTable(coverage)
        out += "\n## 突合表\n\n"
        out += "#N/A = \(CoverageLabels.gapMeaning(resolved))。（未突合） = まだ突合していない。「関係」の読み方: "
            + RelationshipWords.legend.map { "\($0.word) = \($0.meaning)" }.joined(separator: "。") + "。"
            + (table.reviewLegend.map { escape($0) + "。" } ?? "") + "\n\n"
        let groups = table.groups
        var starts = [0]
        for group in groups { starts.append(starts.last! + group.columns.count) }
        let targets = groups.dropFirst().filter { $0.title != CrossReferenceTable.proposalGroup }.count
        guard targets > Self.oneTableTargets else {
            try appendTable(table, columns: Array(0..<starts.last!), head: out, into: &bytes, rowWritten: rowWritten)
            return
        }
        // Against many frameworks one table of every column is read by nobody (a dozen
        // targets: 55 columns, rows of 2,000 characters): a table per column group, each
        // headed by the industry item's columns.
        let industry = groups[0].columns
        let keys = Array(0..<(industry.firstIndex(of: CrossReferenceTable.targetText) ?? min(1, industry.count)))
            + (industry.firstIndex(of: "レベル").map { [$0] } ?? [])
        out += "対象が多いため、対象ごとに表を分けています（各表の左の列は業界側の項目）。\n\n"
        for (k, group) in groups.enumerated() {
            let own = Array(starts[k]..<starts[k + 1])
            let head = (k == 0 ? out : "\n") + "### \(escape(group.title))\n\n"
            try appendTable(table, columns: k == 0 ? own : keys + own, head: head, into: &bytes, rowWritten: rowWritten)
            out = ""
        }
    }

    /// Target groups up to which the 突合表 is one table: the layout of 表3 (IPA 本文, 付録3,
    /// 付録5, 付録8). Beyond it, one table per column group.
    static let oneTableTargets = 4

    /// `head`, then the table of `columns` (0-based, in the order given) of every row.
    func appendTable(_ table: CrossReferenceTable, columns: [Int], head: String, into bytes: inout [UInt8],
                     rowWritten: (inout [UInt8]) throws -> Void) rethrows {
        var headers: [String] = []
        for group in table.groups {
            for column in group.columns { headers.append("\(group.title): \(column)") }
        }
        var out = head
        out += "| " + columns.map { escape(headers[$0]) }.joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---|", count: columns.count) + "\n"
        // The table rows go straight into the byte buffer (Foundation String building and
        // escaping dominated large tables).
        bytes += out.utf8
        for row in table.rows {
            bytes += [0x7C, 0x20]  // "| "
            var first = true
            for index in columns {
                if !first { bytes += [0x20, 0x7C, 0x20] }  // " | "
                first = false
                guard index < row.cells.count else { continue }
                let cell = row.cells[index]
                switch cell.kind {
                case .gap: bytes += "**#N/A**".utf8
                case .unreviewed, .text:
                    if let lines = cell.storedLines {
                        // Line by line, never joined: `<br>` between lines, as the joined
                        // text's "\n" (with a line's trailing CR) would give.
                        for (index, line) in lines.enumerated() {
                            if index > 0 { bytes += [0x3C, 0x62, 0x72, 0x3E] }  // <br>
                            var line = line
                            if index < lines.count - 1, line.utf8.last == 0x0D { line.removeLast() }
                            appendEscaped(line, to: &bytes)
                        }
                    } else {
                        appendEscaped(cell.text, to: &bytes)
                    }
                }
            }
            bytes += [0x20, 0x7C, 0x0A]  // " |\n"
            try rowWritten(&bytes)
        }
    }

    func cell(_ cell: CrossReferenceTable.Cell) -> String {
        switch cell.kind {
        case .gap: "**#N/A**"
        case .unreviewed, .text: escape(cell.text)
        }
    }

    /// `\` → `\\`, `|` → `\|`, CRLF and LF → `<br>`, in one pass over the bytes (Foundation's
    /// replacingOccurrences dominated large tables).
    func escape(_ text: String) -> String {
        var text = text
        let plain = text.withUTF8 { bytes in !bytes.contains(where: { $0 == 0x5C || $0 == 0x7C || $0 == 0x0A }) }
        if plain { return text }
        var out: [UInt8] = []
        appendEscaped(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `escape(text)` appended as bytes.
    func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var i = 0
            func flush(_ end: Int) {
                if end > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end])) }
            }
            while i < bytes.count {
                switch bytes[i] {
                case 0x5C:
                    flush(i); out += [0x5C, 0x5C]
                case 0x7C:
                    flush(i); out += [0x5C, 0x7C]
                case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
                    flush(i); out += [0x3C, 0x62, 0x72, 0x3E]  // <br>
                    i += 1
                case 0x0A:
                    flush(i); out += [0x3C, 0x62, 0x72, 0x3E]  // <br>
                default:
                    i += 1
                    continue
                }
                i += 1
                start = i
            }
            flush(bytes.count)
        }
    }

    func percent(_ value: Double) -> String { XMLText.oneDecimal(value) }

    /// The カバレッジ table: one row per target and level (also in the coverage report,
    /// `CheckMarkdownEmitter`).
    /// For a partial source catalog, a note on what it holds comes first, and with a declared
    /// total a last column gives the share of that total.
    func coverageTable(_ coverage: Coverage) -> String {
        var out = CoverageLabels.extentNote(coverage).map { escape($0) + "\n\n" } ?? ""
        let headings = CoverageLabels.headings(for: coverage)
        let ofTotal = coverage.sourceExtent.totalItems != nil
        out += "| " + headings.map(escape).joined(separator: " | ") + " |\n"
        out += "|---|---|---:|---:|---:|---:|---:|---:|" + (ofTotal ? "---:|" : "") + "\n"
        for line in coverage.lines {
            let c = line.count
            out += "| \(escape(line.targetTitle)) | \(CoverageLabels.level(line)) | \(c.items) | \(c.mapped) | \(c.fullyCovered) | \(c.noCounterpart) | \(c.unreviewed) | \(percent(c.mappedPercent))% |"
            if ofTotal { out += " \(coverage.shareOfTotal(line).map { percent($0) + "%" } ?? CoverageLabels.noShare) |" }
            out += "\n"
        }
        return out
    }
}

extension MarkdownEmitter: OutputFormat {
    public var name: String { "md" }
    public var aliases: [String] { ["markdown"] }
    public func write(_ artifact: TableArtifact, to file: inout OutputFile) throws -> [Diagnostic] {
        try write(artifact.table, resolved: artifact.resolved, coverage: artifact.coverage, to: &file)
        return []
    }
}
