#!/usr/bin/python3
"""Checks the 突合表 workbooks and HTML reports the way a user meets them.

usage: verify_outputs.py OUT_DIR RENDER_DIR

For every OUT_DIR/*.xlsx: reads it with openpyxl (grouped two-row header with merged, bold,
filled group cells; frozen panes; autofilter; A4/A3 landscape with repeated header rows;
#N/A cells flagged by style and conditional format; Japanese font; coverage numbers
recounted from the 突合表 sheet itself), converts it with headless LibreOffice to PDF and
PNG pages, and checks that the PDF embeds a CJK font and contains the Japanese headings.
For every OUT_DIR/*.html: checks it is self-contained, its grouped headers and #N/A cells,
takes a headless Chromium screenshot, and runs its filter script in Chromium
(#filter?q=… in the URL) to see the row count change.
Prints `N passed, N failed` and exits non-zero on any failure.
"""
import glob
import html.parser
import os
import re
import shutil
import subprocess
import sys

import openpyxl

GAP_FILL = "FFFFC7CE"
results = {"passed": 0, "failed": 0}


def check(condition, message):
    if condition:
        results["passed"] += 1
    else:
        results["failed"] += 1
        print(f"FAIL: {message}")


def run(command, timeout=240):
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


# --- workbook ---------------------------------------------------------------------------

def header_groups(ws):
    """(title, first column, last column) from row 1 and its merged ranges."""
    merged = {r.min_col: r for r in ws.merged_cells.ranges if r.min_row == 1 and r.max_row == 1}
    groups, col = [], 1
    while col <= ws.max_column:
        title = ws.cell(1, col).value
        last = merged[col].max_col if col in merged else col
        groups.append((title, col, last))
        col = last + 1
    return groups


def verify_xlsx(path):
    name = os.path.basename(path)
    wb = openpyxl.load_workbook(path)
    check(wb.sheetnames == ["突合表", "カバレッジ", "逆引き", "出典"], f"{name}: sheets {wb.sheetnames}")
    check(all(len(s) <= 31 for s in wb.sheetnames), f"{name}: sheet names ≤ 31 characters")
    ws = wb["突合表"]
    groups = header_groups(ws)
    titles = [g[0] for g in groups]
    check(titles[0].startswith("業界セキュリティガイドラインの記載項目"), f"{name}: first group {titles[0]}")
    check(titles[-1] == "業界サンプル規程への反映案", f"{name}: last group {titles[-1]}")
    check(all(t for t in titles), f"{name}: every group has a title {titles}")
    for title, first, last in groups:
        cell = ws.cell(1, first)
        check(cell.font.b, f"{name}: group {title} bold")
        check(cell.fill.fill_type == "solid", f"{name}: group {title} filled")
        if last > first:
            check(any(r.min_col == first and r.max_col == last for r in ws.merged_cells.ranges), f"{name}: group {title} merged")
    columns = [ws.cell(2, c).value for c in range(1, ws.max_column + 1)]
    check(all(columns), f"{name}: every column has a heading in row 2")
    item_columns = columns.index("記載内容")
    from openpyxl.utils import get_column_letter
    check(ws.freeze_panes == f"{get_column_letter(item_columns + 1)}3", f"{name}: freeze panes {ws.freeze_panes}")
    last = f"{get_column_letter(ws.max_column)}{ws.max_row}"
    check(ws.auto_filter.ref == f"A2:{last}", f"{name}: autofilter {ws.auto_filter.ref} (want A2:{last})")
    check(ws.print_title_rows == "$1:$2", f"{name}: print title rows {ws.print_title_rows}")
    # A4 or A3 landscape, chosen by width (docs/outputs.md); one page wide, or pages split at
    # column-group starts with the industry group repeated.
    paper = {"9": "A4", "8": "A3"}.get(str(ws.page_setup.paperSize))
    check(ws.page_setup.orientation == "landscape" and paper is not None, f"{name}: A4/A3 landscape ({ws.page_setup.paperSize})")
    breaks = [b.id for b in ws.col_breaks.brk]
    fits = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
    check(bool(fits) != bool(breaks), f"{name}: one page wide ({fits}) or split at group starts ({breaks}), not both")
    if breaks:
        check(ws.print_title_cols is not None, f"{name}: the industry group repeats on every page ({ws.print_title_cols})")
    check(ws.cell(3, 1).alignment.wrap_text and ws.cell(3, 1).alignment.vertical == "top", f"{name}: body wraps, top-aligned")
    check("游ゴシック" in (ws.cell(3, 1).font.name or ""), f"{name}: Japanese font {ws.cell(3, 1).font.name}")
    gaps = [c for row in ws.iter_rows(min_row=3) for c in row if c.value == "#N/A"]
    check(all(c.fill.fgColor.rgb == GAP_FILL and c.font.b for c in gaps), f"{name}: all {len(gaps)} #N/A cells flagged")
    rules = [(str(cf.sqref), r.formula) for cf in ws.conditional_formatting for r in cf.rules]
    check(any(sq == f"A3:{last}" and '"#N/A"' in f[0] for sq, f in rules), f"{name}: #N/A conditional format {rules}")

    # Coverage, recounted from the table: per target group, a row is a gap when every cell of
    # the group is #N/A, unreviewed when it shows （未突合）, mapped otherwise.
    recount = {}
    for title, first, last_col in groups[1:-1]:
        counts = [0, 0, 0, 0]
        for r in range(3, ws.max_row + 1):
            values = [ws.cell(r, c).value for c in range(first, last_col + 1)]
            counts[0] += 1
            if all(v == "#N/A" for v in values):
                counts[2] += 1
            elif all(v == "（未突合）" for v in values):
                counts[3] += 1
            else:
                counts[1] += 1
        recount[title] = counts
    cov = wb["カバレッジ"]
    header = [c.value for c in cov[1]]
    check(header[:4] == ["対象", "レベル", "項目数", "対応あり"], f"{name}: coverage header {header}")
    seen = 0
    partial = len(header) > 8 and str(header[8]).startswith("対応率（全")
    for row in cov.iter_rows(min_row=2, values_only=True):
        if row[0] is None or row[1] is None:
            # Below the table: a blank row, then the note on a partial source catalog.
            continue
        target, level, items, mapped, _full, none, unreviewed, share = row[:8]
        if partial:
            total = int(str(header[8]).split()[1])
            of_total = row[8]
            if level == "全レベル":
                check(abs(of_total - mapped / total) < 1e-9, f"{name}: coverage {target} share of all {total} items")
            else:
                check(of_total == "―", f"{name}: coverage {target}/{level}: no per-level total is declared")
        check(items == mapped + none + unreviewed, f"{name}: coverage {target}/{level} adds up")
        check(abs(share - (mapped / items if items else 0)) < 1e-9, f"{name}: coverage {target}/{level} share")
        if level == "全レベル" and target in recount:
            seen += 1
            check([items, mapped, none, unreviewed] == recount[target],
                  f"{name}: coverage {target} {[items, mapped, none, unreviewed]} vs table {recount[target]}")
    check(seen == len(recount), f"{name}: coverage has every target group ({seen}/{len(recount)})")

    rev = wb["逆引き"]
    rev_rows = list(rev.iter_rows(min_row=2, values_only=True))
    uncited = [r for r in rev_rows if r[5] == 0 and r[3] == "#N/A"]
    # Items with no direct citation are #N/A unless a sub-item (a row whose label continues
    # theirs) is cited; then they say so.
    for r in rev_rows:
        if r[5] != 0:
            continue
        below = sum(s[5] for s in rev_rows if s[0] == r[0] and s[1].startswith(r[1] + "/"))
        expected = "#N/A" if below == 0 else f"（下位の項目で引用 {below} 件）"
        check(r[3] == expected, f"{name}: reverse row {r[1]!r}: {r[3]!r}, expected {expected!r}")
    check(rev.freeze_panes == "C2" and rev.auto_filter.ref.startswith("A1:"), f"{name}: reverse sheet frozen and filtered")
    src = [c.value for row in wb["出典"].iter_rows() for c in row if c.value]
    check("網羅状況" in src, f"{name}: provenance sheet has completeness")
    print(f"{name}: {len(groups)} groups {titles}, {ws.max_row - 2} rows, {len(gaps)} #N/A cells, "
          f"{len(uncited)} uncited IPA items; coverage {recount}")


def render_xlsx(path, render_dir, profile):
    name = os.path.splitext(os.path.basename(path))[0]
    result = run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                  "--convert-to", "pdf", "--outdir", render_dir, path])
    pdf = os.path.join(render_dir, name + ".pdf")
    check(os.path.exists(pdf), f"{name}: LibreOffice made a PDF ({result.stderr.strip()[-200:]})")
    if not os.path.exists(pdf):
        return
    fonts = run(["pdffonts", pdf]).stdout
    check(re.search(r"CJK|Gothic|Mincho|IPA|Takao|VL", fonts) is not None, f"{name}: PDF embeds a Japanese font:\n{fonts}")
    text = run(["pdftotext", "-layout", pdf, "-"]).stdout
    for word in ["業界セキュリティガイドラインの記載項目", "#N/A", "記載内容"]:
        check(word in text, f"{name}: PDF text contains {word}")
    run(["pdftoppm", "-r", "80", "-png", "-l", "4", pdf, os.path.join(render_dir, name)])
    embedded = sorted(set(re.findall(r"[A-Z]{6}\+(\S+)", fonts)))
    print(f"{name}.pdf: fonts {embedded}")


# --- HTML -------------------------------------------------------------------------------

class Report(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.external = []
        self.stack = []
        self.group_spans = []
        self.column_count = 0
        self.in_xref = False
        self.gap_cells = 0
        self.first_row_cells = None
        self.row_cells = 0
        self.svgs = 0
        self.mismatched_gaps = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href", "action", "data"):
            value = a.get(key) or ""
            if value and not value.startswith("#") and not value.startswith("data:"):
                self.external.append(f"{tag} {key}={value}")
        if tag == "link":
            self.external.append("link element")
        if tag == "table" and a.get("id") == "xref":
            self.in_xref = True
        if tag == "svg":
            self.svgs += 1
        if not self.in_xref:
            return
        classes = (a.get("class") or "").split()
        if tag == "tr":
            self.row_class = classes
            self.row_cells = 0
        if tag == "th" and "groups" in getattr(self, "row_class", []):
            self.group_spans.append(int(a.get("colspan", "1")))
        if tag == "th" and "columns" in getattr(self, "row_class", []):
            self.column_count += 1
        if tag == "td":
            self.row_cells += 1
            self.cell_is_gap = "gap" in classes
            self.cell_text = ""
            if self.cell_is_gap:
                self.gap_cells += 1

    def handle_data(self, data):
        if self.in_xref:
            self.cell_text = getattr(self, "cell_text", "") + data

    def handle_endtag(self, tag):
        if tag == "td" and self.in_xref:
            if (self.cell_text.strip() == "#N/A") != self.cell_is_gap:
                self.mismatched_gaps += 1
        if tag == "table":
            self.in_xref = False
        if tag == "tr" and self.in_xref and self.row_cells and self.first_row_cells is None:
            self.first_row_cells = self.row_cells


def verify_html(path, render_dir, chromium):
    name = os.path.basename(path)
    text = open(path, encoding="utf-8").read()
    report = Report()
    report.feed(text)
    check(report.external == [], f"{name}: no external resources {report.external[:5]}")
    check(not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), f"{name}: no URL other than the SVG namespace")
    check("Content-Security-Policy" in text, f"{name}: CSP forbids network loads")
    check(sum(report.group_spans) == report.column_count == report.first_row_cells,
          f"{name}: colspans {report.group_spans} = {report.column_count} columns = {report.first_row_cells} cells")
    check(report.mismatched_gaps == 0, f"{name}: every #N/A cell (and only those) highlighted; {report.mismatched_gaps} differ")
    check(report.svgs >= 1, f"{name}: coverage chart as inline SVG ({report.svgs})")
    print(f"{name}: {len(report.group_spans)} header groups {report.group_spans}, {report.gap_cells} #N/A cells highlighted")
    check("<script>alert" not in text, f"{name}: text escaped")
    if not chromium:
        return
    stem = os.path.splitext(name)[0]
    url = "file://" + os.path.abspath(path)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    shot = os.path.join(render_dir, stem + ".html.png")
    run([chromium, *flags, "--window-size=1400,2000", f"--screenshot={shot}", url])
    check(os.path.exists(shot), f"{name}: chromium screenshot")
    rows = text.count('<tr data-levels="')
    dom = run([chromium, *flags, "--dump-dom", url]).stdout
    check(f"{rows} / {rows} 行を表示" in dom, f"{name}: script ran from file:// (all {rows} rows shown)")
    dom = run([chromium, *flags, "--dump-dom", url + "#filter?gaps=1&q=%E3%81%82%E3%82%8A%E3%81%88%E3%81%AA%E3%81%84"]).stdout
    check(f"0 / {rows} 行を表示" in dom, f"{name}: search for a word nowhere in the table hides every row")
    levels = re.findall(r'<option value="(LV\d)">', text)
    if levels:
        dom = run([chromium, *flags, "--dump-dom", url + f"#filter?level={levels[0]}"]).stdout
        shown = re.search(r"(\d+) / \d+ 行を表示", dom)
        expected = len(re.findall(r'<tr data-levels="[^"]*\b' + levels[0] + r'\b', text))
        check(shown is not None and int(shown.group(1)) == expected,
              f"{name}: level filter {levels[0]} shows {shown.group(1) if shown else '?'} of {rows} (want {expected})")
        run([chromium, *flags, "--window-size=1400,1400", f"--screenshot={os.path.join(render_dir, stem + '.html-level.png')}",
             url + f"#filter?level={levels[0]}&gaps=1"])
    groups = re.findall(r'class="gaps-in" id="gaps-g(\d+)"', text)
    if groups:
        dom = run([chromium, *flags, "--dump-dom", url + f"#filter?gapin={groups[0]}"]).stdout
        shown = re.search(r"(\d+) / \d+ 行を表示", dom)
        expected = len(re.findall(r'data-gap-groups="[^"]*\b' + groups[0] + r'\b', text))
        check(shown is not None and int(shown.group(1)) == expected,
              f"{name}: #N/A filter of group {groups[0]} shows {shown.group(1) if shown else '?'} of {rows} (want {expected})")
    shown_groups = re.findall(r'class="show-g" data-group="(\d+)"', text)
    if shown_groups:
        # The column picker: the first target hidden and the targets' 記載内容 left out; the
        # other targets' headings span one column fewer each.
        dom = run([chromium, *flags, "--dump-dom", url + f"#filter?hide={shown_groups[0]}&text=0"]).stdout
        check(f"#xref .c{shown_groups[0]} {{ display: none; }}" in dom and "#xref .tt { display: none; }" in dom,
              f"{name}: column picker hides target group {shown_groups[0]} and the targets' 記載内容")
        before = re.findall(r'<th scope="colgroup" colspan="(\d+)" class="g[01] c(\d+)"', text)
        after = dict((g, int(n)) for n, g in re.findall(r'<th scope="colgroup" colspan="(\d+)" class="g[01] c(\d+)"', dom))
        texts = {g: len(re.findall(rf'<th scope="col" class="[^"]*\bc{g}\b[^"]*\btt\b', text)) for _, g in before}
        check(all(after.get(g) == max(1, int(n) - texts[g]) for n, g in before),
              f"{name}: group headings span their visible columns {after}")


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    out_dir, render_dir = sys.argv[1], sys.argv[2]
    os.makedirs(render_dir, exist_ok=True)
    profile = os.path.abspath(os.path.join(render_dir, "lo-profile"))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    workbooks = sorted(glob.glob(os.path.join(out_dir, "*.xlsx")))
    reports = sorted(glob.glob(os.path.join(out_dir, "*.html")))
    check(workbooks and reports, f"outputs found in {out_dir}")
    for path in workbooks:
        verify_xlsx(path)
        if shutil.which("soffice"):
            render_xlsx(path, render_dir, profile)
    for path in reports:
        verify_html(path, render_dir, chromium)
    for png in sorted(glob.glob(os.path.join(render_dir, "*.png"))):
        print(f"render: {png}")
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
