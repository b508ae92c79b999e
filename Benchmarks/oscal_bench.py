#!/usr/bin/env python3
"""OSCAL export benchmark (issue 18): `totsugo export oscal` on the synthetic bench workspace
against compliance-trestle's `csv-to-oscal-mc` task making a mapping collection of the same
links.

usage: oscal_bench.py TOTSUGO WORKSPACE OUT [TRESTLE_PYTHON]

WORKSPACE is a generated bench folder with Catalogs/ and Mappings/ (Benchmarks/generate.py,
e.g. /tmp/totsugo-bench/100000/txt). OUT receives the exports, the trestle workspace and its
CSV. TRESTLE_PYTHON is a python with compliance-trestle installed (a venv: `python3 -m venv
V && V/bin/pip install compliance-trestle==5.2.0`); without it only totsugo is timed.

Both are given the same links: the CSV has one row per map of the collection totsugo wrote
(source control, target control, relationship) and the catalogs totsugo wrote as the
resources trestle checks the ids against. Each run is timed by /usr/bin/time -v (wall, max RSS).
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys


def timed(command, cwd=None):
    result = subprocess.run(["/usr/bin/time", "-v"] + command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", result.stderr).group(1)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    parts = [float(p) for p in wall.split(":")]
    seconds = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) > 2 else 0)
    return seconds, rss


def main():
    totsugo, workspace, out = sys.argv[1:4]
    trestle_python = sys.argv[4] if len(sys.argv) > 4 else None
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    export = os.path.join(out, "export")
    seconds, rss = timed([totsugo, "export", "oscal", "--catalogs", os.path.join(workspace, "Catalogs"),
                          "--mappings", os.path.join(workspace, "Mappings"), "--out", export, "--date", "2026-11-30"])
    maps = count_maps(os.path.join(export, "bench.mapping.oscal.json"))
    print(f"totsugo export oscal: {seconds:.2f} s wall, {rss / 1024:.0f} MiB max RSS, {maps} maps")
    if not trestle_python:
        return
    root = os.path.join(out, "trestle")
    config = trestle_workspace(trestle_python, export, root)
    trestle = os.path.join(os.path.dirname(trestle_python), "trestle")
    seconds_t, rss_t = timed([trestle, "task", "csv-to-oscal-mc", "-c", config], cwd=root)
    written = json.load(open(os.path.join(root, "out", "mapping-collection.json"), encoding="utf-8"))["mapping-collection"]
    maps_t = sum(len(m["maps"]) for m in written["mappings"])
    print(f"trestle csv-to-oscal-mc: {seconds_t:.2f} s wall, {rss_t / 1024:.0f} MiB max RSS, {maps_t} maps")
    print(f"ratio: {seconds_t / seconds:.1f}x")


def count_maps(path):
    collection = json.load(open(path, encoding="utf-8"))["mapping-collection"]
    return sum(len(m["maps"]) for m in collection["mappings"])


def trestle_workspace(trestle_python, export, root):
    """A trestle workspace at ROOT with links.csv (one row per map of the collection totsugo
    wrote into EXPORT) and the task's config; returns the config's name (run it from ROOT)."""
    trestle = os.path.join(os.path.dirname(trestle_python), "trestle")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    subprocess.run([trestle, "init"], cwd=root, check=True, capture_output=True)
    collection = json.load(open(os.path.join(export, "bench.mapping.oscal.json"), encoding="utf-8"))["mapping-collection"]
    resources = {r["uuid"]: r["rlinks"][0]["href"] for r in collection["back-matter"]["resources"]}
    with open(os.path.join(root, "links.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["$$Source_Resource", "$$Target_Resource", "$$Map_Source_Id_Ref_List", "$$Map_Target_Id_Ref_List", "$$Map_Relationship"])
        writer.writerow(["source catalog", "target catalog", "source ids", "target ids", "relationship"])
        for mapping in collection["mappings"]:
            source = os.path.join(export, resources[mapping["source-resource"]["href"][1:]])
            target = os.path.join(export, resources[mapping["target-resource"]["href"][1:]])
            for m in mapping["maps"]:
                writer.writerow([source, target, m["sources"][0]["id-ref"], m["targets"][0]["id-ref"], m["relationship"]])
    with open(os.path.join(root, "config.ini"), "w") as f:
        f.write("[task.csv-to-oscal-mc]\ntitle = bench\nversion = 1\ncsv-file = links.csv\noutput-dir = out\n")
    return "config.ini"


if __name__ == "__main__":
    main()
