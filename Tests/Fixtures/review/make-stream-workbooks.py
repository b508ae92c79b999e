# Makes the review workbooks of ReviewImportMemoryTests (run from this folder with the system
# python3 and python3-openpyxl; LibreOffice for the resaved copy):
#   totsugo review export Mappings/review-sample.yaml --catalogs Catalogs --out /tmp/export.xlsx
#   /usr/bin/python3 make-stream-workbooks.py /tmp/export.xlsx
# review-merged-reviewer.lo.xlsx  the reviewer's name and date typed once into merged cells
#                                 over the two rows of item 1.2, the link confirmed; resaved
#                                 by LibreOffice (the merge fills both rows when read)
# ../bad/review-unknown-kind-before-first-row.xlsx  item 2.1's own row deleted and the 行の種類
#                                 of its next row mistyped: the item is reported at that row
import openpyxl, shutil, subprocess, sys, os

export = sys.argv[1]

def resave(path, out):
    tmp = "/tmp/review-stream-fixtures-lo"
    os.makedirs(tmp, exist_ok=True)
    subprocess.run(["soffice", "-env:UserInstallation=file:///tmp/lo-review-stream-fixtures", "--headless",
                    "--convert-to", "xlsx", "--outdir", tmp, path], check=True, capture_output=True)
    shutil.move(os.path.join(tmp, os.path.basename(path)), out)

def row_of(ws, item, kind, target=None):
    for row in ws.iter_rows(min_row=2):
        if row[0].value == item and row[4].value == kind and (target is None or row[5].value == target):
            return row[0].row
    raise SystemExit(f"no row {item} {kind} {target}")

wb = openpyxl.load_workbook(export)
ws = wb["レビュー"]
r = row_of(ws, "1.2", "対応", "review-target:1-2")
assert row_of(ws, "1.2", "候補", "review-target:2-3") == r + 1
ws.cell(r, 12).value = "確認済"
ws.cell(r, 13).value = "田中"
ws.cell(r, 14).value = "2026-12-02"
ws.merge_cells(start_row=r, start_column=13, end_row=r + 1, end_column=13)
ws.merge_cells(start_row=r, start_column=14, end_row=r + 1, end_column=14)
os.makedirs("/tmp/review-stream-fixtures", exist_ok=True)
wb.save("/tmp/review-stream-fixtures/review-merged-reviewer.xlsx")
resave("/tmp/review-stream-fixtures/review-merged-reviewer.xlsx", "review-merged-reviewer.lo.xlsx")

wb = openpyxl.load_workbook(export)
ws = wb["レビュー"]
r = row_of(ws, "2.1", "項目")
ws.delete_rows(r)
ws.cell(r, 1).value = "２．１"  # the item as a reviewer typed it (full-width)
ws.cell(r, 5).value = "候"       # E: unknown row kind
wb.save("../bad/review-unknown-kind-before-first-row.xlsx")
