# Makes the review workbooks the tests import (run from this folder with the system python3
# and python3-openpyxl; LibreOffice for the resaved copies):
#   totsugo review export Mappings/review-sample.yaml --catalogs Catalogs --out /tmp/export.xlsx
#   /usr/bin/python3 make-workbooks.py /tmp/export.xlsx
# review-sample.lo.xlsx      the export, resaved by LibreOffice (no edits)
# review-edited.xlsx         edited with openpyxl as a reviewer would (ReviewWorkbookTests)
# review-edited.lo.xlsx      the same, resaved by LibreOffice
# ../bad/review-broken-cells.xlsx  wrong cells (each an error at its address)
import openpyxl, shutil, subprocess, sys, os

export = sys.argv[1]

def row_of(ws, item, kind, target=None):
    for row in ws.iter_rows(min_row=2):
        if row[0].value == item and row[4].value == kind and (target is None or row[5].value == target):
            return row[0].row
    raise SystemExit(f"no row {item} {kind} {target}")

def resave(path, out):
    tmp = "/tmp/review-fixtures-lo"
    os.makedirs(tmp, exist_ok=True)
    subprocess.run(["soffice", "-env:UserInstallation=file:///tmp/lo-review-fixtures", "--headless",
                    "--convert-to", "xlsx", "--outdir", tmp, path], check=True, capture_output=True)
    shutil.move(os.path.join(tmp, os.path.basename(path)), out)

resave(export, "review-sample.lo.xlsx")

wb = openpyxl.load_workbook(export)
ws = wb["レビュー"]
# Accept a suggestion: 2.2 → 2-2 as 同等, confirmed.
r = row_of(ws, "2.2", "候補", "review-target:2-2")
ws.cell(r, 9).value = "同等（equal）"; ws.cell(r, 10).value = "文言上（syntactic）"; ws.cell(r, 11).value = 9
ws.cell(r, 12).value = "確認済"; ws.cell(r, 13).value = "田中"; ws.cell(r, 14).value = "2026/12/1"
# Reject a suggestion: 2.1 → 2-3.
r = row_of(ws, "2.1", "候補", "review-target:2-3")
ws.cell(r, 12).value = "却下"; ws.cell(r, 15).value = "持ち出しではなく廃棄の話。"
# Change an existing link: 1.2 → 1-2 becomes 一部重複 and confirmed.
r = row_of(ws, "1.2", "対応", "review-target:1-2")
ws.cell(r, 9).value = "一部重複（intersects-with）"; ws.cell(r, 12).value = "確認済"; ws.cell(r, 13).value = "田中"; ws.cell(r, 14).value = "2026-12-01"
# A note on a link, and the item 2.1 reviewed.
r = row_of(ws, "1.1", "対応", "review-target:1-1")
ws.cell(r, 15).value = "任命と役割の文書化。再確認済み。"
r = row_of(ws, "2.1", "候補", "review-target:2-1")
ws.cell(r, 9).value = "一部に相当（subset-of）"; ws.cell(r, 12).value = "確認済"
# A row the reviewer adds at the end: 2.3 → 3-1.
last = ws.max_row + 1
for column, value in [(1, "2.1"), (5, "対応"), (6, "review-target:2"), (9, "一部重複"), (12, "未確認"), (15, "情報資産の章全体にかかる。")]:
    ws.cell(last, column).value = value
wb.save("review-edited.xlsx")
resave("review-edited.xlsx", "review-edited.lo.xlsx")

wb = openpyxl.load_workbook(export)
ws = wb["レビュー"]
r = row_of(ws, "1.2", "対応", "review-target:1-2")
ws.cell(r, 9).value = "一部"              # I: unknown relationship
ws.cell(r, 11).value = 11                 # K: strength out of range
r = row_of(ws, "2.2", "候補", "review-target:2-2")
ws.cell(r, 12).value = "確認済"            # L: confirmed with no relationship
ws.cell(r, 14).value = "12月1日"           # N: not a date
r = row_of(ws, "2.1", "候補", "review-target:2-1")
ws.cell(r, 6).value = "review-target:9-9" # F: unknown target item
r = row_of(ws, "2.3", "項目")
ws.cell(r, 12).value = "済"                # L: unknown status
wb.save("../bad/review-broken-cells.xlsx")
