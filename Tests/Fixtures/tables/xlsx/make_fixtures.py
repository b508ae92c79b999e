#!/usr/bin/python3
"""Makes the xlsx fixtures of Tests/TotsugoTableTests/WorkbookTests.swift (run from this folder
with Debian's python3-openpyxl; the words are our own). checksheet-libreoffice.xlsx is made by
LibreOffice from checksheet.fods:  soffice --headless --convert-to xlsx checksheet.fods
and renamed."""
import zipfile

import openpyxl

# As openpyxl writes it (shared strings, its own merge and number forms).
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "対策一覧"
ws.append(["番号", "分類", None, "説明"])
ws.append([None, "大", "小", None])
ws.merge_cells("A1:A2")
ws.merge_cells("B1:C1")
ws.merge_cells("D1:D2")
ws.append([1, "入退室", "鍵", "鍵の貸出を記録する"])
ws.append([2, None, "来訪者", "来訪者に名札を渡す"])
ws.append([10, "端末", "更新", "月に一度更新を確かめる"])
ws.merge_cells("B3:B4")
ws.append([3.0, 1e-7, 123456789012, True, False, -4.75])
ws2 = wb.create_sheet("別表")
ws2["C3"] = "離れた一つのセル"
wb.save("openpyxl-direct.xlsx")

# Hand-written: phonetic readings (<rPh>, <phoneticPr>) as Japanese Excel stores them, inline
# strings with rich-text runs, cells and rows without r attributes, _xHHHH_ escapes.
CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>"""
WB_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""
SHEET_REL = '<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/>'
SST = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>共通</t><rPh sb="0" eb="2"><t>キョウツウ</t></rPh><phoneticPr fontId="1"/></si><si><r><t>見直し</t></r><r><rPr><b/></rPr><t>手順</t></r><rPh sb="0" eb="3"><t>ミナオ</t></rPh><rPh sb="3" eb="5"><t>テジュン</t></rPh><phoneticPr fontId="1" type="noConversion"/></si><si><t xml:space="preserve">一行目_x000D_
二行目 &amp; _x005F_x0041_</t></si></sst>"""
SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData>{extra}</worksheet>"""
ROWS = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c></row>'
        '<row r="3"><c r="B3" t="inlineStr"><is><r><t>手順</t></r><r><rPr><i/></rPr><t xml:space="preserve"> の確認</t></r><rPh sb="0" eb="2"><t>テジュン</t></rPh></is></c>'
        '<c t="e"><v>#REF!</v></c><c t="str"><v>式の結果</v></c></row>'
        '<row><c><v>42</v></c><c><v>1.5E+20</v></c><c><v>-0</v></c><c t="n"><v>3.0000000000000004</v></c></row>')


def package(path, sheets, parts, extra=None, drop=()):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        entries = {
            "[Content_Types].xml": CT,
            "_rels/.rels": ROOT_RELS,
            "xl/workbook.xml": WORKBOOK.format(sheets="".join(
                f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, name in enumerate(sheets))),
            "xl/_rels/workbook.xml.rels": WB_RELS.format(rels="".join(
                SHEET_REL.format(n=i + 1, target=f"worksheets/sheet{i + 1}.xml") for i in range(len(sheets)))),
            "xl/sharedStrings.xml": SST,
        }
        entries.update(parts)
        entries.update(extra or {})
        for name, text in entries.items():
            if name not in drop:
                z.writestr(name, text)


package("phonetic-inline.xlsx", ["読み仮名"], {"xl/worksheets/sheet1.xml": SHEET.format(rows=ROWS, extra="")})

# Hostile packages (Tests/Fixtures/bad/).
GOOD = {"xl/worksheets/sheet1.xml": SHEET.format(rows=ROWS, extra="")}
package("../../bad/xlsx-zip-slip.xlsx", ["表"], GOOD, extra={"../../evil.xml": "<x/>"})
package("../../bad/xlsx-no-workbook.xlsx", ["表"], GOOD, drop=("xl/workbook.xml",))
package("../../bad/xlsx-missing-sheet-part.xlsx", ["表", "消えた表"], GOOD)
package("../../bad/xlsx-doctype.xlsx", ["表"], {"xl/worksheets/sheet1.xml": """<?xml version="1.0"?>
<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>"""})
# 64 MiB of one repeated row deflate to about 100 KB: far past any sheet's ratio.
bomb_rows = '<row><c t="inlineStr"><is><t>爆</t></is></c></row>' * (64 * 1024 * 1024 // 48)
package("../../bad/xlsx-zip-bomb.xlsx", ["表"], {"xl/worksheets/sheet1.xml": SHEET.format(rows=bomb_rows, extra="")})
# 1,048,576 rows (Excel's maximum) of one number each; within Excel's bounds, over a small row limit.
million = "<row><c><v>7</v></c></row>" * 1_048_576
package("../../bad/xlsx-million-rows.xlsx", ["百万行"], {"xl/worksheets/sheet1.xml": SHEET.format(rows=million, extra="")})
# A merged range as large as the sheet: filling it would make 17 billion cells.
package("../../bad/xlsx-huge-merge.xlsx", ["表"], {"xl/worksheets/sheet1.xml": SHEET.format(
    rows=ROWS, extra='<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')})


def lie_about_size(path, part, claimed):
    """Patches the uncompressed size `part` declares (local and central headers) to `claimed`."""
    import struct
    data = bytearray(open(path, "rb").read())
    name = part.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at:at + name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_at, claimed)
            at = data.find(signature, at + 4)
    open(path, "wb").write(bytes(data))


# A zip bomb whose headers lie: the sheet says 1000 bytes and inflates to 16 MiB.
package("../../bad/xlsx-lying-size.xlsx", ["表"], {"xl/worksheets/sheet1.xml": SHEET.format(
    rows='<row><c><v>0</v></c></row>' * (16 * 1024 * 1024 // 26), extra="")})
lie_about_size("../../bad/xlsx-lying-size.xlsx", "xl/worksheets/sheet1.xml", 1000)
