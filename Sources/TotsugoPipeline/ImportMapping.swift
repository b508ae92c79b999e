import Foundation
import TotsugoCore
import TotsugoIngest
import TotsugoMatch
import TotsugoTable

extension Pipeline {
    /// What `import mapping` is asked for: a table file whose rows are source items with
    /// cross-reference columns, the mapping recipe (required: the relationship is declared,
    /// never guessed), flags that replace recipe values (sheet, encoding, delimiter), where to
    /// write, the import date for the provenance line, and catalogs to check the ids against.
    public struct ImportMappingRequest: Sendable {
        public var source: String
        public var recipe: String
        public var overrides: ImportRecipe
        public var destination: ReportDestination
        public var date: String?
        /// Catalog files or folders; when not empty, every id read must be an item of them.
        public var catalogs: [String]
        public var limits: InputLimits

        public init(source: String, recipe: String, overrides: ImportRecipe = ImportRecipe(),
                    destination: ReportDestination = .standardOutput, date: String? = nil,
                    catalogs: [String] = [], limits: InputLimits = .default) {
            self.source = source
            self.recipe = recipe
            self.overrides = overrides
            self.destination = destination
            self.date = date
            self.catalogs = catalogs
            self.limits = limits
        }
    }

    /// What `import mapping` made.
    public struct ImportedMapping: Sendable {
        /// The mapping as `validate` reads the text written.
        public var mapping: Mapping
        /// The mapping YAML written.
        public var text: String
        public var written: String?
        public var rowsRead: Int
        /// Entries written, of which `noCounterpart` are `targets: []`.
        public var entries: Int
        public var noCounterpart: Int
        /// Rows whose cross-reference cells are all empty: not reviewed, no entry.
        public var unreviewed: Int
        public var links: Int
    }

    /// `import mapping`: each data row is a source item; its cross-reference cells, read with
    /// the recipe's rules, become its links with the declared relationship. Every token no
    /// rule reads, every problem of a cell and (with catalogs) every unknown id is an error at
    /// its cell; nothing is written then.
    @discardableResult
    public static func importMapping(_ request: ImportMappingRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> ImportedMapping {
        var recipe: ImportRecipe
        do throws(DiagnosticError) {
            recipe = try ImportRecipe.read(request.recipe, kind: .mapping)
        } catch {
            diagnostics.report(error.diagnostics)
            throw error.kind == .missingInput ? .missingInput : .badInput
        }
        recipe = recipe.overridden(by: request.overrides)
        let (table, how) = try readTable(request.source, recipe: recipe, diagnostics: diagnostics)
        guard let bytes = FileManager.default.contents(atPath: request.source) else {
            diagnostics.report([.error(SourceLocation(file: request.source), "cannot read the file")])
            throw .missingInput
        }
        diagnostics.progress(ProgressStep("read", request.source, counts: [.init(table.rows.count, "row")]))
        var importer = MappingImporter(table: table, recipe: recipe, recipeFile: request.recipe)
        let read = importer.run()
        var found = importer.diagnostics
        guard var result = read else {
            diagnostics.report(found)
            throw .badInput
        }

        // With catalogs: every source id and every id read resolves, checked where it was
        // written (also the ids read from rows with other errors, so all show in one run).
        var resolver: Resolver?
        if !request.catalogs.isEmpty {
            let loaded = InputLoader(limits: request.limits).load(request.catalogs)
            if loaded.missingInput || loaded.diagnostics.contains(where: { $0.severity == .error }) {
                diagnostics.report(found + loaded.diagnostics)
                throw loaded.missingInput ? .missingInput : .badInput
            }
            found += loaded.diagnostics
            if loaded.catalogs.isEmpty {
                diagnostics.report(found + [.error(SourceLocation(file: request.catalogs[0]), "no catalogs found in \(request.catalogs.joined(separator: ", ")) (\(InputReaders.knownExtensions))")])
                throw .missingInput
            }
            let checker = Resolver(catalogs: loaded.catalogs)
            do throws(DiagnosticError) {
                _ = try checker.resolve(result.mapping)
            } catch {
                found += error.diagnostics
            }
            resolver = checker
        }
        if !found.isEmpty { diagnostics.report(found) }
        if found.contains(where: { $0.severity == .error }) { throw .badInput }

        let origin = ImportProvenance.line(source: request.source, table: table, how: how, bytes: Array(bytes), date: request.date)
        result.provenance = MappingImporter.commentSafe(origin)
        let text = importer.render(result)

        let mapping: Mapping
        do throws(DiagnosticError) {
            let input = try InputFile.decode(Array(text.utf8), path: request.destination.path ?? "<stdout>")
            mapping = try MappingYAMLParser().parse(input)
            if let resolver { _ = try resolver.resolve(mapping) }
        } catch {
            diagnostics.report(error.diagnostics)
            throw .internalError("the imported mapping does not read back (a bug: please report it with the table)")
        }
        let links = result.mapping.entries.reduce(0) { $0 + $1.links.count }
        diagnostics.progress(ProgressStep("mapping", mapping.id, counts: [.init(result.mapping.entries.count, "entry"), .init(links, "link")]))
        let written = try write(Array(text.utf8), as: ImportedCatalogText(), to: request.destination, diagnostics: diagnostics)
        if let written { diagnostics.progress(ProgressStep("wrote", written, counts: [.init(result.mapping.entries.count, "entry")])) }
        return ImportedMapping(mapping: mapping, text: text, written: written, rowsRead: table.rows.count,
                               entries: result.mapping.entries.count, noCounterpart: result.noCounterpart,
                               unreviewed: result.unreviewed.count, links: result.mapping.entries.reduce(0) { $0 + $1.links.count })
    }
}

/// Turns a table's rows into mapping entries, following a mapping recipe. Every row is
/// accounted for: header rows, skipped rows, blank rows, rows with a blank id the recipe skips,
/// rows not reviewed (every cross-reference cell empty: no entry), and entries.
struct MappingImporter {
    let table: Table
    let recipe: ImportRecipe
    let recipeFile: String
    var diagnostics: [Diagnostic] = []

    init(table: Table, recipe: ImportRecipe, recipeFile: String) {
        self.table = table
        self.recipe = recipe
        self.recipeFile = recipeFile
    }

    struct Result {
        /// The mapping, with every entry and link located at its cell (for the catalog check).
        var mapping: Mapping
        /// Header lines: each column as `F「JAMA対応」` with its catalogs.
        var columns: [(name: String, catalogs: [String])]
        var header: Int
        var skipped: Int
        var blank: Int
        var blankIDs: Int
        var noCounterpart: Int
        /// Source ids (as written) of rows whose cross-reference cells are all empty.
        var unreviewed: [String]
        var provenance = ""
    }

    private func location(_ row: Table.Row, _ column: Int) -> SourceLocation { table.location(row: row, column: column) }

    private func cell(_ row: Table.Row, _ column: Int) -> String {
        column < row.cells.count ? row.cells[column] : ""
    }

    /// Where a token at Character `offset` of cell `column` is: the cell for a workbook; for
    /// CSV/TSV the token's own line and column (a quoted cell's opening quote and its doubled
    /// quotes `""` counted).
    func tokenLocation(_ row: Table.Row, _ column: Int, offset: Int) -> SourceLocation {
        guard table.sheet == nil, column < row.starts.count else { return location(row, column) }
        let value = cell(row, column)
        let start = row.starts[column]
        let quoted: Bool
        if column + 1 < row.starts.count, row.starts[column + 1].line == start.line, !value.contains(where: \.isNewline) {
            // The next cell starts after this one's text and the delimiter.
            quoted = row.starts[column + 1].column - start.column - 1 > value.count
        } else {
            let ext = (table.file as NSString).pathExtension.lowercased()
            let delimiter: Character = ext == "csv" ? "," : "\t"
            quoted = value.contains { $0 == "\"" || $0.isNewline || $0 == delimiter }
        }
        let (line, col) = CrossReferenceCell.lineAndColumn(ofOffset: offset, in: value)
        // Doubled quotes before the token on its line.
        var doubled = 0
        if quoted {
            var currentLine = 0
            for (index, ch) in value.enumerated() {
                if index == offset { break }
                if ch.isNewline { currentLine += 1; doubled = 0 } else if ch == "\"", currentLine == line { doubled += 1 }
            }
        }
        if line == 0 {
            return SourceLocation(file: table.file, line: start.line, column: start.column + (quoted ? 1 : 0) + col - 1 + doubled)
        }
        return SourceLocation(file: table.file, line: start.line + line, column: col + doubled)
    }

    mutating func run() -> Result? {
        let here = SourceLocation(file: recipeFile)
        let requirements: [(Bool, String, String)] = [
            (recipe.id == nil, "id", "the mapping's id"),
            (recipe.sourceCatalog == nil, "source", "the source catalog's id"),
            (recipe.targets?.value.isEmpty ?? true, "targets", "the target catalogs' ids, e.g. [iso27001-annex-a, iso27001-clauses]"),
            (recipe.relationship == nil, "relationship", "the relationship every imported link gets, e.g. intersects-with (it is declared, never guessed)"),
            (recipe.idColumn == nil, "id-column", "the column of the source item ids"),
            (recipe.crossReferenceColumns.isEmpty, "columns", "the cross-reference columns, each with its rules"),
        ]
        for (missing, key, what) in requirements where missing {
            diagnostics.append(.error(here, "the mapping recipe needs '\(key)': \(what)"))
        }
        if let id = recipe.id, let problem = Mapping.fileNameProblem(Normalization.key(id.value), written: id.value) {
            diagnostics.append(.error(id.location, "mapping id '\(id.value)' cannot name output files: \(problem)"))
        }
        for value in [recipe.id, recipe.title, recipe.sourceCatalog].compactMap({ $0 }) where value.value.contains(where: \.isNewline) {
            diagnostics.append(.error(value.location, "header values are one line each"))
        }
        var targetKeys: [String] = []
        for target in recipe.targets?.value ?? [] {
            let key = Normalization.key(target.value)
            if targetKeys.contains(key) {
                diagnostics.append(.error(target.location, "target catalog '\(target.value)' is listed twice"))
            } else {
                targetKeys.append(key)
            }
        }
        for column in recipe.crossReferenceColumns {
            for (rule, at) in zip(column.rules, column.catalogLocations) where !targetKeys.contains(rule.catalog) && recipe.targets != nil {
                let hint = Suggestion.nearest(to: rule.catalog, in: targetKeys).map { "; did you mean '\($0)'?" } ?? ""
                diagnostics.append(.error(at, "catalog '\(rule.catalog)' of pattern '\(rule.pattern)' is not among the targets (\(targetKeys.joined(separator: ", ")))\(hint)"))
            }
        }

        let (header, data, skipped) = recipe.rows(of: table)
        var blank = 0, blankIDs = 0

        // Columns by letter or header text, as `import catalog` reads them.
        var columnReader = CatalogImporter(table: table, recipe: recipe)
        let idColumn = columnReader.column(recipe.idColumn, header: header, what: "id-column")
        var xrefColumns: [(index: Int, spec: ImportRecipe.CrossReferenceColumn)] = []
        for spec in recipe.crossReferenceColumns {
            if let c = columnReader.column(spec.column, header: header, what: "cross-reference column") {
                if let same = xrefColumns.first(where: { $0.index == c }) {
                    diagnostics.append(.error(spec.column.location, "column '\(spec.column.value)' is column \(Table.columnName(c)), which '\(same.spec.column.value)' already names"))
                } else if c == idColumn {
                    diagnostics.append(.error(spec.column.location, "column '\(spec.column.value)' is the id column"))
                } else {
                    xrefColumns.append((c, spec))
                }
            }
        }
        diagnostics += columnReader.diagnostics
        if diagnostics.contains(where: { $0.severity == .error }) { return nil }
        guard let idColumn, let id = recipe.id, let source = recipe.sourceCatalog, let relationship = recipe.relationship?.value else { return nil }

        var entries: [MappingEntry] = []
        var seen: [String: SourceLocation] = [:]
        var noCounterpart = 0
        var unreviewed: [String] = []
        for row in data {
            if row.cells.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
                blank += 1
                continue
            }
            let written = cell(row, idColumn).trimmingCharacters(in: .whitespacesAndNewlines)
            if written.isEmpty {
                if recipe.skipBlankIDs?.value == true { blankIDs += 1; continue }
                diagnostics.append(.error(location(row, idColumn), "empty id cell (row \(row.number)); every row needs an id, or the recipe says 'blank-ids: skip'"))
                continue
            }
            let key = Normalization.key(written)
            if key.isEmpty || written.contains(where: \.isNewline) {
                diagnostics.append(.error(location(row, idColumn), "id '\(written)' cannot be an item id (empty once normalised, or holds a line break)"))
                continue
            }
            if let first = seen[key] {
                diagnostics.append(.error(location(row, idColumn), "duplicate id \(Normalization.quoted(written, key: key)): first at \(first)"))
                continue
            }
            seen[key] = location(row, idColumn)

            var links: [MappingLink] = []
            var linkedAt: [ItemReference: String] = [:]
            var markers: [(column: ImportRecipe.CrossReferenceColumn, at: SourceLocation, marker: String)] = []
            for (c, spec) in xrefColumns {
                let text = cell(row, c)
                let read = CrossReferenceCell.parse(text, rules: spec.rules)
                for problem in read.problems {
                    diagnostics.append(.error(tokenLocation(row, c, offset: problem.offset), problem.message))
                }
                switch read.content {
                case .empty: break
                case .noCounterpart(let marker): markers.append((spec, location(row, c), marker))
                case .links(let tokens):
                    for token in tokens {
                        let at = tokenLocation(row, c, offset: token.offset)
                        if let first = linkedAt[token.target] {
                            diagnostics.append(.warning(at, "'\(token.written)' names '\(token.target)' again (first as '\(first)' in this row); it is one link"))
                            continue
                        }
                        linkedAt[token.target] = token.written
                        let notes = [token.level, token.note].compactMap { $0 }
                        let note = notes.isEmpty ? nil : "表の注記: " + notes.joined(separator: "、")
                        links.append(MappingLink(target: token.target, relationship: relationship, note: note, location: at))
                    }
                }
            }
            // A row with problems: its ids that could be read are kept for the catalog check;
            // the import fails on the problems.
            if links.isEmpty && markers.isEmpty {
                unreviewed.append(written)
                continue
            }
            var entry = MappingEntry(item: key, writtenItem: written, location: location(row, idColumn))
            if links.isEmpty {
                noCounterpart += 1
                let marks = Array(Set(markers.map(\.marker))).sorted().map { "「\($0)」" }.joined()
                entry.note = "表では\(marks)（対応なし）。"
            } else {
                // A column that says "no counterpart" while another names items: nothing in
                // that column's catalogs.
                let linkedCatalogs = Set(links.map(\.target.catalog))
                var said: Set<String> = []
                for marker in markers {
                    for rule in marker.column.rules where !linkedCatalogs.contains(rule.catalog) && !said.contains(rule.catalog) {
                        said.insert(rule.catalog)
                        links.append(MappingLink(target: ItemReference(catalog: rule.catalog, item: nil), relationship: .noRelationship,
                                                 note: "表では「\(marker.marker)」（対応なし）。", location: marker.at))
                    }
                }
            }
            entry.links = links
            entries.append(entry)
        }
        var mapping = Mapping(id: Normalization.key(id.value), title: recipe.title?.value, source: Normalization.key(source.value),
                              targets: targetKeys, status: "draft")
        mapping.entries = entries
        mapping.location = recipe.targets?.location ?? here
        mapping.writtenID = id.value
        let columns = xrefColumns.map { c in
            let header = header.compactMap { c.index < $0.cells.count ? Self.commentSafe($0.cells[c.index]) : nil }.filter { !$0.isEmpty }
            var catalogs: [String] = []
            for rule in c.spec.rules where !catalogs.contains(rule.catalog) { catalogs.append(rule.catalog) }
            let name = Table.columnName(c.index) + (header.isEmpty ? "" : "「\(Self.dedup(header).joined(separator: "/"))」")
            return (name, catalogs)
        }
        return Result(mapping: mapping, columns: columns, header: header.count, skipped: skipped, blank: blank,
                      blankIDs: blankIDs, noCounterpart: noCounterpart, unreviewed: unreviewed)
    }

    static func dedup(_ values: [String]) -> [String] {
        var out: [String] = []
        for v in values where out.last != v { out.append(v) }
        return out
    }

    /// One line without control characters, for a YAML comment.
    static func commentSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar -> Unicode.Scalar in
            let p = scalar.properties.generalCategory
            return p == .control || p == .format || p == .lineSeparator || p == .paragraphSeparator ? " " : scalar
        })).trimmingCharacters(in: .whitespaces)
    }


    /// The mapping YAML (docs/mapping-yaml.md): the provenance and the counts as comments in
    /// Japanese, the header, and one entry per reviewed row in row order.
    func render(_ result: Result) -> String {
        let mapping = result.mapping
        var out = ""
        out += "# \(Self.commentSafe(mapping.title ?? mapping.id))\n"
        out += "# \(result.provenance)\n"
        let columns = result.columns.map { "\($0.name) → \($0.catalogs.joined(separator: "、"))" }.joined(separator: "、")
        out += "# 対応列: \(columns)。取り込んだ対応の関係はすべて \(recipe.relationship!.value.rawValue)（下書き、要確認）。\n"
        let reviewed = mapping.entries.count
        var counts = "# 表の\(table.rows.count)行を読み、\(reviewed)行を突合済みとして取り込んだ"
        if result.noCounterpart > 0 { counts += "（うち対応なし\(result.noCounterpart)行）" }
        counts += "。"
        var others: [String] = []
        if result.header > 0 { others.append("見出し行\(result.header)行") }
        if result.skipped > 0 { others.append("レシピの指定で除外\(result.skipped)行") }
        if result.blankIDs > 0 { others.append("ID空欄で除外\(result.blankIDs)行") }
        if result.blank > 0 { others.append("空行\(result.blank)行") }
        if !others.isEmpty { counts += "ほかに" + others.joined(separator: "、") + "。" }
        out += counts + "\n"
        if !result.unreviewed.isEmpty {
            let shown = result.unreviewed.prefix(20).map { Self.commentSafe($0) }.joined(separator: ", ")
            let more = result.unreviewed.count > 20 ? " ほか\(result.unreviewed.count - 20)件" : ""
            out += "# 対応列がすべて空欄の\(result.unreviewed.count)行は未突合のため載せていない: \(shown)\(more)\n"
        }
        // The header and entries in the canonical form (`MappingYAMLWriter`), the comments above.
        var written = mapping
        written.writtenID = recipe.id!.value
        written.status = "draft"
        let comments = out.split(separator: "\n").map(String.init)
        out = MappingYAMLWriter.text(written, leadingComment: comments)
        return out
    }
}
