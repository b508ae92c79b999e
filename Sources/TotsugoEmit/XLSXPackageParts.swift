/// The fixed parts of an .xlsx package around the worksheets: content types, relationships,
/// workbook (sheet list and defined names), document properties.
enum XLSXPackageParts {
    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelNS = "http://schemas.openxmlformats.org/package/2006/relationships"

    static func contentTypes(sheetCount: Int) -> String {
        var out = header + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        out += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        out += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        out += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for index in 1...max(sheetCount, 1) {
            out += "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        out += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        out += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        out += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        out += "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        return out + "</Types>"
    }

    static var packageRelationships: String {
        header + "<Relationships xmlns=\"\(packageRelNS)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(relNS)/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(relNS)/extended-properties\" Target=\"docProps/app.xml\"/>"
            + "</Relationships>"
    }

    /// Sheets are rId1…rIdN; styles and shared strings follow.
    static func workbookRelationships(sheetCount: Int) -> String {
        var out = header + "<Relationships xmlns=\"\(packageRelNS)\">"
        for index in 1...max(sheetCount, 1) {
            out += "<Relationship Id=\"rId\(index)\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet\(index).xml\"/>"
        }
        out += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relNS)/styles\" Target=\"styles.xml\"/>"
        out += "<Relationship Id=\"rId\(sheetCount + 2)\" Type=\"\(relNS)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        return out + "</Relationships>"
    }

    /// Sheet list plus, per sheet, the autofilter database and print titles as defined names.
    static func workbook(_ sheets: [XLSXSheet]) -> String {
        var out = header + "<workbook xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\">"
        out += "<workbookPr/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, sheet) in sheets.enumerated() {
            out += "<sheet name=\"\(XLSXText.escape(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        out += "</sheets>"
        var names: [String] = []
        for (index, sheet) in sheets.enumerated() {
            let quoted = XLSXCellRef.quotedSheet(sheet.name)
            if let filter = sheet.autoFilter {
                let range = XLSXCellRef.absoluteRange(top: filter.top, left: filter.left, bottom: filter.bottom, right: filter.right)
                names.append("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">\(XLSXText.escape("\(quoted)!\(range)"))</definedName>")
            }
            var titles: [String] = []
            if let columns = sheet.printTitleColumns {
                titles.append("\(quoted)!$\(XLSXCellRef.column(columns.lowerBound)):$\(XLSXCellRef.column(columns.upperBound))")
            }
            if let rows = sheet.printTitleRows {
                titles.append("\(quoted)!$\(rows.lowerBound):$\(rows.upperBound)")
            }
            if !titles.isEmpty {
                names.append("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">\(XLSXText.escape(titles.joined(separator: ",")))</definedName>")
            }
        }
        if !names.isEmpty { out += "<definedNames>" + names.joined() + "</definedNames>" }
        return out + "</workbook>"
    }

    /// Core properties. `timestamp` is W3CDTF (`2023-02-01T00:00:00Z`) taken from the inputs,
    /// never from the clock, so the package is byte-identical across runs.
    static func core(title: String, timestamp: String) -> String {
        header + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
            + "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:title>\(XLSXText.escape(title))</dc:title><dc:creator>totsugo</dc:creator>"
            + "<cp:lastModifiedBy>totsugo</cp:lastModifiedBy><dc:language>ja-JP</dc:language>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(timestamp)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(timestamp)</dcterms:modified>"
            + "</cp:coreProperties>"
    }

    static func app(sheetNames: [String]) -> String {
        var out = header + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
        out += "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        out += "<Application>totsugo</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        out += "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>ワークシート</vt:lpstr></vt:variant>"
        out += "<vt:variant><vt:i4>\(sheetNames.count)</vt:i4></vt:variant></vt:vector></HeadingPairs>"
        out += "<TitlesOfParts><vt:vector size=\"\(sheetNames.count)\" baseType=\"lpstr\">"
        out += sheetNames.map { "<vt:lpstr>\(XLSXText.escape($0))</vt:lpstr>" }.joined()
        out += "</vt:vector></TitlesOfParts></Properties>"
        return out
    }
}
