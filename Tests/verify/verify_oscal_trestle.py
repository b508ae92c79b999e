#!/usr/bin/env python3
"""Loads OSCAL documents with compliance-trestle's models (its pydantic classes for OSCAL 1.2.1),
as an OSCAL tool's users do: each `*.catalog.oscal.json|xml` as a Catalog and each
`*.mapping.oscal.json|xml` as a MappingCollection, through `oscal_read` (trestle reads JSON and
YAML; for an XML document the JSON file of the same name beside it stands for it, since the XML
is made from it and `totsugo validate` reads both).

Usage: verify_oscal_trestle.py FOLDER   (run with the python of a venv holding
compliance-trestle==5.2.0; exit 0: all loaded, 1: some did not)
"""
import os
import pathlib
import sys

from trestle.oscal.catalog import Catalog
from trestle.oscal.mapping import MappingCollection

folder = pathlib.Path(sys.argv[1])
files = sorted(p for p in folder.iterdir() if p.name.endswith(".oscal.json"))
if not files:
    sys.exit(f"no *.oscal.json in {folder}")
failed = 0
for path in files:
    model = MappingCollection if path.name.endswith(".mapping.oscal.json") else Catalog
    try:
        document = model.oscal_read(path)
    except Exception as error:  # trestle raises its own and pydantic's errors
        failed += 1
        print(f"{path}: not loaded by trestle: {str(error)[:1500]}")
        continue
    if model is MappingCollection:
        maps = sum(len(m.maps) for m in document.mappings)
        print(f"{path.name}: MappingCollection, {len(document.mappings)} mappings, {maps} maps")
    else:
        controls = 0
        stack = list(document.groups or []) + list(document.controls or [])
        while stack:
            node = stack.pop()
            if type(node).__name__ == "Control":
                controls += 1
            stack.extend(list(getattr(node, "groups", None) or []) + list(getattr(node, "controls", None) or []))
        print(f"{path.name}: Catalog, {controls} controls")
print(f"{len(files) - failed} of {len(files)} loaded by compliance-trestle")
sys.exit(1 if failed else 0)
