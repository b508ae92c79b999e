#!/usr/bin/env python3
"""Makes the workbooks of ImportTextStreamTests as LibreOffice saves them (run from this folder):
- stream-sheet.xlsx: a check sheet of our own words without merged cells (so its rows stream
  out of the workbook into the importer), 大項目/中項目 written once and left blank below, a
  summary sheet before it, a 説明 cell with a line break;
- ../bad/import-stream-sheet-mistakes.xlsx: the same with a duplicate No., an empty 要求事項
  and an unknown level, each to be reported at its cell.
Written as a flat ODF spreadsheet (.fods), then soffice --headless --convert-to xlsx.
None of the sentences is guideline text: they are written for these tests.
"""
import os, shutil, subprocess, tempfile
from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet>
"""
TAIL = "</office:spreadsheet></office:body></office:document>\n"


def cell(value):
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, int):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    paras = "".join(f"<text:p>{escape(p)}</text:p>" for p in value.split("\n"))
    return f'<table:table-cell office:value-type="string">{paras}</table:table-cell>'


def sheet(name, rows):
    return (f'<table:table table:name="{escape(name)}">'
            + "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows)
            + "</table:table>")


def checksheet(bad=False):
    rows = [
        ["大項目", "中項目", "No.", "要求事項", "説明", "レベル"],
        ["1 備える", "1.1 決める", 1, "守る情報の一覧を作っている", "一覧は紙でも表計算でもよい", "LV1"],
        [None, None, 2, "一覧の持ち主を決めている", None, "LV2"],
        [None, "1.2 知らせる", 3, "決めたことを全員に伝えている", "朝礼で伝えた日を\n記録に残す", "LV1"],
        ["2 守る", "2.1 入口", 4, "来客の出入りを記録している", None, "LV2"],
        [None, None, 5, "鍵の貸し出しを記録している", "返した日も書く", "LV3"],
        [None, "2.2 出口", 6, "捨てる書類は細かく裁断している", None, "LV1"],
    ]
    if bad:
        rows[3][2] = 2            # duplicate No. (first at C3), at C4
        rows[5][3] = None         # empty 要求事項, at D6
        rows[6][5] = "LV9"        # unknown level, at F7
    return HEAD + sheet("集計", [["集計", 6]]) + sheet("チェックシート", rows) + TAIL


def convert(fods_text, target):
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.splitext(os.path.basename(target))[0]
        src = os.path.join(tmp, base + ".fods")
        with open(src, "w", encoding="utf-8") as f:
            f.write(fods_text)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "xlsx", "--outdir", tmp, src], check=True, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(tmp, base + ".xlsx"), target)


convert(checksheet(), "stream-sheet.xlsx")
convert(checksheet(bad=True), "../bad/import-stream-sheet-mistakes.xlsx")
