import Crypto
import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import TotsugoTable

extension Pipeline {
    /// What `import catalog` is asked for: a table file (CSV/TSV or xlsx) or a regulation
    /// document (.docx, `importDocument`), a recipe (nil: the
    /// flags alone), the flags (they replace the recipe's values), where to write, and the
    /// import date for the provenance line (never the clock).
    public struct ImportCatalogRequest: Sendable {
        public var source: String
        public var recipe: String?
        public var overrides: ImportRecipe
        public var destination: ReportDestination
        public var date: String?
        /// Write the XML catalog format instead of structured text (the default for an `--out`
        /// path ending in `.xml`).
        public var xml: Bool
        /// Called with the staged text file's path before it is read back (tests corrupt it to
        /// see that a text that does not read back leaves nothing in the output folder).
        package var afterStaging: (@Sendable (String) -> Void)?

        public init(source: String, recipe: String? = nil, overrides: ImportRecipe = ImportRecipe(),
                    destination: ReportDestination = .standardOutput, date: String? = nil, xml: Bool? = nil) {
            self.source = source
            self.recipe = recipe
            self.overrides = overrides
            self.destination = destination
            self.date = date
            self.xml = xml ?? (destination.path.map { ($0 as NSString).pathExtension.lowercased() == "xml" } ?? false)
        }
    }

    /// What `import catalog` made.
    public struct ImportedCatalog: Sendable {
        /// The catalog as `validate` reads the text written (read again from `bytes` on each use
        /// when the import did not keep it: holding the whole model beside the text was 60 MiB of
        /// the peak at 100,000 rows).
        public var catalog: Catalog {
            get {
                if let kept { return kept }
                // The import read these same bytes back without error before returning them.
                do {
                    return try CatalogTextParser().parse(InputFile.decode(bytes, path: path))
                } catch {
                    preconditionFailure("the imported catalog no longer reads back: \(error.diagnostics)")
                }
            }
            set { kept = newValue }
        }
        private var kept: Catalog?
        /// Where the items read back are (the output's path).
        private var path = "<stdout>"
        /// The structured text of the catalog, UTF-8 (what is written, unless `xml` is).
        public var bytes: [UInt8]
        /// The structured text of the catalog (what is written, unless `xml` is).
        public var text: String { String(decoding: bytes, as: UTF8.self) }
        /// The XML written instead of `text` when XML was asked for.
        public var xml: String?
        public var written: String?
        /// Rows of the table, and how each was used.
        public var rowsRead: Int
        public var itemsImported: Int
        public var headingsMade: Int
        /// Read from a document (.docx): `rowsRead` counts its paragraphs, items are its headings.
        public var fromDocument = false

        init(catalog: Catalog?, bytes: [UInt8], path: String?, written: String?, rowsRead: Int, itemsImported: Int, headingsMade: Int) {
            kept = catalog
            self.path = path ?? "<stdout>"
            self.bytes = bytes
            self.written = written
            self.rowsRead = rowsRead
            self.itemsImported = itemsImported
            self.headingsMade = headingsMade
        }
    }

    /// `import catalog`: reads the table, turns every data row into an item (or reports it at
    /// its cell), checks the result parses as a catalog, and writes it as structured text.
    /// Nothing is written when any row is in error.
    @discardableResult
    public static func importCatalog(_ request: ImportCatalogRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> ImportedCatalog {
        var recipe = ImportRecipe()
        if let path = request.recipe {
            do throws(DiagnosticError) {
                recipe = try ImportRecipe.read(path)
            } catch {
                diagnostics.report(error.diagnostics)
                throw error.kind == .missingInput ? .missingInput : .badInput
            }
        }
        recipe = recipe.overridden(by: request.overrides)
        if (request.source as NSString).pathExtension.lowercased() == "docx" {
            return try importDocument(request, recipe: recipe, diagnostics: diagnostics)
        }
        // The table, the file's bytes and the importer's tree live only while the text is made:
        // at 100,000 CSV rows they are most of the memory, and the read-back below needs as much
        // again (BENCHMARKS.md, "Import memory").
        var tree: ImportedTree? = try importedTree(request, recipe: recipe, diagnostics: diagnostics)
        let counts = tree!.counts
        if !request.xml, let out = request.destination.path, !writesThrough(out) {
            return try importStaged(&tree, to: out, request: request, diagnostics: diagnostics)
        }
        // Standard output, a device or FIFO, or the XML: the text is made whole in memory.
        let textBytes = tree!.render()
        tree = nil
        returnFreedMemory()  // the importer's tree, as the table above
        // The check that what is written reads back as a catalog keeps no items unless the XML
        // is made from them.
        let catalog = try readBack(textBytes, path: request.destination.path ?? "<stdout>", keepingItems: request.xml, diagnostics: diagnostics)
        diagnostics.progress(ProgressStep("catalog", catalog.id, counts: [.init(counts.items, "item"), .init(counts.headings, "heading")]))
        let xml = try xmlIfAsked(catalog, request: request, diagnostics: diagnostics)
        let written = try write(xml.map { Array($0.utf8) } ?? textBytes, as: ImportedCatalogText(), to: request.destination, diagnostics: diagnostics)
        if let written { diagnostics.progress(ProgressStep("wrote", written, counts: [.init(counts.items, "item")])) }
        var imported = ImportedCatalog(catalog: request.xml ? catalog : nil, bytes: textBytes,
                                       path: request.destination.path, written: written, rowsRead: counts.rows,
                                       itemsImported: counts.items, headingsMade: counts.headings)
        imported.xml = xml
        return imported
    }

    /// The text written a piece at a time into its staged file in the output folder, the tree
    /// freed, then the staged file read back and checked before the run commits: the whole
    /// text beside the tree was the peak of a 100,000-row import (BENCHMARKS.md, "Import memory,
    /// third pass"). A text that does not read back leaves nothing in the folder.
    static func importStaged(_ tree: inout ImportedTree?, to out: String, request: ImportCatalogRequest,
                             diagnostics: any DiagnosticSink) throws(CommandFailure) -> ImportedCatalog {
        let counts = tree!.counts
        var textBytes: [UInt8] = []
        let folder = (out as NSString).deletingLastPathComponent
        let written = try writing(to: folder.isEmpty ? "." : folder, diagnostics: diagnostics) { staging in
            let staged = try staging.addFile(name: (out as NSString).lastPathComponent) { file in
                try file.stream { buffer, flush in try tree!.render(into: &buffer, flush: flush) }
                return file.path
            }
            tree = nil
            returnFreedMemory()  // the importer's tree
            request.afterStaging?(staged)
            do throws(DiagnosticError) {
                textBytes = try InputFile.readBytes(staged, sizeLimit: Int.max / 2)
            } catch {
                throw CommandFailure.cannotWrite("\(out): cannot read back \(staged): \(error.diagnostics.map(\.message).joined(separator: "; "))")
            }
            let catalog = try readBack(textBytes, path: out, keepingItems: false, diagnostics: diagnostics)
            diagnostics.progress(ProgressStep("catalog", catalog.id, counts: [.init(counts.items, "item"), .init(counts.headings, "heading")]))
        }.first
        if let written { diagnostics.progress(ProgressStep("wrote", written, counts: [.init(counts.items, "item")])) }
        return ImportedCatalog(catalog: nil, bytes: textBytes, path: out, written: written, rowsRead: counts.rows,
                               itemsImported: counts.items, headingsMade: counts.headings)
    }

    /// The catalog `bytes` (the imported text) read as, or an internal error: the importer made it.
    static func readBack(_ bytes: [UInt8], path: String, keepingItems: Bool, diagnostics: any DiagnosticSink) throws(CommandFailure) -> Catalog {
        do throws(DiagnosticError) {
            let input = try InputFile.decode(bytes, path: path)
            return try CatalogTextParser().parse(input, keepingItems: keepingItems)
        } catch {
            diagnostics.report(error.diagnostics)
            throw .internalError("the imported catalog does not read back (a bug: please report it with the table)")
        }
    }

    /// The importer's items with what the text is made from: the provenance line and the counts
    /// of rows read, items and headings made.
    struct ImportedTree {
        var importer: CatalogImporter
        var result: CatalogImporter.Result
        var provenance: String
        var counts: (rows: Int, items: Int, headings: Int)

        /// The text whole, reserved at its estimated size.
        func render() -> [UInt8] {
            var out: [UInt8] = []
            // Pages reserved and never written are not resident.
            out.reserveCapacity(importer.estimatedTextBytes(result))
            importer.render(result, provenance: provenance, into: &out) { (_: inout [UInt8]) throws(Never) in }
            return out
        }

        /// The text appended to `buffer` a piece at a time, `flush` called after each piece.
        func render(into buffer: inout [UInt8], flush: (inout [UInt8]) throws -> Void) throws {
            try importer.render(result, provenance: provenance, into: &buffer, flush: flush)
        }
    }

    /// The importer's items made from the table, with the provenance line and the counts.
    static func importedTree(_ request: ImportCatalogRequest, recipe: ImportRecipe, diagnostics: any DiagnosticSink)
        throws(CommandFailure) -> ImportedTree {
        var importer: CatalogImporter
        let origin: String
        if let options = try delimitedOptions(request.source, recipe: recipe, diagnostics: diagnostics) {
            // A text table's rows go to the importer as they are read, the file's SHA-256 made
            // from the same pieces: the table is never whole.
            var streamed = CatalogImporter(file: request.source, sheet: nil, recipe: recipe)
            var hasher = SHA256()
            let reading: DelimitedTableReading
            do throws(DiagnosticError) {
                reading = try DelimitedText.forEachRow(request.source, options: options,
                                                       bytes: { $0.withUnsafeBytes { hasher.update(bufferPointer: $0) } },
                                                       { streamed.take($0) })
            } catch {
                // The rows read before the failure are dropped with their diagnostics, as when
                // the table was read whole before the importer ran.
                diagnostics.report(error.diagnostics)
                throw error.kind == .missingInput ? .missingInput : .badInput
            }
            origin = ImportProvenance.line(source: request.source, details: [reading.encoding.description],
                                           digest: hasher.finalize(), date: request.date)
            diagnostics.progress(ProgressStep("read", request.source, counts: [.init(reading.rows, "row")]))
            importer = streamed
        } else if ["xlsx", "xlsm"].contains((request.source as NSString).pathExtension.lowercased()) {
            (importer, origin) = try importedWorkbook(request, recipe: recipe, diagnostics: diagnostics)
        } else {
            // The provenance line (the file's SHA-256) is made before the importer runs, so the
            // file's bytes are not alive beside its tree; the table lives only while the rows
            // are taken.
            let (table, how) = try readTable(request.source, recipe: recipe, diagnostics: diagnostics)
            guard let bytes = FileManager.default.contents(atPath: request.source) else {
                diagnostics.report([.error(SourceLocation(file: request.source), "cannot read the file")])
                throw CommandFailure.missingInput
            }
            origin = ImportProvenance.line(source: request.source, table: table, how: how, bytes: bytes, date: request.date)
            diagnostics.progress(ProgressStep("read", request.source, counts: [.init(table.rows.count, "row")]))
            importer = CatalogImporter(file: table.file, sheet: table.sheet, recipe: recipe)
            for row in table.rows { importer.take(row) }
        }
        let result = importer.finish()
        if !importer.diagnostics.isEmpty { diagnostics.report(importer.diagnostics) }
        guard let result, !importer.diagnostics.contains(where: { $0.severity == .error }) else { throw .badInput }
        // The table's cells (a workbook's) are hundreds of thousands of small blocks: freed,
        // glibc keeps their pages in the process, and the text and its read-back came on top
        // of them.
        returnFreedMemory()
        return ImportedTree(importer: importer, result: result, provenance: origin,
                            counts: (importer.rowsRead, result.items, result.headings))
    }

    /// A workbook's sheet given to the importer a row at a time as it streams out of the
    /// package (`Workbook.forEachRow`), the table never whole; a sheet that needs its whole
    /// table (merged cells, rows out of order) is read again as a table. Returns the importer
    /// and the provenance line, the file's SHA-256 read in pieces after the sheet.
    static func importedWorkbook(_ request: ImportCatalogRequest, recipe: ImportRecipe,
                                 diagnostics: any DiagnosticSink) throws(CommandFailure) -> (CatalogImporter, String) {
        if let option = recipe.encoding ?? recipe.delimiter {
            diagnostics.report([.warning(option.location, "encoding and delimiter are for CSV/TSV files; a workbook has neither")])
        }
        var importer: CatalogImporter
        let sheet: String
        do throws(DiagnosticError) {
            let workbook = try Workbook(path: request.source)
            let name = workbook.tableName(sheet: recipe.sheet?.value)
            sheet = name.sheet
            var streamed = CatalogImporter(file: name.file, sheet: name.sheet, recipe: recipe)
            if try workbook.forEachRow(sheet: recipe.sheet?.value, { streamed.take($0) }) {
                importer = streamed
            } else {
                streamed = CatalogImporter(file: name.file, sheet: name.sheet, recipe: recipe)  // its rows are dropped
                let table = try workbook.table(sheet: recipe.sheet?.value)
                importer = CatalogImporter(file: table.file, sheet: table.sheet, recipe: recipe)
                for row in table.rows { importer.take(row) }
            }
        } catch {
            diagnostics.report(error.diagnostics)
            throw error.kind == .missingInput ? .missingInput : .badInput
        }
        guard let digest = sha256(ofFile: request.source) else {
            diagnostics.report([.error(SourceLocation(file: request.source), "cannot read the file")])
            throw CommandFailure.missingInput
        }
        let origin = ImportProvenance.line(source: request.source, details: ["シート「\(sheet)」"], digest: digest, date: request.date)
        diagnostics.progress(ProgressStep("read", request.source, counts: [.init(importer.rowsRead, "row")]))
        return (importer, origin)
    }

    /// The SHA-256 of the file at `path`, read a MiB at a time (the workbook's bytes are not
    /// read whole a second time); nil when it cannot be read.
    static func sha256(ofFile path: String) -> SHA256.Digest? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            // nil (or empty) at the end of the file.
            while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty { hasher.update(data: piece) }
        } catch {
            return nil
        }
        return hasher.finalize()
    }

    /// The catalog in the XML format when the request asks for it, read back (schema-validated)
    /// to the same model as the structured text, else nil.
    static func xmlIfAsked(_ catalog: Catalog, request: ImportCatalogRequest,
                           diagnostics: any DiagnosticSink) throws(CommandFailure) -> String? {
        guard request.xml else { return nil }
        let xml = CatalogXMLWriter.render(catalog)
        do throws(DiagnosticError) {
            let input = try InputFile.decode(Array(xml.utf8), path: request.destination.path ?? "<stdout>")
            let readBack = try CatalogXMLParser().parse(input)
            guard readBack.withoutLocations() == catalog.withoutLocations() else {
                throw DiagnosticError(.error(SourceLocation(file: input.path), "the XML reads back to a different catalog"))
            }
        } catch {
            diagnostics.report(error.diagnostics)
            throw .internalError("the imported catalog's XML does not read back (a bug: please report it with the table)")
        }
        return xml
    }

    /// How the text table (CSV/TSV) at `path` is read, or nil when `path` is not one.
    static func delimitedOptions(_ path: String, recipe: ImportRecipe, diagnostics: any DiagnosticSink) throws(CommandFailure) -> DelimitedText.Options? {
        guard ["csv", "tsv", "tab", "txt"].contains((path as NSString).pathExtension.lowercased()) else { return nil }
        do throws(DiagnosticError) {
            return try textTableOptions(path, recipe: recipe, diagnostics: diagnostics)
        } catch {
            diagnostics.report(error.diagnostics)
            throw .badInput
        }
    }

    /// The recipe's encoding and delimiter for a text table; warns of a sheet.
    static func textTableOptions(_ path: String, recipe: ImportRecipe, diagnostics: any DiagnosticSink) throws(DiagnosticError) -> DelimitedText.Options {
        var options = DelimitedText.Options()
        if let raw = recipe.encoding {
            guard let encoding = TextEncoding(name: raw.value) else {
                throw DiagnosticError(.error(raw.location, "unknown encoding '\(raw.value)' (auto, utf-8, cp932, utf-16le, utf-16be)"))
            }
            options.encoding = encoding
        }
        if let raw = recipe.delimiter {
            guard let delimiter = Delimiter(name: raw.value) else {
                throw DiagnosticError(.error(raw.location, "unknown delimiter '\(raw.value)' (auto, comma, tab, semicolon)"))
            }
            options.delimiter = delimiter
        }
        if let sheet = recipe.sheet {
            diagnostics.report([.warning(sheet.location, "sheet is for workbooks; \(path) is a text table")])
        }
        return options
    }

    /// The table of `path` (its sheet for a workbook) and how a text file was read (encoding).
    static func readTable(_ path: String, recipe: ImportRecipe, diagnostics: any DiagnosticSink) throws(CommandFailure) -> (Table, String?) {
        let ext = (path as NSString).pathExtension.lowercased()
        do throws(DiagnosticError) {
            switch ext {
            case "xlsx", "xlsm":
                if let option = recipe.encoding ?? recipe.delimiter {
                    diagnostics.report([.warning(option.location, "encoding and delimiter are for CSV/TSV files; a workbook has neither")])
                }
                let workbook = try Workbook(path: path)
                return (try workbook.table(sheet: recipe.sheet?.value), nil)
            case "csv", "tsv", "tab", "txt":
                let options = try textTableOptions(path, recipe: recipe, diagnostics: diagnostics)
                let read = try DelimitedText.read(path, options: options)
                return (read.table, read.encoding.description)
            default:
                throw DiagnosticError(.error(SourceLocation(file: path), "cannot import a '.\(ext)' file: tables are .xlsx, .csv, .tsv or .txt (tab-separated), documents .docx"))
            }
        } catch {
            diagnostics.report(error.diagnostics)
            throw error.kind == .missingInput ? .missingInput : .badInput
        }
    }
}

extension ImportRecipe {
    /// The table's rows as the recipe reads them: rows skipped by number (counted), then the
    /// header rows, then the data rows. Both importers split a table this one way.
    func rows(of table: Table) -> (header: [Table.Row], data: ArraySlice<Table.Row>, skipped: Int) {
        let skip = skipRows?.value ?? []
        var skipped = 0
        var kept: [Table.Row] = []
        for row in table.rows {
            if skip.contains(where: { $0.contains(row.number) }) { skipped += 1 } else { kept.append(row) }
        }
        let headerCount = min(headerRows?.value ?? 1, kept.count)
        return (Array(kept.prefix(headerCount)), kept.dropFirst(headerCount), skipped)
    }
}

extension ReportDestination {
    var path: String? {
        if case .file(let path) = self { return path }
        return nil
    }
}

/// The imported catalog's text, written as one file (or to standard output).
struct ImportedCatalogText: RenderedFormat {
    typealias Artifact = [UInt8]
    var name: String { "txt" }
    func render(_ artifact: [UInt8]) throws -> [UInt8] { artifact }
}

/// Turns a table's rows into catalog items, following a recipe. Every row is accounted for:
/// header rows, rows the recipe skips, blank rows, rows with a blank id the recipe skips, and
/// items; anything else is a diagnostic at its cell.
struct CatalogImporter {
    /// Where the rows come from (file and sheet; its rows are not kept): names cells in
    /// diagnostics.
    let origin: Table
    /// The rows given, all of them.
    private(set) var rowsRead = 0
    let recipe: ImportRecipe
    /// The recipe's `level-names` (worked out once, not per row).
    let levelVocabulary: LevelVocabulary
    var diagnostics: [Diagnostic] = []

    /// Rows are given one at a time (`take`) and not kept: only the header rows are, until the
    /// columns are found, and per item what a later diagnostic or the catalog needs (the whole
    /// table beside the items was most of the peak of a 100,000-row CSV: BENCHMARKS.md, "Import
    /// memory, third pass").
    init(file: String, sheet: String?, recipe: ImportRecipe) {
        self.init(file: file, sheet: sheet, recipe: recipe, takingRows: true)
    }

    /// An importer named after `table` that takes no rows: a mapping importer reads its columns
    /// with `column`.
    init(table: Table, recipe: ImportRecipe) {
        self.init(file: table.file, sheet: table.sheet, recipe: recipe, takingRows: false)
    }

    private init(file: String, sheet: String?, recipe: ImportRecipe, takingRows: Bool) {
        origin = Table(file: file, sheet: sheet, rows: [])
        self.recipe = recipe
        levelVocabulary = recipe.levelVocabulary
        headerWanted = recipe.headerRows?.value ?? 1
        skip = recipe.skipRows?.value ?? []
        fromColumns = recipe.headingsFromColumns?.value ?? false
        if takingRows && headerWanted <= 0 { prepare() }
    }

    /// The items made from every row of `table`.
    static func run(_ table: Table, recipe: ImportRecipe) -> (CatalogImporter, Result?) {
        var importer = CatalogImporter(file: table.file, sheet: table.sheet, recipe: recipe)
        for row in table.rows { importer.take(row) }
        let result = importer.finish()
        return (importer, result)
    }

    final class Node {
        var key: String
        var number: String?
        var title: String
        var text: String?
        var levels: [Level] = []
        var tags: [String] = []
        var children: [Node] = []
        /// Unowned: a strong reference back to the parent made every parent and child a cycle,
        /// and the tree of 100,000 items was never freed (≈ 60 MiB beside the read-back).
        unowned var parent: Node?
        init(key: String, number: String?, title: String) {
            self.key = key
            self.number = number
            self.title = title
        }
    }

    struct Result {
        var roots: [Node]
        var items: Int
        var headings: Int
        var header: Int
        var skipped: Int
        var blank: Int
        var blankIDs: Int
    }

    /// A cell remembered for a later diagnostic: its row number and column, and for CSV where it
    /// starts (line 0 when not known). A `SourceLocation` per item and per hierarchy cell (with a
    /// `Sheet!C12` string in a workbook) was ≈ 24 MiB of the 100,000-row import.
    struct Place {
        var row: Int
        var column: Int
        var line: Int
        var character: Int
    }

    private func place(_ row: Table.Row, _ column: Int) -> Place {
        if column < row.starts.count {
            return Place(row: row.number, column: column, line: row.starts[column].line, character: row.starts[column].column)
        }
        return Place(row: row.number, column: column, line: 0, character: 0)
    }

    /// Where `place` is, as `Table.location(row:column:)` says.
    private func at(_ place: Place) -> SourceLocation {
        if let sheet = origin.sheet { return SourceLocation(file: origin.file, sheet: sheet, cell: Table.columnName(place.column) + String(place.row)) }
        if place.line > 0 { return SourceLocation(file: origin.file, line: place.line, column: place.character) }
        return SourceLocation(file: origin.file, line: place.row, column: 1)
    }

    private func location(_ row: Table.Row, _ column: Int) -> SourceLocation { origin.location(row: row, column: column) }

    private func cell(_ row: Table.Row, _ column: Int?) -> String {
        guard let column, column < row.cells.count else { return "" }
        return Normalization.trimmed(row.cells[column][...], newlines: true)
    }

    /// Column letters (`A`, `AB`) or header text, resolved against the header rows.
    mutating func column(_ spec: ImportRecipe.Value<String>?, header: [Table.Row], what: String) -> Int? {
        guard let spec else { return nil }
        let raw = spec.value
        if raw.count <= 3, raw.allSatisfy({ $0.isASCII && $0.isUppercase && $0.isLetter }) {
            return raw.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
        }
        let wanted = Normalization.text(raw)
        let width = header.map(\.cells.count).max() ?? 0
        // A column's header: its header cells top to bottom, a merged cell's value once.
        let paths: [[String]] = (0..<width).map { c in
            var path: [String] = []
            for row in header where c < row.cells.count {
                let name = Normalization.text(row.cells[c].trimmingCharacters(in: .whitespacesAndNewlines))
                if !name.isEmpty, path.last != name { path.append(name) }
            }
            return path
        }
        let matches = paths.indices.filter { paths[$0].contains(wanted) || paths[$0].joined(separator: "/") == wanted }
        if matches.count == 1 { return matches[0] }
        if header.isEmpty {
            diagnostics.append(.error(spec.location, "\(what) '\(raw)' names a header, but the table has no header rows (header-rows: 0); give a column letter (A, B, …)"))
        } else if matches.isEmpty {
            let known = paths.map { $0.joined(separator: "/") }.filter { !$0.isEmpty }
            let hint = Suggestion.nearest(to: raw, in: Set(paths.flatMap { $0 }).sorted()).map { "; did you mean '\($0)'?" } ?? ""
            diagnostics.append(.error(spec.location, "\(what) '\(raw)': no column has this header\(hint) (headers: \(known.map { "'\($0)'" }.joined(separator: ", ")))"))
        } else {
            diagnostics.append(.error(spec.location, "\(what) '\(raw)': columns \(matches.map { Table.columnName($0) }.joined(separator: ", ")) all have this header; give a column letter"))
        }
        return nil
    }

    private func controlCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { s in
            (s.value < 0x20 && s != "\t" && s != "\n" && s != "\r") || s.value == 0x7F || (0x80...0x9F).contains(s.value)
        }
    }

    // What the header rows settle (`prepare`), and what the rows leave as they go by.
    private let headerWanted: Int
    private let skip: [ClosedRange<Int>]
    private var header: [Table.Row] = []
    private var prepared = false
    /// The recipe or its columns are in error: the rows are only counted.
    private var failed = false
    private var skipped = 0, blank = 0, blankIDs = 0
    private var idColumn: Int?, titleColumn: Int?, textColumn: Int?, levelColumn: Int?, tagsColumn: Int?
    private var hierarchy: [Int] = []
    private var separator: Character?
    private let fromColumns: Bool
    private var byKey: [String: (node: Node, at: Place)] = [:]
    private var order: [Node] = []
    private var parentOf: [ObjectIdentifier: (key: String, at: Place, written: String)] = [:]
    /// Rows under one heading share its path's arrays.
    private var headingParent: [ObjectIdentifier: (path: [String], columns: [Int])] = [:]
    /// Where the first item under each heading path (its keys joined by "/") has the cell the
    /// heading is made from: the heading's diagnostics are there.
    private var headingPlaces: [String: Place] = [:]
    private var placedPath: [String] = []
    /// Every row under a heading repeats its hierarchy values: each is normalised once.
    private var headingKeys: [String: String] = [:]
    private var filled: [String] = []
    private var lastPath: [String] = [], lastColumns: [Int] = []
    /// More than the bytes the items take in the text (`render` reserves them: grown by
    /// doubling, the 38 MB text of 100,000 rows was briefly 32 MiB old and 64 MiB new).
    private var textEstimate = 0

    /// The recipe's checks and the columns, once the header rows are in.
    private mutating func prepare() {
        prepared = true
        let requirements: [(ImportRecipe.Value<String>?, String, String)] = [
            (recipe.id, "id", "--id"), (recipe.title, "title", "--title"),
            (recipe.publisher, "publisher", "--publisher"), (recipe.version, "version", "--version"),
            (recipe.idColumn, "id-column", "--id-column"), (recipe.titleColumn, "title-column", "--title-column"),
        ]
        for (value, key, flag) in requirements where value == nil {
            diagnostics.append(.error(SourceLocation(file: "command line"), "the catalog's \(key) is not given: write '\(key): …' in the recipe or pass \(flag)"))
        }
        if recipe.idPattern != nil, let columns = recipe.hierarchyColumns {
            diagnostics.append(.error(columns.location, "give the hierarchy either by hierarchy-columns or by id-pattern, not both"))
        }
        if let headings = recipe.headingsFromColumns, headings.value, recipe.hierarchyColumns == nil {
            diagnostics.append(.error(headings.location, "headings: from-columns needs hierarchy-columns"))
        }
        for value in [recipe.id, recipe.title, recipe.shortTitle, recipe.publisher, recipe.version, recipe.date, recipe.hierarchyNames, recipe.completeness].compactMap({ $0 }) + recipe.sources
        where value.value.contains(where: \.isNewline) {
            diagnostics.append(.error(value.location, "front-matter values are one line each"))
        }
        if let date = recipe.date, InputDate.w3cValid(date.value) == false {
            diagnostics.append(.error(date.location, "date must be YYYY, YYYY-MM or YYYY-MM-DD, not '\(date.value)'"))
        }

        idColumn = column(recipe.idColumn, header: header, what: "id-column")
        titleColumn = column(recipe.titleColumn, header: header, what: "title-column")
        textColumn = column(recipe.textColumn, header: header, what: "text-column")
        levelColumn = column(recipe.levelColumn, header: header, what: "level-column")
        tagsColumn = column(recipe.tagsColumn, header: header, what: "tags-column")
        for spec in recipe.hierarchyColumns?.value ?? [] {
            if let c = column(ImportRecipe.Value(spec, at: recipe.hierarchyColumns!.location), header: header, what: "hierarchy column") { hierarchy.append(c) }
        }
        separator = recipe.idPattern.flatMap { pattern in
            let found = pattern.value.first { !$0.isLetter && !$0.isNumber }
            if found == nil { diagnostics.append(.error(pattern.location, "id-pattern '\(pattern.value)' has no separator; write an example id such as 1-1-1 or 3.1.2")) }
            return found
        }
        failed = diagnostics.contains(where: { $0.severity == .error }) || idColumn == nil || titleColumn == nil

        filled = Array(repeating: "", count: hierarchy.count)
    }

    /// The next row of the table.
    mutating func take(_ row: Table.Row) {
        rowsRead += 1
        if skip.contains(where: { $0.contains(row.number) }) { skipped += 1; return }
        if !prepared {
            header.append(row)
            if header.count == headerWanted { prepare() }
            return
        }
        guard !failed, let idColumn, let titleColumn else { return }
        if row.cells.allSatisfy({ Normalization.trimmed($0[...], newlines: true).isEmpty }) {
            blank += 1
            return
        }
        // Fill hierarchy cells down: a blank cell takes the value above while the columns
        // to its left are unchanged (a new 大項目 starts its 中項目 afresh).
        var path: [String] = []
        var columns: [Int] = []
        var changed = false
        for (depth, c) in hierarchy.enumerated() {
            let value = cell(row, c)
            if !value.isEmpty {
                if value != filled[depth] { changed = true }
                filled[depth] = value
            } else if changed {
                filled[depth] = ""
            }
            if !filled[depth].isEmpty {
                path.append(Self.oneLine(filled[depth]))
                columns.append(c)
            }
        }
        if path == lastPath { path = lastPath } else { lastPath = path }
        if columns == lastColumns { columns = lastColumns } else { lastColumns = columns }
        let written = cell(row, idColumn)
        if written.isEmpty {
            if recipe.skipBlankIDs?.value == true { blankIDs += 1; return }
            diagnostics.append(.error(location(row, idColumn), "empty id cell (row \(row.number)); every row needs an id, or the recipe says 'blank-ids: skip'"))
            return
        }
        var rowOK = true
        for c in [idColumn, titleColumn, textColumn, levelColumn, tagsColumn].compactMap({ $0 }) + hierarchy {
            if let bad = controlCharacter(in: cell(row, c)) {
                diagnostics.append(.error(location(row, c), String(format: "control character U+%04X in the cell", bad.value)))
                rowOK = false
            }
        }
        let key = Normalization.key(written)
        if key.isEmpty || written.contains("\n") || written.contains(" | ") {
            diagnostics.append(.error(location(row, idColumn), "id '\(written)' cannot be an item id (empty once normalised, or holds a line break or ' | ')"))
            rowOK = false
        }
        let title = Self.oneLine(cell(row, titleColumn))
        if title.isEmpty {
            diagnostics.append(.error(location(row, titleColumn), "empty title cell for id '\(written)'"))
            rowOK = false
        }
        var levels: [Level] = []
        if let levelColumn {
            for token in cell(row, levelColumn).split(whereSeparator: { " ,、，/・\n\u{3000}".contains($0) }) {
                let spelling = String(token)
                if let level = recipe.levelValues?.value[Normalization.key(spelling)] ?? (recipe.levelValues == nil ? Self.level(spelling, in: levelVocabulary) : nil) {
                    if !levels.contains(level) { levels.append(level) }
                } else {
                    let known = recipe.levelValues.map { $0.value.keys.sorted().joined(separator: ", ") } ?? levelVocabulary.names.joined(separator: ", ")
                    diagnostics.append(.error(location(row, levelColumn), "unknown level '\(spelling)' (levels: \(known))"))
                    rowOK = false
                }
            }
        }
        guard rowOK else { return }
        if let first = byKey[key] {
            diagnostics.append(.error(location(row, idColumn), "duplicate id \(Normalization.quoted(written, key: key)): first at \(at(first.at))"))
            return
        }
        let node = Node(key: key, number: Normalization.display(written), title: title)
        node.levels = levels.sorted()
        if let textColumn {
            let text = cell(row, textColumn)
            if !text.isEmpty { node.text = text }
        }
        if let tagsColumn {
            node.tags = cell(row, tagsColumn).split(whereSeparator: { " ,、，\n\u{3000}".contains($0) }).map { Normalization.key(String($0)) }.filter { !$0.isEmpty }
        }
        byKey[key] = (node, place(row, idColumn))
        order.append(node)
        textEstimate += node.key.utf8.count * 2 + title.utf8.count + (node.text?.utf8.count ?? 0) + node.tags.reduce(0) { $0 + $1.utf8.count + 1 } + 64
        if let separator {
            let segments = key.split(separator: separator, omittingEmptySubsequences: true)
            if segments.count > 1 {
                parentOf[ObjectIdentifier(node)] = (segments.dropLast().joined(separator: String(separator)), place(row, idColumn), written)
            }
        } else if fromColumns {
            if !path.isEmpty {
                headingParent[ObjectIdentifier(node)] = (path, columns)
                if path != placedPath {
                    placedPath = path
                    var keyPath: [String] = []
                    for (depth, value) in path.enumerated() {
                        keyPath.append(keyOfHeading(value))
                        let joined = keyPath.joined(separator: "/")
                        if headingPlaces[joined] == nil { headingPlaces[joined] = place(row, columns[depth]) }
                    }
                }
            }
        } else if !hierarchy.isEmpty {
            // The hierarchy cells hold the ids of the rows above: the deepest one other
            // than the row's own id is its parent.
            if let deepest = zip(path, columns).reversed().first(where: { Normalization.key($0.0) != key }) {
                parentOf[ObjectIdentifier(node)] = (Normalization.key(deepest.0), place(row, deepest.1), deepest.0)
            }
        }
    }

    private mutating func keyOfHeading(_ value: String) -> String {
        if let key = headingKeys[value] { return key }
        let key = Normalization.key(value)
        headingKeys[value] = key
        return key
    }

    /// The items made from the rows given, or nil when any is in error (`diagnostics` say).
    mutating func finish() -> Result? {
        if !prepared { prepare() }
        guard !failed else { return nil }
        // Link parents; a parent is always a row of the table (or, with headings:
        // from-columns, a heading made from a hierarchy column's value).
        var headings: [String: Node] = [:]
        var headingCount = 0
        var rootOrder: [Node] = []
        for node in order {
            let id = ObjectIdentifier(node)
            if let path = headingParent[id]?.path {
                var parent: Node?
                var keyPath: [String] = []
                for value in path {
                    keyPath.append(keyOfHeading(value))
                    let headingKey = keyPath.joined(separator: "/")
                    if let existing = headings[headingKey] {
                        parent = existing
                        continue
                    }
                    if value.contains(" | ") {
                        diagnostics.append(.error(at(headingPlaces[headingKey]!), "a heading made from a hierarchy cell cannot hold ' | ' (it would be read as a number): '\(value)'"))
                        return nil
                    }
                    if let clash = byKey[headingKey] {
                        diagnostics.append(.error(at(headingPlaces[headingKey]!), "the heading made from '\(value)' would have id '\(headingKey)', which the row at \(at(clash.at)) already has"))
                        return nil
                    }
                    let heading = Node(key: headingKey, number: nil, title: value)
                    headingCount += 1
                    headings[headingKey] = heading
                    if let parent { parent.children.append(heading); heading.parent = parent } else { rootOrder.append(heading) }
                    parent = heading
                }
                parent!.children.append(node)
                node.parent = parent
            } else if let link = parentOf[id] {
                guard let parent = byKey[link.key]?.node else {
                    let how = separator != nil ? "the parent of '\(link.written)' by id-pattern" : "the parent named in this hierarchy cell"
                    diagnostics.append(.error(at(link.at), "\(how), '\(link.key)', is not an item of the table; no item is made up for it (add its row, or for hierarchy-columns say 'headings: from-columns')"))
                    continue
                }
                // A parent chain that comes back to the item is a cycle.
                var walker: Node? = parent
                var cycle = false
                var steps = 0
                while let w = walker, steps <= order.count {
                    if w === node { cycle = true; break }
                    walker = w.parent
                    steps += 1
                }
                if cycle {
                    diagnostics.append(.error(at(link.at), "'\(link.written)' as the parent makes a cycle of items"))
                    continue
                }
                node.parent = parent
                parent.children.append(node)
            } else {
                rootOrder.append(node)
            }
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return nil }
        let result = Result(roots: rootOrder, items: order.count, headings: headingCount, header: header.count, skipped: skipped,
                            blank: blank, blankIDs: blankIDs)
        // The tree holds what `render` needs; the maps that found the parents go before it.
        byKey = [:]
        order = []
        parentOf = [:]
        headingParent = [:]
        headingPlaces = [:]
        headingKeys = [:]
        header = []
        return result
    }

    /// A cell's lines as one line: Japanese lines joined as they are, others with a space.
    static func oneLine(_ text: String) -> String {
        // One line (most cells): only trimmed. No byte 0x0A–0x0D and no lead byte of U+0085
        // (C2) or U+2028/2029 (E2) means no Character is a newline.
        if !text.utf8.contains(where: { (0x0A...0x0D).contains($0) || $0 == 0xC2 || $0 == 0xE2 }) {
            return Normalization.trimmed(text[...], newlines: false)
        }
        var out = ""
        for part in text.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            if let last = out.last, let first = part.first, last.isASCII || first.isASCII { out += " " }
            out += part
        }
        return out
    }

    /// `LV1`, `Lv1`, `Lv.1`, `レベル1`, `1`.
    static func level(_ spelling: String, in vocabulary: LevelVocabulary = .standard) -> Level? {
        vocabulary.level(named: spelling)
            ?? (vocabulary.isStandard ? vocabulary.level(named: Normalization.text(spelling).replacingOccurrences(of: ".", with: "")) : nil)
    }

    /// More than the bytes of the text `render` makes of `result`.
    func estimatedTextBytes(_ result: Result) -> Int { textEstimate + 200 * result.headings + 65_536 }

    /// The catalog as structured text (docs/catalog-text.md), items in row order, appended to
    /// `out` with `flush` called after each item (`OutputFile.stream` writes the buffer out
    /// when it is full: the whole text beside the tree was the peak of a 100,000-row import).
    func render<E: Error>(_ result: Result, provenance: String, into out: inout [UInt8],
                          flush: (inout [UInt8]) throws(E) -> Void) throws(E) {
        // Made as UTF-8 bytes, what is checked and written: a String and its bytes were both
        // alive (40 MB each at 100,000 rows).
        func put(_ s: some StringProtocol) { out.append(contentsOf: s.utf8) }
        put("---\n")
        func line(_ key: String, _ value: String?) { if let value { put("\(key): \(value)\n") } }
        line("id", recipe.id?.value)
        line("title", recipe.title?.value)
        line("short-title", recipe.shortTitle?.value ?? recipe.title?.value)
        line("publisher", recipe.publisher?.value)
        line("version", recipe.version?.value)
        line("date", recipe.date?.value)
        line("levels", recipe.hierarchyNames?.value)
        if recipe.levelNames != nil { line("level-names", levelVocabulary.names.joined(separator: " / ")) }
        var counts = "表の\(rowsRead)行を読み、\(result.items)行を項目として取り込んだ"
        var others: [String] = []
        if result.header > 0 { others.append("見出し行\(result.header)行") }
        if result.skipped > 0 { others.append("指定により除外\(result.skipped)行") }
        if result.blankIDs > 0 { others.append("ID空欄で除外\(result.blankIDs)行") }
        if result.blank > 0 { others.append("空行\(result.blank)行") }
        if !others.isEmpty { counts += "（ほかに" + others.joined(separator: "、") + "）" }
        counts += "。"
        if result.headings > 0 { counts += "階層列の値から見出し項目\(result.headings)件を作成。" }
        line("completeness", (recipe.completeness.map { $0.value.last?.isASCII == false ? $0.value : $0.value + " " } ?? "") + counts)
        for source in recipe.sources { line("source", source.value) }
        line("source", provenance)
        put("---\n")
        try flush(&out)
        func emit(_ node: Node, depth: Int) throws(E) {
            put("\n" + String(repeating: "#", count: depth) + " ")
            put(node.number.map { "\($0) | \(node.title)" } ?? node.title)
            put("\n@id: \(node.key)\n")
            if !node.levels.isEmpty { put("@level: \(node.levels.map(\.description).joined(separator: " "))\n") }
            if !node.tags.isEmpty { put("@tags: \(node.tags.joined(separator: " "))\n") }
            if let text = node.text {
                put("\n")
                // Without CR every LF is a Character of its own, so the lines are the
                // Character split's, and U+3000 is already one of the spaces trimmed.
                let hasCR = text.utf8.contains(0x0D)
                let lines = hasCR ? text.split(separator: "\n", omittingEmptySubsequences: false)
                    : text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
                for raw in lines {
                    let trimmed = hasCR ? raw.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{3000}\r")))
                        : Normalization.trimmed(raw, newlines: false)
                    if let first = trimmed.first, "#＃@＠".contains(first) { put("\\") }
                    put(trimmed)
                    put("\n")
                }
            }
            try flush(&out)
            for child in node.children { try emit(child, depth: depth + 1) }
        }
        for root in result.roots { try emit(root, depth: 1) }
    }
}

extension InputDate {
    static func w3cValid(_ raw: String) -> Bool { w3c(raw) != nil }
}
