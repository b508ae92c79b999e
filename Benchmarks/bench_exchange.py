"""The exchange part of `make bench` (issue 19): the importers and exporters of this batch, each
against the peer a user would otherwise run, in the same run.

| what totsugo does                              | peer                                           |
|------------------------------------------------|------------------------------------------------|
| `export oscal` (catalogs + mapping collection) | compliance-trestle `task csv-to-oscal-mc` on the same links (oscal_bench.py) |
| `validate` of the exported OSCAL files          | compliance-trestle's models reading the same files (`oscal_read`) |
| `import catalog` of a regulation .docx          | python-docx reading every paragraph and table cell |
| `review export --suggestions 0`                 | openpyxl (write-only) writing the same cells      |
| `review import` of that workbook                | openpyxl (read-only) reading every cell           |
| `regulation` (docx, md, html), 1k and 10k provisions | none (the staff's peer is Word by hand); 10× scaling |

compliance-trestle is looked for at BENCH_TRESTLE_PYTHON (default /tmp/trestle-venv/bin/python,
made by `python3 -m venv V && V/bin/pip install compliance-trestle==5.2.0`); without it its rows
say so. Each figure is the run with the least CPU time (GNU time -v).
"""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import oscal_bench  # noqa: E402

TRESTLE_PYTHON = os.environ.get("BENCH_TRESTLE_PYTHON", "/tmp/trestle-venv/bin/python")
DATE = "2026-11-30"
# The 100k mapping collection is ~300 MB of JSON: the reading side needs the limit raised.
OSCAL_LIMITS = ["--max-input-bytes", "2000000000"]

PEER_TRESTLE_READ = """import pathlib, sys
from trestle.oscal.catalog import Catalog
from trestle.oscal.mapping import MappingCollection
maps = 0
for name in sys.argv[1:]:
    if name.endswith('.mapping.oscal.json'):
        collection = MappingCollection.oscal_read(pathlib.Path(name))
        maps += sum(len(m.maps) for m in collection.mappings)
    else:
        Catalog.oscal_read(pathlib.Path(name))
print(maps)
"""
PEER_DOCX = """import sys, docx
document = docx.Document(sys.argv[1])
chars = sum(len(p.text) for p in document.paragraphs)
for table in document.tables:
    for row in table.rows:
        for cell in row.cells:
            chars += len(cell.text)
print(chars)
"""
# The cells are read from totsugo's workbook before the clock starts; the peer only writes them.
PEER_XLSX_WRITE = """import json, sys, openpyxl
rows = json.load(open(sys.argv[1], encoding='utf-8'))
book = openpyxl.Workbook(write_only=True)
sheet = book.create_sheet('レビュー')
for row in rows:
    sheet.append(row)
book.save(sys.argv[2])
"""
PEER_XLSX_READ = """import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
cells = 0
for sheet in book.worksheets:
    for row in sheet.iter_rows(values_only=True):
        cells += sum(1 for v in row if v is not None)
print(cells)
"""


def run(ctx, n, timed_cpu, python, runs):
    """Returns the section's rows: dicts with label, size, totsugo (wall, cpu, rss), peer and
    peer figures (or None)."""
    totsugo = ctx["totsugo"]
    base = os.path.join(ctx["bench_dir"], str(n))
    txt = os.path.join(base, "txt")
    folder = os.path.join(ctx["bench_dir"], f"exchange-{n}")
    os.makedirs(folder, exist_ok=True)
    rows = []
    workspace_bytes = sum(os.path.getsize(os.path.join(d, f)) for d in (txt + "/Catalogs", txt + "/Mappings")
                          for f in os.listdir(d))
    trestle = TRESTLE_PYTHON if os.path.exists(TRESTLE_PYTHON) else None

    # OSCAL out: totsugo export oscal against trestle csv-to-oscal-mc.
    export = os.path.join(folder, "oscal")
    shutil.rmtree(export, ignore_errors=True)
    ours = timed_cpu([totsugo, "export", "oscal", "--catalogs", txt + "/Catalogs", "--mappings", txt + "/Mappings",
                      "--out", export, "--date", DATE], runs)
    peer = None
    if trestle:
        root = os.path.join(folder, "trestle")
        config = oscal_bench.trestle_workspace(trestle, export, root)
        trestle_bin = os.path.join(os.path.dirname(trestle), "trestle")
        peer = timed_cpu([trestle_bin, "task", "csv-to-oscal-mc", "-c", config], 1, cwd=root)
    maps = oscal_bench.count_maps(os.path.join(export, "bench.mapping.oscal.json"))
    rows.append({"label": "export oscal (3 catalogs + mapping collection, JSON)", "size": f"{maps:,} maps",
                 "input": workspace_bytes, "totsugo": ours, "peer": "trestle task csv-to-oscal-mc (the collection only)", "figures": peer})

    # OSCAL in: strict reading of the same files against trestle's models.
    files = sorted(os.path.join(export, f) for f in os.listdir(export) if f.endswith(".json"))
    size = sum(os.path.getsize(f) for f in files)
    ours = timed_cpu([totsugo, "validate"] + files + OSCAL_LIMITS, runs)
    peer = timed_cpu([trestle, "-c", PEER_TRESTLE_READ] + files, 1) if trestle else None
    rows.append({"label": "validate the exported OSCAL files (read strictly, every id-ref resolved)",
                 "size": f"{size / 1e6:.0f} MB", "input": size, "totsugo": ours, "peer": "trestle models, oscal_read", "figures": peer})

    # A regulation document (.docx) imported as a catalog.
    paragraphs = int(os.environ.get("BENCH_DOCX_PARAGRAPHS", "100000"))
    docx = os.path.join(folder, f"regulation-{paragraphs}.docx")
    if not os.path.exists(docx):
        subprocess.run([python, os.path.join(ROOT, "Tests", "Fixtures", "docx", "make_fixtures.py"), "--large",
                        str(paragraphs), docx], check=True, capture_output=True)
    ours = timed_cpu([totsugo, "import", "catalog", docx, "--id", "bench-regulation", "--title", "ベンチ規程",
                      "--publisher", "ベンチ", "--version", "1", "--out", os.path.join(folder, "regulation.txt"),
                      "--date", DATE], runs)
    peer = timed_cpu([python, "-c", PEER_DOCX, docx], runs)
    import zipfile
    with zipfile.ZipFile(docx) as z:
        body = z.getinfo("word/document.xml").file_size
    rows.append({"label": "import catalog of a regulation .docx", "size": f"{paragraphs:,} paragraphs "
                 f"(document.xml {body / 1e6:.1f} MB)", "input": body, "totsugo": ours, "peer": "python-docx, every paragraph and cell",
                 "figures": peer})

    # The review workbook out and back.
    review = os.path.join(folder, "bench.review.xlsx")
    ours = timed_cpu([totsugo, "review", "export", txt + "/Mappings/bench.yaml", "--catalogs", txt + "/Catalogs",
                      "--out", review, "--suggestions", "0"], runs)
    cells = os.path.join(folder, "review-cells.json")
    subprocess.run([python, "-c", "import json, sys, openpyxl\n"
                    "b = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
                    "json.dump([list(r) for r in b['レビュー'].iter_rows(values_only=True)], open(sys.argv[2], 'w'))",
                    review, cells], check=True)
    n_rows = len(json.load(open(cells, encoding="utf-8")))
    peer = timed_cpu([python, "-c", PEER_XLSX_WRITE, cells, os.path.join(folder, "peer.xlsx")], runs)
    rows.append({"label": "review export (no suggestions)", "size": f"{n_rows:,} rows", "input": workspace_bytes,
                 "totsugo": ours, "peer": "openpyxl write-only, the same cells", "figures": peer})
    ours = timed_cpu([totsugo, "review", "import", review, "--mapping", txt + "/Mappings/bench.yaml", "--catalogs",
                      txt + "/Catalogs", "--out", os.path.join(folder, "bench.reviewed.yaml")], runs)
    peer = timed_cpu([python, "-c", PEER_XLSX_READ, review], runs)
    rows.append({"label": "review import (unedited)", "size": f"{n_rows:,} rows", "input": workspace_bytes + os.path.getsize(review),
                 "totsugo": ours, "peer": "openpyxl read-only, every cell", "figures": peer})
    return rows


def run_regulation(ctx, timed_cpu, python, runs):
    """`regulation` on synthetic bases of 1k and 10k provisions (generate_regulation.py), each
    format alone. Rows: (provisions, input bytes, {format: (wall, cpu, rss)})."""
    generator = os.path.join(HERE, "generate_regulation.py")
    if not os.path.exists(generator):
        return []
    out = []
    for provisions in (1000, 10000):
        folder = os.path.join(ctx["bench_dir"], f"regulation-{provisions}")
        if not os.path.exists(os.path.join(folder, "regulation.args")):
            subprocess.run([python, generator, folder, str(provisions)], check=True, capture_output=True)
        args = [l.strip() for l in open(os.path.join(folder, "regulation.args"), encoding="utf-8") if l.strip()]
        size = sum(os.path.getsize(os.path.join(d, f)) for d in (folder + "/Catalogs", folder + "/Mappings")
                   for f in os.listdir(d))
        figures = {}
        for fmt in ("docx", "md", "html"):
            target = os.path.join(folder, "out-" + fmt)
            shutil.rmtree(target, ignore_errors=True)
            figures[fmt] = timed_cpu([ctx["totsugo"], "regulation", "--catalogs", folder + "/Catalogs", "--mappings",
                                      folder + "/Mappings", "--out", target, "--format", fmt, "--date", DATE] + args, runs)
        out.append((provisions, size, figures))
    return out


def section(rows, regulation, date, load, n):
    out = []
    w = out.append
    w("## Importers and exporters against their peers (issue 19)\n")
    w(f"Measured {date} by `make bench` (Benchmarks/bench_exchange.py) on the {n // 1000}k workspace (txt catalogs). Each "
      "figure is the run with the least CPU time; CPU is user + system. A peer does only what its row says, "
      "usually less than totsugo (which checks every id and writes its own files); trestle rows are one run.\n")
    w("Input is what totsugo reads (catalogs and mapping; the OSCAL files; the .docx's document.xml "
      "uncompressed; for review import also the workbook), against the target peak RSS ≤ 5× input.\n")
    w("| what | size | totsugo wall | CPU | peak RSS | RSS ÷ input | peer | peer wall | CPU | peak RSS | peer ÷ totsugo, wall | CPU |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        tw, tc, tr = r["totsugo"]
        if r["figures"]:
            pw, pc, pr = r["figures"]
            peer = f"{pw:.2f} s | {pc:.2f} s | {pr / 1024:.0f} MiB | {pw / tw:.1f}× | {pc / tc:.1f}×"
        else:
            peer = "not installed | — | — | — | —"
        ratio = f"{tr * 1024 / r['input']:.1f}×" if r.get("input") else "—"
        w(f"| {r['label']} | {r['size']} | {tw:.2f} s | {tc:.2f} s | {tr / 1024:.0f} MiB | {ratio} | {r['peer']} | {peer} |")
    if regulation:
        w("\n`regulation` on a synthetic base (Benchmarks/generate_regulation.py: chapters and sections with "
          "paragraphs, lists, tables and placeholders; an industry catalog of a tenth as many items mapped onto it), "
          "each format alone:\n")
        w("| provisions | input | docx | RSS (÷ input) | md | RSS (÷ input) | html | RSS (÷ input) |")
        w("|---|---|---|---|---|---|---|---|")
        for provisions, size, f in regulation:
            cells = " | ".join(f"{f[k][0]:.2f} s | {f[k][2] / 1024:.0f} MiB ({f[k][2] * 1024 / size:.0f}×)" for k in ("docx", "md", "html"))
            w(f"| {provisions:,} | {size / 1e6:.1f} MB | {cells} |")
        if len(regulation) == 2:
            (_, _, a), (_, _, b) = regulation
            w("\n10× provisions → " + ", ".join(f"{k} {b[k][0] / a[k][0]:.1f}× time" for k in ("docx", "md", "html")) +
              " (target ≤ 12×).")
    w(f"\nLoad average (1/5/15 min) after this part: {' / '.join(f'{x:.2f}' for x in load)}.")
    return out
