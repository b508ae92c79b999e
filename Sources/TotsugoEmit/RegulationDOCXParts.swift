import TotsugoMatch

/// The fixed WordprocessingML parts of the regulation .docx (everything but document.xml).
enum RegulationDOCXParts {
    static let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
    <Default Extension="xml" ContentType="application/xml"/>\
    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
    <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
    <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
    <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
    <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
    </Types>
    """

    static let packageRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
    <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
    </Relationships>
    """

    static let documentRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
    </Relationships>
    """

    /// `updateFields` asks Word to refresh the table of contents (page numbers) on opening.
    static let settings = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
    <w:updateFields w:val="true"/><w:defaultTabStop w:val="840"/>\
    <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
    </w:settings>
    """

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
    <w:pPr><w:ind w:left="210" w:hanging="210"/><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="18"/><w:color w:val="404040"/></w:rPr></w:style>\
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
