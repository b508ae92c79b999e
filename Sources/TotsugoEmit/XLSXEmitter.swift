import Foundation
import TotsugoCore
import TotsugoMatch

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

    /// Writes the workbook to a new file at `path` (it must not exist yet; e.g. the temporary
    /// file `OutputWriter.Staging.addFile` hands out). Returns the warnings (cells cut to
    /// Excel's limit), one line each.
    public func write(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage, to path: String) throws -> [String] {
        var (zip, warnings) = workbook(table, resolved: resolved, coverage: coverage)
        try zip.write(to: path)
        return warnings
    }

    /// The workbook in memory (same bytes as `write`).
    public func render(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage) throws -> Output {
        var (zip, warnings) = workbook(table, resolved: resolved, coverage: coverage)
        return Output(bytes: try zip.takeData(), warnings: warnings)
    }

    func workbook(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage) -> (ZipPackage, [String]) {
        var names: [String] = []
        func name(_ raw: String) -> String {
            let made = XLSXSheetName.make(raw, avoiding: names)
            names.append(made)
            return made
        }
        let tableName = name(XLSXTableSheet.name), coverageName = name(XLSXCoverageSheet.name)
        let reverseName = name(XLSXReverseSheet.name), sourcesName = name(XLSXSourcesSheet.name)
        let others: [@Sendable () -> XLSXSheet] = [
            { XLSXCoverageSheet(coverage: coverage).sheet(named: coverageName) },
            { XLSXReverseSheet(view: ReverseView(resolved)).sheet(named: reverseName) },
            { XLSXSourcesSheet(resolved: resolved).sheet(named: sourcesName) },
        ]
        return package(table: table, named: tableName, others: others, title: table.title,
                       timestamp: InputDate.timestamp(InputDate.latest(resolved)))
    }

    /// The package: the 突合表 from `table`, then the sheets `others` make, with the fixed
    /// parts. Part order is fixed. The order of the work:
    /// 1. every text of the 突合表 gets its shared-string index on this thread, while other
    ///    threads measure its column widths and make the small sheets (models, their own
    ///    shared strings, row heights); then the small sheets' texts are added after the
    ///    突合表's (the same indexes as indexing them here);
    /// 2. the 突合表's row heights and exact length are worked out on another thread while this
    ///    one deflates the fixed parts and the shared strings (made on a third);
    /// 3. each worksheet is made piece by piece on another thread while this one deflates it.
    /// Only the small sheets have a model; the 突合表 is read from the table each time.
    func package(table: CrossReferenceTable, named tableName: String, others: [@Sendable () -> XLSXSheet],
                 title: String, timestamp: String) -> (ZipPackage, [String]) {
        let layout = XLSXTableSheet(table: table)
        let widths = BackgroundValue { layout.columnWidths() }
        let otherSheets = BackgroundValue { others.map { XLSXIndexedSheet($0()) } }
        let tableCells = XLSXTableCells(table: table)
        var strings = XLSXSharedStrings()
        var truncations: [XLSXTruncation] = []
        // Indexing needs no widths; the layout gets them in step 2.
        let outline = layout.sheet(named: tableName, widths: [])
        let tableIndexes = XLSXSheetXML(sheet: outline, cells: tableCells, selected: true)
            .indexTexts(strings: &strings, truncations: &truncations)
        // The table's texts' entry facts are worked out meanwhile (the shared strings wait for them).
        let tableTexts = strings.texts
        let tableFacts = BackgroundValue { XLSXSharedStrings.Facts(tableTexts[...]) }
        let tablePart = BackgroundValue {
            XLSXSheetXML(sheet: layout.sheet(named: tableName, widths: widths.value), cells: tableCells, selected: true)
                .part(textIndexes: tableIndexes)
        }
        var outlines = [outline]
        var otherParts: [XLSXSheetPart<XLSXSheet>] = []
        for other in otherSheets.value {
            let moved = strings.append(other.strings)
            otherParts.append(other.xml.part(textIndexes: other.textIndexes.map { moved[Int($0)] }, heights: other.heights))
            truncations += other.truncations
            var outline = other.xml.sheet
            outline.rows = []
            outlines.append(outline)
        }
        var zip = ZipPackage()
        zip.add("[Content_Types].xml", XLSXPackageParts.contentTypes(sheetCount: outlines.count))
        zip.add("_rels/.rels", XLSXPackageParts.packageRelationships)
        zip.add("docProps/core.xml", XLSXPackageParts.core(title: title, timestamp: timestamp))
        zip.add("docProps/app.xml", XLSXPackageParts.app(sheetNames: outlines.map(\.name)))
        zip.add("xl/workbook.xml", XLSXPackageParts.workbook(outlines))
        zip.add("xl/_rels/workbook.xml.rels", XLSXPackageParts.workbookRelationships(sheetCount: outlines.count))
        zip.add("xl/styles.xml", XLSXStyle.xml)
        let sharedStrings = strings
        strings = XLSXSharedStrings()
        zip.add("xl/sharedStrings.xml") {
            var all = sharedStrings
            return all.takeProducer(known: tableFacts.value)
        }
        zip.add("xl/worksheets/sheet1.xml") { tablePart.value }
        for (index, part) in otherParts.enumerated() {
            zip.add("xl/worksheets/sheet\(index + 2).xml") { part }
        }
        let warnings = truncations.map {
            "sheet \($0.sheet) cell \($0.cell): text of \($0.length) characters cut to Excel's limit of \(XLSXText.cellLimit) (marked ［以下省略…］ in the cell)"
        }
        return (zip, warnings)
    }
}

/// A small sheet made on another thread: its texts indexed in shared strings of its own (to be
/// added after the 突合表's) and its rows measured.
struct XLSXIndexedSheet: Sendable {
    let xml: XLSXSheetXML<XLSXSheet>
    var strings = XLSXSharedStrings()
    var textIndexes: [UInt32] = []
    var truncations: [XLSXTruncation] = []
    let heights: [Double]

    init(_ sheet: XLSXSheet) {
        xml = XLSXSheetXML(sheet: sheet, cells: sheet, selected: false)
        heights = xml.heights()
        textIndexes = xml.indexTexts(strings: &strings, truncations: &truncations)
    }
}
