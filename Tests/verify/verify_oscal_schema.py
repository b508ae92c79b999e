#!/usr/bin/env python3
"""Validates OSCAL JSON documents against the OSCAL 1.2.2 JSON Schemas in
Tests/Fixtures/oscal/schema/ (their README says where they come from).

Usage: verify_oscal_schema.py FILE...   (exit 0: all valid; 1: some invalid; 2: cannot run)

The schemas' patterns use \\p{L} and \\p{N} (ECMA-262 with Unicode), which Python's `re`
does not know: `pattern` is checked with the `regex` module instead (Debian python3-regex).
Draft 7, as the schemas declare.
"""
import json
import os
import sys

try:
    import jsonschema
    import regex
except ImportError as error:
    print(f"cannot validate: {error} (install python3-jsonschema and python3-regex)", file=sys.stderr)
    sys.exit(2)

# `pattern` and `patternProperties` through the regex module: the module holding them is
# _validators in jsonschema 4.10 (Debian bookworm), _keywords from 4.18 on.
patched = False
for name in ("_keywords", "_validators"):
    try:
        module = __import__(f"jsonschema.{name}", fromlist=["re"])
    except ImportError:
        continue
    if hasattr(module, "re"):
        module.re = regex
        patched = True
if not patched:
    print("cannot validate: this jsonschema has no module to give the regex module to", file=sys.stderr)
    sys.exit(2)

here = os.path.dirname(os.path.abspath(__file__))
schema_dir = os.path.join(here, "..", "Fixtures", "oscal", "schema")
schemas = {}
for model in ("catalog", "mapping"):
    with open(os.path.join(schema_dir, f"oscal_{model}_schema.json"), encoding="utf-8") as f:
        schemas[model] = json.load(f)

invalid = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    model = "catalog" if "catalog" in document else "mapping"
    validator = jsonschema.Draft7Validator(schemas[model])
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for error in errors[:10]:
        where = "/".join(str(p) for p in error.absolute_path)
        print(f"{path}: /{where}: {error.message[:300]}")
    if errors:
        invalid += 1
        print(f"invalid ({len(errors)} errors): {path}")
    else:
        print(f"valid OSCAL {model}: {path}")
sys.exit(1 if invalid else 0)
