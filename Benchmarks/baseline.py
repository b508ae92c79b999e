#!/usr/bin/env python3
"""The analyst baseline for `make bench`: what someone would write instead of totsugo.

Reads the XML catalogs (xml.etree.ElementTree) and the mapping (PyYAML, with the libyaml C
loader when present — the fastest a plain script gets), joins every source item with its
target items, and writes the same 突合表 layout as `totsugo build`: a CSV (UTF-8 with BOM,
CRLF) and, unless --no-xlsx, an openpyxl workbook. No validation, no diagnostics.

usage: baseline.py WORKSPACE OUT [--no-xlsx]      (WORKSPACE holds Catalogs/ and Mappings/)
"""
import csv
import glob
import os
import sys
import xml.etree.ElementTree as ET

import yaml

NS = "{urn:totsugo:catalog:1}"


def load_catalog(path):
    root = ET.parse(path).getroot()
    items, order = {}, []
    levels = [e.text for e in root.iter(NS + "level")]

    def visit(element, parent_id, path_labels):
        for item in element.findall(NS + "item"):
            number = item.get("number", "")
            own = number.rstrip(".")
            iid = item.get("id") or (f"{parent_id}/{own}" if parent_id else own)
            heading = item.findtext(NS + "heading", "")
            label = number + heading if number.endswith(".") else f"{number} {heading}".strip()
            labels = path_labels + [label]
            items[iid] = {"text": (item.findtext(NS + "text") or "").strip(), "labels": labels,
                          "level": "/".join(item.get("level", "").split()), "leaf": item.find(NS + "item") is None}
            order.append(iid)
            visit(item, iid, labels)

    visit(root, None, [])
    return {"id": root.get("id"), "short": root.findtext(NS + "short-title"), "levels": levels,
            "items": items, "order": order, "pos": {iid: k for k, iid in enumerate(order)}}


def hierarchy(labels, count):
    return [("/".join(labels[c:]) if c == count - 1 else (labels[c] if c < len(labels) else "")) for c in range(count)]


def main():
    workspace, out = sys.argv[1], sys.argv[2]
    catalogs = {c["id"]: c for c in map(load_catalog, sorted(glob.glob(os.path.join(workspace, "Catalogs", "*.xml"))))}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    os.makedirs(out, exist_ok=True)
    for mapping_path in sorted(glob.glob(os.path.join(workspace, "Mappings", "*.yaml"))):
        with open(mapping_path, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=loader)
        header = doc["mapping"]
        source = catalogs[header["source"]]
        targets = [catalogs[t] for t in header["targets"]]
        entries = {str(e["item"]): e for e in doc["entries"]}
        groups = [("業界セキュリティガイドラインの記載項目（%s）" % source["short"], source["levels"] + ["記載内容", "レベル"])]
        groups += [(t["short"], ["項目"] + t["levels"] + ["記載内容", "関係"]) for t in targets]
        groups.append(("業界サンプル規程への反映案", ["反映案", "反映先", "備考"]))
        rows = [sum(([title] + [""] * (len(cols) - 1) for title, cols in groups), []),
                sum((cols for _, cols in groups), [])]
        for iid in source["order"]:
            item = source["items"][iid]
            entry = entries.get(iid)
            if not item["leaf"] and entry is None:
                continue
            row = hierarchy(item["labels"], len(source["levels"])) + [item["text"], item["level"]]
            for t in targets:
                width = len(t["levels"]) + 3
                if entry is None:
                    row += ["（未突合）"] * width
                    continue
                links = [l for l in entry.get("targets") or []
                         if ":" in l["ref"] and l["ref"].split(":", 1)[0] == t["id"] and l["relationship"] != "no-relationship"]
                if not links:
                    row += ["#N/A"] * width
                    continue
                links.sort(key=lambda l: t["pos"].get(l["ref"].split(":", 1)[1], len(t["pos"])))
                columns = [[] for _ in range(width)]
                for l in links:
                    tid = l["ref"].split(":", 1)[1]
                    target = t["items"].get(tid, {"labels": [], "text": ""})
                    columns[0].append("/".join(target["labels"]))
                    for k, cell in enumerate(hierarchy(target["labels"], len(t["levels"]))):
                        columns[1 + k].append(cell)
                    columns[-2].append(target["text"])
                    details = [str(x) for x in (l.get("rationale"), l.get("strength")) if x is not None]
                    columns[-1].append(l["relationship"] + (f" ({', '.join(details)})" if details else ""))
                row += ["\n".join(c) for c in columns]
            row += (["（未突合）", "", ""] if entry is None else [entry.get("proposal", ""), "", entry.get("note", "")])
            rows.append(row)
        name = os.path.join(out, header["id"])
        with open(name + ".csv", "w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f, lineterminator="\r\n").writerows(rows)
        if "--no-xlsx" not in sys.argv:
            from openpyxl import Workbook
            book = Workbook()
            sheet = book.active
            sheet.title = "突合表"
            for row in rows:
                sheet.append(row)
            book.save(name + ".xlsx")


if __name__ == "__main__":
    main()
