import Foundation
import TotsugoCore
import TotsugoMatch

/// The 突合表 as an Excel workbook: SpreadsheetML parts written by hand and zipped with
/// `ZipPackage` (the same deterministic zip path as .docx). Sheets: 突合表, カバレッジ,
/// 逆引き, 出典. The bytes depend only on the inputs.
public struct XLSXEmitter {
    public struct Output: Sendable {
        public var bytes: [UInt8]
        /// Things the reader must know (cells cut to Excel's limit), one line each.
        public var warnings: [String]
    }

    public init() {}

    public func render(_ table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage) throws -> Output {
        var names: [String] = []
        func name(_ raw: String) -> String {
            let made = XLSXSheetName.make(raw, avoiding: names)
            names.append(made)
            return made
        }
        let tableName = name(XLSXTableSheet.name), coverageName = name(XLSXCoverageSheet.name)
        let reverseName = name(XLSXReverseSheet.name), sourcesName = name(XLSXSourcesSheet.name)
        // Each sheet model is made only when its XML is written, and dropped right after.
        let makers: [() -> XLSXSheet] = [
            { XLSXTableSheet(table: table).sheet(named: tableName) },
            { XLSXCoverageSheet(coverage: coverage).sheet(named: coverageName) },
            { XLSXReverseSheet(view: ReverseView(resolved)).sheet(named: reverseName) },
            { XLSXSourcesSheet(resolved: resolved).sheet(named: sourcesName) },
        ]
        return try package(count: makers.count, sheet: { makers[$0]() }, title: table.title,
                           timestamp: InputDate.timestamp(InputDate.latest(resolved)))
    }

    /// Zips the sheets with the fixed parts. Part order is fixed.
    func package(_ sheets: [XLSXSheet], title: String, timestamp: String) throws -> Output {
        try package(count: sheets.count, sheet: { sheets[$0] }, title: title, timestamp: timestamp)
    }

    /// Zips `count` sheets, asking `sheet` for each one in turn: only one sheet model is alive
    /// at a time (its rows are dropped once its XML is written; the workbook part needs only
    /// names, filters and print titles), the shared-strings part is made piece by piece while it is deflated,
    /// and each part is handed to the zip without a copy and released once deflated.
    func package(count: Int, sheet makeSheet: (Int) -> XLSXSheet, title: String, timestamp: String) throws -> Output {
        var strings = XLSXSharedStrings()
        var truncations: [XLSXSheetXML.Truncation] = []
        var sheetParts: [[UInt8]] = []
        var outlines: [XLSXSheet] = []
        for index in 0..<count {
            var sheet = makeSheet(index)
            strings.reserveCapacity(strings.texts.count + sheet.rows.reduce(0) { $0 + $1.count })
            sheetParts.append(XLSXSheetXML(sheet: sheet, selected: index == 0).render(strings: &strings, truncations: &truncations))
            sheet.rows = []
            outlines.append(sheet)
        }
        var zip = ZipPackage()
        zip.add("[Content_Types].xml", XLSXPackageParts.contentTypes(sheetCount: outlines.count))
        zip.add("_rels/.rels", XLSXPackageParts.packageRelationships)
        zip.add("docProps/core.xml", XLSXPackageParts.core(title: title, timestamp: timestamp))
        zip.add("docProps/app.xml", XLSXPackageParts.app(sheetNames: outlines.map(\.name)))
        zip.add("xl/workbook.xml", XLSXPackageParts.workbook(outlines))
        zip.add("xl/_rels/workbook.xml.rels", XLSXPackageParts.workbookRelationships(sheetCount: outlines.count))
        zip.add("xl/styles.xml", XLSXStyle.xml)
        let sharedStrings = strings.takeXMLStream()
        zip.add("xl/sharedStrings.xml", size: sharedStrings.count, chunk: sharedStrings.chunk)
        for index in sheetParts.indices {
            zip.add("xl/worksheets/sheet\(index + 1).xml", bytes: sheetParts[index])
            sheetParts[index] = []
        }
        let warnings = truncations.map {
            "sheet \($0.sheet) cell \($0.cell): text of \($0.length) characters cut to Excel's limit of \(XLSXText.cellLimit) (marked ［以下省略…］ in the cell)"
        }
        return Output(bytes: try zip.takeData(), warnings: warnings)
    }
}
