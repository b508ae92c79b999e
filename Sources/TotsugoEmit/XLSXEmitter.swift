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
        let sheets = [
            XLSXTableSheet(table: table).sheet(named: name(XLSXTableSheet.name)),
            XLSXCoverageSheet(coverage: coverage).sheet(named: name(XLSXCoverageSheet.name)),
            XLSXReverseSheet(view: ReverseView(resolved)).sheet(named: name(XLSXReverseSheet.name)),
            XLSXSourcesSheet(resolved: resolved).sheet(named: name(XLSXSourcesSheet.name)),
        ]
        return try package(sheets, title: table.title, timestamp: InputDate.timestamp(InputDate.latest(resolved)))
    }

    /// Zips the sheets with the fixed parts. Part order is fixed.
    func package(_ sheets: [XLSXSheet], title: String, timestamp: String) throws -> Output {
        var strings = XLSXSharedStrings()
        strings.reserveCapacity(sheets.reduce(0) { total, sheet in sheet.rows.reduce(total) { $0 + $1.count } })
        var truncations: [XLSXSheetXML.Truncation] = []
        var sheetParts: [[UInt8]] = []
        for (index, sheet) in sheets.enumerated() {
            sheetParts.append(XLSXSheetXML(sheet: sheet, selected: index == 0).render(strings: &strings, truncations: &truncations))
        }
        var zip = ZipPackage()
        zip.add("[Content_Types].xml", XLSXPackageParts.contentTypes(sheetCount: sheets.count))
        zip.add("_rels/.rels", XLSXPackageParts.packageRelationships)
        zip.add("docProps/core.xml", XLSXPackageParts.core(title: title, timestamp: timestamp))
        zip.add("docProps/app.xml", XLSXPackageParts.app(sheetNames: sheets.map(\.name)))
        zip.add("xl/workbook.xml", XLSXPackageParts.workbook(sheets))
        zip.add("xl/_rels/workbook.xml.rels", XLSXPackageParts.workbookRelationships(sheetCount: sheets.count))
        zip.add("xl/styles.xml", XLSXStyle.xml)
        zip.add("xl/sharedStrings.xml", bytes: strings.xml)
        for (index, part) in sheetParts.enumerated() {
            zip.add("xl/worksheets/sheet\(index + 1).xml", bytes: part)
        }
        let warnings = truncations.map {
            "sheet \($0.sheet) cell \($0.cell): text of \($0.length) characters cut to Excel's limit of \(XLSXText.cellLimit) (marked ［以下省略…］ in the cell)"
        }
        return Output(bytes: try zip.data(), warnings: warnings)
    }
}
