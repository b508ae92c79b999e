import Foundation
@testable import TotsugoEmit
import TotsugoXML
import XCTest
import ZIPFoundation

/// Reads an .xlsx back the way a consumer would: unzips it, finds the sheets through
/// workbook.xml.rels, and parses the parts with libxml2. Enough for asserting what the
/// emitter wrote (values, styles, merges, panes, filters, conditional formats, names).
struct WorkbookReader {
    struct Sheet {
        var name: String
        /// Cell reference → (text or number as text, style index).
        var cells: [String: (value: String, style: Int)] = [:]
        var merges: [String] = []
        var pane: [String: String] = [:]
        var autoFilter: String?
        /// (sqref, rule type, dxfId, formula)
        var conditionalFormats: [(sqref: String, type: String, dxfId: String?, formula: String)] = []
        var widths: [Int: Double] = [:]
        var pageSetup: [String: String] = [:]

        func value(_ ref: String) -> String? { cells[ref]?.value }
        func style(_ ref: String) -> Int { cells[ref]?.style ?? 0 }
    }

    struct Font { var bold: Bool; var italic: Bool; var color: String?; var name: String?; var charset: String? }

    var parts: [String: Data] = [:]
    var partOrder: [String] = []
    var sheets: [Sheet] = []
    var definedNames: [(name: String, localSheetId: String?, value: String)] = []
    var fonts: [Font] = []
    var fills: [String?] = []
    /// cellXfs: (fontId, fillId, numFmtId, wrap, vertical)
    var formats: [(font: Int, fill: Int, numFmt: Int, wrap: Bool, vertical: String?)] = []
    var dxfFills: [String?] = []

    init(_ bytes: [UInt8]) throws {
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = data
            partOrder.append(entry.path)
        }
        let workbook = try xml("xl/workbook.xml")
        let rels = try xml("xl/_rels/workbook.xml.rels")
        var targets: [String: String] = [:]
        for rel in rels.children(named: "Relationship") {
            targets[rel.attribute("Id") ?? ""] = rel.attribute("Target")
        }
        let strings = try sharedStrings()
        for sheet in workbook.firstChild(named: "sheets")?.children(named: "sheet") ?? [] {
            let target = try XCTUnwrap(targets[sheet.attribute("id") ?? ""], "sheet relationship")
            sheets.append(try Self.sheet(name: sheet.attribute("name") ?? "", root: try xml("xl/" + target), strings: strings))
        }
        for name in workbook.firstChild(named: "definedNames")?.children ?? [] {
            definedNames.append((name.attribute("name") ?? "", name.attribute("localSheetId"), name.text))
        }
        try readStyles()
    }

    func xml(_ path: String) throws -> XMLElement {
        let data = try XCTUnwrap(parts[path], "part \(path) missing")
        return try XCTUnwrap(try XMLDocument.parse(Array(data), file: path).root)
    }

    func sheet(_ name: String) throws -> Sheet {
        try XCTUnwrap(sheets.first { $0.name == name }, "sheet \(name) missing")
    }

    func font(of style: Int) -> Font { fonts[formats[style].font] }
    func fill(of style: Int) -> String? { fills[formats[style].fill] }

    func sharedStrings() throws -> [String] {
        guard parts["xl/sharedStrings.xml"] != nil else { return [] }
        return try xml("xl/sharedStrings.xml").children(named: "si").map { si in
            // Join rich-text runs; skip phonetic readings (rPh).
            let runs = si.children.filter { $0.name == "t" || $0.name == "r" }
            return Self.unescapeOOXML(runs.map(\.text).joined())
        }
    }

    static func sheet(name: String, root: XMLElement, strings: [String]) throws -> Sheet {
        var sheet = Sheet(name: name)
        for row in root.firstChild(named: "sheetData")?.children(named: "row") ?? [] {
            // A cell without `r` is the one after the previous cell of its row (as Excel,
            // LibreOffice and openpyxl read it).
            let number = row.attribute("r") ?? ""
            var column = 0
            for cell in row.children(named: "c") {
                let ref: String
                if let given = cell.attribute("r") {
                    ref = given
                    column = Self.columnNumber(given)
                } else {
                    column += 1
                    ref = XLSXCellRef.column(column) + number
                }
                let style = Int(cell.attribute("s") ?? "0") ?? 0
                let raw = cell.firstChild(named: "v")?.text ?? ""
                let value: String
                switch cell.attribute("t") {
                case "s": value = strings[Int(raw) ?? 0]
                case "inlineStr": value = cell.firstChild(named: "is")?.text ?? ""
                default: value = raw
                }
                sheet.cells[ref] = (value, style)
            }
        }
        sheet.merges = root.firstChild(named: "mergeCells")?.children(named: "mergeCell").compactMap { $0.attribute("ref") } ?? []
        if let pane = root.firstChild(named: "sheetViews")?.firstChild(named: "sheetView")?.firstChild(named: "pane") {
            for key in ["xSplit", "ySplit", "topLeftCell", "state", "activePane"] { sheet.pane[key] = pane.attribute(key) }
        }
        sheet.autoFilter = root.firstChild(named: "autoFilter")?.attribute("ref")
        for format in root.children(named: "conditionalFormatting") {
            for rule in format.children(named: "cfRule") {
                sheet.conditionalFormats.append((format.attribute("sqref") ?? "", rule.attribute("type") ?? "",
                                                 rule.attribute("dxfId"), rule.firstChild(named: "formula")?.text ?? ""))
            }
        }
        for col in root.firstChild(named: "cols")?.children(named: "col") ?? [] {
            sheet.widths[Int(col.attribute("min") ?? "0") ?? 0] = Double(col.attribute("width") ?? "0")
        }
        if let setup = root.firstChild(named: "pageSetup") {
            for key in ["paperSize", "orientation", "scale"] { sheet.pageSetup[key] = setup.attribute(key) }
        }
        return sheet
    }

    /// `AB12` → 28.
    static func columnNumber(_ ref: String) -> Int {
        ref.unicodeScalars.prefix { $0.properties.isAlphabetic }.reduce(0) { $0 * 26 + Int($1.value) - 64 }
    }

    mutating func readStyles() throws {
        let styles = try xml("xl/styles.xml")
        fonts = styles.firstChild(named: "fonts")?.children(named: "font").map { font in
            Font(bold: font.firstChild(named: "b") != nil, italic: font.firstChild(named: "i") != nil,
                 color: font.firstChild(named: "color")?.attribute("rgb"), name: font.firstChild(named: "name")?.attribute("val"),
                 charset: font.firstChild(named: "charset")?.attribute("val"))
        } ?? []
        fills = styles.firstChild(named: "fills")?.children(named: "fill").map {
            $0.firstChild(named: "patternFill")?.firstChild(named: "fgColor")?.attribute("rgb")
        } ?? []
        formats = styles.firstChild(named: "cellXfs")?.children(named: "xf").map { xf in
            let alignment = xf.firstChild(named: "alignment")
            return (Int(xf.attribute("fontId") ?? "0") ?? 0, Int(xf.attribute("fillId") ?? "0") ?? 0,
                    Int(xf.attribute("numFmtId") ?? "0") ?? 0, alignment?.attribute("wrapText") == "1", alignment?.attribute("vertical"))
        } ?? []
        dxfFills = styles.firstChild(named: "dxfs")?.children(named: "dxf").map {
            $0.firstChild(named: "fill")?.firstChild(named: "patternFill")?.firstChild(named: "fgColor")?.attribute("rgb")
        } ?? []
    }

    /// Decodes OOXML's `_xHHHH_` escapes.
    static func unescapeOOXML(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
               let value = UInt32(String(String.UnicodeScalarView(scalars[(index + 2)...(index + 5)])), radix: 16),
               let scalar = Unicode.Scalar(value) {
                out.append(scalar)
                index += 7
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        scalars.removeAll()
        return String(out)
    }
}
