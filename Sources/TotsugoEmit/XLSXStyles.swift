/// The workbook's cell formats (`xl/styles.xml`). Each case is an index into `cellXfs`.
///
/// Fonts are 游ゴシック (Yu Gothic) with the Shift_JIS charset (128) and no theme scheme, so
/// Excel uses the named font rather than a theme's Latin font, and LibreOffice, which has no
/// 游ゴシック on Linux, falls back to an installed Japanese font (e.g. Noto Sans CJK JP).
enum XLSXStyle: Int, Sendable {
    case plain = 0
    /// Row 1 of the 突合表: merged group titles. Bold, dark fill, centred, wrapped.
    case groupHeader
    /// Column headings. Bold, light fill, centred, wrapped.
    case columnHeader
    /// Body text: wrapped, top-aligned, thin border.
    case body
    /// `#N/A`: reviewed, no counterpart. Bold dark red on light red, centred.
    case gap
    /// （未突合）: not reviewed yet. Grey italic on light grey.
    case unreviewed
    /// Whole number, top-aligned, bordered.
    case integer
    /// Share 0–1 shown as `0.0%`.
    case percent
    /// Bold label (key column of a key/value block).
    case label
    /// Value of a key/value block: wrapped, top-aligned, no border.
    case value
    // The review workbook's own (`xml(review: true)`; the 突合表's styles.xml stays as it was).
    /// A cell the reviewer fills in: pale yellow, text format (typed dates and ids stay text).
    case editable
    /// A number the reviewer fills in (strength): pale yellow, whole number.
    case editableNumber
    /// The row of a source item in the review sheet: bold on light blue, wrapped.
    case itemRow

    static let fontName = "游ゴシック"

    static var xml: String { xml(review: false) }

    /// `review`: with the review workbook's styles (editable cells, item rows) after the others.
    static func xml(review: Bool) -> String {
        let font = "<name val=\"\(fontName)\"/><family val=\"3\"/><charset val=\"128\"/>"
        let border = "<border><left style=\"thin\"><color rgb=\"FFA6A6A6\"/></left><right style=\"thin\"><color rgb=\"FFA6A6A6\"/></right>"
            + "<top style=\"thin\"><color rgb=\"FFA6A6A6\"/></top><bottom style=\"thin\"><color rgb=\"FFA6A6A6\"/></bottom><diagonal/></border>"
        func fill(_ rgb: String) -> String {
            "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"\(rgb)\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        }
        func xf(font: Int, fill: Int, border: Int, numFmt: Int = 0, alignment: String) -> String {
            var attributes = "numFmtId=\"\(numFmt)\" fontId=\"\(font)\" fillId=\"\(fill)\" borderId=\"\(border)\" xfId=\"0\""
            if numFmt != 0 { attributes += " applyNumberFormat=\"1\"" }
            if font != 0 { attributes += " applyFont=\"1\"" }
            if fill != 0 { attributes += " applyFill=\"1\"" }
            if border != 0 { attributes += " applyBorder=\"1\"" }
            if alignment.isEmpty { return "<xf \(attributes)/>" }
            return "<xf \(attributes) applyAlignment=\"1\"><alignment \(alignment)/></xf>"
        }
        let centred = "horizontal=\"center\" vertical=\"center\" wrapText=\"1\""
        let top = "vertical=\"top\" wrapText=\"1\""
        let xfs = [
            xf(font: 0, fill: 0, border: 0, alignment: ""),
            xf(font: 1, fill: 2, border: 1, alignment: centred),
            xf(font: 1, fill: 3, border: 1, alignment: centred),
            xf(font: 0, fill: 0, border: 1, alignment: top),
            xf(font: 2, fill: 4, border: 1, alignment: "horizontal=\"center\" vertical=\"top\""),
            xf(font: 3, fill: 5, border: 1, alignment: top),
            xf(font: 0, fill: 0, border: 1, numFmt: 1, alignment: "vertical=\"top\""),
            xf(font: 0, fill: 0, border: 1, numFmt: 164, alignment: "vertical=\"top\""),
            xf(font: 1, fill: 0, border: 0, alignment: top),
            xf(font: 0, fill: 0, border: 0, alignment: top),
        ] + (review ? [
            xf(font: 0, fill: 6, border: 1, numFmt: 49, alignment: top),
            xf(font: 0, fill: 6, border: 1, numFmt: 1, alignment: "vertical=\"top\""),
            xf(font: 1, fill: 3, border: 1, alignment: top),
        ] : [])
        let fills = [fill("FFB4C6E7"), fill("FFDDEBF7"), fill("FFFFC7CE"), fill("FFF2F2F2")] + (review ? [fill("FFFFF2CC")] : [])
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>\
        <fonts count="4">\
        <font><sz val="10"/><color rgb="FF000000"/>\(font)</font>\
        <font><b/><sz val="10"/><color rgb="FF000000"/>\(font)</font>\
        <font><b/><sz val="10"/><color rgb="FF9C0006"/>\(font)</font>\
        <font><i/><sz val="10"/><color rgb="FF7F7F7F"/>\(font)</font>\
        </fonts>\
        <fills count="\(fills.count + 2)"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        \(fills.joined())</fills>\
        <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\(border)</borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="\(xfs.count)">\(xfs.joined())</cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        <dxfs count="1"><dxf><font><b/><color rgb="FF9C0006"/></font>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf></dxfs>\
        <tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>\
        </styleSheet>
        """
    }

    /// Differential format 0 (used by the `#N/A` conditional format): same look as `.gap`.
    static let gapDxf = 0
}
