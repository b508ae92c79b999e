import TotsugoMatch

/// The fixed WordprocessingML parts of the regulation .docx (everything but document.xml).
enum RegulationDOCXParts {
    /// Which optional parts the document has.
    struct Present {
        var comments: Bool
        var numbering: Bool
    }

    static func contentTypes(_ present: Present) -> String {
        var overrides = """
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
        <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
        """
        if present.comments {
            overrides += #"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#
        }
        if present.numbering {
            overrides += #"<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>"#
        }
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        \(overrides)\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """
    }

    static let packageRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
    <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
    </Relationships>
    """

    /// rId10 is the footer (document.xml's sectPr names it).
    static func documentRelationships(_ present: Present) -> String {
        let type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        var relationships = """
        <Relationship Id="rId1" Type="\(type)styles" Target="styles.xml"/>\
        <Relationship Id="rId2" Type="\(type)settings" Target="settings.xml"/>
        """
        if present.comments { relationships += "<Relationship Id=\"rId3\" Type=\"\(type)comments\" Target=\"comments.xml\"/>" }
        if present.numbering { relationships += "<Relationship Id=\"rId4\" Type=\"\(type)numbering\" Target=\"numbering.xml\"/>" }
        relationships += "<Relationship Id=\"rId10\" Type=\"\(type)footer\" Target=\"footer1.xml\"/>"
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relationships)</Relationships>
        """
    }

    /// `updateFields` (Word asks to update the fields on opening) only when the document has
    /// a TOC field the user asked for; the footer's page number needs no update. Element order
    /// as CT_Settings requires (defaultTabStop, updateFields, compat); likewise color before sz
    /// in run properties.
    static func settings(updateFields: Bool) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:defaultTabStop w:val="840"/>\(updateFields ? "<w:updateFields w:val=\"true\"/>" : "")\
        <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
        </w:settings>
        """
    }

    /// One footer line: the document's title at the left, `n / N` (PAGE / NUMPAGES fields,
    /// which Word and LibreOffice compute when laying out) at the right margin.
    static func footer(title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>\
        <w:r><w:t xml:space="preserve">\(XMLText.escape(title))</w:t></w:r><w:r><w:tab/></w:r>\
        <w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>\
        <w:r><w:t xml:space="preserve"> / </w:t></w:r>\
        <w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>
        """
    }

    /// One bullet list definition per marker the provisions use (numId = position + 1), three
    /// levels indented 420 twips each.
    static func numbering(bullets: [String]) -> String {
        var abstract = ""
        var nums = ""
        for (index, marker) in bullets.enumerated() {
            abstract += "<w:abstractNum w:abstractNumId=\"\(index)\"><w:multiLevelType w:val=\"hybridMultilevel\"/>"
            for level in 0..<3 {
                abstract += "<w:lvl w:ilvl=\"\(level)\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/>"
                    + "<w:lvlText w:val=\"\(XMLText.escape(marker))\"/><w:lvlJc w:val=\"left\"/>"
                    + "<w:pPr><w:ind w:left=\"\(420 * (level + 1))\" w:hanging=\"420\"/></w:pPr></w:lvl>"
            }
            abstract += "</w:abstractNum>"
            nums += "<w:num w:numId=\"\(index + 1)\"><w:abstractNumId w:val=\"\(index)\"/></w:num>"
        }
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\(abstract)\(nums)</w:numbering>
        """
    }

    /// Fixed timestamps from the document's input date (`InputDate.timestamp`).
    static func core(title: String, date: String?) -> String {
        let stamp = InputDate.timestamp(date)
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
        <dc:title>\(XMLText.escape(title))</dc:title><dc:creator>totsugo</dc:creator><dc:language>ja-JP</dc:language>\
        <dcterms:created xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:created>\
        <dcterms:modified xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:modified>\
        </cp:coreProperties>
        """
    }

    static let app = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
    <Application>totsugo</Application></Properties>
    """

    /// Body in 游明朝 (Mincho), headings in 游ゴシック; Japanese as the East Asian language.
    /// Annotation (業界対応注記), revision (反映案) and industry-only (業界独自) paragraphs each
    /// have their own shaded, bordered style so they never read as regulation text.
    static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
    <w:docDefaults><w:rPrDefault><w:rPr>\
    <w:rFonts w:ascii="游明朝" w:hAnsi="游明朝" w:eastAsia="游明朝" w:cs="Times New Roman"/>\
    <w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="ja-JP" w:bidi="ar-SA"/>\
    </w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="300" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>\
    <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
    \(heading(1, size: 32, before: 360))\(heading(2, size: 26, before: 240))\(heading(3, size: 23, before: 180))\(heading(4, size: 21, before: 120))\
    <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
    <w:pPr><w:spacing w:before="1200" w:after="480"/><w:jc w:val="center"/></w:pPr>\
    <w:rPr><w:rFonts w:ascii="游ゴシック" w:hAnsi="游ゴシック" w:eastAsia="游ゴシック"/><w:b/><w:sz w:val="40"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
    <w:pPr><w:spacing w:after="480"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="28"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="FrontFact"><w:name w:val="Front Fact"/><w:basedOn w:val="Normal"/>\
    <w:pPr><w:ind w:left="1680" w:hanging="1680"/><w:jc w:val="left"/></w:pPr></w:style>\
    <w:style w:type="paragraph" w:styleId="FrontNote"><w:name w:val="Front Note"/><w:basedOn w:val="Normal"/>\
    <w:pPr><w:ind w:left="210" w:hanging="210"/><w:jc w:val="left"/></w:pPr><w:rPr><w:color w:val="404040"/><w:sz w:val="18"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>\
    <w:pPr><w:spacing w:before="240" w:after="240"/></w:pPr><w:rPr><w:rFonts w:ascii="游ゴシック" w:hAnsi="游ゴシック" w:eastAsia="游ゴシック"/><w:b/><w:sz w:val="28"/></w:rPr></w:style>\
    \(toc(1, indent: 0))\(toc(2, indent: 210))\(toc(3, indent: 420))\
    <w:style w:type="paragraph" w:customStyle="1" w:styleId="Annotation"><w:name w:val="業界対応注記"/><w:basedOn w:val="Normal"/><w:qFormat/>\
    <w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="6" w:color="2E74B5"/></w:pBdr>\
    <w:shd w:val="clear" w:color="auto" w:fill="DEEAF6"/><w:spacing w:before="60" w:after="60"/><w:ind w:left="284"/><w:jc w:val="left"/></w:pPr>\
    <w:rPr><w:rFonts w:ascii="游ゴシック" w:hAnsi="游ゴシック" w:eastAsia="游ゴシック"/><w:color w:val="1F4E79"/><w:sz w:val="18"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:customStyle="1" w:styleId="RevisionNote"><w:name w:val="反映案"/><w:basedOn w:val="Normal"/><w:qFormat/>\
    <w:pPr><w:pBdr><w:top w:val="dashed" w:sz="6" w:space="2" w:color="BF8F00"/><w:left w:val="dashed" w:sz="6" w:space="4" w:color="BF8F00"/>\
    <w:bottom w:val="dashed" w:sz="6" w:space="2" w:color="BF8F00"/><w:right w:val="dashed" w:sz="6" w:space="4" w:color="BF8F00"/></w:pBdr>\
    <w:shd w:val="clear" w:color="auto" w:fill="FFF2CC"/><w:spacing w:before="60" w:after="60"/><w:ind w:left="284" w:right="113"/><w:jc w:val="left"/></w:pPr>\
    <w:rPr><w:sz w:val="20"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:customStyle="1" w:styleId="IndustryBody"><w:name w:val="業界独自の項目"/><w:basedOn w:val="Normal"/><w:qFormat/>\
    <w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="6" w:color="548235"/></w:pBdr>\
    <w:shd w:val="clear" w:color="auto" w:fill="E2EFDA"/><w:ind w:left="284"/></w:pPr></w:style>\
    <w:style w:type="character" w:customStyle="1" w:styleId="AnnotationMark"><w:name w:val="業界項目ラベル"/>\
    <w:rPr><w:rFonts w:ascii="游ゴシック" w:hAnsi="游ゴシック" w:eastAsia="游ゴシック"/><w:b/><w:color w:val="1F4E79"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/>\
    <w:pPr><w:ind w:left="420"/><w:jc w:val="left"/></w:pPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>\
    <w:pPr><w:tabs><w:tab w:val="right" w:pos="9072"/></w:tabs><w:spacing w:after="0"/><w:jc w:val="left"/></w:pPr><w:rPr><w:color w:val="595959"/><w:sz w:val="16"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/>\
    <w:pPr><w:spacing w:after="0"/><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>\
    <w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="18"/></w:rPr></w:style>\
    <w:style w:type="character" w:customStyle="1" w:styleId="PriorityMark"><w:name w:val="優先度"/>\
    <w:rPr><w:b w:val="0"/><w:color w:val="C00000"/><w:sz w:val="18"/></w:rPr></w:style>\
    <w:style w:type="character" w:customStyle="1" w:styleId="NoteLabel"><w:name w:val="注記見出し"/>\
    <w:rPr><w:rFonts w:ascii="游ゴシック" w:hAnsi="游ゴシック" w:eastAsia="游ゴシック"/><w:b/></w:rPr></w:style>\
    </w:styles>
    """

    static func heading(_ level: Int, size: Int, before: Int) -> String {
        """
        <w:style w:type="paragraph" w:styleId="Heading\(level)"><w:name w:val="heading \(level)"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="\(before)" w:after="120"/><w:jc w:val="left"/><w:outlineLvl w:val="\(level - 1)"/></w:pPr>\
        <w:rPr><w:rFonts w:ascii="游ゴシック" w:hAnsi="游ゴシック" w:eastAsia="游ゴシック"/><w:b/><w:sz w:val="\(size)"/><w:szCs w:val="\(size)"/></w:rPr></w:style>
        """
    }

    static func toc(_ level: Int, indent: Int) -> String {
        """
        <w:style w:type="paragraph" w:styleId="TOC\(level)"><w:name w:val="toc \(level)"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>\
        <w:pPr><w:spacing w:after="40"/><w:ind w:left="\(indent)"/><w:jc w:val="left"/></w:pPr></w:style>
        """
    }
}
