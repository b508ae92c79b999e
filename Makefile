# totsugo — `make` sets up what is missing, builds, and compiles Catalogs/ + Mappings/ into Output/.
#           `make test` runs the whole test suite.
SWIFT       ?= swift
RELEASE_BIN  = $(shell $(SWIFT) build -c release --show-bin-path)/totsugo
DEBUG_BIN    = $(shell $(SWIFT) build --show-bin-path)/totsugo
# The binary the output, check and verify targets run; CI passes the debug one it already built.
BIN         ?= $(RELEASE_BIN)
OUT         ?= Output
# Release builds let ZIPFoundation use zlib's CRC-32 instead of its Swift one (Support/zlib.modulemap;
# same bytes, ≈0.5 s less per 200 MB of workbook parts). Any other build works without it.
ZLIB_MODULE  = $(if $(wildcard /usr/include/zlib.h),-Xswiftc -Xcc -Xswiftc -fmodule-map-file=$(CURDIR)/Support/zlib.modulemap)

.PHONY: all deps build output compile output-fresh test check validate verify verify-outputs \
        verify-regulation verify-oscal bench bench-html fuzz clean

all: output

# Installs Debian packages that are missing (as root), or prints the command to run.
# Usage: $(call need,pkg1 pkg2 …)
define need
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "missing system packages; run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
endef

deps:
	$(call need,libxml2-dev pkg-config)

build: deps
	$(SWIFT) build -c release --product totsugo $(ZLIB_MODULE)

output: build
	$(MAKE) --no-print-directory compile BIN=$(RELEASE_BIN) OUT=Output

# Everything Output/ holds, from the shipped Catalogs/ and Mappings/: the 突合表 per mapping
# (csv, md, xlsx, html) and of each industry guideline against ISO/IEC 27002 through 付録5 (chains), the industry sample regulations (docx, md, html), the coverage report
# of every mapping against totsugo-check.yaml (md, json; written even when a threshold fails,
# which `make check` reports), and the example diff of the 日建連 2019 and 2023 editions (md,
# html) with its stale-mapping report.
compile:
	$(BIN) build --catalogs Catalogs --mappings Mappings --out $(OUT) --format csv,md,xlsx,html \
	  --chain jama-japia+ipa-appendix5-iso27002 --chain nikkenren-2023+ipa-appendix5-iso27002
	$(BIN) regulation --catalogs Catalogs --mappings Mappings --out $(OUT) --format docx,md,html
	$(BIN) regulation --catalogs Catalogs --mappings Mappings --out $(OUT) --format docx,md,html --profile ransomware
	$(BIN) check --catalogs Catalogs --mappings Mappings --out $(OUT)/coverage.md || [ $$? -eq 1 ]
	$(BIN) check --catalogs Catalogs --mappings Mappings --out $(OUT)/coverage.json || [ $$? -eq 1 ]
	$(BIN) diff Catalogs/nikkenren-2019.txt Catalogs/nikkenren-2023.txt --mappings Mappings --out $(OUT)/nikkenren-2019-2023.diff.md
	$(BIN) diff Catalogs/nikkenren-2019.txt Catalogs/nikkenren-2023.txt --mappings Mappings --out $(OUT)/nikkenren-2019-2023.diff.html

# Fails when the committed Output/ is not what the current inputs and code produce
# (byte for byte: this is also the determinism check across machines).
output-fresh:
	rm -rf .output-fresh
	$(MAKE) --no-print-directory compile OUT=.output-fresh > /dev/null
	diff -r Output .output-fresh && echo "Output/ is up to date"
	rm -rf .output-fresh

# Build once (debug, with tests), test once.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# CI coverage gate over the shipped Catalogs/ and Mappings/ (thresholds: totsugo-check.yaml).
check:
	$(BIN) check --config totsugo-check.yaml

validate:
	$(BIN) validate Catalogs Mappings
	$(BIN) validate Catalogs Profiles

# Looks at the outputs as a user would (both need the Debian tools; installed when root):
verify: verify-outputs verify-regulation

# The 突合表: every mapping as .xlsx and .html into verify/outputs/, the workbooks through
# headless LibreOffice to PDF and PNG pages, the HTML as headless Chromium screenshots (and its
# filter script run from file://), then openpyxl checks (Tests/verify/verify_outputs.py).
verify-outputs: deps
	$(call need,python3-openpyxl libreoffice-calc-nogui poppler-utils chromium fonts-noto-cjk)
	rm -rf verify/outputs && mkdir -p verify/outputs/files
	$(BIN) build --catalogs Catalogs --mappings Mappings --out verify/outputs/files --format xlsx,html
	/usr/bin/python3 Tests/verify/verify_outputs.py verify/outputs/files verify/outputs

# OSCAL as its tools see it (issue 18): the shipped data exported as JSON and XML into
# verify/oscal/, the JSON checked against the OSCAL 1.2.2 JSON Schemas, the XML against the XSDs
# (Tests/Fixtures/oscal/schema/README.md), both read back by `totsugo validate`, and every JSON
# document loaded with compliance-trestle 5.2.0's models (a venv in verify/trestle-venv, from
# PyPI: without a network that step says so and fails).
TRESTLE_VERIFY_VENV ?= verify/trestle-venv
verify-oscal: deps
	$(call need,python3-jsonschema python3-regex python3-venv libxml2-utils)
	rm -rf verify/oscal && mkdir -p verify/oscal
	$(BIN) export oscal --catalogs Catalogs --mappings Mappings --out verify/oscal --format json,xml --date 2026-11-30
	/usr/bin/python3 Tests/verify/verify_oscal_schema.py verify/oscal/*.json
	/usr/bin/python3 Tests/verify/verify_oscal_xsd.py verify/oscal/*.xml
	$(BIN) validate verify/oscal/*.json
	$(BIN) validate verify/oscal/*.xml
	[ -x $(TRESTLE_VERIFY_VENV)/bin/python ] || { /usr/bin/python3 -m venv $(TRESTLE_VERIFY_VENV) && \
	  $(TRESTLE_VERIFY_VENV)/bin/pip install -q compliance-trestle==5.2.0; }
	$(TRESTLE_VERIFY_VENV)/bin/python Tests/verify/verify_oscal_trestle.py verify/oscal

# The sample regulations (real data and the fixture's variants): .docx read back with
# python-docx (Tests/verify/verify_regulation_docx.py), then PDF (headless LibreOffice) → PNG
# pages in verify/regulation/.
REG_FIXTURE := Tests/Fixtures/regulation
verify-regulation: deps
	$(call need,libreoffice-writer-nogui fonts-noto-cjk poppler-utils python3-docx)
	rm -rf verify/regulation && mkdir -p verify/regulation
	$(BIN) regulation --catalogs Catalogs --mappings Mappings --out verify/regulation --format docx,md,html
	$(BIN) regulation --catalogs $(REG_FIXTURE)/Catalogs --mappings $(REG_FIXTURE)/Mappings --base fixture-base \
	  --out verify/regulation --format docx --date 2024-06-01
	$(BIN) regulation --catalogs $(REG_FIXTURE)/Catalogs --mappings $(REG_FIXTURE)/Mappings --base fixture-base \
	  --out verify/regulation --format docx --level 1 --split management,technical
	mkdir -p verify/regulation/inline
	$(BIN) regulation --catalogs $(REG_FIXTURE)/Catalogs --mappings $(REG_FIXTURE)/Mappings --base fixture-base \
	  --out verify/regulation/inline --format docx --annotations inline --toc-field --date 2024-06-01
	/usr/bin/python3 Tests/verify/verify_regulation_docx.py verify/regulation/*.docx verify/regulation/inline/*.docx
	soffice --headless --norestore -env:UserInstallation=file://$(CURDIR)/verify/lo-profile \
	  --convert-to pdf --outdir verify/regulation verify/regulation/*.docx
	for pdf in verify/regulation/*.pdf; do pdftoppm -r 70 -png "$$pdf" "$${pdf%.pdf}"; done
	@ls verify/regulation/*.png | sed 's/^/page: /'

# Benchmarks (issue 7): synthetic workspaces at 1k/10k/100k/1M items under BENCH_DIR (never
# committed), totsugo build vs xmllint --stream vs the Python baseline; then (issue 15) `totsugo
# import catalog` of a BENCH_IMPORT_ROWS-row check sheet (xlsx, its LibreOffice resave, CP932 CSV)
# vs openpyxl's read-only reader / Python's csv module; up to 100k (issue 19) the default build,
# each format alone and the HTML report in headless Chromium (Benchmarks/html_probe.py); then the
# importers and exporters against their peers (Benchmarks/bench_exchange.py: compliance-trestle,
# python-docx, openpyxl) and `regulation` on 1k/10k provisions; writes BENCHMARKS.md.
# `make bench BENCH_IMPORT_ONLY=1` runs the import part alone (its section of BENCHMARKS.md replaced).
BENCH_SIZES ?= 1000 10000 100000 1000000
BENCH_DIR   ?= /tmp/totsugo-bench
# The exchange part's peer compliance-trestle 5.2.0 goes into a venv under BENCH_DIR (from PyPI;
# without a network its rows say "not installed").
TRESTLE_VENV ?= $(BENCH_DIR)/trestle-venv
bench: build
	$(call need,time hyperfine libxml2-utils python3-yaml python3-openpyxl python3-docx python3-venv chromium fonts-noto-cjk)
	@[ -x $(TRESTLE_VENV)/bin/trestle ] || { /usr/bin/python3 -m venv $(TRESTLE_VENV) && \
	  $(TRESTLE_VENV)/bin/pip install -q compliance-trestle==5.2.0; } || echo "compliance-trestle not installed: its rows will say so"
	TOTSUGO=$(RELEASE_BIN) BENCH_SIZES="$(BENCH_SIZES)" BENCH_DIR=$(BENCH_DIR) BENCH_TRESTLE_PYTHON=$(TRESTLE_VENV)/bin/python \
	  /usr/bin/python3 Benchmarks/bench.py

# The HTML report at 100k alone (issue 19): `build --format html` timed, then the report opened in
# headless Chromium (Benchmarks/html_probe.py: first rows, data ready, a search answered).
bench-html: build
	$(call need,time chromium fonts-noto-cjk)
	@/usr/bin/python3 -c "import sys; sys.path.insert(0, 'Benchmarks'); import generate; \
	  sys.exit(0 if generate.is_current('$(BENCH_DIR)', 100000) else 1)" || /usr/bin/python3 Benchmarks/generate.py $(BENCH_DIR) 100000
	rm -rf $(BENCH_DIR)/100000/out-html
	/usr/bin/time -f "build --format html: %e s, %M KiB peak RSS" $(RELEASE_BIN) build --catalogs $(BENCH_DIR)/100000/xml/Catalogs \
	  --mappings $(BENCH_DIR)/100000/xml/Mappings --out $(BENCH_DIR)/100000/out-html --format html
	/usr/bin/python3 Benchmarks/html_probe.py $(BENCH_DIR)/100000/out-html/bench.html

# Fuzzing (issue 7): libFuzzer + AddressSanitizer over the catalog XML, structured-text,
# mapping YAML and OSCAL JSON parsers, FUZZ_SECONDS each. Seeds: Fuzz/corpus/<target> (committed); new inputs
# go to .build-fuzz/corpus, crashes to .build-fuzz/artifacts. Reproduce a crash with
#   swift run totsugo-fuzz xml|text|yaml|json|oscalxml FILE
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= xml text yaml json oscalxml
fuzz: deps
	$(SWIFT) build -c debug --scratch-path .build-fuzz --product totsugo-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/corpus/$$t .build-fuzz/artifacts; \
	  dict=""; [ -f Fuzz/$$t.dict ] && dict="-dict=Fuzz/$$t.dict"; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  TOTSUGO_FUZZ_TARGET=$$t nice -n 19 .build-fuzz/debug/totsugo-fuzz .build-fuzz/corpus/$$t Fuzz/corpus/$$t $$dict \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=.build-fuzz/artifacts/$$t- -print_final_stats=1 || exit 1; \
	done

clean:
	rm -rf .build .output-fresh
