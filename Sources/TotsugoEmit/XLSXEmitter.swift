import Foundation
import TotsugoCore
import TotsugoMatch
import TotsugoScheduler

/// The 突合表 as an Excel workbook: SpreadsheetML parts written by hand and zipped with
/// `ZipPackage` (the same deterministic zip path as .docx). Sheets: 突合表, カバレッジ,
/// 逆引き, 出典. The bytes depend only on the inputs.
///
/// Made for large tables: the 突合表 sheet is written straight from the table (no model of its
/// cells), the large parts are made piece by piece on a second thread while the zip deflates
/// them, and `write(_:resolved:coverage:to:)` writes the package straight to a file. Callable
/// from any thread.
public struct XLSXEmitter: Sendable {
    public struct Output: Sendable {
        public var bytes: [UInt8]
        /// Things the reader must know (cells cut to Excel's limit), one line each.
        public var warnings: [String]
    }

    public init() {}

    /// Writes the workbook into `file` (ZIPFoundation makes the file anew at its path).
    /// Returns the warnings (cells cut to Excel's limit), located at their cells.
    public func write(_ artifact: TableArtifact, to file: inout OutputFile) throws -> [Diagnostic] {
        let reverseSheet: @Sendable (String) -> XLSXSheet = { name in artifact.withReverse { XLSXReverseSheet(view: $0).sheet(named: name) } }
        var (zip, warnings) = workbook(artifact.table, resolved: artifact.resolved, coverage: artifact.coverage, reverseSheet: reverseSheet)
        file.parts = zip.partCount
        try file.recreate { path in try zip.write(to: path) }
        let name = (file.path as NSString).lastPathComponent
        return warnings().map { truncation in
            .warning(SourceLocation(file: name, sheet: truncation.sheet, cell: truncation.cell), truncation.message)
        }
    }

    /// The workbook in memory (same bytes as `write`).
    package func render(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage) throws -> Output {
        var (zip, warnings) = workbook(table, resolved: resolved, coverage: coverage)
        return Output(bytes: try zip.takeData(), warnings: warnings().map { "sheet \($0.sheet) cell \($0.cell): \($0.message)" })
    }

    func workbook(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage,
                  reverseSheet: (@Sendable (String) -> XLSXSheet)? = nil) -> (ZipPackage, () -> [XLSXTruncation]) {
        var names: [String] = []
        func name(_ raw: String) -> String {
            let made = XLSXSheetName.make(raw, avoiding: names)
            names.append(made)
            return made
        }
        let tableName = name(XLSXTableSheet.name), coverageName = name(XLSXCoverageSheet.name)
        let reverseName = name(XLSXReverseSheet.name), sourcesName = name(XLSXSourcesSheet.name)
        let others: [(name: String, make: @Sendable () -> XLSXSheet)] = [
            (coverageName, { XLSXCoverageSheet(coverage: coverage).sheet(named: coverageName) }),
            (reverseName, { reverseSheet?(reverseName) ?? XLSXReverseSheet(view: ReverseView(resolved)).sheet(named: reverseName) }),
            (sourcesName, { XLSXSourcesSheet(resolved: resolved).sheet(named: sourcesName) }),
        ]
        return package(table: table, named: tableName, others: others, title: table.title,
                       timestamp: InputDate.timestamp(InputDate.latest(resolved)))
    }

    /// The package: the 突合表 from `table`, then the sheets `others` make, with the fixed
    /// parts. Part order is fixed. The shared strings hold the 突合表's texts; the small sheets
    /// write theirs as inline strings, so the deflate never waits for them. The order of the
    /// work, made for the deflate (one thread, the longest part of a large workbook):
    /// 1. the 突合表's texts get their shared-string indexes, its two halves on two threads (the
    ///    second half's texts appended after the first's: the same indexes as one pass), then
    ///    the length of the shared strings, again in two halves;
    /// 2. this thread deflates the fixed parts and the shared strings (made on another thread)
    ///    while threads at low priority make the small sheets and the 突合表's row heights and
    ///    exact length;
    /// 3. each worksheet is made while it is deflated, then workbook.xml, last in the zip: it
    ///    needs the small sheets' layouts, and placed before the worksheets it kept the deflate
    ///    waiting for them while the CSV and Markdown took the other core (0.2–0.7 s at 100k).
    /// Only the small sheets have a model; the 突合表 is read from the table each time. Returns
    /// the package and the warnings (cells cut to Excel's limit), known once it is written.
    func package(table: CrossReferenceTable, named tableName: String, others: [(name: String, make: @Sendable () -> XLSXSheet)],
                 title: String, timestamp: String) -> (ZipPackage, () -> [XLSXTruncation]) {
        let layout = XLSXTableSheet(table: table)
        let columns = Scheduler.start { layout.columns() }
        let tableCells = XLSXTableCells(table: table)
        // Indexing needs no widths; the layout gets them in step 2.
        let outline = layout.sheet(named: tableName, widths: [])
        let indexing = XLSXSheetXML(sheet: outline, cells: tableCells, selected: true)
        let rowCount = tableCells.rowCount, middle = rowCount / 2
        let secondHalf = Scheduler.start {
            var strings = XLSXSharedStrings(), truncations: [XLSXTruncation] = []
            let indexes = indexing.indexTexts(strings: &strings, truncations: &truncations, rows: middle..<rowCount)
            return (strings, indexes, truncations)
        }
        var strings = XLSXSharedStrings(), truncations: [XLSXTruncation] = []
        let firstIndexes = indexing.indexTexts(strings: &strings, truncations: &truncations, rows: 0..<middle)
        let (later, laterIndexes, laterTruncations) = secondHalf.value
        let moved = strings.append(later)
        let tableIndexes = firstIndexes + laterIndexes.map { moved[Int($0)] }
        truncations += laterTruncations
        let texts = strings.texts, half = texts.count / 2
        let laterFacts = Scheduler.start { XLSXSharedStrings.Facts(texts[half...]) }
        let facts = XLSXSharedStrings.Facts(texts[..<half]) + laterFacts.value

        let tablePart = Scheduler.start(.low) {
            XLSXSheetXML(sheet: layout.sheet(named: tableName, widths: columns.value.widths, hidden: columns.value.hidden),
                         cells: tableCells, selected: true)
                .part(textIndexes: tableIndexes)
        }
        let otherSheets = Scheduler.start(.low) { others.map { XLSXSmallSheet($0.make()) } }
        let sheetNames = [tableName] + others.map(\.name)
        var zip = ZipPackage()
        zip.add("[Content_Types].xml", XLSXPackageParts.contentTypes(sheetCount: sheetNames.count))
        zip.add("_rels/.rels", XLSXPackageParts.packageRelationships)
        zip.add("docProps/core.xml", XLSXPackageParts.core(title: title, timestamp: timestamp))
        zip.add("docProps/app.xml", XLSXPackageParts.app(sheetNames: sheetNames))
        zip.add("xl/_rels/workbook.xml.rels", XLSXPackageParts.workbookRelationships(sheetCount: sheetNames.count))
        zip.add("xl/styles.xml", XLSXStyle.xml)
        nonisolated(unsafe) var sharedStrings = strings
        strings = XLSXSharedStrings()
        zip.add("xl/sharedStrings.xml") { sharedStrings.takeProducer(known: facts) }
        zip.add("xl/worksheets/sheet1.xml") { tablePart.value }
        for index in others.indices {
            zip.add("xl/worksheets/sheet\(index + 2).xml") { otherSheets.value[index].part }
        }
        zip.add("xl/workbook.xml", later: {
            // The 突合表's print titles depend on its widths (`XLSXTableSheet.printPlan`).
            let printed = layout.sheet(named: tableName, widths: columns.value.widths, hidden: columns.value.hidden)
            let outlines = [printed] + otherSheets.value.map { other in
                var outline = other.part.xml.sheet
                outline.rows = []
                return outline
            }
            return Array(XLSXPackageParts.workbook(outlines).utf8)
        })
        let warnings = { truncations + otherSheets.value.flatMap(\.truncations) }
        return (zip, warnings)
    }
}

/// A small sheet made on another thread: its texts as inline strings (indexed in a table of
/// their own), its rows measured, its part ready to be made.
struct XLSXSmallSheet: Sendable {
    let truncations: [XLSXTruncation]
    let part: XLSXSheetPart<XLSXSheet>

    init(_ sheet: XLSXSheet, selected: Bool = false) {
        let xml = XLSXSheetXML(sheet: sheet, cells: sheet, selected: selected)
        var strings = XLSXSharedStrings(), truncations: [XLSXTruncation] = []
        let indexes = xml.indexTexts(strings: &strings, truncations: &truncations)
        self.truncations = truncations
        part = xml.part(textIndexes: indexes, inline: XLSXInlineTexts(strings))
    }
}

extension XLSXEmitter: OutputFormat {
    public var name: String { "xlsx" }
    public var schedule: OutputSchedule { .longestPath }
    public var showsReverseView: Bool { true }
}

extension XLSXTruncation {
    var message: String {
        "text of \(length) characters cut to Excel's limit of \(XLSXText.cellLimit) (marked ［以下省略…］ in the cell)"
    }
}
