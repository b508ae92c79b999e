import Foundation
import TotsugoCore
import TotsugoXML

/// An .xlsx workbook (Office Open XML SpreadsheetML, as Excel, LibreOffice and openpyxl write
/// it) opened for reading its sheets as `Table`s.
///
///     let workbook = try Workbook(path: "checksheet.xlsx")
///     workbook.sheetNames               // ["チェックシート", "集計"], in workbook order
///     let table = try workbook.table(sheet: "チェックシート")
///
/// The package is opened in memory (`WorkbookLimits.maxFileBytes`) and checked before any part
/// is read: entry count, entry names (absolute, `..`, control characters are refused). Each
/// part is inflated piece by piece straight into libxml2's push parser (the project's safe
/// layer: a DOCTYPE anywhere is refused), so no part is ever held whole; a sheet costs its
/// rows as strings plus the shared-string table.
///
/// Cells read as the user sees them, as text: shared strings, inline strings and formula
/// results as written (rich-text runs joined, phonetic readings `<rPh>` left out, `_xHHHH_`
/// escapes decoded); numbers integral → `1` (not `1.0`), others in their shortest round-trip
/// form (`0.1`); booleans `TRUE`/`FALSE`; error values as written (`#N/A`). Dates stay the
/// serial number Excel stores (`45292`); styles are not read.
///
/// A table holds the sheet's rows that have at least one non-empty cell, in row order, each
/// with its sheet row number; cells missing from the XML are "" and trailing empty cells are
/// left off. A merged range's value (its top-left cell's, as Excel shows it) is put in every
/// cell of the range, rows the range spans included.
///
/// Every problem is a `DiagnosticError` at the file: `book.xlsx: …` for the package,
/// `book.xlsx/xl/worksheets/sheet1.xml:3:7: …` for XML inside it, `book.xlsx:Sheet!C12: …` for
/// a cell.
public final class Workbook {
    /// The file name diagnostics and tables use, as the user gave it.
    public let file: String
    /// The sheets' names in workbook order (the tabs, hidden sheets included).
    public let sheetNames: [String]
    public let limits: WorkbookLimits

    private let package: OfficePackage
    private let workbookPart: String
    private let sheets: [WorkbookListReader.Sheet]
    private let relationships: [String: Relationship]
    private let sharedStringsPart: String?
    private var sharedStrings: [String]?

    /// Opens the workbook at `path`; `file` names it in diagnostics (default: `path`).
    public convenience init(path: String, file: String? = nil, limits: WorkbookLimits = WorkbookLimits()) throws(DiagnosticError) {
        let name = file ?? path
        let here = SourceLocation(file: name)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw DiagnosticError(.error(here, "no such file"), kind: .missingInput)
        }
        if let size = attributes[.size] as? NSNumber, size.intValue > limits.maxFileBytes {
            throw DiagnosticError(.error(here, "the workbook is \(size.intValue) bytes, over the limit of \(limits.maxFileBytes)"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(.error(here, "cannot read the file"), kind: .missingInput)
        }
        try self.init(bytes: [UInt8](data), file: name, limits: limits)
    }

    /// Opens a workbook held in memory; `file` names it in diagnostics and tables.
    public init(bytes: [UInt8], file: String, limits: WorkbookLimits = WorkbookLimits()) throws(DiagnosticError) {
        self.file = file
        self.limits = limits
        let package = try OfficePackage(bytes: bytes, file: file, limits: limits)
        self.package = package
        let here = SourceLocation(file: file)

        // The workbook part: the package's officeDocument relationship (xl/workbook.xml).
        var workbookPart = "xl/workbook.xml"
        if package.contains("_rels/.rels") {
            let root = RelationshipsReader()
            try package.parse("_rels/.rels", delegate: root)
            if let office = root.relationships.first(where: { !$0.external && $0.type.hasSuffix("/officeDocument") }) {
                workbookPart = RelationshipsReader.resolve(office.target, from: "")
            }
        }
        guard package.contains(workbookPart) else {
            throw DiagnosticError(.error(here, "the package has no workbook part (\(workbookPart)); not an xlsx workbook"))
        }
        self.workbookPart = workbookPart
        let list = WorkbookListReader()
        try package.parse(workbookPart, delegate: list)
        guard !list.sheets.isEmpty else {
            throw DiagnosticError(.error(package.location(workbookPart), "the workbook lists no sheets"))
        }
        sheets = list.sheets
        sheetNames = list.sheets.map(\.name)

        let relsPart = RelationshipsReader.relsPart(of: workbookPart)
        guard package.contains(relsPart) else {
            throw DiagnosticError(.error(here, "the package has no \(relsPart), which says where the sheets are"))
        }
        let rels = RelationshipsReader()
        try package.parse(relsPart, delegate: rels)
        var relationships: [String: Relationship] = [:]
        for relationship in rels.relationships where !relationship.external {
            var resolved = relationship
            resolved.target = RelationshipsReader.resolve(relationship.target, from: workbookPart)
            relationships[relationship.id] = resolved
        }
        self.relationships = relationships
        sharedStringsPart = rels.relationships.first { !$0.external && $0.type.hasSuffix("/sharedStrings") }
            .map { RelationshipsReader.resolve($0.target, from: workbookPart) }
    }

    /// The sheet named `sheet` (the first sheet when nil) read into a table.
    public func table(sheet name: String? = nil) throws(DiagnosticError) -> Table {
        let reader = try sheetReader(name)
        try parse(reader)
        return try reader.table()
    }

    /// The rows of the sheet named `sheet` (the first when nil) given to `body` one at a time as
    /// the sheet streams by, none of them kept: what `table(sheet:)` would hold, when this
    /// returns true. False when the sheet needs its whole table (rows out of order, or merged
    /// ranges, whose value fills cells of rows already given): then `body` was given only some
    /// rows, or rows a merge changes, and the caller reads `table(sheet:)` instead. Throws what
    /// `table(sheet:)` throws.
    public func forEachRow(sheet name: String? = nil, _ body: (Table.Row) -> Void) throws(DiagnosticError) -> Bool {
        let reader = try sheetReader(name)
        try withoutActuallyEscaping(body) { (body) throws(DiagnosticError) in
            reader.onRow = body
            defer { reader.onRow = nil }
            try parse(reader)
        }
        try reader.check()
        return reader.streamedTable
    }

    /// The file and sheet name a table of the sheet `sheet` (the first when nil) carries.
    public func tableName(sheet name: String? = nil) -> (file: String, sheet: String) {
        (file, name.flatMap { name in sheets.first { $0.name == name }?.name } ?? name ?? sheets[0].name)
    }

    private func sheetReader(_ name: String?) throws(DiagnosticError) -> WorkbookSheetReader {
        let sheet: WorkbookListReader.Sheet
        if let name {
            guard let found = sheets.first(where: { $0.name == name }) else {
                throw DiagnosticError(.error(SourceLocation(file: file),
                                             "no sheet '\(name)'; sheets: \(sheetNames.map { "'\($0)'" }.joined(separator: ", "))"))
            }
            sheet = found
        } else {
            sheet = sheets[0]
        }
        let here = package.location(workbookPart, line: sheet.line)
        guard let relationship = relationships[sheet.relationship] else {
            throw DiagnosticError(.error(here, "sheet '\(sheet.name)' names relationship '\(sheet.relationship)', which \(RelationshipsReader.relsPart(of: workbookPart)) does not hold"))
        }
        guard relationship.type.hasSuffix("/worksheet") else {
            let kind = relationship.type.split(separator: "/").last.map(String.init) ?? relationship.type
            throw DiagnosticError(.error(here, "sheet '\(sheet.name)' is a \(kind), not a worksheet of cells"))
        }
        guard package.contains(relationship.target) else {
            throw DiagnosticError(.error(here, "sheet '\(sheet.name)' is stored in \(relationship.target), which the package does not hold"))
        }
        return WorkbookSheetReader(file: file, sheet: sheet.name, part: relationship.target,
                                   sharedStrings: try loadSharedStrings(), limits: limits)
    }

    private func parse(_ reader: WorkbookSheetReader) throws(DiagnosticError) {
        try package.parse(reader.part, delegate: reader) { () throws(DiagnosticError) in
            if let fatal = reader.fatal { throw fatal }
        }
    }

    private func loadSharedStrings() throws(DiagnosticError) -> [String] {
        if let sharedStrings { return sharedStrings }
        var strings: [String] = []
        if let part = sharedStringsPart {
            guard package.contains(part) else {
                throw DiagnosticError(.error(SourceLocation(file: file), "the package has no \(part), the shared-string table the workbook names"))
            }
            let reader = SharedStringsReader()
            try package.parse(part, delegate: reader)
            strings = reader.strings
        }
        sharedStrings = strings
        return strings
    }
}
