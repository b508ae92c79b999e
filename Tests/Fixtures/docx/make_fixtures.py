#!/usr/bin/env python3
"""Writes the .docx fixtures of the regulation-document importer, part by part, as Word writes
them: headings by style (Japanese Word's style ids "1", "2"… named "heading 1"…, a custom style
named 見出し 2, a style based on heading 3), numbers only in numbering.xml (abstractNum / num /
lvlOverride / startOverride; decimal, decimalFullWidth, aiueoFullWidth, irohaFullWidth,
decimalEnclosedCircle, japaneseCounting, bullet), a table with a header row and merged cells, a
tracked insertion and deletion, a comment, a text box (mc:AlternateContent with a VML fallback)
and ○ placeholders. The text is ours (a made-up sample regulation), not any guideline's.

    python3 make_fixtures.py                 # regulation-word.docx and the hostile ones
    python3 make_fixtures.py --large 10000 /tmp/large.docx

regulation-libreoffice.docx is regulation-word.docx resaved by LibreOffice:
    soffice -env:UserInstallation=file:///tmp/lo-docx-import --headless \
        --convert-to 'docx:MS Word 2007 XML' --outdir /tmp/lo regulation-word.docx
    cp /tmp/lo/regulation-word.docx regulation-libreoffice.docx
"""
import os
import sys
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(HERE, "..", "bad")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FIXED = (2026, 1, 1, 0, 0, 0)

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
</Relationships>"""

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Noto Sans CJK JP" w:eastAsia="Noto Sans CJK JP" w:hAnsi="Noto Sans CJK JP"/><w:sz w:val="21"/><w:lang w:val="en-US" w:eastAsia="ja-JP"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="21"><w:name w:val="見出し 2"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a7"><w:name w:val="項見出し"/><w:basedOn w:val="3"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a9"><w:name w:val="List Paragraph"/><w:basedOn w:val="a"/><w:qFormat/><w:pPr><w:ind w:leftChars="400" w:left="840"/></w:pPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="a4"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="a8"><w:name w:val="Table Grid"/><w:basedOn w:val="a4"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>
</w:styles>"""


def lvl(ilvl, fmt, text, start=1, extra="", indent=None):
    ind = indent if indent is not None else 420 * (ilvl + 1)
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{escape(text, {chr(34): "&quot;"})}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{ind}" w:hanging="420"/></w:pPr></w:lvl>')


NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>
{lvl(0, "decimal", "第%1章", extra='<w:pStyle w:val="1"/>', indent=0)}
{lvl(1, "decimal", "%1.%2", extra='<w:pStyle w:val="21"/>', indent=0)}
{lvl(2, "decimalFullWidth", "（%3）", extra='<w:pStyle w:val="a7"/>', indent=210)}
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>
{lvl(0, "aiueoFullWidth", "%1.")}
{lvl(1, "irohaFullWidth", "(%2)")}
{lvl(2, "decimalEnclosedCircle", "%3")}
</w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="hybridMultilevel"/>
{lvl(0, "bullet", "●")}
{lvl(1, "bullet", "・")}
</w:abstractNum>
<w:abstractNum w:abstractNumId="3"><w:multiLevelType w:val="singleLevel"/>
{lvl(0, "japaneseCounting", "%1　")}
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>
</w:numbering>"""

COMMENTS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="審査担当" w:date="2026-01-01T00:00:00Z" w:initials="審"><w:p><w:r><w:t>臨時の見直しの条件を決めておくこと。</w:t></w:r></w:p></w:comment></w:comments>"""


FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="a"/></w:pPr><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 派遣社員の扱いは契約書による。</w:t></w:r></w:p></w:footnote></w:footnotes>"""


def run(text):
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:r><w:t{space}>{escape(text)}</w:t></w:r>"


def para(text="", style=None, num=None, extra_runs=""):
    ppr = ""
    if style or num:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr += "</w:pPr>"
    return f"<w:p>{ppr}{run(text) if text else ''}{extra_runs}</w:p>"


def cell(text, width, extra=""):
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{extra}</w:tcPr>'
            f"{para(text)}</w:tc>")


def table(rows):
    grid = '<w:tblGrid><w:gridCol w:w="2800"/><w:gridCol w:w="5600"/></w:tblGrid>'
    out = '<w:tbl><w:tblPr><w:tblStyle w:val="a8"/><w:tblW w:w="8400" w:type="dxa"/><w:tblLook w:val="04A0"/></w:tblPr>' + grid
    for index, row in enumerate(rows):
        header = "<w:trPr><w:tblHeader/></w:trPr>" if index == 0 else ""
        out += f"<w:tr>{header}{row}</w:tr>"
    return out + "</w:tbl>"


TEXT_BOX = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" '
    'simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
    '<wp:extent cx="3600000" cy="360000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/><wp:docPr id="1" name="テキスト ボックス 1"/>'
    '<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="3600000" cy="360000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    '<a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr>'
    '<wps:txbx><w:txbxContent><w:p><w:r><w:t>（注）持ち出しの記録は一年間保存する。</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
    '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t"><a:noAutofit/></wps:bodyPr></wps:wsp>'
    '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:shape id="テキスト ボックス 1" o:spid="_x0000_s1026" type="#_x0000_t202" style="position:absolute;width:283.45pt;height:28.35pt">'
    '<v:textbox><w:txbxContent><w:p><w:r><w:t>（注）持ち出しの記録は一年間保存する。</w:t></w:r></w:p></w:txbxContent></v:textbox>'
    '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def body():
    p = []
    p.append(para("情報セキュリティ管理規程（記入例）", style="a3"))
    p.append(para("総則", style="1"))
    p.append(para("目的", style="21"))
    p.append(para("この規程は、当社が扱う情報資産を適切に守るための基本的な事項を定める。"))
    p.append(para("適用範囲", style="21"))
    p.append("<w:p>" + run("この規程は、当社の役員及び従業員（派遣社員を含む。）") + '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
             + run("に適用する。対象とする情報資産は次のとおりとする。") + "</w:p>")
    p.append(para("社内で作成した文書及び電子データ", num=(3, 0)))
    p.append(para("取引先から預かった図面", num=(3, 0)))
    p.append(para("紙に印刷したもの", num=(3, 1)))
    p.append(para("業務に使う機器", num=(3, 0)))
    p.append(para(""))
    p.append(para("組織と責任", style="1"))
    p.append(para("体制", style="21"))
    p.append(para("情報セキュリティのための体制と、各役職の役割は次の表のとおりとする。"))
    p.append(table([
        cell("役職名", 2800) + cell("役割と責任", 5600),
        cell("情報セキュリティ責任者", 2800) + cell("規程の整備と見直しを統括し、○○部長がこれにあたる。", 5600),
        cell("情報セキュリティ担当者", 2800, '<w:vMerge w:val="restart"/>') + cell("日々の点検を行い、その結果を記録する。", 5600),
        cell("", 2800, "<w:vMerge/>") + cell("事故の報告を受け、責任者に伝える。", 5600),
        cell("担当者は毎年○月に指名する。", 8400, '<w:gridSpan w:val="2"/>'),
    ]))
    p.append(para("見直し", style="21"))
    tracked = ('<w:ins w:id="1" w:author="審査担当" w:date="2026-01-01T00:00:00Z"><w:r><w:t>必要に応じて臨時の見直しも行う。</w:t></w:r></w:ins>'
               '<w:del w:id="2" w:author="審査担当" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>見直しの結果は口頭で伝える。</w:delText></w:r></w:del>')
    p.append('<w:p><w:commentRangeStart w:id="0"/>' + run("責任者は、毎年○月に本規程を見直す。") + tracked
             + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>')
    p.append(para("定期の見直し", style="a7"))
    p.append(para("年に一度、点検の記録をもとに見直す。"))
    p.append(para("臨時の見直し", style="a7"))
    p.append(para("事故が起きたときは、その都度見直す。"))
    p.append(para("日常の対策", style="1"))
    p.append(para("パスワード", style="21"))
    p.append(para("パスワードは次のとおり扱う。"))
    p.append(para("他人に教えない。", num=(2, 0)))
    p.append(para("推測されやすいものを使わない。", num=(2, 0)))
    p.append(para("誕生日", num=(2, 1)))
    p.append(para("電話番号", num=(2, 1)))
    p.append(para("数字だけのもの", num=(2, 2)))
    p.append(para("持ち出し", style="21"))
    p.append(para("機器や記録媒体を社外に持ち出すときは、次の手順による。", extra_runs=TEXT_BOX))
    p.append(para("所属長の許可を得る。", num=(4, 0)))
    p.append(para("持ち出し記録に記入する。", num=(4, 0)))
    p.append(para("紛失したときの連絡先は、次の順とする。"))
    p.append(para("所属長", num=(5, 0)))
    p.append(para("情報セキュリティ担当者", num=(5, 0)))
    return "".join(p)


def document(content):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" mc:Ignorable="wps">'
            f'<w:body>{content}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1985" w:right="1701" w:bottom="1701" w:left="1701" '
            'w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>')


def write(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def package(content):
    return [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS), ("word/_rels/document.xml.rels", DOCUMENT_RELS),
            ("word/document.xml", document(content)), ("word/styles.xml", STYLES), ("word/numbering.xml", NUMBERING),
            ("word/comments.xml", COMMENTS), ("word/footnotes.xml", FOOTNOTES)]


def large(count, path):
    """A document of `count` paragraphs: chapters, sections, body paragraphs, bullets and a table per chapter."""
    p = []
    n = 0
    chapter = 0
    while n < count:
        chapter += 1
        p.append(para(f"第{chapter}群の規定", style="1"))
        n += 1
        for section in range(1, 11):
            p.append(para(f"事項{chapter}-{section}", style="21"))
            n += 1
            for k in range(6):
                p.append(para(f"この事項{chapter}-{section}の本文{k + 1}。担当者は○月までに点検し、結果を記録する。"))
                n += 1
            p.append(para(f"箇条{section}", num=(3, 0)))
            p.append(para(f"細目{section}", num=(2, 0)))
            n += 2
        p.append(table([cell("役職名", 2800) + cell("役割と責任", 5600), cell("責任者", 2800) + cell(f"第{chapter}群を統括する。", 5600)]))
    write(path, package("".join(p)))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--large":
        large(int(sys.argv[2]), sys.argv[3])
        return
    write(os.path.join(HERE, "regulation-word.docx"), package(body()))

    # A chapter list restarted by mistake (a second w:num with startOverride): two 第1章, and
    # an unnumbered heading (outline level in the paragraph, no style) whose text holds U+2028.
    numbering_restart = NUMBERING.replace("</w:numbering>", '<w:num w:numId="9"><w:abstractNumId w:val="0"/>'
                                          '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>')
    restarted = (para("総則", style="1") + para("目的", style="21") + para("本文。")
                 + '<w:p><w:pPr><w:pStyle w:val="1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="9"/></w:numPr></w:pPr>' + run("附則") + "</w:p>"
                 + para("付記") .replace("<w:p>", '<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr>', 1) + para("付記の本文。\u2028二行目。"))
    write(os.path.join(HERE, "regulation-restarted.docx"),
          [(n, numbering_restart if n == "word/numbering.xml" else d) for n, d in package(restarted)])

    # A C1 control character (NEL, valid XML 1.0) in a paragraph: refused at the paragraph.
    write(os.path.join(BAD, "docx-control-character.docx"), package(para("総則", style="1") + para("本文\u0085です。")))

    # Hostile packages.
    write(os.path.join(BAD, "docx-zip-slip.docx"), package(body()) + [("../../evil.xml", "<x/>")])
    doctype = document(para("見出し", style="1")).replace("<w:document", '<!DOCTYPE w:document [<!ENTITY e "x">]>\n<w:document', 1)
    write(os.path.join(BAD, "docx-doctype.docx"), [(n, doctype if n == "word/document.xml" else d) for n, d in package("")])
    bomb = document(para("見出し", style="1") + "<w:p>" + " " * (64 << 20) + "</w:p>")
    write(os.path.join(BAD, "docx-zip-bomb.docx"), [(n, bomb if n == "word/document.xml" else d) for n, d in package("")])


if __name__ == "__main__":
    main()
