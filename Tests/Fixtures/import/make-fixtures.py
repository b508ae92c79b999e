#!/usr/bin/env python3
"""Makes the import fixtures as real producers make them (run from this folder):
- checksheet.xlsx: a JAMA-style check sheet of our own words, written as a flat ODF
  spreadsheet (.fods) with merged 大項目/中項目 cells and two header rows, then saved as xlsx
  by LibreOffice (soffice --headless --convert-to xlsx);
- criteria.csv: a criteria table in CP932 with CRLF (iconv -t CP932), a quoted multi-line cell;
- ../bad/import-*.xlsx / .csv: the same with mistakes (duplicate No., empty No., unknown level,
  a parent id not in the table).
- criteria-xref.xlsx: a criteria sheet (評価基準) whose rows are source items with two
  cross-reference columns, one of JAMA-style numbers into sample-jama.txt and one mixing
  Annex-A-style controls (sample-annex-a.txt) and clauses (sample-clauses.txt), saved by
  LibreOffice; ../bad/import-xref-mistakes.xlsx / .csv: the same plus a row with a token no
  rule reads and a row with ids that are not in the catalogs.
None of the sentences is guideline text: they are written for these tests.
"""
import os, subprocess, tempfile
from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet>
"""
TAIL = "</office:spreadsheet></office:body></office:document>\n"

def cell(value, rows=1, cols=1):
    if value is None:
        return "<table:table-cell/>"
    span = ""
    if rows > 1: span += f' table:number-rows-spanned="{rows}"'
    if cols > 1: span += f' table:number-columns-spanned="{cols}"'
    if isinstance(value, int):
        return f'<table:table-cell office:value-type="float" office:value="{value}"{span}><text:p>{value}</text:p></table:table-cell>'
    paras = "".join(f"<text:p>{escape(p)}</text:p>" for p in value.split("\n"))
    return f'<table:table-cell office:value-type="string"{span}>{paras}</table:table-cell>'

COVERED = "<table:covered-table-cell/>"

def sheet(name, rows):
    out = f'<table:table table:name="{escape(name)}">'
    for r in rows:
        out += "<table:table-row>" + "".join(r) + "</table:table-row>"
    return out + "</table:table>"

def checksheet(bad=False):
    # (大項目, span, 中項目, span, No., 要求事項, レベル)
    data = [
        ("1 組織の取り組み", 4, "1.1 方針", 2, 1, "守るべき情報と守り方を一枚の方針にまとめ、経営者が承認している", "LV1"),
        (None, 0, None, 0, 2, "方針は毎年見直し、変えた点を全員に知らせている", "LV2"),
        (None, 0, "1.2 体制", 2, 3, "情報を守る責任者を決め、社内に名前を知らせている", "LV1"),
        (None, 0, None, 0, 4, "責任者の代わりを務める人も決めている", "Lv.3"),
        ("2 技術の取り組み", 3, "2.1 端末", 2, 5, "パソコンとスマートフォンの更新を止めずに当てている", "LV1"),
        (None, 0, None, 0, 6, "使わなくなった端末は中のデータを消してから手放す", "LV2"),
        (None, 0, "2.2 ネットワーク", 1, 7, "社外とつながる出入口に\n通信を選別する機器を置いている", "LV1"),
    ]
    if bad:
        data[3] = (None, 0, None, 0, 3, "同じ番号をもう一度書いてしまった行", "LV1")    # duplicate No.3
        data[5] = (None, 0, None, 0, None, "番号を書き忘れた行", "LV2")                  # empty No.
        data[6] = (None, 0, "2.2 ネットワーク", 1, 7, "出入口に機器を置いている", "LV4")  # unknown level
    rows = [
        [cell("サンプル チェックシート（テスト用、当方の文言）", cols=5), COVERED, COVERED, COVERED, COVERED],
        [cell("項目", cols=2), COVERED, cell("No.", rows=2), cell("要求事項", rows=2), cell("レベル", rows=2)],
        [cell("大項目"), cell("中項目"), COVERED, COVERED, COVERED],
    ]
    for big, bigspan, mid, midspan, no, req, lv in data:
        r = [cell(big, rows=bigspan) if big else COVERED, cell(mid, rows=midspan) if mid else COVERED,
             cell(no), cell(req), cell(lv)]
        rows.append(r)
    summary = [[cell("集計"), cell(7)]]
    return HEAD + sheet("集計", summary) + sheet("チェックシート", rows) + TAIL

def convert(fods_text, target):
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.splitext(os.path.basename(target))[0]
        src = os.path.join(tmp, base + ".fods")
        with open(src, "w", encoding="utf-8") as f: f.write(fods_text)
        subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", tmp, src], check=True,
                       stdout=subprocess.DEVNULL)
        os.replace(os.path.join(tmp, base + ".xlsx"), target)

CRITERIA = [
    ("番号", "要求事項", "説明", "区分"),
    ("1", "資産を把握する", "", ""),
    ("1-1", "台帳を作る", "", ""),
    ("1-1-1", "機器の台帳を作る", "社内の機器を一覧にし、\n持ち主と置き場所を書く。", "必須"),
    ("1-1-2", "データの台帳を作る", "大事なデータの置き場所を一覧にする。", "推奨"),
    ("2", "人を育てる", "", ""),
    ("2-1", "教える", "", ""),
    ("2-1-1", "入社時に教える", "入社した日から一週間以内に、守り方を説明する。", "必須"),
    ("2-1-2", "毎年教える", "年に一度～二度、全員で確かめる。", "推奨"),
]

def csv_text(rows):
    def q(v):
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n') else v
    return "".join(",".join(q(v) for v in r) + "\r\n" for r in rows)

def write_cp932(text, target):
    # Through iconv, as the brief asks (Python's cp932 codec would do the same).
    data = subprocess.run(["iconv", "-f", "UTF-8", "-t", "CP932"], input=text.encode("utf-8"),
                          check=True, capture_output=True).stdout
    with open(target, "wb") as f: f.write(data)

# (番号, 要求事項, JAMA対応, ISO対応)
XREF = [
    ("K-1", "守り方の方針を決める", "No.1, 3 (LV2)", "A.5.1, 5.1"),
    ("K-2", "責任者を置く", "No．４", "A 5.2、9.3"),
    ("K-3", "台帳を作る", "No.6〜8", "4.1"),
    ("K-4", "来客の出入りを記録する", "―", "―"),
    ("K-5", "鍵のかかる棚に書類をしまう", None, None),
    ("K-6", "端末を守る", "No.2 (参考)", "A.8.1\nA 7.14"),
    ("K-7", "記録を残して見直す", "―", "9.3"),
]
XREF_MISTAKES = [
    ("K-8", "外から持ち込む媒体を確かめる", "No.5", "A.8.1、B.1.1"),   # B.1.1: no rule reads it
    ("K-9", "古い記録を消す", "No.99", "A.5.9"),                       # not in the catalogs
]

def xref_sheet(rows):
    out = [[cell("番号"), cell("要求事項"), cell("JAMA対応"), cell("ISO対応")]]
    for r in rows:
        out.append([cell(v) for v in r])
    return HEAD + sheet("表紙", [[cell("サンプル評価基準（テスト用、当方の文言）")]]) + sheet("評価基準", out) + TAIL

if __name__ == "__main__":
    import sys
    # `make-fixtures.py xref` makes only the cross-reference fixtures (the others keep their bytes,
    # whose SHA-256 docs/import.md shows).
    which = sys.argv[1:] or ["catalog", "xref"]
if __name__ == "__main__" and "xref" in which:
    convert(xref_sheet(XREF), "criteria-xref.xlsx")
    convert(xref_sheet(XREF + XREF_MISTAKES), "../bad/import-xref-mistakes.xlsx")
    with open("../bad/import-xref-mistakes.csv", "w", encoding="utf-8", newline="") as f:
        f.write(csv_text([("番号", "要求事項", "JAMA対応", "ISO対応")] + [tuple(v or "" for v in r) for r in XREF]
                         + [("K-8", "外から持ち込む媒体を確かめる", "No.5", 'A.8.1\n"旧"、B.1.1'), XREF_MISTAKES[1]]))
if __name__ == "__main__" and "catalog" in which:
    convert(checksheet(), "checksheet.xlsx")
    convert(checksheet(bad=True), "../bad/import-checksheet-mistakes.xlsx")
    write_cp932(csv_text(CRITERIA), "criteria.csv")
    bad = [r for r in CRITERIA if r[0] != "2-1"]   # 2-1-1 and 2-1-2 lose their parent
    write_cp932(csv_text(bad), "../bad/import-criteria-missing-parent.csv")
