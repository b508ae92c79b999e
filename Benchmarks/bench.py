#!/usr/bin/env python3
"""`make bench`: generate synthetic workspaces, time `totsugo build` against xmllint (the ingest
floor) and the Python analyst baseline, the default build (every format) and each format alone
up to 100k with the HTML report probed in headless Chromium (html_probe.py), and write
BENCHMARKS.md.

Environment (all optional):
  TOTSUGO          path of the release binary (default: .build/release/totsugo)
  BENCH_DIR        where inputs and outputs go (default: /tmp/totsugo-bench; never committed)
  BENCH_SIZES      item counts (default: "1000 10000 100000 1000000")
  BENCH_RUNS       timed runs per command, best kept (default: 3; above 100k, 2 for build xml
                   and 1 for the rest)
  BENCH_PYTHON_MAX largest size the Python baseline runs at (default: 100000)
  BENCH_OUT        report path (default: BENCHMARKS.md)
  BENCH_IMPORT_ROWS rows of the import tables (default: 100000; "" leaves the import part out)
  BENCH_EXCHANGE_SIZE workspace size of the exchange part (default: 100000; "" leaves it out):
                   the importers and exporters against their peers and `regulation` on
                   1k/10k provisions (bench_exchange.py)
  BENCH_EXCHANGE_ONLY =1: only the exchange part (its section replaced, the rest kept)
  BENCH_IMPORT_ONLY =1: only the import part (its section of BENCHMARKS.md is replaced, the
                   rest kept from the last full run)

Wall time and peak RSS come from GNU time (`/usr/bin/time -v`); hyperfine adds mean ± σ for
the sizes up to 10k. The import part (issue 15) times `totsugo import catalog` on a check-sheet
xlsx (as openpyxl writes it, and resaved by LibreOffice when soffice exists) and a CP932 CSV
against Python reading every cell of the same file (openpyxl's read-only reader, the csv
module). The numbers are noisy when something else runs on the machine: the load
average before and after is recorded in the report.
"""
import datetime
import glob
import json
import os
import platform
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.dirname(os.path.abspath(__file__))
TOTSUGO = os.environ.get("TOTSUGO", os.path.join(ROOT, ".build/release/totsugo"))
BENCH_DIR = os.environ.get("BENCH_DIR", "/tmp/totsugo-bench")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000 10000 100000 1000000").split()]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PYTHON_MAX = int(os.environ.get("BENCH_PYTHON_MAX", "100000"))
REPORT = os.environ.get("BENCH_OUT", os.path.join(ROOT, "BENCHMARKS.md"))
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
# Limits raised for the inputs that exceed the defaults (the 1M workspace); see README "Limits".
BIG_LIMITS = ["--max-input-bytes", "2000000000", "--max-items", "10000000", "--max-yaml-nodes", "100000000"]


def sh(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def timed(cmd, runs):
    """Best wall time (s) and the peak RSS (KiB) of that run, via GNU time -v."""
    best = None
    for _ in range(runs):
        result = sh(["/usr/bin/time", "-v"] + cmd)
        if result.returncode != 0:
            raise SystemExit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr[-3000:]}")
        wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr).group(1)
        seconds = 0.0
        for part in wall.split(":"):
            seconds = seconds * 60 + float(part)
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
        if best is None or seconds < best[0]:
            best = (seconds, rss)
    return best


def traced_part(cmd, runs, start, end):
    """Shortest time (s) between two phases of a run, from TOTSUGO_TRACE=1's lines on stderr
    (`trace: bench: table and coverage 0.22 s`)."""
    best = None
    for _ in range(runs):
        result = sh(cmd, env=dict(os.environ, TOTSUGO_TRACE="1"))
        if result.returncode != 0:
            raise SystemExit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr[-3000:]}")
        marks = dict(re.findall(r"^trace: (.+) (\d+\.\d+) s$", result.stderr, re.M))
        part = float(marks[end]) - float(marks[start])
        best = part if best is None else min(best, part)
    return best


def timed_cpu(cmd, runs, cwd=None):
    """(wall s, CPU s = user + system, peak RSS KiB) of the run with the least CPU time, via GNU
    time -v: on a shared machine CPU time moves less than wall time."""
    best = None
    for _ in range(runs):
        result = sh(["/usr/bin/time", "-v"] + cmd, cwd=cwd)
        if result.returncode != 0:
            raise SystemExit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr[-3000:]}")
        wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr).group(1)
        seconds = 0.0
        for part in wall.split(":"):
            seconds = seconds * 60 + float(part)
        cpu = sum(float(re.search(rf"{kind} time \(seconds\): (\S+)", result.stderr).group(1)) for kind in ("User", "System"))
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
        if best is None or cpu < best[1]:
            best = (seconds, cpu, rss)
    return best


def hyperfine(cmds, name):
    path = os.path.join(BENCH_DIR, f"hyperfine-{name}.json")
    args = ["hyperfine", "--warmup", "1", "--runs", "5", "-N", "--export-json", path]
    result = sh(args + [" ".join(c) for c in cmds])
    if result.returncode != 0:
        return None
    with open(path) as f:
        return [(r["mean"], r["stddev"]) for r in json.load(f)["results"]]


XSD = os.path.join(ROOT, "Catalogs", "schema", "catalog.xsd")


def deflate_floor(xlsx):
    """Seconds zlib (C, level 6, as ZIPFoundation uses) takes to deflate and CRC the workbook's
    parts, uncompressed bytes of those parts: a floor for writing the xlsx at all."""
    import time
    import zipfile
    import zlib
    with zipfile.ZipFile(xlsx) as z:
        parts = [z.read(name) for name in z.namelist()]
    best = None
    for _ in range(2):
        start = time.perf_counter()
        for data in parts:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            c.compress(data)
            c.flush()
            zlib.crc32(data)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, sum(len(p) for p in parts)


def workspace_current(n):
    """The workspace of size n exists and was made by the generator as it is now (an older one
    is made again: its mapping may hold what the reader refuses today)."""
    import generate  # beside this script, on sys.path when it runs
    return os.path.exists(os.path.join(BENCH_DIR, str(n), "txt", "Mappings", "bench.yaml")) and generate.is_current(BENCH_DIR, n)


def input_bytes(workspace, pattern="*"):
    return sum(os.path.getsize(p) for p in glob.glob(os.path.join(workspace, "*", pattern)))


IMPORT_ROWS = os.environ.get("BENCH_IMPORT_ROWS", "100000").strip()
IMPORT_RESULTS = os.path.join(BENCH_DIR, "import-results.json")
EXCHANGE_SIZE = os.environ.get("BENCH_EXCHANGE_SIZE", "100000").strip()
EXCHANGE_RESULTS = os.path.join(BENCH_DIR, "exchange-results.json")
EXCHANGE_MARKER = "## Importers and exporters against their peers"
# What the peers do: read every cell of the same file, and nothing else (counting non-empty ones
# so that no reading is optimised away).
PEER_XLSX = """import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
cells = 0
for row in book[sys.argv[2]].iter_rows(values_only=True):
    for value in row:
        if value is not None:
            cells += 1
print(cells)
"""
PEER_CSV = """import csv, sys
cells = 0
with open(sys.argv[1], encoding="cp932", newline="") as f:
    for row in csv.reader(f):
        for value in row:
            if value:
                cells += 1
print(cells)
"""


def soffice_resave(xlsx, folder):
    """The workbook saved again by LibreOffice (shared strings, its own part layout), or None
    when soffice is not installed."""
    if not shutil.which("soffice"):
        return None
    target = os.path.join(folder, "lo", os.path.basename(xlsx))
    if not os.path.exists(target):
        sh(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/lo-profile",
            "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", os.path.join(folder, "lo"), xlsx], check=True)
    return target


def sheet_part_bytes(xlsx):
    import zipfile
    with zipfile.ZipFile(xlsx) as z:
        return sum(i.file_size for i in z.infolist() if i.filename.startswith("xl/worksheets/") or
                   i.filename == "xl/sharedStrings.xml")


def run_import(runs):
    """`totsugo import catalog` against the Python peer on each table; returns the rows of the
    report's import section."""
    n = int(IMPORT_ROWS)
    folder = os.path.join(BENCH_DIR, f"import-{n}")
    if not os.path.exists(os.path.join(folder, "csv.recipe.yaml")):
        sh([PYTHON, os.path.join(HERE, "generate_import.py"), BENCH_DIR, str(n)], check=True)
    xlsx = os.path.join(folder, "checksheet.xlsx")
    tables = [("xlsx (openpyxl, inline strings)", xlsx, "checksheet.recipe.yaml", PEER_XLSX, "openpyxl read-only iter_rows")]
    resaved = soffice_resave(xlsx, folder)
    if resaved:
        tables.append(("xlsx (LibreOffice, shared strings)", resaved, "checksheet.recipe.yaml", PEER_XLSX,
                       "openpyxl read-only iter_rows"))
    tables.append(("csv (CP932, CRLF)", os.path.join(folder, "checksheet.csv"), "csv.recipe.yaml", PEER_CSV,
                   "csv module, cp932"))
    out = []
    for label, path, recipe, peer, peer_name in tables:
        catalog = os.path.join(folder, "out-" + label.split()[0] + ("-lo" if path == resaved else "") + ".txt")
        totsugo = timed_cpu([TOTSUGO, "import", "catalog", path, "--recipe", os.path.join(folder, recipe),
                             "--out", catalog, "--date", "2026-11-30"], runs)
        python = timed_cpu([PYTHON, "-c", peer, path, "チェックシート"], runs)
        row = {"label": label, "rows": n, "bytes": os.path.getsize(path), "peer": peer_name,
               "totsugo": totsugo, "python": python}
        if path.endswith(".xlsx"):
            row["parts"] = sheet_part_bytes(path)
        out.append(row)
        print(f"import {label}: {row}", flush=True)
    return out


def import_section(imports, date):
    out = []
    w = out.append
    w("## Import: `totsugo import catalog` (issue 15)\n")
    w(f"Measured {date}. Tables from Benchmarks/generate_import.py (fixed seed): a check sheet of "
      f"{imports[0]['rows']:,} rows (No., 大項目, 中項目, 要求事項, 説明 of 40–170 characters, レベル), written by "
      "openpyxl in write-only mode, the same workbook saved again by LibreOffice, and the same rows as "
      "a CP932 CSV. totsugo reads the table with a recipe (hierarchy columns with heading items, levels), "
      "builds the catalog, reads its text back with the catalog parser and writes it; the peer only reads "
      "every cell of the same file. Each figure is the run with the least CPU time of "
      f"{imports[0].get('runs', 3)}; CPU is user + system (GNU time).\n")
    w("| table | file | sheet parts (uncompressed) | totsugo wall | CPU | peak RSS | peer | peer wall | CPU | peak RSS | "
      "peer ÷ totsugo, wall (≥ 10×) | CPU |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in imports:
        (tw, tc, tr), (pw, pc, pr) = r["totsugo"], r["python"]
        parts = f"{r['parts'] / 1e6:.1f} MB" if r.get("parts") else "—"
        w(f"| {r['label']} | {r['bytes'] / 1e6:.1f} MB | {parts} | {tw:.2f} s | {tc:.2f} s | {tr / 1024:.0f} MiB | "
          f"{r['peer']} | {pw:.2f} s | {pc:.2f} s | {pr / 1024:.0f} MiB | {pw / tw:.1f}× | {pc / tc:.1f}× |")
    return out


def edited_catalog(path, out):
    """A second edition of a structured-text catalog: every 50th heading reworded, every 97th
    item (with its lines) dropped. Written once; the same file on every run."""
    if os.path.exists(out):
        return out
    lines = open(path, encoding="utf-8").read().split("\n")
    result, items, skipping = [], 0, False
    for line in lines:
        if line.startswith("## "):
            items += 1
            skipping = items % 97 == 0
            if not skipping and items % 50 == 0:
                line = line + "（改訂）"
        elif line.startswith("# "):
            skipping = False
        if not skipping:
            result.append(line)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(result))
    return out


def formats():
    help_text = sh([TOTSUGO, "build", "--help"]).stdout
    return "csv,md,xlsx" if "xlsx" in help_text else "csv,md"


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
    swift = sh(["swift", "--version"]).stdout.strip().splitlines()[0] if shutil.which("swift") else "?"
    xmllint = sh(["xmllint", "--version"]).stderr.splitlines()[0]
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": f"{int(mem) // 1024 // 1024} GiB",
            "kernel": platform.release(), "swift": swift, "xmllint": xmllint,
            "python": sh([PYTHON, "--version"]).stdout.strip()}


def main():
    results = os.path.join(BENCH_DIR, "results.json")
    if os.environ.get("BENCH_REPORT_ONLY"):  # rewrite BENCHMARKS.md from the last run's numbers
        with open(results) as f:
            saved = json.load(f)
        write_report(saved["rows"], saved["format"], saved["machine"], saved["load_before"], saved["load_after"],
                     saved["date"])
        return
    if not os.path.exists(TOTSUGO):
        raise SystemExit(f"{TOTSUGO} not found; build it first (swift build -c release)")
    if os.environ.get("BENCH_IMPORT_ONLY"):
        os.makedirs(BENCH_DIR, exist_ok=True)
        save_imports(run_import(RUNS))
        splice_section("## Import: `totsugo import catalog`", load_import_section())
        return
    if os.environ.get("BENCH_EXCHANGE_ONLY"):
        os.makedirs(BENCH_DIR, exist_ok=True)
        run_exchange(RUNS)
        splice_section(EXCHANGE_MARKER, load_exchange_section())
        return
    fmt = formats()
    load_before = os.getloadavg()
    facts = machine()
    rows = []
    for n in SIZES:
        base = os.path.join(BENCH_DIR, str(n))
        if not workspace_current(n):
            sh([PYTHON, os.path.join(HERE, "generate.py"), BENCH_DIR, str(n)], check=True)
        runs = RUNS if n <= 100_000 else 1
        xml_ws, txt_ws = os.path.join(base, "xml"), os.path.join(base, "txt")
        limits = BIG_LIMITS if n > 100_000 else []
        row = {"n": n, "bytes_xml": input_bytes(xml_ws), "bytes_txt": input_bytes(txt_ws),
               "bytes_catalog_xml": input_bytes(xml_ws, "*.xml")}
        build = lambda ws, f: [TOTSUGO, "build", "--catalogs", ws + "/Catalogs", "--mappings", ws + "/Mappings",
                               "--out", os.path.join(base, "out-" + os.path.basename(ws)), "--format", f] + limits
        # The scaling target is read off this one: two runs even at 1M, where one long run on a
        # shared machine can land in a slow spell (xmllint and the deflate floor show it).
        row["xml"] = timed(build(xml_ws, fmt), max(runs, 2))
        big = n > 100_000
        row["xml_csv"] = None if big else timed(build(xml_ws, "csv"), runs)
        row["txt"] = timed(build(txt_ws, fmt), runs)
        xml_files = sorted(glob.glob(os.path.join(xml_ws, "Catalogs", "*.xml")))
        row["xmllint"] = timed(["xmllint", "--noout", "--stream", "--huge"] + xml_files, runs)
        # What totsugo does to the XML is more than that: it validates against the XSD too.
        row["xmllint_schema"] = timed(["xmllint", "--noout", "--stream", "--huge", "--schema", XSD] + xml_files, runs)
        row["deflate"] = deflate_floor(os.path.join(base, "out-xml", "bench.xlsx"))
        row["validate"] = None if big else timed([TOTSUGO, "validate", xml_ws + "/Catalogs", xml_ws + "/Mappings"] + limits, runs)
        if n <= PYTHON_MAX:
            row["python"] = timed([PYTHON, os.path.join(HERE, "baseline.py"), xml_ws, os.path.join(base, "out-python")], 1)
            row["python_csv"] = timed([PYTHON, os.path.join(HERE, "baseline.py"), xml_ws,
                                       os.path.join(base, "out-python-csv"), "--no-xlsx"], 1)
            # The script writes csv and xlsx: the same formats from totsugo, for the ratio.
            row["xml_csv_xlsx"] = timed(build(xml_ws, "csv,xlsx"), runs)
        if n <= 100_000:
            # Issue 19: what users run. The default build (no --format: every format), each
            # format alone, and how soon the HTML report is usable in headless Chromium.
            out_default = os.path.join(base, "out-default")
            row["default"] = timed([TOTSUGO, "build", "--catalogs", xml_ws + "/Catalogs", "--mappings", xml_ws + "/Mappings",
                                    "--out", out_default], runs)
            row["alone"] = {f: timed(build(xml_ws, f), runs) for f in ("csv", "md", "xlsx", "html")}
            # The build's HTML part alone: from the 突合表 and coverage made to the report written.
            row["html_part"] = traced_part(build(xml_ws, "html"), runs, "bench: table and coverage", "bench.html")
            # check (the CI gate: validate, then coverage of every mapping) and diff of two
            # editions of the industry catalog (a copy with every 50th heading reworded and
            # every 97th item dropped), with the mapping's stale entries.
            row["check"] = timed([TOTSUGO, "check", "--catalogs", xml_ws + "/Catalogs", "--mappings", xml_ws + "/Mappings",
                                  "--config", os.path.join(ROOT, "Tests", "Fixtures", "check", "no-thresholds.yaml"), "--format", "json", "--out", os.path.join(base, "check.json")], runs)
            new_edition = edited_catalog(os.path.join(txt_ws, "Catalogs", "industry.txt"), os.path.join(base, "industry-new.txt"))
            row["bytes_diff"] = (os.path.getsize(os.path.join(txt_ws, "Catalogs", "industry.txt")) + os.path.getsize(new_edition)
                                 + input_bytes(txt_ws, "*.yaml"))
            row["diff"] = timed([TOTSUGO, "diff", os.path.join(txt_ws, "Catalogs", "industry.txt"), new_edition,
                                 "--mappings", txt_ws + "/Mappings", "--format", "json", "--out", os.path.join(base, "diff.json")], runs)
            report = os.path.join(out_default, "bench.html")
            row["html_bytes"] = os.path.getsize(report)
            if shutil.which("chromium") or shutil.which("chromium-browser"):
                probe = sh([PYTHON, os.path.join(HERE, "html_probe.py"), "--json", "--timeout", "60", report])
                row["html_probe"] = json.loads(probe.stdout)[0] if probe.stdout.strip() else None
        if n <= 10_000:
            row["hyperfine"] = hyperfine([build(xml_ws, fmt), ["xmllint", "--noout", "--stream"] + xml_files], str(n))
        rows.append(row)
        print(f"{n}: {row}", flush=True)
        with open(results, "w") as f:
            json.dump({"rows": rows, "format": fmt, "machine": facts, "load_before": load_before,
                       "load_after": os.getloadavg(), "date": datetime.date.today().isoformat()}, f)
    if IMPORT_ROWS:
        save_imports(run_import(RUNS))
    if EXCHANGE_SIZE:
        run_exchange(RUNS)
    write_report(rows, fmt, facts, load_before, os.getloadavg(), datetime.date.today().isoformat())


def save_imports(imports):
    with open(IMPORT_RESULTS, "w") as f:
        json.dump({"imports": imports, "runs": RUNS, "date": datetime.date.today().isoformat(),
                   "load": os.getloadavg()}, f)


def load_import_section():
    if not IMPORT_ROWS or not os.path.exists(IMPORT_RESULTS):
        return []
    with open(IMPORT_RESULTS) as f:
        saved = json.load(f)
    for r in saved["imports"]:
        r["runs"] = saved["runs"]
    lines = import_section(saved["imports"], saved["date"])
    lines.append(f"\nLoad average (1/5/15 min) after the import part: {' / '.join(f'{x:.2f}' for x in saved['load'])}.")
    return lines


def run_exchange(runs):
    import bench_exchange
    n = int(EXCHANGE_SIZE)
    if not workspace_current(n):
        sh([PYTHON, os.path.join(HERE, "generate.py"), BENCH_DIR, str(n)], check=True)
    ctx = {"totsugo": TOTSUGO, "bench_dir": BENCH_DIR}
    rows = bench_exchange.run(ctx, n, timed_cpu, PYTHON, runs)
    regulation = bench_exchange.run_regulation(ctx, timed_cpu, PYTHON, runs)
    with open(EXCHANGE_RESULTS, "w") as f:
        json.dump({"rows": rows, "regulation": regulation, "n": n, "date": datetime.date.today().isoformat(),
                   "load": os.getloadavg()}, f)


def load_exchange_section():
    if not EXCHANGE_SIZE or not os.path.exists(EXCHANGE_RESULTS):
        return []
    import bench_exchange
    with open(EXCHANGE_RESULTS) as f:
        saved = json.load(f)
    return bench_exchange.section(saved["rows"], saved["regulation"], saved["date"], saved["load"], saved.get("n", 100000))


def splice_section(marker, lines):
    """BENCH_IMPORT_ONLY / BENCH_EXCHANGE_ONLY: the report keeps the last full run's sections; the
    section starting with MARKER is put (or replaced) before the notes, and the notes are brought
    up to date."""
    old = open(REPORT, encoding="utf-8").read() if os.path.exists(REPORT) else "# Benchmarks\n"
    notes_path = os.path.join(HERE, "NOTES.md")
    notes = open(notes_path, encoding="utf-8").read().rstrip() if os.path.exists(notes_path) else ""
    head = old
    first_note = notes.splitlines()[0] if notes else None
    if first_note and ("\n" + first_note + "\n") in head:
        head = head[:head.index("\n" + first_note + "\n") + 1]
    if marker in head:
        start = head.index(marker)
        following = head.find("\n## ", start + 1)
        head = head[:start] + (head[following + 1:] if following >= 0 else "")
    out = [head.rstrip(), ""] + lines + ([""] + [notes] if notes else [])
    with open(REPORT, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {REPORT}")


def write_report(rows, fmt, facts, load_before, load_after, date):
    def s(x):
        return f"{x:.2f}" if x >= 0.1 else f"{x:.3f}"

    def mb(b):
        return f"{b / 1e6:.1f} MB"

    out = []
    w = out.append
    w("# Benchmarks\n")
    w(f"Measured {date} by `make bench` (Benchmarks/bench.py). Inputs come from "
      "Benchmarks/generate.py (fixed seed): a source catalog of N items (章 / 項目, Japanese text), two "
      "target catalogs of N/10 items each, one mapping with about 90 % of the source leaves reviewed and "
      "~3 links per reviewed item. `xml` = catalogs as XML (XSD-validated), `txt` = the same catalogs as "
      "structured text; the mapping YAML is the same file in both.\n")
    w("## Machine\n")
    for key in ["cpu", "cores", "memory", "kernel", "swift", "xmllint", "python"]:
        w(f"- {key}: {facts[key]}")
    w(f"- load average (1/5/15 min) before: {' / '.join(f'{x:.2f}' for x in load_before)}, "
      f"after: {' / '.join(f'{x:.2f}' for x in load_after)}")
    w("\nWall times are the best of the runs (3 up to 100k; above, 2 for build xml and 1 otherwise) and vary by ±10–30 % between runs on "
      "this shared 2-core machine (compare the load averages). Instruction counts (callgrind, below) are "
      "what the fixes were judged by.\n")
    w(f"## End to end: `totsugo build --format {fmt}`\n")
    w("| items | refs≈ | input (xml ws) | build xml | build xml (csv only) | build txt | validate xml | "
      "xmllint --stream | python (csv+xlsx) | python (csv) | peak RSS xml | RSS / input |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        py = r.get("python")
        pyc = r.get("python_csv")
        w(f"| {r['n']:,} | {int(r['n'] * 0.95 * 0.855 * 3):,} | {mb(r['bytes_xml'])} | {s(r['xml'][0])} s | "
          f"{s(r['xml_csv'][0]) + ' s' if r['xml_csv'] else '—'} | {s(r['txt'][0])} s | "
          f"{s(r['validate'][0]) + ' s' if r['validate'] else '—'} | {s(r['xmllint'][0])} s | "
          f"{s(py[0]) + ' s' if py else '—'} | {s(pyc[0]) + ' s' if pyc else '—'} | "
          f"{r['xml'][1] / 1024:.0f} MiB | {r['xml'][1] * 1024 / r['bytes_xml']:.2f}× |")
    w("\n## Ratios (targets from issue 7)\n")
    w("The script writes csv and xlsx; `python ÷ build, csv+xlsx` compares it with `build --format csv,xlsx` "
      f"(the same formats), and the next column with the `{fmt}` build above.\n")
    w("| items | build xml ÷ xmllint (≤ 2×) | python ÷ build, csv+xlsx (≥ 10×) | python ÷ build " + fmt + " | python ÷ build, csv only | "
      "RSS ÷ input bytes (≤ 5×) | txt RSS ÷ input |")
    w("|---|---|---|---|---|---|---|")
    for r in rows:
        py, pyc = r.get("python"), r.get("python_csv")
        # GNU time has 10 ms resolution: at the small sizes the hyperfine means are used.
        hf_r = r.get("hyperfine")
        build_t, lint_t = (hf_r[0][0], hf_r[1][0]) if hf_r else (r["xml"][0], max(r["xmllint"][0], 0.005))
        same = r.get("xml_csv_xlsx")
        vs_same = f"{py[0] / same[0]:.1f}× ({s(same[0])} s)" if py and same else "—"
        vs_py = f"{py[0] / r['xml'][0]:.1f}×" if py else "—"
        vs_pyc = f"{pyc[0] / r['xml_csv'][0]:.1f}×" if pyc and r["xml_csv"] else "—"
        w(f"| {r['n']:,} | {build_t / lint_t:.1f}× | {vs_same} | {vs_py} | {vs_pyc} | "
          f"{r['xml'][1] * 1024 / r['bytes_xml']:.2f}× | {r['txt'][1] * 1024 / r['bytes_txt']:.2f}× |")
    w("\n## Floors: what the same machine needs for parts of the job alone\n")
    w("`xmllint --stream` only parses the catalogs (the issue's floor); with `--schema` it also validates them "
      "against catalog.xsd, as totsugo does. The deflate floor is zlib (C) compressing and checksumming the "
      "workbook's own parts at level 6, the level ZIPFoundation uses (it has no setting for it): no xlsx "
      "writer can finish faster than that on one core.\n")
    w("| items | xmllint --stream | + --schema | workbook parts (uncompressed) | deflate + CRC floor | build xml | "
      "build ÷ (schema + deflate) |")
    w("|---|---|---|---|---|---|---|")
    for r in rows:
        if "xmllint_schema" not in r:
            continue
        floor = r["xmllint_schema"][0] + r["deflate"][0]
        w(f"| {r['n']:,} | {s(r['xmllint'][0])} s | {s(r['xmllint_schema'][0])} s | {mb(r['deflate'][1])} | "
          f"{s(r['deflate'][0])} s | {s(r['xml'][0])} s | {r['xml'][0] / max(floor, 0.005):.1f}× |")
    users = [r for r in rows if r.get("default")]
    if users:
        w("\n## What users run: the default build and each format alone (issue 19)\n")
        w("`totsugo build` with no `--format` writes csv, md, xlsx and the HTML report. The HTML probe "
          "(Benchmarks/html_probe.py) opens the report of the default build in headless Chromium and times, from "
          "the start of the navigation, the first row of the 突合表 on screen, the report's data read and its first "
          "page rendered (ready), and a search answered (one word typed into the box, 150 ms debounce included).\n")
        w("`html part` is the HTML report's own share of `--format html` (≤ 1 s): from the 突合表 and coverage "
          "made to the report written, read off TOTSUGO_TRACE=1.\n")
        w("| items | default build | RSS | RSS ÷ input (≤ 5×) | ÷ csv,md,xlsx (≤ 1.3×) | csv | md | xlsx | html | html part | html file | first rows | ready | search answered |")
        w("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in users:
            a, p = r["alone"], r.get("html_probe") or {}
            t = lambda v: f"{v:.2f} s" if v is not None else "—"
            w(f"| {r['n']:,} | {s(r['default'][0])} s | {r['default'][1] / 1024:.0f} MiB | {r['default'][1] * 1024 / r['bytes_xml']:.1f}× | "
              f"{r['default'][0] / r['xml'][0]:.2f}× | "
              f"{s(a['csv'][0])} s | {s(a['md'][0])} s | {s(a['xlsx'][0])} s | {s(a['html'][0])} s | "
              f"{t(r.get('html_part'))} | {mb(r['html_bytes'])} | "
              f"{t(p.get('first_rows_s'))} | {t(p.get('ready_s'))} | {t(p.get('search_answered_s'))} |")
    checked = [r for r in rows if r.get("check")]
    if checked:
        w("\n## check and diff (issue 19)\n")
        w("`check` validates every input and reports coverage (json, no thresholds); `diff` compares the industry "
          "catalog with a second edition (every 50th heading reworded, every 97th item dropped) and reports the "
          "mapping's stale entries (json).\n")
        w("| items | check | RSS | RSS ÷ input (≤ 5×) | diff | RSS | RSS ÷ input (≤ 5×) |")
        w("|---|---|---|---|---|---|---|")
        for r in checked:
            diff_input = r.get("bytes_diff") or r["bytes_txt"]
            w(f"| {r['n']:,} | {s(r['check'][0])} s | {r['check'][1] / 1024:.0f} MiB | {r['check'][1] * 1024 / r['bytes_xml']:.1f}× | "
              f"{s(r['diff'][0])} s | {r['diff'][1] / 1024:.0f} MiB | {r['diff'][1] * 1024 / diff_input:.1f}× |")
    w("\n## Scaling (10× items)\n")
    w("Time ratios (target ≤ 12×) of each command between sizes ten times apart; the small size's run is "
      "partly process start, so the ratios from 1k are low.\n")
    w("| from → to | build xml | build txt | peak RSS xml | xmllint | default | csv | md | xlsx | html | check | diff |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for a, b in zip(rows, rows[1:]):
        if b["n"] != a["n"] * 10:
            continue
        def ratio(get):
            try:
                return f"{get(b) / max(get(a), 0.005):.1f}×"
            except (KeyError, TypeError):
                return "—"
        w(f"| {a['n']:,} → {b['n']:,} | {b['xml'][0] / a['xml'][0]:.1f}× | {b['txt'][0] / a['txt'][0]:.1f}× | "
          f"{b['xml'][1] / a['xml'][1]:.1f}× | "
          f"{b['xmllint'][0] / max(a['xmllint'][0], 0.005):.1f}× | {ratio(lambda r: r['default'][0])} | "
          + " | ".join(ratio(lambda r, f=f: r['alone'][f][0]) for f in ("csv", "md", "xlsx", "html")) +
          f" | {ratio(lambda r: r['check'][0])} | {ratio(lambda r: r['diff'][0])} |")
    hf = [r for r in rows if r.get("hyperfine")]
    if hf:
        w("\n## hyperfine (mean ± σ of 5 runs after 1 warm-up)\n")
        w("| items | totsugo build xml | xmllint --stream |")
        w("|---|---|---|")
        for r in hf:
            (bm, bs), (xm, xs) = r["hyperfine"]
            w(f"| {r['n']:,} | {bm * 1000:.1f} ± {bs * 1000:.1f} ms | {xm * 1000:.1f} ± {xs * 1000:.1f} ms |")
    imports = load_import_section()
    if imports:
        w("")
        out.extend(imports)
    exchange = load_exchange_section()
    if exchange:
        w("")
        out.extend(exchange)
    notes_path = os.path.join(HERE, "NOTES.md")
    if os.path.exists(notes_path):
        w("")
        w(open(notes_path, encoding="utf-8").read().rstrip())
    with open(REPORT, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {REPORT}")


if __name__ == "__main__":
    main()
